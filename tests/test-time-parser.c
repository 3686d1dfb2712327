/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-time-parser"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crm-time-parser.h"

/* Table-driven tests of the time-expression parser: each form a command
 * uses, in both modes, with the conventions of interfaces.md. */

typedef struct
{
  const char *text;
  const char *start;   /* NULL: nothing recognised */
  const char *end;     /* NULL: no end */
  const char *grain;
} Case;

/* Wed 2025-05-21 10:00 (the example of interfaces.md) */
#define NOW_CMD "2025-05-21T10:00:00"
/* Tue 2013-02-12 04:30 (Duckling's reference time) */
#define NOW_DUCK "2013-02-12T04:30:00"

static GDateTime *
make_now (const char *iso,
          GTimeZone  *tz)
{
  int y, mo, d, h, mi, s;

  g_assert_cmpint (sscanf (iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s), ==, 6);
  return g_date_time_new (tz, y, mo, d, h, mi, s);
}

static char *
format_local (GDateTime *dt)
{
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : NULL;
}

static void
check_case (const Case        *c,
            GDateTime         *now,
            CrmTimeParseFlags  flags)
{
  CrmTimeMatch m;
  gboolean found = crm_time_parser_parse (c->text, now, flags, &m);
  g_autofree char *start = format_local (m.start);
  g_autofree char *end = format_local (m.end);

  g_test_message ("%s → %s .. %s", c->text, start ? start : "null", end ? end : "null");
  if (c->start == NULL)
    {
      g_assert_false (found && m.start);
      crm_time_match_clear (&m);
      return;
    }
  g_assert_true (found);
  g_assert_cmpstr (start, ==, c->start);
  g_assert_cmpstr (end, ==, c->end);
  if (c->grain)
    g_assert_cmpstr (crm_grain_to_string (m.grain), ==, c->grain);
  crm_time_match_clear (&m);
}

static void
run_table (const Case        *cases,
           gsize              n,
           const char        *now_iso,
           CrmTimeParseFlags  flags)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("UTC");
  g_autoptr(GDateTime) now = make_now (now_iso, tz);

  for (gsize i = 0; i < n; i++)
    check_case (&cases[i], now, flags);
}

/* ---------- command conventions ---------- */

static const Case command_cases[] = {
  { "today", "2025-05-21T00:00:00", NULL, "day" },
  { "tomorrow", "2025-05-22T00:00:00", NULL, "day" },
  { "yesterday", "2025-05-20T00:00:00", NULL, "day" },
  { "tonight", "2025-05-21T18:00:00", "2025-05-21T23:00:00", "hour" },
  { "wednesday", "2025-05-28T00:00:00", NULL, "day" },
  { "this wednesday", "2025-05-28T00:00:00", NULL, "day" },
  { "thursday", "2025-05-22T00:00:00", NULL, "day" },
  { "next wednesday", "2025-05-28T00:00:00", NULL, "day" },
  { "next monday", "2025-05-26T00:00:00", NULL, "day" },
  { "next friday", "2025-05-30T00:00:00", NULL, "day" },
  { "last monday", "2025-05-12T00:00:00", NULL, "day" },
  { "next Wednesday at 3pm", "2025-05-28T15:00:00", NULL, "hour" },
  { "at 3", "2025-05-21T15:00:00", NULL, "hour" },
  { "at 1 tomorrow", "2025-05-22T13:00:00", NULL, "hour" },
  { "Friday at 10", "2025-05-23T10:00:00", NULL, "hour" },
  { "at 12", "2025-05-21T12:00:00", NULL, "hour" },
  { "at 9", "2025-05-22T09:00:00", NULL, "hour" },
  { "tomorrow afternoon at 3", "2025-05-22T15:00:00", NULL, "hour" },
  { "in 3 days", "2025-05-24T10:00:00", NULL, "hour" },
  { "in three days", "2025-05-24T10:00:00", NULL, "hour" },
  { "in 2 hours", "2025-05-21T12:00:00", NULL, "minute" },
  { "in 30 minutes", "2025-05-21T10:30:00", NULL, "second" },
  { "in a week", "2025-05-28T00:00:00", NULL, "day" },
  { "2 days from now", "2025-05-23T10:00:00", NULL, "hour" },
  { "June 3rd", "2025-06-03T00:00:00", NULL, "day" },
  { "the 2nd of June", "2025-06-02T00:00:00", NULL, "day" },
  { "May 30", "2025-05-30T00:00:00", NULL, "day" },
  { "2025-06-10", "2025-06-10T00:00:00", NULL, "day" },
  { "Wednesday, May 28", "2025-05-28T00:00:00", NULL, "day" },
  { "6/5", "2025-06-05T00:00:00", NULL, "day" },
  { "5/28/2025", "2025-05-28T00:00:00", NULL, "day" },
  { "3pm", "2025-05-21T15:00:00", NULL, "hour" },
  { "3 pm", "2025-05-21T15:00:00", NULL, "hour" },
  { "15:00", "2025-05-21T15:00:00", NULL, "minute" },
  { "noon", "2025-05-21T12:00:00", NULL, "hour" },
  { "midnight", "2025-05-22T00:00:00", NULL, "hour" },
  { "9:30am", "2025-05-22T09:30:00", NULL, "minute" },
  { "half past 3", "2025-05-21T15:30:00", NULL, "minute" },
  { "quarter to 5", "2025-05-21T16:45:00", NULL, "minute" },
  { "from 2 to 3:30pm", "2025-05-21T14:00:00", "2025-05-21T15:30:00", "minute" },
  { "3-4pm", "2025-05-21T15:00:00", "2025-05-21T16:00:00", "hour" },
  { "between 2 and 4", "2025-05-21T14:00:00", "2025-05-21T16:00:00", "hour" },
  { "June 3-5", "2025-06-03T00:00:00", "2025-06-05T00:00:00", "day" },
  { "on June 3rd from 2 to 3:30pm", "2025-06-03T14:00:00", "2025-06-03T15:30:00", "minute" },
  { "this afternoon", "2025-05-21T12:00:00", "2025-05-21T18:00:00", "hour" },
  { "in the morning", "2025-05-22T00:00:00", "2025-05-22T11:00:00", "hour" },
  /* a whole period ends on its last day */
  { "this week", "2025-05-19T00:00:00", "2025-05-25T00:00:00", "week" },
  { "next week", "2025-05-26T00:00:00", "2025-06-01T00:00:00", "week" },
  { "next month", "2025-06-01T00:00:00", "2025-06-30T00:00:00", "month" },
  { "this month", "2025-05-01T00:00:00", "2025-05-31T00:00:00", "month" },
  { "in March", "2026-03-01T00:00:00", "2026-03-31T00:00:00", "month" },
  { "next year", "2026-01-01T00:00:00", "2026-12-31T00:00:00", "year" },
  { "this weekend", "2025-05-23T18:00:00", "2025-05-25T23:00:00", "hour" },
  { "Christmas", "2025-12-25T00:00:00", NULL, "day" },
  { "Christmas Eve", "2025-12-24T00:00:00", NULL, "day" },
  { "New Year's Day", "2026-01-01T00:00:00", NULL, "day" },
  { "Thanksgiving", "2025-11-27T00:00:00", NULL, "day" },
  { "Easter", "2026-04-05T00:00:00", NULL, "day" },
  { "Halloween", "2025-10-31T00:00:00", NULL, "day" },
  { "Valentine's Day", "2026-02-14T00:00:00", NULL, "day" },
  { "Independence Day", "2025-07-04T00:00:00", NULL, "day" },
  { "Labor Day", "2025-09-01T00:00:00", NULL, "day" },
  { "Memorial Day", "2025-05-26T00:00:00", NULL, "day" },
  { "Mother's Day", "2026-05-10T00:00:00", NULL, "day" },
  { "Father's Day", "2025-06-15T00:00:00", NULL, "day" },
  { "MLK day", "2026-01-19T00:00:00", NULL, "day" },
  { "tonight at 8", "2025-05-21T20:00:00", NULL, "hour" },
  /* a meal says which half of the day a bare hour is in */
  { "dinner on Friday at eight", "2025-05-23T20:00:00", NULL, "hour" },
  { "supper at 8", "2025-05-21T20:00:00", NULL, "hour" },
  { "breakfast tomorrow at 7", "2025-05-22T07:00:00", NULL, "hour" },
  { "at 8 for breakfast", "2025-05-22T08:00:00", NULL, "hour" },
  /* "at 1" is an hour, never the 1st */
  { "lunch at 1 on Friday", "2025-05-23T13:00:00", NULL, "hour" },
  { "at 1 on Friday", "2025-05-23T13:00:00", NULL, "hour" },
  { "june third", "2025-06-03T00:00:00", NULL, "day" },
  { "the third of june", "2025-06-03T00:00:00", NULL, "day" },
  { "on the twenty first of june", "2025-06-21T00:00:00", NULL, "day" },
  { "at 3 on the 15th", "2025-06-15T15:00:00", NULL, "hour" },
  { "monday 9-10am", "2025-05-26T09:00:00", "2025-05-26T10:00:00", "hour" },
  { "from 10 to 2 tomorrow", "2025-05-22T10:00:00", "2025-05-22T14:00:00", "hour" },
  { "in 3 days at noon", "2025-05-24T12:00:00", NULL, "hour" },
  { "two days from now at 4", "2025-05-23T16:00:00", NULL, "hour" },
  { "in an hour", "2025-05-21T11:00:00", NULL, "minute" },
  { "in five minutes", "2025-05-21T10:05:00", NULL, "second" },
  { "between June 1 and June 15", "2025-06-01T00:00:00", "2025-06-15T00:00:00", "day" },
  { "twelve noon", "2025-05-21T12:00:00", NULL, "hour" },
  { "next Tuesday morning", "2025-05-27T00:00:00", "2025-05-27T11:00:00", "hour" },
  { "this morning", "2025-05-21T00:00:00", "2025-05-21T11:00:00", "hour" },
};

static void
test_command_forms (void)
{
  run_table (command_cases, G_N_ELEMENTS (command_cases), NOW_CMD, CRM_TIME_PARSE_COMMAND);
}

/* ---------- Duckling conventions (--parse-time) ---------- */

static const Case default_cases[] = {
  { "at 3", "2013-02-12T15:00:00", NULL, "hour" },
  { "at 4:23", "2013-02-12T04:23:00", NULL, "minute" },
  { "3:18am", "2013-02-13T03:18:00", NULL, "minute" },
  { "tuesday", "2013-02-19T00:00:00", NULL, "day" },
  { "next wednesday", "2013-02-20T00:00:00", NULL, "day" },
  { "next saturday", "2013-02-23T00:00:00", NULL, "day" },
  { "July 13-15", "2013-07-13T00:00:00", "2013-07-15T00:00:00", "day" },
  { "3-4pm", "2013-02-12T15:00:00", "2013-02-12T16:00:00", "hour" },
  { "last 2 days", "2013-02-10T00:00:00", "2013-02-11T00:00:00", "day" },
  { "by 2:00pm", "2013-02-12T04:30:00", "2013-02-12T13:59:59", "second" },
  { "first tuesday of october", "2013-10-01T00:00:00", NULL, "day" },
  { "thanksgiving 2014", "2014-11-27T00:00:00", NULL, "day" },
  { "sun", "2013-02-17T00:00:00", NULL, "day" },
  { "rosh hashanah 2018", "2018-09-09T00:00:00", "2018-09-11T00:00:00", "day" },
  { "hanukkah 2018", "2018-12-02T00:00:00", "2018-12-09T00:00:00", "day" },
  { "passover 2018", "2018-03-30T00:00:00", "2018-04-07T00:00:00", "day" },
  { "yom kippur 2018", "2018-09-18T00:00:00", NULL, "day" },
  { "Eid al-Fitr 2018", "2018-06-15T00:00:00", NULL, "day" },
  { "Ramadan 2018", "2018-05-16T00:00:00", "2018-06-14T00:00:00", "day" },
  { "easter 2010", "2010-04-04T00:00:00", NULL, "day" },
  { "orthodox easter 2018", "2018-04-08T00:00:00", NULL, "day" },
  { "three days after Easter", "2013-04-03T00:00:00", NULL, "day" },
  /* items made from items that begin at the same token: the chart must
   * run the rules of what it makes at a position there, too */
  { "march 3rd 2015", "2015-03-03T00:00:00", NULL, "day" },
  { "at 5pm tomorrow", "2013-02-13T17:00:00", NULL, "hour" },
  { "from 3:30 to 6:00pm", "2013-02-12T15:30:00", "2013-02-12T18:00:00", "minute" },
  { "Fri, Jul 18, 2014 07:00 PM", "2014-07-18T19:00:00", NULL, "minute" },
  { "orthodox shrove monday two thousand eighteen", "2018-02-19T00:00:00", NULL, "day" },
};

static void
test_default_forms (void)
{
  run_table (default_cases, G_N_ELEMENTS (default_cases), NOW_DUCK, CRM_TIME_PARSE_DEFAULT);
}

/* ---------- things that are not times ---------- */

static const Case negative_cases[] = {
  { "may I join", NULL, NULL, NULL },
  { "call 555-0101", NULL, NULL, NULL },
  { "+44 20 7946 0958", NULL, NULL, NULL },
  { "Room 4B", NULL, NULL, NULL },
  { "30 minute", NULL, NULL, NULL },
  { "for 2 hours", NULL, NULL, NULL },
  { "the second floor", NULL, NULL, NULL },
  { "Joan Aleric", NULL, NULL, NULL },
  { "joan@example.com", NULL, NULL, NULL },
  { "I sat with Jan", NULL, NULL, NULL },
  { "lunch with Sam", NULL, NULL, NULL },
  { "sun", NULL, NULL, NULL },
  { "Martin Luther King' day", NULL, NULL, NULL },
  { "two three", NULL, NULL, NULL },
  { "at 650-650-6500", NULL, NULL, NULL },
};

static void
test_negatives (void)
{
  run_table (negative_cases, G_N_ELEMENTS (negative_cases), NOW_CMD, CRM_TIME_PARSE_COMMAND);
}

/* ---------- spans inside whole commands ---------- */

typedef struct
{
  const char *text;
  const char *span;      /* the expression as cut from TEXT */
  const char *start;
  gboolean    has_date;
  gboolean    has_time;
} SpanCase;

static const SpanCase span_cases[] = {
  { "Schedule a meeting with Joan Aleric for next Wednesday at 3pm about the new proposal",
    "next Wednesday at 3pm", "2025-05-28T15:00:00", TRUE, TRUE },
  { "lunch with Sam at 1 tomorrow", "at 1 tomorrow", "2025-05-22T13:00:00", TRUE, TRUE },
  { "move my meeting with Joan to Friday at 10", "Friday at 10", "2025-05-23T10:00:00", TRUE, TRUE },
  { "what's on my calendar next week", "next week", "2025-05-26T00:00:00", FALSE, FALSE },
  { "put a 30 minute sync on my calendar tomorrow afternoon at 3",
    "tomorrow afternoon at 3", "2025-05-22T15:00:00", TRUE, TRUE },
  { "set up a call with Priya on June 3rd from 2 to 3:30pm",
    "on June 3rd from 2 to 3:30pm", "2025-06-03T14:00:00", TRUE, TRUE },
  { "call Bob (555-0101) at 4pm", "at 4pm", "2025-05-21T16:00:00", FALSE, TRUE },
  { "meet in Room 4B at 2", "at 2", "2025-05-21T14:00:00", FALSE, TRUE },
  { "meet in Room 4B on the second floor at 10", "at 10", "2025-05-22T10:00:00", FALSE, TRUE },
  { "remind me about tomorrow's review", "tomorrow's", "2025-05-22T00:00:00", TRUE, FALSE },
  { "lunch on Mother's Day", "on Mother's Day", "2026-05-10T00:00:00", TRUE, FALSE },
};

static void
test_spans (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("UTC");
  g_autoptr(GDateTime) now = make_now (NOW_CMD, tz);

  for (gsize i = 0; i < G_N_ELEMENTS (span_cases); i++)
    {
      const SpanCase *c = &span_cases[i];
      g_autoptr(GArray) all = crm_time_parser_find_all (c->text, now, CRM_TIME_PARSE_COMMAND);
      CrmTimeMatch *m;
      g_autofree char *span = NULL;
      g_autofree char *start = NULL;

      g_test_message ("%s", c->text);
      g_assert_cmpuint (all->len, ==, 1);
      m = &g_array_index (all, CrmTimeMatch, 0);
      span = g_strndup (c->text + m->span_start, m->span_end - m->span_start);
      start = format_local (m->start);
      g_assert_cmpstr (span, ==, c->span);
      g_assert_cmpstr (start, ==, c->start);
      g_assert_cmpint (m->has_date, ==, c->has_date);
      g_assert_cmpint (m->has_time, ==, c->has_time);
    }
}

static void
test_no_times_in_command (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("UTC");
  g_autoptr(GDateTime) now = make_now (NOW_CMD, tz);
  const char *texts[] = {
    "add Joan Aleric joan@example.com 555-0101",
    "add a contact Sam Lee, phone +44 20 7946 0958",
    "may I see Joan's number",
    "find the second floor meeting room",
    "a 30 minute sync for 2 hours with Sam",
    "march with the team",
    "meet at one hundred and twenty three Main Street",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) all = crm_time_parser_find_all (texts[i], now, CRM_TIME_PARSE_COMMAND);

      g_test_message ("%s", texts[i]);
      g_assert_cmpuint (all->len, ==, 0);
    }
}

/* ---------- DST ---------- */

static void
test_dst (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  /* Saturday before the spring change (2025-03-09 02:00 → 03:00) */
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2025, 3, 8, 10, 0, 0);
  CrmTimeMatch m;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;

  g_assert_nonnull (now);
  g_assert_true (crm_time_parser_parse ("tomorrow at 3pm", now, CRM_TIME_PARSE_COMMAND, &m));
  s1 = format_local (m.start);
  g_assert_cmpstr (s1, ==, "2025-03-09T15:00:00");
  g_assert_cmpint (g_date_time_get_utc_offset (m.start) / G_TIME_SPAN_HOUR, ==, -4);
  crm_time_match_clear (&m);

  g_assert_true (crm_time_parser_parse ("in 24 hours", now, CRM_TIME_PARSE_COMMAND, &m));
  s2 = format_local (m.start);
  g_assert_cmpstr (s2, ==, "2025-03-09T11:00:00");
  crm_time_match_clear (&m);

  g_assert_true (crm_time_parser_parse ("next monday at 9am", now, CRM_TIME_PARSE_COMMAND, &m));
  s3 = format_local (m.start);
  g_assert_cmpstr (s3, ==, "2025-03-10T09:00:00");
  crm_time_match_clear (&m);
}

/* ---------- robustness ---------- */

static void
test_robustness (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("UTC");
  g_autoptr(GDateTime) now = make_now (NOW_CMD, tz);
  const char *texts[] = {
    "", " ", "\xff\xfe tomorrow \xc3", "meet 🎉 tomorrow 🎉 at 3pm 👍", "\xe2\x82",
    "9999-12-31", "0/0/0", "99:99", "31/31/31", "feb 30", "the 99th", "in 999999999 years",
    "12345678901234567890", "at 25", "- - - / / :", "from to between and",
  };
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GArray) all = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      CrmTimeMatch m;

      crm_time_parser_parse (texts[i], now, CRM_TIME_PARSE_COMMAND, &m);
      crm_time_match_clear (&m);
      crm_time_parser_parse (texts[i], now, CRM_TIME_PARSE_DEFAULT, &m);
      crm_time_match_clear (&m);
    }
  for (int i = 0; i < 5000; i++)
    g_string_append (big, i % 7 == 0 ? "tomorrow at 3pm " : "word 12 🎉 ");
  all = crm_time_parser_find_all (big->str, now, CRM_TIME_PARSE_COMMAND);
  g_assert_cmpuint (all->len, >, 100);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpuint (g_array_index (all, CrmTimeMatch, i - 1).span_end, <=,
                      g_array_index (all, CrmTimeMatch, i).span_start);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time-parser/command-forms", test_command_forms);
  g_test_add_func ("/time-parser/default-forms", test_default_forms);
  g_test_add_func ("/time-parser/negatives", test_negatives);
  g_test_add_func ("/time-parser/spans", test_spans);
  g_test_add_func ("/time-parser/no-times-in-command", test_no_times_in_command);
  g_test_add_func ("/time-parser/dst", test_dst);
  g_test_add_func ("/time-parser/robustness", test_robustness);
  return g_test_run ();
}
