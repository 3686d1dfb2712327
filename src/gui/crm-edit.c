/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include "crm-edit.h"

typedef struct
{
  CrmStore *store;
  char *label;
  GObject *before;
  GObject *after;
} Edit;

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->store);
  g_free (edit->label);
  g_clear_object (&edit->before);
  g_clear_object (&edit->after);
  g_free (edit);
}

static GObject *
copy_record (GObject *record)
{
  if (record == NULL)
    return NULL;
  if (CRM_IS_CONTACT (record))
    return G_OBJECT (crm_contact_copy (CRM_CONTACT (record)));
  return G_OBJECT (crm_meeting_copy (CRM_MEETING (record)));
}

/* The meetings a contact write may touch: linked by id, or by name. */
static GPtrArray *
meetings_of (CrmStore   *store,
             CrmContact *contact)
{
  g_autoptr(GArray) ids = crm_store_meeting_ids_with_contact (store, crm_contact_get_id (contact), NULL);
  g_autoptr(GArray) named = crm_store_meeting_ids_with_attendee (store, crm_contact_get_name (contact), NULL);

  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; named && i < named->len; i++)
    {
      gint64 id = g_array_index (named, gint64, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < ids->len && !seen; j++)
        seen = g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return crm_store_get_meetings (store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
}

static gboolean
write_contact (Edit       *edit,
               CrmChange  *change,
               GError    **error)
{
  CrmContact *before = CRM_CONTACT (edit->before);
  CrmContact *after = CRM_CONTACT (edit->after);
  CrmContact *subject = after ? after : before;
  g_autoptr(GPtrArray) meetings = meetings_of (edit->store, subject);
  gboolean ok;

  if (before == NULL)
    ok = crm_store_insert_contact (edit->store, after, error);
  else if (after == NULL)
    ok = crm_store_delete_contact (edit->store, crm_contact_get_id (before), error);
  else
    ok = crm_store_update_contact (edit->store, after, error);
  if (!ok)
    return FALSE;
  crm_change_add (change, edit->before, edit->after);
  for (guint i = 0; meetings && i < meetings->len; i++)
    {
      CrmMeeting *old = g_ptr_array_index (meetings, i);
      g_autoptr(CrmMeeting) now = crm_store_get_meeting (edit->store, crm_meeting_get_id (old), NULL);

      if (now && !crm_meeting_equal (old, now))
        crm_change_add (change, G_OBJECT (old), G_OBJECT (now));
    }
  return TRUE;
}

static gboolean
write_meeting (Edit       *edit,
               CrmChange  *change,
               GError    **error)
{
  CrmMeeting *before = CRM_MEETING (edit->before);
  CrmMeeting *after = CRM_MEETING (edit->after);
  gboolean ok;

  if (before == NULL)
    ok = crm_store_insert_meeting (edit->store, after, error);
  else if (after == NULL)
    ok = crm_store_delete_meeting (edit->store, crm_meeting_get_id (before), error);
  else
    ok = crm_store_update_meeting (edit->store, after, error);
  if (ok)
    crm_change_add (change, edit->before, edit->after);
  return ok;
}

static void
edit_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Edit *edit = task_data;
  g_autoptr(CrmChange) change = crm_change_new (edit->label);
  GObject *subject = edit->after ? edit->after : edit->before;
  GError *error = NULL;
  gboolean ok;

  if (!crm_store_begin (edit->store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (CRM_IS_CONTACT (subject))
    ok = write_contact (edit, change, &error);
  else
    ok = write_meeting (edit, change, &error);
  if (!ok)
    {
      crm_store_rollback (edit->store);
      g_task_return_error (task, error);
      return;
    }
  if (!crm_store_commit (edit->store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&change), g_object_unref);
}

void
crm_edit_async (CrmStore            *store,
                const char          *label,
                GObject             *before,
                GObject             *after,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Edit *edit;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (before != NULL || after != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_edit_async);
  edit = g_new0 (Edit, 1);
  edit->store = g_object_ref (store);
  edit->label = g_strdup (label);
  edit->before = copy_record (before);
  edit->after = copy_record (after);
  g_task_set_task_data (task, edit, (GDestroyNotify) edit_free);
  g_task_run_in_thread (task, edit_thread);
}

CrmChange *
crm_edit_finish (GAsyncResult  *result,
                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_edit_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
