/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crm-cli.h"
#include "crm-json.h"
#include "crm-parser.h"
#include "crm-time-parser.h"

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

static void
run_parse_line (CrmParser  *parser,
                const char *text,
                GDateTime  *now,
                GString    *out)
{
  g_autoptr(CrmCommand) command = crm_parser_parse (parser, text, now);

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
      g_autoptr(CrmParser) parser = crm_parser_new ();
      return run_text_or_stdin (o.parse, parse_line_func, parser, now);
    }

  g_printerr ("Not implemented yet.\n");
  return EXIT_USAGE;
}
