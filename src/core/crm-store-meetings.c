/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include "crm-recurrence.h"
#include "crm-store-private.h"
#include "crm-text.h"

/* Meetings in the store: instants as Unix seconds (UTC) plus the IANA zone
 * they were entered in, and the attendees in order. */

static gboolean
validate_meeting (CrmMeeting  *meeting,
                  GError     **error)
{
  const char *title = crm_meeting_get_title (meeting);
  GDateTime *start = crm_meeting_get_start (meeting);
  GDateTime *end = crm_meeting_get_end (meeting);

  if (title == NULL || !g_utf8_validate (title, -1, NULL))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           "A meeting needs a title.");
      return FALSE;
    }
  if (start == NULL || end == NULL)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           "A meeting needs a start and an end.");
      return FALSE;
    }
  if (g_date_time_compare (end, start) < 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           "A meeting cannot end before it starts.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_attendees (CrmConn     *conn,
                 CrmMeeting  *meeting,
                 GError     **error)
{
  GArray *attendees = crm_meeting_get_attendees (meeting);
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "DELETE FROM meeting_attendees WHERE meeting_id = ?", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, crm_meeting_get_id (meeting));
  if (!crm_conn_step_done (conn, stmt, error))
    return FALSE;
  for (guint i = 0; i < attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (attendees, CrmAttendee, i);
      g_autofree char *key = crm_text_name_key (a->name);
      g_autofree char *email_key = a->email ? crm_text_strdown (a->email) : NULL;

      stmt = crm_conn_prepare (conn,
        "INSERT INTO meeting_attendees (meeting_id, position, name, name_key, email, contact_id, "
        "email_key) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (!stmt)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, crm_meeting_get_id (meeting));
      sqlite3_bind_int (stmt, 2, i);
      crm_bind_text (stmt, 3, a->name);
      crm_bind_text (stmt, 4, key);
      crm_bind_text (stmt, 5, a->email);
      if (a->contact_id > 0)
        sqlite3_bind_int64 (stmt, 6, a->contact_id);
      crm_bind_text (stmt, 7, email_key);
      if (!crm_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
upsert_meeting_row (CrmConn     *conn,
                    CrmMeeting  *meeting,
                    GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "INSERT INTO meetings (id, uid, title, start_utc, end_utc, tzid, all_day, rrule, location, "
    "description, created, updated, extra_ical) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (id) DO UPDATE SET uid = ?2, title = ?3, start_utc = ?4, end_utc = ?5, "
    "tzid = ?6, all_day = ?7, rrule = ?8, location = ?9, description = ?10, created = ?11, "
    "updated = ?12, extra_ical = ?13", error);

  if (!stmt)
    return FALSE;
  if (crm_meeting_get_id (meeting) > 0)
    sqlite3_bind_int64 (stmt, 1, crm_meeting_get_id (meeting));
  crm_bind_text (stmt, 2, crm_meeting_get_uid (meeting));
  crm_bind_text (stmt, 3, crm_meeting_get_title (meeting));
  sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (crm_meeting_get_start (meeting)));
  sqlite3_bind_int64 (stmt, 5, g_date_time_to_unix (crm_meeting_get_end (meeting)));
  crm_bind_text (stmt, 6, crm_meeting_get_tzid (meeting) ? crm_meeting_get_tzid (meeting) : "UTC");
  sqlite3_bind_int (stmt, 7, crm_meeting_get_all_day (meeting));
  crm_bind_text (stmt, 8, crm_meeting_get_rrule (meeting));
  crm_bind_text (stmt, 9, crm_meeting_get_location (meeting));
  crm_bind_text (stmt, 10, crm_meeting_get_description (meeting));
  sqlite3_bind_int64 (stmt, 11, crm_meeting_get_created (meeting));
  sqlite3_bind_int64 (stmt, 12, crm_meeting_get_updated (meeting));
  crm_bind_text (stmt, 13, crm_meeting_get_extra_ical (meeting));
  if (!crm_conn_step_done (conn, stmt, error))
    return FALSE;
  if (crm_meeting_get_id (meeting) <= 0)
    crm_meeting_set_id (meeting, sqlite3_last_insert_rowid (conn->db));
  return TRUE;
}

static gboolean
meeting_exists (CrmConn     *conn,
                gint64       id,
                GError     **error)
{
  return crm_conn_row_exists (conn, "SELECT 1 FROM meetings WHERE id = ?", id, "meeting", error);
}

/* The zone a meeting is entered in: the local one, by its IANA name. */
static const char *
local_tzid (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  static char *cached;
  const char *id = g_time_zone_get_identifier (tz);

  if (g_once_init_enter (&cached))
    g_once_init_leave (&cached, g_strdup (id && *id ? id : "UTC"));
  return cached;
}

gboolean
crm_store_insert_meeting (CrmStore    *self,
                          CrmMeeting  *meeting,
                          GError     **error)
{
  gint64 now = crm_store_now_seconds ();
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_MEETING (meeting), FALSE);

  if (!validate_meeting (meeting, error))
    return FALSE;
  if (crm_meeting_get_uid (meeting) == NULL)
    {
      g_autofree char *uid = g_uuid_string_random ();
      crm_meeting_set_uid (meeting, uid);
    }
  if (crm_meeting_get_tzid (meeting) == NULL)
    crm_meeting_set_tzid (meeting, local_tzid ());
  if (crm_meeting_get_created (meeting) == 0)
    crm_meeting_set_times (meeting, now, now);
  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = upsert_meeting_row (conn, meeting, error) && write_attendees (conn, meeting, error);
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_MEETINGS, error);
}

gboolean
crm_store_update_meeting (CrmStore    *self,
                          CrmMeeting  *meeting,
                          GError     **error)
{
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_MEETING (meeting), FALSE);

  if (!validate_meeting (meeting, error))
    return FALSE;
  crm_meeting_set_times (meeting, crm_meeting_get_created (meeting), crm_store_now_seconds ());
  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = meeting_exists (conn, crm_meeting_get_id (meeting), error) &&
       upsert_meeting_row (conn, meeting, error) && write_attendees (conn, meeting, error);
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_MEETINGS, error);
}

/**
 * crm_store_put_meeting:
 *
 * Writes @meeting exactly as given — id, uid, timestamps and attendee links
 * included — inserting or replacing. Undo and redo restore records with it.
 */
gboolean
crm_store_put_meeting (CrmStore    *self,
                       CrmMeeting  *meeting,
                       GError     **error)
{
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (crm_meeting_get_id (meeting) > 0, FALSE);

  if (!validate_meeting (meeting, error) || !(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = upsert_meeting_row (conn, meeting, error) && write_attendees (conn, meeting, error);
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_MEETINGS, error);
}

gboolean
crm_store_delete_meeting (CrmStore  *self,
                          gint64     id,
                          GError   **error)
{
  CrmConn *conn;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  /* Deletes cascade through foreign keys, which a bulk import turns off. */
  g_return_val_if_fail (!crm_store_in_bulk (self), FALSE);

  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = meeting_exists (conn, id, error) &&
       (stmt = crm_conn_prepare (conn, "DELETE FROM meetings WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = crm_conn_step_done (conn, stmt, error);
    }
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_MEETINGS, error);
}

static gboolean
read_attendees (CrmConn     *conn,
                CrmMeeting  *meeting,
                GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "SELECT name, email, contact_id FROM meeting_attendees WHERE meeting_id = ? ORDER BY position",
    error);
  int rc;

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, crm_meeting_get_id (meeting));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    crm_meeting_add_attendee (meeting, crm_column_text (stmt, 0), crm_column_text (stmt, 1),
                              sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

#define MEETING_COLUMNS \
  "id, uid, title, start_utc, end_utc, tzid, all_day, rrule, location, description, created, " \
  "updated, extra_ical"

static CrmMeeting *
meeting_from_row (sqlite3_stmt *stmt)
{
  CrmMeeting *meeting = crm_meeting_new (crm_column_text (stmt, 2));
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 3));
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 4));

  crm_meeting_set_id (meeting, sqlite3_column_int64 (stmt, 0));
  crm_meeting_set_uid (meeting, crm_column_text (stmt, 1));
  crm_meeting_set_span (meeting, start, end);
  crm_meeting_set_tzid (meeting, crm_column_text (stmt, 5));
  crm_meeting_set_all_day (meeting, sqlite3_column_int (stmt, 6));
  crm_meeting_set_rrule (meeting, crm_column_text (stmt, 7));
  crm_meeting_set_location (meeting, crm_column_text (stmt, 8));
  crm_meeting_set_description (meeting, crm_column_text (stmt, 9));
  crm_meeting_set_times (meeting, sqlite3_column_int64 (stmt, 10), sqlite3_column_int64 (stmt, 11));
  crm_meeting_set_extra_ical (meeting, crm_column_text (stmt, 12));
  return meeting;
}

static CrmMeeting *
query_one_meeting (CrmStore    *self,
                   const char  *sql,
                   gint64       id,
                   const char  *text,
                   GError     **error)
{
  return crm_store_query_one (self, sql, id, text, (CrmRowFunc) meeting_from_row,
                              (CrmChildrenFunc) read_attendees, "meeting", error);
}

CrmMeeting *
crm_store_get_meeting (CrmStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return query_one_meeting (self, "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?",
                            id, NULL, error);
}

CrmMeeting *
crm_store_get_meeting_by_uid (CrmStore    *self,
                              const char  *uid,
                              GError     **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  return query_one_meeting (self, "SELECT " MEETING_COLUMNS " FROM meetings WHERE uid = ?",
                            0, uid, error);
}

/**
 * crm_store_get_meetings_by_uid_prefix:
 * @prefix: a UID
 *
 * Returns: (transfer full) (element-type CrmMeeting): the meetings whose
 * UID is @prefix followed by "-" and more, by UID
 */
GPtrArray *
crm_store_get_meetings_by_uid_prefix (CrmStore    *self,
                                      const char  *prefix,
                                      GError     **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  /* A range rather than LIKE, which ignores case and the UNIQUE index:
   * "-" and "." are neighbours, and UTF-8 sorts bytewise. */
  ids = crm_store_query_ids (self,
    "SELECT id FROM meetings WHERE uid > ?1 || '-' AND uid < ?1 || '.' ORDER BY uid",
    0, prefix, error);
  if (ids == NULL)
    return NULL;
  return crm_store_get_meetings (self, (const gint64 *) ids->data, ids->len, error);
}

/**
 * crm_store_get_meetings:
 * Returns: (transfer full) (element-type CrmMeeting): the meetings with
 * these ids, in the same order; ids with no meeting are skipped
 */
GPtrArray *
crm_store_get_meetings (CrmStore      *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return crm_store_collect (self, ids, n_ids, (CrmStoreGetFunc) crm_store_get_meeting, error);
}

/* A NULL bound where a range end or query is not given makes its test
 * true, so one prepared statement serves every combination. */
#define MEETINGS_MATCH_SQL \
  "(?3 IS NULL OR m.id IN (SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ?3) " \
  "     OR m.id IN (SELECT meeting_id FROM meeting_attendees WHERE name_key LIKE ?4 ESCAPE '\\')) "

#define SEARCH_MEETINGS_SQL \
  "SELECT m.id, m.start_utc FROM meetings m WHERE " \
  "(?1 IS NULL OR m.end_utc > ?1 OR (m.end_utc = m.start_utc AND m.start_utc >= ?1)) " \
  "AND (?2 IS NULL OR m.start_utc < ?2) AND " MEETINGS_MATCH_SQL \
  "ORDER BY m.start_utc, m.id"

/* Every matching series begun before the range's end: any of them may
 * have an occurrence in it. */
#define SEARCH_SERIES_SQL \
  "SELECT m.id FROM meetings m WHERE m.rrule IS NOT NULL AND m.rrule != '' " \
  "AND m.start_utc < ?2 AND " MEETINGS_MATCH_SQL

static char *
like_pattern (const char *query)
{
  g_autofree char *key = crm_text_name_key (query);
  GString *pattern = g_string_new ("%");

  for (const char *p = key; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/**
 * crm_store_search_meeting_ids:
 * @query: (nullable): words to find in title, description, location or an
 *   attendee's name
 * @from: (nullable): only meetings that end after this
 * @to: (nullable): only meetings that start before this
 *
 * Returns: (transfer full): the ids of the matches, by start
 */
GArray *
crm_store_search_meeting_ids (CrmStore    *self,
                              const char  *query,
                              GDateTime   *from,
                              GDateTime   *to,
                              GError     **error)
{
  g_autofree char *match = crm_text_fts_prefix_query (query);
  g_autofree char *like = match ? like_pattern (query) : NULL;
  CrmConn *conn;
  sqlite3_stmt *stmt;
  GArray *ids = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  conn = crm_store_acquire_read (self);
  if ((stmt = crm_conn_prepare (conn, SEARCH_MEETINGS_SQL, error)))
    {
      if (from)
        sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (from));
      if (to)
        sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));
      crm_bind_text (stmt, 3, match);
      crm_bind_text (stmt, 4, like);
      ids = crm_collect_ids (conn, stmt, error);
    }
  crm_store_release_read (self, conn);
  return ids;
}

typedef struct
{
  gint64 start;
  gint64 id;
} AgendaEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const AgendaEntry *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The matches in the range that do not repeat, by their own start. */
static gboolean
collect_single (CrmConn      *conn,
                sqlite3_stmt *stmt,
                GHashTable   *series,
                GArray       *entries,
                GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AgendaEntry entry = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };

      if (!g_hash_table_contains (series, &entry.id))
        g_array_append_val (entries, entry);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

/* Each series with an occurrence in the range, at its first one there. */
static gboolean
add_series (CrmStore   *self,
            GArray     *ids,
            GDateTime  *from,
            GDateTime  *to,
            GArray     *entries,
            GError    **error)
{
  g_autoptr(GPtrArray) meetings = crm_store_get_meetings (self, (const gint64 *) ids->data,
                                                         ids->len, error);

  if (meetings == NULL)
    return FALSE;
  for (guint i = 0; i < meetings->len; i++)
    {
      CrmMeeting *meeting = g_ptr_array_index (meetings, i);
      g_autoptr(GArray) starts = crm_recurrence_expand (meeting, from, to, 1);
      AgendaEntry entry = { 0, crm_meeting_get_id (meeting) };

      if (starts->len == 0)
        continue;
      entry.start = g_array_index (starts, gint64, 0);
      g_array_append_val (entries, entry);
    }
  return TRUE;
}

/**
 * crm_store_search_agenda_ids:
 * @query: (nullable): as crm_store_search_meeting_ids()
 * @from: (nullable): the start of the range
 * @to: (nullable): its end
 *
 * The meetings an agenda of [@from, @to) lists: those in it by start, and
 * each repeating meeting with an occurrence in it once, placed at its
 * first occurrence there (so a multi-day range lists a series once, at its
 * first occurrence in the range; a day lists that day's). Without both
 * ends, the same as crm_store_search_meeting_ids().
 *
 * Returns: (transfer full): the ids, in that order
 */
GArray *
crm_store_search_agenda_ids (CrmStore    *self,
                             const char  *query,
                             GDateTime   *from,
                             GDateTime   *to,
                             GError     **error)
{
  g_autofree char *match = crm_text_fts_prefix_query (query);
  g_autofree char *like = match ? like_pattern (query) : NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GHashTable) repeating = NULL;
  g_autoptr(GArray) entries = NULL;
  CrmConn *conn;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  GArray *ids;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if (from == NULL || to == NULL)
    return crm_store_search_meeting_ids (self, query, from, to, error);

  conn = crm_store_acquire_read (self);
  if ((stmt = crm_conn_prepare (conn, SEARCH_SERIES_SQL, error)))
    {
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));
      crm_bind_text (stmt, 3, match);
      crm_bind_text (stmt, 4, like);
      series = crm_collect_ids (conn, stmt, error);
    }
  repeating = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; series && i < series->len; i++)
    g_hash_table_add (repeating, &g_array_index (series, gint64, i));
  entries = g_array_new (FALSE, FALSE, sizeof (AgendaEntry));
  if (series && (stmt = crm_conn_prepare (conn, SEARCH_MEETINGS_SQL, error)))
    {
      sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (from));
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));
      crm_bind_text (stmt, 3, match);
      crm_bind_text (stmt, 4, like);
      ok = collect_single (conn, stmt, repeating, entries, error);
    }
  crm_store_release_read (self, conn);
  if (!ok || !add_series (self, series, from, to, entries, error))
    return NULL;

  g_array_sort (entries, compare_entries);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
  for (guint i = 0; i < entries->len; i++)
    g_array_append_val (ids, g_array_index (entries, AgendaEntry, i).id);
  return ids;
}

/**
 * crm_store_meeting_ids_with_contact:
 * Returns: (transfer full): ids of the meetings @contact_id attends, by start
 */
GArray *
crm_store_meeting_ids_with_contact (CrmStore  *self,
                                    gint64     contact_id,
                                    GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return crm_store_query_ids (self,
    "SELECT m.id FROM meetings m WHERE m.id IN "
    "(SELECT meeting_id FROM meeting_attendees WHERE contact_id = ?) ORDER BY m.start_utc, m.id",
    contact_id, NULL, error);
}

/**
 * crm_store_meeting_ids_with_attendee:
 * Returns: (transfer full): ids of the meetings with an attendee of that
 * name (ignoring case and accents), by start
 */
GArray *
crm_store_meeting_ids_with_attendee (CrmStore    *self,
                                     const char  *name,
                                     GError     **error)
{
  g_autofree char *key = crm_text_name_key (name);

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return crm_store_query_ids (self,
    "SELECT m.id FROM meetings m WHERE m.id IN "
    "(SELECT meeting_id FROM meeting_attendees WHERE name_key = ?) ORDER BY m.start_utc, m.id",
    0, key, error);
}

/**
 * crm_store_get_repeating_meetings:
 * @to: the end of the range shown
 *
 * The repeating meetings that may have occurrences before @to: every
 * series that starts before it. Whether one has ended is in its rule;
 * crm_recurrence_expand() reads that.
 *
 * Returns: (transfer full) (element-type CrmMeeting): the meetings, by start
 */
GPtrArray *
crm_store_get_repeating_meetings (CrmStore   *self,
                                  GDateTime  *to,
                                  GError    **error)
{
  g_autoptr(GArray) ids = NULL;
  CrmConn *conn;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);

  conn = crm_store_acquire_read (self);
  if ((stmt = crm_conn_prepare (conn,
         "SELECT id FROM meetings WHERE rrule IS NOT NULL AND rrule != '' AND start_utc < ? "
         "ORDER BY start_utc, id", error)))
    {
      sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (to));
      ids = crm_collect_ids (conn, stmt, error);
    }
  crm_store_release_read (self, conn);
  if (ids == NULL)
    return NULL;
  return crm_store_get_meetings (self, (const gint64 *) ids->data, ids->len, error);
}
