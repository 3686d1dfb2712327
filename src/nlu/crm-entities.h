/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-tokenizer.h"

G_BEGIN_DECLS

/* Token ranges are [first, last), token indices. A reader returns the index
 * after what it read, or its start when nothing was there. */

typedef struct
{
  guint first;
  guint last;
  int minutes;
} CrmDuration;

/* Finds and marks (CRM_MARK_DURATION) every duration: "30 minute",
 * "for 2 hours", "half an hour", "an hour and a half", "90-min". Relative
 * times ("in 2 hours") are not durations. Returns the first one. */
gboolean crm_entities_find_duration (CrmTokens   *toks,
                                     CrmDuration *duration);

/* A word that may be part of a person's name. */
gboolean crm_entities_is_nameable   (const CrmTokens *toks,
                                     guint            i);

/* A person's name starting at I (honorifics skipped: *FIRST is where the
 * name itself starts). */
guint    crm_entities_read_name     (const CrmTokens *toks,
                                     guint            i,
                                     guint           *first);

/* Names separated by ",", "and", "&": "Sam, Priya and Joan". Each name's
 * range is appended to FIRSTS/LASTS (guint arrays). */
guint    crm_entities_read_names    (const CrmTokens *toks,
                                     guint            i,
                                     GArray          *firsts,
                                     GArray          *lasts);

/* A company name: "Acme Corp", "Globex", "Johnson & Johnson". */
guint    crm_entities_read_company  (const CrmTokens *toks,
                                     guint            i);

/* A place: "Café Rouge", "Room 4B", "the conference room", "Joe's". */
guint    crm_entities_read_location (const CrmTokens *toks,
                                     guint            i,
                                     guint           *first);

/* What a meeting is about: from I to the next time, person, place or
 * clause boundary. */
guint    crm_entities_read_topic    (const CrmTokens *toks,
                                     guint            i);

/* A job title around a head word ("Senior Product Manager", "VP of
 * Engineering", "CTO") found in [FROM, TO). */
gboolean crm_entities_find_job_title (const CrmTokens *toks,
                                      guint            from,
                                      guint            to,
                                      guint           *first,
                                      guint           *last);

/* The kind of meeting, with its modifiers: "budget review", "team lunch",
 * "sync". Found in [FROM, TO); generic words ("meeting") only if
 * ALLOW_GENERIC. */
gboolean crm_entities_find_event    (const CrmTokens *toks,
                                     guint            from,
                                     guint            to,
                                     gboolean         allow_generic,
                                     guint           *first,
                                     guint           *last);

G_END_DECLS
