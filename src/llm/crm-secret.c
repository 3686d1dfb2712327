/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-secret"

#include "config.h"

#include <libsecret/secret.h>

#include "crm-secret.h"

/* The key lives in the keyring only: never in GSettings, the database or a
 * log. Looking it up must never hold a command up: no Secret Service, a
 * locked keyring (no unlock prompt is raised) or a slow answer all mean
 * "no key", and the app works locally. */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "com.example.SmartCRM.GeminiApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

typedef struct
{
  GCancellable *cancellable; /* ours: the caller's may be NULL */
  GSource *timeout;
  gboolean done;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  if (lookup->timeout)
    g_source_destroy (lookup->timeout);
  g_clear_pointer (&lookup->timeout, g_source_unref);
  g_clear_object (&lookup->cancellable);
  g_free (lookup);
}

static void
lookup_return (GTask *task,
               char  *api_key)
{
  Lookup *lookup = g_task_get_task_data (task);

  if (lookup->done)
    {
      crm_secret_free (api_key);
      return;
    }
  lookup->done = TRUE;
  if (lookup->timeout)
    g_source_destroy (lookup->timeout);
  g_task_return_pointer (task, api_key, (GDestroyNotify) crm_secret_free);
}

static gboolean
on_lookup_timeout (gpointer data)
{
  GTask *task = data;
  Lookup *lookup = g_task_get_task_data (task);

  g_debug ("The keyring did not answer in time: no API key");
  g_cancellable_cancel (lookup->cancellable);
  lookup_return (task, NULL);
  return G_SOURCE_REMOVE;
}

/* The first unlocked item that holds text. */
static char *
first_secret (GList *items)
{
  for (GList *l = items; l; l = l->next)
    {
      g_autoptr(SecretValue) value = secret_item_get_secret (l->data);
      const char *text = value ? secret_value_get_text (value) : NULL;

      if (text && *text)
        return g_strdup (text);
    }
  return NULL;
}

/* Without a session bus there is no Secret Service, and asking would make
 * GDBus try to autolaunch one (CI, ssh sessions): answer "no key" at once. */
static gboolean
has_session_bus (void)
{
  g_autofree char *socket = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS"))
    return TRUE;
  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);

  if (error)
    g_debug ("No API key from the keyring: %s", error->message);
  lookup_return (task, first_secret (items));
  g_list_free_full (items, g_object_unref);
}

/**
 * crm_secret_lookup_async:
 * @cancellable: (nullable)
 *
 * Asks the keyring for the API key, giving up after
 * %CRM_SECRET_LOOKUP_TIMEOUT_MS. Setting SMART_CRM_NO_KEYRING (tests, CI)
 * skips the keyring altogether.
 */
void
crm_secret_lookup_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = NULL;
  Lookup *lookup;

  g_task_set_source_tag (task, crm_secret_lookup_async);
  if (g_getenv ("SMART_CRM_NO_KEYRING") || !has_session_bus ())
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  lookup = g_new0 (Lookup, 1);
  lookup->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  lookup->timeout = g_timeout_source_new (CRM_SECRET_LOOKUP_TIMEOUT_MS);
  g_source_set_callback (lookup->timeout, on_lookup_timeout, task, NULL);
  g_source_attach (lookup->timeout, g_task_get_context (task));

  attributes = secret_attributes_build (get_schema (), "service", "gemini", NULL);
  secret_service_search (NULL, get_schema (), attributes, SECRET_SEARCH_LOAD_SECRETS,
                         lookup->cancellable, on_searched, g_object_ref (task));
}

/**
 * crm_secret_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, to free with
 *   crm_secret_free(); %NULL when there is none (no error), or with
 *   @error when the caller cancelled
 */
char *
crm_secret_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * crm_secret_store_async:
 * @api_key: the key from Preferences
 *
 * Stores the key in the default collection (the keyring may ask to be
 * unlocked: this follows a user's action).
 */
void
crm_secret_store_async (const char          *api_key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (api_key != NULL && *api_key);
  g_task_set_source_tag (task, crm_secret_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, "Smart CRM: Gemini API key",
                         api_key, cancellable, on_stored, g_object_ref (task),
                         "service", "gemini", NULL);
}

gboolean
crm_secret_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  /* FALSE with no error: there was nothing to clear, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Removes the key from the keyring (Preferences, "Forget key"). */
void
crm_secret_clear_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, crm_secret_clear_async);
  secret_password_clear (get_schema (), cancellable, on_cleared, g_object_ref (task),
                         "service", "gemini", NULL);
}

gboolean
crm_secret_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Wipes the key before freeing it. */
void
crm_secret_free (char *api_key)
{
  if (api_key)
    secret_password_wipe (api_key);
  g_free (api_key);
}
