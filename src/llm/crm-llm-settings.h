/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-command.h"

G_BEGIN_DECLS

/* Values match the com.example.SmartCRM.GeminiMode enum of the schema. */
typedef enum
{
  CRM_GEMINI_MODE_AUTO,
  CRM_GEMINI_MODE_UNSURE,
  CRM_GEMINI_MODE_OFF,
} CrmGeminiMode;

#define CRM_LLM_DEFAULT_MODEL      "gemini-flash-lite-latest"
#define CRM_LLM_DEFAULT_BASE_URL   "https://generativelanguage.googleapis.com"
#define CRM_LLM_DEFAULT_TIMEOUT_MS 15000
#define CRM_LLM_DEFAULT_BACKOFF_MS 500

/* Below this confidence the local pass counts as unsure (mode `unsure`). */
#define CRM_LLM_UNSURE_BELOW 0.8

/* The language model settings as they stand now: environment, else
 * GSettings (when the schema is installed), else the defaults of
 * interfaces.md. Read on every call, so Preferences take effect at once. */
#define CRM_TYPE_LLM_SETTINGS (crm_llm_settings_get_type ())
G_DECLARE_FINAL_TYPE (CrmLlmSettings, crm_llm_settings, CRM, LLM_SETTINGS, GObject)

CrmLlmSettings *crm_llm_settings_new            (void);

CrmGeminiMode   crm_llm_settings_get_mode       (CrmLlmSettings *self);
char           *crm_llm_settings_dup_model      (CrmLlmSettings *self);
char           *crm_llm_settings_dup_base_url   (CrmLlmSettings *self);
guint           crm_llm_settings_get_timeout_ms (CrmLlmSettings *self);
guint           crm_llm_settings_get_backoff_ms (CrmLlmSettings *self);

gboolean        crm_llm_settings_should_ask     (CrmLlmSettings *self,
                                                 CrmCommand     *local);

G_END_DECLS
