/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a file's entries a batch at a time, on a thread of its own when
 * asked, so that the next batch is read while the last one is written. */

typedef GObject *(*CrmReadFunc)   (gpointer       reader,
                                   guint         *line,
                                   GCancellable  *cancellable,
                                   GError       **error);
typedef guint64  (*CrmOffsetFunc) (gpointer       reader);

#define CRM_READ_BATCH 256

typedef struct
{
  GObject *record;   /* NULL when the entry could not be read */
  GError *error;     /* why not */
  guint line;        /* where the entry begins */
} CrmReadEntry;

typedef struct
{
  CrmReadEntry entries[CRM_READ_BATCH];
  guint n;
  guint64 offset;    /* how far the reader was once it read them */
  gboolean last;     /* no batch follows */
} CrmReadBatch;

typedef struct _CrmReadAhead CrmReadAhead;

CrmReadAhead *crm_read_ahead_new  (gpointer       reader,
                                   CrmReadFunc    read,
                                   CrmOffsetFunc  offset,
                                   gboolean       threaded,
                                   GCancellable  *cancellable);
CrmReadBatch *crm_read_ahead_next (CrmReadAhead  *self);
void          crm_read_ahead_free (CrmReadAhead  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmReadAhead, crm_read_ahead_free)

G_END_DECLS
