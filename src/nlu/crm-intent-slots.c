/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-intent-slots.h"

/* What the slot readers of both domains share: setting a field from a
 * token range (with its span for the command bar), finding the verb, and
 * turning the time parser's matches into the one time a command means. */

void
crm_intent_slots_add_span (CrmSlots    *p,
                           guint        first,
                           guint        last,
                           CrmSpanKind  kind)
{
  const CrmToken *a, *b;

  if (first >= last || last > crm_tokens_len (p->toks))
    return;
  a = crm_tokens_get (p->toks, first);
  b = crm_tokens_get (p->toks, last - 1);
  crm_command_add_span (p->cmd, a->start, b->end, kind);
}

void
crm_intent_slots_mark_used (CrmSlots *p,
                            guint     first,
                            guint     last)
{
  for (guint i = first; i < last && i < crm_tokens_len (p->toks); i++)
    if (crm_tokens_get (p->toks, i)->mark == CRM_MARK_NONE)
      crm_tokens_get (p->toks, i)->mark = CRM_MARK_USED;
}

/* Sets FIELD to the text of tokens [FIRST, LAST) as typed, marks them so no
 * other slot takes them, and records the span. */
gboolean
crm_intent_slots_set_field (CrmSlots    *p,
                            CrmField     field,
                            guint        first,
                            guint        last,
                            CrmSpanKind  kind)
{
  g_autofree char *value = NULL;

  if (first >= last)
    return FALSE;
  value = crm_tokens_dup_text (p->toks, first, last, field == CRM_FIELD_LOCATION);
  crm_command_set_field (p->cmd, field, value);
  crm_intent_slots_add_span (p, first, last, kind);
  crm_intent_slots_mark_used (p, first, last);
  return TRUE;
}

/* The token after the command's operation verb ("add", "look up"), or the
 * first content token when there is none. */
guint
crm_intent_slots_verb_end (CrmSlots *p)
{
  const CrmIntentGuess *g = p->guess;
  guint i = 0;

  for (guint k = 0; k < g->n_cue_spans; k++)
    if (crm_tokens_lex_flags (p->toks, g->cue_first[k]) & CRM_LEX_VERB)
      return g->cue_last[k];
  while (i < crm_tokens_len (p->toks) &&
         ((crm_tokens_lex_flags (p->toks, i) & CRM_LEX_FILLER) ||
          crm_tokens_get (p->toks, i)->type == CRM_TOKEN_PUNCT))
    i++;
  return i;
}

guint
crm_intent_slots_find (CrmSlots   *p,
                       guint       from,
                       guint       to,
                       const char *word)
{
  for (guint i = from; i < to && i < crm_tokens_len (p->toks); i++)
    if (crm_tokens_is (p->toks, i, word))
      return i;
  return CRM_NO_TOKEN;
}

void
crm_when_clear (CrmWhen *when)
{
  g_clear_pointer (&when->start, g_date_time_unref);
  g_clear_pointer (&when->end, g_date_time_unref);
}

static guint
token_at_byte (CrmSlots *p,
               guint     byte)
{
  guint i = 0;

  while (i < crm_tokens_len (p->toks) && crm_tokens_get (p->toks, i)->end <= byte)
    i++;
  return i;
}

/* TIME's time of day on DAY's date, in TIME's zone. */
GDateTime *
crm_intent_slots_on_day (GDateTime *day,
                         GDateTime *time)
{
  GDateTime *dt = g_date_time_new (g_date_time_get_timezone (time), g_date_time_get_year (day),
                                   g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                                   g_date_time_get_hour (time), g_date_time_get_minute (time),
                                   g_date_time_get_seconds (time));

  return dt ? dt : g_date_time_ref (time);
}

static void
when_from_match (CrmWhen            *when,
                 const CrmTimeMatch *m)
{
  when->start = m->start ? g_date_time_ref (m->start) : NULL;
  when->end = m->end ? g_date_time_ref (m->end) : NULL;
  when->grain = m->grain;
  when->kind = m->kind;
  when->has_date = m->has_date;
  when->has_time = m->has_time;
}

/* "Friday" and "at 3pm" found apart: 3pm on that Friday; an interval keeps
 * its length. */
static void
when_set_day (CrmWhen            *when,
              const CrmTimeMatch *day)
{
  GDateTime *start;

  if (when->start == NULL || day->start == NULL)
    return;
  start = crm_intent_slots_on_day (day->start, when->start);
  if (when->end)
    {
      GDateTime *end = g_date_time_add (start, g_date_time_difference (when->end, when->start));
      g_date_time_unref (when->end);
      when->end = end;
    }
  g_date_time_unref (when->start);
  when->start = start;
  when->has_date = TRUE;
}

/**
 * crm_intent_slots_when:
 * The time meant by the matches whose first token is in [FROM, TO): the
 * first one with a time of day, on the day of the first one with a date.
 */
gboolean
crm_intent_slots_when (CrmSlots *p,
                       guint     from,
                       guint     to,
                       CrmWhen  *when)
{
  const CrmTimeMatch *timed = NULL, *dated = NULL;

  memset (when, 0, sizeof *when);
  when->first_token = CRM_NO_TOKEN;
  for (guint k = 0; k < p->times->len; k++)
    {
      const CrmTimeMatch *m = &g_array_index (p->times, CrmTimeMatch, k);
      guint t = token_at_byte (p, m->span_start);

      if (t < from || t >= to)
        continue;
      if (when->first_token == CRM_NO_TOKEN)
        when->first_token = t;
      when->last_token = token_at_byte (p, m->span_end - 1) + 1;
      crm_command_add_span (p->cmd, m->span_start, m->span_end, CRM_SPAN_TIME);
      /* "next week" names neither a day nor a time of day, but a range
       * of days: it counts as a date. */
      if (m->has_time && !timed)
        timed = m;
      else if (!m->has_time && m->start && !dated)
        dated = m;
    }
  if (!timed && !dated)
    return FALSE;
  when_from_match (when, timed ? timed : dated);
  if (timed && dated && !timed->has_date)
    when_set_day (when, dated);
  return TRUE;
}

static GDateTime *
add_grain (GDateTime *dt,
           CrmGrain   grain)
{
  switch (grain)
    {
    case CRM_GRAIN_SECOND:
      return g_date_time_add_seconds (dt, 1);
    case CRM_GRAIN_MINUTE:
      return g_date_time_add_minutes (dt, 1);
    case CRM_GRAIN_HOUR:
      return g_date_time_add_hours (dt, 1);
    case CRM_GRAIN_DAY:
      return g_date_time_add_days (dt, 1);
    case CRM_GRAIN_WEEK:
      return g_date_time_add_weeks (dt, 1);
    case CRM_GRAIN_MONTH:
      return g_date_time_add_months (dt, 1);
    case CRM_GRAIN_QUARTER:
      return g_date_time_add_months (dt, 3);
    case CRM_GRAIN_YEAR:
    default:
      return g_date_time_add_years (dt, 1);
    }
}

/**
 * crm_intent_slots_set_range:
 * `from` and `to` (exclusive) of a search: "tomorrow" is that whole day,
 * "next week" Monday to Monday, "at 3pm" the hour from 3pm.
 */
void
crm_intent_slots_set_range (CrmSlots      *p,
                            const CrmWhen *when)
{
  g_autoptr(GDateTime) to = NULL;

  if (when->kind == CRM_TIME_OPEN_BEFORE)
    {
      crm_command_set_time (p->cmd, CRM_TIME_TO, when->end);
      return;
    }
  if (when->start == NULL)
    return;
  crm_command_set_time (p->cmd, CRM_TIME_FROM, when->start);
  if (when->kind == CRM_TIME_OPEN_AFTER)
    return;
  /* An interval's end is the last unit it names ("this weekend" ends
   * Sunday 23:00, grain hour): the range goes to the end of that unit. A
   * period ends on its last day ("next week": Sunday, grain week): the
   * range is then the one unit from its start. */
  if (when->kind == CRM_TIME_INTERVAL && when->end)
    {
      to = add_grain (when->start, when->grain);
      if (to && g_date_time_compare (to, when->end) <= 0)
        {
          g_date_time_unref (to);
          to = add_grain (when->end, when->grain);
        }
    }
  if (to == NULL || g_date_time_compare (to, when->start) <= 0)
    {
      g_clear_pointer (&to, g_date_time_unref);
      to = add_grain (when->start, MAX (when->grain, CRM_GRAIN_HOUR));
    }
  crm_command_set_time (p->cmd, CRM_TIME_TO, to);
}
