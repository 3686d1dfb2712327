/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "crm-application.h"
#include "crm-candidates-dialog.h"
#include "crm-test-util.h"
#include "crm-text-row.h"
#include "crm-window.h"

/* The real window, driven as a person would: text typed into the command
 * bar and Enter, rows activated, fields applied, Undo. Runs under Xvfb. */

/* One application for the run (it owns a D-Bus object path); each test
 * gets a window over a fresh database. */
static CrmApplication *app;
static char *dir;

typedef struct
{
  CrmWindow *window;
  guint outcomes;
  CrmOutcomeStatus last_status;
} Fixture;

static void
outcome_cb (CrmCommandBar *bar,
            CrmOutcome    *outcome,
            Fixture       *f)
{
  f->outcomes++;
  f->last_status = crm_outcome_get_status (outcome);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until *counter passes target, or fails after 10 s. */
static void
wait_for (guint *counter,
          guint  target)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Lets idles and the store's change notices run. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkEditable *
entry (Fixture *f)
{
  return crm_command_bar_get_editable (crm_window_get_command_bar (f->window));
}

static void
type_text (Fixture    *f,
           const char *text)
{
  gtk_editable_set_text (entry (f), text);
}

static void
press_enter (Fixture *f)
{
  guint target = f->outcomes + 1;

  g_signal_emit_by_name (entry (f), "activate");
  wait_for (&f->outcomes, target);
  settle (50);
}

static void
run (Fixture    *f,
     const char *text)
{
  type_text (f, text);
  press_enter (f);
}


/* ---- keys ----
 * GTK 4.8 cannot make key events, so a key press is dispatched the way GTK
 * does it: capture from the window down to the focus, then bubble back up,
 * through each widget's shortcut controllers (class bindings, shortcuts)
 * and our own key controllers (named "crm-…"). GTK's internal key
 * controllers (text input) are left out: they need a real event. */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     state)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == state;
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, state) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, state);
  return FALSE;
}

static gboolean
run_shortcuts (GtkShortcutController *controller,
               GtkWidget             *widget,
               guint                  keyval,
               GdkModifierType        state)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (controller));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);

      if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, state) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                        widget, gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
dispatch_phase (GtkWidget           *widget,
                GtkPropagationPhase  phase,
                guint                keyval,
                GdkModifierType      state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      const char *name = gtk_event_controller_get_name (c);
      gboolean handled = FALSE;

      if (gtk_event_controller_get_propagation_phase (c) != phase)
        continue;
      if (GTK_IS_SHORTCUT_CONTROLLER (c))
        handled = run_shortcuts (GTK_SHORTCUT_CONTROLLER (c), widget, keyval, state);
      else if (GTK_IS_EVENT_CONTROLLER_KEY (c) && name && g_str_has_prefix (name, "crm-"))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
      if (handled)
        return TRUE;
    }
  return FALSE;
}

/* Presses KEYVAL with STATE on the focused widget of F's window. */
static gboolean
press_key (Fixture         *f,
           guint            keyval,
           GdkModifierType  state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  gboolean handled = FALSE;

  for (GtkWidget *w = focus ? focus : GTK_WIDGET (f->window); w; w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, w);
  for (guint i = chain->len; i > 0 && !handled; i--)
    handled = dispatch_phase (chain->pdata[i - 1], GTK_PHASE_CAPTURE, keyval, state);
  for (guint i = 0; i < chain->len && !handled; i++)
    handled = dispatch_phase (chain->pdata[i], GTK_PHASE_BUBBLE, keyval, state);
  settle (30);
  return handled;
}

static gboolean
focus_is_in (Fixture   *f,
             GtkWidget *ancestor)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static gint64
count_contacts (Fixture *f)
{
  return crm_store_count_contacts (crm_window_get_store (f->window));
}

static void
open_window (Fixture *f)
{
  f->window = crm_window_new (app);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_signal_connect_after (crm_window_get_command_bar (f->window), "outcome", G_CALLBACK (outcome_cb), f);
}

/* Until the window has opened its records (after an upgrade, or a wait). */
static void
wait_for_store (Fixture *f)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (crm_window_get_store (f->window) == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

/* For a test that changes the file under the window, then opens another. */
static void
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  settle (50);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  crm_test_remove_dir (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  open_window (f);
  settle (100);

  run (f, "Add contact Maria Lopez, maria.lopez@acme.com, 555-0101");
  run (f, "Add contact Marco Rossi, marco@rossi.it");
  run (f, "Add contact Sam Lee, sam@initech.com");
  g_assert_cmpint (count_contacts (f), ==, 3);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  settle (50);
}

static void
test_window_opens (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "Smart CRM"));
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "contacts");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "calendar");
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "calendar");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "contacts");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-command", NULL);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry (f))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (entry (f))));
}

static void
test_add_selects (Fixture       *f,
                  gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmRecordList *model = crm_contacts_view_get_model (view);
  GtkSingleSelection *selection = crm_contacts_view_get_selection (view);
  g_autoptr(CrmContact) selected = NULL;

  run (f, "Add contact Joan Aleric, joan@globex.com");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  selected = g_object_ref (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpstr (crm_contact_get_name (selected), ==, "Joan Aleric");
  g_assert_cmpstr (crm_contact_get_name (crm_contact_details_get_contact (crm_contacts_view_get_details (view))), ==, "Joan Aleric");
  /* The entry is empty again, ready for the next command. */
  g_assert_cmpstr (gtk_editable_get_text (entry (f)), ==, "");
  g_assert_true (crm_history_can_undo (crm_window_get_history (f->window)));
}

static void
test_find_filters_live (Fixture       *f,
                        gconstpointer  data)
{
  CrmRecordList *model = crm_contacts_view_get_model (crm_window_get_contacts_view (f->window));

  type_text (f, "find mar");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  type_text (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
}

/* A find that names one contact opens its details, as a click would; the
 * search that finishes in a worker afterwards leaves them open. */
static void
test_find_one_shows_details (Fixture       *f,
                             gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmRecordList *model = crm_contacts_view_get_model (view);

  const char *command = "find sam";

  /* Typed a letter at a time, as the live filter sees it. */
  for (gsize i = 1; i <= strlen (command); i++)
    {
      g_autofree char *typed = g_strndup (command, i);
      type_text (f, typed);
      settle (20);
    }
  press_enter (f);
  settle (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (crm_contact_get_name (crm_contact_details_get_contact (crm_contacts_view_get_details (view))),
                   ==, "Sam Lee");
  g_assert_cmpint (crm_contacts_view_get_selected_id (view), ==, crm_record_list_get_id (model, 0));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (crm_contacts_view_get_details (view))));
}

static void
test_unknown_writes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  run (f, "blorp fizzle wobble");
  g_assert_cmpint (f->last_status, !=, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, 3);
  /* The text stays in the entry to be fixed. */
  g_assert_cmpstr (gtk_editable_get_text (entry (f)), ==, "blorp fizzle wobble");
}

static void
test_click_row_shows_details (Fixture       *f,
                              gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmRecordList *model = crm_contacts_view_get_model (view);
  CrmContactDetails *details = crm_contacts_view_get_details (view);
  guint position = 2;
  gint64 id = crm_record_list_get_id (model, position);
  g_autoptr(CrmContact) expected = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_signal_emit_by_name (crm_contacts_view_get_list_view (view), "activate", position);
  settle (50);
  g_assert_cmpint (crm_contact_details_get_id (details), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (crm_contact_details_get_row (details, "name"))),
                   ==, crm_contact_get_name (expected));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (crm_contact_details_get_row (details, "email"))),
                   ==, crm_contact_get_email (expected));
}

/* Enter in the contacts search opens the first match's details, also when
 * that row is the one already selected. */
static void
test_search_enter_shows_details (Fixture       *f,
                                 gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  GtkWidget *search;

  for (guint round = 0; round < 2; round++)
    {
      crm_contacts_view_focus_search (view);
      crm_contacts_view_set_query (view, "sam");
      settle (50);
      search = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_TYPE_SEARCH_ENTRY);
      g_assert_nonnull (search);
      g_signal_emit_by_name (search, "activate");
      settle (50);
      g_assert_cmpstr (crm_contact_get_name (crm_contact_details_get_contact (crm_contacts_view_get_details (view))),
                       ==, "Sam Lee");
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (crm_contacts_view_get_details (view))));
    }
}

static void
test_edit_in_place_and_undo (Fixture       *f,
                             gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmContactDetails *details = crm_contacts_view_get_details (view);
  CrmStore *store = crm_window_get_store (f->window);
  GtkWidget *row;
  gint64 id;
  g_autoptr(CrmContact) stored = NULL;
  g_autoptr(CrmContact) restored = NULL;

  g_signal_emit_by_name (crm_contacts_view_get_list_view (view), "activate", 0);
  settle (50);
  id = crm_contact_details_get_id (details);
  row = crm_contact_details_get_row (details, "company");
  gtk_editable_set_text (GTK_EDITABLE (row), "Initech");
  g_signal_emit_by_name (row, "apply");
  settle (300);
  stored = crm_store_get_contact (store, id, NULL);
  g_assert_cmpstr (crm_contact_get_company (stored), ==, "Initech");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  settle (50);
  restored = crm_store_get_contact (store, id, NULL);
  g_assert_null (crm_contact_get_company (restored));
}

static char *
row_text (GtkWidget *row)
{
  return crm_text_row_dup_text (CRM_TEXT_ROW (row));
}

/* Notes of several lines show as lines and are edited as lines: Enter
 * starts one, Ctrl+Enter saves (one undo step), Escape drops an edit. */
static void
test_notes_of_several_lines (Fixture       *f,
                             gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmContactDetails *details = crm_contacts_view_get_details (view);
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(CrmContact) stored = NULL;
  g_autoptr(CrmContact) edited = NULL;
  g_autoptr(CrmContact) restored = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *dropped = NULL;
  GtkTextBuffer *buffer;
  GtkTextView *text;
  GtkWidget *row;
  GtkTextIter end;
  gint64 id;

  g_signal_emit_by_name (crm_contacts_view_get_list_view (view), "activate", 0);
  settle (50);
  id = crm_contact_details_get_id (details);
  stored = crm_store_get_contact (store, id, NULL);
  crm_contact_set_notes (stored, "Met in Lyon.\nLikes tea.");
  g_assert_true (crm_store_update_contact (store, stored, NULL));
  settle (100);
  row = crm_contact_details_get_row (details, "notes");
  shown = row_text (row);
  g_assert_cmpstr (shown, ==, "Met in Lyon.\nLikes tea.");

  g_assert_true (gtk_widget_grab_focus (row));
  text = crm_text_row_get_view (CRM_TEXT_ROW (row));
  g_assert_true (focus_is_in (f, GTK_WIDGET (text)));
  buffer = gtk_text_view_get_buffer (text);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nCall in May.", -1);
  g_assert_true (crm_text_row_is_edited (CRM_TEXT_ROW (row)));
  g_assert_true (press_key (f, GDK_KEY_Return, GDK_CONTROL_MASK));
  settle (300);
  edited = crm_store_get_contact (store, id, NULL);
  g_assert_cmpstr (crm_contact_get_notes (edited), ==, "Met in Lyon.\nLikes tea.\nCall in May.");
  g_assert_false (crm_text_row_is_edited (CRM_TEXT_ROW (row)));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  settle (100);
  restored = crm_store_get_contact (store, id, NULL);
  g_assert_cmpstr (crm_contact_get_notes (restored), ==, "Met in Lyon.\nLikes tea.");

  /* An edit left with Escape is dropped. */
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_text_buffer_set_text (buffer, "Not saved", -1);
  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  dropped = row_text (row);
  g_assert_cmpstr (dropped, ==, "Met in Lyon.\nLikes tea.");
}

static void
test_undo_delete (Fixture       *f,
                  gconstpointer  data)
{
  CrmStore *store = crm_window_get_store (f->window);
  CrmRecordList *model = crm_contacts_view_get_model (crm_window_get_contacts_view (f->window));
  g_autoptr(GPtrArray) before = crm_store_find_contacts_by_name (store, "Sam Lee", NULL);
  g_autoptr(GPtrArray) after = NULL;
  gint64 id;

  g_assert_cmpuint (before->len, ==, 1);
  id = crm_contact_get_id (g_ptr_array_index (before, 0));
  run (f, "Delete contact Sam Lee");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Ctrl+Z with an empty command bar undoes the change to the data. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  settle (100);
  g_assert_cmpint (count_contacts (f), ==, 3);
  after = crm_store_find_contacts_by_name (store, "Sam Lee", NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (crm_contact_get_id (g_ptr_array_index (after, 0)), ==, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  settle (100);
  g_assert_cmpint (count_contacts (f), ==, 2);
}

static void
test_schedule_shows_meeting (Fixture       *f,
                             gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  CrmMeeting *shown;

  run (f, "Schedule a meeting with Maria Lopez next Wednesday at 3pm about the new proposal");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "calendar");
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
  shown = crm_meeting_details_get_meeting (crm_calendar_view_get_details (calendar));
  g_assert_nonnull (shown);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 1);
  g_assert_cmpuint (crm_month_grid_get_n_shown (crm_calendar_view_get_grid (calendar)), ==, 1);

  /* Cancelling from the details pane, then undo brings it back whole. */
  gtk_widget_activate_action (GTK_WIDGET (crm_calendar_view_get_details (calendar)), "calendar.cancel-meeting", NULL);
  wait_for (&f->outcomes, f->outcomes + 1);
  settle (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  settle (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 1);
}

/* A search that finds several meetings shows them in the agenda, not the
 * first one's details; one found is opened. */
static void
test_find_meetings_shows_agenda (Fixture       *f,
                                 gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);

  run (f, "Schedule a meeting with Maria Lopez tomorrow at 10am about budget");
  run (f, "Schedule lunch with Sam Lee tomorrow at 1pm");
  run (f, "What's on tomorrow?");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  settle (100);
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "calendar");
  g_assert_false (crm_calendar_view_get_showing_details (calendar));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 2);

  run (f, "find meetings about budget");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  settle (100);
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
}

/* Undoing the scheduling takes the meeting away, and its details with it:
 * the pane goes back to the agenda rather than show a meeting that is gone. */
static void
test_undo_leaves_details (Fixture       *f,
                          gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);

  run (f, "Schedule a meeting with Maria Lopez next Wednesday at 3pm about the new proposal");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  settle (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 0);
  g_assert_false (crm_calendar_view_get_showing_details (calendar));
  g_assert_null (crm_meeting_details_get_meeting (crm_calendar_view_get_details (calendar)));
}

/* A toast that offers Undo or Redo speaks of the last step: the one
 * before loses its button when a new one comes (libadwaita would show it
 * again once the new one went, its button then undoing another step than
 * it names), and so does the last when an undo begins. */
static void
test_step_toasts (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdwToast) first = adw_toast_new ("First step");
  g_autoptr(AdwToast) second = adw_toast_new ("Second step");
  gint64 before = count_contacts (f);

  run (f, "Add contact Tess Step");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  adw_toast_set_button_label (first, "_Undo");
  adw_toast_set_action_name (first, "win.undo");
  adw_toast_set_button_label (second, "_Undo");
  adw_toast_set_action_name (second, "win.undo");
  crm_window_show_step_toast (f->window, g_object_ref (first));
  crm_window_show_step_toast (f->window, g_object_ref (second));
  g_assert_null (adw_toast_get_button_label (first));
  g_assert_null (adw_toast_get_action_name (first));
  g_assert_cmpstr (adw_toast_get_action_name (second), ==, "win.undo");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_null (adw_toast_get_action_name (second));
  settle (200);
  g_assert_cmpint (count_contacts (f), ==, before);
}

/* Records written by an older Smart CRM are upgraded in a worker thread
 * while the window says so; then the window works as ever. */
static void
test_upgrade_in_worker (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (dir, "crm.sqlite3", NULL);
  g_autofree char *older = g_strdup_printf ("PRAGMA user_version = %d", CRM_STORE_SCHEMA_VERSION - 1);
  gint64 before = count_contacts (f);
  sqlite3 *db;

  close_window (f);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, older, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_NEEDS_UPGRADE);

  open_window (f);
  g_assert_null (crm_window_get_store (f->window));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (crm_window_get_command_bar (f->window))));

  wait_for_store (f);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (crm_window_get_command_bar (f->window))));
  g_assert_cmpint (count_contacts (f), ==, before);
  run (f, "Add contact Ula Upgrade");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, before + 1);
}

/* The stack of the window's pages: its records, upgrading, waiting, error. */
static GtkStack *
find_pages (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "waiting"))
    return GTK_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_pages (child);

      if (found)
        return found;
    }
  return NULL;
}

/* While another program holds the file for a bulk write (a command-line
 * import through the rollback journal), the window says it waits, takes
 * no command, and opens the records once the file is free. */
static void
test_waits_for_busy_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (dir, "crm.sqlite3", NULL);
  gint64 before = count_contacts (f);
  GtkStack *stack;
  sqlite3 *db;

  close_window (f);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_BUSY);

  open_window (f);
  stack = find_pages (GTK_WIDGET (f->window));
  settle (1200);
  g_assert_null (crm_window_get_store (f->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "waiting");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (crm_window_get_command_bar (f->window))));

  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  wait_for_store (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "main");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (crm_window_get_command_bar (f->window))));
  g_assert_cmpint (count_contacts (f), ==, before);
  run (f, "Add contact Wanda Wait");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, before + 1);
}

/* A file the probe finds free but that cannot be opened for writing yet
 * (out of WAL, with another program in a read transaction: turning it back
 * to WAL needs the file alone): the window does not freeze for SQLite's
 * busy timeout but waits on its page, then opens the records. */
static void
test_busy_after_probe_not_frozen (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (dir, "crm.sqlite3", NULL);
  gint64 before = count_contacts (f);
  GtkStack *stack;
  gint64 start;
  sqlite3 *db;

  close_window (f);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; BEGIN; SELECT count (*) FROM contacts",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (crm_store_probe (path), ==, CRM_STORE_PROBE_READY);

  start = g_get_monotonic_time ();
  open_window (f);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  stack = find_pages (GTK_WIDGET (f->window));
  settle (600);
  g_assert_null (crm_window_get_store (f->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "waiting");

  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  wait_for_store (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "main");
  g_assert_cmpint (count_contacts (f), ==, before);
}

static void
test_history_walk (Fixture       *f,
                   gconstpointer  data)
{
  GtkEditable *e = entry (f);

  run (f, "find sam");
  run (f, "find mar");
  crm_window_set_view (f->window, "contacts");
  gtk_widget_grab_focus (GTK_WIDGET (e));
  type_text (f, "half typed");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "find mar");
  press_key (f, GDK_KEY_Up, 0);
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "find sam");
  press_key (f, GDK_KEY_Up, 0);
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "Add contact Sam Lee, sam@initech.com");
  press_key (f, GDK_KEY_Down, 0);
  press_key (f, GDK_KEY_Down, 0);
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "find mar");
  /* Past the newest, the draft comes back. */
  press_key (f, GDK_KEY_Down, 0);
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "half typed");
}

static void
test_escape_clears (Fixture       *f,
                    gconstpointer  data)
{
  crm_command_bar_focus (crm_window_get_command_bar (f->window));
  type_text (f, "Add contact Nobody Yet");
  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  g_assert_cmpstr (gtk_editable_get_text (entry (f)), ==, "");
  g_assert_cmpint (count_contacts (f), ==, 3);
}

/* A Gemini that takes every request and never answers. */
static void
silent_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_pause (msg);
}

static void
test_escape_cancels (Fixture       *f,
                     gconstpointer  data)
{
  CrmCommandBar *bar = crm_window_get_command_bar (f->window);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  guint requests = 0;

  soup_server_add_handler (server, NULL, silent_handler, &requests, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_setenv ("GEMINI_API_KEY", "test-key", TRUE);
  g_setenv ("SMART_CRM_GEMINI_BASE_URL", url, TRUE);
  g_setenv ("SMART_CRM_GEMINI_MODE", "auto", TRUE);

  crm_command_bar_focus (bar);
  type_text (f, "Delete contact Sam Lee");
  g_signal_emit_by_name (entry (f), "activate");
  wait_for (&requests, 1);
  g_assert_true (crm_command_bar_is_busy (bar));
  g_assert_cmpstr (gtk_editable_get_text (entry (f)), ==, "");

  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  settle (200);
  g_assert_false (crm_command_bar_is_busy (bar));
  g_assert_cmpint (count_contacts (f), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (entry (f)), ==, "Delete contact Sam Lee");

  g_setenv ("GEMINI_API_KEY", "", TRUE);
  g_setenv ("SMART_CRM_GEMINI_MODE", "off", TRUE);
  g_unsetenv ("SMART_CRM_GEMINI_BASE_URL");
  soup_server_disconnect (server);
}

static CrmCandidatesDialog *
find_candidates_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRM_IS_CANDIDATES_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CRM_CANDIDATES_DIALOG (window);
    }
  return NULL;
}

static void
test_ambiguity_dialog (Fixture       *f,
                       gconstpointer  data)
{
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(GPtrArray) left = NULL;
  CrmCandidatesDialog *dialog;
  gint64 first, second;

  run (f, "Add contact Joan Smith, joan@globex.com");
  run (f, "Add contact Joan Smith, jsmith@initech.com");
  g_assert_cmpint (count_contacts (f), ==, 5);

  run (f, "Delete contact Joan Smith");
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_AMBIGUOUS);
  dialog = find_candidates_dialog ();
  g_assert_nonnull (dialog);
  first = crm_candidates_dialog_get_id (dialog, 0);
  second = crm_candidates_dialog_get_id (dialog, 1);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (first, !=, second);
  g_assert_cmpint (crm_candidates_dialog_get_id (dialog, 2), ==, 0);

  crm_candidates_dialog_choose (dialog, 1);
  wait_for (&f->outcomes, f->outcomes + 1);
  settle (50);
  g_assert_cmpint (f->last_status, ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (count_contacts (f), ==, 4);
  left = crm_store_find_contacts_by_name (store, "Joan Smith", NULL);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpint (crm_contact_get_id (g_ptr_array_index (left, 0)), ==, first);
}

static void
test_ctrl_z_in_text (Fixture       *f,
                     gconstpointer  data)
{
  GtkEditable *e = entry (f);
  int position = 0;

  crm_command_bar_focus (crm_window_get_command_bar (f->window));
  g_assert_true (crm_history_can_undo (crm_window_get_history (f->window)));
  gtk_editable_insert_text (e, "Add contact Zed", -1, &position);
  press_key (f, GDK_KEY_z, GDK_CONTROL_MASK);
  /* The typing is undone, the last added contact is still there. */
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "");
  g_assert_cmpint (count_contacts (f), ==, 3);

  /* With the entry empty, Ctrl+Z is for the data. */
  press_key (f, GDK_KEY_z, GDK_CONTROL_MASK);
  settle (50);
  g_assert_cmpint (count_contacts (f), ==, 2);
}

static void
test_alt_switches_views (Fixture       *f,
                         gconstpointer  data)
{
  crm_command_bar_focus (crm_window_get_command_bar (f->window));
  g_assert_true (press_key (f, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "calendar");
  g_assert_true (press_key (f, GDK_KEY_1, GDK_ALT_MASK));
  g_assert_cmpstr (crm_window_get_view (f->window), ==, "contacts");
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
calendar_page_child (CrmWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  return adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "calendar")));
}

/* The calendar and the contact details are built on first use, not before
 * the first frame; Alt+2 and a last session on the calendar build it. The
 * list gets all its rows once the first frame is drawn. */
static void
test_views_built_on_first_use (Fixture       *f,
                               gconstpointer  data)
{
  GSettings *settings = crm_application_get_settings (app);
  CrmWindow *main_window = f->window;
  CrmContactsView *view;
  CrmWindow *window;

  if (settings == NULL)
    {
      g_test_skip ("no GSettings schema");
      return;
    }
  /* More contacts than the list is given before its first frame. */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Zoe Tester %03u", i);
      g_autoptr(CrmContact) contact = crm_contact_new (name);
      g_autoptr(GError) error = NULL;

      crm_store_insert_contact (crm_window_get_store (f->window), contact, &error);
      g_assert_no_error (error);
    }
  g_settings_set_string (settings, "last-view", "contacts");
  window = g_object_ref_sink (crm_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  settle (300);
  view = crm_window_get_contacts_view (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_contacts_view_get_model (view))), ==, 103);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (crm_contacts_view_get_list_view (view)))),
                    ==, 103);
  g_assert_null (calendar_page_child (window));
  g_assert_null (find_descendant (GTK_WIDGET (window), CRM_TYPE_CONTACT_DETAILS));
  g_assert_cmpint (crm_contacts_view_get_selected_id (view), ==, 0);
  /* Nor is a row shown selected while no details are. */
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (crm_contacts_view_get_list_view (view)))),
                    ==, GTK_INVALID_LIST_POSITION);

  f->window = window;
  crm_command_bar_focus (crm_window_get_command_bar (window));
  g_assert_true (press_key (f, GDK_KEY_2, GDK_ALT_MASK));
  f->window = main_window;
  g_assert_cmpstr (crm_window_get_view (window), ==, "calendar");
  g_assert_true (CRM_IS_CALENDAR_VIEW (calendar_page_child (window)));
  g_assert_true (calendar_page_child (window) == GTK_WIDGET (crm_window_get_calendar_view (window)));
  g_assert_nonnull (crm_calendar_view_get_agenda (crm_window_get_calendar_view (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  g_settings_set_string (settings, "last-view", "calendar");
  window = g_object_ref_sink (crm_window_new (app));
  g_assert_true (CRM_IS_CALENDAR_VIEW (calendar_page_child (window)));
  g_assert_nonnull (crm_calendar_view_get_agenda (crm_window_get_calendar_view (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_settings_set_string (settings, "last-view", "contacts");
  settle (50);
}

/* The shortcuts window is built on demand, and Ctrl+? still opens it. */
static void
test_shortcuts_window_on_demand (Fixture       *f,
                                 gconstpointer  data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (f->window);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  GtkShortcutsWindow *overlay;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_null (gtk_application_window_get_help_overlay (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (window);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
  settle (30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (window) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
}

static void
assert_selected (CrmMonthGrid *grid,
                 int           year,
                 int           month,
                 int           day)
{
  GDateTime *selected = crm_month_grid_get_selected (grid);

  g_assert_cmpint (g_date_time_get_year (selected), ==, year);
  g_assert_cmpint (g_date_time_get_month (selected), ==, month);
  g_assert_cmpint (g_date_time_get_day_of_month (selected), ==, day);
}

static void
test_month_grid_keys (Fixture       *f,
                      gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  CrmMonthGrid *grid = crm_calendar_view_get_grid (calendar);
  g_autofree char *wrong = NULL;

  run (f, "Schedule budget review on May 22 at 10am");
  run (f, "Schedule lunch with Sam Lee on May 22 at 1pm");
  crm_window_set_view (f->window, "calendar");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (grid)));
  press_key (f, GDK_KEY_Home, 0);
  assert_selected (grid, 2025, 5, 21);
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "Wednesday, May 21, no meetings");
  g_assert_null (wrong);

  g_assert_true (press_key (f, GDK_KEY_Right, 0));
  assert_selected (grid, 2025, 5, 22);
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "Thursday, May 22, 2 meetings");
  g_assert_null (wrong);
  /* The agenda follows the cursor. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_calendar_view_get_agenda (calendar))), ==, 2);

  press_key (f, GDK_KEY_Down, 0);
  assert_selected (grid, 2025, 5, 29);
  press_key (f, GDK_KEY_Down, 0);
  assert_selected (grid, 2025, 6, 5);      /* into the next month */
  press_key (f, GDK_KEY_Up, 0);
  press_key (f, GDK_KEY_Left, 0);
  assert_selected (grid, 2025, 5, 28);
  press_key (f, GDK_KEY_Page_Up, 0);
  assert_selected (grid, 2025, 4, 28);
  press_key (f, GDK_KEY_Page_Down, 0);
  press_key (f, GDK_KEY_Page_Down, 0);
  assert_selected (grid, 2025, 6, 28);
  press_key (f, GDK_KEY_Home, 0);
  assert_selected (grid, 2025, 5, 21);
  g_assert_true (focus_is_in (f, GTK_WIDGET (grid)));

  /* Enter opens the day in the agenda, with the focus on its meetings. */
  press_key (f, GDK_KEY_Right, 0);
  g_assert_true (press_key (f, GDK_KEY_Return, 0));
  g_assert_false (crm_calendar_view_get_showing_details (calendar));
  g_assert_false (focus_is_in (f, GTK_WIDGET (grid)));
  g_assert_true (focus_is_in (f, GTK_WIDGET (calendar)));
}

static void
test_escape_in_details (Fixture       *f,
                        gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  CrmContactDetails *details = crm_contacts_view_get_details (view);
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  GtkWidget *row = crm_contact_details_get_row (details, "company");

  g_assert_cmpint (crm_contact_details_get_id (details), >, 0);
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "Not saved");
  gtk_window_set_focus_visible (GTK_WINDOW (f->window), FALSE);
  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  g_assert_true (focus_is_in (f, GTK_WIDGET (crm_contacts_view_get_list_view (view))));
  /* A keyboard user sees where the focus went. */
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (f->window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  run (f, "Schedule a meeting with Maria Lopez tomorrow at 3pm");
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
  row = crm_meeting_details_get_row (crm_calendar_view_get_details (calendar), "location");
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  g_assert_false (crm_calendar_view_get_showing_details (calendar));
  g_assert_true (focus_is_in (f, GTK_WIDGET (calendar)));
}

/* Which part of the window a widget is in, in the order Tab should visit
 * them: 0 header, 1 the list side of the view, 2 its details, 3 the
 * command bar; -1 elsewhere (toasts). */
static int
window_part (Fixture   *f,
             GtkWidget *w)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);

  if (gtk_widget_get_ancestor (w, ADW_TYPE_HEADER_BAR))
    return 0;
  if (gtk_widget_get_ancestor (w, CRM_TYPE_CONTACT_DETAILS))
    return 2;
  if (gtk_widget_is_ancestor (w, GTK_WIDGET (view)))
    return 1;
  if (gtk_widget_get_ancestor (w, CRM_TYPE_COMMAND_BAR))
    return 3;
  return -1;
}

static void
test_tab_order (Fixture       *f,
                gconstpointer  data)
{
  int last = 0;
  gboolean seen[4] = { FALSE };

  settle (50);
  gtk_root_set_focus (GTK_ROOT (f->window), NULL);
  for (guint i = 0; i < 200 && !seen[3]; i++)
    {
      GtkWidget *focus;
      int part;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      part = window_part (f, focus);
      if (part < 0)
        continue;
      if (part < last)
        g_error ("Tab went back from part %d to %d at %s", last, part, G_OBJECT_TYPE_NAME (focus));
      last = part;
      seen[part] = TRUE;
    }
  for (guint i = 0; i < 4; i++)
    g_assert_true (seen[i]);
}

/* ---- accessible names ---- */

static gboolean
has_own_name (GtkWidget *w)
{
  const char *tip = gtk_widget_get_tooltip_text (w);

  return (tip && tip[0]) ||
         gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         (ADW_IS_PREFERENCES_ROW (w) && adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w))[0]);
}

/* A visible text inside: a labelled button reads its label. */
static gboolean
has_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) && gtk_label_get_text (GTK_LABEL (w))[0])
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (has_text (c))
      return TRUE;
  return FALSE;
}

/* Named itself, by its text, by the control it is part of (the text of an
 * entry, up to three levels), or by the one row it holds (list items). */
static gboolean
is_named (GtkWidget *w)
{
  GtkWidget *a = w;
  GtkWidget *child = gtk_widget_get_first_child (w);

  if (has_own_name (w) || (GTK_IS_BUTTON (w) && has_text (w)))
    return TRUE;
  for (guint i = 0; i < 3 && (a = gtk_widget_get_parent (a)); i++)
    if (has_own_name (a))
      return TRUE;
  return child && !gtk_widget_get_next_sibling (child) && has_own_name (child);
}

static void
collect_unnamed (GtkWidget *w,
                 GString   *out)
{
  if (!gtk_widget_get_mapped (w))
    return;
  /* A scrolled window passes the focus on to what it scrolls. */
  if ((GTK_IS_BUTTON (w) || gtk_widget_get_focusable (w)) && !GTK_IS_SCROLLED_WINDOW (w) &&
      gtk_widget_get_can_target (w) && !is_named (w))
    {
      GtkWidget *p = gtk_widget_get_parent (w);
      g_string_append_printf (out, " %s (in %s)", G_OBJECT_TYPE_NAME (w), p ? G_OBJECT_TYPE_NAME (p) : "-");
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect_unnamed (c, out);
}

static void
assert_all_named (Fixture *f)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  collect_unnamed (GTK_WIDGET (f->window), unnamed);
  if (unnamed->len)
    g_error ("controls without an accessible name:%s", unnamed->str);
}

static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);

  run (f, "Schedule a meeting with Maria Lopez tomorrow at 3pm at the office");
  crm_window_set_view (f->window, "contacts");
  crm_contacts_view_select (view, crm_record_list_get_id (crm_contacts_view_get_model (view), 0));
  settle (100);
  assert_all_named (f);
  crm_window_set_view (f->window, "calendar");
  settle (100);
  assert_all_named (f);
  gtk_widget_activate_action (GTK_WIDGET (crm_window_get_calendar_view (f->window)), "calendar.back", NULL);
  settle (400);
  assert_all_named (f);
}

static GtkWidget *
find_label (GtkWidget  *w,
            const char *text)
{
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
label_shown (GtkWidget  *w,
             const char *text)
{
  GtkWidget *label = find_label (w, text);

  return label && gtk_widget_is_visible (label);
}

/* The kept vCard properties people care about show, read-only; the rest
 * and a contact without any show nothing. */
static void
test_more_details (Fixture       *f,
                   gconstpointer  data)
{
  CrmContactsView *view = crm_window_get_contacts_view (f->window);
  GtkWidget *details = GTK_WIDGET (crm_contacts_view_get_details (view));
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(CrmContact) maria = crm_store_find_contact_by_email (store, "maria.lopez@acme.com", NULL);
  g_autoptr(CrmContact) sam = crm_store_find_contact_by_email (store, "sam@initech.com", NULL);
  g_autoptr(GError) error = NULL;

  crm_contact_set_extra_vcard (maria, "BDAY:--0401\nADR;TYPE=home:;;1 Main St;Springfield;;;\n"
                                      "X-SECRET:not shown");
  crm_contact_add_email (maria, "maria@home.example", "home", FALSE);
  crm_contact_add_phone (maria, "555-0199", NULL, FALSE);
  g_assert_true (crm_store_update_contact (store, maria, &error));
  g_assert_no_error (error);
  crm_contacts_view_select (view, crm_contact_get_id (maria));
  settle (100);
  g_assert_true (label_shown (details, "Birthday"));
  g_assert_true (label_shown (details, "April 1"));
  g_assert_true (label_shown (details, "Home Address"));
  g_assert_true (label_shown (details, "1 Main St, Springfield"));
  g_assert_null (find_label (details, "not shown"));
  /* Every email and phone, the preferred ones in their rows above. */
  g_assert_true (label_shown (details, "Email (home)"));
  g_assert_true (label_shown (details, "maria@home.example"));
  g_assert_true (label_shown (details, "Phone"));
  g_assert_true (label_shown (details, "555-0199"));
  {
    g_autofree char *uid = g_strdup_printf ("vCard UID: %s", crm_contact_get_uid (maria));
    g_assert_true (label_shown (details, uid));
  }

  crm_contacts_view_select (view, crm_contact_get_id (sam));
  settle (100);
  g_assert_false (label_shown (details, "Birthday"));
}

/* A repeating meeting says how it repeats, in words; a meeting shows the
 * identifier calendar files know it by; a one-off says nothing of repeats. */
static void
test_meeting_repeats_shown (Fixture       *f,
                            gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  GtkWidget *details = GTK_WIDGET (crm_calendar_view_get_details (calendar));
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 30, 15, 0, 0);
  g_autoptr(CrmMeeting) standup = crm_meeting_new ("Standup");
  g_autoptr(CrmMeeting) once = crm_meeting_new ("Once");
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;

  crm_meeting_set_span (standup, start, start);
  crm_meeting_set_rrule (standup, "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8");
  g_assert_true (crm_store_insert_meeting (store, standup, &error));
  crm_meeting_set_span (once, start, start);
  g_assert_true (crm_store_insert_meeting (store, once, &error));
  g_assert_no_error (error);

  crm_window_set_view (f->window, "calendar");
  g_assert_true (crm_calendar_view_select (calendar, crm_meeting_get_id (standup)));
  settle (100);
  g_assert_true (label_shown (details, "Repeats every week on Monday and Wednesday, 8 times"));
  uid = g_strdup_printf ("Calendar UID: %s", crm_meeting_get_uid (standup));
  g_assert_true (label_shown (details, uid));

  g_assert_true (crm_calendar_view_select (calendar, crm_meeting_get_id (once)));
  settle (100);
  g_assert_false (label_shown (details, "Repeats every week on Monday and Wednesday, 8 times"));
}

/* The day numbers of the month grid's cells that have a chip saying
 * TEXT, as "5 7 12". */
static char *
days_with_chip (CrmMonthGrid *grid,
                const char   *text)
{
  GtkWidget *cells = gtk_widget_get_first_child (GTK_WIDGET (grid));
  g_autoptr(GString) days = g_string_new (NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (cells); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *number = gtk_widget_get_first_child (c);

      if (!gtk_widget_has_css_class (c, "day") || !label_shown (gtk_widget_get_next_sibling (number), text))
        continue;
      g_string_append_printf (days, "%s%s", days->len ? " " : "", gtk_button_get_label (GTK_BUTTON (number)));
    }
  return g_string_free (g_steal_pointer (&days), FALSE);
}

/* A weekly meeting shows on each of its days, marked as repeating, not
 * only on its first; a click on one opens the series on that day. */
static void
test_month_grid_occurrences (Fixture       *f,
                             gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  CrmMonthGrid *grid = crm_calendar_view_get_grid (calendar);
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 5, 5, 9, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2025, 5, 5, 9, 30, 0);
  g_autoptr(GDateTime) lunch = g_date_time_new_utc (2025, 5, 14, 12, 0, 0);
  g_autoptr(CrmMeeting) standup = crm_meeting_new ("Standup");
  g_autoptr(CrmMeeting) once = crm_meeting_new ("Lunch");
  g_autoptr(GError) error = NULL;
  g_autofree char *days = NULL;
  GtkWidget *chip;
  CrmMeeting *shown;

  crm_meeting_set_span (standup, start, end);
  crm_meeting_set_rrule (standup, "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8");
  crm_meeting_set_extra_ical (standup, "EXDATE:20250512T090000Z");
  g_assert_true (crm_store_insert_meeting (store, standup, &error));
  crm_meeting_set_span (once, lunch, lunch);
  g_assert_true (crm_store_insert_meeting (store, once, &error));
  g_assert_no_error (error);
  crm_window_set_view (f->window, "calendar");
  settle (100);

  /* Eight counted from May 5, the 12th excepted (it still counts). */
  days = days_with_chip (grid, "9:00 AM Standup");
  g_assert_cmpstr (days, ==, "5 7 14 19 21 26 28");
  g_free (days);
  days = days_with_chip (grid, "12:00 PM Lunch");
  g_assert_cmpstr (days, ==, "14");
  g_assert_cmpuint (crm_month_grid_get_n_shown (grid), ==, 8);

  chip = gtk_widget_get_ancestor (find_label (GTK_WIDGET (grid), "9:00 AM Standup"), GTK_TYPE_BUTTON);
  g_assert_nonnull (chip);
  g_assert_nonnull (gtk_widget_get_first_child (gtk_widget_get_first_child (chip)));
  g_assert_true (GTK_IS_IMAGE (gtk_widget_get_first_child (gtk_widget_get_first_child (chip))));
  {
    /* The one on Wednesday the 21st. */
    GtkWidget *label = NULL;
    GtkWidget *cells = gtk_widget_get_first_child (GTK_WIDGET (grid));

    for (GtkWidget *c = gtk_widget_get_first_child (cells); c && !label; c = gtk_widget_get_next_sibling (c))
      if (gtk_widget_has_css_class (c, "day") && !gtk_widget_has_css_class (c, "other-month") &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (gtk_widget_get_first_child (c))), "21") == 0)
        label = find_label (c, "9:00 AM Standup");
    g_assert_nonnull (label);
    chip = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
  }
  g_signal_emit_by_name (chip, "clicked");
  settle (100);
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
  shown = crm_meeting_details_get_meeting (crm_calendar_view_get_details (calendar));
  g_assert_nonnull (shown);
  g_assert_cmpint (crm_meeting_get_id (shown), ==, crm_meeting_get_id (standup));
  assert_selected (grid, 2025, 5, 21);

  /* The series changed from elsewhere: every occurrence follows. */
  crm_meeting_set_title (standup, "Daily");
  g_assert_true (crm_store_update_meeting (store, standup, &error));
  g_assert_no_error (error);
  settle (100);
  g_free (days);
  days = days_with_chip (grid, "9:00 AM Standup");
  g_assert_cmpstr (days, ==, "");
  g_free (days);
  days = days_with_chip (grid, "9:00 AM Daily");
  g_assert_cmpstr (days, ==, "5 7 14 19 21 26 28");
}

/* A day with only a later occurrence of a weekly meeting lists it in the
 * agenda, at that day's time, in order; opening the row shows the series. */
static void
test_agenda_occurrences (Fixture       *f,
                         gconstpointer  data)
{
  CrmCalendarView *calendar = crm_window_get_calendar_view (f->window);
  CrmMonthGrid *grid = crm_calendar_view_get_grid (calendar);
  CrmStore *store = crm_window_get_store (f->window);
  GListModel *agenda;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 5, 5, 9, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2025, 5, 5, 9, 30, 0);
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2025, 5, 19, 9, 0, 0);
  g_autoptr(GDateTime) lunch = g_date_time_new_utc (2025, 5, 19, 12, 0, 0);
  g_autoptr(GDateTime) early = g_date_time_new_utc (2025, 5, 19, 8, 0, 0);
  g_autoptr(CrmMeeting) standup = crm_meeting_new ("Standup");
  g_autoptr(CrmMeeting) once = crm_meeting_new ("Lunch");
  g_autoptr(CrmMeeting) first = crm_meeting_new ("Breakfast");
  g_autoptr(CrmMeeting) listed = NULL;
  g_autoptr(GError) error = NULL;
  CrmMeeting *shown;

  crm_meeting_set_span (standup, start, end);
  crm_meeting_set_rrule (standup, "FREQ=WEEKLY");
  /* The calendar it came from moved the next one to Tuesday afternoon. */
  crm_meeting_set_extra_ical (standup,
    "BEGIN:VEVENT\nUID:standup\nRECURRENCE-ID:20250526T090000Z\nDTSTART:20250527T140000Z\n"
    "DTEND:20250527T150000Z\nSUMMARY:Standup (moved)\nEND:VEVENT");
  g_assert_true (crm_store_insert_meeting (store, standup, &error));
  crm_meeting_set_span (once, lunch, lunch);
  g_assert_true (crm_store_insert_meeting (store, once, &error));
  crm_meeting_set_span (first, early, early);
  g_assert_true (crm_store_insert_meeting (store, first, &error));
  g_assert_no_error (error);
  crm_window_set_view (f->window, "calendar");
  settle (100);

  /* Home is the 21st; two days back, Monday the 19th. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (grid)));
  press_key (f, GDK_KEY_Home, 0);
  press_key (f, GDK_KEY_Left, 0);
  press_key (f, GDK_KEY_Left, 0);
  assert_selected (grid, 2025, 5, 19);
  agenda = G_LIST_MODEL (crm_calendar_view_get_agenda (calendar));
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 3);
  listed = g_list_model_get_item (agenda, 1);
  g_assert_cmpint (crm_meeting_get_id (listed), ==, crm_meeting_get_id (standup));
  g_assert_true (g_date_time_equal (crm_meeting_get_start (listed), monday));
  g_assert_nonnull (find_label (GTK_WIDGET (calendar), "Standup"));
  g_clear_object (&listed);

  /* The moved one shows where it went, as long and as named as it is now;
   * its Monday has none. */
  for (guint i = 0; i < 7; i++)
    press_key (f, GDK_KEY_Right, 0);
  assert_selected (grid, 2025, 5, 26);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 0);
  press_key (f, GDK_KEY_Right, 0);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 1);
  listed = g_list_model_get_item (agenda, 0);
  g_assert_cmpint (crm_meeting_get_id (listed), ==, crm_meeting_get_id (standup));
  g_assert_cmpstr (crm_meeting_get_title (listed), ==, "Standup (moved)");
  g_assert_cmpint (g_date_time_difference (crm_meeting_get_end (listed), crm_meeting_get_start (listed)), ==,
                   G_TIME_SPAN_HOUR);
  for (guint i = 0; i < 8; i++)
    press_key (f, GDK_KEY_Left, 0);
  assert_selected (grid, 2025, 5, 19);

  /* Enter focuses the agenda's first row; Down, Enter opens the series. */
  g_assert_true (press_key (f, GDK_KEY_Return, 0));
  press_key (f, GDK_KEY_Down, 0);
  press_key (f, GDK_KEY_Return, 0);
  settle (100);
  g_assert_true (crm_calendar_view_get_showing_details (calendar));
  shown = crm_meeting_details_get_meeting (crm_calendar_view_get_details (calendar));
  g_assert_nonnull (shown);
  g_assert_cmpint (crm_meeting_get_id (shown), ==, crm_meeting_get_id (standup));
  g_assert_true (g_date_time_equal (crm_meeting_get_start (shown), start));
}

/* A big step says on the message line that it is running, until it is
 * done; a small one does not. */
static void
test_big_undo_says_running (Fixture       *f,
                            gconstpointer  data)
{
  CrmStore *store = crm_window_get_store (f->window);
  g_autoptr(CrmChange) change = crm_change_new ("Import many.vcf");
  g_autoptr(GError) error = NULL;

  /* The fixture's toasts done showing, as a person's would be. */
  settle (500);
  g_assert_true (crm_store_begin (store, &error));
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Many %04u", i);
      g_autoptr(CrmContact) contact = crm_contact_new (name);

      g_assert_true (crm_store_insert_contact (store, contact, &error));
      crm_change_add (change, NULL, G_OBJECT (contact));
    }
  g_assert_true (crm_store_commit (store, &error));
  g_assert_no_error (error);
  settle (500);
  crm_window_record_change (f->window, change, "Imported 1200 contacts");
  settle (500);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_true (label_shown (GTK_WIDGET (f->window), "Undoing “Import many.vcf”…"));
  settle (1000);
  g_assert_cmpint (count_contacts (f), ==, 3);
  g_assert_null (find_label (GTK_WIDGET (f->window), "Undoing “Import many.vcf”…"));

  run (f, "Delete contact Sam Lee");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_null (find_label (GTK_WIDGET (f->window), "Undoing “Delete Sam Lee”…"));
  settle (100);
  g_assert_cmpint (count_contacts (f), ==, 3);
}

/* Run from the build tree, the window speaks the language asked for. */
static void
test_german (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *mo = g_build_filename (BUILD_LOCALEDIR, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  CrmWindow *window;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no German catalog built (msgfmt missing?)");
      return;
    }
  g_setenv ("LANGUAGE", "de", TRUE);
  crm_application_setup_i18n (TRUE);
  window = g_object_ref_sink (crm_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  settle (100);
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Kontakte"));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Kalender"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_unsetenv ("LANGUAGE");
  crm_application_setup_i18n (TRUE);
  settle (50);
}

static gboolean
is_message_dialog_over (GtkWindow  *window,
                        GtkWindow  *parent,
                        const char *heading)
{
  return ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
         gtk_window_get_transient_for (window) == parent &&
         g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0;
}

/* A message dialog over @parent with @heading, or NULL. */
static AdwMessageDialog *
find_message_dialog (GtkWindow  *parent,
                     const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (is_message_dialog_over (window, parent, heading))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static guint
count_message_dialogs (GtkWindow  *parent,
                       const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      n += is_message_dialog_over (window, parent, heading);
    }
  return n;
}

/* Importing a file with broken entries from the window: the good ones come
 * in, and a dialog lists the skipped ones by line, as the command line
 * does; closed, the command bar has the focus again. */
static void
test_import_lists_skipped (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = crm_test_data_path ("broken.ics");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *dialog = NULL;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  const char *text;

  crm_window_import_file (f->window, file);
  while (!(dialog = find_message_dialog (GTK_WINDOW (f->window), "Some Entries Were Skipped")) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Imported 2 meetings; skipped 3 entries");
  text = gtk_label_get_text (GTK_LABEL (find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LABEL)));
  g_assert_true (g_str_has_prefix (text, "line 10: "));
  g_assert_nonnull (strstr (text, "20241332T250000Z"));
  g_assert_nonnull (strstr (text, "\nline 15: "));
  g_assert_nonnull (strstr (text, "\nline 19: "));
  g_assert_true (crm_history_can_undo (crm_window_get_history (f->window)));

  gtk_window_close (GTK_WINDOW (dialog)); /* Escape */
  settle (100);
  g_assert_null (find_message_dialog (GTK_WINDOW (f->window), "Some Entries Were Skipped"));
  g_assert_true (focus_is_in (f, GTK_WIDGET (entry (f))));
}

/* Emits the window's file drop as GTK does when files are dropped on it. */
static gboolean
drop_files (Fixture *f,
            GSList  *files)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &taken);
          return taken;
        }
    }
  g_assert_not_reached ();
}

/* A vCard file dropped on the window is imported (with Undo); two at once
 * are refused, with a word, and change nothing. */
static void
test_drop_imports (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = crm_test_data_path ("awkward-3.0.vcf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other = g_file_new_for_path (path);
  GSList one = { file, NULL };
  GSList two = { file, &(GSList) { other, NULL } };
  gint64 before = count_contacts (f);
  gboolean timed_out = FALSE;
  guint id;

  g_assert_false (drop_files (f, &two));
  settle (100);
  g_assert_cmpint (count_contacts (f), ==, before);

  g_assert_true (drop_files (f, &one));
  /* A second while the first is imported: refused, no second dialog. */
  g_assert_true (drop_files (f, &one));
  g_assert_cmpuint (count_message_dialogs (GTK_WINDOW (f->window), "Importing awkward-3.0.vcf…"), ==, 1);
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (count_contacts (f) == before && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  settle (100);
  g_assert_cmpint (count_contacts (f), ==, before + 2);
  g_assert_true (crm_history_can_undo (crm_window_get_history (f->window)));
}

/* Export from the window: the command bar says it runs, the file gets
 * every contact, and the bar is back to its hint after. */
static void
test_export_says_it_runs (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (dir, "out.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *bar = GTK_WIDGET (crm_window_get_command_bar (f->window));
  g_autofree char *text = NULL;
  gboolean timed_out = FALSE;
  guint id;

  crm_window_export_file (f->window, file);
  g_assert_true (label_shown (bar, "Exporting to out.vcf…"));
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (label_shown (bar, "Exporting to out.vcf…") && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "FN:Maria Lopez"));
  g_assert_nonnull (strstr (text, "FN:Marco Rossi"));
  g_assert_nonnull (strstr (text, "FN:Sam Lee"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status;

  /* The test accessibility backend keeps what each widget says. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("SMART_CRM_NO_KEYRING", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  crm_application_setup_i18n (TRUE);
  adw_init ();
  dir = crm_test_make_dir ();
  db = g_build_filename (dir, "crm.sqlite3", NULL);
  /* Online, so one test can put a fake Gemini in the way; the others run
   * with no key and the mode off (tests/meson.build). */
  app = crm_application_new (db, "2025-05-21T10:00:00", FALSE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) g_test_add ("/gui/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("window-opens", test_window_opens);
  ADD ("add-selects", test_add_selects);
  ADD ("search-enter-shows-details", test_search_enter_shows_details);
  ADD ("undo-leaves-details", test_undo_leaves_details);
  ADD ("step-toasts", test_step_toasts);
  ADD ("upgrade-in-worker", test_upgrade_in_worker);
  ADD ("waits-for-busy-file", test_waits_for_busy_file);
  ADD ("busy-after-probe-not-frozen", test_busy_after_probe_not_frozen);
  ADD ("import-lists-skipped", test_import_lists_skipped);
  ADD ("drop-imports", test_drop_imports);
  ADD ("export-says-it-runs", test_export_says_it_runs);
  ADD ("find-meetings-shows-agenda", test_find_meetings_shows_agenda);
  ADD ("find-filters-live", test_find_filters_live);
  ADD ("find-one-shows-details", test_find_one_shows_details);
  ADD ("meeting-repeats-shown", test_meeting_repeats_shown);
  ADD ("big-undo-says-running", test_big_undo_says_running);
  ADD ("month-grid-occurrences", test_month_grid_occurrences);
  ADD ("agenda-occurrences", test_agenda_occurrences);
  ADD ("unknown-writes-nothing", test_unknown_writes_nothing);
  ADD ("click-row-shows-details", test_click_row_shows_details);
  ADD ("edit-in-place-and-undo", test_edit_in_place_and_undo);
  ADD ("notes-of-several-lines", test_notes_of_several_lines);
  ADD ("undo-delete", test_undo_delete);
  ADD ("schedule-shows-meeting", test_schedule_shows_meeting);
  ADD ("history-walk", test_history_walk);
  ADD ("escape-clears", test_escape_clears);
  ADD ("escape-cancels", test_escape_cancels);
  ADD ("ambiguity-dialog", test_ambiguity_dialog);
  ADD ("ctrl-z-in-text", test_ctrl_z_in_text);
  ADD ("alt-switches-views", test_alt_switches_views);
  ADD ("views-built-on-first-use", test_views_built_on_first_use);
  ADD ("shortcuts-window-on-demand", test_shortcuts_window_on_demand);
  ADD ("month-grid-keys", test_month_grid_keys);
  ADD ("escape-in-details", test_escape_in_details);
  ADD ("tab-order", test_tab_order);
  ADD ("accessible-names", test_accessible_names);
  ADD ("more-details", test_more_details);
  ADD ("german", test_german);
#undef ADD
  status = g_test_run ();
  crm_test_remove_dir (dir);
  g_free (dir);
  g_clear_object (&app);
  return status;
}
