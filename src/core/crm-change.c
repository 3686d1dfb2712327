/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-change"

#include "config.h"

#include "crm-change.h"

typedef struct
{
  GObject *before;
  GObject *after;
} Pair;

struct _CrmChange
{
  GObject parent_instance;

  char *label;
  GArray *pairs;
};

G_DEFINE_FINAL_TYPE (CrmChange, crm_change, G_TYPE_OBJECT)

static void
pair_clear (gpointer data)
{
  Pair *pair = data;

  g_clear_object (&pair->before);
  g_clear_object (&pair->after);
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

static void
crm_change_finalize (GObject *object)
{
  CrmChange *self = CRM_CHANGE (object);

  g_free (self->label);
  g_array_unref (self->pairs);
  G_OBJECT_CLASS (crm_change_parent_class)->finalize (object);
}

static void
crm_change_class_init (CrmChangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_change_finalize;
}

static void
crm_change_init (CrmChange *self)
{
  self->pairs = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_array_set_clear_func (self->pairs, pair_clear);
}

/**
 * crm_change_new:
 * @label: what a person would call the step ("Add Maria Lopez")
 */
CrmChange *
crm_change_new (const char *label)
{
  CrmChange *self = g_object_new (CRM_TYPE_CHANGE, NULL);

  self->label = g_strdup (label);
  return self;
}

const char *
crm_change_get_label (CrmChange *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE (self), NULL);
  return self->label;
}

guint
crm_change_get_n_records (CrmChange *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE (self), 0);
  return self->pairs->len;
}

void
crm_change_add (CrmChange *self,
                GObject   *before,
                GObject   *after)
{
  Pair pair = { copy_record (before), copy_record (after) };

  g_return_if_fail (CRM_IS_CHANGE (self));
  g_return_if_fail (before != NULL || after != NULL);
  g_array_append_val (self->pairs, pair);
}

static gboolean
put_record (CrmStore  *store,
            GObject   *record,
            GError   **error)
{
  if (CRM_IS_CONTACT (record))
    return crm_store_put_contact (store, CRM_CONTACT (record), error);
  return crm_store_put_meeting (store, CRM_MEETING (record), error);
}

static gboolean
delete_record (CrmStore  *store,
               GObject   *record,
               GError   **error)
{
  if (CRM_IS_CONTACT (record))
    return crm_store_delete_contact (store, crm_contact_get_id (CRM_CONTACT (record)), error);
  return crm_store_delete_meeting (store, crm_meeting_get_id (CRM_MEETING (record)), error);
}

/* Brings every record to one side of the change, in an order that keeps
 * foreign keys valid: contacts are written before the meetings that link
 * them, and removed after the meetings that stop linking them. */
static gboolean
apply_side (CrmChange  *self,
            CrmStore   *store,
            gboolean    to_before,
            GError    **error)
{
  for (guint pass = 0; pass < 4; pass++)
    for (guint i = 0; i < self->pairs->len; i++)
      {
        Pair *pair = &g_array_index (self->pairs, Pair, i);
        GObject *target = to_before ? pair->before : pair->after;
        GObject *other = to_before ? pair->after : pair->before;
        GObject *any = target ? target : other;
        gboolean contact = CRM_IS_CONTACT (any);
        gboolean ok = TRUE;

        if (pass == 0 && contact && target)
          ok = put_record (store, target, error);
        else if (pass == 1 && !contact && target)
          ok = put_record (store, target, error);
        else if (pass == 2 && !contact && !target)
          ok = delete_record (store, other, error);
        else if (pass == 3 && contact && !target)
          ok = delete_record (store, other, error);
        if (!ok)
          return FALSE;
      }
  return TRUE;
}

static gboolean
apply_in_transaction (CrmChange  *self,
                      CrmStore   *store,
                      gboolean    to_before,
                      GError    **error)
{
  if (!crm_store_begin (store, error))
    return FALSE;
  if (!apply_side (self, store, to_before, error))
    {
      crm_store_rollback (store);
      return FALSE;
    }
  return crm_store_commit (store, error);
}

gboolean
crm_change_undo (CrmChange  *self,
                 CrmStore   *store,
                 GError    **error)
{
  g_return_val_if_fail (CRM_IS_CHANGE (self), FALSE);
  return apply_in_transaction (self, store, TRUE, error);
}

gboolean
crm_change_redo (CrmChange  *self,
                 CrmStore   *store,
                 GError    **error)
{
  g_return_val_if_fail (CRM_IS_CHANGE (self), FALSE);
  return apply_in_transaction (self, store, FALSE, error);
}
