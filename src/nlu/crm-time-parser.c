/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-parser.h"

/* Placeholder until the real parser lands: recognises nothing. */

void
crm_time_match_clear (CrmTimeMatch *match)
{
  g_clear_pointer (&match->start, g_date_time_unref);
  g_clear_pointer (&match->end, g_date_time_unref);
}

GArray *
crm_time_parser_find_all (const char        *text,
                          GDateTime         *now,
                          CrmTimeParseFlags  flags)
{
  GArray *matches = g_array_new (FALSE, TRUE, sizeof (CrmTimeMatch));

  g_array_set_clear_func (matches, (GDestroyNotify) crm_time_match_clear);
  return matches;
}

gboolean
crm_time_parser_parse (const char        *text,
                       GDateTime         *now,
                       CrmTimeParseFlags  flags,
                       CrmTimeMatch      *match)
{
  memset (match, 0, sizeof *match);
  return FALSE;
}

const char *
crm_grain_to_string (CrmGrain grain)
{
  static const char * const names[] = {
    "second", "minute", "hour", "day", "week", "month", "quarter", "year",
  };

  g_return_val_if_fail (grain <= CRM_GRAIN_YEAR, "day");
  return names[grain];
}
