/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-intent-slots.h"

/* Slots of the contact intents. Emails and phone numbers are tokens
 * already; the company comes after "at", "from", "works for" (or before a
 * name: "Acme's Kate Wilson"), the job title around a title word, and the
 * person's name from where a name goes: after "named", after the verb, or
 * before "'s number". */

static gboolean
is_word_at (CrmSlots *p,
            guint     i)
{
  return i < crm_tokens_len (p->toks) && crm_tokens_get (p->toks, i)->type == CRM_TOKEN_WORD;
}

static void
read_email_phone (CrmSlots *p)
{
  gboolean email = FALSE, phone = FALSE;

  for (guint i = 0; i < crm_tokens_len (p->toks); i++)
    {
      const CrmToken *tok = crm_tokens_get (p->toks, i);

      if (tok->type == CRM_TOKEN_EMAIL && !email)
        email = crm_intent_slots_set_field (p, CRM_FIELD_EMAIL, i, i + 1, CRM_SPAN_EMAIL);
      else if (tok->type == CRM_TOKEN_PHONE && !phone)
        phone = crm_intent_slots_set_field (p, CRM_FIELD_PHONE, i, i + 1, CRM_SPAN_PHONE);
    }
}

/* Words after which a company name comes. */
static guint
company_cue_end (CrmSlots *p,
                 guint     i)
{
  static const char * const cues[] = { "at", "from", "for", "joined", "company", "employer", "of" };
  gboolean after_work = i > 0 && (crm_tokens_is (p->toks, i - 1, "works") || crm_tokens_is (p->toks, i - 1, "working") ||
                                  crm_tokens_is (p->toks, i - 1, "work"));

  for (guint k = 0; k < G_N_ELEMENTS (cues); k++)
    {
      guint j = i + 1;

      if (!crm_tokens_is (p->toks, i, cues[k]) || crm_tokens_get (p->toks, i)->mark != CRM_MARK_NONE)
        continue;
      /* "for" only after "works"; "of" only after a job title. */
      if (k == 2 && !after_work)
        return i;
      if (k == 6 && !(i > 0 && crm_tokens_get (p->toks, i - 1)->mark == CRM_MARK_USED &&
                      (crm_tokens_lex_flags (p->toks, i - 1) & CRM_LEX_JOB_HEAD)))
        return i;
      if (crm_tokens_is (p->toks, j, "to") || crm_tokens_is (p->toks, j, "is") || crm_tokens_is_punct (p->toks, j, ':'))
        j++;
      return j;
    }
  if (crm_tokens_is (p->toks, i, "moved") && crm_tokens_is (p->toks, i + 1, "to"))
    return i + 2;
  return i;
}

/* "Acme's Kate Wilson": a capitalised possessive before a capitalised name. */
static gboolean
read_possessive_company (CrmSlots *p)
{
  for (guint i = 0; i + 1 < crm_tokens_len (p->toks); i++)
    {
      const CrmToken *tok = crm_tokens_get (p->toks, i);
      guint first;

      if (!(tok->flags & CRM_TOKEN_POSSESSIVE) || !(tok->flags & CRM_TOKEN_CAPITALISED) || !p->toks->has_lower ||
          tok->mark != CRM_MARK_NONE || tok->lex)
        continue;
      if (crm_entities_read_name (p->toks, i + 1, &first) > first && first == i + 1 &&
          (crm_tokens_get (p->toks, i + 1)->flags & CRM_TOKEN_CAPITALISED))
        {
          guint a = i;
          while (a > 0 && crm_entities_is_nameable (p->toks, a - 1) &&
                 (crm_tokens_get (p->toks, a - 1)->flags & CRM_TOKEN_CAPITALISED) && !(crm_tokens_lex_flags (p->toks, a - 1)))
            a--;
          if (a > 0 && crm_tokens_get (p->toks, a - 1)->type == CRM_TOKEN_WORD &&
              !(crm_tokens_lex_flags (p->toks, a - 1) & (CRM_LEX_VERB | CRM_LEX_DET | CRM_LEX_CONTACT_NOUN)))
            continue;
          return crm_intent_slots_set_field (p, CRM_FIELD_COMPANY, a, i + 1, CRM_SPAN_COMPANY);
        }
    }
  return FALSE;
}

static gboolean
read_company (CrmSlots *p)
{
  for (guint i = 0; i < crm_tokens_len (p->toks); i++)
    {
      guint j = company_cue_end (p, i), last;

      if (j == i)
        continue;
      last = crm_entities_read_company (p->toks, j);
      if (last > j)
        return crm_intent_slots_set_field (p, CRM_FIELD_COMPANY, j, last, CRM_SPAN_COMPANY);
    }
  return read_possessive_company (p);
}

static void
read_job_title (CrmSlots *p)
{
  guint first, last;

  if (crm_entities_find_job_title (p->toks, 0, crm_tokens_len (p->toks), &first, &last))
    crm_intent_slots_set_field (p, CRM_FIELD_JOB_TITLE, first, last, CRM_SPAN_JOB_TITLE);
}

/* "note: met at the conference", "notes likes golf": the rest of the text. */
static void
read_notes (CrmSlots *p)
{
  guint len = crm_tokens_len (p->toks);

  for (guint i = 1; i < len; i++)
    {
      guint j = i + 1;

      if (!(crm_tokens_lex_flags (p->toks, i) & CRM_LEX_NOTE))
        continue;
      if (crm_tokens_is_punct (p->toks, j, ':') || crm_tokens_is (p->toks, j, "that"))
        j++;
      else if (crm_tokens_is (p->toks, j, "to") && crm_tokens_is_punct (p->toks, j + 2, ':'))
        j += 3;
      if (j < len)
        crm_intent_slots_set_field (p, CRM_FIELD_NOTES, j, len, CRM_SPAN_NOTES);
      return;
    }
}

/* The name ending at the possessive token I ("Maria Lopez's"). */
static guint
possessive_name_start (CrmSlots *p,
                       guint     i)
{
  guint a = i;

  while (a > 0 && i - a < 3 && crm_entities_is_nameable (p->toks, a - 1) &&
         !(crm_tokens_get (p->toks, a - 1)->flags & CRM_TOKEN_POSSESSIVE))
    a--;
  return a;
}

/* "Priya's number", "mom's email": the name before a contact field. */
static gboolean
find_possessive_name (CrmSlots *p,
                      guint    *first,
                      guint    *last)
{
  for (guint i = 0; i < crm_tokens_len (p->toks); i++)
    {
      const CrmToken *tok = crm_tokens_get (p->toks, i);

      if (!(tok->flags & CRM_TOKEN_POSSESSIVE) || tok->mark != CRM_MARK_NONE || !is_word_at (p, i) ||
          (tok->lex && (tok->lex->flags & (CRM_LEX_PRONOUN | CRM_LEX_QUESTION | CRM_LEX_AUX | CRM_LEX_DET))))
        continue;
      *first = crm_entities_is_nameable (p->toks, i) ? possessive_name_start (p, i) : i;
      *last = i + 1;
      return TRUE;
    }
  return FALSE;
}

static guint
skip_object_words (CrmSlots *p,
                   guint     i)
{
  while (i < crm_tokens_len (p->toks) &&
         ((crm_tokens_lex_flags (p->toks, i) & (CRM_LEX_DET | CRM_LEX_CONTACT_NOUN | CRM_LEX_FILLER)) ||
          crm_tokens_is (p->toks, i, "new") || crm_tokens_is (p->toks, i, "named") ||
          crm_tokens_is (p->toks, i, "called") || crm_tokens_is (p->toks, i, "for") ||
          crm_tokens_is (p->toks, i, "me") || crm_tokens_is_punct (p->toks, i, ':')))
    i++;
  return i;
}

/* A name where names go: after "named", right after the verb (past "a new
 * contact"), before "'s", else the first name-like words. */
static gboolean
find_person (CrmSlots *p,
             guint    *first,
             guint    *last)
{
  guint i = crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "named");

  if (i == CRM_NO_TOKEN)
    i = crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "called");
  if (i != CRM_NO_TOKEN && (*last = crm_entities_read_name (p->toks, i + 1, first)) > *first)
    return TRUE;
  i = skip_object_words (p, crm_intent_slots_verb_end (p));
  if ((*last = crm_entities_read_name (p->toks, i, first)) > *first)
    return TRUE;
  if (find_possessive_name (p, first, last))
    return TRUE;
  for (i = 0; i < crm_tokens_len (p->toks); i++)
    if ((*last = crm_entities_read_name (p->toks, i, first)) > *first)
      return TRUE;
  return FALSE;
}

/* "Add contact Joan Aleric, joan@aleric.com, Acme Corp": an item of a
 * comma-separated list, nothing else of it read, that is a company as a
 * whole — capitalised words, or words ending in a company's suffix ("acme
 * corp") — when nothing else gave one. Read last, after the name. */
static void
read_listed_company (CrmSlots *p)
{
  guint len = crm_tokens_len (p->toks);

  if (crm_command_get_field (p->cmd, CRM_FIELD_COMPANY))
    return;
  for (guint i = 1; i < len; i++)
    {
      guint end = i, last;
      gboolean suffix = FALSE;

      if (!crm_tokens_is_punct (p->toks, i - 1, ','))
        continue;
      while (end < len && !crm_tokens_is_punct (p->toks, end, ',') && !crm_tokens_is_punct (p->toks, end, '.'))
        {
          suffix = (crm_tokens_lex_flags (p->toks, end) & CRM_LEX_COMPANY_SUFFIX) != 0;
          end++;
        }
      last = crm_entities_read_company (p->toks, i);
      if (last > i && last == end &&
          ((crm_tokens_get (p->toks, i)->flags & CRM_TOKEN_CAPITALISED) || suffix))
        {
          crm_intent_slots_set_field (p, CRM_FIELD_COMPANY, i, last, CRM_SPAN_COMPANY);
          return;
        }
    }
}

void
crm_intent_slots_add_contact (CrmSlots *p)
{
  guint first, last;

  read_email_phone (p);
  read_job_title (p);
  if (!read_possessive_company (p))
    read_company (p);
  read_notes (p);
  if (find_person (p, &first, &last))
    {
      crm_intent_slots_set_field (p, CRM_FIELD_NAME, first, last, CRM_SPAN_NAME);
      read_listed_company (p);
    }
  else
    {
      crm_command_set_error (p->cmd, "Who is the contact? Add a name, like 'Add contact Maria Lopez'.");
      crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.8);
    }
}

/* Whose details change: "Maria's email", "the email for Maria", "update
 * Maria", "Maria now works at…". */
static gboolean
find_update_target (CrmSlots *p,
                    guint    *first,
                    guint    *last)
{
  guint len = crm_tokens_len (p->toks);

  if (find_possessive_name (p, first, last))
    return TRUE;
  for (guint i = 0; i + 1 < len; i++)
    if ((crm_tokens_is (p->toks, i, "for") || crm_tokens_is (p->toks, i, "of")) &&
        i > 0 && (crm_tokens_lex_flags (p->toks, i - 1) & (CRM_LEX_ATTR | CRM_LEX_ATTR_EMAIL | CRM_LEX_ATTR_PHONE)) &&
        (*last = crm_entities_read_name (p->toks, i + 1, first)) > *first)
      return TRUE;
  return find_person (p, first, last);
}

/* "rename Bob to Robert", "change her name to …": the new name. */
static void
read_new_name (CrmSlots *p)
{
  guint i = crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "rename");
  guint to, first, last;

  if (i == CRM_NO_TOKEN)
    i = crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "name");
  if (i == CRM_NO_TOKEN)
    return;
  to = crm_intent_slots_find (p, i, crm_tokens_len (p->toks), "to");
  if (to != CRM_NO_TOKEN && (last = crm_entities_read_name (p->toks, to + 1, &first)) > first)
    crm_intent_slots_set_field (p, CRM_FIELD_NAME, first, last, CRM_SPAN_NAME);
}

void
crm_intent_slots_update_contact (CrmSlots *p)
{
  guint first, last;

  read_email_phone (p);
  read_new_name (p);
  read_job_title (p);
  read_company (p);
  read_notes (p);
  if (find_update_target (p, &first, &last))
    crm_intent_slots_set_field (p, CRM_FIELD_TARGET, first, last, CRM_SPAN_TARGET);
  else
    {
      crm_command_set_error (p->cmd, "Whose details? Name the contact, like 'Maria now works at Globex'.");
      crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.8);
    }
  for (CrmField f = CRM_FIELD_NAME; f <= CRM_FIELD_NOTES; f++)
    if (crm_command_get_field (p->cmd, f))
      return;
  if (crm_command_get_error (p->cmd) == NULL)
    crm_command_set_error (p->cmd, "What should change? Give the new email, phone, company or job title.");
  crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.8);
}

static gboolean
is_query_skip (CrmSlots *p,
               guint     i)
{
  static const char * const words[] = { "for", "me", "up", "at", "from", "with", "named", "called",
                                        "about", "on", "is", "are", "of", "in", "my", "number", "details" };
  guint32 f = crm_tokens_lex_flags (p->toks, i);

  if (f & (CRM_LEX_DET | CRM_LEX_CONTACT_NOUN | CRM_LEX_PRONOUN | CRM_LEX_FILLER | CRM_LEX_AUX | CRM_LEX_ATTR |
           CRM_LEX_ATTR_EMAIL | CRM_LEX_ATTR_PHONE | CRM_LEX_QUESTION | CRM_LEX_VERB))
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (crm_tokens_is (p->toks, i, words[k]))
      return TRUE;
  return FALSE;
}

/* The free text after the verb: "find mar" → "mar", "search contacts at
 * Acme" → "Acme", "who is the CTO of Acme" → "CTO of Acme". */
static gboolean
find_query_words (CrmSlots *p,
                  guint    *first,
                  guint    *last)
{
  guint len = crm_tokens_len (p->toks), i = crm_intent_slots_verb_end (p), j;

  while (i < len && (is_query_skip (p, i) || !is_word_at (p, i)))
    i++;
  for (j = i; j < len && is_word_at (p, j); j++)
    if (crm_tokens_get (p->toks, j)->flags & CRM_TOKEN_POSSESSIVE)
      {
        j++;
        break;
      }
  while (j > i && (crm_tokens_lex_flags (p->toks, j - 1) & (CRM_LEX_STOP | CRM_LEX_CONTACT_NOUN)) &&
         !(crm_tokens_lex_flags (p->toks, j - 1) & CRM_LEX_JOB_HEAD))
    j--;
  *first = i;
  *last = j;
  return j > i;
}

/* An email address or phone number is the whole query: searching finds
 * contacts by the start of either ("find maria@acme.com", "find 555-0101"). */
static gboolean
find_email_or_phone (CrmSlots *p,
                     guint    *at)
{
  for (guint i = crm_intent_slots_verb_end (p); i < crm_tokens_len (p->toks); i++)
    {
      CrmTokenType type = crm_tokens_get (p->toks, i)->type;

      if (type == CRM_TOKEN_EMAIL || type == CRM_TOKEN_PHONE)
        {
          *at = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
crm_intent_slots_find_contact (CrmSlots *p)
{
  guint first, last, len = crm_tokens_len (p->toks);

  if (find_email_or_phone (p, &first))
    {
      crm_intent_slots_set_field (p, CRM_FIELD_QUERY, first, first + 1, CRM_SPAN_QUERY);
      return;
    }

  for (guint i = 0; i + 1 < len; i++)
    if ((crm_tokens_is (p->toks, i, "for") || crm_tokens_is (p->toks, i, "named") ||
         crm_tokens_is (p->toks, i, "called") || crm_tokens_is (p->toks, i, "about")) &&
        (last = crm_entities_read_name (p->toks, i + 1, &first)) > first)
      {
        crm_intent_slots_set_field (p, CRM_FIELD_QUERY, first, last, CRM_SPAN_QUERY);
        return;
      }
  if (find_possessive_name (p, &first, &last) || find_query_words (p, &first, &last))
    crm_intent_slots_set_field (p, CRM_FIELD_QUERY, first, last, CRM_SPAN_QUERY);
}

void
crm_intent_slots_delete_contact (CrmSlots *p)
{
  guint first, last;

  if (find_person (p, &first, &last))
    crm_intent_slots_set_field (p, CRM_FIELD_TARGET, first, last, CRM_SPAN_TARGET);
  else
    {
      crm_command_set_error (p->cmd, "Who? Name the contact to delete, like 'delete Maria Lopez'.");
      crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.6);
    }
}
