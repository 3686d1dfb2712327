/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gemini"

#include "config.h"

#include "crm-gemini-schema.h"

/* The keys Gemini may answer with: exactly the `fields` of the `--parse`
 * JSON (interfaces.md), so the answer maps onto a CrmCommand one to one and
 * nothing else can ride along. Lengths are generous for people and places
 * and small enough that a runaway answer is refused, not stored. */
static const CrmGeminiKey keys[] = {
  /* The person a contact command adds, or a contact's new name. */
  { "name", CRM_GEMINI_KEY_TEXT, CRM_FIELD_NAME, 200,
    "The person's full name, as written. For update_contact, the new name." },
  /* Emails identify contacts (one contact per email): extract, never guess. */
  { "email", CRM_GEMINI_KEY_TEXT, CRM_FIELD_EMAIL, 254,
    "An email address, exactly as written." },
  { "phone", CRM_GEMINI_KEY_TEXT, CRM_FIELD_PHONE, 64,
    "A phone number, exactly as written." },
  { "company", CRM_GEMINI_KEY_TEXT, CRM_FIELD_COMPANY, 200,
    "The organisation the person works for." },
  { "job_title", CRM_GEMINI_KEY_TEXT, CRM_FIELD_JOB_TITLE, 200,
    "The person's role or job title." },
  /* Free text the user wants kept with the contact. */
  { "notes", CRM_GEMINI_KEY_TEXT, CRM_FIELD_NOTES, 2000,
    "Anything else to remember about the person." },
  /* The line shown in the calendar. */
  { "title", CRM_GEMINI_KEY_TEXT, CRM_FIELD_TITLE, 200,
    "A short title for the meeting, like \"Meeting with Joan Aleric about the new proposal\"." },
  /* Times are the reason Gemini helps most: relative dates resolved against
   * the "now" of the instruction, checked and converted on return. */
  { "start", CRM_GEMINI_KEY_TIME, CRM_TIME_START, 32,
    "When the meeting starts: local time YYYY-MM-DDTHH:MM:SS, no offset." },
  { "end", CRM_GEMINI_KEY_TIME, CRM_TIME_END, 32,
    "When the meeting ends: local time YYYY-MM-DDTHH:MM:SS, no offset; one hour after start when not stated." },
  /* Names only: they are matched to contacts, or kept as plain names. */
  { "attendees", CRM_GEMINI_KEY_NAMES, 0, 100,
    "The names of the other people attending, one per item." },
  { "location", CRM_GEMINI_KEY_TEXT, CRM_FIELD_LOCATION, 300,
    "Where the meeting takes place." },
  /* What the meeting is about, beyond its title. */
  { "description", CRM_GEMINI_KEY_TEXT, CRM_FIELD_DESCRIPTION, 2000,
    "What the meeting is about, in the command's words, like \"about the new proposal\"." },
  /* Update, delete, reschedule and cancel name what they act on: the
   * executor needs exactly one match for it. */
  { "target", CRM_GEMINI_KEY_TEXT, CRM_FIELD_TARGET, 200,
    "Whom or what the command is about: the existing contact or meeting to find, change, reschedule or cancel." },
  { "query", CRM_GEMINI_KEY_TEXT, CRM_FIELD_QUERY, 200,
    "For a search: the words to look for." },
  /* A find_meetings range; `to` is exclusive, as in the local parse. */
  { "from", CRM_GEMINI_KEY_TIME, CRM_TIME_FROM, 32,
    "For find_meetings: the start of the period asked about, local time YYYY-MM-DDTHH:MM:SS." },
  { "to", CRM_GEMINI_KEY_TIME, CRM_TIME_TO, 32,
    "For find_meetings: the end of the period, exclusive, local time YYYY-MM-DDTHH:MM:SS." },
};

enum {
  K_NAME, K_EMAIL, K_PHONE, K_COMPANY, K_JOB_TITLE, K_NOTES, K_TITLE, K_START,
  K_END, K_ATTENDEES, K_LOCATION, K_DESCRIPTION, K_TARGET, K_QUERY, K_FROM, K_TO,
  N_KEYS
};

G_STATIC_ASSERT (G_N_ELEMENTS (keys) == N_KEYS);

#define B(k) (1u << (k))
#define CONTACT_VALUES (B (K_NAME) | B (K_EMAIL) | B (K_PHONE) | B (K_COMPANY) | B (K_JOB_TITLE) | B (K_NOTES))
#define MEETING_VALUES (B (K_TITLE) | B (K_START) | B (K_END) | B (K_ATTENDEES) | B (K_LOCATION) | B (K_DESCRIPTION))

/* Which keys each intent uses (interfaces.md, "fields"). */
static const guint intent_keys[CRM_N_INTENTS] = {
  [CRM_INTENT_UNKNOWN] = 0,
  [CRM_INTENT_ADD_CONTACT] = CONTACT_VALUES,
  [CRM_INTENT_FIND_CONTACT] = B (K_TARGET) | B (K_QUERY),
  [CRM_INTENT_UPDATE_CONTACT] = CONTACT_VALUES | B (K_TARGET),
  [CRM_INTENT_DELETE_CONTACT] = B (K_TARGET),
  [CRM_INTENT_SCHEDULE_MEETING] = MEETING_VALUES,
  [CRM_INTENT_FIND_MEETINGS] = B (K_TARGET) | B (K_QUERY) | B (K_FROM) | B (K_TO),
  [CRM_INTENT_RESCHEDULE_MEETING] = MEETING_VALUES | B (K_TARGET),
  [CRM_INTENT_CANCEL_MEETING] = B (K_TARGET),
  [CRM_INTENT_HELP] = 0,
};

#define CONTACT_FAMILY (intent_keys[CRM_INTENT_ADD_CONTACT] | intent_keys[CRM_INTENT_FIND_CONTACT] | \
                        intent_keys[CRM_INTENT_UPDATE_CONTACT] | intent_keys[CRM_INTENT_DELETE_CONTACT])
#define MEETING_FAMILY (intent_keys[CRM_INTENT_SCHEDULE_MEETING] | intent_keys[CRM_INTENT_FIND_MEETINGS] | \
                        intent_keys[CRM_INTENT_RESCHEDULE_MEETING] | intent_keys[CRM_INTENT_CANCEL_MEETING])

const CrmGeminiKey *
crm_gemini_schema_get_keys (guint *n_keys)
{
  *n_keys = N_KEYS;
  return keys;
}

gboolean
crm_gemini_schema_intent_uses (CrmIntent intent,
                               guint     key_index)
{
  g_return_val_if_fail (intent < CRM_N_INTENTS, FALSE);
  g_return_val_if_fail (key_index < N_KEYS, FALSE);
  return (intent_keys[intent] & B (key_index)) != 0;
}

/* The keys offered for a command. A confident local pass is trusted for the
 * family (contacts or meetings) so Gemini can still say "reschedule" for
 * what looked like "schedule"; when it is unsure, everything is offered,
 * because classifying those commands is where Gemini helps most. */
static guint
offered_keys (CrmIntent local_intent,
              gboolean  local_unsure)
{
  guint family;

  if (local_unsure)
    return CONTACT_FAMILY | MEETING_FAMILY;
  family = 0;
  if (intent_keys[local_intent] & CONTACT_FAMILY)
    family |= CONTACT_FAMILY;
  if (intent_keys[local_intent] & MEETING_FAMILY)
    family |= MEETING_FAMILY;
  return family ? family : (CONTACT_FAMILY | MEETING_FAMILY);
}

static void
add_intent_property (JsonBuilder *b)
{
  json_builder_set_member_name (b, "intent");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "STRING");
  /* An enum, so the model classifies instead of inventing an action; the
   * answer is still checked against the list. */
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "enum");
  json_builder_set_member_name (b, "enum");
  json_builder_begin_array (b);
  for (guint i = 0; i < CRM_N_INTENTS; i++)
    json_builder_add_string_value (b, crm_intent_to_string (i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, "What the command asks for.");
  json_builder_end_object (b);
}

static void
add_key_property (JsonBuilder        *b,
                  const CrmGeminiKey *key)
{
  json_builder_set_member_name (b, key->name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, key->kind == CRM_GEMINI_KEY_NAMES ? "ARRAY" : "STRING");
  if (key->kind == CRM_GEMINI_KEY_TIME)
    {
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, "date-time");
    }
  if (key->kind == CRM_GEMINI_KEY_NAMES)
    {
      json_builder_set_member_name (b, "items");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "STRING");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "maxItems");
      json_builder_add_int_value (b, CRM_GEMINI_MAX_ATTENDEES);
    }
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, key->description);
  json_builder_end_object (b);
}

/**
 * crm_gemini_schema_build:
 * @local_intent: what the local pass found
 * @local_unsure: whether it was unsure of it
 *
 * The `responseSchema` (the OpenAPI subset Gemini takes) for one command.
 * Only `intent` is required: every other key is left out when the command
 * does not give it, as in the `--parse` JSON.
 *
 * Returns: (transfer full): the schema object
 */
JsonNode *
crm_gemini_schema_build (CrmIntent local_intent,
                         gboolean  local_unsure)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint offered = offered_keys (local_intent, local_unsure);

  g_return_val_if_fail (local_intent < CRM_N_INTENTS, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "OBJECT");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  add_intent_property (b);
  for (guint i = 0; i < N_KEYS; i++)
    if (offered & B (i))
      add_key_property (b, &keys[i]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "intent");
  json_builder_end_array (b);
  /* Intent first: the fields that follow are then written for it. */
  json_builder_set_member_name (b, "propertyOrdering");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "intent");
  for (guint i = 0; i < N_KEYS; i++)
    if (offered & B (i))
      json_builder_add_string_value (b, keys[i].name);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
