/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "crm-gemini-error.h"
#include "crm-llm-settings.h"

G_BEGIN_DECLS

/* Tries of one exchange at most, whatever time is left. */
#define CRM_GEMINI_MAX_ATTEMPTS 6

/* The transport: one generateContent exchange, with the retries, backoff and
 * the overall deadline of a command. Knows nothing of commands. */
#define CRM_TYPE_GEMINI_CLIENT (crm_gemini_client_get_type ())
G_DECLARE_FINAL_TYPE (CrmGeminiClient, crm_gemini_client, CRM, GEMINI_CLIENT, GObject)

CrmGeminiClient *crm_gemini_client_get_default     (void);

void             crm_gemini_client_generate_async  (CrmGeminiClient      *self,
                                                    CrmLlmSettings       *settings,
                                                    const char           *api_key,
                                                    GBytes               *body,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonNode        *crm_gemini_client_generate_finish (CrmGeminiClient      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

char            *crm_gemini_build_url              (const char           *base_url,
                                                    const char           *model,
                                                    GError              **error);
gint64           crm_gemini_parse_retry_after      (const char           *header);
gint64           crm_gemini_parse_retry_delay      (GBytes               *body);

G_END_DECLS
