/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-understanding"

#include "config.h"

#include "crm-understanding.h"

/* First version: the local parse only. The Gemini client plugs in here. */
struct _CrmUnderstanding
{
  GObject parent_instance;

  CrmParser *parser;
  gboolean offline;
};

G_DEFINE_FINAL_TYPE (CrmUnderstanding, crm_understanding, G_TYPE_OBJECT)

static void
crm_understanding_finalize (GObject *object)
{
  CrmUnderstanding *self = CRM_UNDERSTANDING (object);

  g_clear_object (&self->parser);
  G_OBJECT_CLASS (crm_understanding_parent_class)->finalize (object);
}

static void
crm_understanding_class_init (CrmUnderstandingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_understanding_finalize;
}

static void
crm_understanding_init (CrmUnderstanding *self)
{
  self->parser = crm_parser_new ();
}

CrmUnderstanding *
crm_understanding_new (gboolean offline)
{
  CrmUnderstanding *self = g_object_new (CRM_TYPE_UNDERSTANDING, NULL);

  self->offline = offline;
  return self;
}

gboolean
crm_understanding_uses_model (CrmUnderstanding *self)
{
  return FALSE;
}

const char *
crm_understanding_get_model (CrmUnderstanding *self)
{
  return NULL;
}

CrmCommand *
crm_understanding_parse_local (CrmUnderstanding *self,
                               const char       *text,
                               GDateTime        *now)
{
  g_return_val_if_fail (CRM_IS_UNDERSTANDING (self), NULL);
  return crm_parser_parse (self->parser, text, now);
}

void
crm_understanding_run_async (CrmUnderstanding    *self,
                             const char          *text,
                             GDateTime           *now,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, crm_understanding_run_async);
  g_task_return_pointer (task, crm_parser_parse (self->parser, text, now), g_object_unref);
}

CrmCommand *
crm_understanding_run_finish (CrmUnderstanding  *self,
                              GAsyncResult      *result,
                              char             **notice,
                              GError           **error)
{
  if (notice)
    *notice = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

CrmCommand *
crm_understanding_run_sync (CrmUnderstanding  *self,
                            const char        *text,
                            GDateTime         *now,
                            char             **notice)
{
  if (notice)
    *notice = NULL;
  return crm_parser_parse (self->parser, text, now);
}
