/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "crm-bench.h"

/* smart-crm-bench: every figure of the performance budget, one JSON line
 * each on stdout; progress and notes on stderr. */

typedef struct
{
  const char *name;
  void (*run) (const CrmBenchConfig *config);
  const char *about;
} Group;

/* Search goes last: each keystroke leaves a worker reading every match
 * on the single core, which would slow whatever ran after it. */
static const Group groups[] = {
  { "nlu", crm_bench_nlu, "command parser and time parser throughput (and chrono-node's)" },
  { "window", crm_bench_window, "50-row windows of the sorted list at random offsets" },
  { "command", crm_bench_command, "a local command end to end at the big size" },
  { "import", crm_bench_import, "vCard import of the big size, time and memory" },
  { "gui", crm_bench_gui, "start-up against a bare GTK window, resident memory" },
  { "search", crm_bench_search, "search as you type at the big size, beside raw SQLite" },
};

static void
generate (const CrmBenchConfig *config)
{
  g_autofree char *vcf = crm_bench_data_path (config, "contacts", config->contacts, "vcf");
  g_autofree char *big = crm_bench_ensure_db (config, config->contacts);
  g_autofree char *small = crm_bench_ensure_db (config, config->startup_contacts);

  if (!g_file_test (vcf, G_FILE_TEST_EXISTS))
    {
      g_autofree char *tmp = g_strconcat (vcf, ".tmp", NULL);
      g_autoptr(GError) error = NULL;

      g_printerr ("Generating %u contacts into %s…\n", config->contacts, vcf);
      if (!crm_bench_write_vcf (tmp, config->contacts, &error))
        g_printerr ("Could not write %s: %s\n", vcf, error->message);
      else
        g_rename (tmp, vcf);
    }
}

static char *
groups_help (void)
{
  GString *help = g_string_new ("Groups of figures (--only):\n");

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_string_append_printf (help, "  %-8s %s\n", groups[i].name, groups[i].about);
  return g_string_free (help, FALSE);
}

static gboolean
run_groups (const CrmBenchConfig  *config,
            char                 **only)
{
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (only == NULL || g_strv_contains ((const char * const *) only, groups[i].name))
      {
        groups[i].run (config);
        any = TRUE;
      }
  return any;
}

int
main (int   argc,
      char *argv[])
{
  CrmBenchConfig config = { NULL, NULL, NULL, 1000000, 100000, 1000, 2.0 };
  g_auto(GStrv) only = NULL;
  gboolean gen_only = FALSE;
  int contacts = config.contacts, startup = config.startup_contacts, samples = config.samples;
  const GOptionEntry entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Run only this group (repeatable)", "GROUP" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, "Size of the big database (1000000)", "N" },
    { "startup-contacts", 0, 0, G_OPTION_ARG_INT, &startup, "Size of the start-up database (100000)", "N" },
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Random queries per latency figure (1000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &config.seconds, "Time per throughput figure (2)", "S" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &config.data_dir, "Where generated data is cached", "DIR" },
    { "corpora", 0, 0, G_OPTION_ARG_FILENAME, &config.corpora_dir, "The shared corpora", "DIR" },
    { "node-modules", 0, 0, G_OPTION_ARG_FILENAME, &config.node_modules, "node_modules holding chrono-node", "DIR" },
    { "generate", 0, 0, G_OPTION_ARG_NONE, &gen_only, "Only generate the data that is missing", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Smart CRM's performance figures as JSON lines");
  g_autoptr(GError) error = NULL;
  g_autofree char *help = groups_help ();

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, help);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  config.contacts = MAX (contacts, 100);
  config.startup_contacts = MAX (startup, 100);
  config.samples = MAX (samples, 10);
  if (!config.data_dir)
    config.data_dir = g_strdup (BENCH_DATA_DIR);
  if (!config.corpora_dir)
    config.corpora_dir = g_strdup (BENCH_CORPORA_DIR);
  if (!config.node_modules && g_getenv ("CRM_BENCH_NODE_MODULES"))
    config.node_modules = g_strdup (g_getenv ("CRM_BENCH_NODE_MODULES"));
  if (gen_only)
    {
      generate (&config);
      return 0;
    }
  if (!run_groups (&config, only))
    {
      g_printerr ("No such group.\n%s", help);
      return 2;
    }
  return 0;
}
