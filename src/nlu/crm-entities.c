/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crm-entities.h"

/* Entity readers over tokens. Each one looks at a bounded window (a name is
 * at most a few words), so a parse stays linear in the length of the text
 * whatever it holds.
 *
 * Names are recognised by what they are not: a word that is not in the
 * lexicon (which holds the command vocabulary and a list of common English
 * words) and not a time or a number may be a name. That works for
 * lower-case input ("meet sarah friday") where capitals cannot be relied
 * on; when the user does capitalise, a capitalised name ends at the first
 * lower-case word. */

#define MAX_NAME_WORDS 4
#define MAX_PHRASE_WORDS 8

static guint32
lex_flags (const CrmTokens *toks,
           guint            i)
{
  return crm_tokens_lex_flags (toks, i);
}

static gboolean
is_word (const CrmTokens *toks,
         guint            i)
{
  return i < crm_tokens_len (toks) && crm_tokens_get (toks, i)->type == CRM_TOKEN_WORD;
}

static gboolean
is_capitalised (const CrmTokens *toks,
                guint            i)
{
  return is_word (toks, i) && (crm_tokens_get (toks, i)->flags & CRM_TOKEN_CAPITALISED);
}

static gboolean
is_free (const CrmTokens *toks,
         guint            i)
{
  return i < crm_tokens_len (toks) && crm_tokens_get (toks, i)->mark == CRM_MARK_NONE;
}

/* Durations. */

/* "30", "1.5", "thirty", "forty five", "a", "an": the value, or -1. */
static double
number_at (const CrmTokens *toks,
           guint            i,
           guint           *n)
{
  const CrmToken *tok;
  const char *fold;

  *n = 1;
  if (!is_word (toks, i) || !is_free (toks, i))
    return -1;
  tok = crm_tokens_get (toks, i);
  fold = crm_tokens_fold (toks, i);
  if (g_ascii_isdigit (fold[0]) && !(tok->flags & CRM_TOKEN_ALPHA))
    return g_ascii_strtod (fold, NULL);
  if (strcmp (fold, "a") == 0 || strcmp (fold, "an") == 0 || strcmp (fold, "one") == 0)
    return 1;
  if (tok->lex && (tok->lex->flags & CRM_LEX_NUMBER) && tok->lex->value > 0)
    {
      int v = tok->lex->value;
      const CrmToken *next = i + 1 < crm_tokens_len (toks) ? crm_tokens_get (toks, i + 1) : NULL;
      if (v >= 20 && v % 10 == 0 && next && next->lex && (next->lex->flags & CRM_LEX_NUMBER) &&
          next->lex->value > 0 && next->lex->value < 10)
        {
          *n = 2;
          v += next->lex->value;
        }
      return v;
    }
  return -1;
}

static int
unit_at (const CrmTokens *toks,
         guint            i)
{
  const CrmToken *tok;

  if (!is_word (toks, i) || !is_free (toks, i))
    return 0;
  tok = crm_tokens_get (toks, i);
  return tok->lex && (tok->lex->flags & CRM_LEX_MINUTE) ? tok->lex->value : 0;
}

/* "30-minute", "30min", "2h", "1.5hrs": one token. */
static int
glued_duration (const CrmTokens *toks,
                guint            i)
{
  const char *fold;
  char *rest;
  double v;
  static const struct { const char *unit; int minutes; } units[] = {
    { "minute", 1 }, { "minutes", 1 }, { "min", 1 }, { "mins", 1 }, { "m", 1 },
    { "hour", 60 }, { "hours", 60 }, { "hr", 60 }, { "hrs", 60 }, { "h", 60 },
  };

  if (!is_word (toks, i) || !is_free (toks, i))
    return 0;
  fold = crm_tokens_fold (toks, i);
  if (!g_ascii_isdigit (fold[0]))
    return 0;
  v = g_ascii_strtod (fold, &rest);
  if (*rest == '-')
    rest++;
  for (guint k = 0; k < G_N_ELEMENTS (units); k++)
    if (strcmp (rest, units[k].unit) == 0 && v > 0 && v < 1000)
      return (int) (v * units[k].minutes + 0.5);
  return 0;
}

/* "half an hour", "a quarter of an hour". */
static int
fraction_duration (const CrmTokens *toks,
                   guint            i,
                   guint           *end)
{
  guint j = i + 1;
  int part;

  if (crm_tokens_is (toks, i, "half"))
    part = 30;
  else if (crm_tokens_is (toks, i, "quarter"))
    part = 15;
  else
    return 0;
  if (crm_tokens_is (toks, j, "of"))
    j++;
  if (crm_tokens_is (toks, j, "an") || crm_tokens_is (toks, j, "a"))
    j++;
  if (unit_at (toks, j) != 60)
    return 0;
  *end = j + 1;
  return part;
}

/* The duration starting at I, or 0: its minutes and *END. */
static int
duration_at (const CrmTokens *toks,
             guint            i,
             guint           *end)
{
  guint n;
  double v;
  int unit, minutes;

  if ((minutes = glued_duration (toks, i)) > 0)
    {
      *end = i + 1;
      return minutes;
    }
  if ((minutes = fraction_duration (toks, i, end)) > 0)
    return minutes;
  v = number_at (toks, i, &n);
  if (v <= 0 || (unit = unit_at (toks, i + n)) == 0)
    return 0;
  minutes = (int) (v * unit + 0.5);
  *end = i + n + 1;
  /* "an hour and a half", "1 hour 30 minutes" */
  if (crm_tokens_is (toks, *end, "and") && crm_tokens_is (toks, *end + 1, "a") &&
      crm_tokens_is (toks, *end + 2, "half"))
    {
      minutes += unit / 2;
      *end += 3;
    }
  else if ((v = number_at (toks, *end, &n)) > 0 && unit == 60 && unit_at (toks, *end + n) == 1)
    {
      minutes += (int) v;
      *end += n + 1;
    }
  return minutes;
}

/* "in 2 hours", "2 hours before", "every 30 minutes" are times, not lengths. */
static gboolean
is_relative (const CrmTokens *toks,
             guint            first,
             guint            last)
{
  return (first > 0 && (crm_tokens_is (toks, first - 1, "in") || crm_tokens_is (toks, first - 1, "every") ||
                        crm_tokens_is (toks, first - 1, "within"))) ||
         crm_tokens_is (toks, last, "before") || crm_tokens_is (toks, last, "after") ||
         crm_tokens_is (toks, last, "ago") || crm_tokens_is (toks, last, "later") ||
         crm_tokens_is (toks, last, "early") || crm_tokens_is (toks, last, "earlier") ||
         crm_tokens_is (toks, last, "from");
}

gboolean
crm_entities_find_duration (CrmTokens   *toks,
                            CrmDuration *duration)
{
  gboolean found = FALSE;

  for (guint i = 0; i < crm_tokens_len (toks); i++)
    {
      guint end;
      int minutes = duration_at (toks, i, &end);

      if (minutes <= 0 || minutes > 24 * 60 || is_relative (toks, i, end))
        continue;
      for (guint k = i; k < end; k++)
        crm_tokens_get (toks, k)->mark = CRM_MARK_DURATION;
      if (!found)
        {
          duration->first = i;
          duration->last = end;
          duration->minutes = minutes;
          found = TRUE;
        }
      i = end - 1;
    }
  return found;
}

/* Names. */

gboolean
crm_entities_is_nameable (const CrmTokens *toks,
                          guint            i)
{
  const CrmToken *tok;

  if (!is_word (toks, i) || !is_free (toks, i))
    return FALSE;
  tok = crm_tokens_get (toks, i);
  if (!(tok->flags & CRM_TOKEN_ALPHA) || (tok->flags & CRM_TOKEN_DIGIT))
    return FALSE;
  if (tok->lex == NULL)
    return TRUE;
  /* "Mark", "Will": names when written as names. */
  return (tok->lex->flags & CRM_LEX_NAMEABLE) && (tok->flags & CRM_TOKEN_CAPITALISED) && i > 0;
}

static guint
skip_honorifics (const CrmTokens *toks,
                 guint            i)
{
  while ((lex_flags (toks, i) & CRM_LEX_HONORIFIC) && crm_entities_is_nameable (toks, i + 1 + crm_tokens_is_punct (toks, i + 1, '.')))
    i += 1 + crm_tokens_is_punct (toks, i + 1, '.');
  return i;
}

/* Where the name FIRST..J-1 goes on to, J itself included: J + 1, past
 * particles ("Ana de la Cruz") further, or J when the name ends before J. */
static guint
name_next (const CrmTokens *toks,
           guint            first,
           guint            j)
{
  gboolean capital_name = is_capitalised (toks, first) && toks->has_lower;
  guint k = j;

  if (crm_tokens_get (toks, j - 1)->flags & CRM_TOKEN_POSSESSIVE)
    return j;
  while (is_word (toks, k) && (lex_flags (toks, k) & CRM_LEX_PARTICLE) && k - j < 3)
    k++;
  if (k > j)
    return capital_name && is_capitalised (toks, k) && crm_entities_is_nameable (toks, k) ? k + 1 : j;
  if (!crm_entities_is_nameable (toks, j))
    return j;
  return !capital_name || is_capitalised (toks, j) ? j + 1 : j;
}

guint
crm_entities_read_name (const CrmTokens *toks,
                        guint            i,
                        guint           *first)
{
  guint j, words = 1;

  i = skip_honorifics (toks, i);
  *first = i;
  if (!crm_entities_is_nameable (toks, i))
    return i;
  j = i + 1;
  while (words < MAX_NAME_WORDS && j < crm_tokens_len (toks))
    {
      guint next;

      /* An initial: "John F. Kennedy". */
      if (crm_tokens_is_punct (toks, j, '.') &&
          crm_tokens_get (toks, j - 1)->end - crm_tokens_get (toks, j - 1)->start == 1 &&
          crm_entities_is_nameable (toks, j + 1))
        j++;
      next = name_next (toks, i, j);
      if (next == j)
        break;
      j = next;
      words++;
    }
  /* A dangling initial's dot is not part of the name. */
  if (crm_tokens_is_punct (toks, j - 1, '.'))
    j--;
  return j;
}

static guint
skip_list_separator (const CrmTokens *toks,
                     guint            i)
{
  guint j = i;

  if (crm_tokens_is_punct (toks, j, ',') || crm_tokens_is_punct (toks, j, ';'))
    j++;
  if (crm_tokens_is (toks, j, "and") || crm_tokens_is_punct (toks, j, '&'))
    j++;
  return j;
}

guint
crm_entities_read_names (const CrmTokens *toks,
                         guint            i,
                         GArray          *firsts,
                         GArray          *lasts)
{
  guint first, end = crm_entities_read_name (toks, i, &first);

  if (end == first)
    return i;
  for (;;)
    {
      guint next_first, next_end, sep = skip_list_separator (toks, end);

      g_array_append_val (firsts, first);
      g_array_append_val (lasts, end);
      if (sep == end)
        break;
      next_end = crm_entities_read_name (toks, sep, &next_first);
      if (next_end == next_first)
        break;
      first = next_first;
      end = next_end;
    }
  return end;
}

/* Companies and places. */

static gboolean
is_company_word (const CrmTokens *toks,
                 guint            i,
                 gboolean         capitals)
{
  const CrmToken *tok;

  if (!is_word (toks, i) || !is_free (toks, i))
    return FALSE;
  tok = crm_tokens_get (toks, i);
  if (tok->lex && (tok->lex->flags & CRM_LEX_COMPANY_SUFFIX))
    return TRUE;
  if (capitals)
    return (tok->flags & CRM_TOKEN_CAPITALISED) && !(tok->lex && (tok->lex->flags & (CRM_LEX_AUX | CRM_LEX_DET | CRM_LEX_PRONOUN)));
  return tok->lex == NULL;
}

guint
crm_entities_read_company (const CrmTokens *toks,
                           guint            i)
{
  gboolean capitals = is_capitalised (toks, i) && toks->has_lower;
  guint j = i;

  if (!is_company_word (toks, i, capitals) || (lex_flags (toks, i) & CRM_LEX_COMPANY_SUFFIX))
    return i;
  while (j < crm_tokens_len (toks) && j - i < MAX_NAME_WORDS)
    {
      if (is_company_word (toks, j, capitals))
        j++;
      else if ((crm_tokens_is_punct (toks, j, '&') || crm_tokens_is (toks, j, "of")) && is_company_word (toks, j + 1, capitals) && capitals)
        j += 2;
      else
        break;
      if (crm_tokens_get (toks, j - 1)->flags & CRM_TOKEN_POSSESSIVE)
        break;
    }
  return j;
}

static gboolean
is_place_word (const CrmTokens *toks,
               guint            i,
               gboolean         capitals)
{
  const CrmToken *tok;

  if (!is_word (toks, i) || !is_free (toks, i))
    return FALSE;
  tok = crm_tokens_get (toks, i);
  if (tok->lex && (tok->lex->flags & (CRM_LEX_PLACE | CRM_LEX_PLATFORM)))
    return TRUE;
  if ((tok->flags & CRM_TOKEN_DIGIT) && i > 0 && (lex_flags (toks, i - 1) & CRM_LEX_PLACE))
    return TRUE; /* Room 4B */
  /* "3pm" the time parser missed is still no place. */
  if (tok->flags & CRM_TOKEN_DIGIT)
    return FALSE;
  if (capitals && (tok->flags & CRM_TOKEN_CAPITALISED) && !(tok->lex && (tok->lex->flags & (CRM_LEX_AUX | CRM_LEX_PRONOUN))))
    return TRUE;
  return tok->lex == NULL && (tok->flags & CRM_TOKEN_ALPHA);
}

guint
crm_entities_read_location (const CrmTokens *toks,
                            guint            i,
                            guint           *first)
{
  gboolean capitals;
  guint j;

  if (crm_tokens_is (toks, i, "the") || crm_tokens_is (toks, i, "my") || crm_tokens_is (toks, i, "our"))
    i += crm_tokens_is (toks, i, "the");
  *first = i;
  if (crm_tokens_is (toks, i, "my") || crm_tokens_is (toks, i, "our"))
    i++;
  capitals = is_capitalised (toks, i) && toks->has_lower;
  j = i;
  while (j < crm_tokens_len (toks) && j - i < MAX_PHRASE_WORDS)
    {
      if (is_place_word (toks, j, capitals))
        j++;
      else if ((crm_tokens_is (toks, j, "of") || crm_tokens_is (toks, j, "de")) && is_place_word (toks, j + 1, capitals) && j > i)
        j += 2;
      else
        break;
      if (crm_tokens_get (toks, j - 1)->flags & CRM_TOKEN_POSSESSIVE)
        break;
    }
  return j == i ? *first : j;
}

/* Topics. */

static gboolean
ends_topic (const CrmTokens *toks,
            guint            j)
{
  const CrmToken *tok = crm_tokens_get (toks, j);

  if (tok->mark == CRM_MARK_TIME || tok->mark == CRM_MARK_DURATION || tok->type == CRM_TOKEN_EMAIL ||
      tok->type == CRM_TOKEN_PHONE)
    return TRUE;
  if (tok->type == CRM_TOKEN_PUNCT)
    {
      char c = toks->text[tok->start];
      return c == ',' || c == ';' || c == '.' || c == '!' || c == '?' || c == '(' || c == ')';
    }
  if (crm_tokens_is (toks, j, "with") && crm_entities_is_nameable (toks, j + 1))
    return TRUE;
  if ((crm_tokens_is (toks, j, "at") || crm_tokens_is (toks, j, "in")) &&
      (is_capitalised (toks, j + 1) || (lex_flags (toks, j + 1) & (CRM_LEX_PLACE | CRM_LEX_DET))))
    return TRUE;
  if ((crm_tokens_is (toks, j, "on") || crm_tokens_is (toks, j, "for") || crm_tokens_is (toks, j, "at") ||
       crm_tokens_is (toks, j, "from") || crm_tokens_is (toks, j, "by")) &&
      j + 1 < crm_tokens_len (toks) && crm_tokens_get (toks, j + 1)->mark != CRM_MARK_NONE)
    return TRUE;
  return (crm_tokens_is (toks, j, "on") || crm_tokens_is (toks, j, "via")) && (lex_flags (toks, j + 1) & CRM_LEX_PLATFORM);
}

guint
crm_entities_read_topic (const CrmTokens *toks,
                         guint            i)
{
  guint j = i;

  while (j < crm_tokens_len (toks) && !ends_topic (toks, j))
    j++;
  /* "about it." / "about the budget and" : no dangling conjunction. */
  while (j > i && (crm_tokens_is (toks, j - 1, "and") || crm_tokens_is (toks, j - 1, "or") ||
                   crm_tokens_is (toks, j - 1, "please")))
    j--;
  return j;
}

/* Job titles. */

static gboolean
is_job_acronym_owner (const char *fold)
{
  static const char * const heads[] = { "ceo", "cto", "cfo", "coo", "cmo", "cio", "cpo", "ciso", "president",
                                        "founder", "co-founder", "cofounder", "owner", "partner", "chairman",
                                        "chair", "chairwoman" };

  for (guint k = 0; k < G_N_ELEMENTS (heads); k++)
    if (strcmp (fold, heads[k]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
crm_entities_find_job_title (const CrmTokens *toks,
                             guint            from,
                             guint            to,
                             guint           *first,
                             guint           *last)
{
  for (guint i = from; i < to; i++)
    {
      guint a = i, b = i + 1;

      if (!is_free (toks, i) || !(lex_flags (toks, i) & CRM_LEX_JOB_HEAD))
        continue;
      /* "lead" and "head" alone are more often verbs or body parts. */
      if ((crm_tokens_is (toks, i, "lead") || crm_tokens_is (toks, i, "head")) && !crm_tokens_is (toks, i + 1, "of") &&
          !(i > from && (lex_flags (toks, i - 1) & CRM_LEX_JOB_MOD)))
        continue;
      while (a > from && is_free (toks, a - 1) && (lex_flags (toks, a - 1) & CRM_LEX_JOB_MOD))
        a--;
      while (b < to && is_free (toks, b) && (lex_flags (toks, b) & (CRM_LEX_JOB_HEAD | CRM_LEX_JOB_MOD)))
        b++;
      /* "Head of Sales", "VP of Engineering" — but "CTO of Acme" names
       * the company, which the caller reads. */
      if (crm_tokens_is (toks, b, "of") && b + 1 < to && (lex_flags (toks, b + 1) & CRM_LEX_JOB_MOD) &&
          !is_job_acronym_owner (crm_tokens_fold (toks, b - 1)))
        {
          b += 2;
          while (b < to && is_free (toks, b) && (lex_flags (toks, b) & CRM_LEX_JOB_MOD))
            b++;
        }
      *first = a;
      *last = b;
      return TRUE;
    }
  return FALSE;
}

/* Events. */

static gboolean
is_event_modifier (const CrmTokens *toks,
                   guint            i)
{
  static const char * const words[] = { "daily", "weekly", "monthly", "annual", "yearly", "team", "family",
                                        "client", "board", "status", "planning", "project", "strategy" };
  const CrmToken *tok;

  if (!is_word (toks, i) || !is_free (toks, i))
    return FALSE;
  tok = crm_tokens_get (toks, i);
  if (!(tok->flags & CRM_TOKEN_ALPHA) || (tok->flags & CRM_TOKEN_POSSESSIVE))
    return FALSE;
  if (tok->lex == NULL || (tok->lex->flags & (CRM_LEX_JOB_MOD | CRM_LEX_PLACE)) ||
      ((tok->lex->flags & CRM_LEX_EVENT) && !(tok->lex->flags & CRM_LEX_VERB)))
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (strcmp (crm_tokens_fold (toks, i), words[k]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
crm_entities_find_event (const CrmTokens *toks,
                         guint            from,
                         guint            to,
                         gboolean         allow_generic,
                         guint           *first,
                         guint           *last)
{
  for (guint i = from; i < to; i++)
    {
      guint32 f = lex_flags (toks, i);
      guint a = i;

      if (!(f & CRM_LEX_EVENT) || !is_free (toks, i) || ((f & CRM_LEX_GENERIC_EVENT) && !allow_generic))
        continue;
      /* "call Joan" is a verb; "a call with Joan", "the call" are events. */
      if ((f & CRM_LEX_VERB) && !(i > 0 && (lex_flags (toks, i - 1) & CRM_LEX_DET)) && !crm_tokens_is (toks, i + 1, "with"))
        continue;
      while (a > from && i - a < 3 && is_event_modifier (toks, a - 1))
        a--;
      /* The generic word adds nothing to "budget review meeting". */
      *first = a;
      *last = i + 1;
      if (crm_tokens_is (toks, i + 1, "meeting") && is_free (toks, i + 1) && !(f & CRM_LEX_GENERIC_EVENT))
        *last = i + 2;
      return TRUE;
    }
  return FALSE;
}
