/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gemini"

#include "config.h"

#include <string.h>

#include "crm-gemini-answer.h"
#include "crm-gemini-schema.h"

/* Gemini's answer is untrusted input: it is checked whole before any of it
 * is used, and one bad value rejects all of it (never a half-applied
 * answer). The merged command is built fresh; the local one is never
 * touched, so a rejection leaves the local parse exactly as it was. */

/* Reasons such as "SAFETY" are shown to the user: keep them short and tame. */
static char *
tame_reason (const char *reason)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = reason; p && *p && out->len < 40; p++)
    if (g_ascii_isalnum (*p) || *p == '_')
      g_string_append_c (out, *p);
  return g_strdup (out->len ? out->str : "unspecified");
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return (node && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
check_not_blocked (JsonObject  *response,
                   GError     **error)
{
  JsonObject *feedback = get_object_member (response, "promptFeedback");
  const char *reason = get_string_member (feedback, "blockReason");
  g_autofree char *tame = NULL;

  if (reason == NULL)
    return TRUE;
  tame = tame_reason (reason);
  g_set_error (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_BLOCKED,
               "Gemini declined to read the command (blocked: %s).", tame);
  return FALSE;
}

static JsonObject *
get_first_candidate (JsonObject  *response,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (response, "candidates");
  JsonArray *candidates;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (candidates = json_node_get_array (node)) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (first = json_array_get_element (candidates, 0)))
    {
      g_set_error_literal (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_MALFORMED,
                           "Gemini sent no answer.");
      return NULL;
    }
  return json_node_get_object (first);
}

/* A missing finishReason is accepted: only an explicit stop for another
 * reason than STOP says the text is cut short or withheld. */
static gboolean
check_finished (JsonObject  *candidate,
                GError     **error)
{
  const char *reason = get_string_member (candidate, "finishReason");
  g_autofree char *tame = NULL;

  if (reason == NULL || strcmp (reason, "STOP") == 0)
    return TRUE;
  tame = tame_reason (reason);
  g_set_error (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_UNFINISHED,
               "Gemini did not finish its answer (%s).", tame);
  return FALSE;
}

/* The text may come in several parts; thoughts are not the answer. */
static char *
join_parts (JsonObject *candidate)
{
  JsonObject *content = get_object_member (candidate, "content");
  JsonNode *node = content ? json_object_get_member (content, "parts") : NULL;
  GString *out = g_string_new (NULL);
  JsonArray *parts;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_string_free (out, FALSE);
  parts = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (part) ? json_node_get_object (part) : NULL;
      const char *text = get_string_member (object, "text");

      if (text && !json_object_get_boolean_member_with_default (object, "thought", FALSE))
        g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

/**
 * crm_gemini_answer_extract:
 * @response: the generateContent response body
 *
 * Takes the model's JSON object out of `candidates[0].content.parts[].text`,
 * refusing blocked prompts, unfinished answers and anything not an object.
 *
 * Returns: (transfer full): the answer object, or %NULL with @error set
 */
JsonObject *
crm_gemini_answer_extract (JsonNode  *response,
                           GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *candidate;
  JsonNode *root;

  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response))
    {
      g_set_error_literal (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_MALFORMED,
                           "Gemini's reply was not the JSON expected.");
      return NULL;
    }
  if (!check_not_blocked (json_node_get_object (response), error) ||
      (candidate = get_first_candidate (json_node_get_object (response), error)) == NULL ||
      !check_finished (candidate, error))
    return NULL;

  text = join_parts (candidate);
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_MALFORMED,
                           "Gemini's answer was not the JSON object asked for.");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static void G_GNUC_PRINTF (2, 3)
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_INVALID,
               "Gemini's answer did not check out (%s).", detail);
}

/* Tabs and newlines may appear in notes; other control characters have no
 * business in a name or a title. */
static gboolean
is_tame_text (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return FALSE;
  return g_utf8_validate (text, -1, NULL);
}

static char *
check_text (JsonNode            *node,
            const CrmGeminiKey  *key,
            GError             **error)
{
  const char *text;
  g_autofree char *value = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_invalid (error, "%s is not text", key->name);
      return NULL;
    }
  text = json_node_get_string (node);
  if (strlen (text) > key->max_length)
    {
      set_invalid (error, "%s is longer than %u bytes", key->name, key->max_length);
      return NULL;
    }
  if (!is_tame_text (text))
    {
      set_invalid (error, "%s holds control characters", key->name);
      return NULL;
    }
  value = g_strstrip (g_strdup (text));
  return *value ? g_steal_pointer (&value) : NULL;
}

static gboolean
is_date_only (const char *text)
{
  return strlen (text) == 10 && g_ascii_isdigit (text[0]) && text[4] == '-' && text[7] == '-';
}

/* Times should be local wall-clock time with no offset; one that comes
 * with `Z` or an offset is the instant it names, converted to local time
 * rather than read as local (which would shift it). */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *full = NULL;

  if (!g_ascii_isdigit (text[0]))
    return NULL;
  full = is_date_only (text) ? g_strconcat (text, "T00:00:00", NULL) : g_strdup (text);
  parsed = g_date_time_new_from_iso8601 (full, tz);
  return parsed ? g_date_time_to_local (parsed) : NULL;
}

static gboolean
is_sane_time (GDateTime *time,
              GDateTime *now)
{
  g_autoptr(GDateTime) earliest = g_date_time_add_years (now, -CRM_GEMINI_YEARS_BACK);
  g_autoptr(GDateTime) latest = g_date_time_add_years (now, CRM_GEMINI_YEARS_AHEAD);

  return g_date_time_compare (time, earliest) >= 0 && g_date_time_compare (time, latest) <= 0;
}

static GDateTime *
check_time (JsonNode            *node,
            const CrmGeminiKey  *key,
            GDateTime           *now,
            GError             **error)
{
  g_autofree char *text = check_text (node, key, error);
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return NULL;
  if ((time = parse_time (text)) == NULL)
    {
      set_invalid (error, "%s is not a date and time", key->name);
      return NULL;
    }
  if (!is_sane_time (time, now))
    {
      set_invalid (error, "%s is too far from now", key->name);
      return NULL;
    }
  return g_steal_pointer (&time);
}

static GPtrArray *
check_names (JsonNode            *node,
             const CrmGeminiKey  *key,
             GError             **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) > CRM_GEMINI_MAX_ATTENDEES)
    {
      set_invalid (error, "%s is not a list of at most %d names", key->name,
                   CRM_GEMINI_MAX_ATTENDEES);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *name = check_text (json_array_get_element (array, i), key, &local_error);

      if (local_error)
        {
          set_invalid (error, "%s must be short names", key->name);
          return NULL;
        }
      if (name)
        g_ptr_array_add (names, name);
    }
  return g_steal_pointer (&names);
}

/* The answer, checked, before it meets the local parse. */
typedef struct
{
  CrmIntent intent;
  char *texts[CRM_N_FIELDS];
  GDateTime *times[CRM_N_TIMES];
  GPtrArray *attendees;
} Checked;

static void
checked_clear (Checked *checked)
{
  for (guint i = 0; i < CRM_N_FIELDS; i++)
    g_free (checked->texts[i]);
  for (guint i = 0; i < CRM_N_TIMES; i++)
    g_clear_pointer (&checked->times[i], g_date_time_unref);
  g_clear_pointer (&checked->attendees, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checked, checked_clear)

static gboolean
check_intent (JsonObject  *answer,
              CrmIntent   *intent,
              GError     **error)
{
  const char *name = get_string_member (answer, "intent");

  if (name == NULL || !crm_intent_from_string (name, intent))
    {
      set_invalid (error, "no known intent");
      return FALSE;
    }
  return TRUE;
}

/* Keys the intent does not use are dropped (an email on a meeting), keys
 * we do not know are ignored; a null counts as left out. */
static gboolean
check_key (JsonNode            *node,
           const CrmGeminiKey  *key,
           GDateTime           *now,
           Checked             *checked,
           GError             **error)
{
  GError *local_error = NULL;

  switch (key->kind)
    {
    case CRM_GEMINI_KEY_TEXT:
      checked->texts[key->id] = check_text (node, key, &local_error);
      break;
    case CRM_GEMINI_KEY_TIME:
      checked->times[key->id] = check_time (node, key, now, &local_error);
      break;
    case CRM_GEMINI_KEY_NAMES:
      checked->attendees = check_names (node, key, &local_error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
check_answer (JsonObject  *answer,
              GDateTime   *now,
              Checked     *checked,
              GError     **error)
{
  guint n_keys;
  const CrmGeminiKey *keys = crm_gemini_schema_get_keys (&n_keys);

  if (!check_intent (answer, &checked->intent, error))
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    {
      JsonNode *node = json_object_get_member (answer, keys[i].name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!check_key (node, &keys[i], now, checked, error))
        return FALSE;
      if (!crm_gemini_schema_intent_uses (checked->intent, i))
        g_debug ("Dropping “%s”, which %s does not use", keys[i].name,
                 crm_intent_to_string (checked->intent));
    }
  return TRUE;
}

/* Gemini's values win. When it agrees on the intent, the local parse fills
 * what Gemini left out, but times and attendees move as a whole: mixing
 * Gemini's start with the local end would make a meeting nobody asked for. */
static void
merge_texts (CrmCommand *merged,
             CrmCommand *local,
             Checked    *checked,
             gboolean    same_intent)
{
  guint n_keys;
  const CrmGeminiKey *keys = crm_gemini_schema_get_keys (&n_keys);

  for (guint i = 0; i < n_keys; i++)
    {
      const char *value;

      if (keys[i].kind != CRM_GEMINI_KEY_TEXT || !crm_gemini_schema_intent_uses (checked->intent, i))
        continue;
      value = checked->texts[keys[i].id];
      if (value == NULL && same_intent)
        value = crm_command_get_field (local, keys[i].id);
      crm_command_set_field (merged, keys[i].id, value);
    }
}

static gboolean
intent_uses_time (CrmIntent    intent,
                  CrmTimeField field)
{
  guint n_keys;
  const CrmGeminiKey *keys = crm_gemini_schema_get_keys (&n_keys);

  for (guint i = 0; i < n_keys; i++)
    if (keys[i].kind == CRM_GEMINI_KEY_TIME && keys[i].id == field)
      return crm_gemini_schema_intent_uses (intent, i);
  return FALSE;
}

static void
merge_time_pair (CrmCommand   *merged,
                 CrmCommand   *local,
                 Checked      *checked,
                 gboolean      same_intent,
                 CrmTimeField  first,
                 CrmTimeField  second)
{
  CrmCommand *from_local = same_intent ? local : NULL;

  if (!intent_uses_time (checked->intent, first))
    return;
  if (checked->times[first] || checked->times[second])
    {
      crm_command_set_time (merged, first, checked->times[first]);
      crm_command_set_time (merged, second, checked->times[second]);
      crm_command_set_all_day (merged, FALSE);
    }
  else if (from_local)
    {
      crm_command_set_time (merged, first, crm_command_get_time (from_local, first));
      crm_command_set_time (merged, second, crm_command_get_time (from_local, second));
    }
}

static void
merge_attendees (CrmCommand *merged,
                 CrmCommand *local,
                 Checked    *checked,
                 gboolean    same_intent)
{
  const char * const *names = NULL;

  if (checked->intent != CRM_INTENT_SCHEDULE_MEETING &&
      checked->intent != CRM_INTENT_RESCHEDULE_MEETING)
    return;
  if (checked->attendees)
    {
      for (guint i = 0; i < checked->attendees->len; i++)
        crm_command_add_attendee (merged, g_ptr_array_index (checked->attendees, i));
      return;
    }
  if (same_intent)
    for (names = crm_command_get_attendees (local); *names; names++)
      crm_command_add_attendee (merged, *names);
}

/* interfaces.md: a meeting with no end lasts one hour. */
static void
default_end (CrmCommand *merged)
{
  GDateTime *start = crm_command_get_time (merged, CRM_TIME_START);
  g_autoptr(GDateTime) end = NULL;

  if (crm_command_get_intent (merged) != CRM_INTENT_SCHEDULE_MEETING ||
      start == NULL || crm_command_get_time (merged, CRM_TIME_END) != NULL)
    return;
  end = g_date_time_add_hours (start, 1);
  crm_command_set_time (merged, CRM_TIME_END, end);
}

static gboolean
check_order (CrmCommand    *merged,
             CrmTimeField   first,
             CrmTimeField   second,
             GError       **error)
{
  GDateTime *a = crm_command_get_time (merged, first);
  GDateTime *b = crm_command_get_time (merged, second);

  if (a == NULL || b == NULL || g_date_time_compare (b, a) > 0)
    return TRUE;
  set_invalid (error, "%s is not after %s", crm_time_field_to_string (second),
               crm_time_field_to_string (first));
  return FALSE;
}

/* Gemini may classify, but not widen: a delete or cancel the local pass did
 * not see is shown for confirmation, never carried out. */
static void
guard_destructive (CrmCommand *merged,
                   CrmIntent   local_intent)
{
  CrmIntent intent = crm_command_get_intent (merged);
  const char *target = crm_command_get_field (merged, CRM_FIELD_TARGET);
  g_autofree char *sentence = NULL;

  if (!crm_intent_is_destructive (intent) || intent == local_intent)
    return;
  if (intent == CRM_INTENT_DELETE_CONTACT)
    sentence = g_strdup_printf ("This reads as deleting a contact, which is not clear from the words: "
                                "to go ahead, say it plainly, like “delete contact %s”.",
                                target ? target : "Joan Aleric");
  else
    sentence = g_strdup_printf ("This reads as cancelling a meeting, which is not clear from the words: "
                                "to go ahead, say it plainly, like “cancel the meeting %s”.",
                                target ? target : "with Joan on Friday");
  crm_command_set_needs_confirmation (merged, TRUE);
  crm_command_set_error (merged, sentence);
}

static gboolean
same_values (CrmCommand *a,
             CrmCommand *b)
{
  const char * const *names_a = crm_command_get_attendees (a);
  const char * const *names_b = crm_command_get_attendees (b);

  for (guint i = 0; i < CRM_N_FIELDS; i++)
    if (g_strcmp0 (crm_command_get_field (a, i), crm_command_get_field (b, i)) != 0)
      return FALSE;
  for (guint i = 0; i < CRM_N_TIMES; i++)
    {
      GDateTime *ta = crm_command_get_time (a, i);
      GDateTime *tb = crm_command_get_time (b, i);

      if ((ta == NULL) != (tb == NULL) || (ta && !g_date_time_equal (ta, tb)))
        return FALSE;
    }
  return g_strv_equal ((const char **) names_a, (const char **) names_b);
}

static CrmCommand *
build_merged (CrmCommand *local,
              Checked    *checked)
{
  CrmIntent local_intent = crm_command_get_intent (local);
  gboolean same_intent = checked->intent == local_intent;
  CrmCommand *merged;

  if (same_intent)
    merged = crm_command_copy (local);
  else
    merged = crm_command_new (crm_command_get_text (local));
  crm_command_set_intent (merged, checked->intent);
  crm_command_set_source (merged, CRM_SOURCE_GEMINI);
  /* No score comes back from Gemini: agreement with the local pass is the
   * best evidence there is. */
  crm_command_set_confidence (merged, same_intent ? MAX (crm_command_get_confidence (local), 0.9) : 0.8);
  crm_command_clear_attendees (merged);
  for (guint i = 0; i < CRM_N_TIMES; i++)
    crm_command_set_time (merged, i, NULL);
  merge_texts (merged, local, checked, same_intent);
  merge_time_pair (merged, local, checked, same_intent, CRM_TIME_START, CRM_TIME_END);
  merge_time_pair (merged, local, checked, same_intent, CRM_TIME_FROM, CRM_TIME_TO);
  merge_attendees (merged, local, checked, same_intent);
  default_end (merged);
  crm_command_set_needs_confirmation (merged, FALSE);
  /* The local pass's complaint ("When? Add a time…") stands only when
   * Gemini added nothing to what it found. */
  if (!same_intent || !same_values (merged, local))
    crm_command_set_error (merged, NULL);
  return merged;
}

/**
 * crm_gemini_answer_merge:
 * @local: the local parse (not modified)
 * @answer: the object Gemini answered with
 * @now: the reference time, for the sanity range of times
 *
 * Checks the whole answer and merges it with the local parse. When Gemini
 * only says `unknown` of a command the local pass understood, the local
 * parse stands (source `local`), as Gemini has nothing better to offer.
 *
 * Returns: (transfer full): the command to carry out, or %NULL with @error
 */
CrmCommand *
crm_gemini_answer_merge (CrmCommand  *local,
                         JsonObject  *answer,
                         GDateTime   *now,
                         GError     **error)
{
  g_auto(Checked) checked = { 0 };
  g_autoptr(CrmCommand) merged = NULL;

  g_return_val_if_fail (CRM_IS_COMMAND (local), NULL);
  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!check_answer (answer, now, &checked, error))
    return NULL;
  if (checked.intent == CRM_INTENT_UNKNOWN && crm_command_get_intent (local) != CRM_INTENT_UNKNOWN)
    return crm_command_copy (local);

  merged = build_merged (local, &checked);
  if (!check_order (merged, CRM_TIME_START, CRM_TIME_END, error) ||
      !check_order (merged, CRM_TIME_FROM, CRM_TIME_TO, error))
    return NULL;
  guard_destructive (merged, crm_command_get_intent (local));
  return g_steal_pointer (&merged);
}

/**
 * crm_gemini_answer_apply:
 * @local: the local parse
 * @response: the generateContent response body
 * @now: the reference time
 *
 * crm_gemini_answer_extract() then crm_gemini_answer_merge().
 *
 * Returns: (transfer full): the command to carry out, or %NULL with @error
 */
CrmCommand *
crm_gemini_answer_apply (CrmCommand  *local,
                         JsonNode    *response,
                         GDateTime   *now,
                         GError     **error)
{
  g_autoptr(JsonObject) answer = crm_gemini_answer_extract (response, error);

  if (answer == NULL)
    return NULL;
  return crm_gemini_answer_merge (local, answer, now, error);
}
