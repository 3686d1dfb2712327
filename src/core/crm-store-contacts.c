/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <string.h>

#include "crm-store-private.h"
#include "crm-store-schema.h"
#include "crm-text.h"

/* Contacts in the store: the row, its emails and phones, and the links of
 * attendees who turn out to be this contact. */

static char *
email_key (const char *email)
{
  /* g_utf8_strdown's key, without its cost for ASCII (8 % of a big import). */
  return crm_text_strdown (email);
}

static gboolean
set_email_twice_error (const char  *email,
                       GError     **error)
{
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE, "%s is given twice.", email);
  return FALSE;
}

static gboolean
set_uid_taken_error (CrmContact  *contact,
                     GError     **error)
{
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_UID_TAKEN,
               "Another contact has the UID “%s”.", crm_contact_get_uid (contact));
  return FALSE;
}

/* The UNIQUE index refused EMAIL: says whose it is, which SQLite does not. */
static gboolean
set_email_taken_error (CrmConn     *conn,
                       const char  *email,
                       GError     **error)
{
  g_autofree char *key = email_key (email);
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "SELECT c.name FROM contact_emails e JOIN contacts c ON c.id = e.contact_id "
    "WHERE e.value_key = ?", error);

  if (!stmt)
    return FALSE;
  crm_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                 "%s already belongs to %s; update that contact instead.",
                 email, crm_column_text (stmt, 0));
  else
    set_email_twice_error (email, error);
  sqlite3_reset (stmt);
  return FALSE;
}

/* What an email or a phone is looked up by: the email's key, the phone's
 * digits. */
static char *
value_key (const char *value,
           gboolean    email)
{
  return email ? email_key (value) : crm_text_digits (value);
}

/* The columns of an email's or phone's row (the key: the email's, or
 * the phone's digits), from parameter @base + 1 on. */
#define EMAIL_COLUMNS "contact_id, position, value, type, preferred, value_key, vcard_group, vcard_params"
#define PHONE_COLUMNS "contact_id, position, value, type, preferred, digits, vcard_group, vcard_params"
#define N_VALUE_COLUMNS 8

static void
bind_value_row (sqlite3_stmt           *stmt,
                int                     base,
                gint64                  contact_id,
                guint                   position,
                const CrmContactValue  *v,
                const char             *key)
{
  sqlite3_bind_int64 (stmt, base + 1, contact_id);
  sqlite3_bind_int (stmt, base + 2, position);
  crm_bind_text_static (stmt, base + 3, v->value);
  crm_bind_text_static (stmt, base + 4, v->type);
  sqlite3_bind_int (stmt, base + 5, v->preferred);
  crm_bind_text_static (stmt, base + 6, key);
  crm_bind_text_static (stmt, base + 7, v->group);
  crm_bind_text_static (stmt, base + 8, v->params);
}

static gboolean
write_values (CrmConn     *conn,
              gint64       contact_id,
              GArray      *values,
              gboolean     emails,
              gboolean     is_new,
              GError     **error)
{
  sqlite3_stmt *ins;

  if (!is_new)
    {
      sqlite3_stmt *del = crm_conn_prepare (conn, emails
        ? "DELETE FROM contact_emails WHERE contact_id = ?"
        : "DELETE FROM contact_phones WHERE contact_id = ?", error);

      if (!del)
        return FALSE;
      sqlite3_bind_int64 (del, 1, contact_id);
      if (!crm_conn_step_done (conn, del, error))
        return FALSE;
    }
  for (guint i = 0; i < values->len; i++)
    {
      CrmContactValue *v = &g_array_index (values, CrmContactValue, i);
      g_autofree char *key = value_key (v->value, emails);

      ins = crm_conn_prepare (conn, emails
        ? "INSERT INTO contact_emails (" EMAIL_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO contact_phones (" PHONE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (!ins)
        return FALSE;
      bind_value_row (ins, 0, contact_id, i, v, key);
      sqlite3_step (ins);
      /* Asking whose an email is only when it is refused keeps every write
       * one lookup shorter. */
      switch (sqlite3_reset (ins))
        {
        case SQLITE_OK:
          break;
        case SQLITE_CONSTRAINT_UNIQUE:
          if (emails)
            return set_email_taken_error (conn, v->value, error);
          G_GNUC_FALLTHROUGH;
        default:
          return crm_conn_set_error (conn, error);
        }
    }
  return TRUE;
}

/* "An attendee who is not a contact is kept as a name, unlinked; it is
 * linked when a contact with that name or email appears." */
static gboolean
link_attendees (CrmConn     *conn,
                CrmContact  *contact,
                GError     **error)
{
  g_autofree char *name_key = crm_text_name_key (crm_contact_get_name (contact));
  GArray *emails = crm_contact_get_emails (contact);
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "UPDATE meeting_attendees SET contact_id = ?1 WHERE contact_id IS NULL AND name_key = ?2",
    error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, crm_contact_get_id (contact));
  crm_bind_text (stmt, 2, name_key);
  if (!crm_conn_step_done (conn, stmt, error))
    return FALSE;
  for (guint i = 0; i < emails->len; i++)
    {
      g_autofree char *key = email_key (g_array_index (emails, CrmContactValue, i).value);

      stmt = crm_conn_prepare (conn,
        "UPDATE meeting_attendees SET contact_id = ?1 WHERE contact_id IS NULL AND email_key = ?2",
        error);
      if (!stmt)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, crm_contact_get_id (contact));
      crm_bind_text (stmt, 2, key);
      if (!crm_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_contact (CrmContact  *contact,
                  GError     **error)
{
  const char *name = crm_contact_get_name (contact);
  const char *p = name ? name : "";

  /* Blank as g_strstrip () sees it, without a copy for every card. */
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           "A contact needs a name.");
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           "The contact's name is not valid text.");
      return FALSE;
    }
  return TRUE;
}

/* sort_key (in contact_order): a number in exact name order ((name_key,
 * id), as the lists sort), so the search index, keyed by it, returns
 * matches already sorted and "the first 50 matches" is a LIMIT rather than
 * a sort of every match.
 * Keys are spaced apart (SORT_GAP) so a new contact takes the midpoint of
 * its neighbours; when a spot has been halved down to nothing, the rows
 * around it are spread out again (after about ten inserts at one place:
 * a few dozen rows rewritten). A bulk import numbers every contact once
 * at the end. */
#define SORT_GAP ((gint64) CRM_STORE_SORT_GAP)
#define SORT_MIN_SPACING 16

typedef struct
{
  gint64 id;
  gint64 key;
} Keyed;

/* Up to N contacts on one side of (name_key, id), nearest first. */
static GArray *
neighbours (CrmConn     *conn,
            const char  *name_key,
            gint64       id,
            gboolean     after,
            guint        n,
            GError     **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Keyed));
  sqlite3_stmt *stmt = crm_conn_prepare (conn, after
    ? "SELECT c.id, o.sort_key FROM contacts c CROSS JOIN contact_order o ON o.contact_id = c.id "
      "WHERE (c.name_key, c.id) > (?1, ?2) ORDER BY c.name_key, c.id LIMIT ?3"
    : "SELECT c.id, o.sort_key FROM contacts c CROSS JOIN contact_order o ON o.contact_id = c.id "
      "WHERE (c.name_key, c.id) < (?1, ?2) ORDER BY c.name_key DESC, c.id DESC LIMIT ?3", error);
  int rc;

  if (!stmt)
    return NULL;
  crm_bind_text (stmt, 1, name_key);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int (stmt, 3, n);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Keyed k = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (rows, k);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      crm_conn_set_error (conn, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
set_sort_key (CrmConn     *conn,
              gint64       id,
              gint64       key,
              GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "INSERT INTO contact_order (contact_id, sort_key) VALUES (?1, ?2) "
    "ON CONFLICT (contact_id) DO UPDATE SET sort_key = ?2", error);

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, key);
  return crm_conn_step_done (conn, stmt, error);
}

/* Gives each of @rows (in name order) its key in @keys. The search index
 * holds a contact under its key, and two contacts briefly under one key
 * would lose the words they share when one of them moves on: so no row
 * takes a key another still has. Rows moving down go first, lowest
 * first; then rows moving up, highest first. */
static gboolean
move_keys (CrmConn       *conn,
           GArray        *rows,
           const gint64  *keys,
           GError       **error)
{
  for (guint i = 0; i < rows->len; i++)
    if (keys[i] < g_array_index (rows, Keyed, i).key &&
        !set_sort_key (conn, g_array_index (rows, Keyed, i).id, keys[i], error))
      return FALSE;
  for (guint i = rows->len; i-- > 0;)
    if (keys[i] > g_array_index (rows, Keyed, i).key &&
        !set_sort_key (conn, g_array_index (rows, Keyed, i).id, keys[i], error))
      return FALSE;
  return TRUE;
}

/* Whether the spot is right after the contact placed last (names coming
 * in name order), right before it (in reverse), or neither. */
typedef enum
{
  RUN_NONE,
  RUN_UP,
  RUN_DOWN,
} Run;

static Run
run_at (CrmConn *conn,
        GArray  *before,
        GArray  *after)
{
  if (conn->last_placed == 0)
    return RUN_NONE;
  if (before->len && g_array_index (before, Keyed, 0).id == conn->last_placed)
    return RUN_UP;
  if (after->len && g_array_index (after, Keyed, 0).id == conn->last_placed)
    return RUN_DOWN;
  return RUN_NONE;
}

/* The N_BEFORE nearest rows of @before, the spot, and the N_AFTER nearest
 * of @after, evenly between LOW and HIGH; or, in a run (run_at ()), packed
 * SORT_MIN_SPACING apart at both ends, the spot on the side the run comes
 * from, the room between left to the names still to come beside it. */
static gboolean
spread (CrmConn     *conn,
        GArray      *before,
        guint        n_before,
        GArray      *after,
        guint        n_after,
        gint64       low,
        gint64       high,
        Run          run,
        gint64      *sort_key,
        GError     **error)
{
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (Keyed), n_before + n_after);
  g_autofree gint64 *keys = g_new (gint64, n_before + n_after);
  gint64 step = run != RUN_NONE ? SORT_MIN_SPACING : (high - low) / (n_before + n_after + 2);
  /* The key below the first of the upper rows (the spot among them when
   * the run comes down). */
  gint64 upper = run == RUN_NONE ? low + step * (n_before + 1)
               : run == RUN_UP ? high - step * (n_after + 1)
               : high - step * (n_after + 2);

  /* Rows before the spot, nearest last; then the spot; then the rows after. */
  for (guint i = 0; i < n_before; i++)
    {
      g_array_append_val (rows, g_array_index (before, Keyed, n_before - 1 - i));
      keys[i] = low + step * (i + 1);
    }
  *sort_key = run == RUN_DOWN ? upper + step : low + step * (n_before + 1);
  if (run == RUN_DOWN)
    upper += step;
  for (guint i = 0; i < n_after; i++)
    {
      g_array_append_val (rows, g_array_index (after, Keyed, i));
      keys[n_before + i] = upper + step * (i + 1);
    }
  return move_keys (conn, rows, keys, error);
}

/* Spreads the W contacts on each side of the spot evenly between the keys
 * just outside them, and returns the key of the spot itself; widens the
 * window until the spacing is comfortable. */
static gboolean
spread_around (CrmConn     *conn,
               const char  *name_key,
               gint64       id,
               gint64      *sort_key,
               GError     **error)
{
  for (guint w = 16;; w *= 4)
    {
      g_autoptr(GArray) before = neighbours (conn, name_key, id, FALSE, w + 1, error);
      g_autoptr(GArray) after = before ? neighbours (conn, name_key, id, TRUE, w + 1, error) : NULL;
      gboolean open_low, open_high;
      guint n_before, n_after;
      gint64 low, high, step;

      if (!after)
        return FALSE;
      open_low = before->len <= w;
      open_high = after->len <= w;
      n_before = MIN (before->len, w);
      n_after = MIN (after->len, w);
      low = open_low ? 0 : g_array_index (before, Keyed, w).key;
      high = open_high ? low + (gint64) (n_before + n_after + 2) * SORT_GAP
                       : g_array_index (after, Keyed, w).key;
      step = (high - low) / (n_before + n_after + 2);
      if (step < SORT_MIN_SPACING && !(open_low && open_high))
        continue;
      return spread (conn, before, n_before, after, n_after, low, high, run_at (conn, before, after),
                     sort_key, error);
    }
}

static gboolean
allocate_sort_key (CrmConn     *conn,
                   const char  *name_key,
                   gint64       id,
                   gint64      *sort_key,
                   GError     **error)
{
  g_autoptr(GArray) before = neighbours (conn, name_key, id, FALSE, 1, error);
  g_autoptr(GArray) after = before ? neighbours (conn, name_key, id, TRUE, 1, error) : NULL;
  gint64 low, high;

  if (!after)
    return FALSE;
  low = before->len ? g_array_index (before, Keyed, 0).key : 0;
  if (after->len == 0)
    {
      *sort_key = low + SORT_GAP;
      return TRUE;
    }
  high = g_array_index (after, Keyed, 0).key;
  /* Right after (or before) the contact placed last: names coming in
   * name order (a sorted file), or in reverse. Halving the room each time
   * would use it up in ten; a sixteenth of it, from that side, lasts
   * some fifty. */
  if ((high - low) / 16 >= SORT_MIN_SPACING)
    switch (run_at (conn, before, after))
      {
      case RUN_UP:
        *sort_key = low + (high - low) / 16;
        return TRUE;
      case RUN_DOWN:
        *sort_key = high - (high - low) / 16;
        return TRUE;
      case RUN_NONE:
        break;
      }
  if (high - low >= 2)
    {
      *sort_key = low + (high - low) / 2;
      return TRUE;
    }
  return spread_around (conn, name_key, id, sort_key, error);
}

/* Whether the contact's stored place still holds: it has one and its
 * name_key is unchanged. Asked before the row is written. */
static gboolean
keeps_sort_key (CrmConn     *conn,
                gint64       id,
                const char  *name_key,
                gboolean    *keeps,
                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *keeps = FALSE;
  if (id <= 0)
    return TRUE;
  stmt = crm_conn_prepare (conn,
    "SELECT 1 FROM contacts c JOIN contact_order o ON o.contact_id = c.id "
    "WHERE c.id = ? AND c.name_key = ?", error);
  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  crm_bind_text (stmt, 2, name_key);
  rc = sqlite3_step (stmt);
  *keeps = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

/* The CONTACT_ROW_COLUMNS of @contact, from parameter @base + 1 on (its id
 * left NULL, for SQLite to choose, when it has none). */
#define CONTACT_ROW_COLUMNS "id, uid, name, name_key, company, job_title, notes, created, updated, extra_vcard"
#define N_CONTACT_ROW_COLUMNS 10

static void
bind_contact_row (sqlite3_stmt *stmt,
                  int           base,
                  CrmContact   *contact,
                  const char   *name_key)
{
  if (crm_contact_get_id (contact) > 0)
    sqlite3_bind_int64 (stmt, base + 1, crm_contact_get_id (contact));
  crm_bind_text_static (stmt, base + 2, crm_contact_get_uid (contact));
  crm_bind_text_static (stmt, base + 3, crm_contact_get_name (contact));
  crm_bind_text_static (stmt, base + 4, name_key);
  crm_bind_text_static (stmt, base + 5, crm_contact_get_company (contact));
  crm_bind_text_static (stmt, base + 6, crm_contact_get_job_title (contact));
  crm_bind_text_static (stmt, base + 7, crm_contact_get_notes (contact));
  sqlite3_bind_int64 (stmt, base + 8, crm_contact_get_created (contact));
  sqlite3_bind_int64 (stmt, base + 9, crm_contact_get_updated (contact));
  crm_bind_text_static (stmt, base + 10, crm_contact_get_extra_vcard (contact));
}

/* Writes the row as given, by id: insert or update in place (never
 * delete-and-insert, which would unlink attendees). */
static gboolean
upsert_contact_row (CrmConn     *conn,
                    CrmContact  *contact,
                    const char  *name_key,
                    GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "INSERT INTO contacts (" CONTACT_ROW_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (id) DO UPDATE SET uid = ?2, name = ?3, name_key = ?4, company = ?5, "
    "job_title = ?6, notes = ?7, created = ?8, updated = ?9, extra_vcard = ?10", error);

  if (!stmt)
    return FALSE;
  bind_contact_row (stmt, 0, contact, name_key);
  sqlite3_step (stmt);
  /* The id's conflict is an update: a UNIQUE one can only be the UID. */
  switch (sqlite3_reset (stmt))
    {
    case SQLITE_OK:
      break;
    case SQLITE_CONSTRAINT_UNIQUE:
      return set_uid_taken_error (contact, error);
    default:
      return crm_conn_set_error (conn, error);
    }
  if (crm_contact_get_id (contact) <= 0)
    crm_contact_set_id (contact, sqlite3_last_insert_rowid (conn->db));
  return TRUE;
}

/* The row, then its place in name order: kept while the name_key stays,
 * else found between its new neighbours (the row itself, already renamed,
 * is neither). A bulk import places every contact once at the end. */
static gboolean
write_contact_row (CrmStore    *self,
                   CrmConn     *conn,
                   CrmContact  *contact,
                   GError     **error)
{
  g_autofree char *name_key = crm_text_name_key (crm_contact_get_name (contact));
  gboolean stored = crm_contact_get_id (contact) > 0;
  gboolean keeps;
  gint64 sort_key;

  if (!keeps_sort_key (conn, crm_contact_get_id (contact), name_key, &keeps, error) ||
      !upsert_contact_row (conn, contact, name_key, error))
    return FALSE;
  if (keeps || crm_store_in_bulk (self))
    return TRUE;
  /* A renamed contact leaves its old key first, which the rows around its
   * new place may be given (see move_keys ()): to one no row has. */
  if (stored &&
      !set_sort_key (conn, crm_contact_get_id (contact), -crm_contact_get_id (contact), error))
    return FALSE;
  conn->last_placed = allocate_sort_key (conn, name_key, crm_contact_get_id (contact), &sort_key, error)
    ? crm_contact_get_id (contact) : 0;
  return conn->last_placed != 0 && set_sort_key (conn, crm_contact_get_id (contact), sort_key, error);
}

static gboolean
write_contact (CrmStore    *self,
               CrmConn     *conn,
               CrmContact  *contact,
               gboolean     is_new,
               gboolean     link,
               GError     **error)
{
  gint64 id;

  if (!write_contact_row (self, conn, contact, error))
    return FALSE;
  id = crm_contact_get_id (contact);
  return write_values (conn, id, crm_contact_get_emails (contact), TRUE, is_new, error) &&
         write_values (conn, id, crm_contact_get_phones (contact), FALSE, is_new, error) &&
         (!link || link_attendees (conn, contact, error));
}

static gboolean
contact_exists (CrmConn     *conn,
                gint64       id,
                GError     **error)
{
  return crm_conn_row_exists (conn, "SELECT 1 FROM contacts WHERE id = ?", id, "contact", error);
}

/* The contact and its child rows, by hand: a bulk import runs without
 * foreign keys, so nothing cascades. */
gboolean
crm_conn_delete_contact_rows (CrmConn  *conn,
                              gint64    id,
                              GError  **error)
{
  static const char * const sql[] = {
    "DELETE FROM contact_emails WHERE contact_id = ?",
    "DELETE FROM contact_phones WHERE contact_id = ?",
    "DELETE FROM contacts WHERE id = ?",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = crm_conn_prepare (conn, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!crm_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* A new contact in a bulk import, without a savepoint: each statement is
 * atomic, and a contact refused half-written (an email another contact
 * has) is deleted again with its emails and phones. Attendees are linked
 * once at the end of the import. */
static gboolean
insert_new_contact_in_bulk (CrmStore    *self,
                            CrmContact  *contact,
                            GError     **error)
{
  CrmConn *conn = crm_store_write_begin_unguarded (self);
  gboolean ok = write_contact (self, conn, contact, TRUE, FALSE, error);
  gint64 id = crm_contact_get_id (contact);

  if (ok)
    crm_store_note_contact (self, id);
  else if (id > 0)
    {
      crm_contact_set_id (contact, 0);
      if (!crm_conn_delete_contact_rows (conn, id, NULL))
        {
          /* Not the entry's fault any more: the whole import must stop. */
          g_clear_error (error);
          crm_conn_set_error (conn, error);
        }
    }
  return crm_store_write_end_unguarded (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS, error);
}

/* New contacts of a bulk import without its UNIQUE indexes go in
 * BULK_ROWS rows to a statement: SQLite's cost of running a statement
 * (its cursors opened, its program started and stopped) was most of the
 * cost of a row (a million contacts: 0.9 s → 0.6 s for the rows of each
 * table). Nothing of such an import can refuse a row once the contact is
 * valid, so the statements say OR IGNORE, which spares each a statement
 * journal, and a row ignored all the same stops the import. */
#define BULK_ROWS 32

/* "INSERT OR IGNORE INTO @table (@columns) VALUES (?…), …", @rows rows,
 * made once for the life of the program (statements are cached by the
 * address of their text). */
static const char *
rows_sql (gsize       *made,
          const char  *table,
          const char  *columns,
          guint        n_columns,
          guint        rows)
{
  if (g_once_init_enter (made))
    {
      GString *sql = g_string_new (NULL);

      g_string_printf (sql, "INSERT OR IGNORE INTO %s (%s) VALUES ", table, columns);
      for (guint r = 0; r < rows; r++)
        {
          g_string_append (sql, r ? ", (" : "(");
          for (guint c = 0; c < n_columns; c++)
            g_string_append (sql, c ? ", ?" : "?");
          g_string_append_c (sql, ')');
        }
      g_once_init_leave (made, (gsize) g_string_free (sql, FALSE));
    }
  return (const char *) *made;
}

typedef enum
{
  ROWS_CONTACTS,
  ROWS_EMAILS,
  ROWS_PHONES,
} RowsKind;

/* The statement that writes @rows (BULK_ROWS or 1) rows of @kind. */
static sqlite3_stmt *
prepare_rows (CrmConn   *conn,
              RowsKind   kind,
              guint      rows,
              GError   **error)
{
  static gsize made[3][2];
  static const char * const tables[] = { "contacts", "contact_emails", "contact_phones" };
  static const char * const columns[] = { CONTACT_ROW_COLUMNS, EMAIL_COLUMNS, PHONE_COLUMNS };
  guint n_columns = kind == ROWS_CONTACTS ? N_CONTACT_ROW_COLUMNS : N_VALUE_COLUMNS;

  return crm_conn_prepare (conn, rows_sql (&made[kind][rows > 1], tables[kind], columns[kind], n_columns, rows),
                           error);
}

/* Runs a statement of @rows rows: all written, or an error. */
static gboolean
step_rows (CrmConn       *conn,
           sqlite3_stmt  *stmt,
           guint          rows,
           GError       **error)
{
  if (!crm_conn_step_done (conn, stmt, error))
    return FALSE;
  if ((guint) sqlite3_changes (conn->db) != rows)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL,
                   "%u of %u rows of new contacts could not be written.",
                   rows - (guint) sqlite3_changes (conn->db), rows);
      return FALSE;
    }
  return TRUE;
}

/* One email or phone of a contact in a batch, and its key. */
typedef struct
{
  gint64 contact_id;
  guint position;
  const CrmContactValue *value;
  char *key;
} BatchValue;

static void
batch_value_clear (BatchValue *v)
{
  g_free (v->key);
}

/* The new contacts of a batch, and their name keys. */
typedef struct
{
  GPtrArray *contacts;
  GPtrArray *name_keys;
} BatchContacts;

typedef void (*BindRow) (sqlite3_stmt  *stmt,
                         int            base,
                         gpointer       rows,
                         guint          index);

static void
bind_batch_contact (sqlite3_stmt  *stmt,
                    int            base,
                    gpointer       rows,
                    guint          index)
{
  BatchContacts *batch = rows;

  bind_contact_row (stmt, base, g_ptr_array_index (batch->contacts, index),
                    g_ptr_array_index (batch->name_keys, index));
}

static void
bind_batch_value (sqlite3_stmt  *stmt,
                  int            base,
                  gpointer       rows,
                  guint          index)
{
  BatchValue *v = &g_array_index ((GArray *) rows, BatchValue, index);

  bind_value_row (stmt, base, v->contact_id, v->position, v->value, v->key);
}

/* @n rows of @kind, BULK_ROWS to a statement, the rest one by one. */
static gboolean
write_rows (CrmConn   *conn,
            RowsKind   kind,
            guint      n,
            BindRow    bind,
            gpointer   rows,
            GError   **error)
{
  guint n_columns = kind == ROWS_CONTACTS ? N_CONTACT_ROW_COLUMNS : N_VALUE_COLUMNS;

  for (guint done = 0; done < n;)
    {
      guint count = n - done >= BULK_ROWS ? BULK_ROWS : 1;
      sqlite3_stmt *stmt = prepare_rows (conn, kind, count, error);

      if (!stmt)
        return FALSE;
      for (guint r = 0; r < count; r++)
        bind (stmt, r * n_columns, rows, done + r);
      if (!step_rows (conn, stmt, count, error))
        return FALSE;
      done += count;
    }
  return TRUE;
}

static void
add_batch_values (GArray      *into,
                  CrmContact  *contact,
                  gboolean     emails)
{
  GArray *values = emails ? crm_contact_get_emails (contact) : crm_contact_get_phones (contact);

  for (guint i = 0; i < values->len; i++)
    {
      const CrmContactValue *value = &g_array_index (values, CrmContactValue, i);
      BatchValue v = { crm_contact_get_id (contact), i, value, value_key (value->value, emails) };

      g_array_append_val (into, v);
    }
}

/* The id after the highest: what SQLite would give the next row. */
static gboolean
next_contact_id (CrmConn     *conn,
                 gint64      *id,
                 GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, "SELECT coalesce (max (id), 0) + 1 FROM contacts", error);

  if (!stmt)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return crm_conn_set_error (conn, error);
    }
  *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The rows of @valid, each given its id. */
static gboolean
write_new_contacts (CrmStore    *self,
                    CrmConn     *conn,
                    GPtrArray   *valid,
                    GError     **error)
{
  g_autoptr(GPtrArray) name_keys = g_ptr_array_new_full (valid->len, g_free);
  g_autoptr(GArray) emails = g_array_new (FALSE, FALSE, sizeof (BatchValue));
  g_autoptr(GArray) phones = g_array_new (FALSE, FALSE, sizeof (BatchValue));
  BatchContacts batch;
  gint64 id = 0;

  g_array_set_clear_func (emails, (GDestroyNotify) batch_value_clear);
  g_array_set_clear_func (phones, (GDestroyNotify) batch_value_clear);
  if (!next_contact_id (conn, &id, error))
    return FALSE;
  for (guint i = 0; i < valid->len; i++)
    {
      CrmContact *contact = g_ptr_array_index (valid, i);

      crm_contact_set_id (contact, id++);
      g_ptr_array_add (name_keys, crm_text_name_key (crm_contact_get_name (contact)));
      add_batch_values (emails, contact, TRUE);
      add_batch_values (phones, contact, FALSE);
    }
  batch = (BatchContacts) { valid, name_keys };
  if (!write_rows (conn, ROWS_CONTACTS, valid->len, bind_batch_contact, &batch, error) ||
      !write_rows (conn, ROWS_EMAILS, emails->len, bind_batch_value, emails, error) ||
      !write_rows (conn, ROWS_PHONES, phones->len, bind_batch_value, phones, error))
    return FALSE;
  for (guint i = 0; i < valid->len; i++)
    crm_store_note_contact (self, crm_contact_get_id (g_ptr_array_index (valid, i)));
  return TRUE;
}

/* A contact about to be added: valid, with a UID and its times (those it
 * has are kept, as undo and a file's REV need). */
static gboolean
prepare_new_contact (CrmContact  *contact,
                     gint64       now,
                     GError     **error)
{
  if (!validate_contact (contact, error))
    return FALSE;
  if (crm_contact_get_uid (contact) == NULL)
    {
      g_autofree char *uid = g_uuid_string_random ();
      crm_contact_set_uid (contact, uid);
    }
  if (crm_contact_get_created (contact) == 0)
    crm_contact_set_times (contact, now, now);
  return TRUE;
}

static void
error_free0 (gpointer error)
{
  if (error)
    g_error_free (error);
}

/**
 * crm_store_bulk_insert_contacts:
 * @contacts: (element-type CrmContact): new contacts (no id)
 * @refusals: (out) (element-type GError): one entry for each contact:
 *   NULL when it was written, else why it was not
 *
 * Inside a bulk import begun with %CRM_STORE_BULK_DEFER_UNIQUE, before
 * crm_store_bulk_take_repeated_contacts(): adds @contacts as
 * crm_store_insert_contact() would each, in few statements. A contact
 * that is not valid is refused alone; FALSE (with @error) only when the
 * import must stop.
 */
gboolean
crm_store_bulk_insert_contacts (CrmStore    *self,
                                GPtrArray   *contacts,
                                GPtrArray  **refusals,
                                GError     **error)
{
  g_autoptr(GPtrArray) refused = g_ptr_array_new_full (contacts->len, error_free0);
  g_autoptr(GPtrArray) valid = g_ptr_array_new_full (contacts->len, NULL);
  gint64 now = crm_store_now_seconds ();
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (crm_store_in_bulk_without_unique (self), FALSE);

  for (guint i = 0; i < contacts->len; i++)
    {
      CrmContact *contact = g_ptr_array_index (contacts, i);
      GError *invalid = NULL;

      g_return_val_if_fail (crm_contact_get_id (contact) <= 0, FALSE);
      g_ptr_array_add (refused, NULL);
      if (prepare_new_contact (contact, now, &invalid))
        g_ptr_array_add (valid, contact);
      else
        refused->pdata[refused->len - 1] = invalid;
    }
  conn = crm_store_write_begin_unguarded (self);
  ok = write_new_contacts (self, conn, valid, error);
  if (!crm_store_write_end_unguarded (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS,
                                      ok ? error : NULL))
    return FALSE;
  *refusals = g_steal_pointer (&refused);
  return TRUE;
}

/* Whether another contact has @contact's UID. */
static gboolean
uid_is_free (CrmConn     *conn,
             CrmContact  *contact,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (crm_contact_get_uid (contact) == NULL)
    return TRUE;
  if (!(stmt = crm_conn_prepare (conn, "SELECT 1 FROM contacts WHERE uid = ? AND id != ?", error)))
    return FALSE;
  crm_bind_text (stmt, 1, crm_contact_get_uid (contact));
  sqlite3_bind_int64 (stmt, 2, crm_contact_get_id (contact));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    set_uid_taken_error (contact, error);
  else if (rc != SQLITE_DONE)
    crm_conn_set_error (conn, error);
  return rc == SQLITE_DONE;
}

/* Whether each of @contact's emails is its own: given once, and no other
 * contact's. */
static gboolean
emails_are_free (CrmConn     *conn,
                 CrmContact  *contact,
                 GError     **error)
{
  GArray *emails = crm_contact_get_emails (contact);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "SELECT 1 FROM contact_emails WHERE value_key = ? AND contact_id != ?", error);

  if (!stmt)
    return FALSE;
  for (guint i = 0; i < emails->len; i++)
    {
      const char *value = g_array_index (emails, CrmContactValue, i).value;
      char *key = email_key (value);
      int rc;

      for (guint j = 0; j < keys->len; j++)
        if (strcmp (key, g_ptr_array_index (keys, j)) == 0)
          {
            g_free (key);
            return set_email_twice_error (value, error);
          }
      g_ptr_array_add (keys, key);
      crm_bind_text (stmt, 1, key);
      sqlite3_bind_int64 (stmt, 2, crm_contact_get_id (contact));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW)
        return set_email_taken_error (conn, value, error);
      if (rc != SQLITE_DONE)
        return crm_conn_set_error (conn, error);
    }
  return TRUE;
}

/* A change to a stored contact in a bulk import, without a savepoint (as
 * insert_new_contact_in_bulk ()): a savepoint copies every page the write
 * touches, and a re-import of a big address book, all changes, spent
 * most of its time there. What could refuse the write once begun, and
 * leave the contact half-written, is asked first; anything else stops
 * the whole import. */
static gboolean
update_contact_in_bulk (CrmStore    *self,
                        CrmContact  *contact,
                        GError     **error)
{
  CrmConn *conn = crm_store_write_begin_unguarded (self);
  g_autoptr(GError) stopped = NULL;
  gboolean ok;

  if (!contact_exists (conn, crm_contact_get_id (contact), error) ||
      !uid_is_free (conn, contact, error) || !emails_are_free (conn, contact, error))
    return crm_store_write_end_unguarded (self, FALSE, 0, NULL);
  ok = write_contact (self, conn, contact, FALSE, FALSE, &stopped);
  if (ok)
    crm_store_note_contact (self, crm_contact_get_id (contact));
  else
    {
      /* Half-written: not the entry's fault, and not to be kept. */
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_HALF_WRITTEN, "The import had to stop: %s",
                   stopped->message);
    }
  return crm_store_write_end_unguarded (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS,
                                        ok ? error : NULL);
}

/**
 * crm_store_insert_contact:
 *
 * Adds @contact, giving it an id, a uid and timestamps where it has none.
 * Refused when one of its emails belongs to another contact.
 */
gboolean
crm_store_insert_contact (CrmStore    *self,
                          CrmContact  *contact,
                          GError     **error)
{
  gint64 now = crm_store_now_seconds ();
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_CONTACT (contact), FALSE);

  if (!prepare_new_contact (contact, now, error))
    return FALSE;
  if (crm_contact_get_id (contact) <= 0 && crm_store_in_bulk (self))
    return insert_new_contact_in_bulk (self, contact, error);
  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = write_contact (self, conn, contact, crm_contact_get_id (contact) <= 0, TRUE, error);
  if (ok)
    crm_store_note_contact (self, crm_contact_get_id (contact));
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS, error);
}

gboolean
crm_store_update_contact (CrmStore    *self,
                          CrmContact  *contact,
                          GError     **error)
{
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_CONTACT (contact), FALSE);

  if (!validate_contact (contact, error))
    return FALSE;
  crm_contact_set_times (contact, crm_contact_get_created (contact), crm_store_now_seconds ());
  if (crm_store_in_bulk (self))
    return update_contact_in_bulk (self, contact, error);
  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = contact_exists (conn, crm_contact_get_id (contact), error) &&
       write_contact (self, conn, contact, FALSE, TRUE, error);
  if (ok)
    crm_store_note_contact (self, crm_contact_get_id (contact));
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS, error);
}

/**
 * crm_store_put_contact:
 *
 * Writes @contact exactly as given — id, uid and timestamps included —
 * inserting or replacing. Undo and redo restore records with it.
 */
gboolean
crm_store_put_contact (CrmStore    *self,
                       CrmContact  *contact,
                       GError     **error)
{
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (crm_contact_get_id (contact) > 0, FALSE);

  if (!validate_contact (contact, error) || !(conn = crm_store_write_begin (self, error)))
    return FALSE;
  ok = write_contact (self, conn, contact, FALSE, FALSE, error);
  if (ok)
    crm_store_note_contact (self, crm_contact_get_id (contact));
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS, error);
}

/* Attendees linked to the contact keep their names (ON DELETE SET NULL). */
gboolean
crm_store_delete_contact (CrmStore  *self,
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
  ok = contact_exists (conn, id, error) &&
       (stmt = crm_conn_prepare (conn, "DELETE FROM contacts WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = crm_conn_step_done (conn, stmt, error);
    }
  if (ok)
    crm_store_note_contact (self, id);
  return crm_store_write_end (self, ok, CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS, error);
}

/* An email or phone as its row has it: value, type, preferred, group and
 * parameters from column @first on. */
static void
add_stored_value (CrmContact   *contact,
                  gboolean      email,
                  sqlite3_stmt *stmt,
                  int           first)
{
  const char *value = crm_column_text (stmt, first);
  const char *type = crm_column_text (stmt, first + 1);
  gboolean preferred = sqlite3_column_int (stmt, first + 2);
  const char *group = crm_column_text (stmt, first + 3);
  const char *params = crm_column_text (stmt, first + 4);

  (email ? crm_contact_add_email : crm_contact_add_phone) (contact, value, type, preferred);
  if (group || params)
    crm_contact_set_value_vcard (contact, email,
                                 (email ? crm_contact_get_emails : crm_contact_get_phones) (contact)->len - 1,
                                 group, params);
}

static gboolean
read_values (CrmConn     *conn,
             CrmContact  *contact,
             gboolean     emails,
             GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, emails
    ? "SELECT value, type, preferred, vcard_group, vcard_params FROM contact_emails WHERE contact_id = ? ORDER BY position"
    : "SELECT value, type, preferred, vcard_group, vcard_params FROM contact_phones WHERE contact_id = ? ORDER BY position",
    error);
  int rc;

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, crm_contact_get_id (contact));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      add_stored_value (contact, emails, stmt, 0);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

#define CONTACT_COLUMNS "id, uid, name, company, job_title, notes, created, updated, extra_vcard"

static CrmContact *
contact_from_row (sqlite3_stmt *stmt)
{
  CrmContact *contact = crm_contact_new (crm_column_text (stmt, 2));

  crm_contact_set_id (contact, sqlite3_column_int64 (stmt, 0));
  crm_contact_set_uid (contact, crm_column_text (stmt, 1));
  crm_contact_set_company (contact, crm_column_text (stmt, 3));
  crm_contact_set_job_title (contact, crm_column_text (stmt, 4));
  crm_contact_set_notes (contact, crm_column_text (stmt, 5));
  crm_contact_set_times (contact, sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
  crm_contact_set_extra_vcard (contact, crm_column_text (stmt, 8));
  return contact;
}

static gboolean
read_contact_values (CrmConn     *conn,
                     gpointer     contact,
                     GError     **error)
{
  return read_values (conn, contact, TRUE, error) && read_values (conn, contact, FALSE, error);
}

static CrmContact *
query_one_contact (CrmStore    *self,
                   const char  *sql,
                   gint64       id,
                   const char  *text,
                   GError     **error)
{
  return crm_store_query_one (self, sql, id, text, (CrmRowFunc) contact_from_row,
                              read_contact_values, "contact", error);
}

/* A window of the list reads its rows with three statements, not three a
 * row: the ids go in as one JSON array, which json_each() reads. */
static char *
json_id_list (const gint64 *ids,
              guint         n_ids)
{
  GString *list = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (list, ']');
  return g_string_free (list, FALSE);
}

static gboolean
read_contact_rows (CrmConn     *conn,
                   const char  *list,
                   GHashTable  *by_id,
                   GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn,
    "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id IN (SELECT value FROM json_each (?))", error);
  int rc;

  if (!stmt)
    return FALSE;
  crm_bind_text (stmt, 1, list);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrmContact *contact = contact_from_row (stmt);
      gint64 id = crm_contact_get_id (contact);

      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), contact);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

static gboolean
read_values_of (CrmConn     *conn,
                const char  *list,
                GHashTable  *by_id,
                gboolean     emails,
                GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, emails
    ? "SELECT contact_id, value, type, preferred, vcard_group, vcard_params FROM contact_emails "
      "WHERE contact_id IN (SELECT value FROM json_each (?)) ORDER BY contact_id, position"
    : "SELECT contact_id, value, type, preferred, vcard_group, vcard_params FROM contact_phones "
      "WHERE contact_id IN (SELECT value FROM json_each (?)) ORDER BY contact_id, position", error);
  int rc;

  if (!stmt)
    return FALSE;
  crm_bind_text (stmt, 1, list);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      CrmContact *contact = g_hash_table_lookup (by_id, &id);

      if (contact == NULL)
        continue;
      add_stored_value (contact, emails, stmt, 1);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

/**
 * crm_store_get_contact:
 * Returns: (transfer full): the contact, or NULL with CRM_STORE_ERROR_NOT_FOUND
 */
CrmContact *
crm_store_get_contact (CrmStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return query_one_contact (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = ?",
                            id, NULL, error);
}

CrmContact *
crm_store_get_contact_by_uid (CrmStore    *self,
                              const char  *uid,
                              GError     **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  return query_one_contact (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE uid = ?",
                            0, uid, error);
}

CrmContact *
crm_store_find_contact_by_email (CrmStore    *self,
                                 const char  *email,
                                 GError     **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);
  key = email_key (email);
  return query_one_contact (self,
    "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = "
    "(SELECT contact_id FROM contact_emails WHERE value_key = ?)", 0, key, error);
}

/**
 * crm_store_get_contacts:
 * Returns: (transfer full) (element-type CrmContact): the contacts with
 * these ids, in the same order; ids with no contact are skipped
 */
GPtrArray *
crm_store_get_contacts (CrmStore      *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  g_autofree char *list = NULL;
  CrmConn *conn;
  gboolean ok;
  GPtrArray *contacts;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  list = json_id_list (ids, n_ids);
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  conn = crm_store_acquire_read (self);
  ok = read_contact_rows (conn, list, by_id, error) &&
       read_values_of (conn, list, by_id, TRUE, error) &&
       read_values_of (conn, list, by_id, FALSE, error);
  crm_store_release_read (self, conn);
  if (!ok)
    return NULL;
  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      CrmContact *contact = g_hash_table_lookup (by_id, &ids[i]);
      if (contact)
        g_ptr_array_add (contacts, g_object_ref (contact));
    }
  return contacts;
}

/**
 * crm_store_find_contacts_by_name:
 *
 * Contacts whose name is @name (ignoring case and accents); when there are
 * none, those whose name holds all of its words ("Joan" → "Joan Aleric").
 *
 * Returns: (transfer full) (element-type CrmContact): the matches, by name
 */
GPtrArray *
crm_store_find_contacts_by_name (CrmStore    *self,
                                 const char  *name,
                                 GError     **error)
{
  g_autofree char *key = crm_text_name_key (name);
  g_autofree char *words = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  ids = crm_store_query_ids (self, "SELECT id FROM contacts WHERE name_key = ? ORDER BY name_key, id", 0, key, error);
  if (ids && ids->len == 0 && (words = crm_text_fts_prefix_query (name)))
    {
      /* Whole words, not prefixes: "Jo" must not pick out "Joan". The
       * index finds the contacts with the words in the name or the
       * company; the names are checked here. */
      g_autofree char *exact = NULL;
      g_auto(GStrv) parts = g_strsplit (words, "*", -1);
      g_autoptr(GPtrArray) found = NULL;
      exact = g_strjoinv ("", parts);
      g_clear_pointer (&ids, g_array_unref);
      ids = crm_store_query_ids (self,
        "SELECT o.contact_id FROM contacts_fts f CROSS JOIN contact_order o ON o.sort_key = f.rowid "
        "WHERE contacts_fts MATCH ? ORDER BY f.rowid", 0, exact, error);
      if (!ids || !(found = crm_store_get_contacts (self, (gint64 *) ids->data, ids->len, error)))
        return NULL;
      for (guint i = found->len; i-- > 0;)
        if (!crm_text_has_words (crm_contact_get_name (g_ptr_array_index (found, i)), name))
          g_ptr_array_remove_index (found, i);
      return g_steal_pointer (&found);
    }
  if (!ids)
    return NULL;
  return crm_store_get_contacts (self, (gint64 *) ids->data, ids->len, error);
}

/* What a search looks for: the words of names and companies (the index),
 * and, when the query could be one, the start of an email address (from
 * four characters, or with an "@") and of a phone number's digits (from
 * three). Each range is [low, high); NULL when not asked. */
typedef struct
{
  char *words;
  char *email_low;
  char *email_high;
  char *digits_low;
  char *digits_high;
} Search;

#define MIN_EMAIL_QUERY 4
#define MIN_PHONE_DIGITS 3
/* U+10FFFF, the last character: every key that starts with a prefix sorts
 * before the prefix followed by it. */
#define LAST_CHARACTER "\xf4\x8f\xbf\xbf"

static void
search_clear (Search *search)
{
  g_free (search->words);
  g_free (search->email_low);
  g_free (search->email_high);
  g_free (search->digits_low);
  g_free (search->digits_high);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

static void
search_init (Search     *search,
             const char *query)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));

  search->words = crm_text_fts_prefix_query (trimmed);
  if (g_utf8_validate (trimmed, -1, NULL) && !strpbrk (trimmed, " \t") &&
      (strchr (trimmed, '@') || g_utf8_strlen (trimmed, -1) >= MIN_EMAIL_QUERY))
    {
      search->email_low = email_key (trimmed);
      search->email_high = g_strconcat (search->email_low, LAST_CHARACTER, NULL);
    }
  if (crm_text_is_phone_like (trimmed, MIN_PHONE_DIGITS))
    {
      search->digits_low = crm_text_digits (trimmed);
      search->digits_high = g_strconcat (search->digits_low, ":", NULL); /* ':' follows '9' */
    }
}

static gboolean
search_is_everything (const Search *search)
{
  return !search->words && !search->email_low && !search->digits_low;
}

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const Keyed *x = a, *y = b;

  return (x->key > y->key) - (x->key < y->key);
}

static gboolean
collect_keyed (CrmConn       *conn,
               sqlite3_stmt  *stmt,
               GArray        *into,
               GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Keyed k = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };
      g_array_append_val (into, k);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || crm_conn_set_error (conn, error);
}

/* A first page reads at most this many email and phone matches. A prefix
 * that is the start of more ("mari" in a million addresses: 34 ms) is left
 * to the full search, which the lists run a moment later in a worker
 * thread, so that a keystroke stays within a frame. */
#define FIRST_PAGE_VALUE_MATCHES 256

/* Matches of the index (the first LIMIT, or all when 0) and of emails and
 * phones, as (id, sort_key). */
static gboolean
search_matches (CrmConn       *conn,
                const Search  *search,
                guint          limit,
                GArray        *into,
                GError       **error)
{
  sqlite3_stmt *stmt;
  guint before;

  if (search->words)
    {
      stmt = crm_conn_prepare (conn,
        "SELECT f.rowid, o.contact_id FROM contacts_fts f CROSS JOIN contact_order o "
        "ON o.sort_key = f.rowid WHERE contacts_fts MATCH ?1 ORDER BY f.rowid LIMIT ?2", error);
      if (!stmt)
        return FALSE;
      crm_bind_text (stmt, 1, search->words);
      sqlite3_bind_int64 (stmt, 2, limit ? (gint64) limit : -1);
      if (!collect_keyed (conn, stmt, into, error))
        return FALSE;
    }
  if (!search->email_low && !search->digits_low)
    return TRUE;
  /* sorted_ids() drops the copies UNION ALL leaves. */
  stmt = crm_conn_prepare (conn,
    "SELECT o.sort_key, o.contact_id FROM contact_emails e CROSS JOIN contact_order o "
    "ON o.contact_id = e.contact_id WHERE e.value_key >= ?1 AND e.value_key < ?2 "
    "UNION ALL "
    "SELECT o.sort_key, o.contact_id FROM contact_phones p CROSS JOIN contact_order o "
    "ON o.contact_id = p.contact_id WHERE p.digits >= ?3 AND p.digits < ?4 "
    "LIMIT ?5", error);
  if (!stmt)
    return FALSE;
  crm_bind_text (stmt, 1, search->email_low);
  crm_bind_text (stmt, 2, search->email_high);
  crm_bind_text (stmt, 3, search->digits_low);
  crm_bind_text (stmt, 4, search->digits_high);
  sqlite3_bind_int64 (stmt, 5, limit ? FIRST_PAGE_VALUE_MATCHES + 1 : -1);
  before = into->len;
  if (!collect_keyed (conn, stmt, into, error))
    return FALSE;
  if (limit && into->len - before > FIRST_PAGE_VALUE_MATCHES)
    g_array_set_size (into, before);
  return TRUE;
}

/* The ids of MATCHES in name order, each once, at most LIMIT (0: all). */
static GArray *
sorted_ids (GArray *matches,
            guint   limit)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean sorted = TRUE;

  /* The index's matches come in key order; only emails and phones mix it. */
  for (guint i = 1; i < matches->len && sorted; i++)
    sorted = compare_keyed (&g_array_index (matches, Keyed, i - 1), &g_array_index (matches, Keyed, i)) <= 0;
  if (!sorted)
    g_array_sort (matches, compare_keyed);
  for (guint i = 0; i < matches->len && (limit == 0 || ids->len < limit); i++)
    {
      Keyed *k = &g_array_index (matches, Keyed, i);

      /* One contact has one key, so its copies lie side by side. */
      if (i == 0 || k->id != g_array_index (matches, Keyed, i - 1).id)
        g_array_append_val (ids, k->id);
    }
  return ids;
}

static GArray *
search_ids (CrmStore    *self,
            const char  *query,
            guint        limit,
            GError     **error)
{
  g_auto(Search) search = { 0 };
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (Keyed));
  CrmConn *conn;
  sqlite3_stmt *stmt;
  GArray *ids = NULL;

  search_init (&search, query);
  conn = crm_store_acquire_read (self);
  if (search_is_everything (&search))
    {
      stmt = crm_conn_prepare (conn, "SELECT id FROM contacts ORDER BY name_key, id LIMIT ?", error);
      if (stmt)
        {
          sqlite3_bind_int64 (stmt, 1, limit ? (gint64) limit : -1);
          ids = crm_collect_ids (conn, stmt, error);
        }
    }
  else if (search_matches (conn, &search, limit, matches, error))
    ids = sorted_ids (matches, limit);
  crm_store_release_read (self, conn);
  return ids;
}

/**
 * crm_store_search_contact_ids:
 * @query: (nullable): words to search for as prefixes; NULL or "" for all
 *
 * Contacts with a word of their name or company starting with each word of
 * @query, or an email address or phone number that starts with it.
 *
 * Returns: (transfer full): the ids of matching contacts, sorted by name
 */
GArray *
crm_store_search_contact_ids (CrmStore    *self,
                              const char  *query,
                              GError     **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return search_ids (self, query, 0, error);
}

/**
 * crm_store_search_contact_ids_first:
 * @query: (nullable): as for crm_store_search_contact_ids()
 * @limit: how many
 *
 * The first @limit ids of crm_store_search_contact_ids(), without finding
 * every match: what search-as-you-type shows first. The index is keyed by
 * name order, so its first matches are the first by name. Emails and phone
 * numbers are left out when @query is the start of more than 256 of them:
 * then only the full search finds those.
 *
 * Returns: (transfer full): ids sorted by name
 */
GArray *
crm_store_search_contact_ids_first (CrmStore    *self,
                                    const char  *query,
                                    guint        limit,
                                    GError     **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);
  return search_ids (self, query, limit, error);
}

char *
crm_store_dup_contact_name_key (CrmStore *self,
                                gint64    id)
{
  CrmConn *conn = crm_store_acquire_read (self);
  sqlite3_stmt *stmt = crm_conn_prepare (conn, "SELECT name_key FROM contacts WHERE id = ?", NULL);
  char *key = NULL;

  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        key = g_strdup (crm_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  crm_store_release_read (self, conn);
  return key;
}

gint64
crm_store_count_contacts (CrmStore *self)
{
  CrmConn *conn = crm_store_acquire_read (self);
  sqlite3_stmt *stmt = crm_conn_prepare (conn, "SELECT count(*) FROM contacts", NULL);
  gint64 count = 0;

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  crm_store_release_read (self, conn);
  return count;
}
