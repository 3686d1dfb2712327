/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "crm-application.h"
#include "crm-preferences.h"
#include "crm-resources.h"
#include "crm-window.h"

struct _CrmApplication
{
  AdwApplication parent_instance;

  char *db;
  GDateTime *now;
  gboolean offline;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (CrmApplication, crm_application, ADW_TYPE_APPLICATION)

static GDateTime *
parse_now (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  int y, mo, d, h, mi, s;

  if (text == NULL || sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;
  return g_date_time_new (tz, y, mo, d, h, mi, s);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing runs each window's close handler (saving its state). */
  for (GList *l = windows; l; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
  g_application_quit (app);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (user_data);
  CrmPreferences *prefs = crm_preferences_new (parent, crm_application_get_settings (user_data));

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  const char *developers[] = { "The Smart CRM developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (user_data);

  adw_show_about_window (parent,
                         "application-name", _("Smart CRM"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Manage contacts and meetings by typing plain English."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/example/smart-crm",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

static void
crm_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  /* What GtkApplication sets for gtk/help-overlay.ui; the overlay is not
   * there, so that it is built when asked for (crm-window.c). */
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (crm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
}

static void
crm_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (crm_window_new (CRM_APPLICATION (app)));
  gtk_window_present (window);
}

static void
crm_application_finalize (GObject *object)
{
  CrmApplication *self = CRM_APPLICATION (object);

  g_clear_pointer (&self->db, g_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (crm_application_parent_class)->finalize (object);
}

static void
crm_application_class_init (CrmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = crm_application_finalize;
  app_class->startup = crm_application_startup;
  app_class->activate = crm_application_activate;

  /* A static library drops an unreferenced object file, and with it the
   * constructor that registers our resources. */
  (void) crm_get_resource ();
}

static void
crm_application_init (CrmApplication *self)
{
}

CrmApplication *
crm_application_new (const char *db,
                     const char *now,
                     gboolean    offline)
{
  CrmApplication *self;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* Another database is another program as far as the user is concerned. */
  if (db != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;
  self = g_object_new (CRM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", "/com/example/SmartCRM",
                       NULL);
  self->db = g_strdup (db);
  self->now = parse_now (now);
  self->offline = offline;
  if (source && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    self->settings = g_settings_new (APP_ID);
  return self;
}

const char *
crm_application_get_db (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);
  return self->db;
}

GDateTime *
crm_application_dup_now (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);
  return self->now ? g_date_time_ref (self->now) : g_date_time_new_now_local ();
}

GDateTime *
crm_application_get_fixed_now (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);
  return self->now;
}

gboolean
crm_application_get_offline (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), FALSE);
  return self->offline;
}

GSettings *
crm_application_get_settings (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);
  return self->settings;
}

void
crm_application_setup_i18n (gboolean uninstalled)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, uninstalled ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
