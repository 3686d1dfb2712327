/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-entities.h"
#include "crm-intent-scorer.h"
#include "crm-intent-slots.h"
#include "crm-lexicon.h"
#include "crm-parser.h"
#include "crm-time-parser.h"
#include "crm-tokenizer.h"

/* The local command parser.
 *
 * One pass of each kind, in this order, so that every later pass can trust
 * what the earlier ones marked:
 *  1. tokenise once (crm-tokenizer): words with byte offsets and a
 *     lower-case copy, emails and phone numbers as single tokens, each word
 *     looked up once in the lexicon hashed in crm_parser_new();
 *  2. times from CrmTimeParser, marked on the tokens they cover; durations;
 *  3. intent by weighted cue features (crm-intent-scorer);
 *  4. slots for that intent only, read by cue words ("with", "about", "at",
 *     "to", "'s") in crm-intent-slots.c.
 * No regular expressions: everything is a table lookup or a bounded look
 * around a token, which keeps a command to a few microseconds. */

/* Longer than any command: such text is refused rather than analysed, so a
 * pasted document cannot become a write or take long. */
#define MAX_COMMAND_BYTES 4096

struct _CrmParser
{
  GObject parent_instance;

  CrmLexicon *lexicon;
};

G_DEFINE_FINAL_TYPE (CrmParser, crm_parser, G_TYPE_OBJECT)

static void
crm_parser_finalize (GObject *object)
{
  CrmParser *self = CRM_PARSER (object);

  g_clear_pointer (&self->lexicon, crm_lexicon_free);
  G_OBJECT_CLASS (crm_parser_parent_class)->finalize (object);
}

static void
crm_parser_class_init (CrmParserClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_parser_finalize;
}

static void
crm_parser_init (CrmParser *self)
{
  self->lexicon = crm_lexicon_new ();
}

static gboolean
overlaps_entity (const CrmTokens    *toks,
                 const CrmTimeMatch *m)
{
  for (guint i = 0; i < crm_tokens_len (toks); i++)
    {
      const CrmToken *tok = crm_tokens_get (toks, i);
      if ((tok->type == CRM_TOKEN_EMAIL || tok->type == CRM_TOKEN_PHONE) && tok->start < m->span_end &&
          m->span_start < tok->end)
        return TRUE;
    }
  return FALSE;
}

/* Time matches that fall inside an email or phone number are digits, not
 * times; the rest mark the tokens they cover. */
static void
mark_times (CrmSlots *p)
{
  guint t = 0;

  for (guint k = 0; k < p->times->len;)
    {
      CrmTimeMatch *m = &g_array_index (p->times, CrmTimeMatch, k);

      if (overlaps_entity (p->toks, m) || (m->start == NULL && m->end == NULL))
        {
          g_array_remove_index (p->times, k);
          continue;
        }
      p->has_date |= m->has_date || (m->start && !m->has_time);
      p->has_time |= m->has_time;
      while (t < crm_tokens_len (p->toks) && crm_tokens_get (p->toks, t)->end <= m->span_start)
        t++;
      /* "lunch" is a time of day to the time parser and a kind of meeting
       * to us: it stays free for the title. */
      for (guint i = t; i < crm_tokens_len (p->toks) && crm_tokens_get (p->toks, i)->start < m->span_end; i++)
        if (!(crm_tokens_lex_flags (p->toks, i) & CRM_LEX_EVENT))
          crm_tokens_get (p->toks, i)->mark = CRM_MARK_TIME;
      k++;
    }
}

/* After the slots, so a cue word that became part of a slot ("new" in
 * "about the new proposal") is not marked as the intent. */
static void
add_intent_spans (CrmSlots             *p,
                  const CrmIntentGuess *guess)
{
  for (guint k = 0; k < guess->n_cue_spans; k++)
    if (crm_tokens_get (p->toks, guess->cue_first[k])->mark == CRM_MARK_NONE)
      crm_intent_slots_add_span (p, guess->cue_first[k], guess->cue_last[k], CRM_SPAN_INTENT);
}

static void
fill_slots (CrmSlots *p)
{
  switch (crm_command_get_intent (p->cmd))
    {
    case CRM_INTENT_SCHEDULE_MEETING:
      crm_intent_slots_schedule (p);
      break;
    case CRM_INTENT_FIND_MEETINGS:
      crm_intent_slots_find_meetings (p);
      break;
    case CRM_INTENT_RESCHEDULE_MEETING:
      crm_intent_slots_reschedule (p);
      break;
    case CRM_INTENT_CANCEL_MEETING:
      crm_intent_slots_cancel (p);
      break;
    case CRM_INTENT_ADD_CONTACT:
      crm_intent_slots_add_contact (p);
      break;
    case CRM_INTENT_UPDATE_CONTACT:
      crm_intent_slots_update_contact (p);
      break;
    case CRM_INTENT_FIND_CONTACT:
      crm_intent_slots_find_contact (p);
      break;
    case CRM_INTENT_DELETE_CONTACT:
      crm_intent_slots_delete_contact (p);
      break;
    case CRM_INTENT_HELP:
    case CRM_INTENT_UNKNOWN:
    case CRM_N_INTENTS:
    default:
      break;
    }
}

static void
analyse (CrmParser  *self,
         CrmCommand *cmd,
         const char *text,
         GDateTime  *now)
{
  g_autoptr(CrmTokens) toks = crm_tokens_new (text, self->lexicon);
  g_autoptr(GArray) times = crm_time_parser_find_all (text, now, CRM_TIME_PARSE_COMMAND);
  CrmSlots p = { 0 };
  CrmIntentEvidence evidence = { 0 };
  CrmIntentGuess guess;

  p.cmd = cmd;
  p.toks = toks;
  p.times = times;
  p.now = now;
  mark_times (&p);
  p.has_duration = crm_entities_find_duration (toks, &p.duration);

  evidence.has_date = p.has_date;
  evidence.has_time = p.has_time;
  crm_intent_guess (toks, self->lexicon, &evidence, &guess);
  p.guess = &guess;
  crm_command_set_intent (cmd, guess.intent);
  crm_command_set_confidence (cmd, guess.confidence);
  fill_slots (&p);
  if (guess.intent != CRM_INTENT_UNKNOWN && guess.intent != CRM_INTENT_HELP)
    add_intent_spans (&p, &guess);
}

CrmParser *
crm_parser_new (void)
{
  return g_object_new (CRM_TYPE_PARSER, NULL);
}

/**
 * crm_parser_parse:
 * @text: what the user typed: any bytes
 * @now: the reference time for relative dates (local time)
 *
 * Never fails: text that is not a command is an `unknown` command with a
 * confidence. Spans refer to @text (to its valid UTF-8 form when it is not
 * valid, which the command bar never gives).
 *
 * Returns: (transfer full): the command @text expresses
 */
CrmCommand *
crm_parser_parse (CrmParser  *self,
                  const char *text,
                  GDateTime  *now)
{
  g_autoptr(GDateTime) real_now = NULL;
  g_autofree char *valid = NULL;
  CrmCommand *cmd;

  g_return_val_if_fail (CRM_IS_PARSER (self), NULL);

  cmd = crm_command_new (text);
  crm_command_set_source (cmd, CRM_SOURCE_LOCAL);
  if (text == NULL)
    text = "";
  if (now == NULL)
    now = real_now = g_date_time_new_now_local ();
  if (strlen (text) > MAX_COMMAND_BYTES)
    {
      crm_command_set_confidence (cmd, 0.9);
      crm_command_set_error (cmd, "That is too long for a command.");
      return cmd;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  analyse (self, cmd, text, now);
  return cmd;
}
