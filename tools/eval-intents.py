#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Intent accuracy of the local parser on SLURP's CRM requests.

Runs `smart-crm --parse -` once over every line of the corpus (one process,
so it is quick) and compares the intent with SLURP's label, mapped onto ours:

    calendar_set -> schedule_meeting      calendar_query -> find_meetings
    calendar_remove -> cancel_meeting     email_addcontact -> add_contact
    email_querycontact -> find_contact

Prints accuracy for SLURP's devel and test splits and for both, then a
confusion summary (expected -> predicted, counts). `--failures` lists every
miss. The weights of the parser were tuned on devel only: test is the honest
number.

Usage: tools/eval-intents.py BUILD/src/smart-crm [--corpus FILE] [--failures]
                             [--split devel|test]
"""

import argparse
import collections
import json
import os
import signal
import subprocess
import sys

MAPPING = {
    "calendar_set": "schedule_meeting",
    "calendar_query": "find_meetings",
    "calendar_remove": "cancel_meeting",
    "email_addcontact": "add_contact",
    "email_querycontact": "find_contact",
}

# A fixed "now", so relative dates resolve the same on every run.
NOW = "2025-05-21T10:00:00"


def default_corpus():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        os.environ.get("SMART_CRM_CORPORA", ""),
        os.path.join(here, "..", "..", "shared", "corpora"),
        "/work/shared/corpora",
    ]
    for c in candidates:
        path = os.path.join(c, "slurp-crm.jsonl")
        if c and os.path.exists(path):
            return path
    return os.path.join(candidates[-1], "slurp-crm.jsonl")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_all(binary, texts):
    # One text per line: SLURP text has no newlines, but be safe.
    data = "".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in texts)
    env = dict(os.environ, LANG="C.UTF-8", TZ=os.environ.get("TZ", "UTC"))
    out = subprocess.run([binary, "--now", NOW, "--parse", "-"], input=data.encode("utf-8"),
                         stdout=subprocess.PIPE, env=env, check=True).stdout.decode("utf-8")
    lines = out.splitlines()
    if len(lines) != len(texts):
        sys.exit(f"expected {len(texts)} lines of output, got {len(lines)}")
    return [json.loads(line) for line in lines]


def accuracy(rows):
    if not rows:
        return 0.0, 0, 0
    good = sum(1 for r in rows if r["expected"] == r["predicted"])
    return 100.0 * good / len(rows), good, len(rows)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under `| head`
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="path to the built smart-crm")
    ap.add_argument("--corpus", default=default_corpus())
    ap.add_argument("--failures", action="store_true", help="list every miss")
    ap.add_argument("--split", choices=["devel", "test"], help="only this split in the lists")
    args = ap.parse_args()

    records = load(args.corpus)
    parsed = parse_all(args.binary, [r["text"] for r in records])
    rows = []
    for rec, res in zip(records, parsed):
        rows.append({
            "split": rec["split"],
            "text": rec["text"],
            "expected": MAPPING[rec["intent"]],
            "predicted": res["intent"],
            "confidence": res.get("confidence", 0.0),
        })

    for name in ("devel", "test"):
        pct, good, n = accuracy([r for r in rows if r["split"] == name])
        print(f"{name:6} {pct:6.2f}%  ({good}/{n})")
    pct, good, n = accuracy(rows)
    print(f"{'all':6} {pct:6.2f}%  ({good}/{n})")

    shown = [r for r in rows if not args.split or r["split"] == args.split]
    print("\nper intent (expected: correct/total):")
    by_intent = collections.defaultdict(list)
    for r in shown:
        by_intent[r["expected"]].append(r)
    for intent in sorted(by_intent):
        pct, good, n = accuracy(by_intent[intent])
        print(f"  {intent:20} {good:4}/{n:<4} {pct:6.2f}%")

    confusion = collections.Counter((r["expected"], r["predicted"]) for r in shown
                                    if r["expected"] != r["predicted"])
    print("\nconfusions (expected -> predicted):")
    for (exp, pred), count in confusion.most_common():
        print(f"  {count:4}  {exp} -> {pred}")

    if args.failures:
        print("\nfailures:")
        for r in shown:
            if r["expected"] != r["predicted"]:
                print(f"  [{r['split']}] {r['expected']} -> {r['predicted']} ({r['confidence']:.2f}): {r['text']}")


if __name__ == "__main__":
    main()
