/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-edit.h"
#include "crm-exporter.h"
#include "crm-importer.h"
#include "crm-window-private.h"

void
crm_window_update_undo_state (CrmWindow *self)
{
  gboolean undo = self->history && crm_history_can_undo (self->history);
  gboolean redo = self->history && crm_history_can_redo (self->history);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", redo);
}

/* A step this big takes seconds (an import's): it says so while it runs. */
#define STEP_RECORDS_SHOWN_RUNNING 1000

typedef struct
{
  CrmWindow *self;
  gboolean undo;
  gboolean running_shown;
} Step;

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autofree Step *step = data;
  g_autoptr(CrmWindow) self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmChange) change = crm_history_step_finish (CRM_HISTORY (source), result, &error);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (step->running_shown)
    crm_command_bar_set_activity (crm_window_get_command_bar (self), NULL);
  if (change == NULL)
    {
      crm_window_show_error (self, error ? error->message : _("That could not be undone."));
      return;
    }
  title = g_strdup_printf (step->undo ? _("Undone: %s") : _("Redone: %s"), crm_change_get_label (change));
  toast = adw_toast_new (title);
  g_free (title);
  title = g_markup_escape_text (adw_toast_get_title (toast), -1);
  adw_toast_set_title (toast, title);
  /* A big import's undo cannot be redone (crm_change_add_new_range). */
  if (!step->undo || crm_change_can_redo (change))
    {
      adw_toast_set_button_label (toast, step->undo ? _("_Redo") : _("_Undo"));
      adw_toast_set_action_name (toast, step->undo ? "win.redo" : "win.undo");
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  crm_window_show_step_toast (self, toast);
}

/* "Undoing “Import contacts.vcf”…" on the message line, with the spinner,
 * until it is done; nothing for a step that ends before anyone would
 * wonder. Returns whether it is shown. */
static gboolean
show_running (CrmWindow *self,
              CrmChange *change,
              gboolean   undo)
{
  g_autofree char *text = NULL;

  if (change == NULL || crm_change_get_n_records (change) < STEP_RECORDS_SHOWN_RUNNING)
    return FALSE;
  text = g_strdup_printf (undo ? _("Undoing “%s”…") : _("Redoing “%s”…"), crm_change_get_label (change));
  crm_command_bar_set_activity (crm_window_get_command_bar (self), text);
  return TRUE;
}

/* In a worker thread: an import's undo moves thousands of records, and the
 * window stays live meanwhile (undo and redo are off until it is done). */
static void
undo_or_redo (CrmWindow *self,
              gboolean   undo)
{
  Step *step;

  if (self->history == NULL)
    return;
  if (undo ? !crm_history_can_undo (self->history) : !crm_history_can_redo (self->history))
    {
      crm_window_show_error (self, undo ? _("Nothing to undo.") : _("Nothing to redo."));
      return;
    }
  crm_window_retire_step_toast (self);
  step = g_new0 (Step, 1);
  step->self = g_object_ref (self);
  step->undo = undo;
  step->running_shown = show_running (self, crm_history_peek (self->history, undo), undo);
  (undo ? crm_history_undo_async : crm_history_redo_async) (self->history, step_done_cb, step);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  undo_or_redo (CRM_WINDOW (widget), TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  undo_or_redo (CRM_WINDOW (widget), FALSE);
}

/* Ctrl+Z belongs to the text while a field holds text being edited; to the
 * data otherwise (an empty command bar, a list, the calendar). */
static gboolean
editing_text (CrmWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return GTK_IS_EDITABLE (focus) && gtk_editable_get_text (GTK_EDITABLE (focus))[0] != '\0';
}

static gboolean
undo_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (editing_text (self))
    return FALSE;
  undo_or_redo (self, GPOINTER_TO_INT (user_data));
  return TRUE;
}

static void
view_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  crm_window_set_view (CRM_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
focus_command_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  crm_command_bar_focus (CRM_WINDOW (widget)->command_bar);
}

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (g_strcmp0 (crm_window_get_view (self), "calendar") == 0)
    crm_calendar_view_focus_search (crm_window_get_calendar_view (self));
  else
    crm_contacts_view_focus_search (self->contacts_view);
}

static void
help_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  AdwMessageDialog *dialog;
  GtkWidget *label;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (widget), _("What Can I Type?"), NULL));
  label = gtk_label_new (crm_executor_help_text ());
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_meeting_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  CrmWindow *self = CRM_WINDOW (widget);

  crm_window_set_view (self, "calendar");
  crm_calendar_view_select (crm_window_get_calendar_view (self), g_variant_get_int64 (param));
}

static void
show_contact_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  CrmWindow *self = CRM_WINDOW (widget);

  crm_window_set_view (self, "contacts");
  crm_contacts_view_select (self->contacts_view, g_variant_get_int64 (param));
}

static void
add_contact_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  const char *who = g_variant_get_string (param, NULL);
  g_autofree char *text = g_strdup_printf ("Add contact %s", who);
  g_autoptr(CrmCommand) command = crm_command_new (text);

  crm_command_set_intent (command, CRM_INTENT_ADD_CONTACT);
  crm_command_set_field (command, CRM_FIELD_NAME, who);
  crm_window_execute (CRM_WINDOW (widget), command, 0);
}

/* ---- import and export ---- */

typedef struct
{
  CrmWindow *self;
  GtkProgressBar *bar;
  AdwMessageDialog *dialog;
  CrmChange *change;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->self);
  g_clear_object (&import->change);
  g_free (import);
}

#define PULSE_INTERVAL_US (100 * 1000)

static gboolean
pulse_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  gint64 *last = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (now - *last >= PULSE_INTERVAL_US)
    {
      gtk_progress_bar_pulse (GTK_PROGRESS_BAR (widget));
      *last = now;
    }
  return G_SOURCE_CONTINUE;
}

/* A big file's last seconds go to sorting and indexing, which have no
 * measure: the bar says so and keeps moving rather than sit at 100 %. */
static void
show_indexing (GtkProgressBar *bar)
{
  if (gtk_progress_bar_get_show_text (bar))
    return;
  gtk_progress_bar_set_text (bar, _("Sorting and indexing…"));
  gtk_progress_bar_set_show_text (bar, TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (bar), pulse_tick_cb, g_new0 (gint64, 1), g_free);
}

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  GtkProgressBar *bar = user_data;

  if (total > 0 && done >= total)
    show_indexing (bar);
  else if (total > 0)
    gtk_progress_bar_set_fraction (bar, (double) done / (double) total);
  else
    gtk_progress_bar_pulse (bar);
}

/* What an import could not read, or read only in part, line by line, so
 * that the file can be mended and imported again (importing it again
 * updates what it brought rather than doubling it). The first hundred
 * lines; the command line's --import prints them all. */
#define ISSUES_SHOWN 100

/* Up to this many issues show as they are; more scroll in a fixed height
 * (a scrolled window that takes a wrapped label's natural height was
 * given a line too few). */
#define ISSUES_UNSCROLLED 8

static void
show_import_issues (CrmWindow       *self,
                    CrmImportResult *imported,
                    const char      *summary)
{
  g_autofree char *issues = g_strchomp (crm_import_result_dup_issues (imported, ISSUES_SHOWN));
  guint n_issues = crm_import_result_get_skipped (imported)->len + crm_import_result_get_warnings (imported)->len;
  gboolean skipped = crm_import_result_get_skipped (imported)->len > 0;
  AdwMessageDialog *dialog;
  GtkWidget *label;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       skipped ? _("Some Entries Were Skipped")
                                                               : _("Imported With Warnings"),
                                                       summary));
  label = gtk_label_new (issues);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  if (n_issues > ISSUES_UNSCROLLED)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      adw_message_dialog_set_extra_child (dialog, scrolled);
    }
  else
    adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  /* Closed, back to typing. */
  g_signal_connect_object (dialog, "response", G_CALLBACK (crm_command_bar_focus), self->command_bar,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Import *import = user_data;
  CrmWindow *self = import->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImportResult) imported = crm_importer_import_finish (CRM_IMPORTER (source), result, &error);
  g_autofree char *summary = NULL;

  gtk_window_destroy (GTK_WINDOW (import->dialog));
  /* Back to typing, not to the menu button the import was chosen from. */
  crm_command_bar_focus (self->command_bar);
  g_clear_object (&self->transfer);
  if (imported == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        crm_window_show_error (self, _("Import cancelled; nothing was changed."));
      else
        crm_window_show_error (self, error->message);
      import_free (import);
      return;
    }
  summary = crm_import_result_dup_message (imported);
  if (crm_change_get_n_records (import->change) > 0)
    crm_window_record_change (self, import->change, summary);
  else
    crm_window_show_error (self, summary);
  if (crm_import_result_get_skipped (imported)->len > 0 || crm_import_result_get_warnings (imported)->len > 0)
    show_import_issues (self, imported, summary);
  import_free (import);
}

static void
import_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CrmWindow        *self)
{
  if (self->transfer)
    g_cancellable_cancel (self->transfer);
}

void
crm_window_import_file (CrmWindow *self,
                        GFile     *file)
{
  g_autoptr(CrmImporter) importer = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *label = g_strdup_printf (_("Import %s"), name);
  g_autofree char *heading = g_strdup_printf (_("Importing %s…"), name);
  Import *import;
  GtkWidget *bar;

  g_return_if_fail (CRM_IS_WINDOW (self) && self->store != NULL);
  /* Only a dropped file can come while one is imported (the progress
   * dialog is modal). */
  if (self->transfer)
    {
      crm_window_show_error (self, _("Another file is being imported; try again once it has finished."));
      return;
    }
  importer = crm_importer_new (self->store);
  import = g_new0 (Import, 1);
  bar = gtk_progress_bar_new ();
  import->self = g_object_ref (self);
  import->change = crm_change_new (label);
  import->bar = GTK_PROGRESS_BAR (bar);
  import->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import progress"), -1);
  adw_message_dialog_set_extra_child (import->dialog, bar);
  adw_message_dialog_add_response (import->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (import->dialog, "cancel");
  g_signal_connect_object (import->dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (import->dialog));

  g_clear_object (&self->transfer);
  self->transfer = g_cancellable_new ();
  crm_importer_import_async (importer, file, import->change, self->transfer,
                             import_progress_cb, g_object_ref (bar), g_object_unref,
                             import_done_cb, import);
}

/* A file dropped on the window is imported as Import… would import it;
 * the importer says if it is neither vCard nor iCalendar. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CrmWindow     *self)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  gboolean taken = FALSE;

  if (self->store && files && files->next == NULL)
    {
      crm_window_import_file (self, files->data);
      taken = TRUE;
    }
  else if (self->store)
    crm_window_show_error (self, _("Drop one file at a time to import it."));
  g_slist_free (files);
  return taken;
}

void
crm_window_accept_dropped_files (CrmWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static GtkFileFilter *
pim_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Contacts and calendars (vCard, iCalendar)"));
  gtk_file_filter_add_pattern (filter, "*.vcf");
  gtk_file_filter_add_pattern (filter, "*.vcard");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_filter_add_mime_type (filter, "text/vcard");
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  return filter;
}

static void
import_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  CrmWindow       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file && self->store)
    crm_window_import_file (self, file);
  else
    crm_command_bar_focus (self->command_bar);
}

static void
import_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = pim_filter ();

  chooser = gtk_file_chooser_native_new (_("Import Contacts or Meetings"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!crm_exporter_export_finish (CRM_EXPORTER (source), result, &n, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window went */
  crm_command_bar_set_activity (self->command_bar, NULL);
  if (error)
    {
      crm_window_show_error (self, error->message);
      return;
    }
  message = g_strdup_printf (ngettext ("Exported %'u record.", "Exported %'u records.", n), n);
  crm_window_show_error (self, message);
}

/* A million contacts take seconds: the command bar says what runs, as for
 * a big undo, and the window stays in use meanwhile. */
void
crm_window_export_file (CrmWindow *self,
                        GFile     *file)
{
  g_autoptr(CrmExporter) exporter = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *activity = NULL;

  g_return_if_fail (CRM_IS_WINDOW (self) && self->store != NULL);
  activity = g_strdup_printf (_("Exporting to %s…"), name);
  crm_command_bar_set_activity (self->command_bar, activity);
  exporter = crm_exporter_new (self->store);
  crm_exporter_export_async (exporter, file, self->cancellable, export_done_cb, g_object_ref (self));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  CrmWindow       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  crm_command_bar_focus (self->command_bar);
  if (file && self->store)
    crm_window_export_file (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  CrmWindow *self = CRM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = pim_filter ();
  gboolean calendar = g_strcmp0 (crm_window_get_view (self), "calendar") == 0;

  chooser = gtk_file_chooser_native_new (calendar ? _("Export Meetings (.ics)") : _("Export Contacts (.vcf)"),
                                         GTK_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), calendar ? "meetings.ics" : "contacts.vcf");
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reload_key_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->understanding)
    crm_understanding_reload_key (self->understanding);
}

void
crm_window_actions_init (CrmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.focus-command", NULL, focus_command_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "win.show-meeting", "x", show_meeting_action);
  gtk_widget_class_install_action (widget_class, "win.show-contact", "x", show_contact_action);
  gtk_widget_class_install_action (widget_class, "win.add-contact", "s", add_contact_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.reload-key", NULL, reload_key_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s", "contacts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s", "calendar");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-command", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);
}

/* Installed per instance: the class shortcuts run after the focused text
 * field has had the key, and Ctrl+Z must be decided before. */
void
crm_window_install_undo_shortcuts (CrmWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut;

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                               gtk_callback_action_new (undo_shortcut_cb, GINT_TO_POINTER (TRUE), NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                               gtk_callback_action_new (undo_shortcut_cb, GINT_TO_POINTER (FALSE), NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                               gtk_callback_action_new (undo_shortcut_cb, GINT_TO_POINTER (FALSE), NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
