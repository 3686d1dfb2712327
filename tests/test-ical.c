/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-ical-reader.h"
#include "crm-ical-writer.h"
#include "crm-pim-format.h"
#include "crm-test-util.h"

static GPtrArray *
read_all (GInputStream    *stream,
          CrmImportResult *result,
          GArray          *lines)
{
  g_autoptr(CrmIcalReader) reader = crm_ical_reader_new (stream, result);
  GPtrArray *events = g_ptr_array_new_with_free_func (crm_test_unref0);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0;
      CrmMeeting *m = crm_ical_reader_next (reader, &line, NULL, &error);

      if (m == NULL && error == NULL)
        break;
      if (error)
        g_assert_error (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY);
      g_ptr_array_add (events, m);
      if (lines)
        g_array_append_val (lines, line);
    }
  return events;
}

static GPtrArray *
read_file (const char      *name,
           CrmImportResult *result,
           GArray          *lines)
{
  g_autofree char *path = crm_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);

  g_assert_no_error (error);
  return read_all (G_INPUT_STREAM (stream), result, lines);
}

static void
assert_instant (GDateTime  *dt,
                const char *iso_utc)
{
  g_autoptr(GDateTime) u = g_date_time_to_utc (dt);
  g_autofree char *text = g_date_time_format (u, "%Y-%m-%dT%H:%M:%SZ");

  g_assert_cmpstr (text, ==, iso_utc);
}

static void
assert_attendee (CrmMeeting *m,
                 guint       i,
                 const char *name,
                 const char *email)
{
  GArray *a = crm_meeting_get_attendees (m);

  g_assert_cmpuint (i, <, a->len);
  g_assert_cmpstr (g_array_index (a, CrmAttendee, i).name, ==, name);
  g_assert_cmpstr (g_array_index (a, CrmAttendee, i).email, ==, email);
}

/* West and east of UTC, UTC, all-day; DTEND and DURATION; attendees. */
static void
test_read_awkward (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_file ("awkward.ics", result, NULL);
  CrmMeeting *west, *east, *utc, *allday;

  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);
  west = g_ptr_array_index (events, 0);
  g_assert_cmpstr (crm_meeting_get_uid (west), ==, "west-1@smart-crm.test");
  g_assert_cmpstr (crm_meeting_get_title (west), ==,
                   "Budget review, Q3 — «naïve» café ☕ meeting with a long title that folds");
  assert_instant (crm_meeting_get_start (west), "2024-07-10T19:00:00Z");
  assert_instant (crm_meeting_get_end (west), "2024-07-10T20:30:00Z");
  g_assert_cmpstr (crm_meeting_get_tzid (west), ==, "America/New_York");
  g_assert_cmpstr (crm_meeting_get_location (west), ==, "Room 4; Building B");
  g_assert_cmpstr (crm_meeting_get_description (west), ==, "Line one\nLine two, with comma; and semicolon");
  g_assert_cmpstr (crm_meeting_get_rrule (west), ==, "FREQ=WEEKLY;COUNT=4;BYDAY=WE");
  assert_attendee (west, 0, "Zoë Ångström-Ñúñez", "zoe@mueller-schmidt.example");
  assert_attendee (west, 1, "Tanaka, Kenji", "kenji@example.jp");
  assert_attendee (west, 2, "Pat Nobody", "pat@nowhere.example");

  east = g_ptr_array_index (events, 1);
  assert_instant (crm_meeting_get_start (east), "2024-01-05T00:00:00Z");
  assert_instant (crm_meeting_get_end (east), "2024-01-05T01:30:00Z");
  g_assert_cmpstr (crm_meeting_get_tzid (east), ==, "Asia/Tokyo");
  g_assert_cmpstr (crm_meeting_get_title (east), ==, "東京での打ち合わせ");

  utc = g_ptr_array_index (events, 2);
  g_assert_cmpstr (crm_meeting_get_tzid (utc), ==, "UTC");
  assert_attendee (utc, 1, "Bernard Dubois", NULL);

  allday = g_ptr_array_index (events, 3);
  g_assert_true (crm_meeting_get_all_day (allday));
  assert_instant (crm_meeting_get_start (allday), "2024-08-20T00:00:00Z");
  assert_instant (crm_meeting_get_end (allday), "2024-08-22T00:00:00Z");
}

static void
test_read_broken (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) events = read_file ("broken.ics", result, lines);
  static const guint expected[] = { 4, 10, 15, 19, 23 };

  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (g_array_index (lines, guint, i), ==, expected[i]);
      g_assert_true ((g_ptr_array_index (events, i) != NULL) == (i == 0 || i == 4));
    }
}

/* Time zones as Windows and Mozilla write them, DST on both sides, a
 * floating time, Latin-1, a raw newline, an override kept with its series. */
static void
test_read_odd (void)
{
  const char *text =
    "BEGIN:VCALENDAR\n"
    "BEGIN:VEVENT\nUID:w\nDTSTART;TZID=W. Europe Standard Time:20240115T090000\n"
    "DTEND;TZID=\"W. Europe Standard Time\":20240115T100000\nSUMMARY:Caf\xe9\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:m\nDTSTART;TZID=/mozilla.org/20050126_1/America/Los_Angeles:20240715T090000\n"
    "DURATION:P1D\nSUMMARY:Mozilla\nDESCRIPTION:first\nsecond\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:f\nDTSTART:20240301T080000\nSUMMARY:Floating\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:f\nRECURRENCE-ID:20240302T080000\nDTSTART:20240302T090000\nSUMMARY:Moved\nEND:VEVENT\n"
    "END:VCALENDAR\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_all (stream, result, NULL);
  CrmMeeting *m;

  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (crm_import_result_get_skipped (result)->len, ==, 0);
  m = g_ptr_array_index (events, 0);
  g_assert_cmpstr (crm_meeting_get_tzid (m), ==, "Europe/Berlin");
  assert_instant (crm_meeting_get_start (m), "2024-01-15T08:00:00Z");
  g_assert_cmpstr (crm_meeting_get_title (m), ==, "Café");
  m = g_ptr_array_index (events, 1);
  g_assert_cmpstr (crm_meeting_get_tzid (m), ==, "America/Los_Angeles");
  assert_instant (crm_meeting_get_start (m), "2024-07-15T16:00:00Z");
  assert_instant (crm_meeting_get_end (m), "2024-07-16T16:00:00Z");
  g_assert_cmpstr (crm_meeting_get_description (m), ==, "first\nsecond");
  m = g_ptr_array_index (events, 2);
  assert_instant (crm_meeting_get_start (m), "2024-03-01T08:00:00Z");   /* TZ=UTC here */
  g_assert_cmpstr (crm_meeting_get_rrule (m), ==, "FREQ=DAILY;COUNT=3");
  g_assert_true (g_str_has_prefix (crm_meeting_get_extra_ical (m), "BEGIN:VEVENT\n"));
  g_assert_nonnull (strstr (crm_meeting_get_extra_ical (m), "\nRECURRENCE-ID:20240302T080000\n"));
}

static void
assert_same_meeting (CrmMeeting *a,
                     CrmMeeting *b)
{
  GArray *aa = crm_meeting_get_attendees (a);
  GArray *ba = crm_meeting_get_attendees (b);

  g_assert_cmpstr (crm_meeting_get_uid (a), ==, crm_meeting_get_uid (b));
  g_assert_cmpstr (crm_meeting_get_title (a), ==, crm_meeting_get_title (b));
  g_assert_true (g_date_time_equal (crm_meeting_get_start (a), crm_meeting_get_start (b)));
  g_assert_true (g_date_time_equal (crm_meeting_get_end (a), crm_meeting_get_end (b)));
  g_assert_cmpstr (crm_meeting_get_tzid (a), ==, crm_meeting_get_tzid (b));
  g_assert_cmpint (crm_meeting_get_all_day (a), ==, crm_meeting_get_all_day (b));
  g_assert_cmpstr (crm_meeting_get_rrule (a), ==, crm_meeting_get_rrule (b));
  g_assert_cmpstr (crm_meeting_get_location (a), ==, crm_meeting_get_location (b));
  g_assert_cmpstr (crm_meeting_get_description (a), ==, crm_meeting_get_description (b));
  g_assert_cmpuint (aa->len, ==, ba->len);
  for (guint i = 0; i < aa->len; i++)
    assert_attendee (b, i, g_array_index (aa, CrmAttendee, i).name, g_array_index (aa, CrmAttendee, i).email);
}

static void
test_round_trip (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_file ("awkward.ics", result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) again = NULL;

  crm_ical_write_calendar_begin (out);
  g_assert_true (crm_ical_write_timezone (out, "America/New_York"));
  g_assert_true (crm_ical_write_timezone (out, "Asia/Tokyo"));
  for (guint i = 0; i < events->len; i++)
    crm_ical_write_meeting (out, g_ptr_array_index (events, i));
  crm_ical_write_calendar_end (out);

  g_assert_nonnull (strstr (out->str, "TZID:America/New_York\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART;TZID=America/New_York:20240710T150000\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART;TZID=Asia/Tokyo:20240105T090000\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART:20240201T120000Z\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART;VALUE=DATE:20240820\r\n"));
  g_assert_nonnull (strstr (out->str, "DTEND;VALUE=DATE:20240822\r\n"));
  g_assert_nonnull (strstr (out->str, ":invalid:nomail\r\n"));

  stream = crm_test_stream_for_text (out->str);
  again = read_all (stream, result, NULL);
  g_assert_cmpuint (again->len, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    assert_same_meeting (g_ptr_array_index (events, i), g_ptr_array_index (again, i));
}

static void
assert_folded (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 75);
}

/* What a meeting does not model is kept as libical writes it, EXDATE and
 * RDATE in UTC (their TZIDs, the file's own VTIMEZONE among them, would not
 * be exported), and written back folded. */
static void
test_extra_props (void)
{
  static const char expected[] =
    "EXDATE:20250604T130000Z\nEXDATE:20250611T130000Z\nEXDATE:20250618T130000Z\n"
    "RDATE;VALUE=PERIOD:20250705T080000Z/20250705T090000Z\n"
    "CATEGORIES:Work\nCATEGORIES:Café\nSTATUS:CONFIRMED\n"
    "ORGANIZER;CN=Ann Org:mailto:ann@example.com\n"
    "X-CRM-TEST;X-A=\"b;c\";X-B=d:a value long enough that libical has to fold it when it "
    "writes it out again\n"
    "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nDESCRIPTION:Reminder\\, soon\nEND:VALARM";
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_file ("extra-props.ics", result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) again = NULL;
  CrmMeeting *m;

  g_assert_cmpuint (events->len, ==, 1);
  m = g_ptr_array_index (events, 0);
  g_assert_cmpstr (crm_meeting_get_extra_ical (m), ==, expected);
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);

  crm_ical_write_meeting (out, m);
  g_assert_nonnull (strstr (out->str, "\r\nEXDATE:20250618T130000Z\r\n"));
  g_assert_nonnull (strstr (out->str, "\r\nX-CRM-TEST;X-A=\"b;c\";X-B=d:a value long enough "));
  assert_folded (out->str);
  g_assert_nonnull (strstr (out->str, "\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
  g_assert_null (strstr (out->str, "Paris Office"));

  stream = crm_test_stream_for_text (out->str);
  again = read_all (stream, result, NULL);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (again, 0)), ==, expected);
}

/* The number of lines of @text that are @line. */
/* ATTENDEE parameters other than CN, and addresses other than mailto:,
 * go out again; an organizer is an ATTENDEE only if the file said so, and
 * then with that ATTENDEE's own CN. */
static void
test_attendee_params (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:params-1\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART:20250301T100000Z\r\nDTEND:20250301T110000Z\r\nSUMMARY:Review\r\n"
    "ORGANIZER;CN=Ann Org;SENT-BY=\"mailto:sec@example.com\":mailto:ann@example.com\r\n"
    "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:bob@example.com\r\n"
    "ATTENDEE;CN=Plain Pat:mailto:pat@example.com\r\n"
    "ATTENDEE;CUTYPE=RESOURCE;CN=Room 4:urn:x-room:4\r\n"
    "ATTENDEE;ROLE=OPT-PARTICIPANT:MAILTO:cy@example.com\r\n"
    "BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT5M\r\nSUMMARY:Soon\r\nDESCRIPTION:Soon\r\n"
    "ATTENDEE:mailto:alarm@example.com\r\nEND:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:params-2\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART:20250302T100000Z\r\nSUMMARY:Listed organizer\r\n"
    "ORGANIZER:mailto:ann@example.com\r\n"
    "ATTENDEE;CN=Bob:mailto:bob@example.com\r\n"
    "ATTENDEE;CN=Ann Org:mailto:ann@example.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_all (stream, result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) edited = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;
  CrmMeeting *m;

  g_assert_cmpuint (events->len, ==, 2);
  m = g_ptr_array_index (events, 0);
  assert_attendee (m, 0, "Ann Org", "ann@example.com");
  assert_attendee (m, 1, "Bob", "bob@example.com");
  assert_attendee (m, 2, "Plain Pat", "pat@example.com");
  assert_attendee (m, 3, "Room 4", NULL);
  assert_attendee (m, 4, "cy@example.com", "cy@example.com");
  g_assert_true (g_str_has_prefix (crm_meeting_get_extra_ical (m),
    "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:bob@example.com\n"
    "ATTENDEE;CUTYPE=RESOURCE;CN=Room 4:urn:x-room:4\n"
    "ATTENDEE;ROLE=OPT-PARTICIPANT:MAILTO:cy@example.com\n"
    "ORGANIZER;CN=Ann Org;SENT-BY=\"mailto:sec@example.com\":mailto:ann@example.com\n"));
  g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, 1)), ==,
                   "ATTENDEE;CN=Ann Org:mailto:ann@example.com\n"
                   "ORGANIZER:mailto:ann@example.com");
  assert_attendee (g_ptr_array_index (events, 1), 0, "ann@example.com", "ann@example.com");

  crm_ical_write_calendar_begin (out);
  for (guint i = 0; i < events->len; i++)
    crm_ical_write_meeting (out, g_ptr_array_index (events, i));
  crm_ical_write_calendar_end (out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;CN=Plain Pat:mailto:pat@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;CUTYPE=RESOURCE;CN=Room 4:urn:x-room:4"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;ROLE=OPT-PARTICIPANT:MAILTO:cy@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;CN=Ann Org:mailto:ann@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE:mailto:alarm@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ATTENDEE;CN=Bob:mailto:bob@example.com"), ==, 1);

  stream = crm_test_stream_for_text (out->str);
  again = read_all (stream, result, NULL);
  g_assert_cmpuint (again->len, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      assert_same_meeting (g_ptr_array_index (events, i), g_ptr_array_index (again, i));
      g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, i)), ==,
                       crm_meeting_get_extra_ical (g_ptr_array_index (again, i)));
    }
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);

  /* Taken off the meeting since: its kept line goes too. Renamed: the
   * parameters stay with the new name. */
  crm_meeting_clear_attendees (m);
  crm_meeting_add_attendee (m, "Robert", "BOB@example.com", 0);
  crm_ical_write_meeting (edited, m);
  g_string_replace (edited, "\r\n ", "", 0);
  g_assert_nonnull (strstr (edited->str, "ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Robert:mailto:bob@"));
  g_assert_null (strstr (edited->str, "Room 4"));
  g_assert_null (strstr (edited->str, "cy@example.com"));
  g_assert_cmpuint (crm_test_count_lines (edited->str, "ATTENDEE:mailto:alarm@example.com"), ==, 1);
}

/* An all-day event that ends on the day it starts lasts that day, as the
 * writer writes it: the end does not move on the next round trip. */
static void
test_all_day_same_date (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:same-date-1\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20170118\r\nDTEND;VALUE=DATE:20170118\r\nSUMMARY:Day\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_all (stream, result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;

  g_assert_cmpuint (events->len, ==, 1);
  assert_instant (crm_meeting_get_start (g_ptr_array_index (events, 0)), "2017-01-18T00:00:00Z");
  assert_instant (crm_meeting_get_end (g_ptr_array_index (events, 0)), "2017-01-19T00:00:00Z");
  crm_ical_write_meeting (out, g_ptr_array_index (events, 0));
  g_object_unref (stream);
  stream = crm_test_stream_for_text (out->str);
  again = read_all (stream, result, NULL);
  assert_same_meeting (g_ptr_array_index (events, 0), g_ptr_array_index (again, 0));
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);
}

/* A kept line libical cannot read is left out, with a warning. */
static void
test_extra_unreadable (void)
{
  g_autoptr(CrmMeeting) m = crm_meeting_new ("Odd");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 1, 2, 10, 0, 0);
  g_autoptr(GString) out = g_string_new (NULL);

  crm_meeting_set_span (m, start, start);
  crm_meeting_set_extra_ical (m, "no colon here\nSTATUS:TENTATIVE");
  g_test_expect_message ("crm-pim", G_LOG_LEVEL_WARNING, "*cannot read*no colon here*");
  crm_ical_write_meeting (out, m);
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (out->str, "\r\nSTATUS:TENTATIVE\r\n"));
  g_assert_null (strstr (out->str, "no colon"));
}

static GPtrArray *
read_text (const char      *text,
           CrmImportResult *result)
{
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);

  return read_all (stream, result, NULL);
}

static guint
count_of (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

#define SERIES \
  "BEGIN:VEVENT\r\nUID:s-1\r\nDTSTART;TZID=W. Europe Standard Time:20250106T090000\r\n" \
  "DTEND;TZID=W. Europe Standard Time:20250106T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n" \
  "SUMMARY:Stand-up\r\nEND:VEVENT\r\n"
#define MOVED \
  "BEGIN:VEVENT\r\nUID:s-1\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20250113T090000\r\n" \
  "DTSTART;TZID=W. Europe Standard Time:20250113T110000\r\n" \
  "DTEND;TZID=W. Europe Standard Time:20250113T120000\r\nSUMMARY:Stand-up, later\r\n" \
  "SEQUENCE:2\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nDESCRIPTION:Soon\r\n" \
  "END:VALARM\r\nEND:VEVENT\r\n"
#define CANCELLED \
  "BEGIN:VEVENT\r\nUID:s-1\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20250120T090000\r\n" \
  "DTSTART;TZID=W. Europe Standard Time:20250120T090000\r\nSTATUS:CANCELLED\r\n" \
  "SUMMARY:Stand-up\r\nEND:VEVENT\r\n"

/* Changed occurrences with their series, after it or before it, stay with
 * it whole (their zones by IANA name, for the export has those) and are
 * written back after it as VEVENTs with its UID; read again, the same. */
static void
test_overrides (void)
{
  static const char expected[] =
    "BEGIN:VEVENT\nUID:s-1\nRECURRENCE-ID;TZID=Europe/Berlin:20250113T090000\n"
    "DTSTART;TZID=Europe/Berlin:20250113T110000\nDTEND;TZID=Europe/Berlin:20250113T120000\n"
    "SUMMARY:Stand-up\\, later\nSEQUENCE:2\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\n"
    "DESCRIPTION:Soon\nEND:VALARM\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:s-1\nRECURRENCE-ID;TZID=Europe/Berlin:20250120T090000\n"
    "DTSTART;TZID=Europe/Berlin:20250120T090000\nSTATUS:CANCELLED\nSUMMARY:Stand-up\nEND:VEVENT";
  const char *files[] = {
    "BEGIN:VCALENDAR\r\n" SERIES MOVED CANCELLED "END:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\n" MOVED SERIES CANCELLED "END:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\n" MOVED CANCELLED SERIES "END:VCALENDAR\r\n",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(CrmImportResult) result = crm_import_result_new ();
      g_autoptr(GPtrArray) events = read_text (files[f], result);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GPtrArray) again = NULL;
      CrmMeeting *m;

      g_assert_cmpuint (events->len, ==, 1);
      g_assert_cmpuint (crm_import_result_get_skipped (result)->len, ==, 0);
      m = g_ptr_array_index (events, 0);
      g_assert_cmpstr (crm_meeting_get_uid (m), ==, "s-1");
      g_assert_cmpstr (crm_meeting_get_title (m), ==, "Stand-up");
      g_assert_cmpstr (crm_meeting_get_rrule (m), ==, "FREQ=WEEKLY;COUNT=4");
      g_assert_cmpstr (crm_meeting_get_extra_ical (m), ==, expected);

      crm_ical_write_calendar_begin (out);
      crm_ical_write_meeting (out, m);
      crm_ical_write_calendar_end (out);
      assert_folded (out->str);
      g_assert_cmpuint (count_of (out->str, "BEGIN:VEVENT\r\n"), ==, 3);
      g_assert_cmpuint (count_of (out->str, "\r\nUID:s-1\r\n"), ==, 3);
      g_assert_cmpuint (count_of (out->str, "BEGIN:VALARM\r\n"), ==, 1);
      /* Siblings, not inside the series. */
      g_assert_nonnull (strstr (out->str, "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:s-1\r\n"
                                          "RECURRENCE-ID;TZID=Europe/Berlin:20250113T090000\r\n"));

      again = read_text (out->str, result);
      g_assert_cmpuint (again->len, ==, 1);
      assert_same_meeting (m, g_ptr_array_index (again, 0));
      g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (again, 0)), ==, expected);
    }
}

/* Changed occurrences without their series are meetings of their own,
 * one per occurrence, under UIDs of their own; they are written back with
 * the series' UID and their RECURRENCE-ID, and read back the same. */
static void
test_orphan_overrides (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_text ("BEGIN:VCALENDAR\r\n" MOVED CANCELLED "END:VCALENDAR\r\n", result);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;
  CrmMeeting *m;

  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (crm_import_result_get_skipped (result)->len, ==, 0);
  m = g_ptr_array_index (events, 0);
  g_assert_cmpstr (crm_meeting_get_uid (m), ==, "s-1-20250113T090000");
  g_assert_cmpstr (crm_meeting_get_title (m), ==, "Stand-up, later");
  assert_instant (crm_meeting_get_start (m), "2025-01-13T10:00:00Z");
  g_assert_true (g_str_has_prefix (crm_meeting_get_extra_ical (m),
                                   "RECURRENCE-ID;TZID=Europe/Berlin:20250113T090000\n"));
  m = g_ptr_array_index (events, 1);
  g_assert_cmpstr (crm_meeting_get_uid (m), ==, "s-1-20250120T090000");

  crm_ical_write_calendar_begin (out);
  for (guint i = 0; i < events->len; i++)
    crm_ical_write_meeting (out, g_ptr_array_index (events, i));
  crm_ical_write_calendar_end (out);
  g_assert_cmpuint (count_of (out->str, "\r\nUID:s-1\r\n"), ==, 2);
  g_assert_cmpuint (count_of (out->str, "\r\nRECURRENCE-ID;TZID=Europe/Berlin:"), ==, 2);

  again = read_text (out->str, result);
  g_assert_cmpuint (again->len, ==, 2);
  for (guint i = 0; i < events->len; i++)
    {
      assert_same_meeting (g_ptr_array_index (events, i), g_ptr_array_index (again, i));
      g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, i)), ==,
                       crm_meeting_get_extra_ical (g_ptr_array_index (again, i)));
    }
}

/* An event that gave its length as a DURATION is written with it again,
 * as it came, while it still gives the meeting's end; once the meeting
 * is moved to end elsewhere, with a DTEND. */
static void
test_duration (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) events = read_text (
    "BEGIN:VCALENDAR\r\n"
    "BEGIN:VEVENT\r\nUID:d-1\r\nDTSTART;TZID=Europe/Paris:20250320T090000\r\n"
    "DURATION:P2DT1H15M5S\r\nSUMMARY:Days and hours\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:d-2\r\nDTSTART;VALUE=DATE:20250101\r\nDURATION:P1W\r\n"
    "SUMMARY:All week\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:d-3\r\nDTSTART:20250101T100000Z\r\nDTEND:20250101T110000Z\r\n"
    "SUMMARY:Plain\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:d-4\r\nDTSTART;TZID=Europe/Paris:20250329T090000\r\n"
    "DURATION:P1DT1H\r\nSUMMARY:Across the change to summer time\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n", result);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) moved = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GDateTime) later = NULL;
  CrmMeeting *m;

  g_assert_cmpuint (events->len, ==, 4);
  m = g_ptr_array_index (events, 0);
  assert_instant (crm_meeting_get_end (m), "2025-03-22T09:15:05Z");
  /* A day is a day of the zone's: 9:00 to 10:00 the next day, 24 hours. */
  assert_instant (crm_meeting_get_end (g_ptr_array_index (events, 3)), "2025-03-30T08:00:00Z");
  g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, 3)), ==, "DURATION:P1DT1H");
  g_assert_cmpstr (crm_meeting_get_extra_ical (m), ==, "DURATION:P2DT1H15M5S");
  g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, 1)), ==, "DURATION:P1W");
  g_assert_null (crm_meeting_get_extra_ical (g_ptr_array_index (events, 2)));

  crm_ical_write_calendar_begin (out);
  for (guint i = 0; i < events->len; i++)
    crm_ical_write_meeting (out, g_ptr_array_index (events, i));
  crm_ical_write_calendar_end (out);
  g_assert_nonnull (strstr (out->str, "DTSTART;TZID=Europe/Paris:20250320T090000\r\nDURATION:P2DT1H15M5S\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART;VALUE=DATE:20250101\r\nDURATION:P1W\r\n"));
  g_assert_nonnull (strstr (out->str, "DTSTART;TZID=Europe/Paris:20250329T090000\r\nDURATION:P1DT1H\r\n"));
  g_assert_cmpuint (count_of (out->str, "DTEND"), ==, 1);
  g_assert_cmpuint (count_of (out->str, "DURATION"), ==, 3);

  again = read_text (out->str, result);
  g_assert_cmpuint (again->len, ==, 4);
  for (guint i = 0; i < events->len; i++)
    {
      assert_same_meeting (g_ptr_array_index (events, i), g_ptr_array_index (again, i));
      g_assert_cmpstr (crm_meeting_get_extra_ical (g_ptr_array_index (events, i)), ==,
                       crm_meeting_get_extra_ical (g_ptr_array_index (again, i)));
    }

  later = g_date_time_add_hours (crm_meeting_get_end (m), 1);
  crm_meeting_set_span (m, crm_meeting_get_start (m), later);
  crm_ical_write_meeting (moved, m);
  g_assert_null (strstr (moved->str, "DURATION"));
  g_assert_nonnull (strstr (moved->str, "DTEND;TZID=Europe/Paris:20250322T111505\r\n"));
}

static void
test_iana_zone (void)
{
  static const struct { const char *tzid, *iana; } cases[] = {
    { "Europe/Paris", "Europe/Paris" },
    { "\"Europe/Paris\"", "Europe/Paris" },
    { "/freeassociation.sourceforge.net/Tzfile/Europe/London", "Europe/London" },
    { "Eastern Standard Time", "America/New_York" },
    { "(UTC-05:00) Eastern Time (US & Canada)", "America/New_York" },
    { "Canberra, Melbourne, Sydney", "Australia/Sydney" },
    { "Tokyo Standard Time", "Asia/Tokyo" },
    { "Nowhere Standard Time", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (crm_ical_iana_zone (cases[i].tzid), ==, cases[i].iana);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ical/read-awkward", test_read_awkward);
  g_test_add_func ("/ical/read-broken", test_read_broken);
  g_test_add_func ("/ical/read-odd", test_read_odd);
  g_test_add_func ("/ical/round-trip", test_round_trip);
  g_test_add_func ("/ical/extra-props", test_extra_props);
  g_test_add_func ("/ical/extra-unreadable", test_extra_unreadable);
  g_test_add_func ("/ical/attendee-params", test_attendee_params);
  g_test_add_func ("/ical/all-day-same-date", test_all_day_same_date);
  g_test_add_func ("/ical/iana-zone", test_iana_zone);
  g_test_add_func ("/ical/overrides", test_overrides);
  g_test_add_func ("/ical/orphan-overrides", test_orphan_overrides);
  g_test_add_func ("/ical/duration", test_duration);
  return g_test_run ();
}
