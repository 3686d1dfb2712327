/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-format.h"

char *
crm_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  /* Translators: a time of day; see g_date_time_format() */
  return g_date_time_format (local, _("%-I:%M %p"));
}

static char *
format_day (GDateTime *time,
            GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_local ();

  if (g_date_time_get_year (local) != g_date_time_get_year (clock))
    /* Translators: a day in another year; see g_date_time_format() */
    return g_date_time_format (local, _("%a, %b %-d, %Y"));
  /* Translators: a day; see g_date_time_format() */
  return g_date_time_format (local, _("%a, %b %-d"));
}

/**
 * crm_format_when:
 * Returns: (transfer full): "Wed, May 28 at 3:00 PM", or "Wed, May 28 (all day)"
 */
char *
crm_format_when (GDateTime *start,
                 gboolean   all_day,
                 GDateTime *now)
{
  g_autofree char *day = format_day (start, now);
  g_autofree char *time = NULL;

  if (all_day)
    return g_strdup_printf (_("%s (all day)"), day);
  time = crm_format_time (start);
  /* Translators: day, then time of day */
  return g_strdup_printf (_("%s at %s"), day, time);
}

/**
 * crm_format_span:
 * Returns: (transfer full): "Wed, May 28, 3:00–4:00 PM"
 */
char *
crm_format_span (GDateTime *start,
                 GDateTime *end,
                 gboolean   all_day,
                 GDateTime *now)
{
  g_autofree char *day = format_day (start, now);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GDateTime) local_start = g_date_time_to_local (start);
  g_autoptr(GDateTime) local_end = g_date_time_to_local (end);

  if (all_day)
    return g_strdup_printf (_("%s (all day)"), day);
  to = crm_format_time (end);
  if (strstr (_("%-I:%M %p"), "%p") &&
      g_date_time_get_hour (local_start) / 12 == g_date_time_get_hour (local_end) / 12 &&
      g_date_time_get_day_of_year (local_start) == g_date_time_get_day_of_year (local_end))
    /* Same half of the day: "3:00–4:00 PM" rather than "3:00 PM–4:00 PM". */
    from = g_date_time_format (local_start, "%-I:%M");
  else
    from = crm_format_time (start);
  return g_strdup_printf ("%s, %s–%s", day, from, to);
}
