/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-executor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-executor.h"
#include "crm-format.h"

struct _CrmExecutor
{
  GObject parent_instance;

  CrmStore *store;
};

G_DEFINE_FINAL_TYPE (CrmExecutor, crm_executor, G_TYPE_OBJECT)

/* What one run needs; kept together so the per-intent functions stay short. */
typedef struct
{
  CrmExecutor *self;
  CrmStore *store;
  CrmCommand *command;
  GDateTime *now;
  gint64 choice;
} Run;

typedef CrmOutcome *(*IntentFunc) (Run *run);

static CrmOutcome *
outcome_printf (CrmOutcomeStatus  status,
                const char       *format,
                ...) G_GNUC_PRINTF (2, 3);

static CrmOutcome *
outcome_printf (CrmOutcomeStatus  status,
                const char       *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return crm_outcome_new (status, message);
}

static void
outcome_set_messagef (CrmOutcome *outcome,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
outcome_set_messagef (CrmOutcome *outcome,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  crm_outcome_set_message (outcome, message);
}

static CrmOutcome *
outcome_from_error (GError *error)
{
  CrmOutcomeStatus status = CRM_OUTCOME_FAILED;

  if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
    status = CRM_OUTCOME_NOT_FOUND;
  return crm_outcome_new (status, error->message);
}

static const char *
field (Run      *run,
       CrmField  f)
{
  return crm_command_get_field (run->command, f);
}

/* ---- finding the one record a command is about ---- */

static CrmOutcome *
ambiguous (GPtrArray  *candidates,
           const char *what,
           const char *target)
{
  CrmOutcome *outcome = outcome_printf (CRM_OUTCOME_AMBIGUOUS,
                                        _("%u %s fit “%s”; which one?"),
                                        candidates->len, what, target);

  for (guint i = 0; i < candidates->len; i++)
    crm_outcome_add_record (outcome, g_ptr_array_index (candidates, i));
  return outcome;
}

static GPtrArray *
contacts_for (Run        *run,
              const char *target,
              GError    **error)
{
  if (run->choice > 0)
    {
      g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
      CrmContact *contact = crm_store_get_contact (run->store, run->choice, error);

      if (!contact)
        return NULL;
      g_ptr_array_add (chosen, contact);
      return g_steal_pointer (&chosen);
    }
  if (strchr (target, '@'))
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) local_error = NULL;
      CrmContact *contact = crm_store_find_contact_by_email (run->store, target, &local_error);

      if (contact)
        g_ptr_array_add (found, contact);
      return g_steal_pointer (&found);
    }
  return crm_store_find_contacts_by_name (run->store, target, error);
}

/* Exactly one contact, or an outcome saying why not. */
static CrmOutcome *
resolve_contact (Run         *run,
                 const char  *target,
                 CrmContact **contact)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (target == NULL)
    return crm_outcome_new (CRM_OUTCOME_NOTHING, _("Who? Name the contact, like “Maria Lopez”."));
  if (!(found = contacts_for (run, target, &error)))
    return outcome_from_error (error);
  if (found->len == 0)
    return outcome_printf (CRM_OUTCOME_NOT_FOUND, _("There is no contact called “%s”."), target);
  if (found->len > 1)
    return ambiguous (found, _("contacts"), target);
  *contact = g_object_ref (g_ptr_array_index (found, 0));
  return NULL;
}

static GArray *
meeting_ids_for (Run         *run,
                 const char  *target,
                 gboolean     time_narrows,
                 GError     **error)
{
  GDateTime *from = crm_command_get_time (run->command, CRM_TIME_FROM);
  GDateTime *to = crm_command_get_time (run->command, CRM_TIME_TO);
  GDateTime *start = crm_command_get_time (run->command, CRM_TIME_START);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  GArray *ids;

  if (run->choice > 0)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, run->choice);
      return ids;
    }
  if (!from && time_narrows && start)
    {
      day = g_date_time_new_local (g_date_time_get_year (start), g_date_time_get_month (start),
                                   g_date_time_get_day_of_month (start), 0, 0, 0);
      next_day = g_date_time_add_days (day, 1);
      from = day;
      to = next_day;
    }
  if (from || to)
    return crm_store_search_meeting_ids (run->store, target, from, to, error);
  /* Upcoming ones first: "my meeting with Joan" means the next one. */
  ids = crm_store_search_meeting_ids (run->store, target, run->now, NULL, error);
  if (ids && ids->len == 0)
    {
      g_array_unref (ids);
      ids = crm_store_search_meeting_ids (run->store, target, NULL, NULL, error);
    }
  return ids;
}

static CrmOutcome *
resolve_meeting (Run         *run,
                 gboolean     time_narrows,
                 CrmMeeting **meeting)
{
  const char *target = field (run, CRM_FIELD_TARGET);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (target == NULL && crm_command_get_n_attendees (run->command) > 0)
    target = crm_command_get_attendees (run->command)[0];
  if (target == NULL && !(time_narrows && crm_command_get_time (run->command, CRM_TIME_START)) &&
      !crm_command_get_time (run->command, CRM_TIME_FROM) && run->choice == 0)
    return crm_outcome_new (CRM_OUTCOME_NOTHING,
                            _("Which meeting? Say whose or what, like “my meeting with Joan”."));
  if (!(ids = meeting_ids_for (run, target, time_narrows, &error)) ||
      !(found = crm_store_get_meetings (run->store, (gint64 *) ids->data, ids->len, &error)))
    return outcome_from_error (error);
  if (found->len == 0)
    return target ? outcome_printf (CRM_OUTCOME_NOT_FOUND, _("There is no meeting with “%s”."), target)
                  : crm_outcome_new (CRM_OUTCOME_NOT_FOUND, _("There is no meeting then."));
  if (found->len > 1)
    return ambiguous (found, _("meetings"), target ? target : _("that time"));
  *meeting = g_object_ref (g_ptr_array_index (found, 0));
  return NULL;
}

/* ---- undo snapshots ---- */

static GPtrArray *
read_meetings (CrmStore *store,
               GArray   *ids)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *meetings = crm_store_get_meetings (store, (gint64 *) ids->data, ids->len, &error);

  return meetings ? meetings : g_ptr_array_new_with_free_func (g_object_unref);
}

/* The meetings a change to this contact may touch: those linking it, and
 * those naming it without a link (which adding a contact links). */
static GArray *
meetings_touching (CrmStore   *store,
                   gint64      contact_id,
                   const char *name)
{
  g_autoptr(GArray) linked = contact_id ? crm_store_meeting_ids_with_contact (store, contact_id, NULL) : NULL;
  GArray *ids = name ? crm_store_meeting_ids_with_attendee (store, name, NULL) : NULL;

  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; linked && i < linked->len; i++)
    g_array_append_val (ids, g_array_index (linked, gint64, i));
  return ids;
}

static void
add_meeting_pairs (CrmChange *change,
                   CrmStore  *store,
                   GPtrArray *before)
{
  for (guint i = 0; i < before->len; i++)
    {
      CrmMeeting *old = g_ptr_array_index (before, i);
      g_autoptr(CrmMeeting) now = crm_store_get_meeting (store, crm_meeting_get_id (old), NULL);
      gboolean seen = FALSE;

      for (guint j = 0; j < i; j++)
        seen |= crm_meeting_get_id (g_ptr_array_index (before, j)) == crm_meeting_get_id (old);
      if (!seen && now && !crm_meeting_equal (old, now))
        crm_change_add (change, G_OBJECT (old), G_OBJECT (now));
    }
}

/* Runs WRITE inside one transaction, recording the contact before and after
 * and the meetings it touched. */
static CrmOutcome *
write_contact_change (Run         *run,
                      CrmContact  *before,
                      CrmContact  *after,
                      const char  *label,
                      gboolean   (*write) (CrmStore *, CrmContact *, GError **))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmChange) change = crm_change_new (label);
  CrmContact *subject = after ? after : before;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  CrmOutcome *outcome;

  if (!crm_store_begin (run->store, &error))
    return outcome_from_error (error);
  ids = meetings_touching (run->store, crm_contact_get_id (subject), crm_contact_get_name (subject));
  meetings = read_meetings (run->store, ids);
  if (!write (run->store, subject, &error) || (after && !crm_contact_get_id (after)))
    {
      crm_store_rollback (run->store);
      return outcome_from_error (error);
    }
  crm_change_add (change, G_OBJECT (before), after ? G_OBJECT (after) : NULL);
  add_meeting_pairs (change, run->store, meetings);
  if (!crm_store_commit (run->store, &error))
    return outcome_from_error (error);
  outcome = crm_outcome_new (CRM_OUTCOME_DONE, NULL);
  crm_outcome_set_change (outcome, change);
  if (after)
    crm_outcome_set_focus (outcome, G_OBJECT (after));
  return outcome;
}

static gboolean
delete_contact_write (CrmStore    *store,
                      CrmContact  *contact,
                      GError     **error)
{
  return crm_store_delete_contact (store, crm_contact_get_id (contact), error);
}

/* ---- contacts ---- */

static char *
contact_summary (CrmContact *contact)
{
  const char *parts[3] = { crm_contact_get_email (contact), crm_contact_get_phone (contact), NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) present = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; i < 2; i++)
    if (parts[i])
      g_strv_builder_add (builder, parts[i]);
  if (crm_contact_get_company (contact))
    g_strv_builder_add (builder, crm_contact_get_company (contact));
  present = g_strv_builder_end (builder);
  if (present[0] == NULL)
    return g_strdup (crm_contact_get_name (contact));
  joined = g_strjoinv (", ", present);
  return g_strdup_printf ("%s (%s)", crm_contact_get_name (contact), joined);
}

static CrmOutcome *
run_add_contact (Run *run)
{
  const char *name = field (run, CRM_FIELD_NAME);
  g_autoptr(CrmContact) contact = NULL;
  g_autofree char *label = NULL;
  g_autofree char *summary = NULL;
  CrmOutcome *outcome;

  if (name == NULL)
    return crm_outcome_new (CRM_OUTCOME_NOTHING,
                            _("Who? Add a name, like “Add contact Maria Lopez, maria@acme.com”."));
  contact = crm_contact_new (name);
  if (field (run, CRM_FIELD_EMAIL))
    crm_contact_add_email (contact, field (run, CRM_FIELD_EMAIL), NULL, TRUE);
  if (field (run, CRM_FIELD_PHONE))
    crm_contact_add_phone (contact, field (run, CRM_FIELD_PHONE), NULL, TRUE);
  crm_contact_set_company (contact, field (run, CRM_FIELD_COMPANY));
  crm_contact_set_job_title (contact, field (run, CRM_FIELD_JOB_TITLE));
  crm_contact_set_notes (contact, field (run, CRM_FIELD_NOTES));

  label = g_strdup_printf (_("Add %s"), name);
  outcome = write_contact_change (run, NULL, contact, label, crm_store_insert_contact);
  if (crm_outcome_get_status (outcome) == CRM_OUTCOME_DONE)
    {
      summary = contact_summary (contact);
      outcome_set_messagef (outcome, _("Added %s."), summary);
    }
  return outcome;
}

/* @records: the first of the @n_found that matched (a find lists a
 * screenful; the views show the rest), which the sentence says. */
static CrmOutcome *
found_records (GPtrArray  *records,
               guint       n_found,
               const char *one,
               const char *many,
               const char *query)
{
  g_autofree char *listed = NULL;
  CrmOutcome *outcome;

  if (records->len == 0)
    return query ? outcome_printf (CRM_OUTCOME_NOT_FOUND, _("Nothing matches “%s”."), query)
                 : crm_outcome_new (CRM_OUTCOME_NOT_FOUND, _("Nothing found."));
  listed = n_found > records->len ? g_strdup_printf (_("; the first %u are listed"), records->len)
                                  : g_strdup ("");
  if (query)
    outcome = outcome_printf (CRM_OUTCOME_DONE, _("Found %u %s matching “%s”%s."), n_found,
                              n_found == 1 ? one : many, query, listed);
  else
    outcome = outcome_printf (CRM_OUTCOME_DONE, _("Found %u %s%s."), n_found,
                              n_found == 1 ? one : many, listed);
  for (guint i = 0; i < records->len; i++)
    crm_outcome_add_record (outcome, g_ptr_array_index (records, i));
  crm_outcome_set_focus (outcome, g_ptr_array_index (records, 0));
  return outcome;
}

static CrmOutcome *
run_find_contact (Run *run)
{
  const char *query = field (run, CRM_FIELD_QUERY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  if (query == NULL)
    query = field (run, CRM_FIELD_TARGET) ? field (run, CRM_FIELD_TARGET) : field (run, CRM_FIELD_NAME);
  if (!(ids = crm_store_search_contact_ids (run->store, query, &error)))
    return outcome_from_error (error);
  /* A find shows a screenful at most; the list view shows the rest. */
  if (!(contacts = crm_store_get_contacts (run->store, (gint64 *) ids->data, MIN (ids->len, 50), &error)))
    return outcome_from_error (error);
  return found_records (contacts, ids->len, _("contact"), _("contacts"), query);
}

static void
describe_update (GString    *what,
                 const char *label,
                 const char *value)
{
  if (value == NULL)
    return;
  if (what->len)
    g_string_append (what, ", ");
  g_string_append_printf (what, "%s %s", label, value);
}

static gboolean
apply_contact_fields (Run        *run,
                      CrmContact *contact,
                      GString    *what)
{
  const char *email = field (run, CRM_FIELD_EMAIL);
  const char *phone = field (run, CRM_FIELD_PHONE);

  if (email && !crm_contact_has_email (contact, email))
    crm_contact_add_email (contact, email, NULL, TRUE);
  else if (email)
    crm_contact_set_preferred_email (contact, email);
  if (phone)
    crm_contact_add_phone (contact, phone, NULL, TRUE);
  if (field (run, CRM_FIELD_NAME) && field (run, CRM_FIELD_TARGET))
    crm_contact_set_name (contact, field (run, CRM_FIELD_NAME));
  if (field (run, CRM_FIELD_COMPANY))
    crm_contact_set_company (contact, field (run, CRM_FIELD_COMPANY));
  if (field (run, CRM_FIELD_JOB_TITLE))
    crm_contact_set_job_title (contact, field (run, CRM_FIELD_JOB_TITLE));
  if (field (run, CRM_FIELD_NOTES))
    crm_contact_set_notes (contact, field (run, CRM_FIELD_NOTES));
  describe_update (what, _("email"), email);
  describe_update (what, _("phone"), phone);
  describe_update (what, _("company"), field (run, CRM_FIELD_COMPANY));
  describe_update (what, _("job title"), field (run, CRM_FIELD_JOB_TITLE));
  describe_update (what, _("notes"), field (run, CRM_FIELD_NOTES));
  if (field (run, CRM_FIELD_TARGET))
    describe_update (what, _("name"), field (run, CRM_FIELD_NAME));
  return what->len > 0;
}

static CrmOutcome *
run_update_contact (Run *run)
{
  const char *target = field (run, CRM_FIELD_TARGET) ? field (run, CRM_FIELD_TARGET) : field (run, CRM_FIELD_NAME);
  g_autoptr(CrmContact) before = NULL;
  g_autoptr(CrmContact) after = NULL;
  g_autoptr(GString) what = g_string_new (NULL);
  g_autofree char *label = NULL;
  CrmOutcome *outcome;

  if ((outcome = resolve_contact (run, target, &before)))
    return outcome;
  after = crm_contact_copy (before);
  if (!apply_contact_fields (run, after, what))
    return outcome_printf (CRM_OUTCOME_NOTHING,
                           _("What should change for %s? Say it like “%s now works at Globex”."),
                           crm_contact_get_name (before), crm_contact_get_name (before));
  label = g_strdup_printf (_("Update %s"), crm_contact_get_name (before));
  outcome = write_contact_change (run, before, after, label, crm_store_update_contact);
  if (crm_outcome_get_status (outcome) == CRM_OUTCOME_DONE)
    outcome_set_messagef (outcome, _("Updated %s: %s."), crm_contact_get_name (after), what->str);
  return outcome;
}

static CrmOutcome *
run_delete_contact (Run *run)
{
  const char *target = field (run, CRM_FIELD_TARGET) ? field (run, CRM_FIELD_TARGET) : field (run, CRM_FIELD_NAME);
  g_autoptr(CrmContact) contact = NULL;
  g_autofree char *label = NULL;
  CrmOutcome *outcome;

  if ((outcome = resolve_contact (run, target, &contact)))
    return outcome;
  label = g_strdup_printf (_("Delete %s"), crm_contact_get_name (contact));
  outcome = write_contact_change (run, contact, NULL, label, delete_contact_write);
  if (crm_outcome_get_status (outcome) == CRM_OUTCOME_DONE)
    outcome_set_messagef (outcome, _("Deleted %s."), crm_contact_get_name (contact));
  return outcome;
}

/* ---- meetings ---- */

static CrmOutcome *
check_when (Run *run)
{
  if (crm_command_get_time (run->command, CRM_TIME_START) == NULL)
    return crm_outcome_new (CRM_OUTCOME_NOTHING, _("When? Add a time, like 'at 3pm'."));
  return NULL;
}

static GDateTime *
end_for (Run       *run,
         GDateTime *start,
         GTimeSpan  default_length)
{
  GDateTime *end = crm_command_get_time (run->command, CRM_TIME_END);

  if (end && g_date_time_compare (end, start) >= 0)
    return g_date_time_ref (end);
  return g_date_time_add (start, default_length);
}

/* Links each named attendee to the one contact of that name; a name that
 * fits several is asked about, one that fits none stays a plain name. */
static CrmOutcome *
add_attendees (Run        *run,
               CrmMeeting *meeting)
{
  const char * const *names = crm_command_get_attendees (run->command);

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = NULL;
      Run one = *run;

      one.choice = i == 0 ? run->choice : 0;
      if (!(found = contacts_for (&one, names[i], &error)))
        return outcome_from_error (error);
      if (found->len > 1)
        return ambiguous (found, _("contacts"), names[i]);
      if (found->len == 1)
        {
          CrmContact *contact = g_ptr_array_index (found, 0);
          crm_meeting_add_attendee (meeting, crm_contact_get_name (contact),
                                    crm_contact_get_email (contact), crm_contact_get_id (contact));
        }
      else
        crm_meeting_add_attendee (meeting, names[i], NULL, 0);
    }
  return NULL;
}

static char *
overlap_notice (Run        *run,
                CrmMeeting *meeting)
{
  g_autoptr(GArray) ids = crm_store_search_meeting_ids (run->store, NULL, crm_meeting_get_start (meeting),
                                                        crm_meeting_get_end (meeting), NULL);
  g_autoptr(GPtrArray) others = NULL;

  if (ids == NULL)
    return NULL;
  others = read_meetings (run->store, ids);
  for (guint i = 0; i < others->len; i++)
    {
      CrmMeeting *other = g_ptr_array_index (others, i);
      g_autofree char *span = NULL;

      if (crm_meeting_get_id (other) == crm_meeting_get_id (meeting) ||
          g_date_time_compare (crm_meeting_get_end (other), crm_meeting_get_start (meeting)) <= 0)
        continue;
      span = crm_format_span (crm_meeting_get_start (other), crm_meeting_get_end (other),
                              crm_meeting_get_all_day (other), run->now);
      return g_strdup_printf (_("It overlaps %s, %s."), crm_meeting_get_title (other), span);
    }
  return NULL;
}

static CrmMeeting *
meeting_from_command (Run *run)
{
  GDateTime *start = crm_command_get_time (run->command, CRM_TIME_START);
  gboolean all_day = crm_command_get_all_day (run->command);
  g_autoptr(GDateTime) end = end_for (run, start, all_day ? G_TIME_SPAN_DAY : G_TIME_SPAN_HOUR);
  const char *title = field (run, CRM_FIELD_TITLE);
  CrmMeeting *meeting = crm_meeting_new (title ? title : _("Meeting"));

  crm_meeting_set_span (meeting, start, end);
  crm_meeting_set_all_day (meeting, all_day);
  crm_meeting_set_location (meeting, field (run, CRM_FIELD_LOCATION));
  crm_meeting_set_description (meeting, field (run, CRM_FIELD_DESCRIPTION));
  return meeting;
}

static CrmOutcome *
write_meeting_change (Run        *run,
                      CrmMeeting *before,
                      CrmMeeting *after,
                      const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmChange) change = crm_change_new (label);
  gboolean ok;
  CrmOutcome *outcome;

  if (after == NULL)
    ok = crm_store_delete_meeting (run->store, crm_meeting_get_id (before), &error);
  else if (before == NULL)
    ok = crm_store_insert_meeting (run->store, after, &error);
  else
    ok = crm_store_update_meeting (run->store, after, &error);
  if (!ok)
    return outcome_from_error (error);
  crm_change_add (change, G_OBJECT (before), G_OBJECT (after));
  outcome = crm_outcome_new (CRM_OUTCOME_DONE, NULL);
  crm_outcome_set_change (outcome, change);
  crm_outcome_set_focus (outcome, G_OBJECT (after ? after : before));
  return outcome;
}

static CrmOutcome *
run_schedule_meeting (Run *run)
{
  g_autoptr(CrmMeeting) meeting = NULL;
  g_autofree char *when = NULL;
  g_autofree char *names = NULL;
  g_autofree char *where = NULL;
  g_autofree char *label = NULL;
  g_autofree char *overlap = NULL;
  CrmOutcome *outcome;

  if ((outcome = check_when (run)))
    return outcome;
  meeting = meeting_from_command (run);
  if ((outcome = add_attendees (run, meeting)))
    return outcome;
  overlap = overlap_notice (run, meeting);
  label = g_strdup_printf (_("Schedule %s"), crm_meeting_get_title (meeting));
  outcome = write_meeting_change (run, NULL, meeting, label);
  if (crm_outcome_get_status (outcome) != CRM_OUTCOME_DONE)
    return outcome;
  when = crm_format_when (crm_meeting_get_start (meeting), crm_meeting_get_all_day (meeting), run->now);
  names = crm_meeting_dup_attendee_names (meeting);
  where = crm_meeting_get_location (meeting)
          ? g_strdup_printf (_(" at %s"), crm_meeting_get_location (meeting)) : g_strdup ("");
  if (*names)
    outcome_set_messagef (outcome, _("Scheduled '%s' for %s with %s%s."),
                          crm_meeting_get_title (meeting), when, names, where);
  else
    outcome_set_messagef (outcome, _("Scheduled '%s' for %s%s."), crm_meeting_get_title (meeting),
                          when, where);
  crm_outcome_set_notice (outcome, overlap);
  return outcome;
}

static CrmOutcome *
run_find_meetings (Run *run)
{
  const char *query = field (run, CRM_FIELD_QUERY) ? field (run, CRM_FIELD_QUERY) : field (run, CRM_FIELD_TARGET);
  GDateTime *from = crm_command_get_time (run->command, CRM_TIME_FROM);
  GDateTime *to = crm_command_get_time (run->command, CRM_TIME_TO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) meetings = NULL;

  if (query == NULL && crm_command_get_n_attendees (run->command) > 0)
    query = crm_command_get_attendees (run->command)[0];
  /* No range: what is coming up, not the whole past. */
  if (!from && !to)
    from = run->now;
  if (!(ids = crm_store_search_meeting_ids (run->store, query, from, to, &error)) ||
      !(meetings = crm_store_get_meetings (run->store, (gint64 *) ids->data, MIN (ids->len, 100), &error)))
    return outcome_from_error (error);
  return found_records (meetings, ids->len, _("meeting"), _("meetings"), query);
}

/* DAY's local date at TIME's local time of day: "move it to Friday" keeps
 * the hour, "push it to 2pm" keeps the day. */
static GDateTime *
combine_day_and_time (GDateTime *day,
                      GDateTime *time)
{
  g_autoptr(GDateTime) local_day = g_date_time_to_local (day);
  g_autoptr(GDateTime) local_time = g_date_time_to_local (time);

  return g_date_time_new_local (g_date_time_get_year (local_day), g_date_time_get_month (local_day),
                                g_date_time_get_day_of_month (local_day),
                                g_date_time_get_hour (local_time), g_date_time_get_minute (local_time),
                                g_date_time_get_seconds (local_time));
}

static CrmOutcome *
run_reschedule_meeting (Run *run)
{
  GDateTime *start = crm_command_get_time (run->command, CRM_TIME_START);
  g_autoptr(GDateTime) moved_start = NULL;
  g_autoptr(CrmMeeting) before = NULL;
  g_autoptr(CrmMeeting) after = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;
  CrmOutcome *outcome;

  if ((outcome = check_when (run)) || (outcome = resolve_meeting (run, FALSE, &before)))
    return outcome;
  if (crm_command_get_date_only (run->command))
    start = moved_start = combine_day_and_time (start, crm_meeting_get_start (before));
  else if (crm_command_get_time_only (run->command))
    start = moved_start = combine_day_and_time (crm_meeting_get_start (before), start);
  /* Moving keeps the length unless a new end was said. */
  end = end_for (run, start, g_date_time_difference (crm_meeting_get_end (before),
                                                     crm_meeting_get_start (before)));
  after = crm_meeting_copy (before);
  crm_meeting_set_span (after, start, end);
  if (field (run, CRM_FIELD_LOCATION))
    crm_meeting_set_location (after, field (run, CRM_FIELD_LOCATION));
  label = g_strdup_printf (_("Move %s"), crm_meeting_get_title (before));
  outcome = write_meeting_change (run, before, after, label);
  if (crm_outcome_get_status (outcome) != CRM_OUTCOME_DONE)
    return outcome;
  when = crm_format_when (start, crm_meeting_get_all_day (after), run->now);
  outcome_set_messagef (outcome, _("Moved '%s' to %s."), crm_meeting_get_title (after), when);
  return outcome;
}

static CrmOutcome *
run_cancel_meeting (Run *run)
{
  g_autoptr(CrmMeeting) meeting = NULL;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;
  CrmOutcome *outcome;

  if ((outcome = resolve_meeting (run, TRUE, &meeting)))
    return outcome;
  label = g_strdup_printf (_("Cancel %s"), crm_meeting_get_title (meeting));
  outcome = write_meeting_change (run, meeting, NULL, label);
  if (crm_outcome_get_status (outcome) != CRM_OUTCOME_DONE)
    return outcome;
  when = crm_format_when (crm_meeting_get_start (meeting), crm_meeting_get_all_day (meeting), run->now);
  outcome_set_messagef (outcome, _("Cancelled '%s' on %s."), crm_meeting_get_title (meeting), when);
  return outcome;
}

const char *
crm_executor_help_text (void)
{
  return _("Type what you want in plain English, for example:\n"
           "  Add contact Maria Lopez, maria.lopez@acme.com, 555-0101\n"
           "  Maria now works at Globex\n"
           "  Find mar\n"
           "  Delete contact Maria Lopez\n"
           "  Schedule a meeting with Joan Aleric next Wednesday at 3pm about the new proposal\n"
           "  Book lunch with Sam tomorrow at 1 at Café Rouge\n"
           "  What's on my calendar next week?\n"
           "  Move my meeting with Joan to Friday at 10\n"
           "  Cancel my meeting with Joan");
}

static CrmOutcome *
run_help (Run *run)
{
  return crm_outcome_new (CRM_OUTCOME_DONE, crm_executor_help_text ());
}

static CrmOutcome *
run_unknown (Run *run)
{
  return crm_outcome_new (CRM_OUTCOME_NOTHING,
                          _("Sorry, I didn't understand that. Type “help” for examples."));
}

static const IntentFunc intent_funcs[CRM_N_INTENTS] = {
  [CRM_INTENT_UNKNOWN] = run_unknown,
  [CRM_INTENT_ADD_CONTACT] = run_add_contact,
  [CRM_INTENT_FIND_CONTACT] = run_find_contact,
  [CRM_INTENT_UPDATE_CONTACT] = run_update_contact,
  [CRM_INTENT_DELETE_CONTACT] = run_delete_contact,
  [CRM_INTENT_SCHEDULE_MEETING] = run_schedule_meeting,
  [CRM_INTENT_FIND_MEETINGS] = run_find_meetings,
  [CRM_INTENT_RESCHEDULE_MEETING] = run_reschedule_meeting,
  [CRM_INTENT_CANCEL_MEETING] = run_cancel_meeting,
  [CRM_INTENT_HELP] = run_help,
};

/* ---- previews ---- */

static char *
preview_schedule (Run      *run,
                  gboolean *warning)
{
  g_autoptr(CrmMeeting) meeting = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *span = NULL;
  g_autofree char *overlap = NULL;

  if (crm_command_get_time (run->command, CRM_TIME_START) == NULL)
    return g_strdup (_("When? Add a time, like 'at 3pm'."));
  meeting = meeting_from_command (run);
  span = crm_format_span (crm_meeting_get_start (meeting), crm_meeting_get_end (meeting),
                          crm_meeting_get_all_day (meeting), run->now);
  g_string_append_printf (line, _("Schedule '%s' · %s"), crm_meeting_get_title (meeting), span);
  if (crm_command_get_n_attendees (run->command) > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) crm_command_get_attendees (run->command));
      g_string_append_printf (line, _(" · with %s"), names);
    }
  if (crm_meeting_get_location (meeting))
    g_string_append_printf (line, " · %s", crm_meeting_get_location (meeting));
  if ((overlap = overlap_notice (run, meeting)))
    {
      g_string_append_printf (line, " · %s", overlap);
      *warning = TRUE;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
preview_contact (Run        *run,
                 const char *verb)
{
  g_autoptr(GString) line = g_string_new (verb);
  const CrmField shown[] = { CRM_FIELD_NAME, CRM_FIELD_EMAIL, CRM_FIELD_PHONE, CRM_FIELD_COMPANY,
                             CRM_FIELD_JOB_TITLE };

  if (field (run, CRM_FIELD_TARGET))
    g_string_append_printf (line, " %s:", field (run, CRM_FIELD_TARGET));
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    if (field (run, shown[i]))
      g_string_append_printf (line, "%s%s", i == 0 ? " " : " · ", field (run, shown[i]));
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
preview_target (Run        *run,
                const char *format)
{
  const char *target = field (run, CRM_FIELD_TARGET);

  if (target == NULL && crm_command_get_n_attendees (run->command) > 0)
    target = crm_command_get_attendees (run->command)[0];
  return g_strdup_printf (format, target ? target : "…");
}

/**
 * crm_executor_preview:
 *
 * Returns: (transfer full): "Schedule 'Meeting with Joan' · Wed, May 28,
 * 3:00–4:00 PM · with Joan", a hint, or the command's error
 */
char *
crm_executor_preview (CrmExecutor *self,
                      CrmCommand  *command,
                      GDateTime   *now,
                      gboolean    *warning)
{
  Run run = { self, self->store, command, now, 0 };
  const char *query = crm_command_get_field (command, CRM_FIELD_QUERY);
  gboolean unused;

  g_return_val_if_fail (CRM_IS_EXECUTOR (self), NULL);

  if (warning == NULL)
    warning = &unused;
  *warning = FALSE;

  if (crm_command_get_error (command))
    return g_strdup (crm_command_get_error (command));
  switch (crm_command_get_intent (command))
    {
    case CRM_INTENT_ADD_CONTACT: return preview_contact (&run, _("Add contact"));
    case CRM_INTENT_UPDATE_CONTACT: return preview_contact (&run, _("Update"));
    case CRM_INTENT_DELETE_CONTACT: return preview_target (&run, _("Delete contact %s"));
    case CRM_INTENT_FIND_CONTACT: return g_strdup_printf (_("Find contacts matching “%s”"), query ? query : "");
    case CRM_INTENT_SCHEDULE_MEETING: return preview_schedule (&run, warning);
    case CRM_INTENT_FIND_MEETINGS: return g_strdup (_("Show meetings"));
    case CRM_INTENT_RESCHEDULE_MEETING: return preview_target (&run, _("Move the meeting with %s"));
    case CRM_INTENT_CANCEL_MEETING: return preview_target (&run, _("Cancel the meeting with %s"));
    case CRM_INTENT_HELP: return g_strdup (_("Show what I understand"));
    case CRM_INTENT_UNKNOWN:
    default:
      return g_strdup (_("Not understood yet — try “Add contact …”, “Schedule …” or “help”."));
    }
}

/* ---- GObject ---- */

static void
crm_executor_finalize (GObject *object)
{
  CrmExecutor *self = CRM_EXECUTOR (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (crm_executor_parent_class)->finalize (object);
}

static void
crm_executor_class_init (CrmExecutorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_executor_finalize;
}

static void
crm_executor_init (CrmExecutor *self)
{
}

CrmExecutor *
crm_executor_new (CrmStore *store)
{
  CrmExecutor *self = g_object_new (CRM_TYPE_EXECUTOR, NULL);

  self->store = g_object_ref (store);
  return self;
}

CrmStore *
crm_executor_get_store (CrmExecutor *self)
{
  g_return_val_if_fail (CRM_IS_EXECUTOR (self), NULL);
  return self->store;
}

/**
 * crm_executor_execute:
 *
 * Returns: (transfer full): what happened; never NULL
 */
CrmOutcome *
crm_executor_execute (CrmExecutor *self,
                      CrmCommand  *command,
                      GDateTime   *now,
                      gint64       choice)
{
  Run run = { self, self->store, command, now, choice };
  CrmOutcome *outcome;

  g_return_val_if_fail (CRM_IS_EXECUTOR (self), NULL);
  g_return_val_if_fail (CRM_IS_COMMAND (command), NULL);

  /* A command the understanding marked as not doable as given writes
   * nothing, whatever its intent. */
  if (crm_command_get_error (command) && crm_command_get_intent (command) != CRM_INTENT_HELP)
    outcome = crm_outcome_new (CRM_OUTCOME_NOTHING, crm_command_get_error (command));
  else
    outcome = intent_funcs[crm_command_get_intent (command)] (&run);
  crm_outcome_set_command (outcome, command);
  return outcome;
}

typedef struct
{
  CrmCommand *command;
  GDateTime *now;
  gint64 choice;
} ExecuteData;

static void
execute_data_free (gpointer data)
{
  ExecuteData *d = data;

  g_object_unref (d->command);
  g_date_time_unref (d->now);
  g_free (d);
}

static void
execute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExecuteData *d = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, crm_executor_execute (source, d->command, d->now, d->choice),
                         g_object_unref);
}

/* Runs in a worker thread. Writes are serialised by the store; callers that
 * need commands applied in the order typed start the next one from the
 * previous one's callback (the command bar queues them). */
void
crm_executor_execute_async (CrmExecutor         *self,
                            CrmCommand          *command,
                            GDateTime           *now,
                            gint64               choice,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ExecuteData *d = g_new0 (ExecuteData, 1);

  d->command = crm_command_copy (command);
  d->now = g_date_time_ref (now);
  d->choice = choice;
  g_task_set_source_tag (task, crm_executor_execute_async);
  g_task_set_task_data (task, d, execute_data_free);
  g_task_run_in_thread (task, execute_thread);
}

CrmOutcome *
crm_executor_execute_finish (CrmExecutor   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
