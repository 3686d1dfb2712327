/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-candidates-dialog.h"
#include "crm-window-private.h"

G_DEFINE_FINAL_TYPE (CrmWindow, crm_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- showing outcomes ---- */

static AdwToast *
toast_new (const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message ? message : "", -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  return toast;
}

/* Meeting attendees who are only a name get a toast offering a contact. */
static void
offer_contacts (CrmWindow  *self,
                CrmMeeting *meeting)
{
  GArray *attendees = crm_meeting_get_attendees (meeting);

  for (guint i = 0; attendees && i < attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (attendees, CrmAttendee, i);
      g_autofree char *title = NULL;
      AdwToast *toast;

      if (a->contact_id != 0 || a->name == NULL)
        continue;
      title = g_strdup_printf (_("%s is not a contact yet."), a->name);
      toast = toast_new (title);
      adw_toast_set_button_label (toast, _("_Add Contact"));
      adw_toast_set_action_name (toast, "win.add-contact");
      adw_toast_set_action_target_value (toast, g_variant_new_string (a->name));
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
focus_record (CrmWindow *self,
              GObject   *record)
{
  if (CRM_IS_CONTACT (record))
    {
      crm_window_set_view (self, "contacts");
      crm_contacts_view_select (self->contacts_view, crm_contact_get_id (CRM_CONTACT (record)));
    }
  else if (CRM_IS_MEETING (record))
    {
      crm_window_set_view (self, "calendar");
      crm_calendar_view_select (crm_window_get_calendar_view (self), crm_meeting_get_id (CRM_MEETING (record)));
    }
}

static void
show_help (CrmWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.help", NULL);
}

static void
candidate_chosen_cb (CrmCandidatesDialog *dialog,
                     gint64               id,
                     CrmWindow           *self)
{
  CrmCommand *command = crm_candidates_dialog_get_command (dialog);

  if (id > 0)
    crm_command_bar_submit_choice (self->command_bar, command, id);
  else
    crm_command_bar_show_message (self->command_bar, _("Nothing was changed."), FALSE);
}

static void
ask_which (CrmWindow  *self,
           CrmOutcome *outcome)
{
  CrmCandidatesDialog *dialog;

  dialog = crm_candidates_dialog_new (GTK_WINDOW (self), crm_outcome_get_command (outcome),
                                      crm_outcome_get_message (outcome),
                                      crm_outcome_get_records (outcome));
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (candidate_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_done (CrmWindow  *self,
           CrmOutcome *outcome)
{
  CrmCommand *command = crm_outcome_get_command (outcome);
  CrmIntent intent = command ? crm_command_get_intent (command) : CRM_INTENT_UNKNOWN;
  CrmChange *change = crm_outcome_get_change (outcome);
  GObject *focus = crm_outcome_get_focus (outcome);

  if (intent == CRM_INTENT_HELP)
    {
      show_help (self);
      return;
    }
  if (change)
    crm_window_record_change (self, change, crm_outcome_get_message (outcome));
  else if (crm_outcome_get_message (outcome))
    adw_toast_overlay_add_toast (self->toast_overlay, toast_new (crm_outcome_get_message (outcome)));

  if (intent == CRM_INTENT_FIND_CONTACT)
    {
      crm_window_set_view (self, "contacts");
      crm_contacts_view_set_query (self->contacts_view, crm_command_get_field (command, CRM_FIELD_QUERY));
    }
  else if (intent == CRM_INTENT_FIND_MEETINGS)
    {
      crm_window_set_view (self, "calendar");
      crm_calendar_view_show_range (crm_window_get_calendar_view (self),
                                    crm_command_get_time (command, CRM_TIME_FROM),
                                    crm_command_get_time (command, CRM_TIME_TO),
                                    crm_command_get_field (command, CRM_FIELD_QUERY));
    }
  /* Several meetings found: the agenda lists them; opening the first one's
   * details would hide the others. */
  if (focus && !(intent == CRM_INTENT_FIND_MEETINGS && crm_outcome_get_records (outcome) &&
                 crm_outcome_get_records (outcome)->len > 1))
    focus_record (self, focus);
  if (CRM_IS_MEETING (focus) && change)
    offer_contacts (self, CRM_MEETING (focus));
}

static void
outcome_cb (CrmWindow     *self,
            CrmOutcome    *outcome,
            CrmCommandBar *bar)
{
  switch (crm_outcome_get_status (outcome))
    {
    case CRM_OUTCOME_DONE:
      show_done (self, outcome);
      break;
    case CRM_OUTCOME_AMBIGUOUS:
      ask_which (self, outcome);
      break;
    default:
      /* The bar shows the sentence and keeps the text to fix. */
      break;
    }
}

static void
preview_cb (CrmWindow     *self,
            CrmCommand    *command,
            CrmCommandBar *bar)
{
  CrmIntent intent = command ? crm_command_get_intent (command) : CRM_INTENT_UNKNOWN;

  /* Live filtering narrows the view being looked at; Enter switches. */
  if (intent == CRM_INTENT_FIND_CONTACT && crm_command_get_field (command, CRM_FIELD_QUERY) &&
      g_strcmp0 (crm_window_get_view (self), "contacts") == 0)
    crm_contacts_view_set_live_query (self->contacts_view, crm_command_get_field (command, CRM_FIELD_QUERY));
  else
    crm_contacts_view_set_live_query (self->contacts_view, NULL);
}

static void
view_changed_cb (CrmWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  /* Built before the page is drawn: the switch happens in this main loop
   * iteration, the frame comes later. */
  if (g_strcmp0 (name, "calendar") == 0)
    crm_window_get_calendar_view (self);

  if (self->settings && name)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-view");

      /* Restoring the view at start-up is no change: writing it would
       * start the settings service (dconf) beside the first frame. */
      if (g_strcmp0 (last, name) != 0)
        g_settings_set_string (self->settings, "last-view", name);
    }
}

/* ---- window state ---- */

static void
restore_state (CrmWindow *self)
{
  g_autofree char *view = NULL;

  if (self->settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  view = g_settings_get_string (self->settings, "last-view");
  crm_window_set_view (self, view);
}

static void
save_state (CrmWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
crm_window_close_request (GtkWindow *window)
{
  CrmWindow *self = CRM_WINDOW (window);

  save_state (self);
  g_cancellable_cancel (self->cancellable);
  if (self->transfer)
    g_cancellable_cancel (self->transfer);
  crm_command_bar_shutdown (self->command_bar);
  return GTK_WINDOW_CLASS (crm_window_parent_class)->close_request (window);
}

static void
crm_window_dispose (GObject *object)
{
  CrmWindow *self = CRM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  g_clear_weak_pointer (&self->step_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_WINDOW);
  self->calendar_view = NULL;   /* went with its page */
  G_OBJECT_CLASS (crm_window_parent_class)->dispose (object);
}

static void
crm_window_finalize (GObject *object)
{
  CrmWindow *self = CRM_WINDOW (object);

  g_clear_object (&self->history);
  g_clear_object (&self->understanding);
  g_clear_object (&self->executor);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->transfer);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  G_OBJECT_CLASS (crm_window_parent_class)->finalize (object);
}

static void
crm_window_class_init (CrmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_window_dispose;
  object_class->finalize = crm_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = crm_window_close_request;

  g_type_ensure (CRM_TYPE_CONTACTS_VIEW);
  g_type_ensure (CRM_TYPE_COMMAND_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, contacts_view);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, calendar_page);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, command_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  crm_window_actions_init (klass);
}

/* The shortcuts window is built the first time it is asked for: GtkApplication
 * would build it (gtk/help-overlay.ui) for every new window, before the first
 * frame. Once built, GTK's own show-help-overlay action takes this one's place. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  CrmWindow *self = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/com/example/SmartCRM/crm-shortcuts.ui");

  /* GTK adds its action only when the name is free. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-help-overlay");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  g_action_group_activate_action (G_ACTION_GROUP (self), "show-help-overlay", NULL);
}

/* A menu model makes the button build its popover menu at once; it is
 * given on the first click (or F10) instead, before the popover shows. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  CrmWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
crm_window_init (CrmWindow *self)
{
  g_autoptr(GSimpleAction) help_overlay = g_simple_action_new ("show-help-overlay", NULL);

  g_signal_connect (help_overlay, "activate", G_CALLBACK (show_help_overlay_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (help_overlay));
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);
  self->cancellable = g_cancellable_new ();
  crm_window_install_undo_shortcuts (self);
  crm_window_accept_dropped_files (self);
}

/* Everything that works on the store, once it is open. */
static void
set_up_with_store (CrmWindow      *self,
                   CrmApplication *app)
{
  self->executor = crm_executor_new (self->store);
  self->understanding = crm_understanding_new (crm_application_get_offline (app));
  /* So the Gemini indicator is right before the first command. */
  if (!crm_application_get_offline (app))
    crm_understanding_reload_key (self->understanding);
  self->history = crm_history_new (self->store);
  g_signal_connect_object (self->history, "notify::can-undo",
                           G_CALLBACK (crm_window_update_undo_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo",
                           G_CALLBACK (crm_window_update_undo_state), self, G_CONNECT_SWAPPED);
  crm_window_update_undo_state (self);

  crm_contacts_view_set_store (self->contacts_view, self->store);
  /* Built already when the last session ended on the calendar. */
  if (self->calendar_view)
    crm_calendar_view_set_store (self->calendar_view, self->store, self->fixed_now);
  crm_command_bar_setup (self->command_bar, self->understanding, self->executor, self->fixed_now);
  g_signal_connect_object (self->command_bar, "outcome", G_CALLBACK (outcome_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->command_bar, "preview", G_CALLBACK (preview_cb), self, G_CONNECT_SWAPPED);
  crm_command_bar_focus (self->command_bar);
}

static void open_when_free (CrmWindow      *self,
                            CrmApplication *app,
                            const char     *path);

static void wait_for_file  (CrmWindow      *self,
                            CrmApplication *app,
                            const char     *path);

/* The records could not be opened: a file another Smart CRM is writing
 * is waited for; anything else is said, with nothing to type into. */
static void
open_failed (CrmWindow      *self,
             CrmApplication *app,
             const char     *path,
             const GError   *error)
{
  if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_BUSY))
    {
      wait_for_file (self, app, path);
      return;
    }
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_bar), FALSE);
}

/* An upgrade of records written by an older Smart CRM (its migrations,
 * crm-store.c) takes seconds for a big database: it runs in a worker
 * thread, through a store of its own closed again, while the window says
 * so; the window's store is opened after it, on this thread. */
static void
upgrade_thread (GTask        *task,
                gpointer      source,
                gpointer      path,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);

  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
upgraded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  CrmWindow *self = CRM_WINDOW (source);
  g_autoptr(CrmApplication) app = data;
  g_autoptr(GError) error = NULL;
  const char *path = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) /* else the window went */
        open_failed (self, app, path, error);
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_bar), TRUE);
  open_when_free (self, app, path);
}

static void
upgrade_then_open (CrmWindow      *self,
                   CrmApplication *app,
                   const char     *path)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, upgraded_cb, g_object_ref (app));

  gtk_stack_set_visible_child_name (self->main_stack, "upgrading");
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_bar), FALSE);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, upgrade_thread);
}

/* Another Smart CRM writes the file in bulk (a command-line import holds
 * it locked): opening it would wait and then fail, so the window says so
 * and looks again twice a second, then opens it. */
#define WAIT_INTERVAL_MS 500

typedef struct
{
  CrmWindow *self;   /* not a reference: the source goes with the window */
  CrmApplication *app;
  char *path;
} Wait;

static void
wait_free (gpointer data)
{
  Wait *wait = data;

  g_object_unref (wait->app);
  g_free (wait->path);
  g_free (wait);
}

static gboolean
wait_cb (gpointer data)
{
  Wait *wait = data;
  CrmWindow *self = wait->self;

  if (crm_store_probe (wait->path) == CRM_STORE_PROBE_BUSY)
    return G_SOURCE_CONTINUE;
  self->wait_id = 0;
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_bar), TRUE);
  open_when_free (self, wait->app, wait->path);
  return G_SOURCE_REMOVE;
}

static void
wait_for_file (CrmWindow      *self,
               CrmApplication *app,
               const char     *path)
{
  Wait *wait = g_new0 (Wait, 1);

  wait->self = self;
  wait->app = g_object_ref (app);
  wait->path = g_strdup (path);
  gtk_stack_set_visible_child_name (self->main_stack, "waiting");
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_bar), FALSE);
  self->wait_id = g_timeout_add_full (G_PRIORITY_DEFAULT, WAIT_INTERVAL_MS, wait_cb, wait, wait_free);
}

static void
open_when_free (CrmWindow      *self,
                CrmApplication *app,
                const char     *path)
{
  g_autoptr(GError) error = NULL;

  switch (crm_store_probe (path))
    {
    case CRM_STORE_PROBE_BUSY:
      wait_for_file (self, app, path);
      break;
    case CRM_STORE_PROBE_NEEDS_UPGRADE:
      upgrade_then_open (self, app, path);
      break;
    case CRM_STORE_PROBE_READY:
    default:
      /* Busy all the same when taken between the probe and the opening:
       * refused at once then, and waited for as above. */
      if ((self->store = crm_store_open_no_wait (crm_application_get_db (app), &error)))
        set_up_with_store (self, app);
      else
        open_failed (self, app, path, error);
      break;
    }
}

CrmWindow *
crm_window_new (CrmApplication *app)
{
  CrmWindow *self = g_object_new (CRM_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = crm_application_get_settings (app);
  g_autofree char *path = crm_application_get_db (app) ? g_strdup (crm_application_get_db (app))
                                                       : crm_store_default_path ();

  self->settings = settings ? g_object_ref (settings) : NULL;
  self->fixed_now = crm_application_get_fixed_now (app) ? g_date_time_ref (crm_application_get_fixed_now (app)) : NULL;
  restore_state (self);
  crm_window_update_undo_state (self); /* off until there is a history */
  open_when_free (self, app, path);
  return self;
}

CrmStore *
crm_window_get_store (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->store;
}

CrmHistory *
crm_window_get_history (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->history;
}

CrmCommandBar *
crm_window_get_command_bar (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->command_bar;
}

CrmContactsView *
crm_window_get_contacts_view (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->contacts_view;
}

/* The calendar view, built on first use: its template (month grid, agenda,
 * meeting details) and its models would otherwise be a good share of the
 * work before the first frame of a window that opens on the contacts. */
CrmCalendarView *
crm_window_get_calendar_view (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  if (self->calendar_view == NULL)
    {
      self->calendar_view = g_object_new (CRM_TYPE_CALENDAR_VIEW, NULL);
      adw_bin_set_child (self->calendar_page, GTK_WIDGET (self->calendar_view));
      if (self->store)
        crm_calendar_view_set_store (self->calendar_view, self->store, self->fixed_now);
    }
  return self->calendar_view;
}

void
crm_window_set_view (CrmWindow  *self,
                     const char *name)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  if (g_strcmp0 (name, "contacts") == 0 || g_strcmp0 (name, "calendar") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
crm_window_get_view (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
crm_window_execute (CrmWindow  *self,
                    CrmCommand *command,
                    gint64      choice)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  crm_command_bar_submit_choice (self->command_bar, command, choice);
}

void
crm_window_record_change (CrmWindow  *self,
                          CrmChange  *change,
                          const char *message)
{
  AdwToast *toast;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (CRM_IS_CHANGE (change));

  crm_history_push (self->history, change);
  toast = toast_new (message ? message : crm_change_get_label (change));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  crm_window_show_step_toast (self, toast);
}

void
crm_window_show_error (CrmWindow  *self,
                       const char *message)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast_new (message));
}

/* libadwaita shows a toast pushed aside by one of high priority again
 * once that one goes: an older step's "Undo" would come back, its button
 * undoing another step than the one it names. The older toast keeps its
 * words but loses its button, and comes back for a second at most.
 * (Dismissing it instead, libadwaita 1.2 crashed when the window closed
 * while it was still fading out.) */
void
crm_window_show_step_toast (CrmWindow *self,
                            AdwToast  *toast)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  crm_window_retire_step_toast (self);
  g_set_weak_pointer (&self->step_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
crm_window_retire_step_toast (CrmWindow *self)
{
  if (self->step_toast)
    {
      adw_toast_set_button_label (self->step_toast, NULL);
      adw_toast_set_action_name (self->step_toast, NULL);
      adw_toast_set_timeout (self->step_toast, 1);
    }
  g_clear_weak_pointer (&self->step_toast);
}