/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gemini"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "crm-gemini-client.h"

/* A reply larger than this is not an extraction of one command. */
#define MAX_REPLY_BYTES (1024 * 1024)

struct _CrmGeminiClient
{
  GObject parent_instance;

  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (CrmGeminiClient, crm_gemini_client, G_TYPE_OBJECT)

/* One exchange: every try of one command, within one deadline. */
typedef struct
{
  char *url;
  char *api_key;
  char *model;
  GBytes *body;
  SoupMessage *message;
  GCancellable *attempt_cancellable; /* cancelled on the deadline or by the caller */
  GSource *deadline_source;
  GSource *cancel_source;
  GSource *retry_source;
  gint64 deadline;                   /* monotonic, µs */
  guint timeout_ms;
  guint backoff_ms;
  guint attempt;
  gboolean in_flight;
  gboolean timed_out;
} Exchange;

static void
destroy_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
exchange_stop (Exchange *ex)
{
  destroy_source (&ex->deadline_source);
  destroy_source (&ex->cancel_source);
  destroy_source (&ex->retry_source);
}

static void
exchange_free (Exchange *ex)
{
  exchange_stop (ex);
  g_free (ex->url);
  if (ex->api_key)
    memset (ex->api_key, 0, strlen (ex->api_key));
  g_free (ex->api_key);
  g_free (ex->model);
  g_bytes_unref (ex->body);
  g_clear_object (&ex->message);
  g_clear_object (&ex->attempt_cancellable);
  g_free (ex);
}

static void send_attempt (GTask *task);

/* Ends the exchange with ERROR (taken), unless the caller cancelled, in
 * which case GTask reports the cancellation. */
static void
exchange_fail (GTask  *task,
               GError *error)
{
  Exchange *ex = g_task_get_task_data (task);

  exchange_stop (ex);
  g_task_return_error (task, error);
}

static GError *
timeout_error (Exchange *ex)
{
  return g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_TIMEOUT,
                      "Gemini did not answer within %.3g s.", ex->timeout_ms / 1000.0);
}

/* Deadline or caller's cancellation: a try in flight ends through its own
 * callback; a wait between tries ends here. */
static void
exchange_abort (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  if (ex->in_flight)
    {
      g_cancellable_cancel (ex->attempt_cancellable);
      return;
    }
  exchange_stop (ex);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, timeout_error (ex));
}

static gboolean
on_deadline (gpointer data)
{
  GTask *task = data;
  Exchange *ex = g_task_get_task_data (task);

  ex->timed_out = TRUE;
  g_clear_pointer (&ex->deadline_source, g_source_unref);
  exchange_abort (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  GTask *task = data;
  Exchange *ex = g_task_get_task_data (task);

  g_clear_pointer (&ex->cancel_source, g_source_unref);
  exchange_abort (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_retry (gpointer data)
{
  GTask *task = data;
  Exchange *ex = g_task_get_task_data (task);

  g_clear_pointer (&ex->retry_source, g_source_unref);
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static GSource *
attach_source (GSource     *source,
               GSourceFunc  func,
               GTask       *task)
{
  g_source_set_callback (source, func, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  return source;
}

static gint64
time_left_ms (Exchange *ex)
{
  return MAX (0, (ex->deadline - g_get_monotonic_time ()) / 1000);
}

/* Exponential, with jitter so that many clients told "busy" at once do not
 * come back at once: half the step, plus up to another half at random. */
static gint64
backoff_delay_ms (Exchange *ex)
{
  gint64 step = (gint64) ex->backoff_ms << MIN (ex->attempt - 1, 10);

  return step / 2 + g_random_int_range (0, (gint32) MIN (step / 2, G_MAXINT32 - 1) + 1);
}

/* Ends the exchange with FAULT (taken, a phrase with no full stop) and
 * why it was not tried again. */
static void G_GNUC_PRINTF (3, 4)
give_up (GTask      *task,
         GError     *fault,
         const char *format,
         ...)
{
  g_autofree char *why = NULL;
  GError *error;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  error = g_error_new (fault->domain, fault->code, "%s%s.", fault->message, why);
  g_error_free (fault);
  exchange_fail (task, error);
}

/* FAULT (taken) says what went wrong with the last try. SERVER_DELAY_MS is
 * what the service asked for (-1: nothing). A wait longer than the time
 * left would only end in the timeout: fall back at once instead. */
static void
schedule_retry (GTask  *task,
                gint64  server_delay_ms,
                GError *fault)
{
  Exchange *ex = g_task_get_task_data (task);
  gint64 delay = server_delay_ms >= 0 ? server_delay_ms : backoff_delay_ms (ex);
  gint64 left = time_left_ms (ex);

  if (ex->attempt >= CRM_GEMINI_MAX_ATTEMPTS)
    give_up (task, fault, ", even after %u tries", ex->attempt);
  else if (delay >= left && server_delay_ms >= 0)
    give_up (task, fault, ", and asked to wait %.3g s, more than the %.3g s left",
             server_delay_ms / 1000.0, left / 1000.0);
  else if (delay >= left)
    give_up (task, fault, ", with no time left to try again");
  else
    {
      g_debug ("Try %u failed (%s); next in %" G_GINT64_FORMAT " ms",
               ex->attempt, fault->message, delay);
      g_error_free (fault);
      ex->retry_source = attach_source (g_timeout_source_new ((guint) delay), on_retry, task);
    }
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  if (data == NULL || size == 0 || size > MAX_REPLY_BYTES ||
      !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
error_object (JsonNode *root)
{
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *error = object ? json_object_get_member (object, "error") : NULL;

  return error && JSON_NODE_HOLDS_OBJECT (error) ? json_node_get_object (error) : NULL;
}

/* The service's own explanation (`error.message`), made fit for one line
 * on a user's screen: short, no control characters, and never the key,
 * even if the service echoed it. */
static char *
server_message (GBytes     *body,
                const char *api_key)
{
  g_autoptr(JsonNode) root = parse_json (body);
  JsonObject *error = error_object (root);
  const char *message = error ? json_object_get_string_member_with_default (error, "message", NULL) : NULL;
  g_autoptr(GString) out = NULL;

  if (message == NULL || !g_utf8_validate (message, -1, NULL))
    return g_strdup ("");
  out = g_string_new (message);
  if (api_key && *api_key)
    g_string_replace (out, api_key, "…", 0);
  for (gsize i = 0; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20)
      out->str[i] = ' ';
  if (g_utf8_strlen (out->str, -1) > 120)
    g_string_truncate (out, g_utf8_offset_to_pointer (out->str, 119) - out->str);
  g_string_prepend (out, ": ");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/* A connection that dropped or was reset may work on the next try; an
 * unknown host, an unreachable network or nothing listening will not, and
 * falls back at once. */
static gboolean
is_retryable_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING);
}

static gint64
server_delay_ms (SoupMessage *message,
                 GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  gint64 header = crm_gemini_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  gint64 details = crm_gemini_parse_retry_delay (body);

  return MAX (header, details);
}

static GError *
status_error (Exchange *ex,
              guint     status,
              GBytes   *body)
{
  g_autofree char *said = server_message (body, ex->api_key);

  switch (status)
    {
    case 400:
      return g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_REQUEST,
                          "Gemini refused the request (HTTP 400%s): check the API key "
                          "(GEMINI_API_KEY or Preferences) and the request.", said);
    case 401:
    case 403:
      return g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_KEY,
                          "Gemini did not accept the API key (HTTP %u%s): check GEMINI_API_KEY "
                          "or the key in Preferences.", status, said);
    case 404:
      return g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_MODEL,
                          "Gemini has no model “%s” (HTTP 404): the name is wrong or the model was "
                          "retired; change the gemini-model setting in Preferences "
                          "(or SMART_CRM_GEMINI_MODEL).", ex->model);
    default:
      return g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_HTTP,
                          "Gemini answered with HTTP %u%s.", status, said);
    }
}

static void
handle_reply (GTask  *task,
              GBytes *body)
{
  Exchange *ex = g_task_get_task_data (task);
  guint status = soup_message_get_status (ex->message);
  JsonNode *root;

  if (is_retryable_status (status))
    schedule_retry (task, server_delay_ms (ex->message, body),
                    g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_BUSY,
                                 "Gemini is busy (HTTP %u)", status));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    exchange_fail (task, status_error (ex, status, body));
  else if ((root = parse_json (body)) == NULL)
    exchange_fail (task, g_error_new_literal (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_MALFORMED,
                                              "Gemini's reply was not JSON."));
  else
    {
      exchange_stop (ex);
      g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
    }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  ex->in_flight = FALSE;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      exchange_stop (ex);
      g_task_return_error_if_cancelled (task);
    }
  else if (ex->timed_out)
    exchange_fail (task, timeout_error (ex));
  else if (error && is_retryable_error (error))
    schedule_retry (task, -1, g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_NETWORK,
                                           "The connection to Gemini failed (%s)", error->message));
  else if (error)
    exchange_fail (task, g_error_new (CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_NETWORK,
                                      "Could not reach Gemini (%s).", error->message));
  else
    handle_reply (task, body);
}

/* Redirects are not followed: the key header would go wherever the
 * redirect pointed. */
static void
send_attempt (GTask *task)
{
  CrmGeminiClient *self = g_task_get_source_object (task);
  Exchange *ex = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&ex->message);
  g_clear_object (&ex->attempt_cancellable);
  ex->message = soup_message_new ("POST", ex->url);
  ex->attempt_cancellable = g_cancellable_new ();
  soup_message_add_flags (ex->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (ex->message);
  soup_message_headers_replace (headers, "x-goog-api-key", ex->api_key);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (ex->message, "application/json", ex->body);
  ex->attempt++;
  ex->in_flight = TRUE;
  soup_session_send_and_read_async (self->session, ex->message, G_PRIORITY_DEFAULT,
                                    ex->attempt_cancellable, on_sent, g_object_ref (task));
}

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "localhost") == 0;
}

/* Plain HTTP would send the key in the clear: loopback (tests) only. */
static gboolean
check_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host && *host && g_uri_get_query (uri) == NULL && g_uri_get_fragment (uri) == NULL &&
      (g_strcmp0 (scheme, "https") == 0 || (g_strcmp0 (scheme, "http") == 0 && is_loopback (host))))
    return TRUE;
  g_set_error (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_CONFIG,
               "The Gemini address “%s” is not an https:// URL: change the gemini-base-url "
               "setting (or SMART_CRM_GEMINI_BASE_URL).", base_url);
  return FALSE;
}

static gboolean
is_model_name (const char *model)
{
  if (*model == '\0' || strlen (model) > 100)
    return FALSE;
  for (const char *p = model; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * crm_gemini_build_url:
 * @base_url: the service root
 * @model: the model name, with or without "models/"
 *
 * Returns: (transfer full): the generateContent URL, or %NULL with @error
 */
char *
crm_gemini_build_url (const char  *base_url,
                      const char  *model,
                      GError     **error)
{
  g_autofree char *root = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (g_str_has_prefix (model, "models/"))
    model += strlen ("models/");
  if (!is_model_name (model))
    {
      g_set_error (error, CRM_GEMINI_ERROR, CRM_GEMINI_ERROR_CONFIG,
                   "“%s” is not a model name: change the gemini-model setting "
                   "(or SMART_CRM_GEMINI_MODEL).", model);
      return NULL;
    }
  if (!check_base_url (base_url, error))
    return NULL;
  root = g_strdup (base_url);
  while (g_str_has_suffix (root, "/"))
    root[strlen (root) - 1] = '\0';
  return g_strdup_printf ("%s/v1beta/models/%s:generateContent", root, model);
}

/**
 * crm_gemini_parse_retry_after:
 * @header: (nullable): a Retry-After value: seconds or an HTTP date
 *
 * Returns: the delay in ms, or -1 when there is none
 */
gint64
crm_gemini_parse_retry_after (const char *header)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (header == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (header, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds * 1000;
  if ((when = soup_date_time_new_from_http_string (header)) == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (when, now) / 1000);
}

static gint64
parse_duration_ms (const char *text)
{
  char *end = NULL;
  double seconds = g_ascii_strtod (text, &end);

  if (end == text || g_strcmp0 (end, "s") != 0 || seconds < 0 || seconds > G_MAXINT32)
    return -1;
  return (gint64) (seconds * 1000);
}

/**
 * crm_gemini_parse_retry_delay:
 * @body: (nullable): an error reply
 *
 * Finds google.rpc.RetryInfo's `retryDelay` ("37s", "0.5s") among the
 * error's details.
 *
 * Returns: the delay in ms, or -1 when there is none
 */
gint64
crm_gemini_parse_retry_delay (GBytes *body)
{
  g_autoptr(JsonNode) root = parse_json (body);
  JsonObject *error = error_object (root);
  JsonNode *details = error ? json_object_get_member (error, "details") : NULL;
  JsonArray *array = details && JSON_NODE_HOLDS_ARRAY (details) ? json_node_get_array (details) : NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *detail = json_array_get_element (array, i);
      JsonNode *delay = JSON_NODE_HOLDS_OBJECT (detail)
                        ? json_object_get_member (json_node_get_object (detail), "retryDelay") : NULL;

      if (delay && JSON_NODE_HOLDS_VALUE (delay) && json_node_get_value_type (delay) == G_TYPE_STRING)
        return parse_duration_ms (json_node_get_string (delay));
    }
  return -1;
}

static void
crm_gemini_client_dispose (GObject *object)
{
  CrmGeminiClient *self = CRM_GEMINI_CLIENT (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (crm_gemini_client_parent_class)->dispose (object);
}

static void
crm_gemini_client_class_init (CrmGeminiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_gemini_client_dispose;
}

/* TLS certificates are checked against the system's database; there is no
 * accept-certificate handler, so a bad certificate fails the try. The
 * session timeout is a backstop: each command has its own deadline. */
static void
crm_gemini_client_init (CrmGeminiClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "smart-crm/" PACKAGE_VERSION " ",
                                                 "timeout", 120,
                                                 NULL);
}

/**
 * crm_gemini_client_get_default:
 *
 * The app-wide client, so that every command shares one SoupSession (and
 * its connections). Lives as long as someone holds it.
 *
 * Returns: (transfer full): the client
 */
CrmGeminiClient *
crm_gemini_client_get_default (void)
{
  static CrmGeminiClient *client;

  if (client)
    return g_object_ref (client);
  client = g_object_new (CRM_TYPE_GEMINI_CLIENT, NULL);
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  return client;
}

static Exchange *
exchange_new (CrmLlmSettings  *settings,
              const char      *api_key,
              GBytes          *body,
              GError         **error)
{
  g_autofree char *base_url = crm_llm_settings_dup_base_url (settings);
  g_autofree char *model = crm_llm_settings_dup_model (settings);
  g_autofree char *url = crm_gemini_build_url (base_url, model, error);
  Exchange *ex;

  if (url == NULL)
    return NULL;
  ex = g_new0 (Exchange, 1);
  ex->url = g_steal_pointer (&url);
  ex->model = g_steal_pointer (&model);
  ex->api_key = g_strdup (api_key);
  ex->body = g_bytes_ref (body);
  ex->timeout_ms = crm_llm_settings_get_timeout_ms (settings);
  ex->backoff_ms = crm_llm_settings_get_backoff_ms (settings);
  ex->deadline = g_get_monotonic_time () + (gint64) ex->timeout_ms * 1000;
  return ex;
}

/**
 * crm_gemini_client_generate_async:
 * @settings: base URL, model, timeout and backoff, read now
 * @api_key: the key, sent in the x-goog-api-key header only
 * @body: the request body (JSON)
 * @cancellable: (nullable): cancels the whole exchange
 *
 * POSTs @body to generateContent, retrying 429/5xx and dropped connections
 * with backoff until the settings' timeout. Runs on the thread-default
 * main context.
 */
void
crm_gemini_client_generate_async (CrmGeminiClient     *self,
                                  CrmLlmSettings      *settings,
                                  const char          *api_key,
                                  GBytes              *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Exchange *ex;

  g_return_if_fail (CRM_IS_GEMINI_CLIENT (self));
  g_return_if_fail (CRM_IS_LLM_SETTINGS (settings));
  g_return_if_fail (api_key != NULL);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_gemini_client_generate_async);
  if ((ex = exchange_new (settings, api_key, body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);
  ex->deadline_source = attach_source (g_timeout_source_new (ex->timeout_ms), on_deadline, task);
  if (cancellable)
    ex->cancel_source = attach_source (g_cancellable_source_new (cancellable),
                                       (GSourceFunc) (void (*) (void)) on_cancelled, task);
  send_attempt (task);
}

/**
 * crm_gemini_client_generate_finish:
 *
 * Returns: (transfer full): the reply body, parsed, or %NULL with @error
 *   (%CRM_GEMINI_ERROR, or %G_IO_ERROR_CANCELLED)
 */
JsonNode *
crm_gemini_client_generate_finish (CrmGeminiClient  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_gemini_client_generate_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
