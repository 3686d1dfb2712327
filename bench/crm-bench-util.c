/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "crm-bench.h"
#include "crm-store.h"

void
crm_bench_emit (const char *name,
                double      value,
                const char *unit,
                double      budget,
                CrmBetter   better)
{
  char value_text[G_ASCII_DTOSTR_BUF_SIZE];
  char budget_text[G_ASCII_DTOSTR_BUF_SIZE] = "null";

  /* Locale-proof numbers: JSON wants a dot whatever LC_NUMERIC says. */
  g_ascii_formatd (value_text, sizeof value_text, "%.4g", value);
  if (budget >= 0)
    g_ascii_formatd (budget_text, sizeof budget_text, "%.4g", budget);
  printf ("{\"name\": \"%s\", \"value\": %s, \"unit\": \"%s\", \"budget\": %s, \"better\": \"%s\"}\n",
          name, value_text, unit, budget_text, better == CRM_BETTER_LOWER ? "lower" : "higher");
  fflush (stdout);
}

gint64
crm_bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile. */
double
crm_bench_percentile (GArray *samples,
                      double  fraction)
{
  guint rank;

  if (samples->len == 0)
    return 0;
  g_array_sort (samples, compare_doubles);
  rank = (guint) (fraction * samples->len + 0.999999);
  rank = CLAMP (rank, 1, samples->len);
  return g_array_index (samples, double, rank - 1);
}

/* VmRSS of a process (0 for ourselves), in MiB; -1 when it is gone. */
double
crm_bench_rss_mb (GPid pid)
{
  g_autofree char *path = pid ? g_strdup_printf ("/proc/%d/status", pid)
                              : g_strdup ("/proc/self/status");
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(line = strstr (text, "VmRSS:")))
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

char *
crm_bench_data_path (const CrmBenchConfig *config,
                     const char           *kind,
                     guint                 n,
                     const char           *ext)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.%s", kind, n, ext);

  return g_build_filename (config->data_dir, name, NULL);
}

/**
 * crm_bench_ensure_db:
 *
 * The cached database of @n synthetic contacts, generated when missing
 * (into a temporary name first, so an interrupted run leaves no half file).
 *
 * Returns: (transfer full): its path, or NULL
 */
char *
crm_bench_ensure_db (const CrmBenchConfig *config,
                     guint                 n)
{
  /* Named by schema version: a file of an older one would be upgraded
   * (and backed up) inside the timings. */
  g_autofree char *kind = g_strdup_printf ("contacts-v%d", CRM_STORE_SCHEMA_VERSION);
  g_autofree char *path = crm_bench_data_path (config, kind, n, "sqlite3");
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  g_mkdir_with_parents (config->data_dir, 0755);
  tmp = g_strconcat (path, ".tmp", NULL);
  g_remove (tmp);
  g_printerr ("Generating %u contacts into %s…\n", n, path);
  start = crm_bench_now_ns ();
  if (!crm_bench_write_db (tmp, n, &error))
    {
      g_printerr ("Could not generate %s: %s\n", path, error->message);
      return NULL;
    }
  g_rename (tmp, path);
  g_printerr ("  done in %.1f s\n", (crm_bench_now_ns () - start) / 1e9);
  return g_steal_pointer (&path);
}
