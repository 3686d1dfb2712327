/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#define _GNU_SOURCE /* sched_setaffinity () */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "crm-bench.h"

/* vCard import of the big file through `smart-crm --import`, into a fresh
 * database, as a person would run it: wall time, and resident memory
 * sampled every 20 ms from /proc. "Flat" means memory does not grow with
 * the file: the peak of the big import against the peak of one 3/10 its
 * size (caches bounded by size are full in both; anything kept per card
 * would show as the difference).
 *
 * The import reads its file on a thread of its own while it writes
 * (crm-read-ahead.c), so it is timed with every core of the machine, as a
 * person runs it, where the other benchmarks stay on one; its time on
 * that one core alone is given beside. */

#define SAMPLE_MS 20

typedef struct
{
  GArray *rss;    /* MiB, one every SAMPLE_MS */
  GPid pid;
} Watch;

static gboolean
sample_cb (gpointer data)
{
  Watch *watch = data;
  double mb = crm_bench_rss_mb (watch->pid);

  if (mb > 0)
    g_array_append_val (watch->rss, mb);
  return G_SOURCE_CONTINUE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static double
max_between (GArray *rss,
             guint   from,
             guint   to)
{
  double best = 0;

  for (guint i = from; i < to && i < rss->len; i++)
    best = MAX (best, g_array_index (rss, double, i));
  return best;
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_remove (name);
    }
}

static char *
ensure_vcf (const CrmBenchConfig *config,
            guint                 n)
{
  g_autofree char *vcf = crm_bench_data_path (config, "contacts", n, "vcf");
  g_autoptr(GError) error = NULL;

  if (!g_file_test (vcf, G_FILE_TEST_EXISTS))
    {
      g_autofree char *tmp = g_strconcat (vcf, ".tmp", NULL);

      g_mkdir_with_parents (config->data_dir, 0755);
      if (!crm_bench_write_vcf (tmp, n, &error))
        {
          g_printerr ("Cannot write %s: %s\n", vcf, error->message);
          return NULL;
        }
      g_rename (tmp, vcf);
    }
  return g_steal_pointer (&vcf);
}

static void
use_every_core (gpointer data)
{
  cpu_set_t every = { 0 };
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  for (long i = 0; i < n && i < CPU_SETSIZE; i++)
    CPU_SET (i, &every);
  sched_setaffinity (0, sizeof every, &every);
}

/* Imports @n contacts, on every core or on the bench's one; their wall
 * time in s, -1 on failure. */
static double
import_once (const CrmBenchConfig *config,
             guint                 n,
             gboolean              every_core,
             double               *peak_rss)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *vcf = ensure_vcf (config, n);
  g_autofree char *db = crm_bench_data_path (config, "import-scratch", n, "sqlite3");
  const char *argv[] = { BENCH_SMART_CRM, "--offline", "--db", db, "--import", vcf, NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  Watch watch = { rss, 0 };
  gboolean done = FALSE;
  guint timer;
  gint64 start;
  double seconds;

  if (!vcf)
    return -1;
  remove_db (db);
  if (every_core)
    g_subprocess_launcher_set_child_setup (launcher, use_every_core, NULL, NULL);
  start = crm_bench_now_ns ();
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (!child)
    {
      g_printerr ("Cannot run %s: %s\n", argv[0], error->message);
      return -1;
    }
  watch.pid = atoi (g_subprocess_get_identifier (child));
  timer = g_timeout_add (SAMPLE_MS, sample_cb, &watch);
  g_subprocess_wait_async (child, NULL, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (crm_bench_now_ns () - start) / 1e9;
  g_source_remove (timer);
  if (!g_subprocess_get_successful (child))
    g_printerr ("The import reported a problem (exit %d)\n", g_subprocess_get_exit_status (child));
  *peak_rss = max_between (rss, 0, rss->len);
  remove_db (db);
  return seconds;
}

/* The same rows written raw: how much of the import SQLite alone takes,
 * without (returned) and with (@all) the indexes built at its end. */
static double
insert_raw (const CrmBenchConfig *config,
            double               *all)
{
  g_autofree char *db = crm_bench_data_path (config, "import-raw", config->contacts, "sqlite3");
  double seconds;

  remove_db (db);
  seconds = crm_bench_insert_raw (db, config->contacts, all);
  remove_db (db);
  return seconds;
}

/* The machine's speed moves by a third from one minute to the next (a
 * shared virtual one): the import is timed in three rounds, each on every
 * core then on one, and the medians are given, with the slowest round. */
#define IMPORT_ROUNDS 3

void
crm_bench_import (const CrmBenchConfig *config)
{
  g_autoptr(GArray) every = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (double));
  double peak = 0, small_peak = 0, raw, raw_all = -1;

  for (guint round = 0; round < IMPORT_ROUNDS; round++)
    {
      double round_peak = 0, one_core_peak = 0;
      double seconds = import_once (config, config->contacts, TRUE, &round_peak);
      double one_core = import_once (config, config->contacts, FALSE, &one_core_peak);

      if (seconds < 0 || one_core < 0)
        return;
      g_printerr ("import round %u: %.2f s on every core, %.2f s on one\n", round + 1, seconds, one_core);
      g_array_append_val (every, seconds);
      g_array_append_val (one, one_core);
      peak = MAX (peak, round_peak);
    }
  if (import_once (config, config->contacts * 3 / 10, TRUE, &small_peak) < 0)
    return;
  crm_bench_emit ("import_vcard_seconds", crm_bench_percentile (every, 0.5), "s", 10, CRM_BETTER_LOWER);
  crm_bench_emit ("import_vcard_slowest_round_seconds", crm_bench_percentile (every, 1), "s", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("import_vcard_one_core_seconds", crm_bench_percentile (one, 0.5), "s", -1, CRM_BETTER_LOWER);
  raw = insert_raw (config, &raw_all);
  crm_bench_emit ("import_rows_sqlite_c_api_seconds", raw, "s", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("import_rows_and_indexes_sqlite_c_api_seconds", raw_all, "s", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("import_peak_rss", peak, "MiB", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("import_peak_rss_of_3_10_the_file", small_peak, "MiB", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("import_rss_growth_with_file_size", peak - small_peak, "MiB", 10, CRM_BETTER_LOWER);
}
