/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-recurrence"

#include "config.h"

#include <string.h>
#include <libical/ical.h>

#include "crm-recurrence.h"

/* The occurrences of a repeating meeting in a range: its RRULE walked by
 * libical in the wall time of the meeting's zone (every Monday 9:00 Paris
 * stays 9:00 across a change of summer time), less the EXDATEs, plus the
 * RDATEs and the changed occurrences its extra-ical keeps. */

/* Steps an iterator may take: a rule with COUNT is walked from its first
 * occurrence (each one counts), so a long one is cut short rather than
 * hold up a view. An endless rule starts near the range instead. */
#define MAX_STEPS 20000

/* A kept time: an instant, or for a DATE the midnight that starts that day
 * in the meeting's zone. */
typedef struct
{
  gint64 when;
  gboolean is_date;
} Instant;

/* A changed occurrence as its VEVENT gives it: where it is now, and its
 * own texts (NULL where it has none: then the series' hold). */
typedef struct
{
  gint64 start;
  gint64 end;
  char *summary;
  char *location;
  char *description;
} Override;

static void
override_clear (gpointer data)
{
  Override *o = data;

  g_free (o->summary);
  g_free (o->location);
  g_free (o->description);
}

typedef struct
{
  icaltimezone *zone;
  gboolean all_day;
  gint64 start;        /* the first occurrence */
  gint64 duration;
  gint64 from;
  gint64 to;
  GArray *excluded;    /* Instant: EXDATEs and changed occurrences' RECURRENCE-IDs */
  GArray *added;       /* Instant: RDATEs */
  GArray *moved;       /* Override: the changed occurrences */
} Expansion;

static icaltimezone *
meeting_zone (CrmMeeting *meeting)
{
  const char *tzid = crm_meeting_get_tzid (meeting);
  icaltimezone *zone = NULL;

  if (tzid && *tzid && strcmp (tzid, "UTC") != 0)
    zone = icaltimezone_get_builtin_timezone (tzid);
  return zone ? zone : icaltimezone_get_utc_timezone ();
}

/* A wall time (or a DATE: its midnight) in ZONE, or a UTC time. */
static gint64
instant_of (struct icaltimetype  tt,
            icaltimezone        *zone)
{
  return icaltime_as_timet_with_zone (tt, icaltime_is_utc (tt) ? icaltimezone_get_utc_timezone () : zone);
}

/* Whether [START, END) meets the range; an instant counts inside it. */
static gboolean
span_overlaps (Expansion *e,
               gint64     start,
               gint64     end)
{
  return start < e->to && (end > e->from || (end == start && start >= e->from));
}

static gboolean
overlaps (Expansion *e,
          gint64     start)
{
  return span_overlaps (e, start, start + e->duration);
}

/* ---- the kept EXDATE, RDATE and changed occurrences ---- */

/* Where a content line's value starts: after the first colon outside a
 * quoted parameter. */
static const char *
value_of (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ':' && !quoted)
      return p + 1;
  return NULL;
}

static icaltimezone *
param_zone (const char   *line,
            const char   *value,
            icaltimezone *fallback)
{
  g_autofree char *params = g_strndup (line, value - line);
  const char *tzid = strstr (params, ";TZID=");
  g_autofree char *name = NULL;
  icaltimezone *zone;

  if (tzid == NULL)
    return fallback;
  tzid += strlen (";TZID=");
  name = g_strndup (tzid, strcspn (tzid, ";:"));
  g_strdelimit (name, "\"", ' ');
  zone = icaltimezone_get_builtin_timezone (g_strstrip (name));
  return zone ? zone : fallback;
}

/* Each time of an EXDATE or RDATE line (a period counts by its start). */
static void
read_times (Expansion  *e,
            const char *line,
            GArray     *into)
{
  const char *value = value_of (line);
  g_auto(GStrv) values = NULL;
  icaltimezone *zone;

  if (value == NULL)
    return;
  zone = param_zone (line, value - 1, e->zone);
  values = g_strsplit (value, ",", -1);
  for (guint i = 0; values[i]; i++)
    {
      struct icaltimetype tt;
      Instant instant;

      values[i][strcspn (values[i], "/")] = '\0';
      tt = icaltime_from_string (g_strstrip (values[i]));
      if (icaltime_is_null_time (tt))
        continue;
      instant.when = instant_of (tt, zone);
      instant.is_date = tt.is_date;
      g_array_append_val (into, instant);
    }
}

static gint64
property_instant (icalproperty *prop,
                  icaltimezone *fallback)
{
  icalparameter *tzid = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  icaltimezone *zone = tzid ? icaltimezone_get_builtin_timezone (icalparameter_get_tzid (tzid)) : NULL;

  return instant_of (icalvalue_get_datetime (icalproperty_get_value (prop)), zone ? zone : fallback);
}

static char *
dup_text (const char *text)
{
  return text && *text ? g_strdup (text) : NULL;
}

/* A changed occurrence: not at its RECURRENCE-ID, but at its DTSTART, as
 * long as its DTEND or DURATION says (else the series' length). */
static void
read_override (Expansion  *e,
               const char *text)
{
  icalcomponent *event = icalcomponent_new_from_string (text);
  icalproperty *rid, *dtstart, *dtend, *duration;

  if (event == NULL)
    return;
  rid = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);
  dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  dtend = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  duration = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);
  if (rid)
    {
      Instant instant = { property_instant (rid, e->zone), FALSE };
      g_array_append_val (e->excluded, instant);
      if (dtstart)
        {
          Override o = { property_instant (dtstart, e->zone), 0 };

          if (dtend)
            o.end = property_instant (dtend, e->zone);
          else if (duration)
            o.end = o.start + icaldurationtype_as_int (icalproperty_get_duration (duration));
          if (o.end < o.start || (!dtend && !duration))
            o.end = o.start + e->duration;
          o.summary = dup_text (icalcomponent_get_summary (event));
          o.location = dup_text (icalcomponent_get_location (event));
          o.description = dup_text (icalcomponent_get_description (event));
          g_array_append_val (e->moved, o);
        }
    }
  icalcomponent_free (event);
}

static gboolean
is_line_of (const char *line,
            const char *name)
{
  gsize n = strlen (name);

  return g_ascii_strncasecmp (line, name, n) == 0 && (line[n] == ':' || line[n] == ';');
}

/* The extra-ical: unfolded lines; sub-components between BEGIN and END. */
static void
read_extra (Expansion  *e,
            const char *extra)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) block = NULL;
  guint depth = 0;

  if (extra == NULL)
    return;
  lines = g_strsplit (extra, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (g_ascii_strncasecmp (line, "BEGIN:", 6) == 0 && depth++ == 0)
        block = g_ascii_strcasecmp (line, "BEGIN:VEVENT") == 0 ? g_string_new (NULL) : NULL;
      if (depth == 0 && is_line_of (line, "EXDATE"))
        read_times (e, line, e->excluded);
      else if (depth == 0 && is_line_of (line, "RDATE"))
        read_times (e, line, e->added);
      if (block)
        g_string_append_printf (block, "%s\r\n", line);
      if (g_ascii_strncasecmp (line, "END:", 4) == 0 && depth > 0 && --depth == 0 && block)
        {
          read_override (e, block->str);
          g_string_free (g_steal_pointer (&block), TRUE);
        }
    }
}

static void
expansion_init (Expansion  *e,
                CrmMeeting *meeting,
                gint64      from,
                gint64      to)
{
  const char *rrule = crm_meeting_get_rrule (meeting);

  e->zone = meeting_zone (meeting);
  e->all_day = crm_meeting_get_all_day (meeting);
  e->start = g_date_time_to_unix (crm_meeting_get_start (meeting));
  e->duration = MAX (0, g_date_time_to_unix (crm_meeting_get_end (meeting)) - e->start);
  e->from = from;
  e->to = to;
  e->excluded = g_array_new (FALSE, FALSE, sizeof (Instant));
  e->added = g_array_new (FALSE, FALSE, sizeof (Instant));
  e->moved = g_array_new (FALSE, TRUE, sizeof (Override));
  g_array_set_clear_func (e->moved, override_clear);
  read_extra (e, rrule && *rrule ? crm_meeting_get_extra_ical (meeting) : NULL);
}

static void
expansion_clear (Expansion *e)
{
  g_array_unref (e->excluded);
  g_array_unref (e->added);
  g_array_unref (e->moved);
}

/* ---- the rule ---- */

/* The midnight that starts the day of TT in the meeting's zone. */
static gint64
day_of (Expansion           *e,
        struct icaltimetype  tt)
{
  tt.is_date = 1;
  tt.hour = tt.minute = tt.second = 0;
  return instant_of (tt, e->zone);
}

static gboolean
is_excluded (Expansion           *e,
             struct icaltimetype  tt,
             gint64               start)
{
  for (guint i = 0; i < e->excluded->len; i++)
    {
      Instant *ex = &g_array_index (e->excluded, Instant, i);

      if (ex->is_date ? ex->when == day_of (e, tt) : ex->when == start)
        return TRUE;
    }
  return FALSE;
}

static struct icaltimetype
wall_time (Expansion *e,
           gint64     when)
{
  struct icaltimetype tt = icaltime_from_timet_with_zone ((time_t) when, e->all_day, e->zone);

  /* libical 3.0 converts to the zone but leaves the time marked UTC. */
  tt.zone = e->all_day ? NULL : e->zone;
  return tt;
}

/* An iterator from the first occurrence, or for a rule without COUNT from
 * the earliest start that can still reach the range. */
static icalrecur_iterator *
iterator_near_range (Expansion                 *e,
                     struct icalrecurrencetype  rule)
{
  icalrecur_iterator *it = icalrecur_iterator_new (rule, wall_time (e, e->start));
  gint64 earliest = e->from - e->duration - 24 * 3600;

  if (it == NULL || rule.count > 0 || earliest <= e->start)
    return it;
  if (icalrecur_iterator_set_start (it, wall_time (e, earliest)))
    return it;
  icalrecur_iterator_free (it);
  return icalrecur_iterator_new (rule, wall_time (e, e->start));
}

static void
walk_rule (Expansion                 *e,
           struct icalrecurrencetype  rule,
           GArray                    *starts,
           guint                      max)
{
  icalrecur_iterator *it = iterator_near_range (e, rule);
  struct icaltimetype tt;

  if (it == NULL)
    return;
  for (guint steps = 0; steps < MAX_STEPS && starts->len < max; steps++)
    {
      gint64 start;

      tt = icalrecur_iterator_next (it);
      if (icaltime_is_null_time (tt) || (start = instant_of (tt, e->zone)) >= e->to)
        break;
      if (overlaps (e, start) && !is_excluded (e, tt, start))
        g_array_append_val (starts, start);
    }
  icalrecur_iterator_free (it);
}

static void
add_extra_starts (Expansion *e,
                  GArray    *starts)
{
  for (guint i = 0; i < e->added->len; i++)
    {
      gint64 start = g_array_index (e->added, Instant, i).when;

      if (overlaps (e, start) && !is_excluded (e, wall_time (e, start), start))
        g_array_append_val (starts, start);
    }
  for (guint i = 0; i < e->moved->len; i++)
    {
      Override *o = &g_array_index (e->moved, Override, i);

      if (span_overlaps (e, o->start, o->end))
        g_array_append_val (starts, o->start);
    }
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
sort_unique (GArray *starts,
             guint   max)
{
  guint kept = 0;

  g_array_sort (starts, compare_starts);
  for (guint i = 0; i < starts->len; i++)
    if (kept == 0 || g_array_index (starts, gint64, i) != g_array_index (starts, gint64, kept - 1))
      g_array_index (starts, gint64, kept++) = g_array_index (starts, gint64, i);
  g_array_set_size (starts, MIN (kept, max));
}

/**
 * crm_recurrence_expand:
 * @meeting: a meeting, repeating or not
 * @from: the start of the range
 * @to: its end (exclusive)
 * @max: the most occurrences to return (CRM_RECURRENCE_MAX for a view)
 *
 * The occurrences of @meeting that overlap [@from, @to), as the store's
 * ranges do. The first occurrence is the meeting's own start (RFC 5545:
 * DTSTART always counts); a meeting without a rule has only that one.
 *
 * Returns: (transfer full) (element-type gint64): their starts, in Unix
 * seconds, in order
 */
GArray *
crm_recurrence_expand (CrmMeeting *meeting,
                       GDateTime  *from,
                       GDateTime  *to,
                       guint       max)
{
  const char *rrule = crm_meeting_get_rrule (meeting);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  Expansion e = { 0 };
  struct icalrecurrencetype rule;

  g_return_val_if_fail (CRM_IS_MEETING (meeting), starts);
  g_return_val_if_fail (from != NULL && to != NULL, starts);

  expansion_init (&e, meeting, g_date_time_to_unix (from), g_date_time_to_unix (to));
  if (!is_excluded (&e, wall_time (&e, e.start), e.start) && overlaps (&e, e.start))
    g_array_append_val (starts, e.start);
  if (rrule && *rrule)
    {
      rule = icalrecurrencetype_from_string (rrule);
      if (rule.freq != ICAL_NO_RECURRENCE)
        walk_rule (&e, rule, starts, max);
      add_extra_starts (&e, starts);
    }
  sort_unique (starts, max);
  expansion_clear (&e);
  return starts;
}

/**
 * crm_recurrence_occurrence:
 * @meeting: a meeting, repeating or not
 * @start: the start of one of its occurrences (crm_recurrence_expand ())
 *
 * That occurrence as a meeting to show: @meeting itself at its own start,
 * else a copy with the same id moved to @start, as long as the series'
 * meetings, or, for an occurrence the calendar changed (moved, made
 * longer, retitled), with that occurrence's own end, title, location and
 * description.
 *
 * Returns: (transfer full): the occurrence
 */
CrmMeeting *
crm_recurrence_occurrence (CrmMeeting *meeting,
                           gint64      start)
{
  Expansion e = { 0 };
  const Override *changed = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  CrmMeeting *occurrence;

  g_return_val_if_fail (CRM_IS_MEETING (meeting), NULL);

  expansion_init (&e, meeting, start, start);
  for (guint i = 0; i < e.moved->len && !changed; i++)
    if (g_array_index (e.moved, Override, i).start == start)
      changed = &g_array_index (e.moved, Override, i);
  if (changed == NULL && start == e.start)
    {
      expansion_clear (&e);
      return g_object_ref (meeting);
    }
  occurrence = crm_meeting_copy (meeting);
  from = g_date_time_new_from_unix_utc (start);
  to = g_date_time_new_from_unix_utc (changed ? changed->end : start + e.duration);
  crm_meeting_set_span (occurrence, from, to);
  if (changed && changed->summary)
    crm_meeting_set_title (occurrence, changed->summary);
  if (changed && changed->location)
    crm_meeting_set_location (occurrence, changed->location);
  if (changed && changed->description)
    crm_meeting_set_description (occurrence, changed->description);
  expansion_clear (&e);
  return occurrence;
}
