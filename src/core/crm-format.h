/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates and times as sentences show them, in local time and the user's
 * locale: "Wed, May 28 at 3:00 PM", "Wed, May 28, 3:00–4:00 PM". */
/* NOW (nullable: the clock) decides whether the year is worth showing. */
char *crm_format_when  (GDateTime *start,
                        gboolean   all_day,
                        GDateTime *now);
char *crm_format_span  (GDateTime *start,
                        GDateTime *end,
                        gboolean   all_day,
                        GDateTime *now);
char *crm_format_time  (GDateTime *time);
char *crm_format_recurrence (const char *rrule);

G_END_DECLS
