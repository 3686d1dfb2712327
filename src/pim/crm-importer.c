/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-ical-reader.h"
#include "crm-ical-writer.h"
#include "crm-importer.h"
#include "crm-pim-format.h"
#include "crm-read-ahead.h"
#include "crm-record-list.h"
#include "crm-text.h"
#include "crm-vcard-reader.h"

/* Brings a vCard or iCalendar file into the store as one transaction: it
 * lands whole or, on a read error or Cancel, not at all. An entry that
 * cannot be read or stored is skipped alone (each store write is its own
 * savepoint) and reported with its line.
 *
 * Matching, so a second import of the same file updates rather than
 * duplicates: by UID (entries without one get a UID made from their
 * content); a contact whose UID is new but who has an email already in the
 * store is that contact (interfaces.md: an email belongs to one contact),
 * and the card is merged into it: it fills the fields the contact lacks
 * and adds its emails and phones, but the name and details already there
 * stay. A contact found by UID is replaced by the card, which is the
 * newer copy of the same record. A card whose emails belong to two
 * different contacts is skipped with the store's message.
 *
 * Attendees are linked to contacts by email, else by a name only one
 * contact has. */

#define PROGRESS_INTERVAL_US (100 * 1000)

/* The undo step keeps a copy of each record an import wrote; past this
 * many new ones it keeps the range of ids they were given instead (a
 * million cards would otherwise mean a million copies in memory), and the
 * import can be undone but not redone. */
#define MAX_COPIED_NEW_RECORDS 10000

struct _CrmImporter
{
  GObject parent_instance;

  CrmStore *store;
};

G_DEFINE_FINAL_TYPE (CrmImporter, crm_importer, G_TYPE_OBJECT)

/* One import, on whichever thread runs it. */
typedef struct
{
  CrmStore *store;
  GFile *file;
  CrmChange *change;
  CrmImportResult *result;
  CrmImportProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_notify;
  GMainContext *context;         /* where progress is reported; NULL: in place */
  GTask *task;                   /* not a reference: the task owns the run */
  CrmIcalReader *ical;           /* not a reference: the one reading, if any */
  GHashTable *folded;            /* UID → Folded: series changed occurrences came to */
  guint64 total;
  gint64 last_report;
  gboolean deferring;            /* bulk: cards that repeat a UID or email wait for the end */
  GByteArray *bulk_lines;        /* …and where the cards written so begin (see log_bulk_card) */
  gint64 bulk_first, bulk_last;  /* the ids they were given */
  gint64 logged_id;
  guint logged_line;
  guint n_bulk;
  guint line;                    /* where the entry being written begins */
  guint n_new;                   /* records the import created… */
  gint64 new_first[2];           /* …and the ids of those past the first */
  gint64 new_last[2];            /* MAX_COPIED_NEW_RECORDS: [0] contacts, [1] meetings */
} Run;

/* A series as it was before the import and as it is now: recorded once
 * at the end, as undo applies a step's records in their order, so a
 * second record of the same series would bring back the first fold. */
typedef struct
{
  CrmMeeting *before;
  CrmMeeting *after;
} Folded;

static void
folded_free (Folded *folded)
{
  g_clear_object (&folded->before);
  g_clear_object (&folded->after);
  g_free (folded);
}

static void
run_free (Run *run)
{
  g_clear_pointer (&run->folded, g_hash_table_unref);
  g_clear_pointer (&run->bulk_lines, g_byte_array_unref);
  g_clear_object (&run->store);
  g_clear_object (&run->file);
  g_clear_object (&run->change);
  g_clear_object (&run->result);
  if (run->progress_notify)
    run->progress_notify (run->progress_data);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static Run *
run_new (CrmImporter *self,
         GFile       *file,
         CrmChange   *change)
{
  Run *run = g_new0 (Run, 1);

  run->store = g_object_ref (self->store);
  run->file = g_object_ref (file);
  run->change = change ? g_object_ref (change) : NULL;
  run->result = crm_import_result_new ();
  run->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) folded_free);
  return run;
}

/* The ids the store gives grow, and the import holds the only write
 * transaction: every id between the first and last new one is this
 * import's. */
static void
note_new (Run     *run,
          GObject *after)
{
  guint kind = CRM_IS_CONTACT (after) ? 0 : 1;
  gint64 id = crm_record_get_id (after);

  if (run->new_first[kind] == 0)
    run->new_first[kind] = id;
  run->new_last[kind] = id;
}

/* Each record goes to @change as it is written (a failed import's change
 * is dropped whole; the change keeps what does not fit in memory on disk).
 * New records past the first MAX_COPIED_NEW_RECORDS go as ranges of ids
 * instead: undo deletes them, and the import cannot be redone. */
static void
record (Run     *run,
        GObject *before,
        GObject *after)
{
  if (run->change == NULL)
    return;
  if (before == NULL && ++run->n_new > MAX_COPIED_NEW_RECORDS)
    note_new (run, after);
  else
    crm_change_add (run->change, before, after);
}

/* Where each card a bulk import inserted begins, for the few written
 * again at its end: two varints a card, its steps in id and in line from
 * the card before (usually 1 and under 128), about two bytes a card. */
static void
put_varint (GByteArray *bytes,
            guint64     value)
{
  do
    {
      guint8 byte = (value & 0x7f) | (value > 0x7f ? 0x80 : 0);
      g_byte_array_append (bytes, &byte, 1);
      value >>= 7;
    }
  while (value);
}

static guint64
get_varint (GByteArray *bytes,
            guint      *at)
{
  guint64 value = 0;
  guint shift = 0;

  while (*at < bytes->len)
    {
      guint8 byte = bytes->data[(*at)++];

      value |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        break;
      shift += 7;
    }
  return value;
}

static void
log_bulk_card (Run        *run,
               CrmContact *contact)
{
  gint64 id = crm_contact_get_id (contact);

  if (run->bulk_lines == NULL)
    run->bulk_lines = g_byte_array_new ();
  if (run->bulk_first == 0)
    run->bulk_first = id;
  run->bulk_last = id;
  put_varint (run->bulk_lines, id - run->logged_id);
  put_varint (run->bulk_lines, run->line - run->logged_line);
  run->logged_id = id;
  run->logged_line = run->line;
  run->n_bulk++;
}

/* Reads the log forward to @id (ids asked for in increasing order). */
typedef struct
{
  guint at;
  gint64 id;
  guint line;
} LogCursor;

static guint
bulk_card_line (Run       *run,
                LogCursor *cursor,
                gint64     id)
{
  while (cursor->id < id && cursor->at < run->bulk_lines->len)
    {
      cursor->id += get_varint (run->bulk_lines, &cursor->at);
      cursor->line += get_varint (run->bulk_lines, &cursor->at);
    }
  return cursor->id == id ? cursor->line : 0;
}

/* Progress */

typedef struct
{
  Run *run;
  GTask *task;   /* keeps @run alive until the report is shown */
  guint64 done;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->task);
  g_free (p);
}

static gboolean
report_progress_cb (gpointer data)
{
  Progress *p = data;

  p->run->progress (p->done, p->run->total, p->run->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (Run     *run,
                 guint64  done,
                 gboolean last)
{
  gint64 now;
  Progress *p;

  if (run->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!last && now - run->last_report < PROGRESS_INTERVAL_US)
    return;
  run->last_report = now;
  if (run->context == NULL)
    {
      run->progress (done, run->total, run->progress_data);
      return;
    }
  p = g_new (Progress, 1);
  p->run = run;
  p->task = g_object_ref (run->task);
  p->done = done;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, report_progress_cb, p, progress_free);
}

/* Contacts */

static CrmContact *
lookup_by_emails (Run        *run,
                  CrmContact *contact)
{
  GArray *emails = crm_contact_get_emails (contact);

  for (guint i = 0; i < emails->len; i++)
    {
      const char *email = g_array_index (emails, CrmContactValue, i).value;
      CrmContact *found = crm_store_find_contact_by_email (run->store, email, NULL);
      if (found)
        return found;
    }
  return NULL;
}

static void
merge_values (GArray     *from,
              CrmContact *into,
              gboolean    emails)
{
  for (guint i = 0; i < from->len; i++)
    {
      CrmContactValue *v = &g_array_index (from, CrmContactValue, i);
      GArray *have = emails ? crm_contact_get_emails (into) : crm_contact_get_phones (into);
      gboolean found = FALSE;

      for (guint j = 0; j < have->len && !found; j++)
        found = g_ascii_strcasecmp (g_array_index (have, CrmContactValue, j).value, v->value) == 0;
      if (found && v->preferred)
        (emails ? crm_contact_set_preferred_email : crm_contact_set_preferred_phone) (into, v->value);
      else if (!found)
        (emails ? crm_contact_add_email : crm_contact_add_phone) (into, v->value, v->type, v->preferred);
    }
}

/* The stored contact, with the card filling what it lacks: the name and
 * details a person typed stay; emails and phones are added. The card's
 * unmodelled properties come as a whole, only to a contact with none, as
 * lines of two cards mixed could contradict each other (two BDAYs). */
static void
fill (CrmContact  *into,
      const char  *(*get) (CrmContact *),
      void         (*set) (CrmContact *, const char *),
      CrmContact  *from)
{
  if (get (into) == NULL && get (from) != NULL)
    set (into, get (from));
}

static CrmContact *
merge_contact (CrmContact *stored,
               CrmContact *card)
{
  CrmContact *merged = crm_contact_copy (stored);

  fill (merged, crm_contact_get_company, crm_contact_set_company, card);
  fill (merged, crm_contact_get_job_title, crm_contact_set_job_title, card);
  fill (merged, crm_contact_get_notes, crm_contact_set_notes, card);
  if (crm_contact_get_extra_vcard (merged) == NULL && crm_contact_get_extra_vcard (card))
    {
      crm_contact_set_extra_vcard (merged, crm_contact_get_extra_vcard (card));
      /* Not the lines that stand for the card's company or notes where
       * the contact's own stay: they would be written beside them. */
      crm_contact_drop_kept_fields (merged,
                                    g_strcmp0 (crm_contact_get_company (merged), crm_contact_get_company (card)) != 0
                                    ? crm_contact_get_company (card) : NULL,
                                    g_strcmp0 (crm_contact_get_notes (merged), crm_contact_get_notes (card)) != 0);
    }
  merge_values (crm_contact_get_emails (card), merged, TRUE);
  merge_values (crm_contact_get_phones (card), merged, FALSE);
  return merged;
}

/* A card goes in as a new contact unless a stored one has its UID (the
 * card then replaces it) or one of its emails (the card is merged into
 * it). The insert is tried first: the UNIQUE indexes answer both at no
 * extra cost when neither is so, where a look-up by UID and by each email
 * before every insert took a fifth of a million-card import. */
static gboolean
write_contact (Run         *run,
               CrmContact  *contact,
               GError     **error)
{
  g_autoptr(GError) refused = NULL;
  g_autoptr(CrmContact) stored = NULL;
  g_autoptr(CrmContact) after = NULL;

  if (crm_store_insert_contact (run->store, contact, &refused))
    {
      record (run, NULL, G_OBJECT (contact));
      crm_import_result_increment (run->result, CRM_IMPORT_COUNT_CONTACTS_ADDED);
      return TRUE;
    }
  crm_contact_set_id (contact, 0);
  if (g_error_matches (refused, CRM_STORE_ERROR, CRM_STORE_ERROR_UID_TAKEN) &&
      (stored = crm_store_get_contact_by_uid (run->store, crm_contact_get_uid (contact), NULL)))
    {
      after = g_object_ref (contact);
      crm_contact_set_id (after, crm_contact_get_id (stored));
      crm_contact_set_times (after, crm_contact_get_created (stored), crm_contact_get_updated (stored));
    }
  else if (g_error_matches (refused, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE) &&
           (stored = lookup_by_emails (run, contact)))
    after = merge_contact (stored, contact);
  else
    {
      g_propagate_error (error, g_steal_pointer (&refused));
      return FALSE;
    }
  /* The card says what the store has (a file imported again): nothing to
   * write, nor to undo, and its time of change stays. */
  if (crm_contact_equal (stored, after))
    {
      crm_import_result_increment (run->result, CRM_IMPORT_COUNT_CONTACTS_UPDATED);
      return TRUE;
    }
  if (!crm_store_update_contact (run->store, after, error))
    return FALSE;
  record (run, G_OBJECT (stored), G_OBJECT (after));
  crm_import_result_increment (run->result, CRM_IMPORT_COUNT_CONTACTS_UPDATED);
  return TRUE;
}

/* Meetings */

static gint64
contact_named (Run        *run,
               const char *name)
{
  g_autoptr(GPtrArray) found = crm_store_find_contacts_by_name (run->store, name, NULL);
  g_autofree char *key = crm_text_name_key (name);
  gint64 id = 0;

  /* Only an exact name that one contact has: "Joan" is not "Joan Aleric". */
  for (guint i = 0; found && i < found->len; i++)
    {
      CrmContact *c = g_ptr_array_index (found, i);
      g_autofree char *other = crm_text_name_key (crm_contact_get_name (c));

      if (g_strcmp0 (key, other) != 0)
        continue;
      if (id != 0)
        return 0;
      id = crm_contact_get_id (c);
    }
  return id;
}

static void
link_attendees (Run        *run,
                CrmMeeting *meeting)
{
  GArray *attendees = crm_meeting_get_attendees (meeting);

  for (guint i = 0; i < attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (attendees, CrmAttendee, i);
      g_autoptr(CrmContact) by_email = a->email ? crm_store_find_contact_by_email (run->store, a->email, NULL) : NULL;

      a->contact_id = by_email ? crm_contact_get_id (by_email) : contact_named (run, a->name);
    }
}

static gboolean
is_series (CrmMeeting *meeting)
{
  const char *rrule = crm_meeting_get_rrule (meeting);
  const char *extra = crm_meeting_get_extra_ical (meeting);

  return (rrule && *rrule) || (extra && strstr (extra, "RDATE"));
}

/* A series whose changed occurrences came before it in files of their
 * own, each stored as a meeting "UID-RECURRENCE-ID" (crm-ical-reader.c):
 * they are kept with the series now, as if they had come in its file,
 * else the export would hold them twice; an occurrence the file changes
 * too is the file's. Returns the meetings they were, for the caller to
 * delete, or NULL with @error set. */
static GPtrArray *
fold_lone_overrides (Run         *run,
                     CrmMeeting  *series,
                     GError     **error)
{
  const char *uid = crm_meeting_get_uid (series);
  g_autoptr(GPtrArray) lone = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *own = NULL;

  if (run->ical == NULL || !is_series (series) || (own = crm_ical_writer_series_uid (series)))
    return g_steal_pointer (&lone);
  if ((found = crm_store_get_meetings_by_uid_prefix (run->store, uid, error)) == NULL)
    return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      CrmMeeting *m = g_ptr_array_index (found, i);
      g_autofree char *of = crm_ical_writer_series_uid (m);

      /* Only an occurrence of this series, not "UID-2" of another. */
      if (g_strcmp0 (of, uid) != 0)
        continue;
      if (!crm_ical_writer_has_override (series, crm_meeting_get_uid (m) + strlen (uid) + 1))
        crm_ical_reader_fold_override (run->ical, series, m);
      g_ptr_array_add (lone, g_object_ref (m));
    }
  return g_steal_pointer (&lone);
}

/* The other way round: a changed occurrence alone whose series is stored
 * is kept with the series, in place of what it kept of that occurrence
 * (the file is the newer copy). Returns the stored series, NULL for a
 * meeting that is no such occurrence, or whose series is not stored. */
static CrmMeeting *
fold_into_series (Run        *run,
                  CrmMeeting *meeting,
                  CrmMeeting **after)
{
  g_autofree char *of = run->ical ? crm_ical_writer_series_uid (meeting) : NULL;
  g_autoptr(CrmMeeting) series = of ? crm_store_get_meeting_by_uid (run->store, of, NULL) : NULL;
  g_autofree char *own = NULL;
  const char *rid;

  if (series == NULL || !is_series (series) || (own = crm_ical_writer_series_uid (series)))
    return NULL;
  rid = crm_meeting_get_uid (meeting) + strlen (of) + 1;
  *after = crm_meeting_copy (series);
  crm_ical_writer_drop_override (*after, rid);
  crm_ical_reader_fold_override (run->ical, *after, meeting);
  return g_steal_pointer (&series);
}

static gboolean
write_meeting (Run         *run,
               CrmMeeting  *meeting,
               GError     **error)
{
  g_autoptr(CrmMeeting) stored = crm_store_get_meeting_by_uid (run->store, crm_meeting_get_uid (meeting), NULL);
  g_autoptr(GPtrArray) lone = NULL;
  g_autoptr(CrmMeeting) series = NULL;
  g_autoptr(CrmMeeting) folded = NULL;

  if (stored == NULL && (series = fold_into_series (run, meeting, &folded)))
    {
      Folded *was;

      if (!crm_store_update_meeting (run->store, folded, error))
        return FALSE;
      if ((was = g_hash_table_lookup (run->folded, crm_meeting_get_uid (series))) == NULL)
        {
          was = g_new0 (Folded, 1);
          was->before = g_object_ref (series);
          g_hash_table_insert (run->folded, g_strdup (crm_meeting_get_uid (series)), was);
        }
      g_set_object (&was->after, folded);
      crm_import_result_increment (run->result, CRM_IMPORT_COUNT_MEETINGS_UPDATED);
      return TRUE;
    }
  if ((lone = fold_lone_overrides (run, meeting, error)) == NULL)
    return FALSE;
  link_attendees (run, meeting);
  if (stored == NULL)
    {
      if (!crm_store_insert_meeting (run->store, meeting, error))
        return FALSE;
      record (run, NULL, G_OBJECT (meeting));
      crm_import_result_increment (run->result, CRM_IMPORT_COUNT_MEETINGS_ADDED);
    }
  else
    {
      crm_meeting_set_id (meeting, crm_meeting_get_id (stored));
      crm_meeting_set_times (meeting, crm_meeting_get_created (stored), crm_meeting_get_updated (stored));
      /* A meeting the file gives no zone (a floating or all-day one) keeps
       * the one the store gave it when it came first. */
      if (crm_meeting_get_tzid (meeting) == NULL)
        crm_meeting_set_tzid (meeting, crm_meeting_get_tzid (stored));
      /* As for contacts (write_contact ()): the same meeting again is left. */
      if (!crm_meeting_equal (stored, meeting))
        {
          if (!crm_store_update_meeting (run->store, meeting, error))
            return FALSE;
          record (run, G_OBJECT (stored), G_OBJECT (meeting));
        }
      crm_import_result_increment (run->result, CRM_IMPORT_COUNT_MEETINGS_UPDATED);
    }
  /* Undo brings them back. */
  for (guint i = 0; i < lone->len; i++)
    {
      CrmMeeting *m = g_ptr_array_index (lone, i);

      if (!crm_store_delete_meeting (run->store, crm_meeting_get_id (m), error))
        return FALSE;
      record (run, G_OBJECT (m), NULL);
    }
  return TRUE;
}

/* Reading */

/* Errors that belong to one entry; anything else (the disk, the file)
 * stops the import. A constraint the store did not check first (two emails
 * equal only once lower-cased beyond ASCII) is the entry's too. */
static gboolean
is_entry_error (const GError *error)
{
  return g_error_matches (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY) ||
         g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE) ||
         g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_UID_TAKEN) ||
         g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID) ||
         (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL) &&
          strstr (error->message, "constraint failed"));
}

static gboolean
write_record (Run      *run,
              GObject  *record,
              GError  **error)
{
  if (CRM_IS_CONTACT (record))
    return write_contact (run, CRM_CONTACT (record), error);
  return write_meeting (run, CRM_MEETING (record), error);
}

/* Writes @record (if the reader made one) read at @line, or skips it with
 * @entry_error (taken) or the store's reason. FALSE only for an error
 * that stops the import. */
static gboolean
write_or_skip (Run      *run,
               GObject  *record,
               guint     line,
               GError   *entry_error,
               GError  **error)
{
  g_autoptr(GError) problem = entry_error;

  run->line = line;
  if (record && !write_record (run, record, &problem) && problem == NULL)
    g_set_error_literal (&problem, CRM_STORE_ERROR, CRM_STORE_ERROR_SQL, "Could not store the entry.");
  if (problem && !is_entry_error (problem))
    {
      g_propagate_error (error, g_steal_pointer (&problem));
      return FALSE;
    }
  if (problem)
    crm_import_result_add_skipped (run->result, line, problem->message);
  return TRUE;
}

/* Entries come a batch at a time (crm-read-ahead.c), a vCard file's read
 * on a thread of their own meanwhile: reading and writing in turn, card by
 * card, evict each other's code and data from the processor's caches; and
 * a bulk import writes a batch's new cards in a few statements
 * (crm_store_bulk_insert_contacts ()). */
/* The cards of @batch all at once, when the store checks nothing as they
 * go: each is logged, or skipped with why it was refused. */
static gboolean
write_new_cards (Run           *run,
                 CrmReadEntry  *batch,
                 guint          n,
                 GError       **error)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_full (n, NULL);
  g_autoptr(GPtrArray) refusals = NULL;
  guint k = 0;

  for (guint i = 0; i < n; i++)
    {
      /* What is no fault of an entry (the file could not be read) stops
       * the import, as write_or_skip () does. */
      if (batch[i].error && !is_entry_error (batch[i].error))
        {
          g_propagate_error (error, g_steal_pointer (&batch[i].error));
          return FALSE;
        }
      if (batch[i].error == NULL)
        g_ptr_array_add (contacts, batch[i].record);
    }
  if (!crm_store_bulk_insert_contacts (run->store, contacts, &refusals, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const GError *problem = batch[i].error ? batch[i].error : g_ptr_array_index (refusals, k++);

      run->line = batch[i].line;
      if (problem)
        crm_import_result_add_skipped (run->result, batch[i].line, problem->message);
      else
        log_bulk_card (run, CRM_CONTACT (batch[i].record));
    }
  return TRUE;
}

static gboolean
write_batch (Run           *run,
             CrmReadEntry  *batch,
             guint          n,
             GError       **error)
{
  if (run->deferring)
    return write_new_cards (run, batch, n, error);
  for (guint i = 0; i < n; i++)
    if (!write_or_skip (run, batch[i].record, batch[i].line, g_steal_pointer (&batch[i].error), error))
      return FALSE;
  return TRUE;
}

/* @threaded: the reader is read on a thread of its own (nothing else
 * touches it while the entries are written). */
static gboolean
read_all (Run           *run,
          gpointer       reader,
          CrmReadFunc    read,
          CrmOffsetFunc  offset,
          gboolean       threaded,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(CrmReadAhead) ahead = crm_read_ahead_new (reader, read, offset, threaded, cancellable);
  CrmReadBatch *batch;

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      batch = crm_read_ahead_next (ahead);
      if (!write_batch (run, batch->entries, batch->n, error))
        return FALSE;
      /* All read is said once, after the last entry (run_import ()): the
       * reader's buffer reaches the end of the file before its entries. */
      report_progress (run, MIN (batch->offset, run->total > 0 ? run->total - 1 : 0), FALSE);
    }
  while (!batch->last);
  return TRUE;
}

static CrmPimFormat
detect_format (Run           *run,
               GInputStream  *stream,
               GError       **error)
{
  g_autofree char *name = g_file_get_basename (run->file);
  CrmPimFormat format = crm_pim_format_for_name (name);
  gsize len = 0;
  const char *head;

  if (format == CRM_PIM_FORMAT_UNKNOWN && G_IS_BUFFERED_INPUT_STREAM (stream) &&
      g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (stream), 4096, NULL, NULL) >= 0)
    {
      head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (stream), &len);
      format = crm_pim_format_sniff (head, len);
    }
  if (format == CRM_PIM_FORMAT_UNKNOWN)
    g_set_error (error, CRM_PIM_ERROR, CRM_PIM_ERROR_FORMAT,
                 "“%s” is neither a vCard (.vcf) nor an iCalendar (.ics) file.", name);
  return format;
}

static GInputStream *
open_file (Run           *run,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) file_stream = g_file_read (run->file, cancellable, error);
  g_autoptr(GFileInfo) info = NULL;

  if (file_stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info)
    run->total = g_file_info_get_size (info);
  return g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), 64 * 1024);
}

static void
record_folded (Run *run)
{
  GHashTableIter iter;
  Folded *folded;

  g_hash_table_iter_init (&iter, run->folded);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &folded))
    record (run, G_OBJECT (folded->before), G_OBJECT (folded->after));
}

static gboolean
read_stream (Run           *run,
             GInputStream  *stream,
             CrmPimFormat   format,
             GCancellable  *cancellable,
             GError       **error)
{
  if (format == CRM_PIM_FORMAT_VCARD)
    {
      /* On its thread the reader adds warnings to the result; this one
       * adds skipped entries and counts, which are kept apart. */
      g_autoptr(CrmVcardReader) reader = crm_vcard_reader_new (stream, run->result);
      return read_all (run, reader, (CrmReadFunc) crm_vcard_reader_next,
                       (CrmOffsetFunc) crm_vcard_reader_get_offset, TRUE, cancellable, error);
    }
  else
    {
      g_autoptr(CrmIcalReader) reader = crm_ical_reader_new (stream, run->result);
      gboolean ok;

      run->ical = reader;
      /* Writing a meeting may fold it into a series the reader holds. */
      ok = read_all (run, reader, (CrmReadFunc) crm_ical_reader_next,
                     (CrmOffsetFunc) crm_ical_reader_get_offset, FALSE, cancellable, error);
      run->ical = NULL;
      record_folded (run);
      return ok;
    }
}

/* The cards a bulk import inserted go to the undo step once the repeats
 * are out: copies of the first MAX_COPIED_NEW_RECORDS, the range of ids
 * of the rest. */
static gboolean
record_bulk_cards (Run     *run,
                   GError **error)
{
  gint64 id = run->bulk_first;

  if (run->change == NULL || id == 0)
    return TRUE;
  /* The ids taken out (and so missing) are few: a batch as big as the
   * copies still wanted almost always fills them. */
  while (id <= run->bulk_last && run->n_new < MAX_COPIED_NEW_RECORDS)
    {
      guint n = MIN (MAX_COPIED_NEW_RECORDS - run->n_new, run->bulk_last - id + 1);
      g_autofree gint64 *ids = g_new (gint64, n);
      g_autoptr(GPtrArray) contacts = NULL;

      for (guint i = 0; i < n; i++)
        ids[i] = id + i;
      if (!(contacts = crm_store_get_contacts (run->store, ids, n, error)))
        return FALSE;
      for (guint i = 0; i < contacts->len; i++)
        record (run, NULL, g_ptr_array_index (contacts, i));
      id += n;
    }
  if (id <= run->bulk_last)
    {
      run->n_new = MAX_COPIED_NEW_RECORDS + 1;
      run->new_first[0] = id;
      run->new_last[0] = run->bulk_last;
    }
  return TRUE;
}

/* The end of a bulk import: the cards that repeat an earlier card's (or a
 * stored contact's) UID or email were inserted like the rest; they are
 * taken out and written again, in the file's order, as a small import
 * writes every card: replacing the contact with their UID, merged into
 * the one with their email, or skipped, at their line. */
static gboolean
write_bulk_repeats (Run     *run,
                    GError **error)
{
  g_autoptr(GPtrArray) repeats = crm_store_bulk_take_repeated_contacts (run->store, error);
  LogCursor cursor = { 0, 0, 0 };

  if (repeats == NULL)
    return FALSE;
  run->deferring = FALSE;
  crm_import_result_add_to_count (run->result, CRM_IMPORT_COUNT_CONTACTS_ADDED, run->n_bulk - repeats->len);
  if (!record_bulk_cards (run, error))
    return FALSE;
  for (guint i = 0; i < repeats->len; i++)
    {
      CrmContact *contact = g_ptr_array_index (repeats, i);
      guint line = bulk_card_line (run, &cursor, crm_contact_get_id (contact));

      crm_contact_set_id (contact, 0);
      if (!write_or_skip (run, G_OBJECT (contact), line, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
hand_over_ranges (Run *run)
{
  if (run->change == NULL)
    return;
  if (run->new_first[0])
    crm_change_add_new_range (run->change, CRM_TYPE_CONTACT, run->new_first[0], run->new_last[0]);
  if (run->new_first[1])
    crm_change_add_new_range (run->change, CRM_TYPE_MEETING, run->new_first[1], run->new_last[1]);
}

/* Whether to write a file in bulk, from the cards it looks to have (about
 * 150 bytes make one) and the contacts already stored. Card by card, each
 * card is written in a savepoint, which costs a copy of every page it
 * touches and a flush of the search index's pending words: about 250 µs a
 * card (4,000 cards into 50 contacts: 0.97 s; in bulk, 0.05 s). In bulk,
 * the search index and name order are made again at the end for every
 * contact, about 8 µs each: worth it unless the store holds over
 * BULK_STORED_PER_CARD times the cards (a few cards into a big database).
 * A file of a few cards stays card by card, where the difference is
 * small. Checking UIDs and emails once at the end too (@flags) costs each
 * card that repeats a stored contact a second write: worth it for a file
 * that brings mostly new contacts (a first import of a million cards:
 * 17 s instead of 23), not for a re-import, where every card repeats one
 * (300,000 cards: 25 s instead of 13). */
#define BULK_MIN_CARDS 200
#define BULK_STORED_PER_CARD 16

static gboolean
choose_bulk (Run               *run,
             CrmPimFormat       format,
             CrmStoreBulkFlags *flags)
{
  guint64 cards = run->total / 150;
  guint64 stored;

  if (format != CRM_PIM_FORMAT_VCARD || cards < BULK_MIN_CARDS)
    return FALSE;
  stored = crm_store_count_contacts (run->store);
  if (stored > cards * BULK_STORED_PER_CARD)
    return FALSE;
  *flags = stored < cards / 10 ? CRM_STORE_BULK_DEFER_UNIQUE : CRM_STORE_BULK_NONE;
  return TRUE;
}

static CrmImportResult *
run_import (Run           *run,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GInputStream) stream = open_file (run, cancellable, error);
  CrmStoreBulkFlags flags = CRM_STORE_BULK_NONE;
  CrmPimFormat format;
  gint64 start = g_get_monotonic_time ();
  gboolean bulk;

  if (stream == NULL)
    return NULL;
  if ((format = detect_format (run, stream, error)) == CRM_PIM_FORMAT_UNKNOWN)
    return NULL;
  bulk = choose_bulk (run, format, &flags);
  run->deferring = (flags & CRM_STORE_BULK_DEFER_UNIQUE) != 0;
  if (bulk ? !crm_store_begin_bulk (run->store, flags, error) : !crm_store_begin (run->store, error))
    return NULL;
  if (!read_stream (run, stream, format, cancellable, error))
    {
      crm_store_rollback (run->store);
      return NULL;
    }
  g_debug ("Import: file read and written, %.2f s", (g_get_monotonic_time () - start) / 1e6);
  if (run->deferring && !write_bulk_repeats (run, error))
    {
      crm_store_rollback (run->store);
      return NULL;
    }
  /* All read: what is left (a big file's indexes) has no measure. */
  report_progress (run, run->total, TRUE);
  if (!crm_store_commit_cancellable (run->store, cancellable, error))
    return NULL;
  hand_over_ranges (run);
  return g_object_ref (run->result);
}

static void
crm_importer_dispose (GObject *object)
{
  CrmImporter *self = CRM_IMPORTER (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (crm_importer_parent_class)->dispose (object);
}

static void
crm_importer_class_init (CrmImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_importer_dispose;
}

static void
crm_importer_init (CrmImporter *self)
{
}

CrmImporter *
crm_importer_new (CrmStore *store)
{
  CrmImporter *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * crm_importer_import:
 * @file: a .vcf or .ics file (other names are recognised by their content)
 * @change: (nullable): the undo step to record every written record into,
 *   after the import committed; NULL keeps memory flat for huge files
 * @progress: (nullable) (scope call): called on this thread as the file is
 *   read, at most every 100 ms
 *
 * Imports the whole file in one transaction. Entries that cannot be read or
 * stored are skipped and listed in the result; the rest is imported.
 *
 * Returns: (transfer full): what was imported and skipped, or NULL with
 * @error set when the file cannot be read (nothing is changed then, as on
 * cancellation: %G_IO_ERROR_CANCELLED)
 */
CrmImportResult *
crm_importer_import (CrmImporter            *self,
                     GFile                  *file,
                     CrmChange              *change,
                     GCancellable           *cancellable,
                     CrmImportProgressFunc   progress,
                     gpointer                progress_data,
                     GError                **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (change == NULL || CRM_IS_CHANGE (change), NULL);

  run = run_new (self, file, change);
  run->progress = progress;
  run->progress_data = progress_data;
  return run_import (run, cancellable, error);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  CrmImportResult *result = run_import (data, cancellable, &error);

  if (result)
    g_task_return_pointer (task, result, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * crm_importer_import_async:
 * @change: (nullable): the undo step to record into; the worker fills it
 *   before the callback runs, so leave it alone until then
 * @progress: (nullable): called in the thread-default main context of the
 *   caller, at most every 100 ms
 * @progress_notify: (nullable): frees @progress_data when the import is done
 *
 * crm_importer_import() in a worker thread. Cancel @cancellable to stop:
 * the database is left as it was and _finish reports %G_IO_ERROR_CANCELLED.
 */
void
crm_importer_import_async (CrmImporter           *self,
                           GFile                 *file,
                           CrmChange             *change,
                           GCancellable          *cancellable,
                           CrmImportProgressFunc  progress,
                           gpointer               progress_data,
                           GDestroyNotify         progress_notify,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (CRM_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (change == NULL || CRM_IS_CHANGE (change));

  run = run_new (self, file, change);
  run->progress = progress;
  run->progress_data = progress_data;
  run->progress_notify = progress_notify;
  run->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_importer_import_async);
  /* The worker's result decides: a Cancel that comes once the commit is
   * under way is too late, and the import, which landed, must still be
   * reported (and be undoable), not called cancelled. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->task = task;
  g_task_run_in_thread (task, import_thread);
}

/**
 * crm_importer_import_finish:
 *
 * Returns: (transfer full): the result, or NULL with @error set
 */
CrmImportResult *
crm_importer_import_finish (CrmImporter   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_importer_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
