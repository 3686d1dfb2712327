/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "crm-bench.h"
#include "crm-record-list.h"
#include "crm-store.h"
#include "crm-text.h"

/* Search as you type and list windows at the big size, each beside the
 * same query run raw: through the SQLite C API (prepared once, as the store
 * does; microsecond timer) and in the sqlite3 shell (.timer on; it prints
 * milliseconds). The difference is our overhead over SQLite itself. */

#define WINDOW 50

/* The store's first-matches query (crm-store-contacts.c) with the LIMIT it
 * applies by stepping. */
#define FIRST_SQL \
  "SELECT f.rowid, o.contact_id FROM contacts_fts f CROSS JOIN contact_order o " \
  "ON o.sort_key = f.rowid WHERE contacts_fts MATCH ?1 ORDER BY f.rowid LIMIT 50"
/* The obvious window query, for comparison with the in-memory id list. */
#define OFFSET_SQL \
  "SELECT id, uid, name, company, job_title, notes, created, updated FROM contacts " \
  "ORDER BY name_key, id LIMIT 50 OFFSET ?1"
/* What the list model asks SQLite for a window: rows by id. */
#define BY_ID_SQL \
  "SELECT id, uid, name, company, job_title, notes, created, updated FROM contacts WHERE id = ?1"

static GArray *
new_samples (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
add_ms (GArray *samples,
        gint64  start)
{
  double ms = (crm_bench_now_ns () - start) / 1e6;

  g_array_append_val (samples, ms);
}

static void
emit_latency (const char *name,
              GArray     *samples,
              double      budget)
{
  g_autofree char *p50 = g_strdup_printf ("%s_p50", name);
  g_autofree char *p99 = g_strdup_printf ("%s_p99", name);

  /* name_p50 and name_p99, in ms; the budget is on the 99th percentile. */

  crm_bench_emit (p50, crm_bench_percentile (samples, 0.50), "ms", -1, CRM_BETTER_LOWER);
  crm_bench_emit (p99, crm_bench_percentile (samples, 0.99), "ms", budget, CRM_BETTER_LOWER);
}

static GPtrArray *
random_prefixes (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GPtrArray *prefixes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (prefixes, crm_bench_random_prefix (rand));
  return prefixes;
}

static sqlite3_stmt *
raw_prepare (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    g_printerr ("Cannot prepare %s: %s\n", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
raw_run (sqlite3_stmt *stmt)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
}

/* The first 50 matches of each prefix, ours then SQLite's. */
static void
bench_first_matches (CrmStore  *store,
                     sqlite3   *db,
                     GPtrArray *prefixes,
                     gboolean   emit)
{
  g_autoptr(GArray) ours = new_samples ();
  g_autoptr(GArray) raw = new_samples ();
  sqlite3_stmt *stmt = raw_prepare (db, FIRST_SQL);

  for (guint i = 0; i < prefixes->len; i++)
    {
      const char *prefix = g_ptr_array_index (prefixes, i);
      g_autofree char *match = crm_text_fts_prefix_query (prefix);
      gint64 start = crm_bench_now_ns ();
      g_autoptr(GArray) ids = crm_store_search_contact_ids_first (store, prefix, WINDOW, NULL);

      add_ms (ours, start);
      start = crm_bench_now_ns ();
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      raw_run (stmt);
      add_ms (raw, start);
    }
  sqlite3_finalize (stmt);
  if (!emit)
    return;
  emit_latency ("search_first50", ours, 5);
  emit_latency ("search_first50_sqlite_c_api", raw, -1);
  crm_bench_emit ("search_first50_overhead_over_sqlite_c_api_p50", crm_bench_percentile (ours, 0.5) -
                  crm_bench_percentile (raw, 0.5), "ms", -1, CRM_BETTER_LOWER);
}

/* An SQL string literal. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static GArray *
shell_times (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GArray *samples = new_samples ();

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "Run Time: real "))
      {
        double ms = g_ascii_strtod (lines[i] + 15, NULL) * 1000;
        g_array_append_val (samples, ms);
      }
  return samples;
}

/* The same queries in the sqlite3 shell, one process for all of them;
 * count(*) keeps the output to one line a query. */
static void
bench_shell (const char *path,
             GPtrArray  *prefixes)
{
  g_autoptr(GString) script = g_string_new (".timer on\n");
  g_autoptr(GArray) samples = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", "-readonly", path, NULL };
  g_autoptr(GSubprocess) shell = NULL;

  for (guint i = 0; i < prefixes->len; i++)
    {
      g_autofree char *match = crm_text_fts_prefix_query (g_ptr_array_index (prefixes, i));
      g_auto(GStrv) halves = g_strsplit (FIRST_SQL, "?1", 2);

      g_string_append_printf (script, "SELECT count(*) FROM (%s", halves[0]);
      append_quoted (script, match);
      g_string_append_printf (script, "%s);\n", halves[1]);
    }
  shell = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (!shell || !g_subprocess_communicate_utf8 (shell, script->str, NULL, &out, NULL, &error))
    {
      g_printerr ("The sqlite3 shell did not run: %s\n", error->message);
      return;
    }
  samples = shell_times (out);
  if (samples->len)
    emit_latency ("search_first50_sqlite3_shell", samples, -1);
}

/* Rows as a list view binds them; fewer when the list is shorter. */
static void
read_rows (CrmRecordList *list,
           guint          from,
           guint          n)
{
  for (guint row = from; row < from + n; row++)
    {
      gpointer item = g_list_model_get_item (G_LIST_MODEL (list), row);

      if (item)
        g_object_unref (item);
    }
}

static gboolean
wait_for_items (CrmRecordList *list,
                guint          n,
                double         seconds)
{
  gint64 end = crm_bench_now_ns () + (gint64) (seconds * 1e9);

  while (g_list_model_get_n_items (G_LIST_MODEL (list)) != n && crm_bench_now_ns () < end)
    g_main_context_iteration (NULL, FALSE);
  return g_list_model_get_n_items (G_LIST_MODEL (list)) == n;
}

/* Each keystroke as the window sees it: the model's query changes, and the
 * first 50 rows are read. The worker that reads the rest of the matches is
 * left running, as it is when someone types on (the next keystroke cancels
 * it): on one core it competes with the next query, as in life. */
static void
bench_model_search (CrmStore  *store,
                    GPtrArray *prefixes)
{
  g_autoptr(CrmRecordList) list = crm_record_list_new (store, CRM_RECORD_CONTACTS);
  g_autoptr(GArray) samples = new_samples ();
  gint64 start;

  for (guint i = 0; i < prefixes->len; i++)
    {
      start = crm_bench_now_ns ();

      crm_record_list_set_query (list, g_ptr_array_index (prefixes, i));
      read_rows (list, 0, WINDOW);
      add_ms (samples, start);
      g_main_context_iteration (NULL, FALSE);
    }
  emit_latency ("search_model_first50", samples, 5);
  /* Each keystroke started a worker reading every match; cancelled ones
   * still hold the store's background connection until they finish. How
   * long until a list of everything can load tells how much work the
   * cancelled ones left behind (and keeps it out of the next figures). */
  start = crm_bench_now_ns ();
  crm_record_list_set_query (list, NULL);
  if (!wait_for_items (list, crm_store_count_contacts (store), 60))
    g_printerr ("Cancelled search workers still busy after 60 s; the figure is a lower bound.\n");
  crm_bench_emit ("search_cancelled_loads_drained", (crm_bench_now_ns () - start) / 1e6, "ms", -1,
                  CRM_BETTER_LOWER);
}

static void
bench_window (CrmStore *store,
              guint     n_contacts,
              guint     samples_n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) samples = new_samples ();
  gint64 start = crm_bench_now_ns ();
  g_autoptr(CrmRecordList) list = crm_record_list_new (store, CRM_RECORD_CONTACTS);

  crm_bench_emit ("list_first_page", (crm_bench_now_ns () - start) / 1e6, "ms", -1, CRM_BETTER_LOWER);
  if (!wait_for_items (list, n_contacts, 600))
    {
      g_printerr ("The list never held every contact; no window figures.\n");
      return;
    }
  crm_bench_emit ("list_all_ids_loaded", (crm_bench_now_ns () - start) / 1e6, "ms", -1, CRM_BETTER_LOWER);
  for (guint i = 0; i < samples_n; i++)
    {
      guint offset = g_rand_int_range (rand, 0, n_contacts - WINDOW);

      start = crm_bench_now_ns ();
      read_rows (list, offset, WINDOW);
      add_ms (samples, start);
    }
  emit_latency ("list_window50", samples, 2);
}

/* The same windows read raw: by id as our model reads them (the row, its
 * emails, its phones), and with LIMIT/OFFSET as the obvious SQL would. */
static void
bench_window_raw (sqlite3 *db,
                  guint    n_contacts,
                  guint    samples_n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) by_id = new_samples ();
  g_autoptr(GArray) by_offset = new_samples ();
  sqlite3_stmt *row = raw_prepare (db, BY_ID_SQL);
  sqlite3_stmt *emails = raw_prepare (db, "SELECT value, type, preferred FROM contact_emails "
                                          "WHERE contact_id = ?1 ORDER BY position");
  sqlite3_stmt *phones = raw_prepare (db, "SELECT value, type, preferred FROM contact_phones "
                                          "WHERE contact_id = ?1 ORDER BY position");
  sqlite3_stmt *offset_stmt = raw_prepare (db, OFFSET_SQL);

  for (guint i = 0; i < samples_n; i++)
    {
      guint offset = g_rand_int_range (rand, 0, n_contacts - WINDOW);
      gint64 id0 = g_rand_int_range (rand, 1, n_contacts - WINDOW);
      gint64 start = crm_bench_now_ns ();

      /* Ids in name order are scattered over the table; random ids are
       * as scattered. */
      for (guint r = 0; r < WINDOW; r++)
        {
          sqlite3_stmt *stmts[] = { row, emails, phones };
          gint64 id = (id0 * 7919 + r * 104729) % n_contacts + 1;

          for (guint s = 0; s < G_N_ELEMENTS (stmts); s++)
            {
              sqlite3_bind_int64 (stmts[s], 1, id);
              raw_run (stmts[s]);
            }
        }
      add_ms (by_id, start);
      start = crm_bench_now_ns ();
      sqlite3_bind_int (offset_stmt, 1, offset);
      raw_run (offset_stmt);
      add_ms (by_offset, start);
    }
  sqlite3_finalize (row);
  sqlite3_finalize (emails);
  sqlite3_finalize (phones);
  sqlite3_finalize (offset_stmt);
  emit_latency ("list_window50_sqlite_by_id", by_id, -1);
  emit_latency ("list_window50_sqlite_limit_offset", by_offset, -1);
}

static CrmStore *
open_big (const CrmBenchConfig  *config,
          sqlite3              **db)
{
  g_autofree char *path = crm_bench_ensure_db (config, config->contacts);
  g_autoptr(GError) error = NULL;
  CrmStore *store;

  if (!path || !(store = crm_store_open (path, &error)))
    {
      g_printerr ("Cannot open the database: %s\n", error ? error->message : "not generated");
      return NULL;
    }
  sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY, NULL);
  return store;
}

/* Longer queries, which also look at the start of emails and phone
 * numbers: no budget of their own (it is for 1-3 letters), measured so
 * that a slow path there shows. */
static void
bench_email_prefixes (CrmStore *store,
                      guint     n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GArray) ours = new_samples ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prefix = crm_bench_random_email_prefix (rand);
      gint64 start = crm_bench_now_ns ();
      g_autoptr(GArray) ids = crm_store_search_contact_ids_first (store, prefix, WINDOW, NULL);

      add_ms (ours, start);
    }
  emit_latency ("search_first50_email_4_to_12_chars", ours, -1);
}

void
crm_bench_search (const CrmBenchConfig *config)
{
  g_autoptr(GPtrArray) prefixes = random_prefixes (config->samples);
  g_autoptr(GPtrArray) warm = random_prefixes (MIN (config->samples, 100));
  sqlite3 *db = NULL;
  g_autoptr(CrmStore) store = open_big (config, &db);

  if (!store)
    return;
  /* Warm the page cache once, as a running app has. */
  bench_first_matches (store, db, warm, FALSE);
  bench_first_matches (store, db, prefixes, TRUE);
  bench_shell (crm_store_get_path (store), prefixes);
  bench_model_search (store, prefixes);
  bench_email_prefixes (store, config->samples);
  sqlite3_close (db);
}

void
crm_bench_window (const CrmBenchConfig *config)
{
  sqlite3 *db = NULL;
  g_autoptr(CrmStore) store = open_big (config, &db);

  if (!store)
    return;
  bench_window (store, config->contacts, config->samples);
  bench_window_raw (db, config->contacts, config->samples);
  sqlite3_close (db);
}
