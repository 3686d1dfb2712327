/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-command.h"

G_BEGIN_DECLS

/* "Which one?" — the records that fit an ambiguous command, in a small
 * list. Emits "chosen" (gint64 id) once: the picked record's id, or 0 when
 * the person cancelled. */
#define CRM_TYPE_CANDIDATES_DIALOG (crm_candidates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmCandidatesDialog, crm_candidates_dialog, CRM, CANDIDATES_DIALOG, AdwMessageDialog)

CrmCandidatesDialog *crm_candidates_dialog_new         (GtkWindow           *parent,
                                                        CrmCommand          *command,
                                                        const char          *question,
                                                        GPtrArray           *candidates);
CrmCommand          *crm_candidates_dialog_get_command (CrmCandidatesDialog *self);
/* Picks the candidate at INDEX, as a click would (for tests). */
void                 crm_candidates_dialog_choose      (CrmCandidatesDialog *self,
                                                        guint                index);
/* The record id of the candidate at INDEX, 0 past the end (for tests). */
gint64               crm_candidates_dialog_get_id      (CrmCandidatesDialog *self,
                                                        guint                index);

G_END_DECLS
