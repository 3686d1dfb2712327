/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-command.h"

G_BEGIN_DECLS

char     *crm_gemini_request_build_instruction (GDateTime  *now,
                                                CrmCommand *local);
char     *crm_gemini_request_build_user_text   (const char *text);
JsonNode *crm_gemini_request_build             (CrmCommand *local,
                                                GDateTime  *now,
                                                gboolean    local_unsure);
GBytes   *crm_gemini_request_build_bytes       (CrmCommand *local,
                                                GDateTime  *now,
                                                gboolean    local_unsure);

G_END_DECLS
