/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gemini"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "crm-llm-settings.h"

struct _CrmLlmSettings
{
  GObject parent_instance;

  GSettings *settings; /* NULL when the schema is not installed */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmLlmSettings, crm_llm_settings, G_TYPE_OBJECT)

/* The command-line modes run from the build tree with no schema installed:
 * looking the schema up first avoids g_settings_new()'s abort. */
static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "gemini-mode"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static const char *
env_value (const char *name)
{
  const char *value = g_getenv (name);

  return (value && *value) ? value : NULL;
}

static void
on_settings_changed (CrmLlmSettings *self,
                     const char     *key)
{
  if (g_str_has_prefix (key, "gemini-"))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
crm_llm_settings_dispose (GObject *object)
{
  CrmLlmSettings *self = CRM_LLM_SETTINGS (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (crm_llm_settings_parent_class)->dispose (object);
}

static void
crm_llm_settings_class_init (CrmLlmSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_llm_settings_dispose;

  /* Emitted when a gemini-* key changes in Preferences. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
crm_llm_settings_init (CrmLlmSettings *self)
{
  self->settings = lookup_settings ();
  if (self->settings)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (on_settings_changed), self,
                             G_CONNECT_SWAPPED);
}

CrmLlmSettings *
crm_llm_settings_new (void)
{
  return g_object_new (CRM_TYPE_LLM_SETTINGS, NULL);
}

/* An unrecognised SMART_CRM_GEMINI_MODE means `off`: a typo must never be
 * what sends someone's commands to a remote service. */
CrmGeminiMode
crm_llm_settings_get_mode (CrmLlmSettings *self)
{
  const char *env;

  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), CRM_GEMINI_MODE_OFF);

  if ((env = env_value ("SMART_CRM_GEMINI_MODE")) != NULL)
    {
      if (g_ascii_strcasecmp (env, "auto") == 0)
        return CRM_GEMINI_MODE_AUTO;
      if (g_ascii_strcasecmp (env, "unsure") == 0)
        return CRM_GEMINI_MODE_UNSURE;
      if (g_ascii_strcasecmp (env, "off") != 0)
        g_warning ("SMART_CRM_GEMINI_MODE=%s is not auto, unsure or off: taking it as off", env);
      return CRM_GEMINI_MODE_OFF;
    }
  if (self->settings)
    return (CrmGeminiMode) g_settings_get_enum (self->settings, "gemini-mode");
  return CRM_GEMINI_MODE_AUTO;
}

static char *
dup_string (CrmLlmSettings *self,
            const char     *env_name,
            const char     *key,
            const char     *fallback)
{
  const char *env = env_value (env_name);
  g_autofree char *value = NULL;

  if (env)
    return g_strdup (env);
  if (self->settings)
    value = g_settings_get_string (self->settings, key);
  if (value && *value)
    return g_steal_pointer (&value);
  return g_strdup (fallback);
}

/**
 * crm_llm_settings_dup_model:
 * Returns: (transfer full): the model name, as configured (the client
 * checks that it is usable).
 */
char *
crm_llm_settings_dup_model (CrmLlmSettings *self)
{
  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), NULL);
  return dup_string (self, "SMART_CRM_GEMINI_MODEL", "gemini-model", CRM_LLM_DEFAULT_MODEL);
}

/**
 * crm_llm_settings_dup_base_url:
 * Returns: (transfer full): the service root, as configured.
 */
char *
crm_llm_settings_dup_base_url (CrmLlmSettings *self)
{
  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), NULL);
  return dup_string (self, "SMART_CRM_GEMINI_BASE_URL", "gemini-base-url", CRM_LLM_DEFAULT_BASE_URL);
}

/* Seconds, possibly fractional ("0.5" keeps the timeout tests fast). */
guint
crm_llm_settings_get_timeout_ms (CrmLlmSettings *self)
{
  const char *env;

  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), CRM_LLM_DEFAULT_TIMEOUT_MS);

  if ((env = env_value ("SMART_CRM_GEMINI_TIMEOUT")) != NULL)
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (env, &end);

      if (end != env && *end == '\0' && seconds > 0 && seconds <= 600)
        return (guint) (seconds * 1000);
      g_warning ("SMART_CRM_GEMINI_TIMEOUT=%s is not a number of seconds: using the default", env);
    }
  if (self->settings)
    return g_settings_get_uint (self->settings, "gemini-timeout") * 1000;
  return CRM_LLM_DEFAULT_TIMEOUT_MS;
}

/* The first retry waits about this long, doubling after. Not a user
 * setting: SMART_CRM_GEMINI_BACKOFF_MS exists so the test suite can make
 * the retries fast. */
guint
crm_llm_settings_get_backoff_ms (CrmLlmSettings *self)
{
  const char *env = env_value ("SMART_CRM_GEMINI_BACKOFF_MS");
  guint64 value;

  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), CRM_LLM_DEFAULT_BACKOFF_MS);

  if (env && g_ascii_string_to_unsigned (env, 10, 0, 60000, &value, NULL))
    return (guint) value;
  return CRM_LLM_DEFAULT_BACKOFF_MS;
}

/**
 * crm_llm_settings_should_ask:
 * @local: the local parse
 *
 * Returns: whether the mode asks for Gemini on this command (a key and
 * not being offline are checked elsewhere).
 */
gboolean
crm_llm_settings_should_ask (CrmLlmSettings *self,
                             CrmCommand     *local)
{
  g_return_val_if_fail (CRM_IS_LLM_SETTINGS (self), FALSE);
  g_return_val_if_fail (CRM_IS_COMMAND (local), FALSE);

  switch (crm_llm_settings_get_mode (self))
    {
    case CRM_GEMINI_MODE_AUTO:
      return TRUE;
    case CRM_GEMINI_MODE_UNSURE:
      return crm_command_get_intent (local) == CRM_INTENT_UNKNOWN ||
             crm_command_get_confidence (local) < CRM_LLM_UNSURE_BELOW;
    case CRM_GEMINI_MODE_OFF:
    default:
      return FALSE;
    }
}
