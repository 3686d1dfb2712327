/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "crm-exporter.h"
#include "crm-importer.h"
#include "crm-pim-format.h"
#include "crm-read-ahead.h"
#include "crm-store-private.h"
#include "crm-store-schema.h"
#include "crm-test-util.h"
#include "crm-vcard-writer.h"

typedef struct
{
  char *dir;
  CrmStore *store;
} Fixture;

static CrmStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  CrmStore *store = crm_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = crm_test_make_dir ();
  f->store = open_store (f->dir, "crm.sqlite3");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  crm_test_remove_dir (f->dir);
  g_free (f->dir);
}

static GFile *
data_file (const char *name)
{
  const char *root = g_getenv ("SMART_CRM_SOURCE_DIR");
  g_autofree char *path = g_build_filename (root ? root : "..", "tests", "data", name, NULL);

  return g_file_new_for_path (path);
}

static CrmImportResult *
import_file (CrmStore   *store,
             GFile      *file,
             CrmChange  *change)
{
  g_autoptr(CrmImporter) importer = crm_importer_new (store);
  g_autoptr(GError) error = NULL;
  CrmImportResult *result = crm_importer_import (importer, file, change, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return result;
}

static CrmImportResult *
import_data (CrmStore   *store,
             const char *name)
{
  g_autoptr(GFile) file = data_file (name);

  return import_file (store, file, NULL);
}

static gint64
count_meetings (CrmStore *store)
{
  g_autoptr(GArray) ids = crm_store_search_meeting_ids (store, NULL, NULL, NULL, NULL);

  return ids->len;
}

static void
test_import_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CrmImportResult) contacts = import_data (f->store, "awkward-3.0.vcf");
  g_autoptr(CrmImportResult) more = import_data (f->store, "thunderbird-style.vcf");
  g_autoptr(CrmImportResult) meetings = import_data (f->store, "awkward.ics");
  g_autofree char *summary = crm_import_result_dup_summary (contacts);
  g_autofree char *summary2 = crm_import_result_dup_summary (meetings);

  g_assert_cmpstr (summary, ==, "Imported 2 contacts and 0 meetings");
  g_assert_cmpstr (summary2, ==, "Imported 0 contacts and 4 meetings");
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 4);
  g_assert_cmpint (count_meetings (f->store), ==, 4);
}

/* Attendees are linked by email, else by a name only one contact has. */
static void
test_attendee_links (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmImportResult) r1 = import_data (f->store, "awkward-3.0.vcf");
  g_autoptr(CrmImportResult) r2 = import_data (f->store, "thunderbird-style.vcf");
  g_autoptr(CrmImportResult) r3 = import_data (f->store, "awkward.ics");
  g_autoptr(CrmMeeting) west = crm_store_get_meeting_by_uid (f->store, "west-1@smart-crm.test", NULL);
  g_autoptr(CrmMeeting) utc = crm_store_get_meeting_by_uid (f->store, "utc-1@smart-crm.test", NULL);
  g_autoptr(CrmContact) kenji = crm_store_find_contact_by_email (f->store, "kenji@example.jp", NULL);
  g_autoptr(CrmContact) bernard = crm_store_get_contact_by_uid (f->store, "pas-id-65F1C2A300000001", NULL);
  GArray *a = crm_meeting_get_attendees (west);

  g_assert_cmpint (g_array_index (a, CrmAttendee, 0).contact_id, >, 0);   /* Zoë, organizer */
  g_assert_cmpint (g_array_index (a, CrmAttendee, 1).contact_id, ==, crm_contact_get_id (kenji));
  g_assert_cmpint (g_array_index (a, CrmAttendee, 2).contact_id, ==, 0);  /* not a contact */
  a = crm_meeting_get_attendees (utc);
  g_assert_cmpint (g_array_index (a, CrmAttendee, 1).contact_id, ==, crm_contact_get_id (bernard));
}

/* The same file twice: updated in place, not duplicated. */
static void
test_reimport_updates (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmImportResult) first = import_data (f->store, "broken.vcf");
  g_autoptr(CrmImportResult) again = import_data (f->store, "broken.vcf");
  g_autoptr(CrmImportResult) ics1 = import_data (f->store, "awkward.ics");
  g_autoptr(CrmChange) change = crm_change_new ("Import awkward.ics again");
  g_autoptr(GFile) ics = data_file ("awkward.ics");
  g_autoptr(CrmImportResult) ics2 = import_file (f->store, ics, change);

  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 4);
  g_assert_cmpuint (crm_import_result_get_count (again, CRM_IMPORT_COUNT_CONTACTS_ADDED), ==, 0);
  g_assert_cmpuint (crm_import_result_get_count (again, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, 5);
  g_assert_cmpint (count_meetings (f->store), ==, 4);
  g_assert_cmpuint (crm_import_result_get_count (ics2, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 4);
  /* The same meetings again: nothing written, nothing to undo. */
  g_assert_cmpuint (crm_change_get_n_records (change), ==, 0);
}

/* Skipped entries and warnings in one list by line, cut where asked. */
static void
test_issues_by_line (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autofree char *none = crm_import_result_dup_issues (result, 0);
  g_autofree char *all = NULL;
  g_autofree char *first = NULL;

  g_assert_cmpstr (none, ==, "");
  crm_import_result_add_skipped (result, 10, "no end");
  crm_import_result_add_warning (result, 7, "bad %s", "date");
  crm_import_result_add_skipped (result, 3, "no name");
  crm_import_result_add_warning (result, 10, "odd");
  all = crm_import_result_dup_issues (result, 0);
  first = crm_import_result_dup_issues (result, 2);
  g_assert_cmpstr (all, ==, "line 3: no name\nline 7: warning: bad date\nline 10: no end\nline 10: warning: odd\n");
  g_assert_cmpstr (first, ==, "line 3: no name\nline 7: warning: bad date\n…and 2 more\n");
}

static char *
message_for (guint contacts,
             guint meetings,
             guint skipped)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();

  crm_import_result_add_to_count (result, CRM_IMPORT_COUNT_CONTACTS_ADDED, contacts);
  crm_import_result_add_to_count (result, CRM_IMPORT_COUNT_MEETINGS_UPDATED, meetings);
  for (guint i = 0; i < skipped; i++)
    crm_import_result_add_skipped (result, i + 1, "broken");
  return crm_import_result_dup_message (result);
}

/* The window's message names only what came, where the command line's
 * summary keeps its fixed form. */
static void
test_window_message (void)
{
  g_autofree char *contacts = message_for (2, 0, 0);
  g_autofree char *meetings = message_for (0, 1, 0);
  g_autofree char *both = message_for (2, 4, 0);
  g_autofree char *skipped = message_for (0, 2, 3);
  g_autofree char *nothing = message_for (0, 0, 1);

  g_assert_cmpstr (contacts, ==, "Imported 2 contacts");
  g_assert_cmpstr (meetings, ==, "Imported 1 meeting");
  g_assert_cmpstr (both, ==, "Imported 2 contacts and 4 meetings");
  g_assert_cmpstr (skipped, ==, "Imported 2 meetings; skipped 3 entries");
  g_assert_cmpstr (nothing, ==, "Nothing was imported; skipped 1 entry");
}

/* Counts grouped as the locale groups them, where it does. */
static void
test_window_message_grouped (void)
{
  g_autofree char *before = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *message = NULL;

  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("the en_US.UTF-8 locale is not installed");
      return;
    }
  message = message_for (300000, 0, 1200);
  setlocale (LC_NUMERIC, before);
  g_assert_cmpstr (message, ==, "Imported 300,000 contacts; skipped 1,200 entries");
}

/* Broken entries are skipped with their lines; a card whose email is
 * taken is merged into that contact, who keeps their name. */
static void
test_broken (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmImportResult) vcf = import_data (f->store, "broken.vcf");
  g_autoptr(CrmImportResult) ics = import_data (f->store, "broken.ics");
  g_autofree char *summary = crm_import_result_dup_summary (ics);
  g_autoptr(CrmContact) good = crm_store_find_contact_by_email (f->store, "good.one@example.com", NULL);
  GArray *skipped = crm_import_result_get_skipped (ics);

  g_assert_cmpuint (crm_import_result_get_skipped (vcf)->len, ==, 1);
  g_assert_cmpuint (g_array_index (crm_import_result_get_skipped (vcf), CrmImportIssue, 0).line, ==, 6);
  g_assert_cmpstr (crm_contact_get_name (good), ==, "Good One");
  g_assert_cmpstr (summary, ==, "Imported 0 contacts and 2 meetings; skipped 3 entries");
  g_assert_cmpuint (g_array_index (skipped, CrmImportIssue, 0).line, ==, 10);
  g_assert_nonnull (strstr (g_array_index (skipped, CrmImportIssue, 0).message, "20241332T250000Z"));
  g_assert_cmpuint (g_array_index (skipped, CrmImportIssue, 1).line, ==, 15);
  g_assert_cmpuint (g_array_index (skipped, CrmImportIssue, 2).line, ==, 19);
}

static void
export_to (CrmStore   *store,
           const char *dir,
           const char *name,
           guint       expected)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CrmExporter) exporter = crm_exporter_new (store);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (crm_exporter_export (exporter, file, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected);
}

static char *
contact_text (CrmContact *c)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CrmContact) copy = crm_contact_copy (c);
  GArray *emails = crm_contact_get_emails (c);

  crm_contact_set_id (copy, 0);
  crm_contact_append_json (copy, out);
  for (guint i = 0; i < emails->len; i++)
    g_string_append_printf (out, " %s/%d", g_array_index (emails, CrmContactValue, i).type,
                            g_array_index (emails, CrmContactValue, i).preferred);
  g_string_append_printf (out, " rev %" G_GINT64_FORMAT, crm_contact_get_updated (c));
  g_string_append_printf (out, " extra %s", crm_contact_get_extra_vcard (c));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
meeting_text (CrmMeeting *m)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CrmMeeting) copy = crm_meeting_copy (m);
  GArray *a = crm_meeting_get_attendees (m);

  crm_meeting_set_id (copy, 0);
  crm_meeting_append_json (copy, out);
  g_string_append_printf (out, " %s", crm_meeting_get_tzid (m));
  g_string_append_printf (out, " extra %s", crm_meeting_get_extra_ical (m));
  for (guint i = 0; i < a->len; i++)
    g_string_append_printf (out, " %s/%s", g_array_index (a, CrmAttendee, i).email,
                            g_array_index (a, CrmAttendee, i).contact_id ? "linked" : "-");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
all_texts (CrmStore *store)
{
  g_autoptr(GArray) cids = crm_store_search_contact_ids (store, NULL, NULL);
  g_autoptr(GArray) mids = crm_store_search_meeting_ids (store, NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) contacts = crm_store_get_contacts (store, (gint64 *) cids->data, cids->len, NULL);
  g_autoptr(GPtrArray) meetings = crm_store_get_meetings (store, (gint64 *) mids->data, mids->len, NULL);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < contacts->len; i++)
    g_ptr_array_add (texts, contact_text (g_ptr_array_index (contacts, i)));
  for (guint i = 0; i < meetings->len; i++)
    g_ptr_array_add (texts, meeting_text (g_ptr_array_index (meetings, i)));
  return texts;
}

/* import → export → import into an empty database keeps every field. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *files[] = { "awkward-3.0.vcf", "thunderbird-style.vcf", "broken.vcf", "extra-props.vcf",
                          "awkward.ics", "broken.ics", "extra-props.ics" };
  g_autoptr(CrmStore) empty = open_store (f->dir, "empty.sqlite3");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *vcf = g_build_filename (f->dir, "out.vcf", NULL);
  g_autofree char *ics = g_build_filename (f->dir, "out.ics", NULL);
  g_autoptr(GFile) vcf_file = g_file_new_for_path (vcf);
  g_autoptr(GFile) ics_file = g_file_new_for_path (ics);
  g_autoptr(CrmImportResult) r1 = NULL;
  g_autoptr(CrmImportResult) r2 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (import_data (f->store, files[i]));
  export_to (f->store, f->dir, "out.vcf", 10);
  export_to (f->store, f->dir, "out.ics", 7);
  r1 = import_file (empty, vcf_file, NULL);
  r2 = import_file (empty, ics_file, NULL);
  g_assert_cmpuint (crm_import_result_get_skipped (r1)->len + crm_import_result_get_skipped (r2)->len, ==, 0);
  g_assert_cmpuint (crm_import_result_get_warnings (r1)->len + crm_import_result_get_warnings (r2)->len, ==, 0);

  before = all_texts (f->store);
  after = all_texts (empty);
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (before, i), ==, g_ptr_array_index (after, i));
}

static GFile *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

/* Export writes records in the order they were written, so a file
 * imported and exported again keeps its order (not name order). */
static void
test_export_keeps_file_order (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GFile) cards = write_file (f->dir, "order.vcf",
                                       "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:z\r\nFN:Zoe Zed\r\nEND:VCARD\r\n"
                                       "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Adam Ash\r\nEND:VCARD\r\n"
                                       "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:m\r\nFN:Mia Moss\r\nEND:VCARD\r\n");
  g_autoptr(GFile) events = write_file (f->dir, "order.ics",
                                        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                                        "BEGIN:VEVENT\r\nUID:late\r\nDTSTART:20270301T100000Z\r\nSUMMARY:Late\r\nEND:VEVENT\r\n"
                                        "BEGIN:VEVENT\r\nUID:early\r\nDTSTART:20270101T100000Z\r\nSUMMARY:Early\r\nEND:VEVENT\r\n"
                                        "END:VCALENDAR\r\n");
  g_autoptr(CrmImportResult) r1 = import_file (f->store, cards, NULL);
  g_autoptr(CrmImportResult) r2 = import_file (f->store, events, NULL);
  g_autofree char *vcf_path = g_build_filename (f->dir, "out-order.vcf", NULL);
  g_autofree char *ics_path = g_build_filename (f->dir, "out-order.ics", NULL);
  g_autofree char *vcf = NULL;
  g_autofree char *ics = NULL;

  export_to (f->store, f->dir, "out-order.vcf", 3);
  export_to (f->store, f->dir, "out-order.ics", 2);
  g_assert_true (g_file_get_contents (vcf_path, &vcf, NULL, NULL));
  g_assert_true (g_file_get_contents (ics_path, &ics, NULL, NULL));
  g_assert_nonnull (strstr (vcf, "FN:Mia Moss"));
  g_assert_nonnull (strstr (ics, "SUMMARY:Early"));
  g_assert_true (strstr (vcf, "FN:Zoe Zed") < strstr (vcf, "FN:Adam Ash"));
  g_assert_true (strstr (vcf, "FN:Adam Ash") < strstr (vcf, "FN:Mia Moss"));
  g_assert_true (strstr (ics, "SUMMARY:Late") < strstr (ics, "SUMMARY:Early"));
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

/* A series with its changed occurrences, one before it: a second import
 * updates the one meeting; the export has every occurrence again, with
 * the VTIMEZONE of a zone only an occurrence uses, and reads back the same. */
static void
test_overrides (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f->dir, "series.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-2\r\nRECURRENCE-ID:20250303T150000Z\r\n"
    "DTSTART;TZID=Asia/Tokyo:20250305T090000\r\nDURATION:PT1H\r\nSUMMARY:Call from Tokyo\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-2\r\nDTSTART:20250303T150000Z\r\nDTEND:20250303T160000Z\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Call\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-2\r\nRECURRENCE-ID:20250310T150000Z\r\n"
    "DTSTART:20250310T150000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n");
  g_autoptr(CrmStore) empty = open_store (f->dir, "empty.sqlite3");
  g_autofree char *out_path = g_build_filename (f->dir, "out.ics", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(CrmImportResult) r1 = import_file (f->store, file, NULL);
  g_autoptr(CrmImportResult) r2 = import_file (f->store, file, NULL);
  g_autoptr(CrmImportResult) r3 = NULL;
  g_autoptr(CrmMeeting) m = crm_store_get_meeting_by_uid (f->store, "s-2", NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (crm_import_result_get_skipped (r1)->len, ==, 0);
  g_assert_cmpuint (crm_import_result_get_count (r1, CRM_IMPORT_COUNT_MEETINGS_ADDED), ==, 1);
  g_assert_cmpuint (crm_import_result_get_count (r2, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 1);
  g_assert_cmpint (count_meetings (f->store), ==, 1);
  g_assert_cmpuint (count_of (crm_meeting_get_extra_ical (m), "RECURRENCE-ID"), ==, 2);

  export_to (f->store, f->dir, "out.ics", 1);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  g_assert_cmpuint (count_of (text, "\r\nUID:s-2\r\n"), ==, 3);
  g_assert_cmpuint (count_of (text, "\r\nRECURRENCE-ID"), ==, 2);
  g_assert_nonnull (strstr (text, "\r\nTZID:Asia/Tokyo\r\n"));
  g_assert_nonnull (strstr (text, "\r\nDTSTART;TZID=Asia/Tokyo:20250305T090000\r\n"));

  r3 = import_file (empty, out_file, NULL);
  g_assert_cmpuint (crm_import_result_get_skipped (r3)->len, ==, 0);
  g_assert_cmpuint (crm_import_result_get_warnings (r3)->len, ==, 0);
  before = all_texts (f->store);
  after = all_texts (empty);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (before, 0), ==, g_ptr_array_index (after, 0));
}

/* A changed occurrence alone: a second import updates it; exported, it
 * has the series' UID again, and reads back the same. */
static void
test_orphan_override (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f->dir, "moved.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-3\r\nRECURRENCE-ID:20250303T150000Z\r\n"
    "DTSTART:20250304T150000Z\r\nDTEND:20250304T160000Z\r\nSUMMARY:Call, moved\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n");
  g_autoptr(CrmStore) empty = open_store (f->dir, "empty.sqlite3");
  g_autofree char *out_path = g_build_filename (f->dir, "out.ics", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(CrmImportResult) r1 = import_file (f->store, file, NULL);
  g_autoptr(CrmImportResult) r2 = import_file (f->store, file, NULL);
  g_autoptr(CrmImportResult) r3 = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (crm_import_result_get_count (r1, CRM_IMPORT_COUNT_MEETINGS_ADDED), ==, 1);
  g_assert_cmpuint (crm_import_result_get_count (r2, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 1);
  g_assert_cmpint (count_meetings (f->store), ==, 1);

  export_to (f->store, f->dir, "out.ics", 1);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\r\nUID:s-3\r\n"));
  g_assert_nonnull (strstr (text, "\r\nRECURRENCE-ID:20250303T150000Z\r\n"));

  r3 = import_file (empty, out_file, NULL);
  before = all_texts (f->store);
  after = all_texts (empty);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (before, 0), ==, g_ptr_array_index (after, 0));
}

/* Changed occurrences that came alone, then their series: they are kept
 * with the series, the file's own version of an occurrence first, and the
 * meetings they were go; a meeting whose UID merely begins with the
 * series' stays. Undo brings them back. */
static void
test_orphan_then_series (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) lone = write_file (f->dir, "lone.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-4\r\nRECURRENCE-ID:20250303T150000Z\r\n"
    "DTSTART:20250304T150000Z\r\nDTEND:20250304T160000Z\r\nSUMMARY:Call, moved\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-4\r\nRECURRENCE-ID:20250310T150000Z\r\n"
    "DTSTART:20250310T170000Z\r\nDTEND:20250310T180000Z\r\nSUMMARY:Call, old news\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-4-notes\r\n"
    "DTSTART:20250305T150000Z\r\nDTEND:20250305T160000Z\r\nSUMMARY:Notes\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n");
  g_autoptr(GFile) series = write_file (f->dir, "series.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-4\r\nDTSTART:20250303T150000Z\r\nDTEND:20250303T160000Z\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Call\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-4\r\nRECURRENCE-ID:20250310T150000Z\r\n"
    "DTSTART:20250310T160000Z\r\nDTEND:20250310T170000Z\r\nSUMMARY:Call, later\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n");
  g_autoptr(CrmStore) empty = open_store (f->dir, "empty.sqlite3");
  g_autofree char *out_path = g_build_filename (f->dir, "out.ics", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(CrmImportResult) r1 = import_file (f->store, lone, NULL);
  g_autoptr(CrmImportResult) r2 = NULL;
  g_autoptr(CrmImportResult) r3 = NULL;
  g_autoptr(CrmMeeting) m = NULL;
  g_autoptr(CrmMeeting) back = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (count_meetings (f->store), ==, 3);
  r2 = import_file (f->store, series, change);
  g_assert_cmpuint (crm_import_result_get_skipped (r2)->len, ==, 0);
  g_assert_cmpint (count_meetings (f->store), ==, 2);
  g_assert_null (crm_store_get_meeting_by_uid (f->store, "s-4-20250303T150000Z", NULL));
  g_assert_null (crm_store_get_meeting_by_uid (f->store, "s-4-20250310T150000Z", NULL));
  m = crm_store_get_meeting_by_uid (f->store, "s-4", NULL);
  g_assert_cmpuint (count_of (crm_meeting_get_extra_ical (m), "RECURRENCE-ID"), ==, 2);

  export_to (f->store, f->dir, "out.ics", 2);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  g_assert_cmpuint (count_of (text, "\r\nUID:s-4\r\n"), ==, 3);
  g_assert_cmpuint (count_of (text, "\r\nRECURRENCE-ID:20250303T150000Z\r\n"), ==, 1);
  g_assert_cmpuint (count_of (text, "\r\nRECURRENCE-ID:20250310T150000Z\r\n"), ==, 1);
  g_assert_nonnull (strstr (text, "SUMMARY:Call\\, moved"));
  g_assert_nonnull (strstr (text, "SUMMARY:Call\\, later"));
  g_assert_null (strstr (text, "old news"));

  r3 = import_file (empty, out_file, NULL);
  before = all_texts (f->store);
  after = all_texts (empty);
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (before, i), ==, g_ptr_array_index (after, i));

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_meetings (f->store), ==, 3);
  g_assert_null (crm_store_get_meeting_by_uid (f->store, "s-4", NULL));
  back = crm_store_get_meeting_by_uid (f->store, "s-4-20250303T150000Z", NULL);
  g_assert_cmpstr (crm_meeting_get_title (back), ==, "Call, moved");
}

/* The other way round: changed occurrences that come alone after their
 * series are kept with it, in place of its own version of the same
 * occurrence; a second import changes nothing more, and undo gives the
 * series back as it was. */
static void
test_series_then_orphan (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) series = write_file (f->dir, "series.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-5\r\nDTSTART:20250303T150000Z\r\nDTEND:20250303T160000Z\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Call\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-5\r\nRECURRENCE-ID:20250310T150000Z\r\n"
    "DTSTART:20250310T160000Z\r\nDTEND:20250310T170000Z\r\nSUMMARY:Call, later\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n");
  g_autoptr(GFile) lone = write_file (f->dir, "lone.ics",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:s-5\r\nRECURRENCE-ID:20250303T150000Z\r\n"
    "DTSTART:20250304T150000Z\r\nDTEND:20250304T160000Z\r\nSUMMARY:Call, moved\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:s-5\r\nRECURRENCE-ID:20250310T150000Z\r\n"
    "DTSTART:20250310T170000Z\r\nDTEND:20250310T180000Z\r\nSUMMARY:Call, even later\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n");
  g_autofree char *out_path = g_build_filename (f->dir, "out.ics", NULL);
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(CrmImportResult) r1 = import_file (f->store, series, NULL);
  g_autoptr(CrmMeeting) first = crm_store_get_meeting_by_uid (f->store, "s-5", NULL);
  g_autoptr(CrmImportResult) r2 = import_file (f->store, lone, change);
  g_autoptr(CrmImportResult) r3 = import_file (f->store, lone, NULL);
  g_autoptr(CrmMeeting) m = crm_store_get_meeting_by_uid (f->store, "s-5", NULL);
  g_autoptr(CrmMeeting) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (crm_import_result_get_count (r2, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 2);
  g_assert_cmpint (count_meetings (f->store), ==, 1);
  g_assert_cmpuint (count_of (crm_meeting_get_extra_ical (m), "RECURRENCE-ID"), ==, 2);
  g_assert_null (strstr (crm_meeting_get_extra_ical (m), "Call\\, later"));

  export_to (f->store, f->dir, "out.ics", 1);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  g_assert_cmpuint (count_of (text, "\r\nUID:s-5\r\n"), ==, 3);
  g_assert_nonnull (strstr (text, "SUMMARY:Call\\, moved"));
  g_assert_nonnull (strstr (text, "SUMMARY:Call\\, even later"));

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  back = crm_store_get_meeting_by_uid (f->store, "s-5", NULL);
  g_assert_cmpstr (crm_meeting_get_extra_ical (back), ==, crm_meeting_get_extra_ical (first));
}

static CrmContact *
add_ada (CrmStore   *store,
         const char *extra)
{
  g_autoptr(GError) error = NULL;
  CrmContact *c = crm_contact_new ("Ada L.");

  crm_contact_add_email (c, "ada@example.org", NULL, TRUE);
  crm_contact_set_extra_vcard (c, extra);
  g_assert_true (crm_store_insert_contact (store, c, &error));
  g_assert_no_error (error);
  return c;
}

/* A card merged by its email brings its extra lines to a contact that has
 * none, and leaves a contact's own alone. */
static void
test_merge_extra (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmStore) other = open_store (f->dir, "other.sqlite3");
  g_autoptr(CrmContact) ada = add_ada (f->store, NULL);
  g_autoptr(CrmContact) own = add_ada (other, "NICKNAME:Mine");
  g_autoptr(CrmImportResult) r1 = import_data (f->store, "extra-props.vcf");
  g_autoptr(CrmImportResult) r2 = import_data (other, "extra-props.vcf");
  g_autoptr(CrmContact) merged = crm_store_get_contact (f->store, crm_contact_get_id (ada), NULL);
  g_autoptr(CrmContact) kept = crm_store_get_contact (other, crm_contact_get_id (own), NULL);

  g_assert_cmpuint (crm_import_result_get_count (r1, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, 1);
  g_assert_cmpstr (crm_contact_get_name (merged), ==, "Ada L.");
  g_assert_true (g_str_has_prefix (crm_contact_get_extra_vcard (merged), "ADR;TYPE=home,pref:;;1 Main St\\; Apt 2;"));
  g_assert_true (g_str_has_suffix (crm_contact_get_extra_vcard (merged), "\nNICKNAME:Ada,The Countess"));
  g_assert_cmpstr (crm_contact_get_extra_vcard (kept), ==, "NICKNAME:Mine");
}

/* A card merged into a contact that keeps its own company and notes
 * brings its other lines, but not those that stood for its company (a
 * structured ORG) and notes (several NOTEs): the export has one of each. */
static void
test_merge_keeps_own_fields (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "sam.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CrmContact) sam = crm_contact_new ("Sam Stored");
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(CrmContact) merged = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  crm_contact_set_company (sam, "Foo Inc");
  crm_contact_set_notes (sam, "Typed by hand");
  crm_contact_add_email (sam, "sam@example.com", NULL, TRUE);
  g_assert_true (crm_store_insert_contact (f->store, sam, NULL));
  g_assert_true (g_file_set_contents (path, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:other\r\nFN:Sam Card\r\n"
                                            "ORG:Acme;Sales\r\nNOTE:First\r\nNOTE:Second\r\n"
                                            "NICKNAME:Sammy\r\nEMAIL:sam@example.com\r\nEND:VCARD\r\n", -1, NULL));
  result = import_file (f->store, file, NULL);
  g_assert_cmpuint (crm_import_result_get_count (result, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, 1);
  merged = crm_store_get_contact (f->store, crm_contact_get_id (sam), NULL);
  g_assert_cmpstr (crm_contact_get_company (merged), ==, "Foo Inc");
  g_assert_cmpstr (crm_contact_get_notes (merged), ==, "Typed by hand");
  g_assert_cmpstr (crm_contact_get_extra_vcard (merged), ==, "NICKNAME:Sammy");
  crm_vcard_write_contact (out, merged);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:Foo Inc"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE:Typed by hand"), ==, 1);
  g_assert_null (strstr (out->str, "Acme"));
  g_assert_null (strstr (out->str, "Second"));
}

static CrmMeeting *
add_stale_meeting (CrmStore   *store,
                   const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 1, 2, 10, 0, 0);
  CrmMeeting *m = crm_meeting_new ("Old");

  crm_meeting_set_uid (m, uid);
  crm_meeting_set_span (m, start, start);
  crm_meeting_set_extra_ical (m, "STATUS:TENTATIVE");
  g_assert_true (crm_store_insert_meeting (store, m, &error));
  g_assert_no_error (error);
  return m;
}

/* A meeting updated by its UID takes the file's extra-ical, none
 * included, as it takes its other fields; undo brings the old back. */
static void
test_update_extra_ical (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CrmMeeting) old = add_stale_meeting (f->store, "extra-props-1");
  g_autoptr(CrmMeeting) bare = add_stale_meeting (f->store, "bare-1");
  g_autofree char *path = g_build_filename (f->dir, "bare.ics", NULL);
  g_autoptr(GFile) bare_file = g_file_new_for_path (path);
  g_autoptr(GFile) extra_file = data_file ("extra-props.ics");
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(CrmImportResult) r1 = NULL;
  g_autoptr(CrmImportResult) r2 = NULL;
  g_autoptr(CrmMeeting) m = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:bare-1\r\n"
                                            "DTSTART:20250102T100000Z\r\nSUMMARY:Bare\r\n"
                                            "END:VEVENT\r\nEND:VCALENDAR\r\n", -1, NULL));
  r1 = import_file (f->store, extra_file, change);
  r2 = import_file (f->store, bare_file, NULL);
  g_assert_cmpuint (crm_import_result_get_count (r1, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 1);
  g_assert_cmpuint (crm_import_result_get_count (r2, CRM_IMPORT_COUNT_MEETINGS_UPDATED), ==, 1);
  m = crm_store_get_meeting (f->store, crm_meeting_get_id (old), NULL);
  g_assert_true (g_str_has_prefix (crm_meeting_get_extra_ical (m), "EXDATE:20250604T130000Z\n"));
  g_assert_nonnull (strstr (crm_meeting_get_extra_ical (m), "\nSTATUS:CONFIRMED\n"));
  g_assert_null (strstr (crm_meeting_get_extra_ical (m), "TENTATIVE"));
  g_clear_object (&m);
  m = crm_store_get_meeting (f->store, crm_meeting_get_id (bare), NULL);
  g_assert_null (crm_meeting_get_extra_ical (m));

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_clear_object (&m);
  m = crm_store_get_meeting (f->store, crm_meeting_get_id (old), NULL);
  g_assert_cmpstr (crm_meeting_get_extra_ical (m), ==, "STATUS:TENTATIVE");
}

/* One undo step takes the whole import back; redo brings it again. */
static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CrmImportResult) first = import_data (f->store, "thunderbird-style.vcf");
  g_autoptr(CrmContact) alice = crm_store_get_contact_by_uid (f->store, "5d8b2b2a-4f43-4c8e-9a3c-0f52b9b4f001", NULL);
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(GFile) vcf = data_file ("awkward-3.0.vcf");
  g_autoptr(GFile) tb = data_file ("thunderbird-style.vcf");
  g_autoptr(CrmImportResult) r1 = NULL;
  g_autoptr(CrmImportResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) restored = NULL;
  g_autoptr(CrmContact) bernard = NULL;

  /* Alice, edited since, is updated by the second import; Bernard, as the
   * file has him, is left as he is (not written, nothing to undo, his
   * time of change kept) and still counted among the file's contacts. */
  crm_contact_set_job_title (alice, "Manager");
  g_assert_true (crm_store_update_contact (f->store, alice, NULL));
  bernard = crm_store_get_contact_by_uid (f->store, "pas-id-65F1C2A300000001", NULL);
  crm_contact_set_times (bernard, crm_contact_get_created (bernard), 1000);
  g_assert_true (crm_store_put_contact (f->store, bernard, NULL));
  r1 = import_file (f->store, vcf, change);
  r2 = import_file (f->store, tb, change);
  g_assert_cmpuint (crm_change_get_n_records (change), ==, 3);
  g_assert_cmpuint (crm_import_result_get_n_contacts (r2), ==, 2);
  g_clear_object (&bernard);
  bernard = crm_store_get_contact_by_uid (f->store, "pas-id-65F1C2A300000001", NULL);
  g_assert_cmpint (crm_contact_get_updated (bernard), ==, 1000);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 4);

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
  restored = crm_store_get_contact_by_uid (f->store, "5d8b2b2a-4f43-4c8e-9a3c-0f52b9b4f001", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (restored), ==, "Manager");
  g_assert_true (crm_change_redo (change, f->store, &error));
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 4);
}

static GFile *
write_big_file_titled (const char *dir,
                       guint       n,
                       const char *title)
{
  g_autofree char *path = g_build_filename (dir, "big.vcf", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:big-%u\r\nFN:Person %u\r\n"
                              "EMAIL:p%u@example.com\r\nTEL:+1 555 %07u\r\n", i, i, i, i);
      if (title)
        g_string_append_printf (text, "TITLE:%s %u\r\n", title, i);
      g_string_append (text, "END:VCARD\r\n");
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_file_new_for_path (path);
}

static GFile *
write_big_file (const char *dir,
                guint       n)
{
  return write_big_file_titled (dir, n, NULL);
}

/* The same big file again writes nothing: the bulk write's end then only
 * makes again what it dropped, and the places in name order, the search
 * index and its upkeep are whole afterwards. */
static void
test_bulk_reimport_unchanged (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GFile) big = write_big_file (f->dir, 3000);
  g_autoptr(CrmImportResult) first = import_file (f->store, big, NULL);
  g_autoptr(CrmImportResult) again = import_file (f->store, big, NULL);
  g_autoptr(CrmContact) zed = crm_contact_new ("Person Zed");
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(CrmContact) head = NULL;
  g_autoptr(CrmContact) tail = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 3000);
  found = crm_store_search_contact_ids (f->store, "person 2999", NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  g_assert_true (crm_store_insert_contact (f->store, zed, &error));
  g_assert_no_error (error);
  found = crm_store_search_contact_ids (f->store, "zed", NULL);
  g_assert_cmpuint (found->len, ==, 1);
  all = crm_store_search_contact_ids (f->store, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 3001);
  head = crm_store_get_contact (f->store, g_array_index (all, gint64, 0), NULL);
  tail = crm_store_get_contact (f->store, g_array_index (all, gint64, 3000), NULL);
  g_assert_cmpstr (crm_contact_get_name (head), ==, "Person 0");
  g_assert_cmpstr (crm_contact_get_name (tail), ==, "Person Zed");
}

static void
assert_big_titles (CrmStore   *store,
                   guint       n,
                   const char *title)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uid = g_strdup_printf ("big-%u", i);
      g_autofree char *expected = title ? g_strdup_printf ("%s %u", title, i) : NULL;
      g_autoptr(CrmContact) contact = crm_store_get_contact_by_uid (store, uid, NULL);

      g_assert_nonnull (contact);
      g_assert_cmpstr (crm_contact_get_job_title (contact), ==, expected);
      g_assert_cmpuint (crm_contact_get_emails (contact)->len, ==, 1);
    }
}

/* A big file (imported in bulk) that gives a UID twice: the second card
 * replaces the first, as it would in a small one. */
static void
test_bulk_repeated_uids (Fixture       *f,
                         gconstpointer  data)
{
  const guint n = 6000, distinct = 3000;
  g_autofree char *path = g_build_filename (f->dir, "twice.vcf", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(CrmContact) last = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twice-%u\r\nFN:Person %u\r\n"
                            "EMAIL:p%u@example.com\r\nTITLE:Card %u\r\n"
                            /* Long enough a file for the bulk path (crm-importer.c). */
                            "NOTE:Met at the spring fair\\, asked about the catalogue\r\nEND:VCARD\r\n",
                            i % distinct, i % distinct, i % distinct, i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  file = g_file_new_for_path (path);
  result = import_file (f->store, file, NULL);
  g_assert_cmpuint (crm_import_result_get_count (result, CRM_IMPORT_COUNT_CONTACTS_ADDED), ==, distinct);
  g_assert_cmpuint (crm_import_result_get_count (result, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, n - distinct);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, distinct);
  last = crm_store_get_contact_by_uid (f->store, "twice-42", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (last), ==, "Card 3042");
  {
    g_autoptr(GArray) found = crm_store_search_contact_ids (f->store, "person", NULL);
    g_assert_cmpuint (found->len, ==, distinct);
  }
}

/* 6,000 cards of nine lines each (big enough for the bulk path), card i
 * at line 1 + 9 i, with two emails and a phone; some repeat others:
 * 100 has card 10's email (merged into it), 300 the emails of cards 1
 * and 2 (skipped), 400 card 20's UID (replaces it), 5000 card 100's
 * email, which card 10 has by then; 4000 has no name (skipped as read). */
#define REPEATS_CARDS 6000

static GFile *
write_repeats_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "repeats.vcf", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < REPEATS_CARDS; i++)
    {
      g_autofree char *uid = g_strdup_printf ("c-%u", i == 400 ? 20 : i);
      g_autofree char *first = g_strdup_printf ("p%u@example.com", i == 300 ? 1 : i == 5000 ? 100 : i);
      g_autofree char *second = i == 100 ? g_strdup ("P10@example.com")
                              : i == 300 ? g_strdup ("p2@example.com")
                              : g_strdup_printf ("x%u@example.com", i);

      if (i == 4000)
        {
          /* Nothing to name it by: skipped as it is read, after 300. */
          g_string_append (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c-4000\r\nX-A:1\r\nX-B:2\r\n"
                                 "X-C:3\r\nX-D:4\r\nNOTE:No name\r\nEND:VCARD\r\n");
          continue;
        }
      g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:Person %u\r\n"
                              "EMAIL:%s\r\nEMAIL:%s\r\nTEL:+1 555 %07u\r\n"
                              "NOTE:Met at the spring fair\\, asked about the catalogue\r\nEND:VCARD\r\n",
                              uid, i, first, second, i);
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_file_new_for_path (path);
}

static gboolean
has_email (CrmContact *contact,
           const char *email)
{
  GArray *emails = crm_contact_get_emails (contact);

  for (guint i = 0; i < emails->len; i++)
    if (g_ascii_strcasecmp (g_array_index (emails, CrmContactValue, i).value, email) == 0)
      return TRUE;
  return FALSE;
}

/* A big file (imported in bulk, where repeats are found at the end) comes
 * out as a small one would, card by card: merged, replaced and skipped
 * cards, the skipped ones at their lines and in order. */
static void
test_bulk_repeated_emails (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = write_repeats_file (f->dir);
  g_autoptr(CrmImportResult) result = import_file (f->store, file, NULL);
  GArray *skipped = crm_import_result_get_skipped (result);
  g_autoptr(CrmContact) ten = crm_store_get_contact_by_uid (f->store, "c-10", NULL);
  g_autoptr(CrmContact) twenty = crm_store_get_contact_by_uid (f->store, "c-20", NULL);
  g_autoptr(GArray) found = NULL;

  g_assert_cmpuint (crm_import_result_get_count (result, CRM_IMPORT_COUNT_CONTACTS_ADDED), ==, REPEATS_CARDS - 5);
  g_assert_cmpuint (crm_import_result_get_count (result, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, 3);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, REPEATS_CARDS - 5);
  /* In line order, though 300 was found to repeat only at the end. */
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpuint (g_array_index (skipped, CrmImportIssue, 0).line, ==, 1 + 300 * 9);
  g_assert_nonnull (strstr (g_array_index (skipped, CrmImportIssue, 0).message, "Person 2"));
  g_assert_cmpuint (g_array_index (skipped, CrmImportIssue, 1).line, ==, 1 + 4000 * 9);

  /* Card 10 took in 100's emails and phone, then 5000's. */
  g_assert_cmpstr (crm_contact_get_name (ten), ==, "Person 10");
  g_assert_true (has_email (ten, "p100@example.com"));
  g_assert_true (has_email (ten, "x5000@example.com"));
  g_assert_cmpuint (crm_contact_get_phones (ten)->len, ==, 3);
  g_assert_null (crm_store_get_contact_by_uid (f->store, "c-100", NULL));
  g_assert_null (crm_store_get_contact_by_uid (f->store, "c-5000", NULL));
  /* Card 400 replaced card 20. */
  g_assert_cmpstr (crm_contact_get_name (twenty), ==, "Person 400");
  g_assert_false (has_email (twenty, "p20@example.com"));
  g_assert_null (crm_store_find_contact_by_email (f->store, "p20@example.com", NULL));
  /* Every contact is in the search index once, the merged ones too. */
  found = crm_store_search_contact_ids (f->store, "person", NULL);
  g_assert_cmpuint (found->len, ==, REPEATS_CARDS - 5);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "x5000@", NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, crm_contact_get_id (ten));
}

/* Undo (or redo) of @change works and leaves @n contacts. */
static void
assert_applied (CrmChange *change,
                CrmStore  *store,
                gboolean   undo,
                gint64     n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true ((undo ? crm_change_undo : crm_change_redo) (change, store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (store), ==, n);
}

/* A card that replaces a contact by its UID frees an email that a later
 * card takes: undo gives the email back to the contact it was taken from
 * (the new contact holding it goes first), redo moves it again. */
static void
test_undo_freed_email (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "freed.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CrmChange) change = crm_change_new ("Import freed.vcf");
  g_autoptr(CrmContact) stored = crm_contact_new ("Quinn Stored");
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(CrmContact) owner = NULL;
  g_autoptr(CrmContact) back = NULL;

  crm_contact_set_uid (stored, "u19");
  crm_contact_add_email (stored, "q@example.com", NULL, TRUE);
  g_assert_true (crm_store_insert_contact (f->store, stored, NULL));
  g_assert_true (g_file_set_contents (path,
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u18\r\nFN:Nia New\r\nEMAIL:n@example.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u18\r\nFN:Nia New\r\nEMAIL:n2@example.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u19\r\nFN:Quinn Card\r\nEMAIL:r2@example.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u20\r\nFN:Nia Later\r\nEMAIL:n@example.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u21\r\nFN:Sol Card\r\nEMAIL:q@example.com\r\nEND:VCARD\r\n", -1, NULL));
  result = import_file (f->store, file, change);
  g_assert_cmpuint (crm_import_result_get_skipped (result)->len, ==, 0);
  owner = crm_store_find_contact_by_email (f->store, "q@example.com", NULL);
  g_assert_cmpstr (crm_contact_get_name (owner), ==, "Sol Card");
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 4);

  assert_applied (change, f->store, TRUE, 1);
  back = crm_store_find_contact_by_email (f->store, "q@example.com", NULL);
  g_assert_cmpstr (crm_contact_get_name (back), ==, "Quinn Stored");

  assert_applied (change, f->store, FALSE, 4);
  g_clear_object (&owner);
  owner = crm_store_find_contact_by_email (f->store, "q@example.com", NULL);
  g_assert_cmpstr (crm_contact_get_name (owner), ==, "Sol Card");
}

/* Undo of a bulk import with repeats takes back what its cards added and
 * the stored contact they merged into; redo brings both again. */
static void
test_bulk_repeats_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = write_repeats_file (f->dir);
  g_autoptr(CrmChange) change = crm_change_new ("Import repeats.vcf");
  g_autoptr(CrmContact) known = crm_contact_new ("Known Person");
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(CrmContact) after = NULL;
  g_autoptr(CrmContact) restored = NULL;
  g_autoptr(CrmContact) redone = NULL;
  g_autoptr(GError) error = NULL;

  crm_contact_add_email (known, "p7@example.com", NULL, TRUE);
  crm_contact_set_job_title (known, "Clerk");
  g_assert_true (crm_store_insert_contact (f->store, known, &error));
  result = import_file (f->store, file, change);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1 + REPEATS_CARDS - 6);
  after = crm_store_get_contact (f->store, crm_contact_get_id (known), NULL);
  g_assert_true (has_email (after, "x7@example.com"));
  g_assert_true (crm_change_can_redo (change));

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
  restored = crm_store_get_contact (f->store, crm_contact_get_id (known), NULL);
  g_assert_false (has_email (restored, "x7@example.com"));
  g_assert_cmpstr (crm_contact_get_job_title (restored), ==, "Clerk");

  g_assert_true (crm_change_redo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1 + REPEATS_CARDS - 6);
  redone = crm_store_get_contact_by_uid (f->store, "c-10", NULL);
  g_assert_true (has_email (redone, "x5000@example.com"));
}

/* Undo of an import of many new contacts (kept as a range of ids) into
 * a store of few: the rows, their emails, phones, places and search
 * entries go, links from meetings are undone, and what stays is as it
 * was, found, ordered and still checked for repeats. */
#define MANY_NEW_CARDS 12000

static void
test_undo_many_new (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(CrmChange) change = crm_change_new ("Import many.vcf");
  g_autoptr(CrmContact) stored = crm_contact_new ("Stored Person");
  g_autoptr(CrmContact) other = crm_contact_new ("Other Stored");
  g_autoptr(CrmContact) repeat = crm_contact_new ("Repeat Person");
  g_autoptr(CrmContact) freed = crm_contact_new ("Takes A Freed Email");
  g_autoptr(CrmMeeting) meeting = crm_meeting_new ("Review");
  g_autoptr(CrmMeeting) linked = NULL;
  g_autoptr(CrmMeeting) unlinked = NULL;
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;

  crm_contact_add_email (stored, "stored@example.com", NULL, TRUE);
  crm_contact_add_phone (stored, "+44 20 7946 0000", NULL, TRUE);
  g_assert_true (crm_store_insert_contact (f->store, stored, &error));
  g_assert_true (crm_store_insert_contact (f->store, other, &error));
  {
    g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (1750000000);
    g_autoptr(GDateTime) end = g_date_time_add_hours (start, 1);
    crm_meeting_set_span (meeting, start, end);
  }
  crm_meeting_add_attendee (meeting, "Card 00042", "card42@example.com", 0);
  g_assert_true (crm_store_insert_meeting (f->store, meeting, &error));
  for (guint i = 0; i < MANY_NEW_CARDS; i++)
    g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:many-%u\r\nFN:Card %05u\r\n"
                            "EMAIL:card%u@example.com\r\nTEL:+1 555 %07u\r\nEND:VCARD\r\n", i, i, i, i);
  file = write_file (f->dir, "many.vcf", text->str);
  result = import_file (f->store, file, change);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2 + MANY_NEW_CARDS);
  linked = crm_store_get_meeting (f->store, crm_meeting_get_id (meeting), &error);
  g_assert_cmpint (g_array_index (crm_meeting_get_attendees (linked), CrmAttendee, 0).contact_id, >, 0);

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
  unlinked = crm_store_get_meeting (f->store, crm_meeting_get_id (meeting), &error);
  g_assert_cmpint (g_array_index (crm_meeting_get_attendees (unlinked), CrmAttendee, 0).contact_id, ==, 0);
  found = crm_store_search_contact_ids (f->store, "card", &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "stored", &error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, crm_contact_get_id (other));
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "+44 20 7946", &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* The kept contact's email is still its own; the new ones' are free. */
  crm_contact_add_email (repeat, "STORED@example.com", NULL, TRUE);
  g_assert_false (crm_store_insert_contact (f->store, repeat, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  crm_contact_add_email (freed, "card7@example.com", NULL, TRUE);
  g_assert_true (crm_store_insert_contact (f->store, freed, &error));
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "takes", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, NULL, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, crm_contact_get_id (other));
  g_assert_cmpint (g_array_index (found, gint64, 2), ==, crm_contact_get_id (freed));
}

/* A file that gives a stored contact twice updates it twice; undo brings
 * back the contact as it was before the file, not after its first card. */
static void
test_undo_twice_updated (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first_path = g_build_filename (f->dir, "once.vcf", NULL);
  g_autofree char *twice_path = g_build_filename (f->dir, "twice.vcf", NULL);
  g_autoptr(GFile) once = g_file_new_for_path (first_path);
  g_autoptr(GFile) twice = g_file_new_for_path (twice_path);
  g_autoptr(CrmImportResult) r1 = NULL;
  g_autoptr(CrmImportResult) r2 = NULL;
  g_autoptr(CrmChange) change = crm_change_new ("Import twice.vcf");
  g_autoptr(CrmContact) after = NULL;
  g_autoptr(CrmContact) restored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (first_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twice-1\r\nFN:Ann Bell\r\n"
                                                  "TITLE:Clerk\r\nEND:VCARD\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (twice_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twice-1\r\nFN:Ann Bell\r\n"
                                                  "TITLE:Manager\r\nEND:VCARD\r\n"
                                                  "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twice-1\r\nFN:Ann Bell\r\n"
                                                  "TITLE:Director\r\nEND:VCARD\r\n", -1, NULL));
  r1 = import_file (f->store, once, NULL);
  r2 = import_file (f->store, twice, change);
  after = crm_store_get_contact_by_uid (f->store, "twice-1", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (after), ==, "Director");

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  restored = crm_store_get_contact_by_uid (f->store, "twice-1", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (restored), ==, "Clerk");
  g_clear_object (&restored);
  g_assert_true (crm_change_redo (change, f->store, &error));
  restored = crm_store_get_contact_by_uid (f->store, "twice-1", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (restored), ==, "Director");
}

/* A re-import that updates more contacts than an undo step keeps in memory
 * (the rest go to disk): undo restores every one, redo brings the file's
 * versions back. */
static void
test_undo_many_updates (Fixture       *f,
                        gconstpointer  data)
{
  const guint n = 6000;
  g_autoptr(GFile) first = write_big_file_titled (f->dir, n, "Clerk");
  g_autoptr(CrmImportResult) r1 = import_file (f->store, first, NULL);
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(GFile) second = write_big_file_titled (f->dir, n, "Director");
  g_autoptr(CrmImportResult) r2 = import_file (f->store, second, change);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (crm_import_result_get_count (r2, CRM_IMPORT_COUNT_CONTACTS_UPDATED), ==, n);
  g_assert_cmpuint (crm_change_get_n_records (change), ==, n);
  g_assert_true (crm_change_can_redo (change));
  assert_big_titles (f->store, n, "Director");

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  assert_big_titles (f->store, n, "Clerk");
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, n);

  g_assert_true (crm_change_redo (change, f->store, &error));
  g_assert_no_error (error);
  assert_big_titles (f->store, n, "Director");
}

static void
assert_title (CrmStore   *store,
              const char *uid,
              const char *title)
{
  g_autoptr(CrmContact) contact = crm_store_get_contact_by_uid (store, uid, NULL);

  g_assert_cmpstr (crm_contact_get_job_title (contact), ==, title);
}

/* A re-import that updates one contact twice, both times among the pairs
 * its undo step keeps on disk and more than a batch of them apart: undo
 * brings back the contact as it was before the file, redo as after. */
static void
test_undo_spilled_far_apart (Fixture       *f,
                             gconstpointer  data)
{
  const guint n = 10500;
  g_autoptr(GFile) first = write_big_file_titled (f->dir, n, "Clerk");
  g_autoptr(CrmImportResult) r1 = import_file (f->store, first, NULL);
  g_autofree char *path = g_build_filename (f->dir, "again.vcf", NULL);
  g_autoptr(GFile) again = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(CrmChange) change = crm_change_new ("Import again.vcf");
  g_autoptr(CrmImportResult) r2 = NULL;

  for (guint i = 0; i < n; i++)
    {
      guint uid = i == 5000 || i == 10000 ? 7 : i == 7 ? 5000 : i;
      g_autofree char *title = i == 5000 ? g_strdup ("Twice A") : i == 10000 ? g_strdup ("Twice B")
                             : g_strdup_printf ("Director %u", i);

      g_string_append_printf (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:big-%u\r\nFN:Person %u\r\n"
                              "EMAIL:p%u@example.com\r\nTEL:+1 555 %07u\r\nTITLE:%s\r\nEND:VCARD\r\n",
                              uid, uid, uid, uid, title);
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  r2 = import_file (f->store, again, change);
  g_assert_cmpuint (crm_change_get_n_records (change), ==, n);
  assert_title (f->store, "big-7", "Twice B");

  assert_applied (change, f->store, TRUE, n);
  assert_title (f->store, "big-7", "Clerk 7");
  assert_title (f->store, "big-5000", "Clerk 5000");
  assert_title (f->store, "big-9999", "Clerk 9999");
  assert_applied (change, f->store, FALSE, n);
  assert_title (f->store, "big-7", "Twice B");
  assert_title (f->store, "big-5000", "Director 7");
}

/* Past 10,000 new records an import's undo step keeps their id ranges,
 * not copies: undo still takes the whole import back (and restores what it
 * updated), but it cannot be redone. */
static void
test_undo_big (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrmImportResult) first = import_data (f->store, "thunderbird-style.vcf");
  g_autoptr(CrmContact) alice = crm_store_get_contact_by_uid (f->store, "5d8b2b2a-4f43-4c8e-9a3c-0f52b9b4f001", NULL);
  g_autoptr(CrmChange) change = crm_change_new ("Import");
  g_autoptr(GFile) big = write_big_file (f->dir, 10050);
  g_autoptr(GFile) tb = data_file ("thunderbird-style.vcf");
  g_autoptr(CrmImportResult) r1 = NULL;
  g_autoptr(CrmImportResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) restored = NULL;
  gint64 before = crm_store_count_contacts (f->store);

  crm_contact_set_job_title (alice, "Manager");
  g_assert_true (crm_store_update_contact (f->store, alice, NULL));
  r1 = import_file (f->store, big, change);
  r2 = import_file (f->store, tb, change);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, before + 10050);
  g_assert_false (crm_change_can_redo (change));
  /* Alice changed back; Bernard, as the file has him, not written again. */
  g_assert_cmpuint (crm_change_get_n_records (change), ==, 10050 + 1);

  g_assert_true (crm_change_undo (change, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, before);
  restored = crm_store_get_contact_by_uid (f->store, "5d8b2b2a-4f43-4c8e-9a3c-0f52b9b4f001", NULL);
  g_assert_cmpstr (crm_contact_get_job_title (restored), ==, "Manager");
  g_assert_false (crm_change_redo (change, f->store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, before);
}

static void
cancel_on_progress (guint64  done,
                    guint64  total,
                    gpointer data)
{
  g_cancellable_cancel (data);
}

/* Cancel leaves the database as it was. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmImportResult) first = import_data (f->store, "awkward-3.0.vcf");
  g_autoptr(GFile) big = write_big_file (f->dir, 3000);
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImportResult) result = NULL;

  result = crm_importer_import (importer, big, NULL, cancellable, cancel_on_progress, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
}

static void
cancel_when_read (guint64  done,
                  guint64  total,
                  gpointer data)
{
  if (done == total)
    g_cancellable_cancel (data);
}

/* Cancel once a big file is read, while its indexes are built, leaves the
 * database as it was too. */
static void
test_cancel_while_indexing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CrmImportResult) first = import_data (f->store, "awkward-3.0.vcf");
  g_autoptr(GFile) big = write_repeats_file (f->dir);
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(CrmImportResult) again = NULL;
  g_autoptr(CrmContact) joan = crm_contact_new ("Joan Aleric");

  result = crm_importer_import (importer, big, NULL, cancellable, cancel_when_read, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
  g_clear_error (&error);
  /* An ordinary write commits as one again (it is no bulk import's end). */
  g_assert_true (crm_store_insert_contact (f->store, joan, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (joan), &error));
  g_assert_no_error (error);
  /* The store is whole: the same file imports afterwards. */
  again = import_file (f->store, big, NULL);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2 + REPEATS_CARDS - 5);
}

typedef struct
{
  GMainLoop *loop;
  CrmImportResult *result;
  guint64 last_done;
  guint64 total;
  guint reports;
} AsyncRun;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer data)
{
  AsyncRun *run = data;

  g_assert_cmpuint (done, >=, run->last_done);
  run->last_done = done;
  run->total = total;
  run->reports++;
}

static void
imported_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  AsyncRun *run = data;
  g_autoptr(GError) error = NULL;

  run->result = crm_importer_import_finish (CRM_IMPORTER (source), res, &error);
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GFile) big = write_big_file (f->dir, 2000);
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autoptr(CrmChange) change = crm_change_new ("Import big.vcf");
  AsyncRun run = { g_main_loop_new (NULL, FALSE) };

  crm_importer_import_async (importer, big, change, NULL, progress_cb, &run, NULL, imported_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (crm_import_result_get_n_contacts (run.result), ==, 2000);
  g_assert_cmpuint (run.reports, >=, 1);
  g_assert_cmpuint (run.last_done, ==, run.total);
  g_assert_cmpuint (crm_change_get_n_records (change), ==, 2000);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2000);
  g_object_unref (run.result);
  g_main_loop_unref (run.loop);
}

/* A Cancel that comes once the import has landed is too late: the import
 * is reported as done (and its undo step filled), not as cancelled. */
static void
test_async_cancel_too_late (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GFile) big = write_big_file (f->dir, 2000);
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autoptr(CrmChange) change = crm_change_new ("Import big.vcf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { g_main_loop_new (NULL, FALSE) };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  crm_importer_import_async (importer, big, change, cancellable, NULL, NULL, NULL, imported_cb, &run);
  /* The main loop is not run: the result waits in it while the import commits. */
  while (crm_store_count_contacts (f->store) < 2000 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2000);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (crm_import_result_get_n_contacts (run.result), ==, 2000);
  g_object_unref (run.result);
  g_main_loop_unref (run.loop);
}

static void
test_file_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autofree char *missing = g_build_filename (f->dir, "missing.vcf", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *cards = g_build_filename (f->dir, "cards.txt", NULL);
  g_autoptr(GFile) f1 = g_file_new_for_path (missing);
  g_autoptr(GFile) f2 = g_file_new_for_path (text);
  g_autoptr(GFile) f3 = g_file_new_for_path (cards);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(CrmImportResult) r3 = NULL;

  g_assert_null (crm_importer_import (importer, f1, NULL, NULL, NULL, NULL, &e1));
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_file_set_contents (text, "just some notes\n", -1, NULL));
  g_assert_null (crm_importer_import (importer, f2, NULL, NULL, NULL, NULL, &e2));
  g_assert_error (e2, CRM_PIM_ERROR, CRM_PIM_ERROR_FORMAT);
  /* Named .txt, but vCards inside. */
  g_assert_true (g_file_set_contents (cards, "BEGIN:VCARD\nFN:In A Text File\nEND:VCARD\n", -1, NULL));
  r3 = crm_importer_import (importer, f3, NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (crm_import_result_get_n_contacts (r3), ==, 1);
}

/* The command line, as interfaces.md says: summary on stdout, skipped
 * entries on stderr with their lines, exit 1 when something was skipped. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "cli.sqlite3", NULL);
  g_autoptr(GFile) broken = data_file ("broken.ics");
  g_autofree char *path = g_file_get_path (broken);
  g_autofree char *out_path = g_build_filename (f->dir, "cli.ics", NULL);
  const char *bin = g_getenv ("SMART_CRM_BIN");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (bin == NULL)
    {
      g_test_skip ("SMART_CRM_BIN not set");
      return;
    }
  {
    const char *argv[] = { bin, "--db", db, "--import", path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  }
  g_assert_cmpstr (out, ==, "Imported 0 contacts and 2 meetings; skipped 3 entries\n");
  g_assert_true (g_str_has_prefix (err, "line 10: "));
  g_assert_nonnull (strstr (err, "\nline 15: "));
  g_assert_nonnull (strstr (err, "\nline 19: "));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { bin, "--db", db, "--export", out_path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  }
  g_assert_true (g_str_has_prefix (out, "Exported 2 meetings to "));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_true (g_file_test (out_path, G_FILE_TEST_EXISTS));
}

/* Every file of the shared corpus imports without a crash or a hang, and
 * the ones within the specifications import with nothing skipped. */
static void
test_corpus (Fixture       *f,
             gconstpointer  data)
{
  const char *root = g_getenv ("SMART_CRM_CORPORA");
  const char *dirs[] = { "vcard", "ical" };
  guint files = 0, clean = 0, records = 0;

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("SMART_CRM_CORPORA is not set or absent");
      return;
    }
  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (root, "pim-files", dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *file_path = g_build_filename (path, name, NULL);
          g_autofree char *db = g_strdup_printf ("corpus-%u.sqlite3", files);
          g_autoptr(CrmStore) store = open_store (f->dir, db);
          g_autoptr(GFile) file = g_file_new_for_path (file_path);
          g_autoptr(CrmImportResult) result = import_file (store, file, NULL);

          files++;
          records += crm_import_result_get_n_contacts (result) + crm_import_result_get_n_meetings (result);
          clean += crm_import_result_get_skipped (result)->len == 0;
        }
    }
  g_test_message ("%u files, %u without a skipped entry, %u records", files, clean, records);
  g_assert_cmpuint (files, ==, 74);
  g_assert_cmpuint (records, >=, 330);
}

/* A reader of @total entries, the 7th, 14th… of which cannot be read. */
typedef struct
{
  guint total;
  guint read;
} CountingReader;

static GObject *
counting_read (gpointer       data,
               guint         *line,
               GCancellable  *cancellable,
               GError       **error)
{
  CountingReader *reader = data;

  if (reader->read == reader->total)
    return NULL;
  *line = ++reader->read;
  if (reader->read % 7 == 0)
    {
      g_set_error (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY, "Entry %u is broken", reader->read);
      return NULL;
    }
  return g_object_new (G_TYPE_OBJECT, NULL);
}

static guint64
counting_offset (gpointer data)
{
  return ((CountingReader *) data)->read;
}

/* Every entry comes once, in order, with its error, read on a thread of
 * its own or not; the offsets grow to the end. */
static void
test_read_ahead (Fixture       *f,
                 gconstpointer  data)
{
  for (guint threaded = 0; threaded < 2; threaded++)
    {
      CountingReader reader = { 2 * CRM_READ_BATCH + 100, 0 };
      g_autoptr(CrmReadAhead) ahead = crm_read_ahead_new (&reader, counting_read, counting_offset,
                                                          threaded, NULL);
      CrmReadBatch *batch;
      guint seen = 0, batches = 0;
      guint64 offset = 0;

      do
        {
          batch = crm_read_ahead_next (ahead);
          batches++;
          g_assert_cmpuint (batch->offset, >=, offset);
          offset = batch->offset;
          for (guint i = 0; i < batch->n; i++)
            {
              CrmReadEntry *entry = &batch->entries[i];

              g_assert_cmpuint (entry->line, ==, ++seen);
              if (seen % 7 == 0)
                {
                  g_assert_null (entry->record);
                  g_assert_error (entry->error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY);
                }
              else
                {
                  g_assert_true (G_IS_OBJECT (entry->record));
                  g_assert_no_error (entry->error);
                }
            }
        }
      while (!batch->last);
      g_assert_cmpuint (seen, ==, reader.total);
      g_assert_cmpuint (batches, ==, 3);
      g_assert_cmpuint (offset, ==, reader.total);
    }
}

/* Stopped after its first batch (a write failed), the reading thread
 * stops within the few batches it may read ahead, not at the file's end. */
static void
test_read_ahead_stops (Fixture       *f,
                       gconstpointer  data)
{
  CountingReader reader = { 1000 * CRM_READ_BATCH, 0 };
  CrmReadAhead *ahead = crm_read_ahead_new (&reader, counting_read, counting_offset, TRUE, NULL);
  CrmReadBatch *batch = crm_read_ahead_next (ahead);

  g_assert_cmpuint (batch->n, ==, CRM_READ_BATCH);
  g_assert_false (batch->last);
  crm_read_ahead_free (ahead);
  g_assert_cmpuint (reader.read, <=, 4 * CRM_READ_BATCH);
}

typedef struct
{
  char *journal;
  gboolean journal_seen;
} JournalWatch;

static void
watch_journal (guint64  done,
               guint64  total,
               gpointer data)
{
  JournalWatch *watch = data;

  watch->journal_seen |= g_file_test (watch->journal, G_FILE_TEST_EXISTS);
}

static char *
journal_mode (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *mode = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return mode;
}

/* The store's writing connection's cache_size, as PRAGMA cache_size says. */
static gint64
writer_cache_size (CrmStore *store)
{
  g_autoptr(GError) error = NULL;
  CrmConn *conn = crm_store_write_begin (store, &error);
  sqlite3_stmt *stmt;
  gint64 size;

  g_assert_no_error (error);
  stmt = crm_conn_prepare (conn, "PRAGMA cache_size", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  size = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_true (crm_store_write_end (store, TRUE, 0, &error));
  g_assert_no_error (error);
  return size;
}

static void
cancel_at_once (guint64  done,
                guint64  total,
                gpointer data)
{
  g_assert_cmpuint (done, <, total);
  g_cancellable_cancel (data);
}

/* How an import by the store's sole user (the command line) is tried. */
typedef struct
{
  gboolean other_open;          /* while another connection has the file open */
  CrmImportProgressFunc cancel; /* NULL, or what cancels it from its progress */
} SoleUserCase;

static const SoleUserCase sole_user_plain = { FALSE, NULL };
static const SoleUserCase sole_user_not_alone = { TRUE, NULL };
/* Cancelled once read, while its indexes are built… */
static const SoleUserCase sole_user_cancel = { FALSE, cancel_when_read };
/* …and while the file is read: rolled back rather than ended at its
 * commit, the file goes back to WAL all the same. */
static const SoleUserCase sole_user_cancel_reading = { FALSE, cancel_at_once };

/* Imports a big file into a store whose sole user says so. */
static void
test_sole_user (Fixture       *f,
                gconstpointer  data)
{
  const SoleUserCase *how = data;
  gboolean other_open = how->other_open;
  CrmImportProgressFunc cancel = how->cancel;
  g_autofree char *path = g_build_filename (f->dir, "crm.sqlite3", NULL);
  JournalWatch watch = { g_strconcat (path, "-journal", NULL), FALSE };
  g_autoptr(CrmImportResult) first = import_data (f->store, "awkward-3.0.vcf");
  g_autoptr(GFile) big = write_big_file (f->dir, 3000);
  g_autoptr(CrmImporter) importer = crm_importer_new (f->store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrmImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *mode = NULL;
  sqlite3 *other = NULL;

  if (other_open)
    {
      /* SQLite opens the file at the first read. */
      g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (other, "SELECT count (*) FROM contacts", NULL, NULL, NULL), ==, SQLITE_OK);
    }
  crm_store_set_sole_user (f->store);
  result = crm_importer_import (importer, big, NULL, cancellable,
                                cancel ? cancel : watch_journal,
                                cancel ? (gpointer) cancellable : &watch, &error);
  sqlite3_close (other);
  if (cancel)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
    }
  else
    {
      g_assert_no_error (error);
      /* The rollback journal, only while nobody else had the file open. */
      g_assert_cmpint (watch.journal_seen, ==, !other_open);
      g_assert_cmpint (crm_store_count_contacts (f->store), ==, 3002);
    }
  /* Back in WAL, with the writer's usual cache (the end of a bulk write
   * sorts with a smaller one), and read through the store's reading
   * connection again. */
  g_assert_cmpint (writer_cache_size (f->store), ==, -32768);
  g_assert_cmpstr (crm_store_writer_cache, ==, "PRAGMA cache_size = -32768");
  mode = journal_mode (path);
  g_assert_cmpstr (mode, ==, "wal");
  found = crm_store_search_contact_ids (f->store, "person 2999", NULL);
  g_assert_cmpuint (found->len, ==, cancel ? 0 : 1);
  g_free (watch.journal);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/import/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("counts", test_import_counts);
  ADD ("attendee-links", test_attendee_links);
  ADD ("reimport-updates", test_reimport_updates);
  ADD ("broken", test_broken);
  g_test_add_func ("/import/issues-by-line", test_issues_by_line);
  g_test_add_func ("/import/window-message", test_window_message);
  g_test_add_func ("/import/window-message-grouped", test_window_message_grouped);
  ADD ("round-trip", test_round_trip);
  ADD ("export-keeps-file-order", test_export_keeps_file_order);
  ADD ("overrides", test_overrides);
  ADD ("orphan-override", test_orphan_override);
  ADD ("orphan-then-series", test_orphan_then_series);
  ADD ("series-then-orphan", test_series_then_orphan);
  ADD ("merge-extra", test_merge_extra);
  ADD ("merge-keeps-own-fields", test_merge_keeps_own_fields);
  ADD ("update-extra-ical", test_update_extra_ical);
  ADD ("undo", test_undo);
  ADD ("undo-big", test_undo_big);
  ADD ("undo-many-updates", test_undo_many_updates);
  ADD ("undo-spilled-far-apart", test_undo_spilled_far_apart);
  ADD ("undo-twice-updated", test_undo_twice_updated);
  ADD ("undo-freed-email", test_undo_freed_email);
  ADD ("bulk-repeated-uids", test_bulk_repeated_uids);
  ADD ("bulk-repeated-emails", test_bulk_repeated_emails);
  ADD ("bulk-repeats-undo", test_bulk_repeats_undo);
  ADD ("undo-many-new", test_undo_many_new);
  ADD ("bulk-reimport-unchanged", test_bulk_reimport_unchanged);
  ADD ("cancel", test_cancel);
  ADD ("cancel-while-indexing", test_cancel_while_indexing);
  ADD ("async", test_async);
  ADD ("async-cancel-too-late", test_async_cancel_too_late);
  ADD ("file-errors", test_file_errors);
  ADD ("cli", test_cli);
  ADD ("read-ahead", test_read_ahead);
  ADD ("read-ahead-stops", test_read_ahead_stops);
#define ADD_CASE(name, func, data) \
  g_test_add ("/import/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD_CASE ("sole-user", test_sole_user, &sole_user_plain);
  ADD_CASE ("sole-user-not-alone", test_sole_user, &sole_user_not_alone);
  ADD_CASE ("sole-user-cancel", test_sole_user, &sole_user_cancel);
  ADD_CASE ("sole-user-cancel-reading", test_sole_user, &sole_user_cancel_reading);
#undef ADD_CASE
  ADD ("corpus", test_corpus);
  return g_test_run ();
}
