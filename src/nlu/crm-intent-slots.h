/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-command.h"
#include "crm-entities.h"
#include "crm-intent-scorer.h"
#include "crm-time-parser.h"
#include "crm-tokenizer.h"

G_BEGIN_DECLS

/* One command being understood: what the earlier passes found, shared by
 * the slot readers of each intent. */
typedef struct
{
  CrmCommand *cmd;
  CrmTokens *toks;
  GArray *times;               /* CrmTimeMatch, token-marked */
  GDateTime *now;
  const CrmIntentGuess *guess;
  gboolean has_date;
  gboolean has_time;
  gboolean has_duration;
  CrmDuration duration;
} CrmSlots;

#define CRM_ERROR_NO_TIME "When? Add a time, like 'at 3pm'."
#define CRM_NO_TOKEN G_MAXUINT

/* A time resolved from one or more matches: "on Friday … at 3pm" is one. */
typedef struct
{
  GDateTime *start;   /* NULL for "before …" */
  GDateTime *end;     /* the last moment named, NULL for instants */
  CrmGrain grain;
  CrmTimeKind kind;
  gboolean has_date;
  gboolean has_time;
  guint first_token;  /* tokens covered, for the "to" of a reschedule */
  guint last_token;
} CrmWhen;

void     crm_when_clear                  (CrmWhen  *when);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrmWhen, crm_when_clear)

/* Shared by the meeting and contact readers (crm-intent-slots.c). */
void     crm_intent_slots_mark_used      (CrmSlots    *p,
                                          guint        first,
                                          guint        last);
gboolean crm_intent_slots_set_field      (CrmSlots    *p,
                                          CrmField     field,
                                          guint        first,
                                          guint        last,
                                          CrmSpanKind  kind);
guint    crm_intent_slots_verb_end       (CrmSlots    *p);
guint    crm_intent_slots_find           (CrmSlots    *p,
                                          guint        from,
                                          guint        to,
                                          const char  *word);
gboolean crm_intent_slots_when           (CrmSlots    *p,
                                          guint        from_token,
                                          guint        to_token,
                                          CrmWhen     *when);
void     crm_intent_slots_set_range      (CrmSlots    *p,
                                          const CrmWhen *when);
GDateTime *crm_intent_slots_on_day       (GDateTime   *day,
                                          GDateTime   *time);

void crm_intent_slots_add_span       (CrmSlots    *p,
                                      guint        first,
                                      guint        last,
                                      CrmSpanKind  kind);

void crm_intent_slots_schedule       (CrmSlots *p);
void crm_intent_slots_find_meetings  (CrmSlots *p);
void crm_intent_slots_reschedule     (CrmSlots *p);
void crm_intent_slots_cancel         (CrmSlots *p);
void crm_intent_slots_add_contact    (CrmSlots *p);
void crm_intent_slots_update_contact (CrmSlots *p);
void crm_intent_slots_find_contact   (CrmSlots *p);
void crm_intent_slots_delete_contact (CrmSlots *p);

G_END_DECLS
