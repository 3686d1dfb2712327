/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-command.h"
#include "crm-gemini-error.h"

G_BEGIN_DECLS

/* Sanity limits on the times Gemini gives back, around "now". */
#define CRM_GEMINI_YEARS_BACK  5
#define CRM_GEMINI_YEARS_AHEAD 10

JsonObject *crm_gemini_answer_extract (JsonNode    *response,
                                       GError     **error);
CrmCommand *crm_gemini_answer_merge   (CrmCommand  *local,
                                       JsonObject  *answer,
                                       GDateTime   *now,
                                       GError     **error);
CrmCommand *crm_gemini_answer_apply   (CrmCommand  *local,
                                       JsonNode    *response,
                                       GDateTime   *now,
                                       GError     **error);

G_END_DECLS
