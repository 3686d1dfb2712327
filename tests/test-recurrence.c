/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "crm-recurrence.h"

/* A meeting of MINUTES from START (ISO 8601 with an offset) entered in
 * TZID, repeating by RRULE. */
static CrmMeeting *
make_meeting (const char *start,
              int         minutes,
              const char *tzid,
              const char *rrule,
              const char *extra)
{
  CrmMeeting *meeting = crm_meeting_new ("Standup");
  g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr(GDateTime) e = g_date_time_add_minutes (s, minutes);

  g_assert_nonnull (s);
  crm_meeting_set_span (meeting, s, e);
  crm_meeting_set_tzid (meeting, tzid);
  crm_meeting_set_rrule (meeting, rrule);
  crm_meeting_set_extra_ical (meeting, extra);
  return meeting;
}

/* The starts in [FROM, TO) as "2026-11-02T08:00Z …", for one comparison. */
static char *
expand (CrmMeeting *meeting,
        const char *from,
        const char *to,
        guint       max)
{
  g_autoptr(GDateTime) f = g_date_time_new_from_iso8601 (from, NULL);
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (to, NULL);
  g_autoptr(GArray) starts = crm_recurrence_expand (meeting, f, t, max);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < starts->len; i++)
    {
      g_autoptr(GDateTime) s = g_date_time_new_from_unix_utc (g_array_index (starts, gint64, i));
      g_autofree char *text = g_date_time_format (s, "%Y-%m-%dT%H:%MZ");

      g_string_append_printf (out, "%s%s", i ? " " : "", text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_starts (CrmMeeting *meeting,
               const char *from,
               const char *to,
               const char *expected)
{
  g_autofree char *got = expand (meeting, from, to, CRM_RECURRENCE_MAX);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_weekly_byday_count (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00+01:00", 30, "Europe/Paris",
                                          "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8", NULL);

  assert_starts (m, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z",
                 "2026-11-02T08:00Z 2026-11-04T08:00Z 2026-11-09T08:00Z 2026-11-11T08:00Z "
                 "2026-11-16T08:00Z 2026-11-18T08:00Z 2026-11-23T08:00Z 2026-11-25T08:00Z");
  /* A range in the middle: only what falls in it. */
  assert_starts (m, "2026-11-10T00:00:00Z", "2026-11-17T00:00:00Z",
                 "2026-11-11T08:00Z 2026-11-16T08:00Z");
}

static void
test_until (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00+01:00", 30, "Europe/Paris",
                                          "FREQ=WEEKLY;UNTIL=20261116T080000Z", NULL);

  /* UNTIL is inclusive. */
  assert_starts (m, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z",
                 "2026-11-02T08:00Z 2026-11-09T08:00Z 2026-11-16T08:00Z");
}

static void
test_interval (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-03T14:00:00Z", 60, "UTC",
                                          "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", NULL);

  assert_starts (m, "2026-11-01T00:00:00Z", "2026-12-08T00:00:00Z",
                 "2026-11-03T14:00Z 2026-11-17T14:00Z 2026-12-01T14:00Z");
}

/* EXDATE (UTC, as the store keeps it; one line may hold several), RDATE and
 * a changed occurrence: moved from its RECURRENCE-ID to its DTSTART. */
static void
test_exceptions (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00+01:00", 30, "Europe/Paris",
    "FREQ=WEEKLY;COUNT=6",
    "ATTENDEE;CN=Sam Lee:mailto:sam@example.com\n"
    "EXDATE:20261109T080000Z,20261123T080000Z\n"
    "RDATE:20261112T150000Z\n"
    "BEGIN:VEVENT\n"
    "UID:standup\n"
    "RECURRENCE-ID:20261116T080000Z\n"
    "DTSTART;TZID=Europe/Paris:20261117T140000\n"
    "DTEND;TZID=Europe/Paris:20261117T143000\n"
    "SUMMARY:Standup (moved)\n"
    "END:VEVENT");

  assert_starts (m, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z",
                 "2026-11-02T08:00Z 2026-11-12T15:00Z 2026-11-17T13:00Z 2026-11-30T08:00Z "
                 "2026-12-07T08:00Z");
}

static void
assert_occurrence (CrmMeeting *series,
                   const char *start,
                   const char *title,
                   const char *end,
                   const char *location)
{
  g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr(CrmMeeting) o = crm_recurrence_occurrence (series, g_date_time_to_unix (s));
  g_autoptr(GDateTime) utc_end = g_date_time_to_utc (crm_meeting_get_end (o));
  g_autofree char *got_end = g_date_time_format (utc_end, "%Y-%m-%dT%H:%M:%SZ");

  g_assert_cmpint (crm_meeting_get_id (o), ==, crm_meeting_get_id (series));
  g_assert_true (g_date_time_equal (crm_meeting_get_start (o), s));
  g_assert_cmpstr (crm_meeting_get_title (o), ==, title);
  g_assert_cmpstr (got_end, ==, end);
  g_assert_cmpstr (crm_meeting_get_location (o), ==, location);
}

/* An occurrence shows as the series, moved to its day; a changed one with
 * its own length, title and place (what the calendar changed), and it
 * counts in a range by its own end. */
static void
test_changed_occurrence (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00+01:00", 30, "Europe/Paris",
    "FREQ=WEEKLY;COUNT=4",
    "BEGIN:VEVENT\n"
    "UID:standup\n"
    "RECURRENCE-ID:20261109T080000Z\n"
    "DTSTART;TZID=Europe/Paris:20261110T140000\n"
    "DURATION:PT2H\n"
    "SUMMARY:Standup\\, long one\n"
    "LOCATION:Room 4\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:standup\n"
    "RECURRENCE-ID:20261116T080000Z\n"
    "DTSTART;TZID=Europe/Paris:20261116T090000\n"
    "DTEND;TZID=Europe/Paris:20261116T091500\n"
    "END:VEVENT");

  crm_meeting_set_location (m, "Room 1");
  crm_meeting_set_id (m, 7);
  assert_occurrence (m, "2026-11-02T08:00:00Z", "Standup", "2026-11-02T08:30:00Z", "Room 1");
  assert_occurrence (m, "2026-11-10T13:00:00Z", "Standup, long one", "2026-11-10T15:00:00Z", "Room 4");
  assert_occurrence (m, "2026-11-16T08:00:00Z", "Standup", "2026-11-16T08:15:00Z", "Room 1");
  assert_occurrence (m, "2026-11-23T08:00:00Z", "Standup", "2026-11-23T08:30:00Z", "Room 1");
  /* Two hours long: still on at 14:30. */
  assert_starts (m, "2026-11-10T14:30:00Z", "2026-11-10T16:00:00Z", "2026-11-10T13:00Z");
}

/* Every Monday 9:00 in Paris stays 9:00 when summer time ends (Oct 25). */
static void
test_daylight_saving (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-10-12T09:00:00+02:00", 30, "Europe/Paris",
                                          "FREQ=WEEKLY;BYDAY=MO", NULL);

  assert_starts (m, "2026-10-01T00:00:00Z", "2026-11-03T00:00:00Z",
                 "2026-10-12T07:00Z 2026-10-19T07:00Z 2026-10-26T08:00Z 2026-11-02T08:00Z");
}

static void
test_range_before_first (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00+01:00", 30, "Europe/Paris",
                                          "FREQ=DAILY", NULL);

  assert_starts (m, "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "");
  /* The range ends as the first one starts: [from, to) leaves it out. */
  assert_starts (m, "2026-10-01T00:00:00Z", "2026-11-02T08:00:00Z", "");
}

/* A rule with no end, begun years before the month shown: the walk starts
 * near the month, so a rule by the minute still reaches it, and the count
 * is capped. */
static void
test_endless (void)
{
  g_autoptr(CrmMeeting) daily = make_meeting ("2000-01-03T09:00:00Z", 60, "UTC", "FREQ=DAILY", NULL);
  g_autoptr(CrmMeeting) minutely = make_meeting ("2020-01-01T00:00:00Z", 1, "UTC", "FREQ=MINUTELY", NULL);
  g_autofree char *month = expand (daily, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", CRM_RECURRENCE_MAX);
  g_autofree char *capped = expand (minutely, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", 10);
  gint64 t0 = g_get_monotonic_time ();

  g_assert_cmpuint (strlen (month), ==, 30 * 17 + 29);
  g_assert_true (g_str_has_prefix (month, "2026-11-01T09:00Z 2026-11-02T09:00Z"));
  g_assert_true (g_str_has_suffix (month, "2026-11-30T09:00Z"));
  g_assert_cmpstr (capped, ==,
                   "2026-11-01T00:00Z 2026-11-01T00:01Z 2026-11-01T00:02Z 2026-11-01T00:03Z "
                   "2026-11-01T00:04Z 2026-11-01T00:05Z 2026-11-01T00:06Z 2026-11-01T00:07Z "
                   "2026-11-01T00:08Z 2026-11-01T00:09Z");
  for (guint i = 0; i < 100; i++)
    g_free (expand (daily, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", CRM_RECURRENCE_MAX));
  /* About 50 µs a month; generous for a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
}

/* An occurrence that started before the range and runs into it counts,
 * as the store's ranges count a meeting. */
static void
test_overlapping_start (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T23:00:00Z", 120, "UTC", "FREQ=DAILY;COUNT=3", NULL);

  assert_starts (m, "2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z",
                 "2026-11-03T23:00Z 2026-11-04T23:00Z");
}

static void
test_all_day (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-06T00:00:00+01:00", 24 * 60, "Europe/Paris",
                                          "FREQ=WEEKLY;COUNT=3", "EXDATE;VALUE=DATE:20261113");

  crm_meeting_set_all_day (m, TRUE);
  assert_starts (m, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
                 "2026-11-05T23:00Z 2026-11-19T23:00Z");
}

static void
test_not_repeating (void)
{
  g_autoptr(CrmMeeting) m = make_meeting ("2026-11-02T09:00:00Z", 30, "UTC", NULL, NULL);
  g_autoptr(CrmMeeting) bad = make_meeting ("2026-11-02T09:00:00Z", 30, "UTC", "FREQ=SOMETIMES", NULL);

  assert_starts (m, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "2026-11-02T09:00Z");
  assert_starts (m, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "");
  /* A rule libical cannot read: still its first occurrence. */
  assert_starts (bad, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "2026-11-02T09:00Z");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recurrence/weekly-byday-count", test_weekly_byday_count);
  g_test_add_func ("/recurrence/until", test_until);
  g_test_add_func ("/recurrence/interval", test_interval);
  g_test_add_func ("/recurrence/exceptions", test_exceptions);
  g_test_add_func ("/recurrence/changed-occurrence", test_changed_occurrence);
  g_test_add_func ("/recurrence/daylight-saving", test_daylight_saving);
  g_test_add_func ("/recurrence/range-before-first", test_range_before_first);
  g_test_add_func ("/recurrence/endless", test_endless);
  g_test_add_func ("/recurrence/overlapping-start", test_overlapping_start);
  g_test_add_func ("/recurrence/all-day", test_all_day);
  g_test_add_func ("/recurrence/not-repeating", test_not_repeating);
  return g_test_run ();
}
