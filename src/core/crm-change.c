/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-change"

#include "config.h"

#include "crm-change.h"

typedef struct
{
  GObject *before;
  GObject *after;
} Pair;

typedef struct
{
  GType type;
  gint64 first;
  gint64 last;
} Range;

struct _CrmChange
{
  GObject parent_instance;

  char *label;
  GArray *pairs;
  GArray *new_ranges;  /* Range */
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
  g_array_unref (self->new_ranges);
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
  self->new_ranges = g_array_new (FALSE, FALSE, sizeof (Range));
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
  guint n;

  g_return_val_if_fail (CRM_IS_CHANGE (self), 0);
  n = self->pairs->len;
  for (guint i = 0; i < self->new_ranges->len; i++)
    {
      Range *range = &g_array_index (self->new_ranges, Range, i);
      n += range->last - range->first + 1;
    }
  return n;
}

void
crm_change_add_new_range (CrmChange *self,
                          GType      type,
                          gint64     first_id,
                          gint64     last_id)
{
  Range range = { type, first_id, last_id };

  g_return_if_fail (CRM_IS_CHANGE (self));
  g_return_if_fail (type == CRM_TYPE_CONTACT || type == CRM_TYPE_MEETING);
  g_return_if_fail (first_id > 0 && first_id <= last_id);
  g_array_append_val (self->new_ranges, range);
}

gboolean
crm_change_can_redo (CrmChange *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE (self), FALSE);
  return self->new_ranges->len == 0;
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

/* Undo's deletes of the new ranges, meetings before the contacts they link. */
static gboolean
delete_new_ranges (CrmChange  *self,
                   CrmStore   *store,
                   GType       type,
                   GError    **error)
{
  for (guint i = 0; i < self->new_ranges->len; i++)
    {
      Range *range = &g_array_index (self->new_ranges, Range, i);

      if (range->type != type)
        continue;
      if (!(type == CRM_TYPE_CONTACT ? crm_store_delete_contacts_between
                                     : crm_store_delete_meetings_between) (store, range->first, range->last, error))
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
  if (!to_before && !crm_change_can_redo (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "“%s” cannot be redone; import the file again.", self->label);
      return FALSE;
    }
  if (!crm_store_begin (store, error))
    return FALSE;
  if (!apply_side (self, store, to_before, error) ||
      (to_before && !(delete_new_ranges (self, store, CRM_TYPE_MEETING, error) &&
                      delete_new_ranges (self, store, CRM_TYPE_CONTACT, error))))
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
