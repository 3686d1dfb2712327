/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-change.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Writes an edit made in the window (a field of a contact or a meeting) on a
 * worker thread, in one transaction, and returns its undo step: the record
 * before and after, and for a contact every meeting whose attendee link or
 * name the write touched. before or after may be NULL (insert, delete). */
void       crm_edit_async  (CrmStore            *store,
                            const char          *label,
                            GObject             *before,
                            GObject             *after,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
/* Returns: (transfer full): the undo step, to push on the history. */
CrmChange *crm_edit_finish (GAsyncResult        *result,
                            GError             **error);

G_END_DECLS
