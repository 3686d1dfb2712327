/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_EXPORTER (crm_exporter_get_type ())
G_DECLARE_FINAL_TYPE (CrmExporter, crm_exporter, CRM, EXPORTER, GObject)

CrmExporter *crm_exporter_new           (CrmStore             *store);

/* Every contact to a .vcf, every meeting to an .ics, by @file's extension.
 * The file is replaced only when all of it was written. */
gboolean     crm_exporter_export        (CrmExporter          *self,
                                         GFile                *file,
                                         guint                *n_written,
                                         GCancellable         *cancellable,
                                         GError              **error);
void         crm_exporter_export_async  (CrmExporter          *self,
                                         GFile                *file,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     crm_exporter_export_finish (CrmExporter          *self,
                                         GAsyncResult         *result,
                                         guint                *n_written,
                                         GError              **error);

G_END_DECLS
