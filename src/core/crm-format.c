/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
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

/* ---- recurrence rules (RFC 5545 RRULE) in words ---- */

typedef struct
{
  const char *freq;
  guint interval;
  guint count;
  const char *until;
  const char *by_day;
  const char *by_month_day;
  const char *by_month;
} Rule;

static gboolean
parse_rule (char  *text,
            Rule  *rule)
{
  char *save = NULL;

  *rule = (Rule) { NULL, 1, 0, NULL, NULL, NULL, NULL };
  for (char *part = strtok_r (text, ";", &save); part; part = strtok_r (NULL, ";", &save))
    {
      char *value = strchr (part, '=');

      if (value == NULL)
        return FALSE;
      *value++ = '\0';
      if (g_ascii_strcasecmp (part, "FREQ") == 0)
        rule->freq = value;
      else if (g_ascii_strcasecmp (part, "INTERVAL") == 0)
        rule->interval = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_ascii_strcasecmp (part, "COUNT") == 0)
        rule->count = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_ascii_strcasecmp (part, "UNTIL") == 0)
        rule->until = value;
      else if (g_ascii_strcasecmp (part, "BYDAY") == 0)
        rule->by_day = value;
      else if (g_ascii_strcasecmp (part, "BYMONTHDAY") == 0)
        rule->by_month_day = value;
      else if (g_ascii_strcasecmp (part, "BYMONTH") == 0)
        rule->by_month = value;
      else if (g_ascii_strcasecmp (part, "WKST") != 0)
        return FALSE;   /* BYSETPOS, BYHOUR…: said as the rule itself */
    }
  return rule->freq != NULL && rule->interval > 0;
}

static char *
every (const char *freq,
       guint       n)
{
  static const struct { const char *freq; const char *one; const char *many; } units[] = {
    { "SECONDLY", N_("every second"), N_("every %u seconds") },
    { "MINUTELY", N_("every minute"), N_("every %u minutes") },
    { "HOURLY", N_("every hour"), N_("every %u hours") },
    { "DAILY", N_("every day"), N_("every %u days") },
    { "WEEKLY", N_("every week"), N_("every %u weeks") },
    { "MONTHLY", N_("every month"), N_("every %u months") },
    { "YEARLY", N_("every year"), N_("every %u years") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strcasecmp (freq, units[i].freq) == 0)
      return n == 1 ? g_strdup (_(units[i].one)) : g_strdup_printf (_(units[i].many), n);
  return NULL;
}

/* "a", "a and b", "a, b and c" */
static char *
join_words (GPtrArray *words)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == words->len ? _(" and ") : ", ");
      g_string_append (out, g_ptr_array_index (words, i));
    }
  return g_string_free (out, FALSE);
}

static char *
day_word (const char *item)
{
  static const char * const codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
  static const char * const names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                                        N_("Friday"), N_("Saturday"), N_("Sunday") };
  static const char * const ordinals[] = { N_("the first %s"), N_("the second %s"), N_("the third %s"),
                                           N_("the fourth %s"), N_("the fifth %s") };
  char *code = NULL;
  gint64 n = g_ascii_strtoll (item, &code, 10);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      if (g_ascii_strcasecmp (code, codes[i]) != 0)
        continue;
      if (n == 0)
        return g_strdup (_(names[i]));
      if (n == -1)
        return g_strdup_printf (_("the last %s"), _(names[i]));
      if (n >= 1 && n <= 5)
        return g_strdup_printf (_(ordinals[n - 1]), _(names[i]));
      return NULL;
    }
  return NULL;
}

static char *
month_word (const char *item)
{
  static const char * const names[] = { N_("January"), N_("February"), N_("March"), N_("April"),
                                        N_("May"), N_("June"), N_("July"), N_("August"),
                                        N_("September"), N_("October"), N_("November"), N_("December") };
  gint64 n = g_ascii_strtoll (item, NULL, 10);

  return n >= 1 && n <= 12 ? g_strdup (_(names[n - 1])) : NULL;
}

/* A comma-separated list, each item in words; NULL if one is not. */
static char *
list_words (const char  *list,
            char      *(*word) (const char *))
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items[i]; i++)
    {
      char *w = word (items[i]);

      if (w == NULL)
        return NULL;
      g_ptr_array_add (words, w);
    }
  return words->len ? join_words (words) : NULL;
}

static char *
month_day_number (const char *item)
{
  gint64 n = g_ascii_strtoll (item, NULL, 10);

  return n >= 1 && n <= 31 ? g_strdup_printf ("%" G_GINT64_FORMAT, n) : NULL;
}

static char *
month_day_word (const char *item)
{
  gint64 n = g_ascii_strtoll (item, NULL, 10);

  if (n == -1)
    return g_strdup (_("the last day"));
  return n >= 1 && n <= 31 ? g_strdup_printf (_("day %" G_GINT64_FORMAT), n) : NULL;
}

/* "on day 15", "on days 1 and 15", "on day 1 and the last day" */
static char *
month_days_words (const char *list)
{
  g_autofree char *numbers = list_words (list, month_day_number);

  if (numbers)
    return g_strdup_printf (strchr (list, ',') ? _(" on days %s") : _(" on day %s"), numbers);
  numbers = list_words (list, month_day_word);
  return numbers ? g_strdup_printf (_(" on %s"), numbers) : NULL;
}

static char *
until_words (const char *until)
{
  int y, mo, d, h = 0, mi = 0, s = 0;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (sscanf (until, "%4d%2d%2dT%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) < 3)
    return NULL;
  /* A date alone is a day wherever you are; a time with Z is UTC. */
  time = strchr (until, 'Z') ? g_date_time_new_utc (y, mo, d, h, mi, s)
                             : g_date_time_new_local (y, mo, d, h, mi, s);
  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  /* Translators: the last day of a repeating event; see g_date_time_format() */
  return g_date_time_format (local, _("%a, %b %-d, %Y"));
}

/**
 * crm_format_recurrence:
 * @rrule: (nullable): an RFC 5545 RRULE value, "FREQ=WEEKLY;BYDAY=MO"
 *
 * Returns: (nullable): "Repeats every week on Monday", or the rule itself
 * ("Repeats (FREQ=…)") for what it cannot say; NULL for no rule
 */
char *
crm_format_recurrence (const char *rrule)
{
  g_autofree char *copy = NULL, *unit = NULL;
  g_autofree char *days = NULL, *month_days = NULL, *months = NULL, *until = NULL;
  g_autoptr(GString) out = NULL;
  Rule rule;

  if (rrule == NULL || *rrule == '\0')
    return NULL;
  copy = g_strdup (rrule);
  if (!parse_rule (copy, &rule) || !(unit = every (rule.freq, rule.interval)) ||
      (rule.by_day && !(days = list_words (rule.by_day, day_word))) ||
      (rule.by_month_day && !(month_days = month_days_words (rule.by_month_day))) ||
      (rule.by_month && !(months = list_words (rule.by_month, month_word))) ||
      (rule.until && !(until = until_words (rule.until))))
    return g_strdup_printf (_("Repeats (%s)"), rrule);

  out = g_string_new (NULL);
  g_string_append_printf (out, _("Repeats %s"), unit);
  if (days)
    g_string_append_printf (out, _(" on %s"), days);
  if (month_days)
    g_string_append (out, month_days);
  if (months)
    g_string_append_printf (out, _(" in %s"), months);
  if (rule.count)
    g_string_append_printf (out, ngettext (", %u time", ", %u times", rule.count), rule.count);
  if (until)
    g_string_append_printf (out, _(", until %s"), until);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
