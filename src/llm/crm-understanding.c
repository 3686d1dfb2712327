/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-understanding"

#include "config.h"

#include "crm-gemini-answer.h"
#include "crm-gemini-client.h"
#include "crm-gemini-request.h"
#include "crm-llm-settings.h"
#include "crm-secret.h"
#include "crm-understanding.h"

/* The local parse always runs first; Gemini is asked when the mode, a key
 * and not being offline allow, and its answer replaces the local parse only
 * once checked. Commands are served strictly one after the other, in the
 * order they were given: a later one never overtakes one waiting for
 * Gemini. */

typedef enum
{
  KEY_UNKNOWN, /* the keyring has not been asked */
  KEY_LOOKING,
  KEY_KNOWN,
  KEY_NONE,
} KeyState;

struct _CrmUnderstanding
{
  GObject parent_instance;

  CrmParser *parser;
  CrmLlmSettings *settings;
  CrmGeminiClient *client; /* on first use */
  char *keyring_key;       /* wiped when freed */
  char *model;             /* for get_model()'s (transfer none) */
  GQueue queue;            /* GTask: the head is the one being served */
  KeyState key_state;
  guint key_generation;
  gboolean serving;
  gboolean offline;
  gboolean uses_model;     /* last value notified */
};

enum {
  PROP_0,
  PROP_USES_MODEL,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmUnderstanding, crm_understanding, G_TYPE_OBJECT)

typedef struct
{
  CrmCommand *local;
  GDateTime *now;
} Run;

typedef struct
{
  CrmCommand *command;
  char *notice;
} Outcome;

static void
run_free (Run *run)
{
  g_clear_object (&run->local);
  g_clear_pointer (&run->now, g_date_time_unref);
  g_free (run);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_object (&outcome->command);
  g_free (outcome->notice);
  g_free (outcome);
}

static void serve_next (CrmUnderstanding *self);
static void serve      (CrmUnderstanding *self,
                        GTask            *task);

/* The environment's key wins over the keyring's (interfaces.md). */
static const char *
current_key (CrmUnderstanding *self)
{
  const char *env = g_getenv ("GEMINI_API_KEY");

  if (env && *env)
    return env;
  return self->key_state == KEY_KNOWN ? self->keyring_key : NULL;
}

static gboolean
compute_uses_model (CrmUnderstanding *self)
{
  return !self->offline &&
         crm_llm_settings_get_mode (self->settings) != CRM_GEMINI_MODE_OFF &&
         current_key (self) != NULL;
}

static void
update_uses_model (CrmUnderstanding *self)
{
  gboolean uses_model = compute_uses_model (self);

  if (uses_model == self->uses_model)
    return;
  self->uses_model = uses_model;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USES_MODEL]);
}

static void
on_settings_changed (CrmUnderstanding *self)
{
  update_uses_model (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* The notice is one line, whatever the error said. */
static char *
notice_for (const GError *error)
{
  g_autofree char *line = g_strdup_printf ("%s Used the local understanding instead.", error->message);

  return g_strdelimit (g_steal_pointer (&line), "\r\n", ' ');
}

/* Ends the head of the queue (dropping the queue's reference) and moves on
 * to the next command. */
static void
finish (CrmUnderstanding *self,
        GTask            *task,
        CrmCommand       *command,
        const GError     *error)
{
  /* The caller's callback may drop its last reference to us. */
  g_autoptr(CrmUnderstanding) hold = g_object_ref (self);
  Outcome *outcome = g_new0 (Outcome, 1);

  g_assert (g_queue_peek_head (&self->queue) == task);
  g_queue_pop_head (&self->queue);
  self->serving = FALSE;

  outcome->command = command;
  outcome->notice = error ? notice_for (error) : NULL;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, outcome, (GDestroyNotify) outcome_free);
  else
    outcome_free (outcome);
  g_object_unref (task);
  serve_next (self);
}

static void
finish_local (CrmUnderstanding *self,
              GTask            *task,
              const GError     *error)
{
  Run *run = g_task_get_task_data (task);

  finish (self, task, crm_command_copy (run->local), error);
}

static gboolean
is_unsure (CrmCommand *local)
{
  return crm_command_get_intent (local) == CRM_INTENT_UNKNOWN ||
         crm_command_get_confidence (local) < CRM_LLM_UNSURE_BELOW;
}

static void
on_generated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  CrmUnderstanding *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  CrmCommand *merged = NULL;

  response = crm_gemini_client_generate_finish (CRM_GEMINI_CLIENT (source), result, &error);
  if (response)
    merged = crm_gemini_answer_apply (run->local, response, run->now, &error);
  if (merged)
    finish (self, task, merged, NULL);
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Not using Gemini's answer: %s", error->message);
      finish_local (self, task, error);
    }
}

static void
ask_gemini (CrmUnderstanding *self,
            GTask            *task,
            const char       *api_key)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) body = crm_gemini_request_build_bytes (run->local, run->now, is_unsure (run->local));

  if (self->client == NULL)
    self->client = crm_gemini_client_get_default ();
  crm_gemini_client_generate_async (self->client, self->settings, api_key, body,
                                    g_task_get_cancellable (task), on_generated,
                                    g_object_ref (task));
}

typedef struct
{
  CrmUnderstanding *self;
  guint generation;
} KeyLookup;

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  KeyLookup *lookup = data;
  g_autoptr(CrmUnderstanding) self = lookup->self;
  char *key = crm_secret_lookup_finish (result, NULL);
  gboolean current = lookup->generation == self->key_generation;
  GTask *head;

  g_free (lookup);
  if (!current)
    {
      crm_secret_free (key);
      return;
    }
  crm_secret_free (self->keyring_key);
  self->keyring_key = key;
  self->key_state = key ? KEY_KNOWN : KEY_NONE;
  update_uses_model (self);
  if (self->serving && (head = g_queue_peek_head (&self->queue)) != NULL)
    serve (self, head);
}

/* A newer lookup makes the answer of an older one moot. */
static void
start_key_lookup (CrmUnderstanding *self)
{
  KeyLookup *lookup = g_new0 (KeyLookup, 1);

  self->key_state = KEY_LOOKING;
  lookup->self = g_object_ref (self);
  lookup->generation = ++self->key_generation;
  crm_secret_lookup_async (NULL, on_key_looked_up, lookup);
}

static void
drop_cancelled (CrmUnderstanding *self,
                GTask            *task)
{
  g_queue_pop_head (&self->queue);
  self->serving = FALSE;
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  serve_next (self);
}

/* Serves the head of the queue, or resumes it once the keyring answered. */
static void
serve (CrmUnderstanding *self,
       GTask            *task)
{
  Run *run = g_task_get_task_data (task);
  const char *key;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    drop_cancelled (self, task);
  else if (self->offline || !crm_llm_settings_should_ask (self->settings, run->local))
    finish_local (self, task, NULL);
  else if ((key = current_key (self)) != NULL)
    ask_gemini (self, task, key);
  else if (self->key_state == KEY_UNKNOWN)
    start_key_lookup (self); /* serve() again when it answers */
  else if (self->key_state == KEY_NONE)
    finish_local (self, task, NULL); /* no key: fully local, silently */
}

static void
serve_next (CrmUnderstanding *self)
{
  GTask *head = g_queue_peek_head (&self->queue);

  if (self->serving || head == NULL)
    return;
  self->serving = TRUE;
  serve (self, head);
}

static void
crm_understanding_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmUnderstanding *self = CRM_UNDERSTANDING (object);

  switch (prop_id)
    {
    case PROP_USES_MODEL:
      g_value_set_boolean (value, crm_understanding_uses_model (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, crm_understanding_get_model (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_understanding_finalize (GObject *object)
{
  CrmUnderstanding *self = CRM_UNDERSTANDING (object);

  g_assert (g_queue_is_empty (&self->queue));
  g_clear_object (&self->parser);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_pointer (&self->keyring_key, crm_secret_free);
  g_free (self->model);
  G_OBJECT_CLASS (crm_understanding_parent_class)->finalize (object);
}

static void
crm_understanding_class_init (CrmUnderstandingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_understanding_finalize;
  object_class->get_property = crm_understanding_get_property;

  properties[PROP_USES_MODEL] =
    g_param_spec_boolean ("uses-model", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_understanding_init (CrmUnderstanding *self)
{
  self->parser = crm_parser_new ();
  self->settings = crm_llm_settings_new ();
  g_queue_init (&self->queue);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
}

/**
 * crm_understanding_new:
 * @offline: never contact the service
 *
 * Returns: (transfer full): a new understanding. The app should keep one.
 */
CrmUnderstanding *
crm_understanding_new (gboolean offline)
{
  CrmUnderstanding *self = g_object_new (CRM_TYPE_UNDERSTANDING, NULL);

  self->offline = offline;
  self->uses_model = compute_uses_model (self);
  return self;
}

gboolean
crm_understanding_uses_model (CrmUnderstanding *self)
{
  g_return_val_if_fail (CRM_IS_UNDERSTANDING (self), FALSE);
  return compute_uses_model (self);
}

/**
 * crm_understanding_get_model:
 * Returns: (transfer none): the model commands go to, as configured
 */
const char *
crm_understanding_get_model (CrmUnderstanding *self)
{
  g_return_val_if_fail (CRM_IS_UNDERSTANDING (self), NULL);
  g_free (self->model);
  self->model = crm_llm_settings_dup_model (self->settings);
  return self->model;
}

void
crm_understanding_reload_key (CrmUnderstanding *self)
{
  g_return_if_fail (CRM_IS_UNDERSTANDING (self));
  if (!self->offline)
    start_key_lookup (self);
}

/**
 * crm_understanding_parse_local:
 * Returns: (transfer full): the local parse
 */
CrmCommand *
crm_understanding_parse_local (CrmUnderstanding *self,
                               const char       *text,
                               GDateTime        *now)
{
  g_return_val_if_fail (CRM_IS_UNDERSTANDING (self), NULL);
  return crm_parser_parse (self->parser, text, now);
}

/**
 * crm_understanding_run_async:
 * @text: the command as typed
 * @now: (nullable): the reference time; %NULL for the clock
 * @cancellable: (nullable): cancels this command (Escape): nothing is
 *   returned but the cancellation
 *
 * Understands @text: the local parse, then Gemini when asked for. Commands
 * complete in the order they were given.
 */
void
crm_understanding_run_async (CrmUnderstanding    *self,
                             const char          *text,
                             GDateTime           *now,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (CRM_IS_UNDERSTANDING (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_understanding_run_async);
  run = g_new0 (Run, 1);
  run->now = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  run->local = crm_parser_parse (self->parser, text, run->now);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_queue_push_tail (&self->queue, task); /* the queue's reference */
  serve_next (self);
}

/**
 * crm_understanding_run_finish:
 * @notice: (out) (optional) (transfer full): a line for the user when
 *   Gemini was asked but its answer was not used, else %NULL
 *
 * Returns: (transfer full): the command to carry out; %NULL only with
 *   %G_IO_ERROR_CANCELLED
 */
CrmCommand *
crm_understanding_run_finish (CrmUnderstanding  *self,
                              GAsyncResult      *result,
                              char             **notice,
                              GError           **error)
{
  Outcome *outcome;
  CrmCommand *command;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_understanding_run_async, NULL);

  if (notice)
    *notice = NULL;
  if ((outcome = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  command = g_steal_pointer (&outcome->command);
  if (notice)
    *notice = g_steal_pointer (&outcome->notice);
  outcome_free (outcome);
  return command;
}

typedef struct
{
  CrmCommand *command;
  char *notice;
  gboolean done;
} SyncRun;

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SyncRun *sync = data;

  sync->command = crm_understanding_run_finish (CRM_UNDERSTANDING (source), result,
                                                &sync->notice, NULL);
  sync->done = TRUE;
}

/* No key, offline or mode off: no main loop needed (`--parse -` reads
 * 100,000 lines a second this way). */
static gboolean
is_surely_local (CrmUnderstanding *self)
{
  return self->offline || crm_llm_settings_get_mode (self->settings) == CRM_GEMINI_MODE_OFF ||
         (current_key (self) == NULL && self->key_state == KEY_NONE);
}

/**
 * crm_understanding_run_sync:
 * @notice: (out) (optional) (transfer full): as for run_finish()
 *
 * Runs the async path on a private main context, for the command line.
 *
 * Returns: (transfer full): the command to carry out
 */
CrmCommand *
crm_understanding_run_sync (CrmUnderstanding  *self,
                            const char        *text,
                            GDateTime         *now,
                            char             **notice)
{
  g_autoptr(GMainContext) context = NULL;
  SyncRun sync = { 0 };

  g_return_val_if_fail (CRM_IS_UNDERSTANDING (self), NULL);

  if (notice)
    *notice = NULL;
  if (is_surely_local (self))
    {
      g_autoptr(GDateTime) clock = now ? NULL : g_date_time_new_now_local ();

      return crm_parser_parse (self->parser, text, now ? now : clock);
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  crm_understanding_run_async (self, text, now, NULL, on_sync_done, &sync);
  while (!sync.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  if (notice)
    *notice = g_steal_pointer (&sync.notice);
  g_free (sync.notice);
  return sync.command;
}
