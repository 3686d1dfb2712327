/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crm-change.h"
#include "crm-record-list.h"
#include "crm-store-private.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  CrmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = crm_test_make_dir ();
  f->path = g_build_filename (f->dir, "sub", "crm.sqlite3", NULL);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  crm_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static CrmContact *
add_contact (CrmStore   *store,
             const char *name,
             const char *email,
             const char *phone,
             const char *company)
{
  g_autoptr(GError) error = NULL;
  CrmContact *c = crm_contact_new (name);

  if (email)
    crm_contact_add_email (c, email, "work", TRUE);
  if (phone)
    crm_contact_add_phone (c, phone, NULL, TRUE);
  crm_contact_set_company (c, company);
  g_assert_true (crm_store_insert_contact (store, c, &error));
  g_assert_no_error (error);
  return c;
}

static GDateTime *
utc (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, y, mo, d, h, mi, 0);
}

static void
test_file_modes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  GStatBuf st;

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The store turns off SQLite's count of its memory before SQLite's first
 * use (see open_sqlite () in crm-store.c); in a process of its own, so
 * that no earlier test has used SQLite first. */
static void
test_sqlite_memory_uncounted (Fixture       *f,
                              gconstpointer  data)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  g_autoptr(CrmContact) joan = add_contact (f->store, "Joan Aleric", "joan@aleric.com", NULL, "Acme");
  g_assert_cmpint (crm_contact_get_id (joan), >, 0);
  g_assert_cmpint (sqlite3_memory_used (), ==, 0);
  g_assert_cmpint (sqlite3_memory_highwater (FALSE), ==, 0);
}

static void
test_contact_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) c = add_contact (f->store, "Maria Lopez", "maria.lopez@acme.com",
                                         "555-0101", "Acme");
  g_autoptr(CrmContact) back = NULL;
  g_autoptr(CrmContact) again = NULL;

  g_assert_cmpint (crm_contact_get_id (c), >, 0);
  g_assert_nonnull (crm_contact_get_uid (c));

  back = crm_store_get_contact (f->store, crm_contact_get_id (c), &error);
  g_assert_no_error (error);
  g_assert_true (crm_contact_equal (c, back));
  g_assert_cmpstr (crm_contact_get_email (back), ==, "maria.lopez@acme.com");

  crm_contact_add_email (back, "maria@home.example", "home", TRUE);
  crm_contact_set_company (back, "Globex");
  g_assert_true (crm_store_update_contact (f->store, back, &error));
  again = crm_store_get_contact (f->store, crm_contact_get_id (c), &error);
  g_assert_cmpstr (crm_contact_get_company (again), ==, "Globex");
  g_assert_cmpuint (crm_contact_get_emails (again)->len, ==, 2);
  g_assert_cmpstr (crm_contact_get_email (again), ==, "maria@home.example");

  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (c), &error));
  g_assert_null (crm_store_get_contact (f->store, crm_contact_get_id (c), &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

/* The card's unmodelled lines are stored as they are, by every reader. */
static void
test_extra_vcard_kept (Fixture       *f,
                       gconstpointer  data)
{
  static const char extra[] = "ADR;TYPE=home:;;1 Main St\\;Apt 2;Springfield;IL;62701;USA\n"
                              "BDAY:--0401\nX-CUSTOM;X-A=b:Café";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) c = crm_contact_new ("Ada Extra");
  g_autoptr(CrmContact) copy = NULL;
  g_autoptr(CrmContact) back = NULL;
  g_autoptr(CrmContact) again = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  gint64 id;

  crm_contact_set_extra_vcard (c, extra);
  copy = crm_contact_copy (c);
  g_assert_cmpstr (crm_contact_get_extra_vcard (copy), ==, extra);
  crm_contact_set_extra_vcard (copy, "URL:https://example.com");
  g_assert_false (crm_contact_equal (c, copy));

  g_assert_true (crm_store_insert_contact (f->store, c, &error));
  g_assert_no_error (error);
  id = crm_contact_get_id (c);
  back = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_contact_get_extra_vcard (back), ==, extra);
  g_assert_true (crm_contact_equal (c, back));

  crm_contact_set_extra_vcard (back, NULL);
  g_assert_true (crm_store_update_contact (f->store, back, &error));
  batch = crm_store_get_contacts (f->store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 1);
  g_assert_null (crm_contact_get_extra_vcard (g_ptr_array_index (batch, 0)));
  crm_contact_set_extra_vcard (back, extra);
  g_assert_true (crm_store_update_contact (f->store, back, &error));
  again = crm_store_get_contact (f->store, id, &error);
  g_assert_cmpstr (crm_contact_get_extra_vcard (again), ==, extra);
}

/* An email's or phone's vCard group and other parameters are stored with
 * it and kept by the copies an undo step makes (on disk too). */
static void
test_value_groups (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) gia = crm_contact_new ("Gia Group");
  g_autoptr(CrmContact) back = NULL;
  g_autoptr(CrmContact) thawed = NULL;
  g_autoptr(GByteArray) frozen = g_byte_array_new ();
  const guint8 *at;

  crm_contact_add_email (gia, "gia@example.com", NULL, TRUE);
  crm_contact_set_value_vcard (gia, TRUE, 0, "item1", "LABEL=Office;X-SERVICE=\"a:b\"");
  crm_contact_add_phone (gia, "555 0100", NULL, TRUE);
  g_assert_true (crm_store_insert_contact (f->store, gia, &error));
  g_assert_no_error (error);
  back = crm_store_get_contact (f->store, crm_contact_get_id (gia), &error);
  g_assert_cmpstr (g_array_index (crm_contact_get_emails (back), CrmContactValue, 0).group, ==, "item1");
  g_assert_cmpstr (g_array_index (crm_contact_get_emails (back), CrmContactValue, 0).params, ==,
                   "LABEL=Office;X-SERVICE=\"a:b\"");
  g_assert_null (g_array_index (crm_contact_get_phones (back), CrmContactValue, 0).group);
  g_assert_null (g_array_index (crm_contact_get_phones (back), CrmContactValue, 0).params);
  g_assert_true (crm_contact_equal (gia, back));
  crm_contact_append_bytes (back, frozen);
  at = frozen->data;
  thawed = crm_contact_new_from_bytes (&at, frozen->data + frozen->len);
  g_assert_true (crm_contact_equal (thawed, back));
}

static void
test_duplicate_email_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) a = add_contact (f->store, "Maria Lopez", "maria@acme.com", NULL, NULL);
  g_autoptr(CrmContact) b = crm_contact_new ("Other Maria");

  crm_contact_add_email (b, "MARIA@acme.com", NULL, TRUE);
  g_assert_false (crm_store_insert_contact (f->store, b, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Maria Lopez"));
  /* Nothing half-written: the refused contact's row is gone too. */
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
}

static void
test_same_name_allowed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) a = add_contact (f->store, "Joan Smith", NULL, NULL, NULL);
  g_autoptr(CrmContact) b = add_contact (f->store, "joan smith", NULL, NULL, NULL);
  g_autoptr(CrmContact) c = add_contact (f->store, "Joan Aleric", NULL, NULL, NULL);
  /* "Joan" is only the company's word here: not a match by name. */
  g_autoptr(CrmContact) d = add_contact (f->store, "Sam Lee", NULL, NULL, "Joan & Smith Ltd");
  g_autoptr(GPtrArray) exact = crm_store_find_contacts_by_name (f->store, "JOAN SMITH", &error);
  g_autoptr(GPtrArray) partial = crm_store_find_contacts_by_name (f->store, "joan", &error);
  g_autoptr(GPtrArray) two_words = crm_store_find_contacts_by_name (f->store, "Smith Joan", &error);
  g_autoptr(GPtrArray) none = crm_store_find_contacts_by_name (f->store, "jo", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (exact->len, ==, 2);
  g_assert_cmpuint (partial->len, ==, 3);
  g_assert_cmpuint (two_words->len, ==, 2);
  g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (two_words, 0)), ==, "Joan Smith");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
assert_search (CrmStore   *store,
               const char *query,
               guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = crm_store_search_contact_ids (store, query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, expected);
}

static void
test_fts_search (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmContact) a = add_contact (f->store, "Maria Lopez", "maria.lopez@acme.com", "555-0101", "Acme");
  g_autoptr(CrmContact) b = add_contact (f->store, "Mark Twain", "mark@river.example", "+44 20 7946 0958", "Globex");
  g_autoptr(CrmContact) c = add_contact (f->store, "José Núñez", "jose@example.es", NULL, "Café Rouge");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = crm_store_search_contact_ids (f->store, NULL, &error);

  assert_search (f->store, "mar", 2);
  assert_search (f->store, "m", 2);
  assert_search (f->store, "mar lo", 1);
  assert_search (f->store, "globex", 1);
  /* Emails and phone numbers by their start: the address, the digits. */
  assert_search (f->store, "mark@riv", 1);
  assert_search (f->store, "MARIA.LOPEZ", 1);
  assert_search (f->store, "5550101", 1);
  assert_search (f->store, "+44 20 79", 1);
  assert_search (f->store, "555-01", 1);
  assert_search (f->store, "jose nunez", 1);
  assert_search (f->store, "núñ", 1);
  assert_search (f->store, "cafe", 1);
  assert_search (f->store, "\"); DROP TABLE contacts; --", 0);
  assert_search (f->store, "NEAR(a b) OR *", 0);
  assert_search (f->store, "", 3);
  /* Sorted by name, accents ignored: José, Maria, Mark. */
  g_assert_cmpint (g_array_index (all, gint64, 0), ==, crm_contact_get_id (c));
  g_assert_cmpint (g_array_index (all, gint64, 1), ==, crm_contact_get_id (a));
  g_assert_cmpint (g_array_index (all, gint64, 2), ==, crm_contact_get_id (b));

  /* Triggers keep the index in step with updates and deletes. */
  crm_contact_clear_emails (b);
  crm_contact_set_company (b, "Initech");
  g_assert_true (crm_store_update_contact (f->store, b, &error));
  assert_search (f->store, "river", 0);
  assert_search (f->store, "initech", 1);
  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (a), &error));
  assert_search (f->store, "lopez", 0);
}

/* sort_key follows (name_key, id) strictly, whatever order contacts came
 * in: also where one spot is filled over and over (names arriving in
 * reverse order halve the same gap until the rows around are spread). */
static void
assert_sort_keys_ordered (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT count (*) FROM (SELECT o.sort_key, lag (o.sort_key) OVER (ORDER BY c.name_key, c.id) AS prev "
    "FROM contacts c LEFT JOIN contact_order o ON o.contact_id = c.id) "
    "WHERE sort_key IS NULL OR sort_key <= prev", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The search index goes back to merging its pieces as it is written, in
 * pieces of SQLite's usual size, which a bulk import's end changes while
 * it fills it. */
static void
assert_index_merges (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT k, v FROM contacts_fts_config WHERE k IN ('automerge', 'crisismerge', 'hashsize') ORDER BY k",
    -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "automerge");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 4);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "crisismerge");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 16);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "hashsize");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1048576);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* An undo step keeps the pairs past its first 4,096 on disk: contacts
 * and meetings come back from there whole (every field, the values'
 * types, groups and parameters, the attendees), for undo and for redo. */
#define SPILL_PAIRS (4096 + 40)

static CrmContact *
full_contact (guint i)
{
  g_autofree char *name = g_strdup_printf ("Spill Person %04u", i);
  g_autofree char *email = g_strdup_printf ("spill%u@example.com", i);
  CrmContact *c = crm_contact_new (name);

  crm_contact_add_email (c, email, "work", TRUE);
  crm_contact_add_phone (c, "+1 555 0100", "cell", FALSE);
  crm_contact_set_value_vcard (c, TRUE, 0, "item1", "X-SERVICE=mail");
  crm_contact_set_company (c, "Initech");
  crm_contact_set_notes (c, "Line one\nLine two");
  crm_contact_set_extra_vcard (c, "item1.X-ABLabel:Custom");
  return c;
}

static CrmMeeting *
full_meeting (guint i)
{
  g_autofree char *title = g_strdup_printf ("Spill meeting %u", i);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (1750000000 + i * 3600);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 45);
  CrmMeeting *m = crm_meeting_new (title);

  crm_meeting_set_span (m, start, end);
  crm_meeting_set_tzid (m, "Europe/Berlin");
  crm_meeting_set_rrule (m, "FREQ=WEEKLY;COUNT=3");
  crm_meeting_set_location (m, "Room 4");
  crm_meeting_set_description (m, "Agenda");
  crm_meeting_set_extra_ical (m, "STATUS:CONFIRMED");
  crm_meeting_add_attendee (m, "Outside Person", "out@example.com", 0);
  return m;
}

static void
test_change_spilled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmChange) change = crm_change_new ("Many edits");
  g_autoptr(GPtrArray) befores = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) afters = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_true (crm_store_begin (f->store, &error));
  for (guint i = 0; i < SPILL_PAIRS; i++)
    {
      g_autoptr(GObject) record = i < SPILL_PAIRS - 20 ? G_OBJECT (full_contact (i)) : G_OBJECT (full_meeting (i));
      GObject *after;

      if (CRM_IS_CONTACT (record))
        {
          g_assert_true (crm_store_insert_contact (f->store, CRM_CONTACT (record), &error));
          after = G_OBJECT (crm_contact_copy (CRM_CONTACT (record)));
          crm_contact_set_job_title (CRM_CONTACT (after), "Changed");
          crm_contact_set_value_vcard (CRM_CONTACT (after), FALSE, 0, "item2", NULL);
          g_assert_true (crm_store_update_contact (f->store, CRM_CONTACT (after), &error));
        }
      else
        {
          g_assert_true (crm_store_insert_meeting (f->store, CRM_MEETING (record), &error));
          after = G_OBJECT (crm_meeting_copy (CRM_MEETING (record)));
          crm_meeting_set_location (CRM_MEETING (after), "Room 5");
          crm_meeting_clear_attendees (CRM_MEETING (after));
          g_assert_true (crm_store_update_meeting (f->store, CRM_MEETING (after), &error));
        }
      g_assert_no_error (error);
      crm_change_add (change, record, after);
      g_ptr_array_add (befores, g_object_ref (record));
      g_ptr_array_add (afters, after);
    }
  g_assert_true (crm_store_commit (f->store, &error));

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *want = pass == 0 ? befores : afters;

      g_assert_true ((pass == 0 ? crm_change_undo : crm_change_redo) (change, f->store, &error));
      g_assert_no_error (error);
      for (guint i = SPILL_PAIRS - 60; i < SPILL_PAIRS; i++)
        {
          GObject *wanted = g_ptr_array_index (want, i);

          if (CRM_IS_CONTACT (wanted))
            {
              g_autoptr(CrmContact) got = crm_store_get_contact (f->store, crm_contact_get_id (CRM_CONTACT (wanted)), NULL);
              g_assert_true (crm_contact_equal (got, CRM_CONTACT (wanted)));
            }
          else
            {
              g_autoptr(CrmMeeting) got = crm_store_get_meeting (f->store, crm_meeting_get_id (CRM_MEETING (wanted)), NULL);
              g_assert_true (crm_meeting_equal (got, CRM_MEETING (wanted)));
            }
        }
    }
}

/* Bytes that are not a whole contact are refused, not read past. */
static void
test_contact_bytes (void)
{
  g_autoptr(CrmContact) c = full_contact (7);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(CrmContact) back = NULL;
  const guint8 *at;

  crm_contact_set_id (c, 42);
  crm_contact_set_times (c, 100, 200);
  crm_contact_append_bytes (c, bytes);
  at = bytes->data;
  back = crm_contact_new_from_bytes (&at, bytes->data + bytes->len);
  g_assert_nonnull (back);
  g_assert_true (at == bytes->data + bytes->len);
  g_assert_true (crm_contact_equal (back, c));
  g_assert_cmpint (crm_contact_get_updated (back), ==, 200);
  for (guint cut = 0; cut < bytes->len; cut++)
    {
      g_autoptr(CrmContact) part = NULL;

      at = bytes->data;
      part = crm_contact_new_from_bytes (&at, bytes->data + cut);
      g_assert_null (part);
      g_assert_true (at == bytes->data);
    }
}

/* Rows of the search index's own table: a write to the index adds some. */
static gint64
index_rows (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM contacts_fts_data", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The search index is written when a contact's name or company changes,
 * not for its other fields (an update writes every column of the row). */
static void
test_index_follows_words (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) c = add_contact (f->store, "Wendy Words", "wendy@example.com", NULL, "Initech");
  gint64 before = index_rows (f->path);

  crm_contact_set_job_title (c, "Buyer");
  crm_contact_set_notes (c, "Met at the fair");
  g_assert_true (crm_store_update_contact (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (index_rows (f->path), ==, before);
  assert_search (f->store, "initech", 1);

  crm_contact_set_company (c, "Globex");
  g_assert_true (crm_store_update_contact (f->store, c, &error));
  g_assert_cmpint (index_rows (f->path), >, before);
  assert_search (f->store, "initech", 0);
  assert_search (f->store, "globex", 1);
  assert_search (f->store, "wendy", 1);
}

static void
test_sort_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_unref (add_contact (f->store, "Aaron First", NULL, NULL, NULL));
  g_object_unref (add_contact (f->store, "Zoe Last", NULL, NULL, NULL));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Middle %03u", 299 - i);
      g_object_unref (add_contact (f->store, name, NULL, NULL, NULL));
    }
  for (guint i = 0; i < 40; i++)
    g_object_unref (add_contact (f->store, "Middle 150", NULL, NULL, NULL));
  assert_sort_keys_ordered (f->path);
  /* The rows moved to make room are still found by every word. */
  assert_search (f->store, "middle", 340);
  assert_search (f->store, "150", 41);

  /* A rename moves the contact; a bulk import numbers everyone again. */
  {
    g_autoptr(GPtrArray) found = crm_store_find_contacts_by_name (f->store, "Zoe Last", &error);
    CrmContact *zoe = g_ptr_array_index (found, 0);

    crm_contact_set_name (zoe, "Abby Renamed");
    g_assert_true (crm_store_update_contact (f->store, zoe, &error));
  }
  assert_search (f->store, "zoe", 0);
  assert_search (f->store, "renamed", 1);
  assert_search (f->store, "aaron", 1);
  /* Renamed into a crowded place, over and over. */
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(GPtrArray) found = crm_store_find_contacts_by_name (f->store, "Middle 150", &error);
      CrmContact *one = g_ptr_array_index (found, i % found->len);
      g_autofree char *name = g_strdup_printf ("Middle 149 %c", 'a' + i % 26);

      crm_contact_set_name (one, name);
      g_assert_true (crm_store_update_contact (f->store, one, &error));
    }
  assert_sort_keys_ordered (f->path);
  assert_search (f->store, "middle", 340);
  assert_search (f->store, "149", 31);
  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_NONE, &error));
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Bulk %03u", (i * 37) % 100);
      g_object_unref (add_contact (f->store, name, NULL, NULL, NULL));
    }
  g_assert_true (crm_store_commit (f->store, &error));
  assert_sort_keys_ordered (f->path);
  assert_index_merges (f->path);
  g_object_unref (add_contact (f->store, "Bulk 0505", NULL, NULL, NULL));
  assert_sort_keys_ordered (f->path);
  /* Searched, in name order, as everything else. */
  {
    g_autoptr(GArray) found = crm_store_search_contact_ids (f->store, "bul", &error);
    g_autoptr(GPtrArray) contacts = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 101);
    contacts = crm_store_get_contacts (f->store, (gint64 *) found->data, found->len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (contacts, 0)), ==, "Bulk 000");
    g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (contacts, 50)), ==, "Bulk 050");
    g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (contacts, 51)), ==, "Bulk 0505");
    g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (contacts, 52)), ==, "Bulk 051");
    g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (contacts, 100)), ==, "Bulk 099");
  }
  /* Names coming in name order, and in reverse, each beside the one
   * before (a sorted file): the rows around are packed aside to leave the
   * room to the run; a name later put among them finds its place. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *up = g_strdup_printf ("Run %03u", i);

      g_object_unref (add_contact (f->store, up, NULL, NULL, NULL));
      assert_sort_keys_ordered (f->path);
    }
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *down = g_strdup_printf ("Down %03u", 299 - i);
      g_object_unref (add_contact (f->store, down, NULL, NULL, NULL));
    }
  g_object_unref (add_contact (f->store, "Run 150 again", NULL, NULL, NULL));
  g_object_unref (add_contact (f->store, "Down 000 again", NULL, NULL, NULL));
  assert_sort_keys_ordered (f->path);
  assert_search (f->store, "run", 301);
  assert_search (f->store, "down", 301);
  assert_search (f->store, "again", 2);
}

/* A contact renamed into a place with no room left: the rows around are
 * spread out, one of them onto the key the renamed contact still had
 * (Zoe's, the third), which must not cost it its words in the index. */
static void
test_rename_into_full_place (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) zoe = NULL;

  g_object_unref (add_contact (f->store, "Anna", NULL, NULL, NULL));
  g_object_unref (add_contact (f->store, "Mike", NULL, NULL, NULL));
  zoe = add_contact (f->store, "Zoe", NULL, NULL, NULL);
  /* Each halves the room just after Anna: ten leave none. */
  for (guint i = 10; i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("Bob %02u", i);
      g_object_unref (add_contact (f->store, name, NULL, NULL, NULL));
    }
  crm_contact_set_name (zoe, "Bob 00");
  g_assert_true (crm_store_update_contact (f->store, zoe, &error));
  g_assert_no_error (error);
  assert_sort_keys_ordered (f->path);
  assert_search (f->store, "bob", 11);
  assert_search (f->store, "zoe", 0);
  assert_search (f->store, "mike", 1);
}

static void
assert_no_orphans (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static const char *
taken_name (GPtrArray *taken,
            guint      i)
{
  return crm_contact_get_name (g_ptr_array_index (taken, i));
}

/* What a bulk import takes out at its end: the later of two contacts with
 * one UID or email (matched as the store matches them, case aside), a
 * contact with an email twice, in id order; the first of each stays, and
 * the indexes are back, so a repeat is refused again. */
static void
test_bulk_take_repeats (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) stored = add_contact (f->store, "Stored", "stored@example.com", NULL, NULL);
  g_autoptr(CrmContact) same_uid = crm_contact_new ("Same UID");
  g_autoptr(CrmContact) twice = crm_contact_new ("Twice");
  g_autoptr(CrmContact) again = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_DEFER_UNIQUE, &error));
  g_object_unref (add_contact (f->store, "Fresh", "fresh@example.com", NULL, NULL));
  g_object_unref (add_contact (f->store, "Repeats Stored", "STORED@example.com", NULL, NULL));
  crm_contact_set_uid (same_uid, crm_contact_get_uid (stored));
  g_assert_true (crm_store_insert_contact (f->store, same_uid, &error));
  crm_contact_add_email (twice, "twice@example.com", NULL, TRUE);
  crm_contact_add_email (twice, "Twice@example.com", NULL, FALSE);
  g_assert_true (crm_store_insert_contact (f->store, twice, &error));
  g_object_unref (add_contact (f->store, "Repeats Fresh", "fresh@example.com", NULL, NULL));

  taken = crm_store_bulk_take_repeated_contacts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (taken->len, ==, 4);
  g_assert_cmpstr (taken_name (taken, 0), ==, "Repeats Stored");
  g_assert_cmpstr (taken_name (taken, 1), ==, "Same UID");
  g_assert_cmpstr (taken_name (taken, 2), ==, "Twice");
  g_assert_cmpstr (taken_name (taken, 3), ==, "Repeats Fresh");
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);

  again = crm_contact_copy (g_ptr_array_index (taken, 3));
  crm_contact_set_id (again, 0);
  g_assert_false (crm_store_insert_contact (f->store, again, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  crm_contact_set_id (again, 0);
  crm_contact_set_uid (again, crm_contact_get_uid (stored));
  g_assert_false (crm_store_insert_contact (f->store, again, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_UID_TAKEN);
  g_clear_error (&error);

  /* Nothing repeats now: nothing more to take. */
  none = crm_store_bulk_take_repeated_contacts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);
  assert_sort_keys_ordered (f->path);
}

/* New contacts of a bulk import written many to a statement: each as a
 * single insert would write it (values, their order and keys), an
 * invalid one refused alone, a repeat still found at the end. */
static void
test_bulk_insert_batch (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(CrmContact) read = NULL;
  gint64 first_id = 0;

  g_object_unref (add_contact (f->store, "Stored Before", "before@example.com", NULL, NULL));
  for (guint i = 0; i < 70; i++)
    {
      g_autofree char *name = g_strdup_printf ("Batch %02u", 69 - i);
      g_autofree char *email = g_strdup_printf ("batch.%u@example.com", i);
      g_autofree char *phone = g_strdup_printf ("+1 555 %04u", i);
      g_autofree char *other = g_strdup_printf ("other.%u@example.com", i);
      CrmContact *contact = crm_contact_new (i == 5 ? "  " : name);

      /* The 41st repeats the 4th's first email, in other letters. */
      crm_contact_add_email (contact, i == 40 ? "Batch.3@example.com" : email, "work", TRUE);
      crm_contact_add_email (contact, other, NULL, FALSE);
      if (i % 2)
        crm_contact_add_phone (contact, phone, "cell", FALSE);
      g_ptr_array_add (batch, contact);
    }

  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_DEFER_UNIQUE, &error));
  g_assert_true (crm_store_bulk_insert_contacts (f->store, batch, &refusals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 70);
  for (guint i = 0; i < 70; i++)
    {
      CrmContact *contact = g_ptr_array_index (batch, i);

      if (i == 5)
        {
          GError *refused = g_ptr_array_index (refusals, i);
          g_assert_error (refused, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
          g_assert_cmpint (crm_contact_get_id (contact), <=, 0);
          continue;
        }
      g_assert_null (g_ptr_array_index (refusals, i));
      g_assert_nonnull (crm_contact_get_uid (contact));
      if (first_id == 0)
        first_id = crm_contact_get_id (contact);
      g_assert_cmpint (crm_contact_get_id (contact), ==, first_id + i - (i > 5));
    }
  g_assert_cmpint (first_id, ==, 2);
  taken = crm_store_bulk_take_repeated_contacts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (taken->len, ==, 1);
  g_assert_cmpstr (taken_name (taken, 0), ==, "Batch 29");
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1 + 68);
  read = crm_store_get_contact (f->store, crm_contact_get_id (g_ptr_array_index (batch, 69)), &error);
  g_assert_no_error (error);
  g_assert_true (crm_contact_equal (read, g_ptr_array_index (batch, 69)));
  assert_search (f->store, "batch", 68);
  assert_search (f->store, "+1 555 0069", 1);
  assert_search (f->store, "other.68@", 1);
  assert_sort_keys_ordered (f->path);
}

/* A contact whose second email is Maria Lopez's. */
static CrmContact *
half_written (void)
{
  CrmContact *contact = crm_contact_new ("Half Written");

  crm_contact_add_email (contact, "half@example.com", NULL, TRUE);
  crm_contact_add_email (contact, "MARIA@acme.com", NULL, FALSE);
  crm_contact_add_phone (contact, "+1 555 0100", NULL, TRUE);
  return contact;
}

/* After a bulk import in which "Half Written" was refused (its second
 * email is Maria Lopez's, @owner) between two contacts of Initech: the
 * contacts around it are whole and found, and nothing of it is left. */
static void
assert_refusal_left_nothing (Fixture    *f,
                             CrmContact *owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;

  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 3);
  found = crm_store_search_contact_ids (f->store, "written", &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "5550100", &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (f->store, "initech", &error);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_array_unref);
  /* The email freed by the refusal went to the next contact that had it. */
  found = crm_store_search_contact_ids (f->store, "half@", &error);
  g_assert_cmpuint (found->len, ==, 1);
  assert_sort_keys_ordered (f->path);
  /* Nothing points nowhere (the import ran without foreign keys), and they
   * are back on: deleting a contact takes its emails along. */
  assert_no_orphans (f->path);
  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (owner), &error));
  assert_no_orphans (f->path);
}

/* In a bulk import a contact refused half-way (its second email is taken)
 * leaves nothing behind, and the contacts around it are whole and found:
 * refused at once while the UNIQUE indexes stay (a re-import), or, when
 * they wait for the end (@data), taken out whole there and refused when
 * written again once the email is checked. */
static void
test_bulk_refusal_leaves_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  gboolean defer = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) owner = add_contact (f->store, "Maria Lopez", "maria@acme.com", NULL, NULL);
  g_autoptr(CrmContact) refused = half_written ();
  g_autoptr(GPtrArray) taken = NULL;

  g_assert_true (crm_store_begin_bulk (f->store, defer ? CRM_STORE_BULK_DEFER_UNIQUE : CRM_STORE_BULK_NONE,
                                       &error));
  g_object_unref (add_contact (f->store, "Before Bulk", "before@example.com", NULL, "Initech"));
  if (defer)
    {
      CrmContact *copy;

      g_assert_true (crm_store_insert_contact (f->store, refused, &error));
      taken = crm_store_bulk_take_repeated_contacts (f->store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (taken->len, ==, 1);
      copy = g_ptr_array_index (taken, 0);
      g_assert_cmpint (crm_contact_get_id (copy), ==, crm_contact_get_id (refused));
      g_assert_cmpuint (crm_contact_get_emails (copy)->len, ==, 2);
      g_assert_cmpuint (crm_contact_get_phones (copy)->len, ==, 1);
      g_assert_null (crm_store_get_contact (f->store, crm_contact_get_id (refused), NULL));
      crm_contact_set_id (copy, 0);
      g_set_object (&refused, copy);
    }
  g_assert_false (crm_store_insert_contact (f->store, refused, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Maria Lopez"));
  g_clear_error (&error);
  g_assert_cmpint (crm_contact_get_id (refused), ==, 0);
  g_object_unref (add_contact (f->store, "After Bulk", "half@example.com", NULL, "Initech"));
  g_assert_true (crm_store_commit (f->store, &error));
  assert_refusal_left_nothing (f, owner);
}

/* A transaction that lands whole (an undo step) takes no savepoint per
 * write: after one fails, it can only be rolled back, and a commit says
 * so and rolls back; one with no failure commits. */
static void
test_whole_transaction (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) owner = add_contact (f->store, "Maria Lopez", "maria@acme.com", NULL, NULL);
  g_autoptr(CrmContact) other = crm_contact_new ("Other Maria");
  g_autoptr(CrmContact) fine = crm_contact_new ("Fine Person");

  crm_contact_add_email (other, "MARIA@acme.com", NULL, TRUE);
  crm_contact_set_company (other, "Half Written Inc");
  g_assert_true (crm_store_begin_whole (f->store, &error));
  g_assert_true (crm_store_insert_contact (f->store, fine, &error));
  g_assert_false (crm_store_insert_contact (f->store, other, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (crm_store_commit (f->store, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_HALF_WRITTEN);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
  assert_search (f->store, "half", 0);
  assert_search (f->store, "fine", 0);

  /* The next transaction is an ordinary one again, and whole ones commit. */
  g_object_unref (add_contact (f->store, "After Person", "after@example.com", NULL, NULL));
  g_assert_true (crm_store_begin_whole (f->store, &error));
  g_object_unref (add_contact (f->store, "Fine Person", NULL, NULL, NULL));
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 3);
  assert_search (f->store, "fine", 1);
}

/* In a bulk import a change to a stored contact is written without a
 * savepoint: one that would be refused half-way (an email of another
 * contact's, an email given twice, another contact's UID) is refused
 * before anything is written, and the contact stays as it was. */
static void
test_bulk_update_refusal (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) owner = add_contact (f->store, "Maria Lopez", "maria@acme.com", NULL, NULL);
  g_autoptr(CrmContact) sam = add_contact (f->store, "Sam Lee", "sam@example.com", "+1 555 0100", "Initech");
  g_autoptr(CrmContact) kept = NULL;
  struct { const char *email, *uid; CrmStoreError code; const char *says; } cases[] = {
    { "MARIA@acme.com", NULL, CRM_STORE_ERROR_DUPLICATE, "Maria Lopez" },
    { "Sam@Example.com", NULL, CRM_STORE_ERROR_DUPLICATE, "given twice" },
    { NULL, crm_contact_get_uid (owner), CRM_STORE_ERROR_UID_TAKEN, crm_contact_get_uid (owner) },
  };

  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_NONE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrmContact) after = crm_contact_copy (sam);

      crm_contact_set_company (after, "Changed Inc");
      if (cases[i].email)
        crm_contact_add_email (after, cases[i].email, NULL, FALSE);
      if (cases[i].uid)
        crm_contact_set_uid (after, cases[i].uid);
      g_assert_false (crm_store_update_contact (f->store, after, &error));
      g_assert_error (error, CRM_STORE_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_clear_error (&error);
    }
  /* One that holds is written. */
  {
    g_autoptr(CrmContact) after = crm_contact_copy (sam);

    crm_contact_set_job_title (after, "Buyer");
    crm_contact_add_email (after, "sam.lee@example.com", NULL, FALSE);
    g_assert_true (crm_store_update_contact (f->store, after, &error));
    g_assert_no_error (error);
  }
  g_assert_true (crm_store_commit (f->store, &error));
  kept = crm_store_get_contact (f->store, crm_contact_get_id (sam), &error);
  g_assert_cmpstr (crm_contact_get_company (kept), ==, "Initech");
  g_assert_cmpstr (crm_contact_get_job_title (kept), ==, "Buyer");
  g_assert_cmpstr (crm_contact_get_uid (kept), ==, crm_contact_get_uid (sam));
  g_assert_cmpuint (crm_contact_get_emails (kept)->len, ==, 2);
  g_assert_cmpuint (crm_contact_get_phones (kept)->len, ==, 1);
  assert_search (f->store, "sam", 1);
  assert_search (f->store, "initech", 1);
  assert_search (f->store, "15550100", 1);
  assert_search (f->store, "sam.lee@", 1);
  assert_no_orphans (f->path);
}

/* A first page reads a bounded number of email and phone matches: a
 * prefix of very many addresses waits for the full search; a narrower
 * one is exact. */
static void
test_first_matches_bounded (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) all = NULL;

  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_NONE, &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %03u", i);
      g_autofree char *email = g_strdup_printf ("shared.%03u@example.com", i);
      g_object_unref (add_contact (f->store, name, email, NULL, NULL));
    }
  g_assert_true (crm_store_commit (f->store, &error));

  all = crm_store_search_contact_ids (f->store, "shared.", &error);
  g_assert_cmpuint (all->len, ==, 300);
  first = crm_store_search_contact_ids_first (f->store, "shared.", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 0);
  g_clear_pointer (&first, g_array_unref);
  g_clear_pointer (&all, g_array_unref);

  all = crm_store_search_contact_ids (f->store, "shared.1", &error);
  first = crm_store_search_contact_ids_first (f->store, "shared.1", 50, &error);
  g_assert_cmpuint (all->len, ==, 100);
  g_assert_cmpuint (first->len, ==, 50);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpint (g_array_index (first, gint64, i), ==, g_array_index (all, gint64, i));
}

/* The first matches, read in index order, are exactly the head of the
 * fully sorted list: also among many names that start alike. */
static void
test_first_matches (Fixture       *f,
                    gconstpointer  data)
{
  const char *firsts[] = { "Maria", "Mark", "Marta", "Mário", "María-José", "mark", "Zoë", "Ma", "O'Neil", "Ōtani" };
  const char *queries[] = { "m", "ma", "mar", "ex", "o", "", "zz" };
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_begin (f->store, &error));
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %c%u", firsts[i % G_N_ELEMENTS (firsts)],
                                               'a' + (i * 7) % 26, i % 13);
      g_autofree char *email = g_strdup_printf ("p%u@ex%u.example", i, i % 3);
      g_autoptr(CrmContact) c = crm_contact_new (name);

      crm_contact_add_email (c, email, NULL, TRUE);
      g_assert_true (crm_store_insert_contact (f->store, c, &error));
    }
  g_assert_true (crm_store_commit (f->store, &error));

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (guint limit = 1; limit <= 300; limit += 37)
      {
        g_autoptr(GArray) all = crm_store_search_contact_ids (f->store, queries[q], &error);
        g_autoptr(GArray) first = crm_store_search_contact_ids_first (f->store, queries[q], limit, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (first->len, ==, MIN (limit, all->len));
        g_assert_cmpmem (first->data, first->len * sizeof (gint64), all->data, first->len * sizeof (gint64));
      }
}

static void
test_unicode_names (Fixture       *f,
                    gconstpointer  data)
{
  const char *names[] = { "Zoë Ångström", "李小龍", "Ольга Иванова", "محمد علي", "👩‍💻 Dev" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CrmContact) c = add_contact (f->store, names[i], NULL, NULL, NULL);
      g_autoptr(CrmContact) back = crm_store_get_contact (f->store, crm_contact_get_id (c), &error);
      g_autoptr(GPtrArray) found = crm_store_find_contacts_by_name (f->store, names[i], &error);

      g_assert_cmpstr (crm_contact_get_name (back), ==, names[i]);
      g_assert_cmpuint (found->len, ==, 1);
    }
  assert_search (f->store, "ольга", 1);
  assert_search (f->store, "angstrom", 1);
}

static void
test_many_inserts_one_transaction (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_begin (f->store, &error));
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %05u", i);
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      g_autoptr(CrmContact) c = crm_contact_new (name);

      crm_contact_add_email (c, email, NULL, TRUE);
      g_assert_true (crm_store_insert_contact (f->store, c, &error));
    }
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 10000);
  assert_search (f->store, "p9999", 1);
}

static void
test_bulk_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) early_c = NULL;

  g_object_unref (add_contact (f->store, "Before Bulk", NULL, NULL, NULL));
  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_NONE, &error));
  g_object_unref (add_contact (f->store, "Rolled Back", NULL, NULL, NULL));
  crm_store_rollback (f->store);
  /* The triggers came back with the rollback: new rows are searchable. */
  g_object_unref (add_contact (f->store, "After Rollback", NULL, NULL, NULL));
  assert_search (f->store, "after", 1);

  {
    g_autoptr(CrmMeeting) m = crm_meeting_new ("Kickoff");
    g_autoptr(GDateTime) start = utc (2025, 5, 28, 12, 0);

    crm_meeting_set_span (m, start, start);
    crm_meeting_add_attendee (m, "Imported 7", NULL, 0);
    g_assert_true (crm_store_insert_meeting (f->store, m, &error));
  }
  g_assert_true (crm_store_begin_bulk (f->store, CRM_STORE_BULK_NONE, &error));
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Imported %u", i);
      CrmContact *c = add_contact (f->store, name, NULL, "555-0199", "Initech");

      if (i == 7)
        early_c = c;
      else
        g_object_unref (c);
    }
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_search (f->store, "imported", 500);
  /* Attendees named by contacts the bulk brought are linked at the end. */
  {
    g_autoptr(GArray) linked = crm_store_meeting_ids_with_contact (f->store, crm_contact_get_id (early_c), &error);
    g_assert_cmpuint (linked->len, ==, 1);
  }
  assert_search (f->store, "initech", 500);
  assert_search (f->store, "before", 1);
  assert_search (f->store, "rolled", 0);
  g_object_unref (add_contact (f->store, "Later One", NULL, NULL, NULL));
  assert_search (f->store, "later", 1);
}

static void
test_rollback_discards (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_begin (f->store, &error));
  g_object_unref (add_contact (f->store, "Temp One", NULL, NULL, NULL));
  g_object_unref (add_contact (f->store, "Temp Two", NULL, NULL, NULL));
  crm_store_rollback (f->store);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 0);
}

static void
test_meetings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) joan = add_contact (f->store, "Joan Aleric", "joan@example.com", NULL, NULL);
  g_autoptr(CrmMeeting) m = crm_meeting_new ("Budget review");
  g_autoptr(GDateTime) start = utc (2025, 5, 28, 15, 0);
  g_autoptr(GDateTime) end = utc (2025, 5, 28, 16, 0);
  g_autoptr(GDateTime) day = utc (2025, 5, 28, 0, 0);
  g_autoptr(GDateTime) next_day = utc (2025, 5, 29, 0, 0);
  g_autoptr(CrmMeeting) back = NULL;
  g_autoptr(GArray) ids = NULL;

  crm_meeting_set_span (m, start, end);
  crm_meeting_set_location (m, "Room 4B");
  crm_meeting_set_description (m, "about the numbers");
  crm_meeting_set_rrule (m, "FREQ=WEEKLY;BYDAY=WE");
  crm_meeting_add_attendee (m, "Joan Aleric", NULL, crm_contact_get_id (joan));
  crm_meeting_add_attendee (m, "Sam Lee", "sam@example.com", 0);
  g_assert_true (crm_store_insert_meeting (f->store, m, &error));
  g_assert_no_error (error);

  back = crm_store_get_meeting (f->store, crm_meeting_get_id (m), &error);
  g_assert_true (crm_meeting_equal (m, back));

  ids = crm_store_search_meeting_ids (f->store, NULL, day, next_day, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = crm_store_search_meeting_ids (f->store, NULL, next_day, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  ids = crm_store_search_meeting_ids (f->store, "numb", NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = crm_store_search_meeting_ids (f->store, "sam", NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = crm_store_meeting_ids_with_contact (f->store, crm_contact_get_id (joan), &error);
  g_assert_cmpuint (ids->len, ==, 1);

  /* Deleting a contact keeps the name on the meeting, unlinked. */
  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (joan), &error));
  g_clear_object (&back);
  back = crm_store_get_meeting (f->store, crm_meeting_get_id (m), &error);
  g_assert_cmpstr (g_array_index (crm_meeting_get_attendees (back), CrmAttendee, 0).name, ==, "Joan Aleric");
  g_assert_cmpint (g_array_index (crm_meeting_get_attendees (back), CrmAttendee, 0).contact_id, ==, 0);
}

/* The event's unmodelled properties and sub-components are stored as
 * they are, by every reader. */
static void
test_extra_ical_kept (Fixture       *f,
                      gconstpointer  data)
{
  static const char extra[] = "CATEGORIES:Work,Café\n"
                              "EXDATE;TZID=Europe/Paris:20250604T150000\n"
                              "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmMeeting) m = crm_meeting_new ("Extra review");
  g_autoptr(GDateTime) start = utc (2025, 5, 28, 15, 0);
  g_autoptr(GDateTime) end = utc (2025, 5, 28, 16, 0);
  g_autoptr(CrmMeeting) copy = NULL;
  g_autoptr(CrmMeeting) back = NULL;
  g_autoptr(CrmMeeting) again = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  gint64 id;

  crm_meeting_set_span (m, start, end);
  crm_meeting_set_extra_ical (m, extra);
  copy = crm_meeting_copy (m);
  g_assert_cmpstr (crm_meeting_get_extra_ical (copy), ==, extra);
  crm_meeting_set_extra_ical (copy, "STATUS:CONFIRMED");
  g_assert_false (crm_meeting_equal (m, copy));

  g_assert_true (crm_store_insert_meeting (f->store, m, &error));
  g_assert_no_error (error);
  id = crm_meeting_get_id (m);
  back = crm_store_get_meeting (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_meeting_get_extra_ical (back), ==, extra);
  g_assert_true (crm_meeting_equal (m, back));

  crm_meeting_set_extra_ical (back, NULL);
  g_assert_true (crm_store_update_meeting (f->store, back, &error));
  g_assert_no_error (error);
  batch = crm_store_get_meetings (f->store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 1);
  g_assert_null (crm_meeting_get_extra_ical (g_ptr_array_index (batch, 0)));
  crm_meeting_set_extra_ical (back, extra);
  g_assert_true (crm_store_update_meeting (f->store, back, &error));
  again = crm_store_get_meeting (f->store, id, &error);
  g_assert_cmpstr (crm_meeting_get_extra_ical (again), ==, extra);
}

static void
test_attendee_linked_when_contact_appears (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmMeeting) m = crm_meeting_new ("Lunch");
  g_autoptr(GDateTime) start = utc (2025, 5, 28, 12, 0);
  g_autoptr(CrmContact) priya = NULL;
  g_autoptr(CrmContact) sam = NULL;
  g_autoptr(CrmMeeting) back = NULL;
  GArray *attendees;

  crm_meeting_set_span (m, start, start);
  crm_meeting_add_attendee (m, "Priya Patel", NULL, 0);
  crm_meeting_add_attendee (m, "S. Lee", "sam@example.com", 0);
  g_assert_true (crm_store_insert_meeting (f->store, m, &error));
  priya = add_contact (f->store, "priya patel", NULL, NULL, NULL);
  sam = add_contact (f->store, "Sam Lee", "SAM@example.com", NULL, NULL);

  back = crm_store_get_meeting (f->store, crm_meeting_get_id (m), &error);
  attendees = crm_meeting_get_attendees (back);
  g_assert_cmpint (g_array_index (attendees, CrmAttendee, 0).contact_id, ==, crm_contact_get_id (priya));
  g_assert_cmpint (g_array_index (attendees, CrmAttendee, 1).contact_id, ==, crm_contact_get_id (sam));
}

static void
test_put_restores_exactly (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) c = add_contact (f->store, "Maria Lopez", "maria@acme.com", "555", "Acme");
  g_autoptr(CrmContact) snapshot = crm_contact_copy (c);
  g_autoptr(CrmContact) back = NULL;

  g_assert_true (crm_store_delete_contact (f->store, crm_contact_get_id (c), &error));
  g_assert_true (crm_store_put_contact (f->store, snapshot, &error));
  back = crm_store_get_contact (f->store, crm_contact_get_id (c), &error);
  g_assert_true (crm_contact_equal (snapshot, back));
  g_assert_cmpint (crm_contact_get_created (back), ==, crm_contact_get_created (snapshot));
  assert_search (f->store, "lopez", 1);
}

/* A record kept out of memory (a big undo step's) comes back whole:
 * unset fields stay unset, types and preferences stay where they were. */
static gint64
add_meeting_at (CrmStore   *store,
                const char *title,
                GDateTime  *start,
                const char *rrule)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmMeeting) m = crm_meeting_new (title);

  crm_meeting_set_span (m, start, start);
  crm_meeting_set_rrule (m, rrule);
  g_assert_true (crm_store_insert_meeting (store, m, &error));
  g_assert_no_error (error);
  return crm_meeting_get_id (m);
}

/* The series that may repeat into a range: those begun before its end,
 * however long ago; not one-off meetings, not series begun after. */
static void
test_repeating_meetings (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) old = utc (2020, 1, 6, 9, 0);
  g_autoptr(GDateTime) inside = utc (2026, 11, 3, 9, 0);
  g_autoptr(GDateTime) later = utc (2027, 2, 1, 9, 0);
  g_autoptr(GDateTime) to = utc (2026, 12, 1, 0, 0);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 weekly = add_meeting_at (f->store, "Standup", old, "FREQ=WEEKLY");
  gint64 monthly = add_meeting_at (f->store, "Review", inside, "FREQ=MONTHLY;COUNT=3");

  add_meeting_at (f->store, "Lunch", inside, NULL);
  add_meeting_at (f->store, "Planning", later, "FREQ=WEEKLY");
  found = crm_store_get_repeating_meetings (f->store, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (crm_meeting_get_id (g_ptr_array_index (found, 0)), ==, weekly);
  g_assert_cmpint (crm_meeting_get_id (g_ptr_array_index (found, 1)), ==, monthly);
  g_assert_cmpstr (crm_meeting_get_rrule (g_ptr_array_index (found, 1)), ==, "FREQ=MONTHLY;COUNT=3");
}

static gint64
add_meeting_for (CrmStore   *store,
                 const char *title,
                 GDateTime  *start,
                 int         minutes,
                 const char *rrule)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmMeeting) m = crm_meeting_new (title);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, minutes);

  crm_meeting_set_span (m, start, end);
  crm_meeting_set_rrule (m, rrule);
  g_assert_true (crm_store_insert_meeting (store, m, &error));
  g_assert_no_error (error);
  return crm_meeting_get_id (m);
}

static void
assert_listed_at (CrmRecordList *list,
                  guint          position,
                  gint64         id,
                  GDateTime     *start)
{
  g_autoptr(CrmMeeting) shown = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_cmpint (crm_meeting_get_id (shown), ==, id);
  g_assert_true (g_date_time_equal (crm_meeting_get_start (shown), start));
}

/* A range holding only later occurrences of a series lists it once, in
 * start order at its first occurrence there, as long as the series; a
 * search filters it like any meeting; a range before it lists nothing. */
static void
test_agenda_occurrences (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) first = utc (2026, 11, 4, 9, 0);
  g_autoptr(GDateTime) early = utc (2026, 11, 25, 8, 0);
  g_autoptr(GDateTime) occurrence = utc (2026, 11, 25, 9, 0);
  g_autoptr(GDateTime) occurrence_end = utc (2026, 11, 25, 9, 30);
  g_autoptr(GDateTime) lunch = utc (2026, 11, 25, 12, 0);
  g_autoptr(GDateTime) day = utc (2026, 11, 25, 0, 0);
  g_autoptr(GDateTime) next_day = utc (2026, 11, 26, 0, 0);
  g_autoptr(GDateTime) week = utc (2026, 11, 23, 0, 0);
  g_autoptr(GDateTime) week_end = utc (2026, 11, 30, 0, 0);
  g_autoptr(GDateTime) daily_first = utc (2026, 11, 24, 7, 0);
  g_autoptr(GDateTime) daily_second = utc (2026, 11, 25, 7, 0);
  g_autoptr(GDateTime) before = utc (2026, 11, 1, 0, 0);
  g_autoptr(CrmRecordList) list = crm_record_list_new (f->store, CRM_RECORD_MEETINGS);
  g_autoptr(CrmMeeting) shown = NULL;
  gint64 standup = add_meeting_for (f->store, "Standup", first, 30, "FREQ=WEEKLY");
  gint64 breakfast = add_meeting_for (f->store, "Breakfast", early, 30, NULL);
  gint64 lunch_id = add_meeting_for (f->store, "Lunch", lunch, 60, NULL);
  gint64 daily = add_meeting_for (f->store, "Gym", daily_first, 60, "FREQ=DAILY;COUNT=3");

  crm_record_list_set_range (list, day, next_day);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  assert_listed_at (list, 0, daily, daily_second);
  assert_listed_at (list, 1, breakfast, early);
  assert_listed_at (list, 2, standup, occurrence);
  assert_listed_at (list, 3, lunch_id, lunch);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (g_date_time_equal (crm_meeting_get_end (shown), occurrence_end));
  g_assert_cmpuint (crm_record_list_find (list, standup), ==, 2);

  /* A week: each series once, at its first occurrence in it. */
  crm_record_list_set_range (list, week, week_end);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  assert_listed_at (list, 0, daily, daily_first);
  assert_listed_at (list, 1, breakfast, early);
  assert_listed_at (list, 2, standup, occurrence);

  crm_record_list_set_query (list, "stand");
  crm_record_list_set_range (list, day, next_day);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  assert_listed_at (list, 0, standup, occurrence);
  crm_record_list_set_query (list, "lunch");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (crm_record_list_find (list, standup), ==, G_MAXUINT);

  crm_record_list_set_query (list, NULL);
  crm_record_list_set_range (list, before, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

/* The next day lists the same series, at another occurrence: the list
 * says its row changed, or a view would keep showing yesterday's. */
static void
test_agenda_next_day (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) first = utc (2026, 11, 10, 9, 0);
  g_autoptr(GDateTime) day = utc (2026, 11, 10, 0, 0);
  g_autoptr(GDateTime) next_day = utc (2026, 11, 11, 0, 0);
  g_autoptr(GDateTime) after = utc (2026, 11, 12, 0, 0);
  g_autoptr(GDateTime) second = utc (2026, 11, 11, 9, 0);
  g_autoptr(CrmRecordList) list = crm_record_list_new (f->store, CRM_RECORD_MEETINGS);
  gint64 daily = add_meeting_for (f->store, "Standup", first, 15, "FREQ=DAILY");
  guint changes = 0;

  crm_record_list_set_range (list, day, next_day);
  assert_listed_at (list, 0, daily, first);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  crm_record_list_set_range (list, next_day, after);
  g_assert_cmpuint (changes, >=, 1);
  assert_listed_at (list, 0, daily, second);
}

static void
test_records_kept_aside (void)
{
  g_autoptr(CrmContact) c = crm_contact_new ("Zoë Ångström");
  g_autoptr(CrmMeeting) m = crm_meeting_new ("Review");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 3, 4, 15, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2025, 3, 4, 16, 30, 0);
  g_autoptr(GByteArray) cb = g_byte_array_new ();
  g_autoptr(GVariant) mv = NULL;
  g_autoptr(GVariant) other = g_variant_ref_sink (g_variant_new ("(xs)", (gint64) 1, "not a meeting"));
  g_autoptr(CrmContact) c2 = NULL;
  const guint8 *at;
  g_autoptr(CrmMeeting) m2 = NULL;

  crm_contact_set_id (c, 42);
  crm_contact_set_uid (c, "uid-42");
  crm_contact_set_company (c, "Acme");
  crm_contact_set_extra_vcard (c, "BDAY:1990-01-02");
  crm_contact_set_times (c, 100, 200);
  crm_contact_add_email (c, "zoe@acme.com", "work", FALSE);
  crm_contact_add_email (c, "zoe@home.org", NULL, TRUE);
  crm_contact_add_phone (c, "+46 8 123", "cell", FALSE);
  crm_contact_append_bytes (c, cb);
  at = cb->data;
  c2 = crm_contact_new_from_bytes (&at, cb->data + cb->len);
  g_assert_nonnull (c2);
  g_assert_true (crm_contact_equal (c, c2));
  g_assert_null (crm_contact_get_notes (c2));
  g_assert_cmpint (crm_contact_get_updated (c2), ==, 200);
  g_assert_true (g_array_index (crm_contact_get_emails (c2), CrmContactValue, 1).preferred);
  g_assert_null (g_array_index (crm_contact_get_emails (c2), CrmContactValue, 1).type);

  crm_meeting_set_id (m, 7);
  crm_meeting_set_uid (m, "m-7");
  crm_meeting_set_span (m, start, end);
  crm_meeting_set_tzid (m, "Europe/Stockholm");
  crm_meeting_set_rrule (m, "FREQ=WEEKLY;COUNT=3");
  crm_meeting_set_extra_ical (m, "STATUS:CONFIRMED");
  crm_meeting_set_times (m, 300, 400);
  crm_meeting_add_attendee (m, "Zoë Ångström", "zoe@acme.com", 42);
  crm_meeting_add_attendee (m, "Guest", NULL, 0);
  mv = g_variant_ref_sink (crm_meeting_to_variant (m));
  m2 = crm_meeting_new_from_variant (mv);
  g_assert_nonnull (m2);
  g_assert_true (crm_meeting_equal (m, m2));
  g_assert_null (crm_meeting_get_location (m2));
  g_assert_cmpint (crm_meeting_get_created (m2), ==, 300);
  g_assert_cmpint (g_date_time_to_unix (crm_meeting_get_end (m2)), ==, g_date_time_to_unix (end));

  /* A meeting refuses another type. */
  g_assert_null (crm_meeting_new_from_variant (other));
}

static void
test_invalid_records_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) nameless = crm_contact_new ("  ");
  g_autoptr(CrmMeeting) backwards = crm_meeting_new ("Oops");
  g_autoptr(GDateTime) a = utc (2025, 1, 2, 10, 0);
  g_autoptr(GDateTime) b = utc (2025, 1, 2, 9, 0);

  g_assert_false (crm_store_insert_contact (f->store, nameless, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  crm_contact_set_name (nameless, " \t\r\n");
  g_assert_false (crm_store_insert_contact (f->store, nameless, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  crm_meeting_set_span (backwards, a, b);
  g_assert_false (crm_store_insert_meeting (f->store, backwards, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
}

/* A database as version 1 wrote it: no search index yet. */
static void
write_version_1_database (const char *path)
{
  extern const char * const crm_store_migrations[];
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, crm_store_migrations[0], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO contacts VALUES (7, 'uid-7', 'Old Timer', 'old timer', 1073741824, 'Legacy Inc', NULL, NULL, 'old@legacy.example', NULL, 1, 1);"
    "INSERT INTO contact_emails VALUES (7, 0, 'old@legacy.example', 'old@legacy.example', NULL, 1);"
    "INSERT INTO contact_phones VALUES (7, 0, '+1 (555) 010-9999', 'work', 1);"
    "INSERT INTO meetings VALUES (3, 'uid-m3', 'Kickoff', 1700000000, 1700003600, 'UTC', 0, NULL, NULL, NULL, 1, 1);"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migration_keeps_rows (void)
{
  g_autofree char *dir = crm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite3", NULL);
  g_autofree char *backup = g_strconcat (path, ".v1.bak", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmContact) c = NULL;
  g_autoptr(CrmMeeting) m = NULL;
  g_autoptr(GArray) found = NULL;

  write_version_1_database (path);
  store = crm_store_open (path, &error);
  g_assert_no_error (error);
  c = crm_store_get_contact (store, 7, &error);
  g_assert_cmpstr (crm_contact_get_name (c), ==, "Old Timer");
  g_assert_cmpstr (crm_contact_get_email (c), ==, "old@legacy.example");
  m = crm_store_get_meeting (store, 3, &error);
  g_assert_cmpstr (crm_meeting_get_title (m), ==, "Kickoff");
  g_assert_null (crm_meeting_get_extra_ical (m));
  g_assert_cmpstr (crm_contact_get_phone (c), ==, "+1 (555) 010-9999");
  g_assert_null (crm_contact_get_extra_vcard (c));
  found = crm_store_search_contact_ids (store, "legacy", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  /* Version 3 finds phones by their digits and emails by their start. */
  found = crm_store_search_contact_ids (store, "15550109", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_contact_ids (store, "old@leg", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  found = crm_store_search_meeting_ids (store, "kick", NULL, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);
  /* Version 7 rebuilt contacts and their emails: UIDs and emails are
   * still one contact's, and the search index still follows a rename. */
  {
    g_autoptr(CrmContact) same_email = crm_contact_new ("Newcomer");
    g_autoptr(CrmContact) same_uid = crm_contact_new ("Newcomer");

    crm_contact_add_email (same_email, "OLD@legacy.example", NULL, TRUE);
    g_assert_false (crm_store_insert_contact (store, same_email, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
    g_clear_error (&error);
    crm_contact_set_uid (same_uid, "uid-7");
    g_assert_false (crm_store_insert_contact (store, same_uid, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_UID_TAKEN);
    g_clear_error (&error);
    crm_contact_set_name (c, "Renamed Timer");
    g_assert_true (crm_store_update_contact (store, c, &error));
    found = crm_store_search_contact_ids (store, "renam", &error);
    g_assert_cmpuint (found->len, ==, 1);
  }
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_object (&store);
  /* Migrated to the last version, the file is this version's: it opens
   * again, not refused as a newer program's. */
  store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);
  crm_test_remove_dir (dir);
}

static void
test_newer_database_refused (void)
{
  g_autofree char *dir = crm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.sqlite3", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  gsize len_before, len_after;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL);
  sqlite3_close (db);
  g_file_get_contents (path, &before, &len_before, NULL);

  g_assert_null (crm_store_open (path, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_file_get_contents (path, &after, &len_after, NULL);
  g_assert_cmpmem (before, len_before, after, len_after);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  crm_test_remove_dir (dir);
}

/* A file another program holds for a bulk write (a command-line import
 * through the rollback journal) is found busy at once, and refused as
 * busy, not as "not a database", after the wait; free again, it opens. */
static void
test_busy_file (void)
{
  g_autofree char *dir = crm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "busy.sqlite3", NULL);
  g_autoptr(CrmStore) store = crm_store_open (path, NULL);
  g_autoptr(CrmStore) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  sqlite3 *db;

  g_assert_nonnull (store);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* Begun but still readable (before its first spill of pages)… */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; BEGIN; CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_BUSY);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);
  /* …and once it shuts readers out. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_BUSY);
  g_assert_null (crm_store_open (path, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "another Smart CRM"));
  /* The window's way says so at once, not after the 5 s busy timeout. */
  g_clear_error (&error);
  start = g_get_monotonic_time ();
  g_assert_null (crm_store_open_no_wait (path, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_BUSY);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);
  again = crm_store_open (path, NULL);
  g_assert_nonnull (again);
  g_clear_object (&again);
  again = crm_store_open_no_wait (path, NULL);
  g_assert_nonnull (again);
  g_clear_object (&again);
  crm_test_remove_dir (dir);
}

/* An import killed half-way through the rollback journal leaves it "hot":
 * the file is not busy, and opening it rolls the import back. */
static void
test_hot_journal_not_busy (void)
{
  g_autofree char *dir = crm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "hot.sqlite3", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autoptr(CrmStore) store = crm_store_open (path, NULL);
  g_autoptr(CrmContact) contact = crm_contact_new ("Kept Before");
  int status = 0;
  pid_t child;

  g_assert_true (crm_store_insert_contact (store, contact, NULL));
  g_clear_object (&store);
  child = fork ();
  if (child == 0)
    {
      sqlite3 *db;

      /* Writes without committing, then dies holding nothing. */
      if (sqlite3_open (path, &db) != SQLITE_OK ||
          sqlite3_exec (db, "PRAGMA journal_mode = DELETE; BEGIN; DELETE FROM contact_order;"
                            "DELETE FROM contacts", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);
  store = crm_store_open (path, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (crm_store_count_contacts (store), ==, 1);
  g_clear_object (&store);
  crm_test_remove_dir (dir);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = crm_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "junk.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_file_set_contents (path, "this is not sqlite, just text that is long enough to look like a header", -1, NULL);
  g_assert_null (crm_store_open (path, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN);
  g_clear_error (&error);
  /* Too short for SQLite to see it is not a database: it would write over it. */
  g_file_set_contents (path, "x", -1, NULL);
  g_assert_null (crm_store_open (path, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "x");
  crm_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("file-modes", test_file_modes);
  ADD ("contact-crud", test_contact_crud);
  ADD ("sqlite-memory-uncounted", test_sqlite_memory_uncounted);
  ADD ("extra-vcard", test_extra_vcard_kept);
  ADD ("duplicate-email", test_duplicate_email_refused);
  ADD ("same-name", test_same_name_allowed);
  ADD ("fts-search", test_fts_search);
  ADD ("unicode-names", test_unicode_names);
  ADD ("first-matches", test_first_matches);
  ADD ("sort-keys", test_sort_keys);
  ADD ("rename-into-full-place", test_rename_into_full_place);
  g_test_add ("/store/bulk-refusal-immediate", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_bulk_refusal_leaves_nothing, fixture_tear_down);
  g_test_add ("/store/bulk-refusal-deferred", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_bulk_refusal_leaves_nothing, fixture_tear_down);
  ADD ("bulk-take-repeats", test_bulk_take_repeats);
  ADD ("bulk-insert-batch", test_bulk_insert_batch);
  ADD ("index-follows-words", test_index_follows_words);
  ADD ("change-spilled", test_change_spilled);
  g_test_add_func ("/store/contact-bytes", test_contact_bytes);
  ADD ("bulk-update-refusal", test_bulk_update_refusal);
  ADD ("whole-transaction", test_whole_transaction);
  ADD ("value-groups", test_value_groups);
  ADD ("first-matches-bounded", test_first_matches_bounded);
  ADD ("10000-inserts", test_many_inserts_one_transaction);
  ADD ("rollback", test_rollback_discards);
  ADD ("bulk", test_bulk_mode);
  ADD ("meetings", test_meetings);
  ADD ("extra-ical", test_extra_ical_kept);
  ADD ("repeating-meetings", test_repeating_meetings);
  ADD ("agenda-occurrences", test_agenda_occurrences);
  ADD ("agenda-next-day", test_agenda_next_day);
  ADD ("attendee-linking", test_attendee_linked_when_contact_appears);
  ADD ("put-restores", test_put_restores_exactly);
  ADD ("invalid-records", test_invalid_records_refused);
#undef ADD
  g_test_add_func ("/store/records-kept-aside", test_records_kept_aside);
  g_test_add_func ("/store/migration", test_migration_keeps_rows);
  g_test_add_func ("/store/newer-refused", test_newer_database_refused);
  g_test_add_func ("/store/busy-file", test_busy_file);
  g_test_add_func ("/store/hot-journal-not-busy", test_hot_journal_not_busy);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  return g_test_run ();
}
