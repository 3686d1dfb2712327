/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-executor.h"
#include "crm-history.h"
#include "crm-record-list.h"
#include "crm-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  CrmStore *store;
  CrmExecutor *executor;
  CrmHistory *history;
  GDateTime *now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = crm_test_make_dir ();
  f->path = g_build_filename (f->dir, "crm.sqlite3", NULL);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);
  f->executor = crm_executor_new (f->store);
  f->history = crm_history_new (f->store);
  f->now = g_date_time_new_local (2025, 5, 21, 10, 0, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->executor);
  g_clear_object (&f->store);
  g_date_time_unref (f->now);
  crm_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static CrmCommand *
command (CrmIntent intent)
{
  CrmCommand *c = crm_command_new ("test");

  crm_command_set_intent (c, intent);
  crm_command_set_confidence (c, 0.9);
  return c;
}

static CrmOutcome *
run (Fixture    *f,
     CrmCommand *c)
{
  CrmOutcome *outcome = crm_executor_execute (f->executor, c, f->now, 0);

  if (crm_outcome_get_change (outcome))
    crm_history_push (f->history, crm_outcome_get_change (outcome));
  return outcome;
}

static CrmOutcomeStatus
add_contact (Fixture    *f,
             const char *name,
             const char *email)
{
  g_autoptr(CrmCommand) c = command (CRM_INTENT_ADD_CONTACT);
  g_autoptr(CrmOutcome) o = NULL;

  crm_command_set_field (c, CRM_FIELD_NAME, name);
  crm_command_set_field (c, CRM_FIELD_EMAIL, email);
  o = run (f, c);
  return crm_outcome_get_status (o);
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  CrmChange **change = data;
  g_autoptr(GError) error = NULL;

  *change = crm_history_step_finish (CRM_HISTORY (source), result, &error);
  g_assert_no_error (error);
}

static CrmChange *
wait_for_step (CrmHistory *history,
               gboolean    undo)
{
  CrmChange *change = NULL;

  (undo ? crm_history_undo_async : crm_history_redo_async) (history, step_done_cb, &change);
  /* While the worker runs, no second step can start. */
  g_assert_false (crm_history_can_undo (history));
  g_assert_false (crm_history_can_redo (history));
  while (change == NULL)
    g_main_context_iteration (NULL, TRUE);
  return change;
}

static CrmOutcome *
schedule (Fixture    *f,
          const char *title,
          int         day,
          int         hour,
          const char *attendee)
{
  g_autoptr(CrmCommand) c = command (CRM_INTENT_SCHEDULE_MEETING);
  g_autoptr(GDateTime) start = g_date_time_new_local (2025, 5, day, hour, 0, 0);

  crm_command_set_field (c, CRM_FIELD_TITLE, title);
  crm_command_set_time (c, CRM_TIME_START, start);
  crm_command_add_attendee (c, attendee);
  return run (f, c);
}

static void
test_add_and_confirm (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CrmCommand) c = command (CRM_INTENT_ADD_CONTACT);
  g_autoptr(CrmOutcome) o = NULL;

  crm_command_set_field (c, CRM_FIELD_NAME, "Maria Lopez");
  crm_command_set_field (c, CRM_FIELD_EMAIL, "maria.lopez@acme.com");
  crm_command_set_field (c, CRM_FIELD_PHONE, "555-0101");
  o = run (f, c);
  g_assert_cmpint (crm_outcome_get_status (o), ==, CRM_OUTCOME_DONE);
  g_assert_cmpstr (crm_outcome_get_message (o), ==, "Added Maria Lopez (maria.lopez@acme.com, 555-0101).");
  g_assert_true (CRM_IS_CONTACT (crm_outcome_get_focus (o)));
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);

  /* The same email again is refused and writes nothing. */
  g_assert_cmpint (add_contact (f, "Maria Again", "Maria.Lopez@acme.com"), ==, CRM_OUTCOME_FAILED);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
}

static void
test_unknown_and_incomplete_write_nothing (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(CrmCommand) unknown = command (CRM_INTENT_UNKNOWN);
  g_autoptr(CrmCommand) no_time = command (CRM_INTENT_SCHEDULE_MEETING);
  g_autoptr(CrmCommand) flagged = command (CRM_INTENT_ADD_CONTACT);
  g_autoptr(CrmOutcome) a = NULL;
  g_autoptr(CrmOutcome) b = NULL;
  g_autoptr(CrmOutcome) c = NULL;
  g_autoptr(GArray) meetings = NULL;

  a = run (f, unknown);
  g_assert_cmpint (crm_outcome_get_status (a), ==, CRM_OUTCOME_NOTHING);
  crm_command_add_attendee (no_time, "Joan");
  b = run (f, no_time);
  g_assert_cmpint (crm_outcome_get_status (b), ==, CRM_OUTCOME_NOTHING);
  g_assert_cmpstr (crm_outcome_get_message (b), ==, "When? Add a time, like 'at 3pm'.");
  crm_command_set_field (flagged, CRM_FIELD_NAME, "Someone");
  crm_command_set_error (flagged, "Please confirm.");
  c = run (f, flagged);
  g_assert_cmpint (crm_outcome_get_status (c), ==, CRM_OUTCOME_NOTHING);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 0);
  meetings = crm_store_search_meeting_ids (f->store, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (meetings->len, ==, 0);
  g_assert_false (crm_history_can_undo (f->history));
}

static void
test_schedule_links_and_confirms (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CrmOutcome) o = NULL;
  g_autoptr(CrmOutcome) overlap = NULL;
  CrmMeeting *m;

  g_assert_cmpint (add_contact (f, "Joan Aleric", "joan@example.com"), ==, CRM_OUTCOME_DONE);
  o = schedule (f, "Meeting with Joan Aleric about the new proposal", 28, 15, "joan aleric");
  g_assert_cmpint (crm_outcome_get_status (o), ==, CRM_OUTCOME_DONE);
  g_assert_cmpstr (crm_outcome_get_message (o), ==,
                   "Scheduled 'Meeting with Joan Aleric about the new proposal' for Wed, May 28 at 3:00 PM with Joan Aleric.");
  m = CRM_MEETING (crm_outcome_get_focus (o));
  g_assert_cmpint (g_array_index (crm_meeting_get_attendees (m), CrmAttendee, 0).contact_id, >, 0);
  g_assert_cmpint (g_date_time_difference (crm_meeting_get_end (m), crm_meeting_get_start (m)), ==, G_TIME_SPAN_HOUR);

  overlap = schedule (f, "Budget review", 28, 15, "Sam Lee");
  g_assert_nonnull (strstr (crm_outcome_get_notice (overlap), "overlaps Meeting with Joan Aleric"));
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrmOutcome) first = schedule (f, "Budget review", 28, 15, "Sam Lee");
  g_autoptr(CrmCommand) c = command (CRM_INTENT_SCHEDULE_MEETING);
  g_autoptr(CrmCommand) later = command (CRM_INTENT_SCHEDULE_MEETING);
  g_autoptr(GDateTime) start = g_date_time_new_local (2025, 5, 28, 15, 30, 0);
  g_autoptr(GDateTime) free_start = g_date_time_new_local (2025, 5, 28, 17, 0, 0);
  g_autofree char *line = NULL;
  g_autofree char *free_line = NULL;
  g_autoptr(GArray) all = NULL;
  gboolean warning = FALSE;

  crm_command_set_field (c, CRM_FIELD_TITLE, "Meeting with Joan Aleric about the new proposal");
  crm_command_set_time (c, CRM_TIME_START, start);
  crm_command_add_attendee (c, "Joan Aleric");
  line = crm_executor_preview (f->executor, c, f->now, &warning);
  g_assert_cmpstr (line, ==, "Schedule 'Meeting with Joan Aleric about the new proposal' · Wed, May 28, "
                             "3:30–4:30 PM · with Joan Aleric · It overlaps Budget review, Wed, May 28, 3:00–4:00 PM.");
  g_assert_true (warning);

  crm_command_set_field (later, CRM_FIELD_TITLE, "Later");
  crm_command_set_time (later, CRM_TIME_START, free_start);
  free_line = crm_executor_preview (f->executor, later, f->now, &warning);
  g_assert_false (warning);
  /* A preview writes nothing. */
  all = crm_store_search_meeting_ids (f->store, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 1);
}

static void
test_ambiguous_names_ask (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrmOutcome) o = NULL;
  g_autoptr(CrmCommand) del = command (CRM_INTENT_DELETE_CONTACT);
  g_autoptr(CrmOutcome) d = NULL;
  g_autoptr(CrmOutcome) chosen = NULL;
  gint64 pick;

  add_contact (f, "Joan Smith", "js1@example.com");
  add_contact (f, "Joan Smith", "js2@example.com");
  o = schedule (f, "Sync", 28, 9, "Joan Smith");
  g_assert_cmpint (crm_outcome_get_status (o), ==, CRM_OUTCOME_AMBIGUOUS);
  g_assert_cmpuint (crm_outcome_get_records (o)->len, ==, 2);

  crm_command_set_field (del, CRM_FIELD_TARGET, "Joan");
  d = run (f, del);
  g_assert_cmpint (crm_outcome_get_status (d), ==, CRM_OUTCOME_AMBIGUOUS);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 2);

  /* The person picks one: exactly that one goes. */
  pick = crm_contact_get_id (g_ptr_array_index (crm_outcome_get_records (d), 1));
  chosen = crm_executor_execute (f->executor, del, f->now, pick);
  g_assert_cmpint (crm_outcome_get_status (chosen), ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
  g_assert_null (crm_store_get_contact (f->store, pick, NULL));
}

static void
test_undo_delete_restores_links (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CrmOutcome) s = NULL;
  g_autoptr(CrmCommand) del = command (CRM_INTENT_DELETE_CONTACT);
  g_autoptr(CrmOutcome) d = NULL;
  g_autoptr(CrmContact) joan_before = NULL;
  g_autoptr(CrmContact) joan_after = NULL;
  g_autoptr(CrmMeeting) meeting_before = NULL;
  g_autoptr(CrmMeeting) meeting_after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 meeting_id;
  g_autoptr(GPtrArray) joans = NULL;

  add_contact (f, "Joan Aleric", "joan@example.com");
  s = schedule (f, "Proposal", 28, 15, "Joan Aleric");
  meeting_id = crm_meeting_get_id (CRM_MEETING (crm_outcome_get_focus (s)));
  joans = crm_store_find_contacts_by_name (f->store, "Joan Aleric", NULL);
  joan_before = g_object_ref (g_ptr_array_index (joans, 0));
  meeting_before = crm_store_get_meeting (f->store, meeting_id, NULL);

  crm_command_set_field (del, CRM_FIELD_TARGET, "Joan Aleric");
  d = run (f, del);
  g_assert_cmpint (crm_outcome_get_status (d), ==, CRM_OUTCOME_DONE);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 0);

  g_object_unref (wait_for_step (f->history, TRUE));
  joan_after = crm_store_get_contact (f->store, crm_contact_get_id (joan_before), &error);
  g_assert_no_error (error);
  g_assert_true (crm_contact_equal (joan_before, joan_after));
  meeting_after = crm_store_get_meeting (f->store, meeting_id, &error);
  g_assert_true (crm_meeting_equal (meeting_before, meeting_after));

  g_object_unref (wait_for_step (f->history, FALSE));
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 0);
}

/* The window's undo: the store's work in a worker thread, the stacks moved
 * when it is done. */
static void
test_undo_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmChange) undone = NULL;
  g_autoptr(CrmChange) redone = NULL;

  add_contact (f, "Joan Aleric", "joan@example.com");
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
  undone = wait_for_step (f->history, TRUE);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 0);
  g_assert_false (crm_history_can_undo (f->history));
  g_assert_true (crm_history_can_redo (f->history));
  redone = wait_for_step (f->history, FALSE);
  g_assert_true (redone == undone);
  g_assert_cmpint (crm_store_count_contacts (f->store), ==, 1);
  g_assert_true (crm_history_can_undo (f->history));
  g_assert_false (crm_history_can_redo (f->history));
}

static void
test_reschedule_keeps_length_and_undoes (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(CrmOutcome) s = NULL;
  g_autoptr(CrmCommand) move = command (CRM_INTENT_RESCHEDULE_MEETING);
  g_autoptr(GDateTime) new_start = g_date_time_new_local (2025, 5, 30, 10, 0, 0);
  g_autoptr(CrmOutcome) m = NULL;
  g_autoptr(CrmMeeting) moved = NULL;
  g_autoptr(CrmMeeting) back = NULL;
  gint64 id;

  s = schedule (f, "Proposal", 28, 15, "Joan Aleric");
  id = crm_meeting_get_id (CRM_MEETING (crm_outcome_get_focus (s)));
  crm_command_set_field (move, CRM_FIELD_TARGET, "Joan");
  crm_command_set_time (move, CRM_TIME_START, new_start);
  m = run (f, move);
  g_assert_cmpint (crm_outcome_get_status (m), ==, CRM_OUTCOME_DONE);
  g_assert_cmpstr (crm_outcome_get_message (m), ==, "Moved 'Proposal' to Fri, May 30 at 10:00 AM.");
  moved = crm_store_get_meeting (f->store, id, NULL);
  g_assert_cmpint (g_date_time_difference (crm_meeting_get_end (moved), crm_meeting_get_start (moved)), ==, G_TIME_SPAN_HOUR);
  g_object_unref (wait_for_step (f->history, TRUE));
  back = crm_store_get_meeting (f->store, id, NULL);
  g_assert_cmpint (g_date_time_get_day_of_month (crm_meeting_get_start (back)), ==, 28);
}

/* "Move it to Friday": the day changes, the time of day stays. */
static void
test_reschedule_date_only (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CrmOutcome) s = schedule (f, "Proposal", 28, 15, "Joan Aleric");
  g_autoptr(CrmCommand) move = command (CRM_INTENT_RESCHEDULE_MEETING);
  g_autoptr(GDateTime) friday = g_date_time_new_local (2025, 5, 30, 0, 0, 0);
  g_autoptr(CrmOutcome) m = NULL;
  g_autoptr(CrmMeeting) moved = NULL;
  g_autoptr(GDateTime) local = NULL;

  crm_command_set_field (move, CRM_FIELD_TARGET, "Joan");
  crm_command_set_time (move, CRM_TIME_START, friday);
  crm_command_set_date_only (move, TRUE);
  m = run (f, move);
  g_assert_cmpint (crm_outcome_get_status (m), ==, CRM_OUTCOME_DONE);
  moved = crm_store_get_meeting (f->store, crm_meeting_get_id (CRM_MEETING (crm_outcome_get_focus (s))), NULL);
  local = g_date_time_to_local (crm_meeting_get_start (moved));
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 30);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 15);
}

/* "Push it to 2pm": the time changes, the day stays. */
static void
test_reschedule_time_only (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CrmOutcome) s = schedule (f, "Lunch", 28, 13, "Sam");
  g_autoptr(CrmCommand) move = command (CRM_INTENT_RESCHEDULE_MEETING);
  g_autoptr(GDateTime) two_today = g_date_time_new_local (2025, 5, 21, 14, 0, 0);
  g_autoptr(CrmOutcome) m = NULL;
  g_autoptr(CrmMeeting) moved = NULL;
  g_autoptr(GDateTime) local = NULL;

  crm_command_set_field (move, CRM_FIELD_TARGET, "Sam");
  crm_command_set_time (move, CRM_TIME_START, two_today);
  crm_command_set_time_only (move, TRUE);
  m = run (f, move);
  g_assert_cmpint (crm_outcome_get_status (m), ==, CRM_OUTCOME_DONE);
  moved = crm_store_get_meeting (f->store, crm_meeting_get_id (CRM_MEETING (crm_outcome_get_focus (s))), NULL);
  local = g_date_time_to_local (crm_meeting_get_start (moved));
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 28);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 14);
}

static void
test_cancel_needs_one_match (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CrmOutcome) a = schedule (f, "Sync A", 28, 9, "Joan Aleric");
  g_autoptr(CrmOutcome) b = schedule (f, "Sync B", 29, 9, "Joan Aleric");
  g_autoptr(CrmCommand) cancel = command (CRM_INTENT_CANCEL_MEETING);
  g_autoptr(CrmCommand) cancel_day = command (CRM_INTENT_CANCEL_MEETING);
  g_autoptr(GDateTime) day = g_date_time_new_local (2025, 5, 29, 0, 0, 0);
  g_autoptr(CrmOutcome) c1 = NULL;
  g_autoptr(CrmOutcome) c2 = NULL;
  g_autoptr(GArray) left = NULL;

  crm_command_set_field (cancel, CRM_FIELD_TARGET, "Joan");
  c1 = run (f, cancel);
  g_assert_cmpint (crm_outcome_get_status (c1), ==, CRM_OUTCOME_AMBIGUOUS);
  crm_command_set_field (cancel_day, CRM_FIELD_TARGET, "Joan");
  crm_command_set_time (cancel_day, CRM_TIME_START, day);
  c2 = run (f, cancel_day);
  g_assert_cmpint (crm_outcome_get_status (c2), ==, CRM_OUTCOME_DONE);
  g_assert_nonnull (strstr (crm_outcome_get_message (c2), "Sync B"));
  left = crm_store_search_meeting_ids (f->store, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (left->len, ==, 1);
}

static void
test_find_commands (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CrmCommand) find = command (CRM_INTENT_FIND_CONTACT);
  g_autoptr(CrmCommand) none = command (CRM_INTENT_FIND_CONTACT);
  g_autoptr(CrmCommand) week = command (CRM_INTENT_FIND_MEETINGS);
  g_autoptr(GDateTime) from = g_date_time_new_local (2025, 5, 26, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2025, 5, 30, 0, 0, 0);
  g_autoptr(CrmOutcome) a = NULL;
  g_autoptr(CrmOutcome) b = NULL;
  g_autoptr(CrmOutcome) c = NULL;
  g_autoptr(CrmOutcome) s1 = schedule (f, "In range", 28, 9, "X");
  g_autoptr(CrmOutcome) s2 = schedule (f, "Too late", 31, 9, "X");

  add_contact (f, "Maria Lopez", NULL);
  add_contact (f, "Mark Twain", NULL);
  add_contact (f, "Zed", NULL);
  crm_command_set_field (find, CRM_FIELD_QUERY, "mar");
  a = run (f, find);
  g_assert_cmpint (crm_outcome_get_status (a), ==, CRM_OUTCOME_DONE);
  g_assert_cmpuint (crm_outcome_get_records (a)->len, ==, 2);
  g_assert_cmpstr (crm_outcome_get_message (a), ==, "Found 2 contacts matching “mar”.");
  crm_command_set_field (none, CRM_FIELD_QUERY, "nobody");
  b = run (f, none);
  g_assert_cmpint (crm_outcome_get_status (b), ==, CRM_OUTCOME_NOT_FOUND);

  /* A find lists a screenful, and says how many matched in all. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("Marco %02u", i);
      g_assert_cmpint (add_contact (f, name, NULL), ==, CRM_OUTCOME_DONE);
    }
  g_clear_object (&a);
  a = run (f, find);
  g_assert_cmpuint (crm_outcome_get_records (a)->len, ==, 50);
  g_assert_cmpstr (crm_outcome_get_message (a), ==, "Found 62 contacts matching “mar”; the first 50 are listed.");

  crm_command_set_time (week, CRM_TIME_FROM, from);
  crm_command_set_time (week, CRM_TIME_TO, to);
  c = run (f, week);
  g_assert_cmpuint (crm_outcome_get_records (c)->len, ==, 1);
  g_assert_cmpstr (crm_meeting_get_title (g_ptr_array_index (crm_outcome_get_records (c), 0)), ==, "In range");
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *calls)
{
  (*calls)++;
}

static void
test_record_list_follows_store (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CrmRecordList) list = crm_record_list_new (f->store, CRM_RECORD_CONTACTS);
  g_autoptr(CrmContact) first = NULL;
  guint calls = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &calls);
  add_contact (f, "Bob", NULL);
  add_contact (f, "alice", NULL);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (calls, >=, 2);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (crm_contact_get_name (first), ==, "alice");

  crm_record_list_set_query (list, "bo");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  crm_record_list_set_query (list, NULL);
  g_assert_cmpuint (crm_record_list_find (list, crm_contact_get_id (first)), ==, 0);
}

static void
record_last_change (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    guint      *change)
{
  change[0] = position;
  change[1] = removed;
  change[2] = added;
}

/* A search shows its first page at once and the rest when a worker thread
 * has read it, appended without disturbing what is shown. */
static void
test_record_list_pages (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRecordList) list = NULL;
  guint change[3] = { 0 };

  g_assert_true (crm_store_begin (f->store, &error));
  for (guint i = 0; i < 450; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %03u", i);
      g_autoptr(CrmContact) c = crm_contact_new (name);
      g_assert_true (crm_store_insert_contact (f->store, c, &error));
    }
  g_assert_true (crm_store_commit (f->store, &error));
  while (g_main_context_iteration (NULL, FALSE));

  list = crm_record_list_new (f->store, CRM_RECORD_CONTACTS);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_last_change), change);
  crm_record_list_set_query (list, "mem");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 64);
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) < 450)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (change[0], ==, 64);
  g_assert_cmpuint (change[1], ==, 0);
  g_assert_cmpuint (change[2], ==, 450 - 64);
  for (guint i = 0; i < 450; i += 149)
    {
      g_autoptr(CrmContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *expected = g_strdup_printf ("Member %03u", i);
      g_assert_cmpstr (crm_contact_get_name (c), ==, expected);
    }

  /* Typing fast: each keystroke's load replaces the last one's; the list
   * ends as the last query says. */
  crm_record_list_set_query (list, "m");
  crm_record_list_set_query (list, "me");
  crm_record_list_set_query (list, "mem");
  crm_record_list_set_query (list, "memb");
  crm_record_list_set_query (list, "member 1");
  crm_record_list_set_query (list, "member");
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) != 450)
    g_main_context_iteration (NULL, TRUE);
  crm_record_list_set_query (list, "zzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* With many contacts, the list follows this store's own writes in place
 * (no reload of every id) and ends in the same order a reload gives. */
static void
test_record_list_in_place (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRecordList) list = NULL;
  g_autoptr(GArray) expected = NULL;
  guint n = 20000 + 10;
  guint change[3] = { 0 };

  g_assert_true (crm_store_begin (f->store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %05u", i * 7 % n);
      g_autoptr(CrmContact) c = crm_contact_new (name);
      g_assert_true (crm_store_insert_contact (f->store, c, &error));
    }
  g_assert_true (crm_store_commit (f->store, &error));
  while (g_main_context_iteration (NULL, FALSE));

  list = crm_record_list_new (f->store, CRM_RECORD_CONTACTS);
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) < n)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_last_change), change);

  g_assert_cmpint (add_contact (f, "Person 00003b", NULL), ==, CRM_OUTCOME_DONE);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  g_assert_cmpuint (change[0], ==, 4);
  g_assert_cmpuint (change[2], ==, 1);
  {
    g_autoptr(CrmContact) c = g_list_model_get_item (G_LIST_MODEL (list), 4);
    g_assert_cmpstr (crm_contact_get_name (c), ==, "Person 00003b");
  }

  /* A rename moves the row; a delete removes it. */
  {
    g_autoptr(CrmCommand) rename = command (CRM_INTENT_UPDATE_CONTACT);
    g_autoptr(CrmCommand) del = command (CRM_INTENT_DELETE_CONTACT);
    g_autoptr(CrmOutcome) a = NULL;
    g_autoptr(CrmOutcome) b = NULL;

    crm_command_set_field (rename, CRM_FIELD_TARGET, "Person 00003b");
    crm_command_set_field (rename, CRM_FIELD_NAME, "Zed Last");
    a = run (f, rename);
    g_assert_cmpint (crm_outcome_get_status (a), ==, CRM_OUTCOME_DONE);
    crm_command_set_field (del, CRM_FIELD_TARGET, "Person 00000");
    b = run (f, del);
    g_assert_cmpint (crm_outcome_get_status (b), ==, CRM_OUTCOME_DONE);
  }
  while (g_main_context_iteration (NULL, FALSE));
  expected = crm_store_search_contact_ids (f->store, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (crm_record_list_get_id (list, i), ==, g_array_index (expected, gint64, i));
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The command line writing while the window is open: a second store on the
 * same file. The list must notice within a second. */
static void
test_record_list_sees_other_connection (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(CrmRecordList) list = crm_record_list_new (f->store, CRM_RECORD_CONTACTS);
  g_autoptr(CrmStore) other = crm_store_open (f->path, NULL);
  g_autoptr(CrmContact) c = crm_contact_new ("From Elsewhere");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint calls = 0;
  guint timeout;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &calls);
  g_signal_connect_swapped (list, "items-changed", G_CALLBACK (g_main_loop_quit), loop);
  g_assert_true (crm_store_insert_contact (other, c, NULL));
  timeout = g_timeout_add (1000, quit_loop, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  if (calls)
    g_source_remove (timeout);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/executor/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-and-confirm", test_add_and_confirm);
  ADD ("nothing-written", test_unknown_and_incomplete_write_nothing);
  ADD ("schedule", test_schedule_links_and_confirms);
  ADD ("preview", test_preview);
  ADD ("ambiguous", test_ambiguous_names_ask);
  ADD ("undo-delete", test_undo_delete_restores_links);
  ADD ("reschedule", test_reschedule_keeps_length_and_undoes);
  ADD ("reschedule-date-only", test_reschedule_date_only);
  ADD ("reschedule-time-only", test_reschedule_time_only);
  ADD ("cancel", test_cancel_needs_one_match);
  ADD ("find", test_find_commands);
  ADD ("undo-async", test_undo_async);
  ADD ("record-list", test_record_list_follows_store);
  ADD ("record-list-other-connection", test_record_list_sees_other_connection);
  ADD ("record-list-pages", test_record_list_pages);
  ADD ("record-list-in-place", test_record_list_in_place);
#undef ADD
  return g_test_run ();
}
