/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "smart-crm"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-application.h"
#include "crm-cli.h"

/* Whether the schema is installed somewhere GSettings looks. Built from
 * fresh sources, so the default source (cached once made) is not created
 * before GSETTINGS_SCHEMA_DIR may still be set. */
static gboolean
schema_installed (void)
{
  const char * const *dirs = g_get_system_data_dirs ();
  const char *env = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  if (env)
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (guint i = 0; parts[i]; i++)
        g_ptr_array_add (candidates, g_strdup (parts[i]));
    }
  g_ptr_array_add (candidates, g_build_filename (g_get_user_data_dir (), "glib-2.0", "schemas", NULL));
  for (guint i = 0; dirs[i]; i++)
    g_ptr_array_add (candidates, g_build_filename (dirs[i], "glib-2.0", "schemas", NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      g_autoptr(GSettingsSchemaSource) source = NULL;
      g_autoptr(GSettingsSchema) schema = NULL;

      source = g_settings_schema_source_new_from_directory (g_ptr_array_index (candidates, i),
                                                            NULL, FALSE, NULL);
      if (source && (schema = g_settings_schema_source_lookup (source, APP_ID, FALSE)))
        return TRUE;
    }
  return FALSE;
}

/* Whether OpenGL here would be Mesa's software rasteriser: no GPU render
 * node to drive, or software forced. */
static gboolean
gl_is_software (void)
{
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (g_getenv ("LIBGL_ALWAYS_SOFTWARE"))
    return TRUE;
  while (dri && (name = g_dir_read_name (dri)))
    if (g_str_has_prefix (name, "renderD"))
      return FALSE;
  return TRUE;
}

/* GTK 4.8's GL renderer redraws the whole window every frame; in software
 * that made typing a search cost five to six times the CPU of its cairo
 * renderer, which redraws only what changed (README, "Rendering without a
 * GPU"). With cairo, nothing needs OpenGL, and GDK would still load Mesa
 * and set up a context at start-up: gl-disable skips that. GSK_RENDERER,
 * when set, still decides. */
static void
choose_renderer (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *with_gl_disabled = NULL;

  if (g_getenv ("GSK_RENDERER") || !gl_is_software ())
    return;
  with_gl_disabled = debug && *debug ? g_strconcat (debug, ":gl-disable", NULL) : g_strdup ("gl-disable");
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", with_gl_disabled, TRUE);
}

/* The window's share of the command-line options; crm_cli_main has already
 * refused anything malformed. */
static int
run_window (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *now = NULL;
  gboolean offline = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, NULL, NULL },
    { "now", 0, 0, G_OPTION_ARG_FILENAME, &now, NULL, NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CrmApplication) app = NULL;
  char *app_argv[] = { argv[0], NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, NULL))
    return 2;

  if (!schema_installed ())
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_DATADIR, TRUE);
  choose_renderer ();

  app = crm_application_new (db, now, offline);
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) owned_argv = NULL;
  g_autofree char **cli_argv = NULL;
  int status;

  /* Run from the build tree (no schema installed anywhere), the catalogs
   * are the ones po/ built there, not the install prefix's. */
  crm_application_setup_i18n (!schema_installed ());

  /* Command-line modes never touch GTK. The option parser rearranges the
   * array it is given, so it gets a copy. */
  owned_argv = g_strdupv (argv);
  /* The parser drops the options it reads from the array without freeing
   * them: it rearranges a shallow copy, the deep one is freed whole. */
  cli_argv = g_memdup2 (owned_argv, sizeof (char *) * (argc + 1));
  status = crm_cli_main (argc, cli_argv);
  if (status >= 0)
    return status;
  return run_window (argc, argv);
}
