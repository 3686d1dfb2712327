/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-history"

#include "config.h"

#include "crm-history.h"

#define HISTORY_LIMIT 100

struct _CrmHistory
{
  GObject parent_instance;

  CrmStore *store;
  GPtrArray *undo;  /* CrmChange, oldest first */
  GPtrArray *redo;  /* CrmChange, most recently undone last */
  gboolean busy;    /* a step runs in a worker thread (crm_history_undo_async) */
};

G_DEFINE_FINAL_TYPE (CrmHistory, crm_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_state (CrmHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
crm_history_finalize (GObject *object)
{
  CrmHistory *self = CRM_HISTORY (object);

  g_clear_object (&self->store);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  G_OBJECT_CLASS (crm_history_parent_class)->finalize (object);
}

static void
crm_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrmHistory *self = CRM_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO: g_value_set_boolean (value, crm_history_can_undo (self)); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, crm_history_can_redo (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_history_class_init (CrmHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_history_finalize;
  object_class->get_property = crm_history_get_property;
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_history_init (CrmHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func (g_object_unref);
  self->redo = g_ptr_array_new_with_free_func (g_object_unref);
}

CrmHistory *
crm_history_new (CrmStore *store)
{
  CrmHistory *self = g_object_new (CRM_TYPE_HISTORY, NULL);

  self->store = g_object_ref (store);
  return self;
}

/* A new change forgets what was undone: redo follows only undo. */
void
crm_history_push (CrmHistory *self,
                  CrmChange  *change)
{
  g_return_if_fail (CRM_IS_HISTORY (self));
  g_return_if_fail (CRM_IS_CHANGE (change));

  g_ptr_array_add (self->undo, g_object_ref (change));
  if (self->undo->len > HISTORY_LIMIT)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_state (self);
}

gboolean
crm_history_can_undo (CrmHistory *self)
{
  return !self->busy && self->undo->len > 0;
}

gboolean
crm_history_can_redo (CrmHistory *self)
{
  return !self->busy && self->redo->len > 0;
}

CrmChange *
crm_history_peek (CrmHistory *self,
                  gboolean    undo)
{
  GPtrArray *from;

  g_return_val_if_fail (CRM_IS_HISTORY (self), NULL);
  from = undo ? self->undo : self->redo;
  return from->len ? g_ptr_array_index (from, from->len - 1) : NULL;
}

/* Steps: the store's work in a worker thread, the stacks touched only on
 * the thread that owns the history. */

typedef struct
{
  CrmChange *change;
  gboolean undo;
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  g_object_unref (step->change);
  g_free (step);
}

static void
step_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  CrmHistory *self = source;
  Step *step = data;
  GError *error = NULL;
  gboolean ok = step->undo ? crm_change_undo (step->change, self->store, &error)
                           : crm_change_redo (step->change, self->store, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  CrmHistory *self = CRM_HISTORY (source);
  g_autoptr(GTask) outer = data;
  Step *step = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      notify_state (self);
      g_task_return_error (outer, error);
      return;
    }
  /* By identity: a command may have pushed a newer change meanwhile. An
   * undone change that cannot be redone (a big import's) is dropped. */
  if (!step->undo || crm_change_can_redo (step->change))
    g_ptr_array_add (step->undo ? self->redo : self->undo, g_object_ref (step->change));
  g_ptr_array_remove (step->undo ? self->undo : self->redo, step->change);
  notify_state (self);
  g_task_return_pointer (outer, g_object_ref (step->change), g_object_unref);
}

static void
step_async (CrmHistory          *self,
            gboolean             undo,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  GPtrArray *from = undo ? self->undo : self->redo;
  Step *step;

  g_task_set_source_tag (outer, step_async);
  if (self->busy || from->len == 0)
    {
      g_task_return_new_error (outer, G_IO_ERROR, self->busy ? G_IO_ERROR_BUSY : G_IO_ERROR_NOT_FOUND,
                               "%s", self->busy ? "Still busy with the last step."
                                                : undo ? "Nothing to undo." : "Nothing to redo.");
      g_object_unref (outer);
      return;
    }
  step = g_new0 (Step, 1);
  step->change = g_object_ref (g_ptr_array_index (from, from->len - 1));
  step->undo = undo;
  self->busy = TRUE;
  notify_state (self);
  inner = g_task_new (self, NULL, step_done_cb, outer);
  g_task_set_task_data (inner, step, step_free);
  g_task_run_in_thread (inner, step_thread);
}

/**
 * crm_history_undo_async:
 *
 * Undoes the last change, with the store's work in a worker thread, so
 * that the window stays live while an import's records go back. Until it
 * is done, can-undo and can-redo are FALSE.
 */
void
crm_history_undo_async (CrmHistory          *self,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (CRM_IS_HISTORY (self));
  step_async (self, TRUE, callback, user_data);
}

void
crm_history_redo_async (CrmHistory          *self,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (CRM_IS_HISTORY (self));
  step_async (self, FALSE, callback, user_data);
}

/**
 * crm_history_step_finish:
 *
 * Ends crm_history_undo_async() or crm_history_redo_async().
 *
 * Returns: (transfer full): the change undone or redone, or NULL with @error
 */
CrmChange *
crm_history_step_finish (CrmHistory    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
