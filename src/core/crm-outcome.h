/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-change.h"
#include "crm-command.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_OUTCOME_DONE,       /* carried out (or found); exit 0 */
  CRM_OUTCOME_NOTHING,    /* not understood or incomplete: nothing written */
  CRM_OUTCOME_NOT_FOUND,  /* no such contact or meeting */
  CRM_OUTCOME_AMBIGUOUS,  /* several fit: the candidates say which */
  CRM_OUTCOME_FAILED,     /* refused by the store (a taken email) or an error */
} CrmOutcomeStatus;

/* What carrying out a command did: a sentence for the person, the records
 * found or touched, the undo step, and the candidates when it had to ask. */
#define CRM_TYPE_OUTCOME (crm_outcome_get_type ())
G_DECLARE_FINAL_TYPE (CrmOutcome, crm_outcome, CRM, OUTCOME, GObject)

CrmOutcome       *crm_outcome_new             (CrmOutcomeStatus  status,
                                               const char       *message);
CrmOutcomeStatus  crm_outcome_get_status      (CrmOutcome       *self);
const char       *crm_outcome_get_message     (CrmOutcome       *self);
void              crm_outcome_set_message     (CrmOutcome       *self,
                                               const char       *message);
/* A second line worth saying (an overlap, Gemini's fallback). */
const char       *crm_outcome_get_notice      (CrmOutcome       *self);
void              crm_outcome_set_notice      (CrmOutcome       *self,
                                               const char       *notice);
/* Records found (find commands), or candidates (ambiguous). */
GPtrArray        *crm_outcome_get_records     (CrmOutcome       *self);
void              crm_outcome_add_record      (CrmOutcome       *self,
                                               GObject          *record);
/* The record to select and scroll to. */
GObject          *crm_outcome_get_focus       (CrmOutcome       *self);
void              crm_outcome_set_focus       (CrmOutcome       *self,
                                               GObject          *record);
CrmChange        *crm_outcome_get_change      (CrmOutcome       *self);
void              crm_outcome_set_change      (CrmOutcome       *self,
                                               CrmChange        *change);
CrmCommand       *crm_outcome_get_command     (CrmOutcome       *self);
void              crm_outcome_set_command     (CrmOutcome       *self,
                                               CrmCommand       *command);

G_END_DECLS
