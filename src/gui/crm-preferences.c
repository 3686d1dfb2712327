/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "crm-preferences.h"

struct _CrmPreferences
{
  AdwPreferencesWindow parent_instance;

  AdwPasswordEntryRow *key_row;
  AdwActionRow *key_status_row;
  GtkButton *forget_button;
  AdwComboRow *mode_row;
  AdwEntryRow *model_row;

  GSettings *settings;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CrmPreferences, crm_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* The same item the language model code looks up (src/llm/crm-secret.c). */
static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    "com.example.SmartCRM.GeminiApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
show_key_state (CrmPreferences *self,
                gboolean        stored,
                const char     *error)
{
  const char *text = error ? error
                     : stored ? _("A key is stored in the keyring")
                              : _("No key stored: commands are understood offline");

  adw_action_row_set_subtitle (self->key_status_row, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), stored);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Only whether there is one: the key itself is never shown back. */
  show_key_state (self, key != NULL, error ? _("The keyring is not available") : NULL);
  secret_password_free (key);
}

/* The window's understanding asks the keyring again, for its indicator. */
static void
key_changed (CrmPreferences *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.reload-key", NULL);
}

static void
check_key (CrmPreferences *self)
{
  secret_password_lookup (key_schema (), self->cancellable, lookup_cb, g_object_ref (self),
                          "service", "gemini", NULL);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_key_state (self, FALSE, error->message);
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Key stored in the keyring")));
  key_changed (self);
  check_key (self);
}

static void
key_apply_cb (CrmPreferences *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  /* The field is cleared at once, so the key is not on screen any more. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  if (key[0] == '\0')
    return;
  secret_password_store (key_schema (), SECRET_COLLECTION_DEFAULT, _("Smart CRM: Gemini API key"), key,
                         self->cancellable, stored_cb, g_object_ref (self), "service", "gemini", NULL);
  memset (key, 0, strlen (key));
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CrmPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  key_changed (self);
  check_key (self);
}

static void
forget_clicked_cb (CrmPreferences *self)
{
  secret_password_clear (key_schema (), self->cancellable, cleared_cb, g_object_ref (self),
                         "service", "gemini", NULL);
}

static void
mode_changed_cb (CrmPreferences *self)
{
  if (self->settings)
    g_settings_set_enum (self->settings, "gemini-mode", adw_combo_row_get_selected (self->mode_row));
}

static void
model_apply_cb (CrmPreferences *self)
{
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));

  if (self->settings == NULL)
    return;
  if (model[0] == '\0')
    g_settings_reset (self->settings, "gemini-model");
  else
    g_settings_set_string (self->settings, "gemini-model", model);
}

static void
crm_preferences_dispose (GObject *object)
{
  CrmPreferences *self = CRM_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (crm_preferences_parent_class)->dispose (object);
}

static void
crm_preferences_class_init (CrmPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_preferences_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmPreferences, key_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferences, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferences, forget_button);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferences, mode_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferences, model_row);
  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_apply_cb);
}

static void
crm_preferences_init (CrmPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

CrmPreferences *
crm_preferences_new (GtkWindow *parent,
                     GSettings *settings)
{
  CrmPreferences *self = g_object_new (CRM_TYPE_PREFERENCES, "transient-for", parent, NULL);

  if (settings)
    {
      g_autofree char *model = g_settings_get_string (settings, "gemini-model");

      self->settings = g_object_ref (settings);
      adw_combo_row_set_selected (self->mode_row, g_settings_get_enum (settings, "gemini-mode"));
      gtk_editable_set_text (GTK_EDITABLE (self->model_row), model);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), FALSE);
    }
  check_key (self);
  return self;
}
