/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a command asks for; the JSON names are fixed by interfaces.md. */
typedef enum
{
  CRM_INTENT_UNKNOWN,
  CRM_INTENT_ADD_CONTACT,
  CRM_INTENT_FIND_CONTACT,
  CRM_INTENT_UPDATE_CONTACT,
  CRM_INTENT_DELETE_CONTACT,
  CRM_INTENT_SCHEDULE_MEETING,
  CRM_INTENT_FIND_MEETINGS,
  CRM_INTENT_RESCHEDULE_MEETING,
  CRM_INTENT_CANCEL_MEETING,
  CRM_INTENT_HELP,
  CRM_N_INTENTS
} CrmIntent;

typedef enum
{
  CRM_SOURCE_LOCAL,
  CRM_SOURCE_GEMINI,
} CrmSource;

/* Text-valued fields of a command, in the order they are printed. */
typedef enum
{
  CRM_FIELD_NAME,
  CRM_FIELD_EMAIL,
  CRM_FIELD_PHONE,
  CRM_FIELD_COMPANY,
  CRM_FIELD_JOB_TITLE,
  CRM_FIELD_NOTES,
  CRM_FIELD_TITLE,
  CRM_FIELD_LOCATION,
  CRM_FIELD_DESCRIPTION,
  CRM_FIELD_TARGET,
  CRM_FIELD_QUERY,
  CRM_N_FIELDS
} CrmField;

/* Time-valued fields: local wall-clock times. `to` is exclusive. */
typedef enum
{
  CRM_TIME_START,
  CRM_TIME_END,
  CRM_TIME_FROM,
  CRM_TIME_TO,
  CRM_N_TIMES
} CrmTimeField;

/* Which part of the typed text a span of it was understood as; the command
 * bar marks these while the user types. */
typedef enum
{
  CRM_SPAN_INTENT,
  CRM_SPAN_NAME,
  CRM_SPAN_EMAIL,
  CRM_SPAN_PHONE,
  CRM_SPAN_COMPANY,
  CRM_SPAN_JOB_TITLE,
  CRM_SPAN_TIME,
  CRM_SPAN_DURATION,
  CRM_SPAN_LOCATION,
  CRM_SPAN_TOPIC,
  CRM_SPAN_QUERY,
  CRM_SPAN_NOTES,
  CRM_SPAN_TARGET,
} CrmSpanKind;

typedef struct
{
  guint start; /* byte offset into the command text */
  guint end;   /* exclusive */
  CrmSpanKind kind;
} CrmSpan;

#define CRM_TYPE_COMMAND (crm_command_get_type ())
G_DECLARE_FINAL_TYPE (CrmCommand, crm_command, CRM, COMMAND, GObject)

CrmCommand         *crm_command_new              (const char   *text);
CrmCommand         *crm_command_copy             (CrmCommand   *self);

const char         *crm_command_get_text         (CrmCommand   *self);
CrmIntent           crm_command_get_intent       (CrmCommand   *self);
void                crm_command_set_intent       (CrmCommand   *self,
                                                  CrmIntent     intent);
double              crm_command_get_confidence   (CrmCommand   *self);
void                crm_command_set_confidence   (CrmCommand   *self,
                                                  double        confidence);
CrmSource           crm_command_get_source       (CrmCommand   *self);
void                crm_command_set_source       (CrmCommand   *self,
                                                  CrmSource     source);
const char         *crm_command_get_error        (CrmCommand   *self);
void                crm_command_set_error        (CrmCommand   *self,
                                                  const char   *error);

const char         *crm_command_get_field        (CrmCommand   *self,
                                                  CrmField      field);
void                crm_command_set_field        (CrmCommand   *self,
                                                  CrmField      field,
                                                  const char   *value);
GDateTime          *crm_command_get_time         (CrmCommand   *self,
                                                  CrmTimeField  field);
void                crm_command_set_time         (CrmCommand   *self,
                                                  CrmTimeField  field,
                                                  GDateTime    *value);
/* TRUE when `start` names only a day ("move it to Friday"): a reschedule
 * then keeps the meeting's time of day. */
gboolean            crm_command_get_date_only    (CrmCommand   *self);
void                crm_command_set_date_only    (CrmCommand   *self,
                                                  gboolean      date_only);
/* TRUE when `start` names only a time of day ("push it to 2pm"): a
 * reschedule then keeps the meeting's day. */
gboolean            crm_command_get_time_only    (CrmCommand   *self);
void                crm_command_set_time_only    (CrmCommand   *self,
                                                  gboolean      time_only);
gboolean            crm_command_get_needs_confirmation (CrmCommand *self);
void                crm_command_set_needs_confirmation (CrmCommand *self,
                                                        gboolean    needs_confirmation);
gboolean            crm_command_get_all_day      (CrmCommand   *self);
void                crm_command_set_all_day      (CrmCommand   *self,
                                                  gboolean      all_day);

const char * const *crm_command_get_attendees    (CrmCommand   *self);
guint               crm_command_get_n_attendees  (CrmCommand   *self);
void                crm_command_add_attendee     (CrmCommand   *self,
                                                  const char   *name);
void                crm_command_clear_attendees  (CrmCommand   *self);

const CrmSpan      *crm_command_get_spans        (CrmCommand   *self,
                                                  guint        *n_spans);
void                crm_command_add_span         (CrmCommand   *self,
                                                  guint         start,
                                                  guint         end,
                                                  CrmSpanKind   kind);

void                crm_command_append_json      (CrmCommand   *self,
                                                  GString      *out);
char               *crm_command_to_json          (CrmCommand   *self);

const char         *crm_intent_to_string         (CrmIntent     intent);
gboolean            crm_intent_from_string       (const char   *name,
                                                  CrmIntent    *intent);
gboolean            crm_intent_is_destructive    (CrmIntent     intent);
const char         *crm_field_to_string          (CrmField      field);
const char         *crm_time_field_to_string     (CrmTimeField  field);

G_END_DECLS
