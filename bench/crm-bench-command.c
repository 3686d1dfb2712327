/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-bench.h"
#include "crm-executor.h"
#include "crm-parser.h"
#include "crm-record-list.h"
#include "crm-store.h"

/* A local command end to end, as the command bar runs it: Enter → parsed →
 * committed → the contacts' list model announces the change. Commands
 * alternate between adding a contact and deleting it again, on a scratch
 * copy of the big database with its list model open, as the window has. */

static const char * const syllables[] = {
  "ka", "ve", "mi", "to", "ru", "sa", "le", "no", "bi", "da",
  "fo", "ge", "hu", "ji", "lo", "ma", "ne", "pi", "qua", "zo",
};

/* A made-up name no synthetic contact has, different for each @i. */
static char *
made_up_name (guint i)
{
  g_autofree char *first = g_strconcat (syllables[i % 20], syllables[(i / 20) % 20], NULL);
  g_autofree char *last = g_strconcat (syllables[(i / 400) % 20], syllables[(i / 8000) % 20],
                                       syllables[(i * 7) % 20], NULL);

  first[0] = g_ascii_toupper (first[0]);
  last[0] = g_ascii_toupper (last[0]);
  return g_strdup_printf ("%s %s", first, last);
}

/* Where the time of a command goes: parsing, carrying it out (committed),
 * and the list model catching up. */
enum { PHASE_TOTAL, PHASE_PARSE, PHASE_COMMIT, PHASE_LIST, N_PHASES };

static const char * const phase_names[N_PHASES] = {
  "command_end_to_end", "command_parse", "command_commit", "command_list_update",
};

typedef struct
{
  CrmParser *parser;
  CrmExecutor *executor;
  CrmRecordList *list;
  GDateTime *now;
  gboolean changed;
  GArray *phases[N_PHASES];  /* ms */
} Bar;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bar        *bar)
{
  bar->changed = TRUE;
}

static void
add_phase (Bar    *bar,
           guint   phase,
           gint64  from,
           gint64  to)
{
  double ms = (to - from) / 1e6;

  g_array_append_val (bar->phases[phase], ms);
}

/* One command, timed until the list model changed; nothing is recorded
 * when the command failed or the list never changed. */
static void
run_command (Bar        *bar,
             const char *text)
{
  gint64 start = crm_bench_now_ns ();
  gint64 give_up = start + 10 * G_GINT64_CONSTANT (1000000000);
  gint64 parsed, committed;
  g_autoptr(CrmCommand) command = NULL;
  g_autoptr(CrmOutcome) outcome = NULL;

  bar->changed = FALSE;
  command = crm_parser_parse (bar->parser, text, bar->now);
  parsed = crm_bench_now_ns ();
  outcome = crm_executor_execute (bar->executor, command, bar->now, 0);
  committed = crm_bench_now_ns ();
  if (crm_outcome_get_status (outcome) != CRM_OUTCOME_DONE)
    {
      g_printerr ("“%s”: %s\n", text, crm_outcome_get_message (outcome));
      return;
    }
  while (!bar->changed && crm_bench_now_ns () < give_up)
    g_main_context_iteration (NULL, TRUE);
  if (!bar->changed)
    return;
  add_phase (bar, PHASE_TOTAL, start, crm_bench_now_ns ());
  add_phase (bar, PHASE_PARSE, start, parsed);
  add_phase (bar, PHASE_COMMIT, parsed, committed);
  add_phase (bar, PHASE_LIST, committed, crm_bench_now_ns ());
}

static gboolean
copy_db (const char *from,
         const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_printerr ("Cannot copy %s: %s\n", from, error->message);
      return FALSE;
    }
  return TRUE;
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

static void
bench_commands (Bar   *bar,
                guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = made_up_name (i / 2);
      g_autofree char *text = NULL;

      if (i % 2 == 0)
        text = g_strdup_printf ("Add %s, bench.%u@example.org", name, i / 2);
      else
        text = g_strdup_printf ("Delete contact %s", name);
      run_command (bar, text);
    }
}

void
crm_bench_command (const CrmBenchConfig *config)
{
  g_autofree char *path = crm_bench_ensure_db (config, config->contacts);
  g_autofree char *scratch = crm_bench_data_path (config, "command-scratch", config->contacts, "sqlite3");
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Bar bar = { 0 };

  if (!path || !copy_db (path, scratch) || !(store = crm_store_open (scratch, &error)))
    return;
  bar.parser = crm_parser_new ();
  bar.executor = crm_executor_new (store);
  bar.list = crm_record_list_new (store, CRM_RECORD_CONTACTS);
  bar.now = g_date_time_new_local (2025, 5, 21, 10, 0, 0);
  g_signal_connect (bar.list, "items-changed", G_CALLBACK (items_changed_cb), &bar);
  /* The window has the whole list before anyone types. */
  while (g_list_model_get_n_items (G_LIST_MODEL (bar.list)) < config->contacts)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_PHASES; i++)
    bar.phases[i] = g_array_new (FALSE, FALSE, sizeof (double));
  bench_commands (&bar, MIN (config->samples, 400));
  for (guint i = 0; i < N_PHASES && bar.phases[0]->len; i++)
    {
      g_autofree char *p50 = g_strdup_printf ("%s_p50", phase_names[i]);
      g_autofree char *p99 = g_strdup_printf ("%s_p99", phase_names[i]);

      crm_bench_emit (p50, crm_bench_percentile (bar.phases[i], 0.5), "ms", -1, CRM_BETTER_LOWER);
      crm_bench_emit (p99, crm_bench_percentile (bar.phases[i], 0.99), "ms",
                      i == PHASE_TOTAL ? 16 : -1, CRM_BETTER_LOWER);
    }
  for (guint i = 0; i < N_PHASES; i++)
    g_array_unref (bar.phases[i]);
  g_clear_object (&bar.list);
  g_clear_object (&bar.executor);
  g_clear_object (&bar.parser);
  g_date_time_unref (bar.now);
  g_clear_object (&store);
  remove_db (scratch);
}
