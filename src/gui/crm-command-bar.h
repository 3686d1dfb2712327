/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-command.h"
#include "crm-executor.h"
#include "crm-outcome.h"
#include "crm-understanding.h"

G_BEGIN_DECLS

/* The command entry along the bottom of the window: a live preview of what
 * Enter will do, the recognised parts marked in the text, a history walked
 * with Up/Down, and a queue that runs commands one at a time, in order.
 *
 * Signals:
 *   "preview" (CrmCommand *command): the local parse of the text as typed
 *     (NULL when the entry is empty), for views that filter live.
 *   "outcome" (CrmOutcome *outcome): a command was carried out (whatever its
 *     status); the window shows it. */
#define CRM_TYPE_COMMAND_BAR (crm_command_bar_get_type ())
G_DECLARE_FINAL_TYPE (CrmCommandBar, crm_command_bar, CRM, COMMAND_BAR, GtkWidget)

void        crm_command_bar_setup        (CrmCommandBar    *self,
                                          CrmUnderstanding *understanding,
                                          CrmExecutor      *executor,
                                          GDateTime        *fixed_now);
GtkEditable *crm_command_bar_get_editable (CrmCommandBar   *self);
void        crm_command_bar_focus        (CrmCommandBar    *self);
/* Queues TEXT as if typed and entered. */
void        crm_command_bar_submit       (CrmCommandBar    *self,
                                          const char       *text);
/* Queues an understood COMMAND again with the record picked by the person
 * (after an ambiguous outcome). */
void        crm_command_bar_submit_choice (CrmCommandBar   *self,
                                           CrmCommand      *command,
                                           gint64           choice);
/* Cancels the command waiting for Gemini, if any. Returns whether one was. */
gboolean    crm_command_bar_cancel       (CrmCommandBar    *self);
gboolean    crm_command_bar_is_busy      (CrmCommandBar    *self);
void        crm_command_bar_set_activity (CrmCommandBar    *self,
                                          const char       *text);
/* A sentence for the message line: an error keeps its text in the entry. */
void        crm_command_bar_show_message (CrmCommandBar    *self,
                                          const char       *message,
                                          gboolean          is_error);
void        crm_command_bar_shutdown     (CrmCommandBar    *self);

G_END_DECLS
