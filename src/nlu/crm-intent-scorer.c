/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <math.h>
#include <string.h>

#include "crm-entities.h"
#include "crm-intent-scorer.h"

/* Intent scoring: a weighted sum of cue features, read in one pass.
 *
 * Each intent is a domain (meeting or contact) and an operation (create,
 * find, change, remove), so the evidence is summed into six scores plus
 * help, and the intent is the best domain with the best operation. Words
 * give their lexicon weights; a few structural features add to them: a
 * question form, a time expression (meetings have times, contacts do not),
 * an email or phone number, a duration, "with <name>", "<name>'s number",
 * an imperative verb at the start. A linear score like this is cheap,
 * explains itself (`score` is kept in the guess), and degrades gently: a
 * sentence with no evidence stays `unknown`.
 *
 * The scorer is deliberately cautious about the destructive operations: a
 * remove needs an explicit remove word, not a hint, since a wrong "delete"
 * costs more than asking again. */

#define W(x) ((x) / 10.0)
#define NO_TOKEN G_MAXUINT

/* Weights of the structural features (score units, as the lexicon / 10). */
#define QUESTION_FIND 3.0
#define QUESTION_HAVE_MEETING 2.0
#define REMINDER_CREATE 3.0
#define REMINDER_MEETING 2.0
#define TIME_MEETING 3.0
#define TIME_OF_DAY_CREATE 0.5
#define ENTITY_CONTACT 5.0
#define ENTITY_CREATE 2.0
#define DURATION_MEETING 2.0
#define WITH_NAME_MEETING 1.0
#define POSSESSIVE_ATTR_CONTACT 2.0
#define NAME_OBJECT_CONTACT 3.0
#define JOB_TITLE_CONTACT 1.5
#define WHO_IS_CONTACT 3.0
#define STATEMENT_CREATE 2.0
#define NEW_ATTR_CHANGE 5.0
#define NOW_WORKS_CHANGE 3.0
#define TO_TIME_CHANGE 1.5
#define LEAD_VERB_BOOST 1.5
#define REMOVE_MINIMUM 3.0
#define DOMAIN_MINIMUM 2.0
#define OP_MINIMUM 1.5
#define CONFIDENCE_MAX 0.97

typedef struct
{
  const CrmTokens *toks;
  CrmLexicon *lexicon;
  const CrmIntentEvidence *evidence;
  CrmIntentGuess *guess;
  guint first;         /* first content token (after "please", "hey olly") */
  gboolean lead_verb_used;
  guint lead_verb_end;
  guint cue_tok[32];   /* token ranges that gave cues, for spans */
  guint cue_end[32];
  const CrmLexEntry *cue_entry[32];
  guint n_cues;
  guint n_content_cues; /* words that name a domain or an operation */
  gboolean past_question; /* "did you add…", "have I booked…" */
} Scorer;

static gboolean
is_word (const CrmTokens *toks,
         guint            i)
{
  return i < crm_tokens_len (toks) && crm_tokens_get (toks, i)->type == CRM_TOKEN_WORD;
}

static guint32
flags_at (const CrmTokens *toks,
          guint            i)
{
  return crm_tokens_lex_flags (toks, i);
}

static gboolean
is_nameable (const CrmTokens *toks,
             guint            i)
{
  return crm_entities_is_nameable (toks, i);
}

static guint
skip_fillers (const CrmTokens *toks,
              guint            i)
{
  while (i < crm_tokens_len (toks) &&
         ((flags_at (toks, i) & CRM_LEX_FILLER) || crm_tokens_get (toks, i)->type == CRM_TOKEN_PUNCT))
    i++;
  return i;
}

/* After a determiner, a possessive or a preposition a verb-like word is a
 * noun: "my schedule", "on the calendar", "Joan's call". */
static gboolean
noun_context (const CrmTokens *toks,
              guint            i)
{
  static const char * const preps[] = { "on", "in", "from", "for", "of", "at" };
  const CrmToken *prev;

  if (i == 0)
    return FALSE;
  /* A verb with nothing after it: "schedule" alone asks for the schedule. */
  if (i + 1 == crm_tokens_len (toks) && i > 0)
    return TRUE;
  prev = crm_tokens_get (toks, i - 1);
  /* "my work schedule": after a plain word (not "to", not a pronoun). */
  if (prev->type == CRM_TOKEN_WORD && prev->lex && prev->lex->flags == CRM_LEX_STOP &&
      !crm_tokens_is (toks, i - 1, "to") && !crm_tokens_is (toks, i - 1, "and") && !crm_tokens_is (toks, i - 1, "me"))
    return TRUE;
  if ((flags_at (toks, i - 1) & CRM_LEX_DET) || (prev->flags & CRM_TOKEN_POSSESSIVE) ||
      prev->mark == CRM_MARK_TIME || prev->mark == CRM_MARK_DURATION)
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (preps); k++)
    if (crm_tokens_is (toks, i - 1, preps[k]))
      return TRUE;
  return (prev->lex && (prev->lex->flags & CRM_LEX_EVENT)) || is_nameable (toks, i - 1);
}

static gboolean
negated (const CrmTokens *toks,
         guint            i)
{
  return (i >= 1 && (flags_at (toks, i - 1) & CRM_LEX_NEGATION)) ||
         (i >= 2 && (flags_at (toks, i - 2) & CRM_LEX_NEGATION));
}

/* The entry token I stands for, and how many tokens it covers. */
static const CrmLexEntry *
entry_at (Scorer *s,
          guint   i,
          guint  *n)
{
  const CrmToken *tok = crm_tokens_get (s->toks, i);
  const CrmLexEntry *e = tok->lex;

  *n = 1;
  if (e == NULL)
    return NULL;
  if ((e->flags & CRM_LEX_PHRASE) && is_word (s->toks, i + 1))
    {
      const CrmLexEntry *e2 = crm_lexicon_lookup2 (s->lexicon, crm_tokens_fold (s->toks, i),
                                                   crm_tokens_fold (s->toks, i + 1));
      if (e2)
        {
          *n = 2;
          return e2;
        }
    }
  if ((e->flags & CRM_LEX_VERB) && noun_context (s->toks, i))
    {
      char key[40];
      const CrmLexEntry *noun;

      g_snprintf (key, sizeof key, "%s#n", e->word);
      if ((noun = crm_lexicon_lookup (s->lexicon, key)))
        return noun;
    }
  return e;
}

static void
add_cues (Scorer            *s,
          guint              i,
          guint              n,
          const CrmLexEntry *e)
{
  gboolean neg = negated (s->toks, i);
  double boost = 1.0;

  /* An imperative verb at the start ("cancel…", "add…") is the command;
   * the same verb later is more often part of the object ("remind me to
   * cancel…"). */
  if ((e->flags & CRM_LEX_VERB) && !s->lead_verb_used && i <= s->first + 1)
    {
      boost = LEAD_VERB_BOOST;
      s->lead_verb_used = TRUE;
      s->lead_verb_end = i + n;
    }
  /* "find and delete…": the second verb is the action. */
  else if ((e->flags & CRM_LEX_VERB) && s->lead_verb_used && i == s->lead_verb_end + 1 &&
           crm_tokens_is (s->toks, i - 1, "and"))
    boost = LEAD_VERB_BOOST * 1.1;
  for (guint c = 0; c < CRM_N_CUES; c++)
    {
      double w = W (e->cue[c]);
      gboolean op = c >= CRM_CUE_CREATE && c <= CRM_CUE_REMOVE;

      /* "did you add…" asks whether it was done: the verb orders nothing */
      if (op && (neg || (s->past_question && (e->flags & CRM_LEX_VERB) && i == s->first + 2)))
        continue;
      s->guess->score[c] += op ? w * boost : w;
    }
  if (!(e->flags & CRM_LEX_QUESTION) &&
      (e->cue[CRM_CUE_MEETING] || e->cue[CRM_CUE_CONTACT] || e->cue[CRM_CUE_HELP] ||
       ((e->flags & CRM_LEX_VERB) && !neg)))
    s->n_content_cues++;
  if (s->n_cues < G_N_ELEMENTS (s->cue_tok))
    {
      s->cue_tok[s->n_cues] = i;
      s->cue_end[s->n_cues] = i + n;
      s->cue_entry[s->n_cues] = e;
      s->n_cues++;
    }
}

/* "let me know when…", "tell me when…", "tell me to…": a request to be
 * reminded, in which "when" and "tell" ask nothing. */
static gboolean
is_reminder_request (const CrmTokens *toks,
                     guint            i)
{
  gboolean tell = crm_tokens_is (toks, i, "tell");
  gboolean know = crm_tokens_is (toks, i, "let") && crm_tokens_is (toks, i + 2, "know");
  guint next = i + (know ? 3 : 2);

  if (!(tell || know) || !crm_tokens_is (toks, i + 1, "me"))
    return FALSE;
  return know || crm_tokens_is (toks, next, "when") || crm_tokens_is (toks, next, "to");
}

static void
score_words (Scorer *s)
{
  guint len = crm_tokens_len (s->toks);

  for (guint i = 0; i < len;)
    {
      guint n = 1;
      const CrmToken *tok = crm_tokens_get (s->toks, i);
      const CrmLexEntry *e = NULL;

      if (tok->type == CRM_TOKEN_WORD && tok->mark != CRM_MARK_TIME)
        e = entry_at (s, i, &n);
      /* "remind me what I have tomorrow" asks; the verb orders nothing
       * ("tell" is a find verb already: its evidence stands) */
      if (i == s->first && s->guess->question && crm_tokens_is (s->toks, i + 1, "me") &&
          crm_tokens_is (s->toks, i, "remind"))
        {
          i += 2;
          continue;
        }
      if (is_reminder_request (s->toks, i))
        {
          s->guess->score[CRM_CUE_CREATE] += REMINDER_CREATE;
          s->guess->score[CRM_CUE_MEETING] += REMINDER_MEETING;
          /* past "tell me"/"let me know", and a "when" after them */
          i += crm_tokens_is (s->toks, i, "let") ? 3 : 2;
          i += crm_tokens_is (s->toks, i, "when");
          continue;
        }
      if (e)
        add_cues (s, i, n, e);
      i += n;
    }
}

/* "do I have…", "is there…", "what…", "remind me what…", or a final '?';
 * "can you add…" is a request, not a question. */
static gboolean
is_question (const CrmTokens *toks,
             guint            first)
{
  guint len = crm_tokens_len (toks);
  guint32 f = flags_at (toks, first);

  if ((crm_tokens_is (toks, first, "remind") || crm_tokens_is (toks, first, "tell")) &&
      crm_tokens_is (toks, first + 1, "me") &&
      (crm_tokens_is (toks, first + 2, "what") || crm_tokens_is (toks, first + 2, "whats") ||
       crm_tokens_is (toks, first + 2, "where") || crm_tokens_is (toks, first + 2, "which")))
    return TRUE;

  if (len > 0 && crm_tokens_is_punct (toks, len - 1, '?'))
    return TRUE;
  if (f & CRM_LEX_QUESTION)
    return TRUE;
  if ((f & CRM_LEX_AUX) && (flags_at (toks, first + 1) & (CRM_LEX_PRONOUN | CRM_LEX_DET)))
    {
      /* "did I set…", "have you added…": asking what was done. */
      if (crm_tokens_is (toks, first, "did") || crm_tokens_is (toks, first, "have") ||
          crm_tokens_is (toks, first, "has") || crm_tokens_is (toks, first, "was") ||
          crm_tokens_is (toks, first, "were"))
        return TRUE;
      const CrmToken *next = first + 2 < len ? crm_tokens_get (toks, first + 2) : NULL;
      const CrmLexEntry *v = next ? next->lex : NULL;
      if (v && (v->flags & CRM_LEX_VERB) && (v->cue[CRM_CUE_CREATE] >= 20 || v->cue[CRM_CUE_CHANGE] >= 20 ||
                                             v->cue[CRM_CUE_REMOVE] >= 20 || v->cue[CRM_CUE_FIND] >= 20))
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
any_token_is (const CrmTokens *toks,
              CrmTokenType     type)
{
  for (guint i = 0; i < crm_tokens_len (toks); i++)
    if (crm_tokens_get (toks, i)->type == type)
      return TRUE;
  return FALSE;
}

static void
score_question (Scorer *s)
{
  const CrmTokens *toks = s->toks;
  double *sc = s->guess->score;

  s->guess->question = is_question (toks, s->first);
  if (!s->guess->question)
    return;
  s->past_question = (crm_tokens_is (toks, s->first, "did") || crm_tokens_is (toks, s->first, "have") ||
                      crm_tokens_is (toks, s->first, "has")) &&
                     (flags_at (toks, s->first + 1) & CRM_LEX_PRONOUN);
  sc[CRM_CUE_FIND] += QUESTION_FIND;
  /* "do I have anything…", "what's on…": asking about one's time. */
  for (guint i = s->first; i + 1 < crm_tokens_len (toks); i++)
    if ((crm_tokens_is (toks, i, "i") && crm_tokens_is (toks, i + 1, "have")) ||
        (crm_tokens_is (toks, i, "what") && crm_tokens_is (toks, i + 1, "on")) ||
        (crm_tokens_is (toks, i, "is") && crm_tokens_is (toks, i + 1, "on")))
      {
        sc[CRM_CUE_MEETING] += QUESTION_HAVE_MEETING;
        break;
      }
}

/* "Priya's new number", "John's last name". */
static gboolean
is_attr_modifier (const CrmTokens *toks,
                  guint            i)
{
  static const char * const words[] = { "new", "current", "last", "first", "full", "home", "work",
                                        "office", "mobile", "cell", "personal", "private" };

  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (crm_tokens_is (toks, i, words[k]))
      return TRUE;
  return FALSE;
}

/* Contact evidence from the shape of the text: "Priya's number", a verb
 * followed by a person ("delete Maria Lopez"), "Maria now works at". */
static void
score_contact_shapes (Scorer *s)
{
  const CrmTokens *toks = s->toks;
  double *sc = s->guess->score;
  guint len = crm_tokens_len (toks);
  gboolean any_event = FALSE;

  for (guint i = 0; i < len && !any_event; i++)
    {
      const CrmLexEntry *e = crm_tokens_get (toks, i)->lex;
      any_event = e && ((e->flags & CRM_LEX_EVENT) || e->cue[CRM_CUE_MEETING] >= 45);
    }

  for (guint i = 0; i < len; i++)
    {
      const CrmToken *tok = crm_tokens_get (toks, i);
      guint32 next = flags_at (toks, i + 1);

      if ((tok->flags & CRM_TOKEN_POSSESSIVE) && (is_nameable (toks, i) || tok->lex == NULL))
        {
          guint j = i + 1 + is_attr_modifier (toks, i + 1);
          guint32 attr = flags_at (toks, j) & (CRM_LEX_ATTR | CRM_LEX_ATTR_EMAIL | CRM_LEX_ATTR_PHONE);
          if (attr)
            sc[CRM_CUE_CONTACT] += POSSESSIVE_ATTR_CONTACT;
          if (attr && j > i + 1 && (crm_tokens_is (toks, i + 1, "new") || crm_tokens_is (toks, i + 1, "current")))
            sc[CRM_CUE_CHANGE] += NEW_ATTR_CHANGE;
        }
      if (tok->lex == NULL)
        continue;
      /* Only a verb that is not about meetings: "meet Sarah" is no contact. */
      if (tok->lex && (tok->lex->flags & CRM_LEX_VERB) && tok->lex->cue[CRM_CUE_MEETING] == 0 && !any_event &&
          !s->evidence->has_date && !s->evidence->has_time)
        {
          guint j = i + 1;
          /* "look up Joan", "search for Joan": past the particle */
          if ((tok->lex->flags & CRM_LEX_PHRASE) && is_word (toks, j) &&
              crm_lexicon_lookup2 (s->lexicon, crm_tokens_fold (toks, i), crm_tokens_fold (toks, j)))
            j++;
          /* Names take no article: "add a contact John", not "set a timer". */
          while (j < len && (flags_at (toks, j) & CRM_LEX_DET) &&
                 ((flags_at (toks, j + 1) & CRM_LEX_CONTACT_NOUN) || crm_tokens_is (toks, j + 1, "new")))
            j++;
          while (j < len && (flags_at (toks, j) & CRM_LEX_CONTACT_NOUN))
            j++;
          if (crm_tokens_is (toks, j, "new") || crm_tokens_is (toks, j, "named") || crm_tokens_is (toks, j, "called"))
            j++;
          while (j < len && (flags_at (toks, j) & CRM_LEX_CONTACT_NOUN))
            j++;
          if (crm_entities_read_name (toks, j, &(guint){ 0 }) > j && !(next & CRM_LEX_PRONOUN))
            {
              sc[CRM_CUE_CONTACT] += NAME_OBJECT_CONTACT;
              s->guess->has_name_object = TRUE;
            }
        }
      if (crm_tokens_is (toks, i, "now") && !any_event &&
          (crm_tokens_is (toks, i + 1, "works") || crm_tokens_is (toks, i + 1, "at") ||
           (flags_at (toks, i + 1) & (CRM_LEX_JOB_HEAD | CRM_LEX_JOB_MOD)) ||
           (i > 0 && crm_tokens_is (toks, i - 1, "is"))))
        {
          sc[CRM_CUE_CONTACT] += 2.0;
          sc[CRM_CUE_CHANGE] += NOW_WORKS_CHANGE;
        }
      if ((flags_at (toks, i) & CRM_LEX_JOB_HEAD) && !any_event)
        sc[CRM_CUE_CONTACT] += JOB_TITLE_CONTACT;
      /* "who is Maria Lopez", "who's Kate" */
      if (i == s->first && (crm_tokens_is (toks, i, "who") || crm_tokens_is (toks, i, "whos")) &&
          (crm_tokens_is (toks, i + 1, "is") || (tok->flags & CRM_TOKEN_POSSESSIVE)) && !any_event)
        sc[CRM_CUE_CONTACT] += WHO_IS_CONTACT;
      if (crm_tokens_is (toks, i, "moved") && crm_tokens_is (toks, i + 1, "to") && i > 0 && is_nameable (toks, i - 1) && !any_event)
        {
          sc[CRM_CUE_CONTACT] += 2.0;
          sc[CRM_CUE_CHANGE] += NOW_WORKS_CHANGE;
        }
    }
}

/* Meeting evidence from the shape: times, durations, "with <name>",
 * "…to Friday" after a change verb, "I have a meeting…". */
static void
score_meeting_shapes (Scorer *s)
{
  const CrmTokens *toks = s->toks;
  double *sc = s->guess->score;
  guint len = crm_tokens_len (toks);
  gboolean duration = FALSE;

  if (s->evidence->has_date || s->evidence->has_time)
    sc[CRM_CUE_MEETING] += TIME_MEETING;
  if (s->evidence->has_time)
    sc[CRM_CUE_CREATE] += TIME_OF_DAY_CREATE;
  for (guint i = 0; i < len; i++)
    {
      const CrmToken *tok = crm_tokens_get (toks, i);

      duration |= tok->mark == CRM_MARK_DURATION;
      /* Every cue below is a lexicon word. */
      if (tok->lex == NULL)
        continue;
      if (crm_tokens_is (toks, i, "with") && is_nameable (toks, i + 1))
        sc[CRM_CUE_MEETING] += WITH_NAME_MEETING;
      if (crm_tokens_is (toks, i, "to") && i + 1 < len && crm_tokens_get (toks, i + 1)->mark == CRM_MARK_TIME &&
          sc[CRM_CUE_CHANGE] > 0)
        {
          sc[CRM_CUE_CHANGE] += TO_TIME_CHANGE;
          sc[CRM_CUE_MEETING] += TO_TIME_CHANGE;
        }
      /* "take the yoga class off my calendar" */
      if (crm_tokens_is (toks, i, "off") && (flags_at (toks, i + 1) & CRM_LEX_DET) &&
          (crm_tokens_is (toks, i + 2, "calendar") || crm_tokens_is (toks, i + 2, "schedule") ||
           crm_tokens_is (toks, i + 2, "agenda")))
        sc[CRM_CUE_REMOVE] += 4.0;
      if (!s->guess->question && crm_tokens_is (toks, i, "i") &&
          (crm_tokens_is (toks, i + 1, "have") || crm_tokens_is (toks, i + 1, "i'll")) &&
          (flags_at (toks, i + 2) & CRM_LEX_DET))
        sc[CRM_CUE_CREATE] += STATEMENT_CREATE;
    }
  if (duration)
    {
      sc[CRM_CUE_MEETING] += DURATION_MEETING;
      sc[CRM_CUE_CREATE] += 1.0;
    }
}

/* A bare name ("Joan Aleric", "Mar?") is most likely a look-up: a guess,
 * scored low. It must be written as a name: lower-case words alone ("blah
 * blah", "asdf qwer") are as likely to be anything else. */
static gboolean
is_bare_name (Scorer *s)
{
  guint len = crm_tokens_len (s->toks), first, end;

  if (s->first >= len || len - s->first > 4)
    return FALSE;
  end = crm_entities_read_name (s->toks, s->first, &first);
  if (end == first || !(crm_tokens_get (s->toks, first)->flags & CRM_TOKEN_CAPITALISED))
    return FALSE;
  return end == len || (end + 1 == len && crm_tokens_get (s->toks, end)->type == CRM_TOKEN_PUNCT);
}

/* Words the lexicon does not know, outside times and durations; a name
 * written with a capital among lower-case words does not count. */
static guint
count_unknown_words (const Scorer *s)
{
  guint n = 0;

  for (guint i = s->first; i < crm_tokens_len (s->toks); i++)
    {
      const CrmToken *tok = crm_tokens_get (s->toks, i);

      if (tok->type != CRM_TOKEN_WORD || tok->lex || tok->mark != CRM_MARK_NONE ||
          ((tok->flags & CRM_TOKEN_CAPITALISED) && s->toks->has_lower))
        continue;
      n++;
    }
  return n;
}

/* A person in the sentence: "I'll be seeing my therapist…" is about one's
 * own time even when we know none of its words. */
static gboolean
is_personal (const Scorer *s)
{
  for (guint i = s->first; i < crm_tokens_len (s->toks); i++)
    if ((flags_at (s->toks, i) & CRM_LEX_PRONOUN) || crm_tokens_is (s->toks, i, "my") ||
        crm_tokens_is (s->toks, i, "our"))
      return TRUE;
  return FALSE;
}

/* "the weather is nice today": a statement in which a time is the only
 * evidence and the rest are words we do not know is not a command. A time
 * alone ("tomorrow") asks for the agenda, and so does a question. */
static gboolean
is_time_among_strangers (const Scorer *s)
{
  return s->n_content_cues == 0 && (s->evidence->has_date || s->evidence->has_time) &&
         !s->guess->question && !any_token_is (s->toks, CRM_TOKEN_EMAIL) &&
         !any_token_is (s->toks, CRM_TOKEN_PHONE) && count_unknown_words (s) >= 2 && !is_personal (s);
}

static void
score_entities (Scorer *s)
{

  double *sc = s->guess->score;

  if (is_bare_name (s))
    sc[CRM_CUE_CONTACT] += 2.0;
  if (any_token_is (s->toks, CRM_TOKEN_EMAIL) || any_token_is (s->toks, CRM_TOKEN_PHONE))
    {
      sc[CRM_CUE_CONTACT] += ENTITY_CONTACT;
      if (!s->guess->question)
        sc[CRM_CUE_CREATE] += ENTITY_CREATE;
    }
}

/* "help", "what can you do", "how do I…". */
static void
score_help (Scorer *s)
{
  const CrmTokens *toks = s->toks;
  guint f = s->first, len = crm_tokens_len (toks);

  if (crm_tokens_is (toks, f, "what") && crm_tokens_is (toks, f + 1, "can") && crm_tokens_is (toks, f + 2, "you"))
    s->guess->score[CRM_CUE_HELP] += 6.0;
  /* "how do I…", "how does this work"; not "how does my week look". */
  if (crm_tokens_is (toks, f, "how") &&
      (((crm_tokens_is (toks, f + 1, "do") || crm_tokens_is (toks, f + 1, "does") || crm_tokens_is (toks, f + 1, "can")) &&
        (crm_tokens_is (toks, f + 2, "i") || crm_tokens_is (toks, f + 2, "you") || crm_tokens_is (toks, f + 2, "this") ||
         crm_tokens_is (toks, f + 2, "it"))) ||
       crm_tokens_is (toks, f + 1, "to")))
    s->guess->score[CRM_CUE_HELP] += 4.0;
  if (len == 1 && crm_tokens_is_punct (toks, 0, '?'))
    s->guess->score[CRM_CUE_HELP] += 6.0;
  /* "help me remember the dentist", "help me find Joan": a request for
   * what follows, not for help. */
  if (crm_tokens_is (toks, f, "help") && crm_tokens_is (toks, f + 1, "me") &&
      (flags_at (toks, f + 2) & CRM_LEX_VERB))
    s->guess->score[CRM_CUE_HELP] = 0;
}

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static CrmIntent
intent_of (CrmCue domain,
           CrmCue op)
{
  static const CrmIntent meeting[] = { CRM_INTENT_SCHEDULE_MEETING, CRM_INTENT_FIND_MEETINGS,
                                       CRM_INTENT_RESCHEDULE_MEETING, CRM_INTENT_CANCEL_MEETING };
  static const CrmIntent contact[] = { CRM_INTENT_ADD_CONTACT, CRM_INTENT_FIND_CONTACT,
                                       CRM_INTENT_UPDATE_CONTACT, CRM_INTENT_DELETE_CONTACT };

  return (domain == CRM_CUE_MEETING ? meeting : contact)[op - CRM_CUE_CREATE];
}

/* The best operation; when no word asked for one, what the domain implies:
 * a meeting with a time is being made, a contact with an email is being
 * added, anything else is being looked up. */
static CrmCue
pick_operation (Scorer  *s,
                CrmCue   domain,
                double  *margin)
{
  const double *sc = s->guess->score;
  CrmCue best = CRM_CUE_CREATE;
  double top = -1, second = 0;

  for (CrmCue c = CRM_CUE_CREATE; c <= CRM_CUE_REMOVE; c++)
    {
      double v = sc[c];
      if (c == CRM_CUE_REMOVE && v < REMOVE_MINIMUM)
        v = MIN (v, 0.0);
      if (v > top)
        second = MAX (top, 0), top = v, best = c;
      else if (v > second)
        second = v;
    }
  if (top >= OP_MINIMUM)
    {
      *margin = top - second;
      return best;
    }
  *margin = 1.0;
  /* "lunch with Sam tomorrow at noon": a statement with a time books it. */
  if (domain == CRM_CUE_MEETING)
    return (s->evidence->has_time || s->evidence->has_date) && !s->guess->question ? CRM_CUE_CREATE : CRM_CUE_FIND;
  return any_token_is (s->toks, CRM_TOKEN_EMAIL) || any_token_is (s->toks, CRM_TOKEN_PHONE) ? CRM_CUE_CREATE
                                                                                           : CRM_CUE_FIND;
}

static void
add_cue_spans (Scorer *s,
               CrmCue  domain,
               CrmCue  op)
{
  for (guint k = 0; k < s->n_cues && s->guess->n_cue_spans < CRM_INTENT_MAX_CUE_SPANS; k++)
    {
      const CrmLexEntry *e = s->cue_entry[k];
      if (e->cue[op] >= 15 || (e->cue[domain] >= 30 && !(e->flags & CRM_LEX_EVENT)) ||
          (domain == CRM_CUE_CONTACT && (e->flags & CRM_LEX_CONTACT_NOUN)))
        {
          s->guess->cue_first[s->guess->n_cue_spans] = s->cue_tok[k];
          s->guess->cue_last[s->guess->n_cue_spans] = s->cue_end[k];
          s->guess->n_cue_spans++;
        }
    }
}

static void
decide (Scorer *s)
{
  CrmIntentGuess *g = s->guess;
  const double *sc = g->score;
  CrmCue domain = sc[CRM_CUE_MEETING] >= sc[CRM_CUE_CONTACT] ? CRM_CUE_MEETING : CRM_CUE_CONTACT;
  double dom_top = sc[domain];
  double dom_margin = fabs (sc[CRM_CUE_MEETING] - sc[CRM_CUE_CONTACT]);
  double op_top = MAX (MAX (sc[CRM_CUE_CREATE], sc[CRM_CUE_FIND]), MAX (sc[CRM_CUE_CHANGE], sc[CRM_CUE_REMOVE]));
  double op_margin;
  CrmCue op;

  if (sc[CRM_CUE_HELP] >= 4.0 && (dom_top < 4.0 || op_top < 3.0 || sc[CRM_CUE_HELP] >= 8.0))
    {
      g->intent = CRM_INTENT_HELP;
      g->confidence = MIN (CONFIDENCE_MAX, 0.5 + sc[CRM_CUE_HELP] / 16.0);
      return;
    }
  if (dom_top < DOMAIN_MINIMUM || is_time_among_strangers (s))
    {
      g->intent = CRM_INTENT_UNKNOWN;
      g->confidence = CLAMP (0.9 - 0.1 * MAX (dom_top, op_top / 2), 0.3, 0.9);
      return;
    }
  op = pick_operation (s, domain, &op_margin);
  g->intent = intent_of (domain, op);
  g->confidence = CONFIDENCE_MAX * sigmoid (1.5 * (dom_top - 1.5)) * sigmoid (1.2 * (dom_margin - 0.5)) *
                  sigmoid (1.2 * (op_margin - 0.2));
  add_cue_spans (s, domain, op);
}

/**
 * crm_intent_guess:
 * Scores @toks (with times and durations already marked) and fills @guess.
 */
void
crm_intent_guess (const CrmTokens         *toks,
                  CrmLexicon              *lexicon,
                  const CrmIntentEvidence *evidence,
                  CrmIntentGuess          *guess)
{
  Scorer s = { 0 };

  memset (guess, 0, sizeof *guess);
  s.toks = toks;
  s.lexicon = lexicon;
  s.evidence = evidence;
  s.guess = guess;
  s.first = skip_fillers (toks, 0);

  score_question (&s);
  score_words (&s);
  score_contact_shapes (&s);
  score_meeting_shapes (&s);
  score_entities (&s);
  score_help (&s);
  decide (&s);
}
