/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include "crm-read-ahead.h"

/* A big vCard import spends about a third of its reading and writing in
 * making records of the cards; on a second core that is done while SQLite
 * writes the batch before. Three batches go round: one being written, one
 * read, one waiting, so memory stays bounded whatever the file's size.
 *
 * Only the reading thread touches the reader while it runs, and it stops
 * at the first batch once asked to (crm_read_ahead_free ()). */

#define N_BATCHES 3

struct _CrmReadAhead
{
  gpointer reader;
  CrmReadFunc read;
  CrmOffsetFunc offset;
  GCancellable *cancellable;
  CrmReadBatch *batches[N_BATCHES];
  CrmReadBatch *current;   /* the one crm_read_ahead_next () handed out last */
  GThread *thread;         /* NULL: batches are read in crm_read_ahead_next () */
  GAsyncQueue *empty;      /* batches the thread may fill… */
  GAsyncQueue *full;       /* …and has filled, in the file's order */
  gint stopping;
};

static void
batch_clear (CrmReadBatch *batch)
{
  for (guint i = 0; i < batch->n; i++)
    {
      g_clear_object (&batch->entries[i].record);
      g_clear_error (&batch->entries[i].error);
    }
  batch->n = 0;
}

/* A batch written is freed here too: on the reading thread, that is off
 * the writing one (its records were made on this thread, where freeing
 * them is cheapest). */
static void
fill (CrmReadAhead *self,
      CrmReadBatch *batch)
{
  batch_clear (batch);
  batch->last = FALSE;
  while (batch->n < CRM_READ_BATCH && !batch->last)
    {
      CrmReadEntry *entry = &batch->entries[batch->n];

      *entry = (CrmReadEntry) { NULL, NULL, 0 };
      if (g_atomic_int_get (&self->stopping))
        batch->last = TRUE;
      else if ((entry->record = self->read (self->reader, &entry->line, self->cancellable, &entry->error)) ||
               entry->error)
        batch->n++;
      else
        batch->last = TRUE;
    }
  batch->offset = self->offset (self->reader);
}

static gpointer
read_thread (gpointer data)
{
  CrmReadAhead *self = data;
  gboolean last = FALSE;

  while (!last)
    {
      CrmReadBatch *batch = g_async_queue_pop (self->empty);

      fill (self, batch);
      last = batch->last;
      g_async_queue_push (self->full, batch);
    }
  return NULL;
}

/**
 * crm_read_ahead_new:
 * @reader: what @read and @offset are called with; kept alive by the caller
 *   until crm_read_ahead_free ()
 * @threaded: read on a thread of its own; only for a reader nothing else
 *   touches meanwhile
 *
 * Returns: (transfer full): batches of @reader's entries, to be taken
 *   in turn with crm_read_ahead_next ()
 */
CrmReadAhead *
crm_read_ahead_new (gpointer       reader,
                    CrmReadFunc    read,
                    CrmOffsetFunc  offset,
                    gboolean       threaded,
                    GCancellable  *cancellable)
{
  CrmReadAhead *self = g_new0 (CrmReadAhead, 1);

  self->reader = reader;
  self->read = read;
  self->offset = offset;
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  for (guint i = 0; i < (threaded ? N_BATCHES : 1); i++)
    self->batches[i] = g_new0 (CrmReadBatch, 1);
  if (threaded)
    {
      self->empty = g_async_queue_new ();
      self->full = g_async_queue_new ();
      for (guint i = 0; i < N_BATCHES; i++)
        g_async_queue_push (self->empty, self->batches[i]);
      self->thread = g_thread_new ("crm-read-ahead", read_thread, self);
    }
  return self;
}

/**
 * crm_read_ahead_next:
 *
 * Waits for the next batch; the one before goes back to be read into.
 * Not to be called again after a batch marked last.
 *
 * Returns: (transfer none): the batch, valid until the next call
 */
CrmReadBatch *
crm_read_ahead_next (CrmReadAhead *self)
{
  g_return_val_if_fail (self->current == NULL || !self->current->last, NULL);

  if (self->current && self->thread)
    g_async_queue_push (self->empty, self->current);
  if (self->thread)
    self->current = g_async_queue_pop (self->full);
  else
    fill (self, self->current = self->batches[0]);
  return self->current;
}

void
crm_read_ahead_free (CrmReadAhead *self)
{
  if (self->thread)
    {
      /* The thread ends after handing over a last batch. */
      g_atomic_int_set (&self->stopping, 1);
      while (self->current == NULL || !self->current->last)
        crm_read_ahead_next (self);
      g_thread_join (self->thread);
      g_async_queue_unref (self->empty);
      g_async_queue_unref (self->full);
    }
  for (guint i = 0; i < N_BATCHES && self->batches[i]; i++)
    {
      batch_clear (self->batches[i]);
      g_free (self->batches[i]);
    }
  g_clear_object (&self->cancellable);
  g_free (self);
}
