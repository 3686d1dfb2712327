/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-command.h"
#include "crm-outcome.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Carries out an understood command against the store: one transaction
 * per command, an undo step for every write, and nothing written unless the
 * command is complete and names exactly one record for what it destroys. */
#define CRM_TYPE_EXECUTOR (crm_executor_get_type ())
G_DECLARE_FINAL_TYPE (CrmExecutor, crm_executor, CRM, EXECUTOR, GObject)

CrmExecutor *crm_executor_new            (CrmStore             *store);
CrmStore    *crm_executor_get_store      (CrmExecutor          *self);

/* choice: the id of the record the person picked when a previous run was
 * ambiguous (0 for none). Safe to call from a worker thread. */
CrmOutcome  *crm_executor_execute        (CrmExecutor          *self,
                                          CrmCommand           *command,
                                          GDateTime            *now,
                                          gint64                choice);
void         crm_executor_execute_async  (CrmExecutor          *self,
                                          CrmCommand           *command,
                                          GDateTime            *now,
                                          gint64                choice,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
CrmOutcome  *crm_executor_execute_finish (CrmExecutor          *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* What Enter would do, in one line, without writing: for live previews.
 * warning: (out) (optional): TRUE when the line flags a problem (an overlap). */
char        *crm_executor_preview        (CrmExecutor          *self,
                                          CrmCommand           *command,
                                          GDateTime            *now,
                                          gboolean             *warning);

const char  *crm_executor_help_text      (void);

G_END_DECLS
