/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-change.h"
#include "crm-import-result.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* How far an import is: bytes of the file read, of @total (0 when the size
 * is not known). */
typedef void (*CrmImportProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

#define CRM_TYPE_IMPORTER (crm_importer_get_type ())
G_DECLARE_FINAL_TYPE (CrmImporter, crm_importer, CRM, IMPORTER, GObject)

CrmImporter     *crm_importer_new           (CrmStore              *store);

CrmImportResult *crm_importer_import        (CrmImporter           *self,
                                             GFile                 *file,
                                             CrmChange             *change,
                                             GCancellable          *cancellable,
                                             CrmImportProgressFunc  progress,
                                             gpointer               progress_data,
                                             GError               **error);
void             crm_importer_import_async  (CrmImporter           *self,
                                             GFile                 *file,
                                             CrmChange             *change,
                                             GCancellable          *cancellable,
                                             CrmImportProgressFunc  progress,
                                             gpointer               progress_data,
                                             GDestroyNotify         progress_notify,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
CrmImportResult *crm_importer_import_finish (CrmImporter           *self,
                                             GAsyncResult          *result,
                                             GError               **error);

G_END_DECLS
