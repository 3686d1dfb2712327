/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_RECORD_CONTACTS,
  CRM_RECORD_MEETINGS,
} CrmRecordKind;

/* A GListModel of contacts (by name) or meetings (by start) straight from
 * the store: filtering and sorting happen in SQL, the model holds only the
 * sorted ids (8 bytes a record) and a small cache of the rows on screen. */
#define CRM_TYPE_RECORD_LIST (crm_record_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmRecordList, crm_record_list, CRM, RECORD_LIST, GObject)

CrmRecordList *crm_record_list_new           (CrmStore      *store,
                                              CrmRecordKind  kind);
CrmRecordKind  crm_record_list_get_kind      (CrmRecordList *self);
const char    *crm_record_list_get_query     (CrmRecordList *self);
void           crm_record_list_set_query     (CrmRecordList *self,
                                              const char    *query);
void           crm_record_list_set_range     (CrmRecordList *self,
                                              GDateTime     *from,
                                              GDateTime     *to);
gint64         crm_record_list_get_id        (CrmRecordList *self,
                                              guint          position);
/* G_MAXUINT when the record is not in the list. */
/* The id of a record the lists hold, contact or meeting. */
gint64         crm_record_get_id             (gpointer       record);
guint          crm_record_list_find          (CrmRecordList *self,
                                              gint64         id);
void           crm_record_list_reload        (CrmRecordList *self);

G_END_DECLS
