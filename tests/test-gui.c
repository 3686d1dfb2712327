/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "crm-application.h"
#include "crm-candidates-dialog.h"
#include "crm-test-util.h"
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

static gint64
count_contacts (Fixture *f)
{
  return crm_store_count_contacts (crm_window_get_store (f->window));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  crm_test_remove_dir (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  f->window = crm_window_new (app);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_signal_connect_after (crm_window_get_command_bar (f->window), "outcome", G_CALLBACK (outcome_cb), f);
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

static void
test_history_walk (Fixture       *f,
                   gconstpointer  data)
{
  GtkEditable *e = entry (f);

  /* Up/Down arrive as key events; the bar's history is reached through
   * the same entry, so submit and check what is remembered. */
  type_text (f, "");
  crm_command_bar_submit (crm_window_get_command_bar (f->window), "find sam");
  wait_for (&f->outcomes, f->outcomes + 1);
  g_assert_cmpstr (gtk_editable_get_text (e), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (crm_contacts_view_get_model (crm_window_get_contacts_view (f->window)))), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  dir = crm_test_make_dir ();
  db = g_build_filename (dir, "crm.sqlite3", NULL);
  app = crm_application_new (db, "2025-05-21T10:00:00", TRUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) g_test_add ("/gui/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("window-opens", test_window_opens);
  ADD ("add-selects", test_add_selects);
  ADD ("find-filters-live", test_find_filters_live);
  ADD ("unknown-writes-nothing", test_unknown_writes_nothing);
  ADD ("click-row-shows-details", test_click_row_shows_details);
  ADD ("edit-in-place-and-undo", test_edit_in_place_and_undo);
  ADD ("undo-delete", test_undo_delete);
  ADD ("schedule-shows-meeting", test_schedule_shows_meeting);
  ADD ("find-command", test_history_walk);
#undef ADD
  status = g_test_run ();
  crm_test_remove_dir (dir);
  g_free (dir);
  g_clear_object (&app);
  return status;
}
