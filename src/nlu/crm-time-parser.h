/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The unit a time expression names, as in Duckling: "3pm" is an hour,
 * "June 3rd" a day, "next week" a week. */
typedef enum
{
  CRM_GRAIN_SECOND,
  CRM_GRAIN_MINUTE,
  CRM_GRAIN_HOUR,
  CRM_GRAIN_DAY,
  CRM_GRAIN_WEEK,
  CRM_GRAIN_MONTH,
  CRM_GRAIN_QUARTER,
  CRM_GRAIN_YEAR,
} CrmGrain;

typedef enum
{
  CRM_TIME_INSTANT,     /* start only */
  CRM_TIME_INTERVAL,    /* start and end */
  CRM_TIME_OPEN_AFTER,  /* "since 2pm", "after friday": start only */
  CRM_TIME_OPEN_BEFORE, /* "until 2pm", "before 11 am": end only */
} CrmTimeKind;

typedef enum
{
  CRM_TIME_PARSE_DEFAULT = 0,
  /* Command conventions of interfaces.md: a bare hour 1-7 with no am/pm is
   * afternoon, 8-11 morning. Without it a bare hour is its next occurrence,
   * as in Duckling. */
  CRM_TIME_PARSE_COMMAND = 1 << 0,
} CrmTimeParseFlags;

typedef struct
{
  guint span_start;     /* byte offsets of the expression in the text */
  guint span_end;       /* exclusive */
  CrmTimeKind kind;
  CrmGrain grain;
  GDateTime *start;     /* local time; NULL for CRM_TIME_OPEN_BEFORE */
  GDateTime *end;       /* last moment named ("3-4pm" → 16:00); NULL for instants */
  gboolean has_date;    /* a day was named (or implied by a weekday, "tomorrow"…) */
  gboolean has_time;    /* a time of day was named (hour or finer, or a part of day) */
} CrmTimeMatch;

void         crm_time_match_clear        (CrmTimeMatch      *match);

/* crm_time_parser_find_all: every time expression in TEXT, resolved against
 * NOW (local time). Returns (transfer full) a GArray of CrmTimeMatch, sorted
 * by span_start, spans not overlapping, with crm_time_match_clear set as its
 * clear function. Durations alone ("for 2 hours") are not times.
 *
 * crm_time_parser_parse: TEXT as one time expression (`--parse-time`): the
 * match that best covers the text. FALSE (and MATCH zeroed) when none. */

GArray      *crm_time_parser_find_all    (const char        *text,
                                          GDateTime         *now,
                                          CrmTimeParseFlags  flags);
gboolean     crm_time_parser_parse       (const char        *text,
                                          GDateTime         *now,
                                          CrmTimeParseFlags  flags,
                                          CrmTimeMatch      *match);
const char  *crm_grain_to_string         (CrmGrain           grain);

G_END_DECLS
