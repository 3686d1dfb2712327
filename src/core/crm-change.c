/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-change"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "crm-bytes.h"
#include "crm-change.h"

/* Past this many pairs, a change keeps the rest on disk: a re-import that
 * updates a million contacts would otherwise hold two million copies. */
#define PAIRS_IN_MEMORY 4096

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
  FILE *spill;         /* the pairs past PAIRS_IN_MEMORY: size, then data */
  guint n_spilled;
  char *spill_error;   /* why a pair could not be kept: nothing can be undone */
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
  g_free (self->spill_error);
  if (self->spill)
    fclose (self->spill);
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
  n = self->pairs->len + self->n_spilled;
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

/* ---- pairs kept on disk ---- */

/* A spilled record: its kind, then a contact's bytes
 * (crm_contact_append_bytes ()) or a meeting's GVariant, its size first. */
enum
{
  RECORD_NONE,
  RECORD_CONTACT,
  RECORD_MEETING,
};

static void
append_record (GByteArray *out,
               GObject    *record)
{
  g_autoptr(GVariant) variant = NULL;

  if (record == NULL)
    {
      crm_bytes_put_u32 (out, RECORD_NONE);
      return;
    }
  if (CRM_IS_CONTACT (record))
    {
      crm_bytes_put_u32 (out, RECORD_CONTACT);
      crm_contact_append_bytes (CRM_CONTACT (record), out);
      return;
    }
  variant = g_variant_ref_sink (crm_meeting_to_variant (CRM_MEETING (record)));
  crm_bytes_put_u32 (out, RECORD_MEETING);
  crm_bytes_put_u32 (out, g_variant_get_size (variant));
  g_byte_array_append (out, g_variant_get_data (variant), g_variant_get_size (variant));
}

/* The record at @in, moved past it; FALSE when the bytes are damaged. */
static gboolean
read_record (CrmBytesReader  *in,
             GObject        **record)
{
  guint32 kind, size;
  const guint8 *data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) variant = NULL;

  *record = NULL;
  if (!crm_bytes_get_u32 (in, &kind))
    return FALSE;
  switch (kind)
    {
    case RECORD_NONE:
      return TRUE;
    case RECORD_CONTACT:
      *record = G_OBJECT (crm_contact_new_from_bytes (&in->at, in->end));
      return *record != NULL;
    case RECORD_MEETING:
      if (!crm_bytes_get_u32 (in, &size) || !crm_bytes_get_raw (in, size, &data))
        return FALSE;
      bytes = g_bytes_new (data, size);
      variant = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (CRM_MEETING_VARIANT_TYPE), bytes, FALSE));
      *record = G_OBJECT (crm_meeting_new_from_variant (variant));
      return *record != NULL;
    default:
      return FALSE;
    }
}

static void
spill_failed (CrmChange  *self,
              const char *why)
{
  if (self->spill_error == NULL)
    self->spill_error = g_strdup (why);
}

/* Each spilled pair starts with these, so that a pass of apply_side ()
 * skips the pairs it does not touch without decoding them. */
enum
{
  SPILLED_MEETING = 1 << 0,
  SPILLED_BEFORE = 1 << 1,
  SPILLED_AFTER = 1 << 2,
};

typedef struct
{
  guint32 size;   /* of the two records that follow */
  guint32 flags;
} SpillHeader;

static void
spill_pair (CrmChange *self,
            GObject   *before,
            GObject   *after)
{
  g_autoptr(GByteArray) pair = g_byte_array_sized_new (256);
  SpillHeader header = { 0, 0 };

  if (self->spill_error)
    return;
  append_record (pair, before);
  append_record (pair, after);
  header.size = pair->len;
  if (CRM_IS_MEETING (before ? before : after))
    header.flags |= SPILLED_MEETING;
  if (before)
    header.flags |= SPILLED_BEFORE;
  if (after)
    header.flags |= SPILLED_AFTER;
  if (self->spill == NULL && (self->spill = tmpfile ()) == NULL)
    {
      spill_failed (self, g_strerror (errno));
      return;
    }
  /* An undo may have read from the middle since the last pair. */
  if (fseek (self->spill, 0, SEEK_END) != 0 ||
      fwrite (&header, sizeof header, 1, self->spill) != 1 ||
      fwrite (pair->data, 1, header.size, self->spill) != header.size)
    {
      spill_failed (self, g_strerror (errno));
      return;
    }
  self->n_spilled++;
}

/* What apply_pair () does with a pair in @pass: delete the meetings, then
 * the contacts, that the target side does not have; then put the target
 * side of contacts, then of meetings. Deleting first frees what the
 * records put back may need (an email the step moved from one contact to
 * a new one); a record deleted is not put back by an older pair. */
static gboolean
pass_touches (guint    pass,
              gboolean to_before,
              guint32  flags)
{
  gboolean meeting = (flags & SPILLED_MEETING) != 0;
  gboolean target = (flags & (to_before ? SPILLED_BEFORE : SPILLED_AFTER)) != 0;

  switch (pass)
    {
    case 0: return meeting && !target;
    case 1: return !meeting && !target;
    case 2: return !meeting && target;
    default: return meeting && target;
    }
}

static gboolean
read_pair (FILE    *spill,
           guint32  size,
           Pair    *pair)
{
  g_autofree guint8 *data = g_malloc (size);
  CrmBytesReader in = { data, data + size };

  if (fread (data, 1, size, spill) != size)
    return FALSE;
  return read_record (&in, &pair->before) && read_record (&in, &pair->after) && in.at == in.end &&
         (pair->before != NULL || pair->after != NULL);
}

static void
set_read_error (CrmChange  *self,
                GError    **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "The records of “%s” kept on disk could not be read back: %s",
               self->label, ferror (self->spill) ? g_strerror (errno) : "they are damaged");
}

/* Where each spilled pair starts, and its flags, in file order. */
typedef struct
{
  long offset;
  guint32 flags;
} SpillEntry;

/* The spilled pairs, read once for an undo or redo: each pass picks its
 * own. NULL with @error when the file cannot be read. */
static GArray *
index_spill (CrmChange  *self,
             GError    **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SpillEntry));
  SpillHeader header;
  long at;

  if (fflush (self->spill) != 0 || fseek (self->spill, 0, SEEK_SET) != 0)
    goto failed;
  while ((at = ftell (self->spill)) >= 0 && fread (&header, sizeof header, 1, self->spill) == 1)
    {
      SpillEntry entry = { at, header.flags };

      g_array_append_val (entries, entry);
      if (fseek (self->spill, header.size, SEEK_CUR) != 0)
        goto failed;
    }
  if (!feof (self->spill))
    goto failed;
  return g_steal_pointer (&entries);

failed:
  set_read_error (self, error);
  return NULL;
}

/* The spilled pairs at @offsets[@from, @to), in file order, into @into. */
static gboolean
read_spilled_at (CrmChange  *self,
                 GArray     *offsets,
                 guint       from,
                 guint       to,
                 GArray     *into,
                 GError    **error)
{
  for (guint i = from; i < to; i++)
    {
      SpillHeader header;
      Pair read = { NULL, NULL };

      if (fseek (self->spill, g_array_index (offsets, long, i), SEEK_SET) != 0 ||
          fread (&header, sizeof header, 1, self->spill) != 1 ||
          !read_pair (self->spill, header.size, &read))
        {
          pair_clear (&read);
          set_read_error (self, error);
          return FALSE;
        }
      g_array_append_val (into, read);
    }
  return TRUE;
}

void
crm_change_add (CrmChange *self,
                GObject   *before,
                GObject   *after)
{
  g_return_if_fail (CRM_IS_CHANGE (self));
  g_return_if_fail (before != NULL || after != NULL);

  if (self->pairs->len < PAIRS_IN_MEMORY)
    {
      Pair pair = { copy_record (before), copy_record (after) };
      g_array_append_val (self->pairs, pair);
    }
  else
    spill_pair (self, before, after);
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

/* One undo or redo under way. */
typedef struct
{
  CrmChange *change;
  CrmStore *store;
  gboolean to_before;
  GArray *spilled;       /* SpillEntry; NULL when nothing went to disk */
  GHashTable *gone[2];   /* ids deleted so far: [0] contacts, [1] meetings */
} Apply;

static gint64
record_id (GObject *record)
{
  return CRM_IS_CONTACT (record) ? crm_contact_get_id (CRM_CONTACT (record))
                                 : crm_meeting_get_id (CRM_MEETING (record));
}

/* Whether the target side does not have the record: deleted by a pair
 * (the step made it, or removed it, after this pair) or, for undo, made
 * by the step in one of its ranges of new ids. */
static gboolean
is_gone (Apply   *apply,
         GObject *record)
{
  GType type = CRM_IS_CONTACT (record) ? CRM_TYPE_CONTACT : CRM_TYPE_MEETING;
  gint64 id = record_id (record);

  if (g_hash_table_contains (apply->gone[type == CRM_TYPE_MEETING], &id))
    return TRUE;
  for (guint i = 0; apply->to_before && i < apply->change->new_ranges->len; i++)
    {
      Range *range = &g_array_index (apply->change->new_ranges, Range, i);

      if (range->type == type && id >= range->first && id <= range->last)
        return TRUE;
    }
  return FALSE;
}

static gboolean
apply_pair (Apply    *apply,
            Pair     *pair,
            guint     pass,
            GError  **error)
{
  GObject *target = apply->to_before ? pair->before : pair->after;
  GObject *other = apply->to_before ? pair->after : pair->before;
  gboolean meeting = CRM_IS_MEETING (target ? target : other);

  if (!pass_touches (pass, apply->to_before, (meeting ? SPILLED_MEETING : 0) |
                                             (target ? (apply->to_before ? SPILLED_BEFORE : SPILLED_AFTER) : 0)))
    return TRUE;
  if (target == NULL)
    {
      gint64 *id;

      if (is_gone (apply, other))
        return TRUE;
      id = g_new (gint64, 1);
      *id = record_id (other);
      g_hash_table_add (apply->gone[meeting], id);
      return delete_record (apply->store, other, error);
    }
  return is_gone (apply, target) || put_record (apply->store, target, error);
}

static gboolean
apply_pairs (Apply    *apply,
             GArray   *pairs,
             guint     pass,
             GError  **error)
{
  /* Undo goes back from the last record written: a record a step wrote
   * twice ends as it was before the first. */
  for (guint n = 0; n < pairs->len; n++)
    {
      guint i = apply->to_before ? pairs->len - 1 - n : n;

      if (!apply_pair (apply, &g_array_index (pairs, Pair, i), pass, error))
        return FALSE;
    }
  return TRUE;
}

/* The spilled pairs @pass touches, read back PAIRS_IN_MEMORY at a time:
 * for redo from the first; for undo from the last, the newest batch first
 * (apply_pairs () goes back through each), so that a record a huge step
 * wrote several times ends as it was before the first, however far apart. */
static gboolean
apply_spilled (Apply    *apply,
               guint     pass,
               GError  **error)
{
  g_autoptr(GArray) offsets = NULL;
  guint done = 0;

  if (apply->spilled == NULL)
    return TRUE;
  offsets = g_array_new (FALSE, FALSE, sizeof (long));
  for (guint i = 0; i < apply->spilled->len; i++)
    {
      SpillEntry *entry = &g_array_index (apply->spilled, SpillEntry, i);

      if (pass_touches (pass, apply->to_before, entry->flags))
        g_array_append_val (offsets, entry->offset);
    }
  while (done < offsets->len)
    {
      g_autoptr(GArray) batch = g_array_new (FALSE, TRUE, sizeof (Pair));
      guint size = MIN (PAIRS_IN_MEMORY, offsets->len - done);
      guint from = apply->to_before ? offsets->len - done - size : done;

      g_array_set_clear_func (batch, pair_clear);
      if (!read_spilled_at (apply->change, offsets, from, from + size, batch, error) ||
          !apply_pairs (apply, batch, pass, error))
        return FALSE;
      done += size;
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

/* Brings every record to one side of the change, in an order that keeps
 * foreign keys valid and frees what is put back before it is: the records
 * the side does not have go first (the new ranges, for undo; meetings
 * before the contacts they link), then contacts are written before the
 * meetings that link them. */
static gboolean
apply_side (CrmChange  *self,
            CrmStore   *store,
            gboolean    to_before,
            GError    **error)
{
  Apply apply = { self, store, to_before, NULL, {
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL),
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL) } };
  gboolean ok = (self->spill == NULL || (apply.spilled = index_spill (self, error))) &&
                (!to_before || (delete_new_ranges (self, store, CRM_TYPE_MEETING, error) &&
                                delete_new_ranges (self, store, CRM_TYPE_CONTACT, error)));

  /* The spilled pairs came after those in memory. */
  for (guint pass = 0; ok && pass < 4; pass++)
    ok = to_before ? apply_spilled (&apply, pass, error) && apply_pairs (&apply, self->pairs, pass, error)
                   : apply_pairs (&apply, self->pairs, pass, error) && apply_spilled (&apply, pass, error);
  g_clear_pointer (&apply.spilled, g_array_unref);
  g_hash_table_unref (apply.gone[0]);
  g_hash_table_unref (apply.gone[1]);
  return ok;
}

static gboolean
apply_in_transaction (CrmChange  *self,
                      CrmStore   *store,
                      gboolean    to_before,
                      GError    **error)
{
  if (self->spill_error)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "“%s” cannot be undone: the records it changed could not be kept on disk (%s).",
                   self->label, self->spill_error);
      return FALSE;
    }
  if (!to_before && !crm_change_can_redo (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "“%s” cannot be redone; import the file again.", self->label);
      return FALSE;
    }
  if (!crm_store_begin_whole (store, error))
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
