/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-command"

#include "config.h"

#include "crm-command.h"
#include "crm-json.h"

/* A command as understood: the intent, its fields and where in the typed
 * text each part was found. Both the local parser and the Gemini client
 * produce one; the executor consumes it. */
struct _CrmCommand
{
  GObject parent_instance;

  char *text;
  CrmIntent intent;
  double confidence;
  CrmSource source;
  char *error;
  char *fields[CRM_N_FIELDS];
  GDateTime *times[CRM_N_TIMES];
  gboolean all_day;
  gboolean date_only;
  gboolean time_only;
  gboolean needs_confirmation;
  GPtrArray *attendees; /* NULL-terminated array of char* */
  GArray *spans;        /* CrmSpan */
};

G_DEFINE_FINAL_TYPE (CrmCommand, crm_command, G_TYPE_OBJECT)

static const char * const intent_names[CRM_N_INTENTS] = {
  [CRM_INTENT_UNKNOWN] = "unknown",
  [CRM_INTENT_ADD_CONTACT] = "add_contact",
  [CRM_INTENT_FIND_CONTACT] = "find_contact",
  [CRM_INTENT_UPDATE_CONTACT] = "update_contact",
  [CRM_INTENT_DELETE_CONTACT] = "delete_contact",
  [CRM_INTENT_SCHEDULE_MEETING] = "schedule_meeting",
  [CRM_INTENT_FIND_MEETINGS] = "find_meetings",
  [CRM_INTENT_RESCHEDULE_MEETING] = "reschedule_meeting",
  [CRM_INTENT_CANCEL_MEETING] = "cancel_meeting",
  [CRM_INTENT_HELP] = "help",
};

static const char * const field_names[CRM_N_FIELDS] = {
  [CRM_FIELD_NAME] = "name",
  [CRM_FIELD_EMAIL] = "email",
  [CRM_FIELD_PHONE] = "phone",
  [CRM_FIELD_COMPANY] = "company",
  [CRM_FIELD_JOB_TITLE] = "job_title",
  [CRM_FIELD_NOTES] = "notes",
  [CRM_FIELD_TITLE] = "title",
  [CRM_FIELD_LOCATION] = "location",
  [CRM_FIELD_DESCRIPTION] = "description",
  [CRM_FIELD_TARGET] = "target",
  [CRM_FIELD_QUERY] = "query",
};

static const char * const time_names[CRM_N_TIMES] = {
  [CRM_TIME_START] = "start",
  [CRM_TIME_END] = "end",
  [CRM_TIME_FROM] = "from",
  [CRM_TIME_TO] = "to",
};

static void
crm_command_finalize (GObject *object)
{
  CrmCommand *self = CRM_COMMAND (object);

  g_free (self->text);
  g_free (self->error);
  for (guint i = 0; i < CRM_N_FIELDS; i++)
    g_free (self->fields[i]);
  for (guint i = 0; i < CRM_N_TIMES; i++)
    g_clear_pointer (&self->times[i], g_date_time_unref);
  g_ptr_array_unref (self->attendees);
  g_array_unref (self->spans);

  G_OBJECT_CLASS (crm_command_parent_class)->finalize (object);
}

static void
crm_command_class_init (CrmCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_command_finalize;
}

static void
crm_command_init (CrmCommand *self)
{
  self->attendees = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->spans = g_array_new (FALSE, FALSE, sizeof (CrmSpan));
}

/**
 * crm_command_new:
 * @text: what the user typed (any bytes)
 *
 * Returns: (transfer full): an `unknown` command holding @text.
 */
CrmCommand *
crm_command_new (const char *text)
{
  CrmCommand *self = g_object_new (CRM_TYPE_COMMAND, NULL);

  self->text = g_strdup (text ? text : "");
  return self;
}

/**
 * crm_command_copy:
 * Returns: (transfer full): a deep copy, safe to hand to another thread.
 */
CrmCommand *
crm_command_copy (CrmCommand *self)
{
  CrmCommand *copy;

  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);

  copy = crm_command_new (self->text);
  copy->intent = self->intent;
  copy->confidence = self->confidence;
  copy->source = self->source;
  copy->error = g_strdup (self->error);
  copy->all_day = self->all_day;
  copy->date_only = self->date_only;
  copy->time_only = self->time_only;
  copy->needs_confirmation = self->needs_confirmation;
  for (guint i = 0; i < CRM_N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  for (guint i = 0; i < CRM_N_TIMES; i++)
    copy->times[i] = self->times[i] ? g_date_time_ref (self->times[i]) : NULL;
  for (guint i = 0; i < self->attendees->len; i++)
    g_ptr_array_add (copy->attendees, g_strdup (g_ptr_array_index (self->attendees, i)));
  g_array_append_vals (copy->spans, self->spans->data, self->spans->len);
  return copy;
}

const char *
crm_command_get_text (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  return self->text;
}

CrmIntent
crm_command_get_intent (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), CRM_INTENT_UNKNOWN);
  return self->intent;
}

void
crm_command_set_intent (CrmCommand *self,
                        CrmIntent   intent)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  g_return_if_fail (intent < CRM_N_INTENTS);
  self->intent = intent;
}

double
crm_command_get_confidence (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), 0.0);
  return self->confidence;
}

void
crm_command_set_confidence (CrmCommand *self,
                            double      confidence)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->confidence = CLAMP (confidence, 0.0, 1.0);
}

CrmSource
crm_command_get_source (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), CRM_SOURCE_LOCAL);
  return self->source;
}

void
crm_command_set_source (CrmCommand *self,
                        CrmSource   source)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->source = source;
}

const char *
crm_command_get_error (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  return self->error;
}

void
crm_command_set_error (CrmCommand *self,
                       const char *error)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  g_free (self->error);
  self->error = (error && *error) ? g_strdup (error) : NULL;
}

const char *
crm_command_get_field (CrmCommand *self,
                       CrmField    field)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  g_return_val_if_fail (field < CRM_N_FIELDS, NULL);
  return self->fields[field];
}

/* An empty value unsets the field: interfaces.md never prints "". */
void
crm_command_set_field (CrmCommand *self,
                       CrmField    field,
                       const char *value)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  g_return_if_fail (field < CRM_N_FIELDS);
  g_free (self->fields[field]);
  self->fields[field] = (value && *value) ? g_strdup (value) : NULL;
}

GDateTime *
crm_command_get_time (CrmCommand   *self,
                      CrmTimeField  field)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  g_return_val_if_fail (field < CRM_N_TIMES, NULL);
  return self->times[field];
}

void
crm_command_set_time (CrmCommand   *self,
                      CrmTimeField  field,
                      GDateTime    *value)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  g_return_if_fail (field < CRM_N_TIMES);
  if (value)
    g_date_time_ref (value);
  g_clear_pointer (&self->times[field], g_date_time_unref);
  self->times[field] = value;
}

/* Set when the command must be shown to the user, not carried out: Gemini
 * read a destructive intent into words the local pass did not. */
gboolean
crm_command_get_needs_confirmation (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), FALSE);
  return self->needs_confirmation;
}

void
crm_command_set_needs_confirmation (CrmCommand *self,
                                    gboolean    needs_confirmation)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->needs_confirmation = !!needs_confirmation;
}

gboolean
crm_command_get_all_day (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), FALSE);
  return self->all_day;
}

void
crm_command_set_all_day (CrmCommand *self,
                         gboolean    all_day)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->all_day = !!all_day;
}

gboolean
crm_command_get_date_only (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), FALSE);
  return self->date_only;
}

void
crm_command_set_date_only (CrmCommand *self,
                           gboolean    date_only)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->date_only = !!date_only;
}

gboolean
crm_command_get_time_only (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), FALSE);
  return self->time_only;
}

void
crm_command_set_time_only (CrmCommand *self,
                           gboolean    time_only)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  self->time_only = !!time_only;
}

/**
 * crm_command_get_attendees:
 * Returns: (transfer none): a NULL-terminated array of names
 */
const char * const *
crm_command_get_attendees (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  return (const char * const *) self->attendees->pdata;
}

guint
crm_command_get_n_attendees (CrmCommand *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), 0);
  return self->attendees->len;
}

void
crm_command_add_attendee (CrmCommand *self,
                          const char *name)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  if (name && *name)
    g_ptr_array_add (self->attendees, g_strdup (name));
}

void
crm_command_clear_attendees (CrmCommand *self)
{
  g_return_if_fail (CRM_IS_COMMAND (self));
  g_ptr_array_set_size (self->attendees, 0);
}

const CrmSpan *
crm_command_get_spans (CrmCommand *self,
                       guint      *n_spans)
{
  g_return_val_if_fail (CRM_IS_COMMAND (self), NULL);
  *n_spans = self->spans->len;
  return (const CrmSpan *) self->spans->data;
}

void
crm_command_add_span (CrmCommand  *self,
                      guint        start,
                      guint        end,
                      CrmSpanKind  kind)
{
  CrmSpan span = { start, end, kind };

  g_return_if_fail (CRM_IS_COMMAND (self));
  g_return_if_fail (start <= end);
  g_array_append_val (self->spans, span);
}

static void
append_fields (CrmCommand *self,
               GString    *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = CRM_FIELD_NAME; i <= CRM_FIELD_TITLE; i++)
    if (self->fields[i])
      {
        crm_json_append_member (out, &first, field_names[i]);
        crm_json_append_string (out, self->fields[i]);
      }
  for (guint i = CRM_TIME_START; i <= CRM_TIME_END; i++)
    if (self->times[i])
      {
        crm_json_append_member (out, &first, time_names[i]);
        crm_json_append_datetime (out, self->times[i]);
      }
  if (self->attendees->len > 0)
    {
      crm_json_append_member (out, &first, "attendees");
      g_string_append_c (out, '[');
      for (guint i = 0; i < self->attendees->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          crm_json_append_string (out, g_ptr_array_index (self->attendees, i));
        }
      g_string_append_c (out, ']');
    }
  for (guint i = CRM_FIELD_LOCATION; i < CRM_N_FIELDS; i++)
    if (self->fields[i])
      {
        crm_json_append_member (out, &first, field_names[i]);
        crm_json_append_string (out, self->fields[i]);
      }
  for (guint i = CRM_TIME_FROM; i < CRM_N_TIMES; i++)
    if (self->times[i])
      {
        crm_json_append_member (out, &first, time_names[i]);
        crm_json_append_datetime (out, self->times[i]);
      }
  g_string_append_c (out, '}');
}

/* The `--parse` JSON object of interfaces.md, on one line, no newline. */
void
crm_command_append_json (CrmCommand *self,
                         GString    *out)
{
  g_return_if_fail (CRM_IS_COMMAND (self));

  g_string_append (out, "{\"intent\": ");
  crm_json_append_string (out, intent_names[self->intent]);
  g_string_append_printf (out, ", \"confidence\": %.2f, \"source\": \"%s\", \"fields\": ",
                          self->confidence,
                          self->source == CRM_SOURCE_GEMINI ? "gemini" : "local");
  append_fields (self, out);
  if (self->error)
    {
      g_string_append (out, ", \"error\": ");
      crm_json_append_string (out, self->error);
    }
  g_string_append_c (out, '}');
}

/**
 * crm_command_to_json:
 * Returns: (transfer full): the command as one line of JSON
 */
char *
crm_command_to_json (CrmCommand *self)
{
  GString *out = g_string_sized_new (256);

  crm_command_append_json (self, out);
  return g_string_free (out, FALSE);
}

const char *
crm_intent_to_string (CrmIntent intent)
{
  g_return_val_if_fail (intent < CRM_N_INTENTS, "unknown");
  return intent_names[intent];
}

gboolean
crm_intent_from_string (const char *name,
                        CrmIntent  *intent)
{
  for (guint i = 0; i < CRM_N_INTENTS; i++)
    if (g_strcmp0 (name, intent_names[i]) == 0)
      {
        *intent = i;
        return TRUE;
      }
  return FALSE;
}

/* Destructive intents run only on exactly one match, and Gemini may never
 * turn a command into one (issue: "It cannot widen what a command does"). */
gboolean
crm_intent_is_destructive (CrmIntent intent)
{
  return intent == CRM_INTENT_DELETE_CONTACT || intent == CRM_INTENT_CANCEL_MEETING;
}

const char *
crm_field_to_string (CrmField field)
{
  g_return_val_if_fail (field < CRM_N_FIELDS, NULL);
  return field_names[field];
}

const char *
crm_time_field_to_string (CrmTimeField field)
{
  g_return_val_if_fail (field < CRM_N_TIMES, NULL);
  return time_names[field];
}
