/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-intent-slots.h"

/* Slots of the meeting intents, read by cue words: attendees after "with"
 * (or "meet"), the topic after "about"/"to discuss", the place after "at"/
 * "in" (a time there was marked earlier, so "at 3pm" is never a place), the
 * kind of meeting from the event noun, and the time from the time parser
 * plus a duration. */

#define DEFAULT_MINUTES 60
#define MAX_ATTENDEES 50
#define CRM_ERROR_SHIFT "To when? Say the new time, like 'to 4pm' or 'to Friday': moving by an amount is not supported yet."

typedef struct
{
  GArray *firsts;  /* attendee token ranges */
  GArray *lasts;
  guint topic_cue; /* first token of "about the budget" / "to discuss …" */
  guint topic_first;
  guint topic_last;
  guint event_first;
  guint event_last;
  gboolean has_event;
  guint title_first; /* a title given in words: "called Team offsite" */
  guint title_last;
  gboolean has_title;
} Meeting;

static void
meeting_clear (Meeting *m)
{
  g_clear_pointer (&m->firsts, g_array_unref);
  g_clear_pointer (&m->lasts, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meeting, meeting_clear)

static void
meeting_init (Meeting *m)
{
  memset (m, 0, sizeof *m);
  m->firsts = g_array_new (FALSE, FALSE, sizeof (guint));
  m->lasts = g_array_new (FALSE, FALSE, sizeof (guint));
  m->topic_cue = CRM_NO_TOKEN;
}

/* Attendees: "with A, B and C", "meet A", "invite A". */
static void
read_attendees (CrmSlots *p,
                Meeting  *m,
                guint     from,
                guint     to)
{
  for (guint i = from; i < to; i++)
    {
      guint j = i + 1, end;

      if (m->firsts->len >= MAX_ATTENDEES)
        break;
      if (!(crm_tokens_is (p->toks, i, "with") || crm_tokens_is (p->toks, i, "meet") ||
            crm_tokens_is (p->toks, i, "invite") || crm_tokens_is (p->toks, i, "and")))
        continue;
      if (crm_tokens_is (p->toks, i, "and") && m->firsts->len == 0)
        continue;
      if (crm_tokens_is (p->toks, j, "up") && crm_tokens_is (p->toks, j + 1, "with"))
        j += 2;
      else if (crm_tokens_is (p->toks, i, "meet") && crm_tokens_is (p->toks, j, "with"))
        j++;
      guint before = m->firsts->len;

      end = crm_entities_read_names (p->toks, j, m->firsts, m->lasts);
      for (guint k = before; k < m->firsts->len; k++)
        crm_intent_slots_mark_used (p, g_array_index (m->firsts, guint, k), g_array_index (m->lasts, guint, k));
      if (end > j)
        i = end - 1;
    }
}

/* "with Sam … and with Sam again": each person once. */
static void
drop_repeated_attendees (CrmSlots *p,
                         Meeting  *m)
{
  for (guint k = 1; k < m->firsts->len; k++)
    {
      g_autofree char *name = crm_tokens_dup_text (p->toks, g_array_index (m->firsts, guint, k),
                                                   g_array_index (m->lasts, guint, k), FALSE);
      for (guint e = 0; e < k; e++)
        {
          g_autofree char *earlier = crm_tokens_dup_text (p->toks, g_array_index (m->firsts, guint, e),
                                                          g_array_index (m->lasts, guint, e), FALSE);
          if (g_ascii_strcasecmp (name, earlier) == 0)
            {
              g_array_remove_index (m->firsts, k);
              g_array_remove_index (m->lasts, k);
              k--;
              break;
            }
        }
    }
}

static void
add_attendees (CrmSlots *p,
               Meeting  *m)
{
  for (guint k = 0; k < m->firsts->len; k++)
    {
      guint a = g_array_index (m->firsts, guint, k), b = g_array_index (m->lasts, guint, k);
      g_autofree char *name = crm_tokens_dup_text (p->toks, a, b, FALSE);

      crm_command_add_attendee (p->cmd, name);
      crm_intent_slots_add_span (p, a, b, CRM_SPAN_NAME);
    }
}

/* "to discuss", "to talk about", "to go over": the description starts at
 * the "to". */
static guint
topic_lead_in (CrmSlots *p,
               guint     cue)
{
  static const char * const verbs[] = { "discuss", "talk", "go", "review", "plan", "chat" };

  for (guint k = 0; k < G_N_ELEMENTS (verbs); k++)
    {
      if (cue >= 1 && crm_tokens_is (p->toks, cue - 1, verbs[k]) && cue >= 2 && crm_tokens_is (p->toks, cue - 2, "to"))
        return cue - 2;
      if (cue >= 1 && crm_tokens_is (p->toks, cue, verbs[k]) && crm_tokens_is (p->toks, cue - 1, "to"))
        return cue - 1;
    }
  return cue;
}

static gboolean
is_topic_cue (CrmSlots *p,
              guint     i)
{
  const CrmToken *tok = crm_tokens_get (p->toks, i);

  if (tok->mark != CRM_MARK_NONE || !(crm_tokens_lex_flags (p->toks, i) & CRM_LEX_TOPIC))
    return FALSE;
  /* "re" only as "re:" or "re the budget". */
  if (crm_tokens_is (p->toks, i, "re"))
    return crm_tokens_is_punct (p->toks, i + 1, ':') || crm_tokens_is (p->toks, i + 1, "the");
  return TRUE;
}

static void
read_topic (CrmSlots *p,
            Meeting  *m,
            guint     from,
            guint     to)
{
  for (guint i = from; i < to; i++)
    {
      guint first = i + 1, last;

      if (!is_topic_cue (p, i))
        continue;
      if (crm_tokens_is_punct (p->toks, first, ':'))
        first++;
      if (crm_tokens_is (p->toks, i, "go") || crm_tokens_is (p->toks, first, "over"))
        first += crm_tokens_is (p->toks, first, "over");
      last = crm_entities_read_topic (p->toks, first);
      if (last > to)
        last = to;
      if (last <= first)
        continue;
      m->topic_cue = topic_lead_in (p, i);
      m->topic_first = first;
      m->topic_last = last;
      crm_intent_slots_mark_used (p, m->topic_cue, last);
      return;
    }
}

/* "at Café Rouge", "in Room 4B", "on Zoom". */
static void
read_location (CrmSlots *p,
               guint     from,
               guint     to)
{
  for (guint i = from; i + 1 < to; i++)
    {
      guint first, last;
      gboolean platform = (crm_tokens_lex_flags (p->toks, i + 1) & CRM_LEX_PLATFORM) != 0;

      if (crm_tokens_get (p->toks, i)->mark != CRM_MARK_NONE)
        continue;
      if (crm_tokens_is (p->toks, i, "at") || crm_tokens_is_punct (p->toks, i, '@') ||
          ((crm_tokens_is (p->toks, i, "on") || crm_tokens_is (p->toks, i, "via") || crm_tokens_is (p->toks, i, "over")) && platform))
        ;
      else if (crm_tokens_is (p->toks, i, "in"))
        {
          /* "in Room 4B", "in the boardroom"; not "in person". */
          guint k = i + 1 + crm_tokens_is (p->toks, i + 1, "the");
          gboolean capital = k < to && (crm_tokens_get (p->toks, k)->flags & CRM_TOKEN_CAPITALISED) &&
                             p->toks->has_lower;
          if (!capital && !(crm_tokens_lex_flags (p->toks, k) & CRM_LEX_PLACE))
            continue;
        }
      else
        continue;
      last = crm_entities_read_location (p->toks, i + 1, &first);
      if (last > first && last <= to)
        {
          crm_intent_slots_set_field (p, CRM_FIELD_LOCATION, first, last, CRM_SPAN_LOCATION);
          return;
        }
    }
}

static char *
capitalise (const char *s)
{
  char first[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (s)), first);
  return g_strconcat (first, g_utf8_next_char (s), NULL);
}

static void
append_names (GString        *title,
              const CrmSlots *p,
              const Meeting  *m)
{
  for (guint k = 0; k < m->firsts->len; k++)
    {
      g_autofree char *name = crm_tokens_dup_text (p->toks, g_array_index (m->firsts, guint, k),
                                                   g_array_index (m->lasts, guint, k), FALSE);
      if (k > 0)
        g_string_append (title, k + 1 == m->firsts->len ? " and " : ", ");
      g_string_append (title, name);
    }
}

/* A title the user gave: "an event called Team offsite", "remind me to
 * call mom" (the reminder's words are its title). */
static gboolean
find_given_title (CrmSlots *p,
                  guint    *first,
                  guint    *last)
{
  guint len = crm_tokens_len (p->toks);

  for (guint i = 0; i + 1 < len; i++)
    {
      guint start = CRM_NO_TOKEN;

      if (crm_tokens_is (p->toks, i, "called") || crm_tokens_is (p->toks, i, "named") ||
          crm_tokens_is (p->toks, i, "titled"))
        start = i + 1;
      else if ((crm_tokens_is (p->toks, i, "remind") || crm_tokens_is (p->toks, i, "reminder")) &&
               crm_tokens_is (p->toks, i + 1 + crm_tokens_is (p->toks, i + 1, "me"), "to"))
        start = i + 2 + crm_tokens_is (p->toks, i + 1, "me");
      if (start == CRM_NO_TOKEN || crm_tokens_get (p->toks, start)->mark != CRM_MARK_NONE)
        continue;
      *first = start;
      *last = crm_entities_read_topic (p->toks, start);
      if (*last > *first)
        {
          crm_intent_slots_mark_used (p, *first, *last);
          return TRUE;
        }
    }
  return FALSE;
}

/* "Lunch with Sam", "Meeting with Joan Aleric about the new proposal". */
static char *
make_title (CrmSlots *p,
            Meeting  *m)
{
  GString *title = g_string_new (NULL);
  g_autofree char *kind = NULL;
  g_autofree char *capitalised = NULL;

  if (m->has_title)
    kind = crm_tokens_dup_text (p->toks, m->title_first, m->title_last, TRUE);
  else if (m->has_event && !(crm_tokens_lex_flags (p->toks, m->event_last - 1) & CRM_LEX_GENERIC_EVENT &&
                        m->event_last - m->event_first == 1 && !crm_tokens_is (p->toks, m->event_first, "appointment")))
    kind = crm_tokens_dup_text (p->toks, m->event_first, m->event_last, FALSE);
  else
    kind = g_strdup ("meeting");
  capitalised = capitalise (kind);
  g_string_append (title, capitalised);
  if (m->firsts->len > 0)
    {
      g_string_append (title, " with ");
      append_names (title, p, m);
    }
  if (m->topic_cue != CRM_NO_TOKEN)
    {
      g_autofree char *topic = crm_tokens_dup_text (p->toks, m->topic_first, m->topic_last, TRUE);
      g_string_append_printf (title, " about %s", topic);
    }
  return g_string_free (title, FALSE);
}

static void
read_meeting (CrmSlots *p,
              Meeting  *m,
              guint     from,
              guint     to)
{
  m->has_title = find_given_title (p, &m->title_first, &m->title_last);
  read_attendees (p, m, from, to);
  drop_repeated_attendees (p, m);
  read_topic (p, m, from, to);
  m->has_event = crm_entities_find_event (p->toks, from, to, TRUE, &m->event_first, &m->event_last);
}

/* Meals have a usual hour: "lunch with Sam tomorrow" is at noon. */
static int
meal_hour (CrmSlots *p,
           Meeting  *m)
{
  static const struct { const char *word; int hour; } meals[] = {
    { "breakfast", 8 }, { "brunch", 11 }, { "lunch", 12 }, { "dinner", 19 },
  };

  if (!m->has_event)
    return -1;
  for (guint k = 0; k < G_N_ELEMENTS (meals); k++)
    if (crm_tokens_is (p->toks, m->event_last - 1, meals[k].word))
      return meals[k].hour;
  return -1;
}

static gboolean
says_all_day (CrmSlots *p)
{
  guint i = crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "all");

  return (i != CRM_NO_TOKEN && crm_tokens_is (p->toks, i + 1, "day")) ||
         crm_intent_slots_find (p, 0, crm_tokens_len (p->toks), "all-day") != CRM_NO_TOKEN;
}

/* "tomorrow morning" is a stretch of hours, not a start time. */
static gboolean
is_vague (const CrmWhen *when)
{
  return when->kind == CRM_TIME_INTERVAL && when->end &&
         g_date_time_difference (when->end, when->start) > 4 * G_TIME_SPAN_HOUR;
}

static GDateTime *
day_at (GDateTime *day,
        int        hour)
{
  return g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), hour, 0, 0);
}

/* Start and end of a new meeting; FALSE (and the error) when it has no time
 * of day. */
static gboolean
set_meeting_times (CrmSlots *p,
                   Meeting  *m,
                   CrmWhen  *when,
                   gboolean  with_end)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int minutes = p->has_duration ? p->duration.minutes : DEFAULT_MINUTES;

  if (p->has_duration)
    crm_intent_slots_add_span (p, p->duration.first, p->duration.last, CRM_SPAN_DURATION);
  if (when->start && when->has_date && !when->has_time && when->grain <= CRM_GRAIN_DAY && says_all_day (p))
    {
      crm_command_set_all_day (p->cmd, TRUE);
      start = day_at (when->start, 0);
      end = start ? g_date_time_add_days (start, 1) : NULL;
    }
  else if (when->start && when->has_date && !when->has_time && when->grain <= CRM_GRAIN_DAY && meal_hour (p, m) >= 0)
    start = day_at (when->start, meal_hour (p, m));
  else if (when->start && when->has_time && !is_vague (when))
    start = g_date_time_ref (when->start);
  if (start == NULL)
    {
      crm_command_set_error (p->cmd, CRM_ERROR_NO_TIME);
      return FALSE;
    }
  if (end == NULL && when->end && when->has_time && g_date_time_compare (when->end, start) > 0 && !p->has_duration)
    end = g_date_time_ref (when->end);
  if (end == NULL && (with_end || p->has_duration))
    end = g_date_time_add_minutes (start, minutes);
  crm_command_set_time (p->cmd, CRM_TIME_START, start);
  crm_command_set_time (p->cmd, CRM_TIME_END, end);
  return TRUE;
}

static void
set_description (CrmSlots *p,
                 Meeting  *m)
{
  g_autofree char *description = NULL;

  if (m->topic_cue == CRM_NO_TOKEN)
    return;
  description = crm_tokens_dup_text (p->toks, m->topic_cue, m->topic_last, TRUE);
  crm_command_set_field (p->cmd, CRM_FIELD_DESCRIPTION, description);
  crm_intent_slots_add_span (p, m->topic_cue, m->topic_last, CRM_SPAN_TOPIC);
}

void
crm_intent_slots_schedule (CrmSlots *p)
{
  g_auto(Meeting) m;
  g_auto(CrmWhen) when = { 0 };
  g_autofree char *title = NULL;
  guint len = crm_tokens_len (p->toks);

  meeting_init (&m);
  read_meeting (p, &m, 0, len);
  read_location (p, 0, len);
  crm_intent_slots_when (p, 0, len, &when);
  title = make_title (p, &m);
  crm_command_set_field (p->cmd, CRM_FIELD_TITLE, title);
  add_attendees (p, &m);
  set_description (p, &m);
  if (!set_meeting_times (p, &m, &when, TRUE))
    crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.9);
}

/* What a search or a cancel is about: the person, else the topic, else the
 * kind of meeting ("the budget review"), else the words after the verb. */
static gboolean
set_subject (CrmSlots *p,
             Meeting  *m,
             CrmField  field,
             guint     to)
{
  CrmSpanKind kind = field == CRM_FIELD_QUERY ? CRM_SPAN_QUERY : CRM_SPAN_TARGET;
  guint first, last;

  if (m->firsts->len > 0)
    return crm_intent_slots_set_field (p, field, g_array_index (m->firsts, guint, 0),
                                       g_array_index (m->lasts, guint, 0), kind);
  if (m->topic_cue != CRM_NO_TOKEN)
    return crm_intent_slots_set_field (p, field, m->topic_first, m->topic_last, kind);
  if (crm_entities_find_event (p->toks, 0, to, FALSE, &first, &last))
    return crm_intent_slots_set_field (p, field, first, last, kind);
  if (field == CRM_FIELD_TARGET)
    {
      guint i = crm_intent_slots_verb_end (p);
      while (i < to && (crm_tokens_lex_flags (p->toks, i) & CRM_LEX_DET))
        i++;
      last = crm_entities_read_name (p->toks, i, &first);
      if (last > first && last <= to)
        return crm_intent_slots_set_field (p, field, first, last, kind);
    }
  return FALSE;
}

void
crm_intent_slots_find_meetings (CrmSlots *p)
{
  g_auto(Meeting) m;
  g_auto(CrmWhen) when = { 0 };
  guint len = crm_tokens_len (p->toks);

  meeting_init (&m);
  read_meeting (p, &m, 0, len);
  if (crm_intent_slots_when (p, 0, len, &when))
    crm_intent_slots_set_range (p, &when);
  set_subject (p, &m, CRM_FIELD_QUERY, len);
}

void
crm_intent_slots_cancel (CrmSlots *p)
{
  g_auto(Meeting) m;
  g_auto(CrmWhen) when = { 0 };
  guint len = crm_tokens_len (p->toks);
  gboolean has_when, has_target;

  meeting_init (&m);
  read_meeting (p, &m, 0, len);
  if ((has_when = crm_intent_slots_when (p, 0, len, &when)))
    crm_intent_slots_set_range (p, &when);
  has_target = set_subject (p, &m, CRM_FIELD_TARGET, len);
  if (!has_target && !has_when)
    {
      crm_command_set_error (p->cmd, "Which meeting? Say who it is with or when it is, like 'cancel my meeting with Joan'.");
      crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.7);
    }
}

/* Where the new time starts: the last "to"/"for"/"until" before a time
 * ("move my 3pm meeting to 5pm"), or the verb when there is none. */
static guint
new_time_start (CrmSlots *p)
{
  guint split = CRM_NO_TOKEN;

  for (guint i = 0; i + 1 < crm_tokens_len (p->toks); i++)
    {
      gboolean cue = crm_tokens_is (p->toks, i, "to") || crm_tokens_is (p->toks, i, "for") ||
                     crm_tokens_is (p->toks, i, "until") || crm_tokens_is (p->toks, i, "till") ||
                     crm_tokens_is (p->toks, i, "til");
      if (cue && (crm_tokens_get (p->toks, i + 1)->mark == CRM_MARK_TIME ||
                  crm_tokens_get (p->toks, i)->mark == CRM_MARK_TIME))
        split = i;
    }
  return split;
}

/* "push it back an hour", "move my 3pm an hour later": a shift needs the
 * meeting's current time, which only the executor knows. */
static gboolean
says_shift (CrmSlots *p)
{
  guint len = crm_tokens_len (p->toks);

  return p->has_duration || crm_intent_slots_find (p, 0, len, "later") != CRM_NO_TOKEN ||
         crm_intent_slots_find (p, 0, len, "earlier") != CRM_NO_TOKEN;
}

/* The new time of a reschedule. A day alone ("to Thursday", "to next
 * week": its first day) moves the meeting to that day at its own time of
 * day; a time alone ("to 2pm") keeps its day: the executor combines them
 * with the meeting, which the parser does not know. */
static void
set_new_times (CrmSlots *p,
               Meeting  *m,
               CrmWhen  *when)
{
  if (when->start && !when->has_time && when->kind != CRM_TIME_OPEN_BEFORE && when->grain <= CRM_GRAIN_WEEK)
    {
      g_autoptr(GDateTime) day = day_at (when->start, 0);

      crm_command_set_time (p->cmd, CRM_TIME_START, day);
      crm_command_set_date_only (p->cmd, TRUE);
      return;
    }
  if (when->start == NULL && says_shift (p))
    {
      crm_command_set_error (p->cmd, CRM_ERROR_SHIFT);
      crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.9);
      return;
    }
  if (!set_meeting_times (p, m, when, FALSE))
    crm_command_set_confidence (p->cmd, crm_command_get_confidence (p->cmd) * 0.9);
  else if (!when->has_date)
    crm_command_set_time_only (p->cmd, TRUE);
}

void
crm_intent_slots_reschedule (CrmSlots *p)
{
  g_auto(Meeting) m;
  g_auto(CrmWhen) old_when = { 0 };
  g_auto(CrmWhen) new_when = { 0 };
  guint len = crm_tokens_len (p->toks), split = new_time_start (p);

  meeting_init (&m);
  /* "move my 3pm an hour later": every time names the meeting. */
  if (split == CRM_NO_TOKEN && says_shift (p))
    split = len;
  if (split == CRM_NO_TOKEN)
    split = 0;
  read_meeting (p, &m, 0, split ? split : len);
  if (split > 0 && crm_intent_slots_when (p, 0, split, &old_when))
    crm_intent_slots_set_range (p, &old_when);
  set_subject (p, &m, CRM_FIELD_TARGET, split ? split : len);
  crm_intent_slots_when (p, split, len, &new_when);
  /* "move my 3pm meeting to Friday": Friday at 3pm. */
  if (new_when.start && !new_when.has_time && old_when.start && old_when.has_time && new_when.grain <= CRM_GRAIN_DAY)
    {
      GDateTime *start = crm_intent_slots_on_day (new_when.start, old_when.start);
      g_date_time_unref (new_when.start);
      new_when.start = start;
      new_when.has_time = TRUE;
      new_when.has_date = TRUE;
    }
  set_new_times (p, &m, &new_when);
}
