/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-change.h"

G_BEGIN_DECLS

/* The undo and redo stacks of one window. */
#define CRM_TYPE_HISTORY (crm_history_get_type ())
G_DECLARE_FINAL_TYPE (CrmHistory, crm_history, CRM, HISTORY, GObject)

CrmHistory *crm_history_new       (CrmStore    *store);
void        crm_history_push      (CrmHistory  *self,
                                   CrmChange   *change);
gboolean    crm_history_can_undo  (CrmHistory  *self);
gboolean    crm_history_can_redo  (CrmHistory  *self);
/* Returns: (transfer none) (nullable): what undo (or redo) would apply next */
CrmChange  *crm_history_peek      (CrmHistory  *self,
                                   gboolean     undo);
/* Undo and redo run the store's work in a worker thread (an import's undo
 * moves thousands of records); can-undo and can-redo are FALSE meanwhile. */
void        crm_history_undo_async  (CrmHistory          *self,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
void        crm_history_redo_async  (CrmHistory          *self,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* Returns: (transfer full): the change undone or redone, or NULL. */
CrmChange  *crm_history_step_finish (CrmHistory          *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
