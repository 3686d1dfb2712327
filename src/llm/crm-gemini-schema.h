/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-command.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_GEMINI_KEY_TEXT,  /* a CrmField */
  CRM_GEMINI_KEY_TIME,  /* a CrmTimeField, local wall-clock time */
  CRM_GEMINI_KEY_NAMES, /* the attendees */
} CrmGeminiKeyKind;

/* One key of the answer object, besides `intent`. */
typedef struct
{
  const char *name;
  CrmGeminiKeyKind kind;
  guint id;          /* CrmField or CrmTimeField, by kind */
  guint max_length;  /* bytes, for each string */
  const char *description;
} CrmGeminiKey;

#define CRM_GEMINI_MAX_ATTENDEES 50

const CrmGeminiKey *crm_gemini_schema_get_keys    (guint      *n_keys);
gboolean            crm_gemini_schema_intent_uses (CrmIntent   intent,
                                                   guint       key_index);
JsonNode           *crm_gemini_schema_build       (CrmIntent   local_intent,
                                                   gboolean    local_unsure);

G_END_DECLS
