#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure `smart-crm --parse-time` against Duckling's English time corpus.

Runs the binary once per (reference time, UTC offset) group over stdin, with
TZ set to a fixed POSIX offset, and compares:
  - instants: our start with `value`, both truncated to the line's grain;
  - intervals: our start with `from`, and our end with `to` minus one grain
    (Duckling's `to` is exclusive; ours is the last moment named);
  - open intervals (kind `other`): `after` compares our start with `from`,
    `before` compares our end with `to` (both name the boundary itself).
Sets reported:
  core     locale EN, not latent, no holiday, kinds instant+interval (713 lines)
  open     the same filter, kind `other` (13 lines), reported apart
  holiday  locale EN lines with a holiday
  us-cal   EN_US lines for holidays a calendar user names (Thanksgiving,
           Mother's/Father's Day, Memorial/Labor Day...); other regions differ
  negative duckling-time-en-negative.jsonl: must give start null
Usage: tools/eval-time.py [--binary PATH] [--corpora DIR] [--failures [SET]]
"""

import argparse
import collections
import datetime as dt
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GRAINS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"]
CALENDAR_HOLIDAYS = {
    "Thanksgiving Day", "Mother's Day", "Father's Day", "Labor Day", "Labour Day",
    "Memorial Day", "Independence Day", "President's Day", "Veterans Day",
    "Groundhog Day", "Tax Day", "Christmas", "New Year's Day", "New Year's Eve",
    "Valentine's Day", "Halloween", "Martin Luther King's Day", "Easter Sunday",
    "Black Friday", "Cyber Monday", "Mothering Sunday", "Boss's Day",
}


def parse_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S") if s else None


def truncate(t, grain):
    if t is None:
        return None
    if grain == "second":
        return t
    t = t.replace(second=0)
    if grain == "minute":
        return t
    t = t.replace(minute=0)
    if grain == "hour":
        return t
    t = t.replace(hour=0)
    if grain == "day":
        return t
    if grain == "week":
        return t - dt.timedelta(days=t.weekday())
    t = t.replace(day=1)
    if grain == "month":
        return t
    if grain == "quarter":
        return t.replace(month=(t.month - 1) // 3 * 3 + 1)
    return t.replace(month=1)


def minus_grain(t, grain):
    """`to` minus one grain: the start of the last unit inside the interval."""
    if grain in ("second", "minute", "hour", "day", "week"):
        delta = {"second": dt.timedelta(seconds=1), "minute": dt.timedelta(minutes=1),
                 "hour": dt.timedelta(hours=1), "day": dt.timedelta(days=1),
                 "week": dt.timedelta(weeks=1)}[grain]
        return t - delta
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    k = t.year * 12 + t.month - 1 - months
    return t.replace(year=k // 12, month=k % 12 + 1)


def posix_tz(offset_minutes):
    """A fixed POSIX zone: UTC-2 is "<-02>2" (POSIX signs are inverted)."""
    sign = "-" if offset_minutes < 0 else "+"
    m = abs(offset_minutes)
    name = "<%s%02d%02d>" % (sign, m // 60, m % 60)
    posix_sign = "" if offset_minutes < 0 else "-"
    return "%s%s%d:%02d" % (name, posix_sign, m // 60, m % 60)


def run_group(binary, ref, offset, texts):
    env = dict(os.environ, TZ=posix_tz(offset), LANG="C.UTF-8")
    env.pop("GEMINI_API_KEY", None)
    proc = subprocess.run([binary, "--offline", "--now", ref, "--parse-time", "-"],
                          input="\n".join(texts) + "\n", capture_output=True,
                          text=True, env=env, check=False)
    lines = proc.stdout.splitlines()
    if len(lines) != len(texts):
        sys.exit("parse-time gave %d lines for %d inputs (exit %d): %s"
                 % (len(lines), len(texts), proc.returncode, proc.stderr[:500]))
    return [json.loads(l) for l in lines]


def run_all(binary, records):
    groups = collections.defaultdict(list)
    for i, r in enumerate(records):
        groups[(r["ref"], r["tz_offset_minutes"])].append(i)
    out = [None] * len(records)
    for (ref, off), idx in groups.items():
        for i, got in zip(idx, run_group(binary, ref, off, [records[i]["text"] for i in idx])):
            out[i] = got
    return out


def check(rec, got):
    """(ok, expected, got) strings for one corpus line."""
    grain = rec.get("grain", "second")
    start, end = parse_ts(got.get("start")), parse_ts(got.get("end"))
    kind = rec["kind"]
    if kind == "none":
        return got.get("start") is None, "null", got.get("start")
    if kind == "instant":
        want = parse_ts(rec["value"])
        ok = start is not None and truncate(start, grain) == truncate(want, grain)
        return ok, rec["value"], got.get("start")
    if kind == "interval":
        want_s = parse_ts(rec["from"])
        want_e = minus_grain(parse_ts(rec["to"]), grain)
        ok = (start is not None and end is not None and
              truncate(start, grain) == truncate(want_s, grain) and
              truncate(end, grain) == truncate(want_e, grain))
        return ok, "%s..%s" % (rec["from"], want_e.isoformat()), \
            "%s..%s" % (got.get("start"), got.get("end"))
    # open intervals
    if rec.get("open_interval") == "after" or rec.get("to") is None:
        want = parse_ts(rec["from"])
        ok = start is not None and end is None and truncate(start, grain) == truncate(want, grain)
        return ok, "after " + rec["from"], "%s..%s" % (got.get("start"), got.get("end"))
    want = parse_ts(rec["to"])
    ok = start is None and end is not None and truncate(end, grain) == truncate(want, grain)
    return ok, "before " + rec["to"], "%s..%s" % (got.get("start"), got.get("end"))


def set_of(rec):
    if rec["kind"] == "none":
        return "negative"
    en = rec["locale"] == "EN"
    if en and not rec.get("latent") and "holiday" not in rec:
        return "open" if rec["kind"] == "other" else "core"
    if en and "holiday" in rec:
        return "holiday"
    if "holiday" in rec and rec["locale"] == "EN_US" and rec["holiday"] in CALENDAR_HOLIDAYS:
        return "us-cal"
    if rec.get("latent"):
        return "latent"
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build-time", "src", "smart-crm"))
    ap.add_argument("--corpora", default=os.environ.get("SMART_CRM_CORPORA") or
                    os.path.join(HERE, "..", "..", "shared", "corpora"))
    ap.add_argument("--failures", nargs="?", const="core", default=None,
                    help="list failures of a set (default core; 'all' for every set)")
    args = ap.parse_args()

    records = []
    for name in ("duckling-time-en.jsonl", "duckling-time-en-negative.jsonl"):
        with open(os.path.join(args.corpora, name), encoding="utf-8") as f:
            records += [json.loads(l) for l in f if l.strip()]
    results = run_all(args.binary, records)

    totals = collections.defaultdict(lambda: [0, 0])
    by_grain = collections.defaultdict(lambda: [0, 0])
    by_kind = collections.defaultdict(lambda: [0, 0])
    failures = []
    for rec, got in zip(records, results):
        s = set_of(rec)
        ok, want, have = check(rec, got)
        totals[s][0] += ok
        totals[s][1] += 1
        if s == "core":
            by_grain[rec["grain"]][0] += ok
            by_grain[rec["grain"]][1] += 1
            by_kind[rec["kind"]][0] += ok
            by_kind[rec["kind"]][1] += 1
        if not ok:
            failures.append((s, rec, want, have))

    def pct(a, b):
        return "%5.1f%% (%d/%d)" % (100.0 * a / b if b else 0, a, b)

    for s in ("core", "open", "holiday", "us-cal", "negative", "latent", "other"):
        if s in totals:
            print("%-9s %s" % (s, pct(*totals[s])))
    print("core by grain:")
    for g in GRAINS:
        if g in by_grain:
            print("  %-8s %s" % (g, pct(*by_grain[g])))
    print("core by kind:")
    for k, v in sorted(by_kind.items()):
        print("  %-8s %s" % (k, pct(*v)))
    if args.failures:
        print("\nfailures (%s):" % args.failures)
        for s, rec, want, have in failures:
            if args.failures in ("all", s):
                print("  [%s/%s/%s] %r\n      want %s\n      got  %s"
                      % (s, rec["kind"], rec.get("grain", "-"), rec["text"], want, have))


if __name__ == "__main__":
    main()
