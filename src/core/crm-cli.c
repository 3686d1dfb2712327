/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crm-cli.h"
#include "crm-executor.h"
#include "crm-format.h"
#include "crm-json.h"
#include "crm-pim-cli.h"
#include "crm-store.h"
#include "crm-time-parser.h"
#include "crm-understanding.h"

#define EXIT_USAGE 2

/* Options are read as G_OPTION_ARG_FILENAME: raw bytes, so UTF-8 text
 * arrives intact whatever the locale (a STRING option would be converted
 * from the locale's charset and fail under LANG unset). */
typedef struct
{
  char *db;
  char *now;
  gboolean offline;
  char *command;
  char *parse;
  char *parse_time;
  char *list;
  char *import;
  char *export;
} CrmCliOptions;

static void
crm_cli_options_clear (CrmCliOptions *o)
{
  g_free (o->db);
  g_free (o->now);
  g_free (o->command);
  g_free (o->parse);
  g_free (o->parse_time);
  g_free (o->list);
  g_free (o->import);
  g_free (o->export);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrmCliOptions, crm_cli_options_clear)

static GDateTime *
parse_now (const char  *text,
           GError     **error)
{
  int y, mo, d, h, mi, s;
  char tail;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  GDateTime *now;

  if (text == NULL)
    return g_date_time_new_now_local ();

  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6 ||
      (now = g_date_time_new (tz, y, mo, d, h, mi, s)) == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--now must be a local time written YYYY-MM-DDTHH:MM:SS, not “%s”", text);
      return NULL;
    }
  return now;
}

static int
run_parse_time_line (const char *text,
                     GDateTime  *now,
                     GString    *out)
{
  CrmTimeMatch match;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  crm_json_append_member (out, &first, "text");
  crm_json_append_string (out, text);
  crm_json_append_member (out, &first, "start");
  if (crm_time_parser_parse (text, now, CRM_TIME_PARSE_DEFAULT, &match) && match.start)
    crm_json_append_datetime (out, match.start);
  else
    g_string_append (out, "null");
  if (match.end)
    {
      crm_json_append_member (out, &first, "end");
      crm_json_append_datetime (out, match.end);
    }
  if (match.start || match.end)
    {
      crm_json_append_member (out, &first, "grain");
      crm_json_append_string (out, crm_grain_to_string (match.grain));
    }
  g_string_append (out, "}\n");
  crm_time_match_clear (&match);
  return 0;
}

/* The same path as --command: local, then Gemini when a key and the mode
 * say so (run_sync skips the main loop when neither does); fallback notices
 * go to stderr. */
static void
run_parse_line (CrmUnderstanding *understanding,
                const char       *text,
                GDateTime        *now,
                GString          *out)
{
  g_autofree char *notice = NULL;
  g_autoptr(CrmCommand) command = NULL;

  command = crm_understanding_run_sync (understanding, text, now, &notice);
  if (notice)
    g_printerr ("%s\n", notice);
  crm_command_append_json (command, out);
  g_string_append_c (out, '\n');
}

typedef void (*LineFunc) (gpointer    data,
                          const char *line,
                          GDateTime  *now,
                          GString    *out);

/* One line out for every line in, flushed in blocks: `--parse -` is a
 * throughput path (100,000 lines a second). */
static int
run_lines_from_stdin (LineFunc   func,
                      gpointer   data,
                      GDateTime *now)
{
  g_autoptr(GString) out = g_string_sized_new (1 << 16);
  g_autofree char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  while ((len = getline (&line, &cap, stdin)) >= 0)
    {
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
      /* An embedded NUL ends the text: the rest of such a line is not text. */
      func (data, line, now, out);
      if (out->len > (1 << 15))
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
  return 0;
}

static void
parse_time_line_func (gpointer    data,
                      const char *line,
                      GDateTime  *now,
                      GString    *out)
{
  run_parse_time_line (line, now, out);
}

static void
parse_line_func (gpointer    data,
                 const char *line,
                 GDateTime  *now,
                 GString    *out)
{
  run_parse_line (data, line, now, out);
}

static int
run_text_or_stdin (const char *arg,
                   LineFunc    func,
                   gpointer    data,
                   GDateTime  *now)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (g_strcmp0 (arg, "-") == 0)
    return run_lines_from_stdin (func, data, now);
  func (data, arg, now, out);
  fwrite (out->str, 1, out->len, stdout);
  return 0;
}

static void
append_record_json (GObject *record,
                    GString *out)
{
  if (CRM_IS_CONTACT (record))
    crm_contact_append_json (CRM_CONTACT (record), out);
  else
    crm_meeting_append_json (CRM_MEETING (record), out);
  g_string_append_c (out, '\n');
}

/* A candidate as a person tells them apart: name and email, or title and
 * time. */
static char *
describe_candidate (GObject   *record,
                    GDateTime *now)
{
  if (CRM_IS_CONTACT (record))
    {
      CrmContact *c = CRM_CONTACT (record);
      const char *detail = crm_contact_get_email (c) ? crm_contact_get_email (c)
                         : crm_contact_get_phone (c) ? crm_contact_get_phone (c)
                         : crm_contact_get_company (c);
      return detail ? g_strdup_printf ("%s <%s>", crm_contact_get_name (c), detail)
                    : g_strdup (crm_contact_get_name (c));
    }
  else
    {
      CrmMeeting *m = CRM_MEETING (record);
      g_autofree char *when = crm_format_when (crm_meeting_get_start (m), crm_meeting_get_all_day (m), now);
      return g_strdup_printf ("%s, %s", crm_meeting_get_title (m), when);
    }
}

static CrmStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CrmStore *store = crm_store_open (path, &error);

  if (store == NULL)
    g_printerr ("%s\n", error->message);
  return store;
}

static int
report_outcome (CrmOutcome *outcome,
                GDateTime  *now)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *records = crm_outcome_get_records (outcome);

  if (crm_outcome_get_status (outcome) != CRM_OUTCOME_DONE)
    {
      g_printerr ("%s\n", crm_outcome_get_message (outcome));
      for (guint i = 0; i < records->len; i++)
        {
          g_autofree char *line = describe_candidate (g_ptr_array_index (records, i), now);
          g_printerr ("  %s\n", line);
        }
      return 1;
    }
  g_string_append_printf (out, "%s\n", crm_outcome_get_message (outcome));
  for (guint i = 0; i < records->len; i++)
    append_record_json (g_ptr_array_index (records, i), out);
  fwrite (out->str, 1, out->len, stdout);
  if (crm_outcome_get_notice (outcome))
    g_printerr ("%s\n", crm_outcome_get_notice (outcome));
  return 0;
}

/* `--command`: the command bar's pipeline — understand (locally, then
 * Gemini when configured), carry out, confirm. */
static int
run_command (const CrmCliOptions *o,
             GDateTime           *now)
{
  g_autoptr(CrmStore) store = open_store (o->db);
  g_autoptr(CrmUnderstanding) understanding = NULL;
  g_autoptr(CrmCommand) command = NULL;
  g_autoptr(CrmExecutor) executor = NULL;
  g_autoptr(CrmOutcome) outcome = NULL;
  g_autofree char *notice = NULL;

  if (store == NULL)
    return 1;
  understanding = crm_understanding_new (o->offline);
  command = crm_understanding_run_sync (understanding, o->command, now, &notice);
  if (notice)
    g_printerr ("%s\n", notice);
  executor = crm_executor_new (store);
  outcome = crm_executor_execute (executor, command, now, 0);
  return report_outcome (outcome, now);
}

static int
run_list (const CrmCliOptions *o)
{
  gboolean contacts = g_strcmp0 (o->list, "contacts") == 0;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (1 << 16);

  if (!contacts && g_strcmp0 (o->list, "meetings") != 0)
    {
      g_printerr ("--list takes “contacts” or “meetings”.\n");
      return EXIT_USAGE;
    }
  if (!(store = open_store (o->db)))
    return 1;
  ids = contacts ? crm_store_search_contact_ids (store, NULL, &error)
                 : crm_store_search_meeting_ids (store, NULL, NULL, NULL, &error);
  /* In blocks, so a million contacts never sit in memory at once. */
  for (guint i = 0; ids && i < ids->len; i += 256)
    {
      guint n = MIN (256, ids->len - i);
      g_autoptr(GPtrArray) records = contacts
        ? crm_store_get_contacts (store, &g_array_index (ids, gint64, i), n, &error)
        : crm_store_get_meetings (store, &g_array_index (ids, gint64, i), n, &error);

      for (guint j = 0; records && j < records->len; j++)
        append_record_json (g_ptr_array_index (records, j), out);
      fwrite (out->str, 1, out->len, stdout);
      g_string_truncate (out, 0);
      if (!records)
        break;
    }
  if (error)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static int
run_with_store (const char *db,
                const char *path,
                int       (*func) (CrmStore *, const char *))
{
  g_autoptr(CrmStore) store = open_store (db);

  return store ? func (store, path) : 1;
}

static int
count_actions (const CrmCliOptions *o)
{
  return (o->command != NULL) + (o->parse != NULL) + (o->parse_time != NULL) +
         (o->list != NULL) + (o->import != NULL) + (o->export != NULL);
}

int
crm_cli_main (int    argc,
              char **argv)
{
  g_auto(CrmCliOptions) o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o.db, "Database file to use", "PATH" },
    { "now", 0, 0, G_OPTION_ARG_FILENAME, &o.now, "Reference time for relative dates", "YYYY-MM-DDTHH:MM:SS" },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &o.offline, "Never contact the language model service", NULL },
    { "command", 0, 0, G_OPTION_ARG_FILENAME, &o.command, "Carry out one plain-English command", "TEXT" },
    { "parse", 0, 0, G_OPTION_ARG_FILENAME, &o.parse, "Print what TEXT means as JSON (- reads lines from stdin)", "TEXT" },
    { "parse-time", 0, 0, G_OPTION_ARG_FILENAME, &o.parse_time, "Print a time expression as JSON (- for stdin)", "TEXT" },
    { "list", 0, 0, G_OPTION_ARG_FILENAME, &o.list, "Print stored contacts or meetings as JSON lines", "contacts|meetings" },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &o.import, "Import a vCard or iCalendar file", "FILE" },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &o.export, "Export to a vCard or iCalendar file", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a CRM you talk to");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }
  if (count_actions (&o) == 0)
    return -1;
  if (count_actions (&o) > 1)
    {
      g_printerr ("Give one of --command, --parse, --parse-time, --list, --import, --export.\n");
      return EXIT_USAGE;
    }
  if ((now = parse_now (o.now, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_USAGE;
    }

  if (o.parse_time)
    return run_text_or_stdin (o.parse_time, parse_time_line_func, NULL, now);
  if (o.parse)
    {
      g_autoptr(CrmUnderstanding) understanding = crm_understanding_new (o.offline);
      return run_text_or_stdin (o.parse, parse_line_func, understanding, now);
    }
  if (o.command)
    return run_command (&o, now);
  if (o.list)
    return run_list (&o);
  if (o.import)
    return run_with_store (o.db, o.import, crm_pim_cli_import);
  return run_with_store (o.db, o.export, crm_pim_cli_export);
}
