/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-outcome"

#include "config.h"

#include "crm-outcome.h"

struct _CrmOutcome
{
  GObject parent_instance;

  CrmOutcomeStatus status;
  char *message;
  char *notice;
  GPtrArray *records;
  GObject *focus;
  CrmChange *change;
  CrmCommand *command;
};

G_DEFINE_FINAL_TYPE (CrmOutcome, crm_outcome, G_TYPE_OBJECT)

static void
crm_outcome_finalize (GObject *object)
{
  CrmOutcome *self = CRM_OUTCOME (object);

  g_free (self->message);
  g_free (self->notice);
  g_ptr_array_unref (self->records);
  g_clear_object (&self->focus);
  g_clear_object (&self->change);
  g_clear_object (&self->command);
  G_OBJECT_CLASS (crm_outcome_parent_class)->finalize (object);
}

static void
crm_outcome_class_init (CrmOutcomeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_outcome_finalize;
}

static void
crm_outcome_init (CrmOutcome *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

CrmOutcome *
crm_outcome_new (CrmOutcomeStatus  status,
                 const char       *message)
{
  CrmOutcome *self = g_object_new (CRM_TYPE_OUTCOME, NULL);

  self->status = status;
  self->message = g_strdup (message);
  return self;
}

CrmOutcomeStatus crm_outcome_get_status (CrmOutcome *self) { return self->status; }
const char *crm_outcome_get_message (CrmOutcome *self) { return self->message; }
const char *crm_outcome_get_notice (CrmOutcome *self) { return self->notice; }
GPtrArray *crm_outcome_get_records (CrmOutcome *self) { return self->records; }
GObject *crm_outcome_get_focus (CrmOutcome *self) { return self->focus; }
CrmChange *crm_outcome_get_change (CrmOutcome *self) { return self->change; }
CrmCommand *crm_outcome_get_command (CrmOutcome *self) { return self->command; }

void
crm_outcome_set_message (CrmOutcome *self,
                         const char *message)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_free (self->message);
  self->message = g_strdup (message);
}

void
crm_outcome_set_notice (CrmOutcome *self,
                        const char *notice)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_free (self->notice);
  self->notice = g_strdup (notice);
}

void
crm_outcome_add_record (CrmOutcome *self,
                        GObject    *record)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_ptr_array_add (self->records, g_object_ref (record));
}

void
crm_outcome_set_focus (CrmOutcome *self,
                       GObject    *record)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_set_object (&self->focus, record);
}

void
crm_outcome_set_change (CrmOutcome *self,
                        CrmChange  *change)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_set_object (&self->change, change);
}

void
crm_outcome_set_command (CrmOutcome *self,
                         CrmCommand *command)
{
  g_return_if_fail (CRM_IS_OUTCOME (self));
  g_set_object (&self->command, command);
}
