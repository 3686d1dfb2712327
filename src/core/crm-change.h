/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* One undoable step: the records it touched as they were before and after
 * (NULL where a record did not exist). Undo writes the befores back exactly,
 * ids and attendee links included; redo writes the afters. */
#define CRM_TYPE_CHANGE (crm_change_get_type ())
G_DECLARE_FINAL_TYPE (CrmChange, crm_change, CRM, CHANGE, GObject)

CrmChange   *crm_change_new              (const char  *label);
const char  *crm_change_get_label        (CrmChange   *self);
guint        crm_change_get_n_records    (CrmChange   *self);
/* before/after: CrmContact or CrmMeeting (copied), or NULL. */
void         crm_change_add              (CrmChange   *self,
                                          GObject     *before,
                                          GObject     *after);
/* Records that did not exist before, as the range of ids the store gave
 * them (@type: CRM_TYPE_CONTACT or CRM_TYPE_MEETING): what a big import
 * records instead of a copy of each, so that its memory stays flat. Undo
 * deletes them; the rows are then gone, so the change cannot be redone. */
void         crm_change_add_new_range    (CrmChange   *self,
                                          GType        type,
                                          gint64       first_id,
                                          gint64       last_id);
gboolean     crm_change_can_redo         (CrmChange   *self);
gboolean     crm_change_undo             (CrmChange   *self,
                                          CrmStore    *store,
                                          GError     **error);
gboolean     crm_change_redo             (CrmChange   *self,
                                          CrmStore    *store,
                                          GError     **error);

G_END_DECLS
