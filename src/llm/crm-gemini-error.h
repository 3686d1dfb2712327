/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why Gemini's answer was not used. Every one of them falls back to the
 * local parse; the message is the one line shown to the user. */
#define CRM_GEMINI_ERROR (crm_gemini_error_quark ())

typedef enum
{
  CRM_GEMINI_ERROR_CONFIG,     /* base URL or model name not usable */
  CRM_GEMINI_ERROR_REQUEST,    /* HTTP 400 */
  CRM_GEMINI_ERROR_KEY,        /* HTTP 401/403 */
  CRM_GEMINI_ERROR_MODEL,      /* HTTP 404 */
  CRM_GEMINI_ERROR_BUSY,       /* 429/5xx and no time left to retry */
  CRM_GEMINI_ERROR_NETWORK,    /* could not talk to the service */
  CRM_GEMINI_ERROR_HTTP,       /* any other status */
  CRM_GEMINI_ERROR_TIMEOUT,    /* the command's time ran out */
  CRM_GEMINI_ERROR_MALFORMED,  /* not the JSON we asked for */
  CRM_GEMINI_ERROR_BLOCKED,    /* promptFeedback.blockReason */
  CRM_GEMINI_ERROR_UNFINISHED, /* finishReason other than STOP */
  CRM_GEMINI_ERROR_INVALID,    /* the answer failed validation */
} CrmGeminiError;

GQuark crm_gemini_error_quark (void);

G_END_DECLS
