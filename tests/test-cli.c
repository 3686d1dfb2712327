/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line as a person (or a script) uses it: a real process, a
 * clean environment with LANG unset, a time zone with daylight saving. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "crm-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *out;
  char *err;
  int status;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = crm_test_make_dir ();
  f->db = g_build_filename (f->dir, "crm.sqlite3", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  crm_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Runs smart-crm with ARGS (NULL-terminated) in an empty environment but
 * for TZ, XDG_DATA_HOME and the given LANG (NULL: unset). */
static void
run_full (Fixture            *f,
          const char         *lang,
          const char         *input,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *env[] = { NULL };
  const char *passed_through[] = { "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS" };

  g_subprocess_launcher_set_environ (launcher, (char **) env);
  g_subprocess_launcher_setenv (launcher, "TZ", "America/New_York", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "SMART_CRM_NO_KEYRING", "1", TRUE);
  if (lang)
    g_subprocess_launcher_setenv (launcher, "LANG", lang, TRUE);
  /* The sanitizer build's settings, so the child behaves as the suite does. */
  for (guint i = 0; i < G_N_ELEMENTS (passed_through); i++)
    if (g_getenv (passed_through[i]))
      g_subprocess_launcher_setenv (launcher, passed_through[i], g_getenv (passed_through[i]), TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("SMART_CRM_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_exit_status (proc);
}

#define RUN(f, ...) run_full ((f), "C.UTF-8", NULL, (const char *[]) { __VA_ARGS__, NULL })
#define RUN_NO_LANG(f, ...) run_full ((f), NULL, NULL, (const char *[]) { __VA_ARGS__, NULL })

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_add_then_list (Fixture       *f,
                    gconstpointer  data)
{
  RUN (f, "--db", f->db, "--command", "Add contact Maria Lopez, maria.lopez@acme.com, 555-0101");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "Added Maria Lopez (maria.lopez@acme.com, 555-0101).\n");
  g_assert_cmpstr (f->err, ==, "");

  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (count_lines (f->out), ==, 1);
  g_assert_nonnull (strstr (f->out, "\"name\": \"Maria Lopez\""));
  g_assert_nonnull (strstr (f->out, "\"email\": \"maria.lopez@acme.com\""));
  g_assert_nonnull (strstr (f->out, "\"phones\": [\"555-0101\"]"));
  g_assert_null (strstr (f->out, "\"company\""));

  /* The same email again: refused, exit 1, nothing written. */
  RUN (f, "--db", f->db, "--command", "Add contact Other Person, maria.lopez@acme.com");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_nonnull (strstr (f->err, "Maria Lopez"));
  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpuint (count_lines (f->out), ==, 1);
}

static void
test_schedule_sentence (Fixture       *f,
                        gconstpointer  data)
{
  RUN (f, "--db", f->db, "--now", "2025-05-21T10:00:00", "--command",
       "Schedule a meeting with Joan Aleric for next Wednesday at 3pm about the new proposal");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==,
                   "Scheduled 'Meeting with Joan Aleric about the new proposal' for Wed, May 28 at "
                   "3:00 PM with Joan Aleric.\n");

  /* Stored as an instant: listed back in local time (EDT here). */
  RUN (f, "--db", f->db, "--list", "meetings");
  g_assert_nonnull (strstr (f->out, "\"start\": \"2025-05-28T15:00:00\""));
  g_assert_nonnull (strstr (f->out, "\"end\": \"2025-05-28T16:00:00\""));
  g_assert_nonnull (strstr (f->out, "\"attendees\": [\"Joan Aleric\"]"));
}

static void
test_nothing_written_on_failure (Fixture       *f,
                                 gconstpointer  data)
{
  RUN (f, "--db", f->db, "--command", "the weather is nice");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_cmpstr (f->err, !=, "");

  RUN (f, "--db", f->db, "--now", "2025-05-21T10:00:00", "--command", "Schedule a meeting with Joan");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "When? Add a time, like 'at 3pm'."));

  RUN (f, "--db", f->db, "--command", "Delete contact Nobody Here");
  g_assert_cmpint (f->status, ==, 1);

  RUN (f, "--db", f->db, "--list", "meetings");
  g_assert_cmpstr (f->out, ==, "");
  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpstr (f->out, ==, "");
}

static void
test_two_contacts_one_name (Fixture       *f,
                            gconstpointer  data)
{
  RUN (f, "--db", f->db, "--command", "Add contact Joan Smith, joan1@example.com");
  g_assert_cmpint (f->status, ==, 0);
  RUN (f, "--db", f->db, "--command", "Add contact Joan Smith, joan2@example.com");
  g_assert_cmpint (f->status, ==, 0);
  RUN (f, "--db", f->db, "--command", "Delete contact Joan Smith");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "joan1@example.com"));
  g_assert_nonnull (strstr (f->err, "joan2@example.com"));
  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpuint (count_lines (f->out), ==, 2);
}

static void
test_utf8_without_lang (Fixture       *f,
                        gconstpointer  data)
{
  RUN_NO_LANG (f, "--db", f->db, "--command", "Add contact José Núñez, jose@example.es");
  g_assert_cmpint (f->status, ==, 0);
  RUN_NO_LANG (f, "--db", f->db, "--list", "contacts");
  g_assert_nonnull (strstr (f->out, "\"name\": \"José Núñez\""));
  RUN_NO_LANG (f, "--parse", "Lunch at Café Rouge");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_utf8_validate (f->out, -1, NULL));
}

static void
test_parse_modes (Fixture       *f,
                  gconstpointer  data)
{
  const char *input = "hello there\n\xff\xfe broken\n\nSchedule a call with Sam tomorrow at 3pm\n";

  RUN (f, "--parse", "what is the meaning of life");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "{\"intent\": \"unknown\""));

  run_full (f, "C.UTF-8", input, (const char *[]) { "--now", "2025-05-21T10:00:00", "--parse", "-", NULL });
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (count_lines (f->out), ==, 4);
  g_assert_true (g_utf8_validate (f->out, -1, NULL));

  run_full (f, "C.UTF-8", "3pm\nnonsense words\n", (const char *[]) { "--parse-time", "-", NULL });
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (count_lines (f->out), ==, 2);
  g_assert_nonnull (strstr (f->out, "{\"text\": \"nonsense words\", \"start\": null}"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  RUN (f, "--parse", "x", "--list", "contacts");
  g_assert_cmpint (f->status, ==, 2);
  RUN (f, "--now", "tomorrow", "--parse", "x");
  g_assert_cmpint (f->status, ==, 2);
  RUN (f, "--db", f->db, "--list", "everything");
  g_assert_cmpint (f->status, ==, 2);
  RUN (f, "--no-such-option");
  g_assert_cmpint (f->status, ==, 2);
}

static void
test_default_database_location (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "smart-crm", NULL);
  g_autofree char *path = g_build_filename (dir, "crm.sqlite3", NULL);
  GStatBuf st;

  RUN (f, "--command", "Add contact Default Place");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_newer_database_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = 42;");

  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpint (f->status, ==, 0);
  {
    g_autoptr(GSubprocess) p = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "sqlite3", f->db, sql, NULL);
    if (p == NULL || !g_subprocess_wait_check (p, NULL, NULL))
      {
        g_test_skip ("sqlite3 shell not available");
        return;
      }
  }
  RUN (f, "--db", f->db, "--list", "contacts");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "newer version"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SMART_CRM_BIN"));
#define ADD(name, func) g_test_add ("/cli/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-then-list", test_add_then_list);
  ADD ("schedule-sentence", test_schedule_sentence);
  ADD ("nothing-written", test_nothing_written_on_failure);
  ADD ("two-contacts-one-name", test_two_contacts_one_name);
  ADD ("utf8-without-lang", test_utf8_without_lang);
  ADD ("parse-modes", test_parse_modes);
  ADD ("usage-errors", test_usage_errors);
  ADD ("default-database", test_default_database_location);
  ADD ("newer-database", test_newer_database_refused);
#undef ADD
  return g_test_run ();
}
