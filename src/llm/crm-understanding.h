/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-command.h"
#include "crm-parser.h"

G_BEGIN_DECLS

/* The whole "what does this text mean" step shared by the command bar and
 * the command line: the local parse, then — when a key is configured and the
 * mode asks for it — Gemini's extraction, validated and merged. It never
 * fails for want of Gemini: any fault falls back to the local parse and says
 * so in one line (the notice). */
#define CRM_TYPE_UNDERSTANDING (crm_understanding_get_type ())
G_DECLARE_FINAL_TYPE (CrmUnderstanding, crm_understanding, CRM, UNDERSTANDING, GObject)

/* offline: never contact the service (`--offline`). */
CrmUnderstanding *crm_understanding_new           (gboolean              offline);

/* TRUE when commands will be sent to Gemini (a key is known and mode is not
 * off). Notifies "uses-model" when that changes (keyring answer, settings). */
gboolean          crm_understanding_uses_model    (CrmUnderstanding     *self);
const char       *crm_understanding_get_model     (CrmUnderstanding     *self);

/* Asks the keyring for the key now (again), on the thread-default main
 * context: the window calls it at startup, so the indicator is right before
 * the first command, and after Preferences stores or clears the key.
 * Without it, the keyring is asked once, by the first command. */
void              crm_understanding_reload_key    (CrmUnderstanding     *self);

/* The local pass alone: microseconds, for live previews while typing. */
CrmCommand       *crm_understanding_parse_local   (CrmUnderstanding     *self,
                                                   const char           *text,
                                                   GDateTime            *now);

void              crm_understanding_run_async     (CrmUnderstanding     *self,
                                                   const char           *text,
                                                   GDateTime            *now,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns: (transfer full): the command to carry out; NULL only with an
 * error when cancelled. *notice: (out) (optional) (transfer full) a line for
 * the user when Gemini was asked but its answer was not used. */
CrmCommand       *crm_understanding_run_finish    (CrmUnderstanding     *self,
                                                   GAsyncResult         *result,
                                                   char                **notice,
                                                   GError              **error);

/* For the command line: runs the async path on a private main context. */
CrmCommand       *crm_understanding_run_sync      (CrmUnderstanding     *self,
                                                   const char           *text,
                                                   GDateTime            *now,
                                                   char                **notice);

G_END_DECLS
