/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "crm-store-private.h"
#include "crm-store-schema.h"
#include "crm-text.h"

/* The SQLite store. Two connections on one file: the writer, used by
 * whichever thread holds the write lock (commands and imports run in worker
 * threads), and the reader, used by everyone else (the list models on the
 * main thread), so a long import never blocks the window: in WAL mode the
 * reader keeps seeing the last committed state. */
struct _CrmStore
{
  GObject parent_instance;

  char *path;
  CrmConn writer;
  CrmConn reader;
  CrmConn background;      /* for crm_store_search_ids_async, opened on first use */
  GRecMutex write_lock;
  GMutex read_lock;
  GMutex background_lock;
  GThread *tx_owner;       /* thread inside a transaction, or NULL */
  guint tx_depth;
  gboolean bulk;           /* contacts' index upkeep left for the commit */
  gboolean unique_deferred; /* in bulk, without the UNIQUE indexes of UIDs and emails */
  gboolean foreign_keys_off; /* by the bulk transaction, until it ends */
  gboolean sorting_cache;  /* the writer's cache cut for a bulk write's end, until it ends */
  gint64 bulk_changes;     /* the writer's sqlite3_total_changes64 () when the bulk write began */
  gboolean sole_user;      /* crm_store_set_sole_user () */
  gboolean out_of_wal;     /* the bulk transaction writes through a rollback journal */
  gboolean whole;          /* crm_store_begin_whole (): writes take no savepoints */
  gboolean whole_broken;   /* one of them failed half-way: roll back only */
  guint pending_changes;   /* CrmStoreChange bits committed, not yet announced */
  GArray *tx_contacts;     /* ids of contacts written in the open transaction */
  gboolean tx_contacts_overflow;
  GMutex announce_lock;    /* guards the two below: committed in a worker, read on the main thread */
  GArray *committed_contacts;
  gboolean committed_contacts_overflow;
  GArray *announcing_contacts; /* during "changed": what crm_store_get_changed_contacts says */
  gint64 data_version;     /* the reader's PRAGMA data_version last seen */
  GMainContext *context;   /* where "changed" is emitted */
  guint monitor_id;
};

G_DEFINE_FINAL_TYPE (CrmStore, crm_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (crm-store-error-quark, crm_store_error)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define BUSY_TIMEOUT_MS 5000
#define MONITOR_INTERVAL_MS 500

gint64
crm_store_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
crm_conn_set_error (CrmConn  *conn,
                    GError  **error)
{
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL,
               "Database error: %s", sqlite3_errmsg (conn->db));
  return FALSE;
}

/* Statements are prepared once per connection and kept: SQL is always a
 * static string with bound parameters, never text built from input. */
sqlite3_stmt *
crm_conn_prepare (CrmConn     *conn,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);

  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      crm_conn_set_error (conn, error);
      return NULL;
    }
  g_hash_table_insert (conn->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
crm_conn_step_done (CrmConn       *conn,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return crm_conn_set_error (conn, error);
}

static void
bind_text (sqlite3_stmt          *stmt,
           int                    index,
           const char            *value,
           sqlite3_destructor_type keep)
{
  if (value)
    sqlite3_bind_text (stmt, index, value, -1, keep);
  else
    sqlite3_bind_null (stmt, index);
}

void
crm_bind_text (sqlite3_stmt *stmt,
               int           index,
               const char   *value)
{
  bind_text (stmt, index, value, SQLITE_TRANSIENT);
}

/* Without SQLite's copy: for a value that stays alive and unchanged until
 * the statement is reset (a contact's fields while it is written). */
void
crm_bind_text_static (sqlite3_stmt *stmt,
                      int           index,
                      const char   *value)
{
  bind_text (stmt, index, value, SQLITE_STATIC);
}

const char *
crm_column_text (sqlite3_stmt *stmt,
                 int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

gboolean
crm_conn_row_exists (CrmConn     *conn,
                     const char  *sql,
                     gint64       id,
                     const char  *what,
                     GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, error);
  gboolean found;

  if (!stmt)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                 "There is no %s with id %" G_GINT64_FORMAT ".", what, id);
  return found;
}

/**
 * crm_collect_ids:
 * Returns: (transfer full): the first column of every row, as gint64
 */
GArray *
crm_collect_ids (CrmConn       *conn,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      crm_conn_set_error (conn, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
conn_exec (CrmConn     *conn,
           const char  *sql,
           GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (conn->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL, "Database error: %s",
               message ? message : sqlite3_errmsg (conn->db));
  sqlite3_free (message);
  return FALSE;
}

/* For the statements every write runs (BEGIN, SAVEPOINT, RELEASE…):
 * prepared once, not parsed again each time. */
static gboolean
conn_run (CrmConn     *conn,
          const char  *sql,
          GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, error);

  return stmt && crm_conn_step_done (conn, stmt, error);
}

static gint64
conn_pragma_int (CrmConn    *conn,
                 const char *sql)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, NULL);
  gint64 value = -1;

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return value;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
conn_close (CrmConn *conn)
{
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db)
    sqlite3_close_v2 (conn->db);
  conn->db = NULL;
}

/* crm_digits (TEXT): crm_text_digits () for SQL, which migration 3 uses. */
static void
digits_func (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, crm_text_digits (text), -1, g_free);
}

/* crm_rank (STEP): STEP times the number of rows it has been called for
 * so far in this run of its statement (1, 2, 3… × STEP), for numbering
 * rows in the order a statement yields them (a bulk import's name order,
 * crm-store-schema.c) without a window function's sort. The count is
 * kept as the statement's auxiliary data of its constant argument, which
 * SQLite keeps for one run of the statement. */
static void
rank_func (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  gint64 *count = sqlite3_get_auxdata (context, 0);

  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      sqlite3_set_auxdata (context, 0, count, g_free);
      /* Set, or freed already when SQLite could not keep it. */
      if (sqlite3_get_auxdata (context, 0) != count)
        {
          sqlite3_result_error (context, "crm_rank () needs a constant step", -1);
          return;
        }
    }
  sqlite3_result_int64 (context, ++*count * sqlite3_value_int64 (argv[0]));
}

void
crm_store_add_sql_functions (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "crm_digits", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, digits_func, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db, "crm_rank", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              NULL, rank_func, NULL, NULL, NULL);
}

/* Debian's SQLite counts every allocation it makes under a global mutex
 * (SQLITE_DEFAULT_MEMSTATUS), and it allocates often, having no lookaside
 * memory (SQLITE_OMIT_LOOKASIDE): a million-contact import wrote its rows
 * 0.2-0.7 s faster without the count. Nothing here reads it. SQLite takes
 * the setting only before its first use in the process. */
static int
open_sqlite (const char  *path,
             int          flags,
             sqlite3    **db)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      if (sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        g_debug ("SQLite was in use already; it keeps counting its memory");
      g_once_init_leave (&configured, 1);
    }
  return sqlite3_open_v2 (path, db, flags, NULL);
}

static gboolean
conn_open (CrmConn     *conn,
           const char  *path,
           int          busy_timeout_ms,
           GError     **error)
{
  /* Each connection is used under the store's own locks. */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  conn->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
  if (open_sqlite (path, flags, &conn->db) != SQLITE_OK)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN,
                   "Cannot open the database “%s”: %s", path,
                   conn->db ? sqlite3_errmsg (conn->db) : "out of memory");
      return FALSE;
    }
  sqlite3_extended_result_codes (conn->db, 1);
  sqlite3_busy_timeout (conn->db, busy_timeout_ms);
  crm_store_add_sql_functions (conn->db);
  return TRUE;
}

/* A new file gets 16 KiB pages (an existing one keeps its own): a
 * million-contact import built its tables and indexes in 15.6-15.9 s
 * instead of 20.9-21.0 s with SQLite's default 4 KiB. */
static gboolean
conn_configure (CrmConn     *conn,
                GError     **error)
{
  return conn_exec (conn,
                    "PRAGMA page_size = 16384;"
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;",
                    error);
}

static gboolean
is_busy (CrmConn *conn)
{
  return (sqlite3_errcode (conn->db) & 0xff) == SQLITE_BUSY;
}

/* The file stayed locked for the whole busy timeout: another Smart CRM
 * writes a bulk import through the rollback journal (crm_store_set_sole_user ()). */
static gboolean
set_busy_error (const char  *path,
                GError     **error)
{
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_BUSY,
               "“%s” is being written by another Smart CRM (a big import from the command line); "
               "it can be opened once that has finished.", path);
  return FALSE;
}

/* Refuses what we cannot read, before anything is written to the file. */
static gboolean
check_version (CrmConn     *conn,
               const char  *path,
               gint64      *version,
               GError     **error)
{
  *version = conn_pragma_int (conn, "PRAGMA user_version");
  if (*version < 0 && is_busy (conn))
    return set_busy_error (path, error);
  if (*version < 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN,
                   "“%s” is not a Smart CRM database: %s", path, sqlite3_errmsg (conn->db));
      return FALSE;
    }
  if (*version > CRM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_TOO_NEW,
                   "“%s” was written by a newer version of Smart CRM (database version %"
                   G_GINT64_FORMAT "; this one reads up to %d). It was left untouched.",
                   path, *version, CRM_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
backup_before_migration (CrmConn     *conn,
                         const char  *path,
                         gint64       version,
                         GError     **error)
{
  g_autofree char *backup = g_strdup_printf ("%s.v%" G_GINT64_FORMAT ".bak", path, version);
  sqlite3_stmt *stmt;

  g_unlink (backup);
  if (!(stmt = crm_conn_prepare (conn, "VACUUM INTO ?", error)))
    return FALSE;
  crm_bind_text (stmt, 1, backup);
  if (!crm_conn_step_done (conn, stmt, error))
    {
      g_prefix_error (error, "Could not keep a copy before upgrading the database: ");
      return FALSE;
    }
  g_chmod (backup, 0600);
  return TRUE;
}

static gboolean
check_foreign_keys (CrmConn  *conn,
                    GError  **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, "PRAGMA foreign_key_check", error);
  int rc;

  if (!stmt)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_ROW)
    g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL,
                         "a record refers to one that does not exist.");
  else
    crm_conn_set_error (conn, error);
  return FALSE;
}

static gboolean
run_migration (CrmConn     *conn,
               guint        step,
               GError     **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", step + 1);
  gboolean ok;

  /* A step may rebuild a table, which foreign keys would cascade through;
   * they are checked as a whole before the step commits instead. */
  if (!conn_exec (conn, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE", error))
    return FALSE;
  ok = conn_exec (conn, crm_store_migrations[step], error) &&
       check_foreign_keys (conn, error) &&
       conn_exec (conn, set_version, error) &&
       conn_exec (conn, "COMMIT", error);
  if (!ok)
    {
      conn_exec (conn, "ROLLBACK", NULL);
      g_prefix_error (error, "Upgrading the database to version %u failed: ", step + 1);
    }
  return conn_exec (conn, "PRAGMA foreign_keys = ON", ok ? error : NULL) && ok;
}

static gboolean
migrate (CrmConn     *conn,
         const char  *path,
         gint64       version,
         GError     **error)
{
  if (version > 0 && version < CRM_STORE_SCHEMA_VERSION &&
      !backup_before_migration (conn, path, version, error))
    return FALSE;
  for (guint step = version; step < crm_store_n_migrations; step++)
    if (!run_migration (conn, step, error))
      return FALSE;
  return TRUE;
}

static gboolean
prepare_location (const char  *path,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN,
                   "Cannot create the folder “%s”: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* SQLite takes a file too short to hold its header for an empty
 * database and writes over it: whatever a non-empty file holds, unless
 * it starts as SQLite's own do, it is not ours to write. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3"; /* and its NUL */
  char head[sizeof magic] = { 0 };
  FILE *file = g_fopen (path, "rb");
  size_t n;

  if (file == NULL)
    return TRUE; /* not there yet, or sqlite3_open () says why */
  n = fread (head, 1, sizeof head, file);
  fclose (file);
  if (n == 0 || memcmp (head, magic, sizeof magic) == 0)
    return TRUE;
  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_OPEN,
               "“%s” is not a Smart CRM database: it is not an SQLite file. It was left untouched.", path);
  return FALSE;
}

static void
crm_store_finalize (GObject *object)
{
  CrmStore *self = CRM_STORE (object);

  g_clear_handle_id (&self->monitor_id, g_source_remove);
  conn_close (&self->background);
  conn_close (&self->reader);
  conn_close (&self->writer);
  g_rec_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->read_lock);
  g_mutex_clear (&self->background_lock);
  g_mutex_clear (&self->announce_lock);
  g_array_unref (self->tx_contacts);
  g_array_unref (self->committed_contacts);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  G_OBJECT_CLASS (crm_store_parent_class)->finalize (object);
}

static void
crm_store_class_init (CrmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_store_finalize;

  /**
   * CrmStore::changed:
   * @changes: CrmStoreChange bits (both when another process wrote)
   *
   * Emitted in the thread-default context of the thread that opened the
   * store, after a commit by this store or by another process.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
crm_store_init (CrmStore *self)
{
  g_rec_mutex_init (&self->write_lock);
  g_mutex_init (&self->read_lock);
  g_mutex_init (&self->background_lock);
  g_mutex_init (&self->announce_lock);
  self->tx_contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->committed_contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->context = g_main_context_ref_thread_default ();
}

/**
 * crm_store_default_path:
 * Returns: (transfer full): $XDG_DATA_HOME/smart-crm/crm.sqlite3
 */
char *
crm_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "smart-crm", "crm.sqlite3", NULL);
}

static gboolean
open_reader (CrmStore  *self,
             GError   **error)
{
  if (!conn_open (&self->reader, self->path, BUSY_TIMEOUT_MS, error) ||
      !conn_configure (&self->reader, error))
    return FALSE;
  self->data_version = conn_pragma_int (&self->reader, "PRAGMA data_version");
  return TRUE;
}

/* @busy_timeout_ms: how long the writer waits for a file another process
 * holds locked while it opens, creates or upgrades it. */
static gboolean
crm_store_open_connections (CrmStore  *self,
                            int        busy_timeout_ms,
                            GError   **error)
{
  gint64 version;

  if (!prepare_location (self->path, error) ||
      !check_header (self->path, error) ||
      !conn_open (&self->writer, self->path, busy_timeout_ms, error) ||
      !check_version (&self->writer, self->path, &version, error))
    return FALSE;
  if (!conn_configure (&self->writer, error))
    {
      if (is_busy (&self->writer))
        {
          g_clear_error (error);
          set_busy_error (self->path, error);
        }
      return FALSE;
    }
  g_chmod (self->path, 0600);
  if (!conn_exec (&self->writer, crm_store_writer_cache, error))
    return FALSE;
  /* A commit that passes the WAL's limit copies the WAL into the file
   * before it returns: 1,000 pages, SQLite's default, are 16 MB with our
   * 16 KiB pages, and the copy made one command in a hundred take over a
   * frame. About 4 MB, whatever the page size. */
  if (!conn_exec (&self->writer, "PRAGMA wal_autocheckpoint = 256", error))
    return FALSE;
  if (!migrate (&self->writer, self->path, version, error))
    return FALSE;
  sqlite3_busy_timeout (self->writer.db, BUSY_TIMEOUT_MS);
  return open_reader (self, error);
}

/* Out of WAL, and readable all the same, while another connection holds
 * the file's RESERVED lock: a command-line import has begun writing but
 * not yet shut readers out. (A journal left by a crash is no writer: no
 * one holds the lock, and the next opening rolls it back; that is how
 * SQLite itself tells the two apart.) */
static gboolean
is_being_written (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3_file *file = NULL;
  gboolean out_of_wal = FALSE;
  int reserved = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    out_of_wal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0;
  sqlite3_finalize (stmt);
  if (out_of_wal &&
      sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK &&
      file != NULL && file->pMethods != NULL)
    file->pMethods->xCheckReservedLock (file, &reserved);
  return reserved != 0;
}

/**
 * crm_store_probe:
 * @path: the database file
 *
 * What opening @path would meet, found at once with a read-only look (no
 * waiting on a lock): whether records written by an older Smart CRM must
 * first be upgraded (seconds for a big database: the window does it in a
 * worker thread, crm-window.c), or another program holds the file for a
 * bulk write, which crm_store_open () would wait for and then refuse.
 * READY for a file that is not there, new, or not readable
 * (crm_store_open () says why).
 */
CrmStoreProbe
crm_store_probe (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  CrmStoreProbe probe = CRM_STORE_PROBE_READY;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (path != NULL, CRM_STORE_PROBE_READY);

  if (open_sqlite (path, SQLITE_OPEN_READONLY, &db) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_BUSY || (db && (sqlite3_errcode (db) & 0xff) == SQLITE_BUSY) ||
      (rc == SQLITE_ROW && is_being_written (db)))
    probe = CRM_STORE_PROBE_BUSY;
  else if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0 &&
           sqlite3_column_int64 (stmt, 0) < CRM_STORE_SCHEMA_VERSION)
    probe = CRM_STORE_PROBE_NEEDS_UPGRADE;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return probe;
}

/**
 * crm_store_open:
 * @path: (nullable): the database file; NULL for the default
 *
 * Opens (creating or upgrading as needed) a store.
 *
 * Returns: (transfer full): the store, or NULL with @error set
 */
static CrmStore *
open_store (const char  *path,
            int          busy_timeout_ms,
            GError     **error)
{
  g_autoptr(CrmStore) self = g_object_new (CRM_TYPE_STORE, NULL);

  self->path = path ? g_strdup (path) : crm_store_default_path ();
  if (!crm_store_open_connections (self, busy_timeout_ms, error))
    return NULL;
  return g_steal_pointer (&self);
}

CrmStore *
crm_store_open (const char  *path,
                GError     **error)
{
  return open_store (path, BUSY_TIMEOUT_MS, error);
}

/**
 * crm_store_open_no_wait:
 *
 * crm_store_open(), except that a file another process holds locked (a
 * command-line import writing in bulk) is refused with
 * %CRM_STORE_ERROR_BUSY at once, not after the busy timeout: for the
 * window's main thread, which must not freeze, and looks again later
 * (crm_store_probe ()). Once open, the store waits like any other.
 *
 * Returns: (transfer full): the store, or NULL with @error set
 */
CrmStore *
crm_store_open_no_wait (const char  *path,
                        GError     **error)
{
  return open_store (path, 0, error);
}

const char *
crm_store_get_path (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->path;
}

/**
 * crm_store_set_sole_user:
 *
 * Promises that only the calling thread uses this store from now on, and
 * only to write while a bulk import runs (the command line's `--import`).
 * A bulk import then closes the store's reading connections for its
 * length and, when no other process has the file open, writes through
 * SQLite's rollback journal instead of the WAL: each new page is written
 * to the file once, where the WAL writes it twice (to the log, then into
 * the file). A million-card import into a new file: its commit takes
 * 0.25 s this way, 1.0-1.5 s through the WAL.
 */
void
crm_store_set_sole_user (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));
  self->sole_user = TRUE;
}

static gboolean
set_journal_mode (CrmConn    *conn,
                  const char *sql,
                  const char *mode)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, NULL);
  gboolean ok = stmt && sqlite3_step (stmt) == SQLITE_ROW &&
                g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), mode) == 0;

  if (stmt)
    sqlite3_reset (stmt);
  return ok;
}

/* Leaving WAL takes every other connection to the file closed: the
 * store's own are, by its sole user's promise; another process's keep it
 * in WAL (SQLite refuses at once). FULL syncing, because NORMAL is safe
 * against a power cut only in WAL mode. */
static gboolean
leave_wal (CrmStore  *self,
           GError   **error)
{
  gboolean ok;

  g_mutex_lock (&self->read_lock);
  conn_close (&self->reader);
  g_mutex_unlock (&self->read_lock);
  g_mutex_lock (&self->background_lock);
  conn_close (&self->background);
  g_mutex_unlock (&self->background_lock);
  if (set_journal_mode (&self->writer, "PRAGMA journal_mode = DELETE", "delete"))
    {
      self->out_of_wal = TRUE;
      return conn_exec (&self->writer, "PRAGMA synchronous = FULL", error);
    }
  g_debug ("Bulk write: the file is open elsewhere; staying in WAL mode");
  g_mutex_lock (&self->read_lock);
  ok = open_reader (self, error);
  g_mutex_unlock (&self->read_lock);
  return ok;
}

/* After the bulk transaction, committed or not. If the file cannot go
 * back to WAL now (another process opened it meanwhile), the next
 * opening of it puts it back (conn_configure ()). */
static void
return_to_wal (CrmStore *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->out_of_wal)
    return;
  self->out_of_wal = FALSE;
  if (!set_journal_mode (&self->writer, "PRAGMA journal_mode = WAL", "wal"))
    g_warning ("The database stays in rollback-journal mode until it is opened again: %s",
               sqlite3_errmsg (self->writer.db));
  g_mutex_lock (&self->read_lock);
  if (!conn_exec (&self->writer, "PRAGMA synchronous = NORMAL", &error) ||
      !open_reader (self, &error))
    g_warning ("After a bulk import: %s", error->message);
  g_mutex_unlock (&self->read_lock);
}

/* The store as ordinary writes want it again, once a transaction that
 * may have been a bulk write has ended, committed, rolled back, or
 * cancelled before its end was built. */
static void
restore_settings (CrmStore *self)
{
  g_autoptr(GError) error = NULL;

  self->bulk = self->unique_deferred = FALSE;
  return_to_wal (self);
  /* Without it every later delete would leave its child rows behind. */
  if (self->foreign_keys_off && !conn_exec (&self->writer, "PRAGMA foreign_keys = ON", &error))
    {
      g_critical ("Foreign keys could not be turned back on: %s", error->message);
      g_clear_error (&error);
    }
  self->foreign_keys_off = FALSE;
  if (self->sorting_cache && !conn_exec (&self->writer, crm_store_writer_cache, &error))
    g_warning ("The cache stays small: %s", error->message);
  self->sorting_cache = FALSE;
}

GArray *
crm_store_query_ids (CrmStore    *self,
                     const char  *sql,
                     gint64       id,
                     const char  *text,
                     GError     **error)
{
  CrmConn *conn = crm_store_acquire_read (self);
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, error);
  GArray *ids = NULL;

  if (stmt)
    {
      if (text)
        crm_bind_text (stmt, 1, text);
      else
        sqlite3_bind_int64 (stmt, 1, id);
      ids = crm_collect_ids (conn, stmt, error);
    }
  crm_store_release_read (self, conn);
  return ids;
}

gpointer
crm_store_query_one (CrmStore         *self,
                     const char       *sql,
                     gint64            id,
                     const char       *text,
                     CrmRowFunc        from_row,
                     CrmChildrenFunc   children,
                     const char       *what,
                     GError          **error)
{
  CrmConn *conn = crm_store_acquire_read (self);
  g_autoptr(GObject) record = NULL;
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, error);

  if (stmt)
    {
      if (text)
        crm_bind_text (stmt, 1, text);
      else
        sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        record = from_row (stmt);
      sqlite3_reset (stmt);
      if (record && !children (conn, record, error))
        g_clear_object (&record);
      else if (!record)
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, "No such %s.", what);
    }
  crm_store_release_read (self, conn);
  return g_steal_pointer (&record);
}

GPtrArray *
crm_store_collect (CrmStore         *self,
                   const gint64     *ids,
                   guint             n_ids,
                   CrmStoreGetFunc   get,
                   GError          **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gpointer record = get (self, ids[i], &local_error);

      if (record)
        g_ptr_array_add (records, record);
      else if (!g_error_matches (local_error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&records);
}

/* Worker threads reading for the models get a connection of their own;
 * see crm_store_search_ids_async(). */
static GPrivate background_thread;

CrmConn *
crm_store_acquire_read (CrmStore *self)
{
  if (self->tx_owner == g_thread_self ())
    {
      g_rec_mutex_lock (&self->write_lock);
      return &self->writer;
    }
  /* search_ids_thread holds background_lock for its whole load. */
  if (g_private_get (&background_thread) == self)
    return &self->background;
  g_mutex_lock (&self->read_lock);
  return &self->reader;
}

void
crm_store_release_read (CrmStore *self,
                        CrmConn  *conn)
{
  if (conn == &self->writer)
    g_rec_mutex_unlock (&self->write_lock);
  else if (conn == &self->background)
    return;
  else
    g_mutex_unlock (&self->read_lock);
}

typedef struct
{
  gboolean meetings;
  char *query;
  GDateTime *from;
  GDateTime *to;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *d = data;

  g_free (d->query);
  g_clear_pointer (&d->from, g_date_time_unref);
  g_clear_pointer (&d->to, g_date_time_unref);
  g_free (d);
}

/* The cancellable of the load running on this thread, for the progress
 * handler: typing starts a load per keystroke, and a load no longer wanted
 * stops stepping instead of reading every match. */
static GPrivate current_cancellable;

static int
background_progress_cb (void *data)
{
  GCancellable *cancellable = g_private_get (&current_cancellable);

  return cancellable && g_cancellable_is_cancelled (cancellable);
}

static gboolean
open_background (CrmStore  *self,
                 GError   **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->background_lock);
  if (self->background.db == NULL &&
      (!conn_open (&self->background, self->path, BUSY_TIMEOUT_MS, error) || !conn_configure (&self->background, error)))
    {
      conn_close (&self->background);
      ok = FALSE;
    }
  if (ok)
    sqlite3_progress_handler (self->background.db, 4096, background_progress_cb, NULL);
  g_mutex_unlock (&self->background_lock);
  return ok;
}

static void
search_ids_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CrmStore *self = source;
  SearchData *d = task_data;
  GError *error = NULL;
  GArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!open_background (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_mutex_lock (&self->background_lock);
  g_private_set (&background_thread, self);
  g_private_set (&current_cancellable, cancellable);
  if (d->meetings)
    ids = crm_store_search_agenda_ids (self, d->query, d->from, d->to, &error);
  else
    ids = crm_store_search_contact_ids (self, d->query, &error);
  g_private_set (&current_cancellable, NULL);
  g_private_set (&background_thread, NULL);
  g_mutex_unlock (&self->background_lock);
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&ids, g_array_unref);
      g_clear_error (&error);
      return;
    }
  if (ids)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
crm_store_search_ids_async (CrmStore            *self,
                            gboolean             meetings,
                            const char          *query,
                            GDateTime           *from,
                            GDateTime           *to,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SearchData *d = g_new0 (SearchData, 1);

  d->meetings = meetings;
  d->query = g_strdup (query);
  d->from = from ? g_date_time_ref (from) : NULL;
  d->to = to ? g_date_time_ref (to) : NULL;
  g_task_set_source_tag (task, crm_store_search_ids_async);
  g_task_set_task_data (task, d, search_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, search_ids_thread);
}

/**
 * crm_store_search_ids_finish:
 * Returns: (transfer full): the ids, sorted as the list models show them
 */
GArray *
crm_store_search_ids_finish (CrmStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * crm_store_begin:
 *
 * Starts a transaction for the calling thread; writes from other threads
 * wait until it ends. Nests.
 */
gboolean
crm_store_begin (CrmStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->write_lock);
  if (self->tx_depth == 0 && !conn_run (&self->writer, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  self->tx_owner = g_thread_self ();
  self->tx_depth++;
  return TRUE;
}

/**
 * crm_store_begin_whole:
 *
 * crm_store_begin() for a transaction that lands whole or not at all (an
 * undo step): the writes in it take no savepoint each, which would copy
 * every page they touch, since a failed one rolls everything back. After
 * a write in it fails, crm_store_commit() refuses and rolls back.
 */
gboolean
crm_store_begin_whole (CrmStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_owner != g_thread_self (), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  self->whole = TRUE;
  self->whole_broken = FALSE;
  return TRUE;
}

static gboolean
announce_changes_cb (gpointer data)
{
  crm_store_check_for_changes (data);
  return G_SOURCE_REMOVE;
}

static void
end_transaction (CrmStore *self)
{
  if (--self->tx_depth == 0)
    self->tx_owner = NULL;
  g_rec_mutex_unlock (&self->write_lock);
}

gboolean
crm_store_begin_bulk (CrmStore           *self,
                      CrmStoreBulkFlags   flags,
                      GError            **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->write_lock);
  if (self->tx_depth > 0)
    {
      g_rec_mutex_unlock (&self->write_lock);
      g_return_val_if_reached (FALSE);
    }
  /* A foreign key check costs a quarter of an insert; SQLite takes the
   * setting only outside a transaction. */
  self->foreign_keys_off = TRUE;
  if (!conn_exec (&self->writer, "PRAGMA foreign_keys = OFF", error) ||
      (self->sole_user && !leave_wal (self, error)) ||
      !crm_store_begin (self, error))
    {
      restore_settings (self);
      g_rec_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  if (!conn_exec (&self->writer, crm_store_contact_bulk_drop, error) ||
      ((flags & CRM_STORE_BULK_DEFER_UNIQUE) && !conn_exec (&self->writer, crm_store_contact_unique_drop, error)))
    {
      crm_store_rollback (self); /* which restores the settings */
      g_rec_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  self->bulk = TRUE;
  self->unique_deferred = (flags & CRM_STORE_BULK_DEFER_UNIQUE) != 0;
  self->bulk_changes = sqlite3_total_changes64 (self->writer.db);
  g_rec_mutex_unlock (&self->write_lock);
  return TRUE;
}

gboolean
crm_store_in_bulk (CrmStore *self)
{
  return self->bulk && self->tx_owner == g_thread_self ();
}

gboolean
crm_store_in_bulk_without_unique (CrmStore *self)
{
  return crm_store_in_bulk (self) && self->unique_deferred;
}

/* One step of a bulk import's end, timed for G_MESSAGES_DEBUG=crm-store:
 * where a big import's last seconds go. */
static gboolean
end_bulk_step (CrmStore    *self,
               const char  *what,
               const char  *sql,
               GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (!self->sorting_cache && !conn_exec (&self->writer, crm_store_sorting_cache, error))
    return FALSE;
  self->sorting_cache = TRUE;
  ok = conn_exec (&self->writer, sql, error);
  g_debug ("Bulk write: %s, %.2f s", what, (g_get_monotonic_time () - start) / 1e6);
  return ok;
}

/* The contacts whose UID, or one of whose email keys, an earlier contact
 * has (or the contact itself, twice), in id order: the later ones of
 * each run of equal keys. */
static const char repeated_contacts_sql[] =
  "SELECT id FROM (SELECT id, uid = lag (uid) OVER (ORDER BY uid, id) AS repeats FROM contacts)"
  "  WHERE repeats "
  "UNION "
  "SELECT contact_id FROM (SELECT contact_id,"
  "    value_key = lag (value_key) OVER (ORDER BY value_key, contact_id, position) AS repeats"
  "  FROM contact_emails) WHERE repeats "
  "ORDER BY 1";

/**
 * crm_store_bulk_take_repeated_contacts:
 *
 * Inside a bulk import, which writes every card as a new contact and
 * leaves the UNIQUE indexes of UIDs and emails for its end: builds them
 * again, first taking out (deleting) each contact that repeats an earlier
 * contact's UID or email, or an email of its own, so that the caller can
 * write those again through the checks a card normally meets, in order.
 *
 * Returns: (transfer full): the contacts taken out, in id order (usually
 * none), or NULL with @error
 */
GPtrArray *
crm_store_bulk_take_repeated_contacts (CrmStore  *self,
                                       GError   **error)
{
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (crm_store_in_bulk (self), NULL);

  self->unique_deferred = FALSE;
  /* Most files repeat nothing: then each index costs one sort. */
  if (end_bulk_step (self, "UID and email indexes", crm_store_contact_unique_indexes, &refused))
    return g_ptr_array_new_with_free_func (g_object_unref);
  if ((sqlite3_errcode (self->writer.db) & 0xff) != SQLITE_CONSTRAINT)
    {
      g_propagate_error (error, g_steal_pointer (&refused));
      return NULL;
    }
  if (!(stmt = crm_conn_prepare (&self->writer, repeated_contacts_sql, error)) ||
      !(ids = crm_collect_ids (&self->writer, stmt, error)))
    return NULL;
  if (!(taken = crm_store_get_contacts (self, (gint64 *) ids->data, ids->len, error)))
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    if (!crm_conn_delete_contact_rows (&self->writer, g_array_index (ids, gint64, i), error))
      return NULL;
  if (!conn_exec (&self->writer, crm_store_contact_unique_indexes, error))
    return NULL;
  return g_steal_pointer (&taken);
}

/* Every contact's place in name order and the search index, built again
 * from the rows, and the triggers that keep them up to date from then on
 * (crm-store-schema.c): the end of a bulk import, or of a big delete. */
static gboolean
number_and_index_contacts (CrmStore  *self,
                           GError   **error)
{
  return end_bulk_step (self, "name order", crm_store_contact_bulk_numbering, error) &&
         end_bulk_step (self, "search index", crm_store_contact_bulk_index_fill, error) &&
         end_bulk_step (self, "triggers", crm_store_contact_index_triggers, error);
}

/* Attendees named by the contacts a bulk import brought, linked in two
 * statements rather than two per contact: by email first, then by name. */
static const char link_attendees_sql[] =
  "UPDATE meeting_attendees SET contact_id ="
  "  (SELECT e.contact_id FROM contact_emails e WHERE e.value_key = meeting_attendees.email_key)"
  "  WHERE contact_id IS NULL AND email_key IS NOT NULL;"
  "UPDATE meeting_attendees SET contact_id ="
  "  (SELECT c.id FROM contacts c WHERE c.name_key = meeting_attendees.name_key ORDER BY c.id LIMIT 1)"
  "  WHERE contact_id IS NULL;";

/* Rebuilding reads every contact again, so it is only worth it for many. */
static gboolean
end_bulk (CrmStore  *self,
          GError   **error)
{
  /* A bulk write that changed no row (the same big address book imported
   * again) leaves the places and the search index right as they are: only
   * what it dropped is made again. */
  gboolean wrote = sqlite3_total_changes64 (self->writer.db) != self->bulk_changes;

  self->bulk = FALSE;
  self->unique_deferred = FALSE;
  if (!end_bulk_step (self, "indexes", crm_store_contact_bulk_indexes, error))
    return FALSE;
  if (!wrote)
    return end_bulk_step (self, "triggers", crm_store_contact_index_triggers, error);
  return end_bulk_step (self, "attendees linked", link_attendees_sql, error) &&
         number_and_index_contacts (self, error);
}

#define MAX_ANNOUNCED_CONTACTS 256

/* The contacts a transaction wrote, kept so views can update in place
 * (a command touches one or two; an import, too many to list). */
void
crm_store_note_contact (CrmStore *self,
                        gint64    id)
{
  if (self->tx_contacts->len >= MAX_ANNOUNCED_CONTACTS)
    self->tx_contacts_overflow = TRUE;
  else
    g_array_append_val (self->tx_contacts, id);
}

static void
hand_over_contacts (CrmStore *self,
                    gboolean  committed)
{
  if (committed)
    {
      g_mutex_lock (&self->announce_lock);
      g_array_append_vals (self->committed_contacts, self->tx_contacts->data, self->tx_contacts->len);
      self->committed_contacts_overflow |= self->tx_contacts_overflow ||
                                           self->committed_contacts->len > MAX_ANNOUNCED_CONTACTS;
      g_mutex_unlock (&self->announce_lock);
    }
  g_array_set_size (self->tx_contacts, 0);
  self->tx_contacts_overflow = FALSE;
}

/**
 * crm_store_get_changed_contacts:
 *
 * While "changed" is emitted: the ids of the contacts this store wrote, or
 * NULL when that is not known (another process wrote, or too many changed).
 *
 * Returns: (transfer none) (nullable): the ids
 */
GArray *
crm_store_get_changed_contacts (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->announcing_contacts;
}

gboolean
crm_store_commit (CrmStore  *self,
                  GError   **error)
{
  return crm_store_commit_cancellable (self, NULL, error);
}

static void
interrupt_writer_cb (GCancellable *cancellable,
                     CrmStore     *self)
{
  /* Safe from any thread; the statement running fails with SQLITE_INTERRUPT. */
  sqlite3_interrupt (self->writer.db);
}

/* A bulk import's end, seconds long for a big one, stops when @cancellable
 * is cancelled. The COMMIT after it does not: interrupted while it copies
 * the log into the file, it would report a failure for a transaction that
 * did land. */
static gboolean
end_bulk_cancellable (CrmStore      *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gulong handler = 0;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_writer_cb), self, NULL);
  ok = end_bulk (self, error);
  if (handler)
    g_cancellable_disconnect (cancellable, handler);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  return ok;
}

/**
 * crm_store_commit_cancellable:
 *
 * crm_store_commit(), for a bulk import that a person can still cancel
 * while its indexes are built: then it rolls back and fails with
 * %G_IO_ERROR_CANCELLED.
 */
gboolean
crm_store_commit_cancellable (CrmStore      *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_owner == g_thread_self (), FALSE);

  if (self->tx_depth == 1)
    {
      gboolean bulk = self->bulk;
      gint64 start;

      ok = !bulk || end_bulk_cancellable (self, cancellable, error);
      if (ok && self->whole_broken)
        {
          g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_HALF_WRITTEN,
                               "A write failed half-way; the transaction was rolled back.");
          ok = FALSE;
        }
      start = g_get_monotonic_time ();
      ok = ok && conn_run (&self->writer, "COMMIT", error);
      if (bulk)
        g_debug ("Bulk write: commit, %.2f s", (g_get_monotonic_time () - start) / 1e6);
      if (!ok)
        conn_exec (&self->writer, "ROLLBACK", NULL);
      restore_settings (self);
      hand_over_contacts (self, ok);
      self->whole = self->whole_broken = FALSE;
    }
  end_transaction (self);
  if (ok && self->tx_owner == NULL && self->pending_changes)
    g_main_context_invoke_full (self->context, G_PRIORITY_HIGH_IDLE, announce_changes_cb,
                                g_object_ref (self), g_object_unref);
  return ok;
}

void
crm_store_rollback (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (self->tx_owner == g_thread_self ());

  if (self->tx_depth == 1)
    {
      /* Rolling back restores the dropped triggers with everything else. */
      conn_exec (&self->writer, "ROLLBACK", NULL);
      self->whole = self->whole_broken = FALSE;
      restore_settings (self);
      g_atomic_int_set (&self->pending_changes, 0);
      hand_over_contacts (self, FALSE);
    }
  end_transaction (self);
}

/* Inside a bigger transaction (an import), a savepoint undoes one write
 * alone; on its own, or in a transaction that lands whole, rolling back
 * the transaction does, and a savepoint would only copy every page the
 * write touches. */
static gboolean
write_has_savepoint (CrmStore *self)
{
  return self->tx_depth > 1 && !self->whole;
}

CrmConn *
crm_store_write_begin (CrmStore  *self,
                       GError   **error)
{
  if (!crm_store_begin (self, error))
    return NULL;
  if (write_has_savepoint (self) && !conn_run (&self->writer, "SAVEPOINT crm_write", error))
    {
      crm_store_rollback (self);
      return NULL;
    }
  return &self->writer;
}

gboolean
crm_store_write_end (CrmStore        *self,
                     gboolean         ok,
                     CrmStoreChange   change,
                     GError         **error)
{
  if (!ok)
    {
      if (write_has_savepoint (self))
        {
          conn_run (&self->writer, "ROLLBACK TO crm_write", NULL);
          conn_run (&self->writer, "RELEASE crm_write", NULL);
          end_transaction (self);
        }
      else if (self->tx_depth == 1)
        crm_store_rollback (self);
      else
        {
          /* Half-written, in a transaction that can only be rolled back now. */
          self->whole_broken = TRUE;
          end_transaction (self);
        }
      return FALSE;
    }
  if (write_has_savepoint (self) && !conn_run (&self->writer, "RELEASE crm_write", error))
    {
      crm_store_write_end (self, FALSE, 0, NULL);
      return FALSE;
    }
  g_atomic_int_or (&self->pending_changes, change);
  return crm_store_commit (self, error);
}

/* ?1 and ?2 of @stmt, if it has them: the ends of an id range. */
static void
bind_range (sqlite3_stmt *stmt,
            gint64        first_id,
            gint64        last_id)
{
  if (sqlite3_bind_parameter_count (stmt) == 2)
    {
      sqlite3_bind_int64 (stmt, 1, first_id);
      sqlite3_bind_int64 (stmt, 2, last_id);
    }
}

/* Runs @sql over an id range (bind_range ()). */
static gboolean
run_range (CrmConn     *conn,
           const char  *sql,
           gint64       first_id,
           gint64       last_id,
           GError     **error)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, first_id, last_id);
  return crm_conn_step_done (conn, stmt, error);
}

/* Deleting a contact row by row costs its search-index entry, its place
 * and its emails' and phones' index entries one at a time (300,000: 18 s,
 * the undo of a big import); rebuilding those from the contacts that stay
 * costs them once each, by sorting. A delete of at least MANY_CONTACTS,
 * and of at least a quarter as many as stay, rebuilds. */
#define MANY_CONTACTS 10000

static gint64
count_in_range (CrmConn     *conn,
                const char  *sql,
                gint64       first_id,
                gint64       last_id)
{
  sqlite3_stmt *stmt = crm_conn_prepare (conn, sql, NULL);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  bind_range (stmt, first_id, last_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
deletes_many_contacts (CrmConn *conn,
                       gint64   first_id,
                       gint64   last_id)
{
  gint64 deleted = count_in_range (conn, "SELECT count (*) FROM contacts WHERE id BETWEEN ? AND ?",
                                   first_id, last_id);
  gint64 all = count_in_range (conn, "SELECT count (*) FROM contacts", 0, 0);

  return deleted >= MANY_CONTACTS && deleted * 4 >= all - deleted;
}

/* The contacts' rows and their emails, phones and links by id range,
 * with the triggers and indexes that would follow each row dropped, then
 * built again as at a bulk import's end (crm-store-schema.c). */
static gboolean
delete_many_contacts (CrmStore  *self,
                      gint64     first_id,
                      gint64     last_id,
                      GError   **error)
{
  static const char * const rows_sql[] = {
    "DELETE FROM contact_emails WHERE contact_id BETWEEN ?1 AND ?2",
    "DELETE FROM contact_phones WHERE contact_id BETWEEN ?1 AND ?2",
    "UPDATE meeting_attendees SET contact_id = NULL WHERE contact_id BETWEEN ?1 AND ?2",
    /* Every place goes (they are numbered again), its index first. */
    "DROP INDEX contact_order_by_contact",
    "DELETE FROM contact_order",
    /* Foreign keys still look for the child rows: gone, and quick to miss. */
    "DELETE FROM contacts WHERE id BETWEEN ?1 AND ?2",
  };
  CrmConn *conn = &self->writer;

  if (!conn_exec (conn, crm_store_contact_bulk_drop, error) ||
      !conn_exec (conn, crm_store_contact_unique_drop, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rows_sql); i++)
    if (!run_range (conn, rows_sql[i], first_id, last_id, error))
      return FALSE;
  return end_bulk_step (self, "indexes", crm_store_contact_bulk_indexes, error) &&
         number_and_index_contacts (self, error);
}

/* Deletes the contacts or the meetings with ids from @first_id to
 * @last_id (an import's new records, undone). */
static gboolean
delete_between (CrmStore  *self,
                gboolean   contacts,
                gint64     first_id,
                gint64     last_id,
                GError   **error)
{
  CrmConn *conn;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  /* Deletes cascade through foreign keys, which a bulk import turns off. */
  g_return_val_if_fail (!crm_store_in_bulk (self), FALSE);

  if (!(conn = crm_store_write_begin (self, error)))
    return FALSE;
  if (!contacts)
    ok = run_range (conn, "DELETE FROM meetings WHERE id BETWEEN ? AND ?", first_id, last_id, error);
  else if (deletes_many_contacts (conn, first_id, last_id))
    ok = delete_many_contacts (self, first_id, last_id, error);
  else
    ok = run_range (conn, "DELETE FROM contacts WHERE id BETWEEN ? AND ?", first_id, last_id, error);
  /* Too many to list: views reload. */
  if (ok && contacts)
    self->tx_contacts_overflow = TRUE;
  return crm_store_write_end (self, ok, contacts ? CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS
                                                 : CRM_STORE_CHANGE_MEETINGS, error);
}

gboolean
crm_store_delete_contacts_between (CrmStore  *self,
                                   gint64     first_id,
                                   gint64     last_id,
                                   GError   **error)
{
  return delete_between (self, TRUE, first_id, last_id, error);
}

gboolean
crm_store_delete_meetings_between (CrmStore  *self,
                                   gint64     first_id,
                                   gint64     last_id,
                                   GError   **error)
{
  return delete_between (self, FALSE, first_id, last_id, error);
}

/* Inside a bulk import, for writes the caller undoes by hand when they
 * fail: no savepoint, which copies every page a write touches into a
 * statement journal (a quarter of a big import). */
CrmConn *
crm_store_write_begin_unguarded (CrmStore *self)
{
  g_return_val_if_fail (crm_store_in_bulk (self), NULL);

  crm_store_begin (self, NULL); /* nested: no SQL, cannot fail */
  return &self->writer;
}

gboolean
crm_store_write_end_unguarded (CrmStore        *self,
                               gboolean         ok,
                               CrmStoreChange   change,
                               GError         **error)
{
  if (!ok)
    {
      end_transaction (self);
      return FALSE;
    }
  g_atomic_int_or (&self->pending_changes, change);
  return crm_store_commit (self, error);
}

/**
 * crm_store_check_for_changes:
 *
 * Emits "changed" when this store committed something not yet announced, or
 * another process wrote to the file since the last check. Call it on the
 * thread that opened the store.
 */
void
crm_store_check_for_changes (CrmStore *self)
{
  guint changes;
  gint64 version;

  g_return_if_fail (CRM_IS_STORE (self));

  g_mutex_lock (&self->read_lock);
  version = conn_pragma_int (&self->reader, "PRAGMA data_version");
  g_mutex_unlock (&self->read_lock);

  changes = g_atomic_int_and (&self->pending_changes, 0);
  g_mutex_lock (&self->announce_lock);
  if (changes && !self->committed_contacts_overflow)
    self->announcing_contacts = g_array_copy (self->committed_contacts);
  g_array_set_size (self->committed_contacts, 0);
  self->committed_contacts_overflow = FALSE;
  g_mutex_unlock (&self->announce_lock);
  if (version != self->data_version && changes == 0)
    changes = CRM_STORE_CHANGE_CONTACTS | CRM_STORE_CHANGE_MEETINGS;
  self->data_version = version;
  if (changes)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, changes);
  g_clear_pointer (&self->announcing_contacts, g_array_unref);
}

static gboolean
monitor_cb (gpointer data)
{
  crm_store_check_for_changes (data);
  return G_SOURCE_CONTINUE;
}

/**
 * crm_store_watch:
 *
 * Starts looking every half second for writes by other processes (the
 * command line while the window is open). Idempotent.
 */
void
crm_store_watch (CrmStore *self)
{
  GSource *source;

  g_return_if_fail (CRM_IS_STORE (self));
  if (self->monitor_id)
    return;
  source = g_timeout_source_new (MONITOR_INTERVAL_MS);
  g_source_set_callback (source, monitor_cb, self, NULL);
  g_source_set_name (source, "[crm-store-monitor]");
  self->monitor_id = g_source_attach (source, self->context);
  g_source_unref (source);
}
