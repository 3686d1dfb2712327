/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "crm-ical-private.h"
#include "crm-ical-reader.h"
#include "crm-ical-writer.h"
#include "crm-line-reader.h"
#include "crm-pim-format.h"

/* iCalendar (RFC 5545) events through libical. The content lines come from
 * CrmLineReader, which repairs encodings and folds first; each component
 * gets an X-CRM-LINE property with the line it begins on, so a skipped
 * event can be named by its line. libical parses one VCALENDAR at a time
 * (big calendars are rare; big address books are what streams). What an
 * event has that a meeting does not model goes, as libical writes it, into
 * the meeting's extra-ical, for the writer to put back. */

#define LINE_PROPERTY "X-CRM-LINE"

struct _CrmIcalReader
{
  GObject parent_instance;

  CrmLineReader *lines;
  CrmImportResult *result;
  icalparser *parser;
  GQueue entries;        /* Entry, ready to hand out */
  guint depth;
  guint calendar_line;
  gboolean eof;
  gboolean warned_text;
  GTimeZone *local;
  GHashTable *unknown_zones;   /* TZIDs already warned about */
};

G_DEFINE_FINAL_TYPE (CrmIcalReader, crm_ical_reader, G_TYPE_OBJECT)

typedef struct
{
  CrmMeeting *meeting;
  guint line;
  char *error;
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->meeting);
  g_free (entry->error);
  g_free (entry);
}

/* A time as read: the instant, whether it was a DATE, and its zone. */
typedef struct
{
  GDateTime *dt;
  gboolean is_date;
  const char *zone;    /* interned IANA name, or NULL for local time */
} When;

static void
when_clear (When *when)
{
  g_clear_pointer (&when->dt, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (When, when_clear)

/* Windows zone names (CLDR windowsZones), the ones met in real exports;
 * the most specific first, as they are matched as substrings. */
static const struct
{
  const char *windows;
  const char *iana;
} windows_zones[] = {
  { "W. Europe", "Europe/Berlin" },
  { "Romance", "Europe/Paris" },
  { "Central European", "Europe/Warsaw" },
  { "Central Europe", "Europe/Budapest" },
  { "GMT Standard", "Europe/London" },
  { "Greenwich", "Atlantic/Reykjavik" },
  { "GTB", "Europe/Bucharest" },
  { "FLE", "Europe/Kiev" },
  { "E. Europe", "Europe/Chisinau" },
  { "Russian", "Europe/Moscow" },
  { "Turkey", "Europe/Istanbul" },
  { "Israel", "Asia/Jerusalem" },
  { "South Africa", "Africa/Johannesburg" },
  { "Arabian", "Asia/Dubai" },
  { "Arab", "Asia/Riyadh" },
  { "India", "Asia/Kolkata" },
  { "China", "Asia/Shanghai" },
  { "Tokyo", "Asia/Tokyo" },
  { "Korea", "Asia/Seoul" },
  { "Singapore", "Asia/Singapore" },
  { "E. Australia", "Australia/Brisbane" },
  { "AUS Eastern", "Australia/Sydney" },
  { "Canberra, Melbourne, Sydney", "Australia/Sydney" },
  { "New Zealand", "Pacific/Auckland" },
  { "E. South America", "America/Sao_Paulo" },
  { "Brasília", "America/Sao_Paulo" },
  { "Brasilia", "America/Sao_Paulo" },
  { "US Mountain", "America/Phoenix" },
  { "Eastern", "America/New_York" },
  { "Central Standard Time (Mexico)", "America/Mexico_City" },
  { "Central Standard", "America/Chicago" },
  { "Central Time", "America/Chicago" },
  { "Mountain", "America/Denver" },
  { "Pacific", "America/Los_Angeles" },
  { "Alaskan", "America/Anchorage" },
  { "Hawaiian", "Pacific/Honolulu" },
  { "Atlantic", "America/Halifax" },
};

static gboolean
is_iana (const char *name)
{
  g_autoptr(GTimeZone) tz = NULL;

  /* Not any string GLib accepts (POSIX rules like "EST5EDT" parse too):
   * a zone file's name, or UTC. */
  if (strchr (name, '/') == NULL && strcmp (name, "UTC") != 0)
    return FALSE;
  tz = g_time_zone_new_identifier (name);
  return tz != NULL;
}

/**
 * crm_ical_iana_zone:
 *
 * Returns: (nullable): an interned IANA name
 */
const char *
crm_ical_iana_zone (const char *tzid)
{
  g_autofree char *name = NULL;

  if (tzid == NULL)
    return NULL;
  name = g_strstrip (g_strdup (tzid));
  g_strdelimit (name, "\"", ' ');
  g_strstrip (name);
  if (*name && is_iana (name))
    return g_intern_string (name);
  for (const char *p = strchr (name, '/'); p; p = strchr (p + 1, '/'))
    if (p[1] && is_iana (p + 1))
      return g_intern_string (p + 1);
  for (guint i = 0; i < G_N_ELEMENTS (windows_zones); i++)
    if (strstr (name, windows_zones[i].windows))
      return windows_zones[i].iana;
  return NULL;
}

/* The zone of a VTIMEZONE libical found: by the TZID, else by the
 * X-LIC-LOCATION that libical and Evolution put in. */
static const char *
zone_name (const char   *tzid,
           icaltimezone *zone)
{
  const char *iana = crm_ical_iana_zone (tzid);
  icalcomponent *vtz;
  icalproperty *prop;

  if (iana || zone == NULL || (vtz = icaltimezone_get_component (zone)) == NULL)
    return iana;
  for (prop = icalcomponent_get_first_property (vtz, ICAL_X_PROPERTY); prop;
       prop = icalcomponent_get_next_property (vtz, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (prop), "X-LIC-LOCATION") == 0)
      return crm_ical_iana_zone (icalproperty_get_x (prop));
  return NULL;
}

static GDateTime *
date_time_in (GTimeZone                 *tz,
              const struct icaltimetype *tt)
{
  return g_date_time_new (tz, tt->year, tt->month, tt->day, tt->hour, tt->minute, tt->second);
}

static const char *
tzid_of (icalproperty *prop)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);

  return param ? icalparameter_get_tzid (param) : NULL;
}

/* The instant of a time as read: its zone is the one libical resolved
 * (tt->zone), else the IANA zone its TZID names, else local time. */
static gboolean
read_instant (CrmIcalReader             *self,
              const struct icaltimetype *tt_in,
              const char                *tzid,
              guint                      line,
              When                      *when)
{
  struct icaltimetype tt = *tt_in;

  if (icaltime_is_null_time (tt) || tt.month < 1 || tt.month > 12 || tt.day < 1)
    return FALSE;
  when->is_date = tt.is_date;
  if (tt.is_date)
    when->dt = g_date_time_new (self->local, tt.year, tt.month, tt.day, 0, 0, 0);
  else if (icaltime_is_utc (tt))
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      when->dt = date_time_in (utc, &tt);
      when->zone = "UTC";
    }
  else if (tt.zone)
    {
      struct icaltimetype u = icaltime_convert_to_zone (tt, icaltimezone_get_utc_timezone ());
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      when->dt = date_time_in (utc, &u);
      when->zone = zone_name (tzid, (icaltimezone *) tt.zone);
    }
  else if (tzid && (when->zone = crm_ical_iana_zone (tzid)))
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (when->zone);
      when->dt = date_time_in (tz, &tt);
    }
  else
    {
      /* An empty TZID (Exchange) says no more than a floating time. */
      if (tzid && *tzid && g_hash_table_add (self->unknown_zones, g_strdup (tzid)))
        crm_import_result_add_warning (self->result, line,
                                       "The time zone “%s” is not known; its times were taken as local time.",
                                       tzid);
      when->dt = date_time_in (self->local, &tt);
    }
  return when->dt != NULL;
}

/* Reads DTSTART or DTEND. FALSE when it is missing or not a time. */
static gboolean
read_when (CrmIcalReader     *self,
           icalcomponent     *event,
           icalproperty_kind  kind,
           guint              line,
           When              *when)
{
  icalproperty *prop = icalcomponent_get_first_property (event, kind);
  struct icaltimetype tt;

  if (prop == NULL)
    return FALSE;
  tt = icalproperty_get_datetime_with_component (prop, event);
  return read_instant (self, &tt, tzid_of (prop), line, when);
}

/* DTSTART + DURATION. Its days are days of the start's zone (RFC 5545
 * §3.3.6: P1D from 9:00 ends at 9:00 across a change to summer time). */
static GDateTime *
nominal_end (When                    *start,
             struct icaldurationtype  d)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) wall = NULL;

  if (start->is_date || start->zone == NULL || (tz = g_time_zone_new_identifier (start->zone)) == NULL)
    return crm_ical_add_duration (start->dt, d);
  wall = g_date_time_to_timezone (start->dt, tz);
  return crm_ical_add_duration (wall, d);
}

/* DTEND, else DTSTART + DURATION, else one day for a date and no time at
 * all for a time (RFC 5545 §3.6.1). */
static GDateTime *
read_end (CrmIcalReader *self,
          icalcomponent *event,
          guint          line,
          When          *start)
{
  g_auto(When) end = { 0 };
  icalproperty *duration = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);
  GDateTime *result;

  if (read_when (self, event, ICAL_DTEND_PROPERTY, line, &end))
    result = g_steal_pointer (&end.dt);
  else if (duration)
    result = nominal_end (start, icalproperty_get_duration (duration));
  else
    result = start->is_date ? g_date_time_add_days (start->dt, 1) : g_date_time_ref (start->dt);
  if (g_date_time_compare (result, start->dt) < 0)
    {
      crm_import_result_add_warning (self->result, line,
                                     "The event ends before it starts; it was given no length.");
      g_date_time_unref (result);
      result = start->is_date ? g_date_time_add_days (start->dt, 1) : g_date_time_ref (start->dt);
    }
  else if (start->is_date && g_date_time_difference (result, start->dt) < G_TIME_SPAN_DAY)
    {
      /* DTEND on the start's own date (Google writes it): a day, as the
       * writer gives an all-day meeting at least. */
      g_date_time_unref (result);
      result = g_date_time_add_days (start->dt, 1);
    }
  return result;
}

static guint
component_line (icalcomponent *comp)
{
  for (icalproperty *p = icalcomponent_get_first_property (comp, ICAL_X_PROPERTY); p;
       p = icalcomponent_get_next_property (comp, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (p), LINE_PROPERTY) == 0)
      return (guint) g_ascii_strtoull (icalproperty_get_x (p), NULL, 10);
  return 0;
}

static char *
trimmed (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  return g_strstrip (copy);
}

/* "mailto:a@b" → "a@b"; NULL for a value that is no email ("invalid:nomail"). */
static char *
address_email (const char *value)
{
  g_autoptr(GString) email = g_string_new (NULL);

  if (value == NULL)
    return NULL;
  if (g_ascii_strncasecmp (value, "mailto:", 7) == 0)
    value += 7;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (email, *p);
  if (strchr (email->str, '@') == NULL || strchr (email->str, ':'))
    return NULL;
  return g_string_free (g_steal_pointer (&email), FALSE);
}

static gboolean
has_attendee (CrmMeeting *meeting,
              const char *name,
              const char *email)
{
  GArray *attendees = crm_meeting_get_attendees (meeting);

  for (guint i = 0; i < attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (attendees, CrmAttendee, i);
      if (email ? (a->email && g_ascii_strcasecmp (a->email, email) == 0)
                : (a->email == NULL && g_strcmp0 (a->name, name) == 0))
        return TRUE;
    }
  return FALSE;
}

void
crm_ical_attendee_identity (icalproperty  *prop,
                            char         **name,
                            char         **email)
{
  g_autofree char *cn = trimmed (icalproperty_get_parameter_as_string (prop, "CN"));

  *email = address_email (icalproperty_get_value_as_string (prop));
  /* Outlook quotes some names twice: CN="'a@b.de'". */
  g_strdelimit (cn, "\"'", ' ');
  g_strstrip (cn);
  *name = *cn ? g_steal_pointer (&cn) : g_strdup (*email);
}

/* @prop names the attendee @name, @email: by email, else by name. */
gboolean
crm_ical_is_person (icalproperty *prop,
                    const char   *name,
                    const char   *email)
{
  g_autofree char *own_name = NULL;
  g_autofree char *own_email = NULL;

  crm_ical_attendee_identity (prop, &own_name, &own_email);
  if (email || own_email)
    return email && own_email && g_ascii_strcasecmp (email, own_email) == 0;
  return own_name && g_strcmp0 (own_name, name) == 0;
}

/* FALSE when @prop names no one, or someone the meeting has already. */
static gboolean
add_attendee (CrmMeeting   *meeting,
              icalproperty *prop)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  crm_ical_attendee_identity (prop, &name, &email);
  if (name == NULL || has_attendee (meeting, name, email))
    return FALSE;
  crm_meeting_add_attendee (meeting, name, email, 0);
  return TRUE;
}

/* Whether the writer, from the attendee @prop gave the meeting, writes
 * @prop again as it is: a CN and a mailto: address, nothing else. */
static gboolean
is_made_again (icalproperty *prop)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  icalproperty *made;
  char *own, *again;
  gboolean same;

  crm_ical_attendee_identity (prop, &name, &email);
  made = crm_ical_new_attendee (name, email);
  own = icalproperty_as_ical_string_r (prop);
  again = icalproperty_as_ical_string_r (made);
  same = strcmp (own, again) == 0;
  free (own);
  free (again);
  icalproperty_free (made);
  return same;
}

/* The attendees, and in @kept the ATTENDEEs the writer would not make
 * again from them (their ROLE, PARTSTAT, RSVP…), for the extra-ical. */
static void
read_attendees (CrmMeeting    *meeting,
                icalcomponent *event,
                GPtrArray     *kept)
{
  icalproperty *organizer = icalcomponent_get_first_property (event, ICAL_ORGANIZER_PROPERTY);
  gboolean organizer_listed = FALSE;

  /* The organizer is at the meeting too; programs that list them again as
   * an ATTENDEE are matched by email. That ATTENDEE is kept whatever it
   * has: the writer writes none for an organizer without one. */
  if (organizer)
    add_attendee (meeting, organizer);
  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_ATTENDEE_PROPERTY); p;
       p = icalcomponent_get_next_property (event, ICAL_ATTENDEE_PROPERTY))
    {
      if (add_attendee (meeting, p))
        {
          if (!is_made_again (p))
            g_ptr_array_add (kept, p);
        }
      else if (organizer && !organizer_listed)
        {
          g_autofree char *name = NULL;
          g_autofree char *email = NULL;

          crm_ical_attendee_identity (organizer, &name, &email);
          /* First, as the organizer is the first attendee. */
          if (name && crm_ical_is_person (p, name, email))
            {
              g_ptr_array_insert (kept, 0, p);
              organizer_listed = TRUE;
            }
        }
    }
}

static gint64
read_timestamp (icalcomponent     *event,
                icalproperty_kind  kind)
{
  icalproperty *prop = icalcomponent_get_first_property (event, kind);
  struct icaltimetype tt;
  g_autoptr(GDateTime) dt = NULL;

  if (prop == NULL)
    return 0;
  tt = icalproperty_get_datetime_with_component (prop, event);
  if (icaltime_is_null_time (tt))
    return 0;
  dt = g_date_time_new_utc (tt.year, tt.month, tt.day, tt.hour, tt.minute, tt.second);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static void
read_times (CrmMeeting    *meeting,
            icalcomponent *event)
{
  gint64 created = read_timestamp (event, ICAL_CREATED_PROPERTY);
  gint64 modified = read_timestamp (event, ICAL_LASTMODIFIED_PROPERTY);

  if (created == 0)
    created = modified;
  if (created > 0)
    crm_meeting_set_times (meeting, created, MAX (created, modified));
}

static void
read_rrule (CrmIcalReader *self,
            CrmMeeting    *meeting,
            icalcomponent *event,
            guint          line)
{
  icalproperty *rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);

  if (rrule == NULL)
    return;
  crm_meeting_set_rrule (meeting, icalproperty_get_value_as_string (rrule));
  if (icalcomponent_get_next_property (event, ICAL_RRULE_PROPERTY))
    crm_import_result_add_warning (self->result, line,
                                   "Only the first of several repeating rules (RRULE) was kept.");
}

/* What a meeting models or the writer makes itself (DTSTAMP), and
 * libical's and our own markers; everything else in a VEVENT is kept as
 * text (a RECURRENCE-ID too: the writer needs it to give a changed
 * occurrence read without its series the series' UID again). */
static gboolean
is_modelled (icalproperty *prop)
{
  switch (icalproperty_isa (prop))
    {
    case ICAL_UID_PROPERTY:
    case ICAL_SUMMARY_PROPERTY:
    case ICAL_DTSTART_PROPERTY:
    case ICAL_DTEND_PROPERTY:
    case ICAL_DURATION_PROPERTY:
    case ICAL_LOCATION_PROPERTY:
    case ICAL_DESCRIPTION_PROPERTY:
    case ICAL_ATTENDEE_PROPERTY:
    case ICAL_RRULE_PROPERTY:
    case ICAL_CREATED_PROPERTY:
    case ICAL_LASTMODIFIED_PROPERTY:
    case ICAL_DTSTAMP_PROPERTY:
    case ICAL_XLICERROR_PROPERTY:
      return TRUE;
    case ICAL_X_PROPERTY:
      return g_strcmp0 (icalproperty_get_x_name (prop), LINE_PROPERTY) == 0;
    default:
      return FALSE;
    }
}

static icaltimezone *
find_zone (icalcomponent *event,
           const char    *tzid)
{
  icaltimezone *zone = NULL;

  for (icalcomponent *c = event; c && zone == NULL; c = icalcomponent_get_parent (c))
    zone = icalcomponent_get_timezone (c, tzid);
  if (zone == NULL)
    zone = icaltimezone_get_builtin_timezone_from_tzid (tzid);
  return zone ? zone : icaltimezone_get_builtin_timezone (tzid);
}

static gboolean
is_wall_time (struct icaltimetype tt)
{
  return !icaltime_is_null_time (tt) && !tt.is_date && !icaltime_is_utc (tt);
}

/* A zoned or floating time in UTC, read as DTSTART is; a DATE, a UTC
 * time or one that is no time stays as it is. */
static struct icaltimetype
kept_time_utc (CrmIcalReader       *self,
               icalcomponent       *event,
               struct icaltimetype  tt,
               const char          *tzid,
               guint                line)
{
  g_auto(When) when = { 0 };

  if (!is_wall_time (tt))
    return tt;
  if (tzid && tt.zone == NULL)
    tt.zone = find_zone (event, tzid);
  if (!read_instant (self, &tt, tzid, line, &when))
    return tt;
  return icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (when.dt), FALSE,
                                        icaltimezone_get_utc_timezone ());
}

/* EXDATE and RDATE in UTC: the writer writes the VTIMEZONE of the
 * meeting's own zone only, so a TZID of theirs would not resolve. */
static void
exception_to_utc (CrmIcalReader *self,
                  icalcomponent *event,
                  icalproperty  *prop,
                  guint          line)
{
  const char *tzid = tzid_of (prop);

  if (icalproperty_isa (prop) == ICAL_EXDATE_PROPERTY)
    {
      struct icaltimetype tt = icalproperty_get_exdate (prop);

      if (!is_wall_time (tt))
        return;
      icalproperty_set_exdate (prop, kept_time_utc (self, event, tt, tzid, line));
    }
  else
    {
      struct icaldatetimeperiodtype dp = icalproperty_get_rdate (prop);

      if (!is_wall_time (dp.time) && !is_wall_time (dp.period.start))
        return;
      dp.time = kept_time_utc (self, event, dp.time, tzid, line);
      dp.period.start = kept_time_utc (self, event, dp.period.start, tzid, line);
      dp.period.end = kept_time_utc (self, event, dp.period.end, tzid, line);
      icalproperty_set_rdate (prop, dp);
    }
  icalproperty_remove_parameter_by_kind (prop, ICAL_TZID_PARAMETER);
}

/* libical's text of a property or component, unfolded: its lines joined
 * by "\n", after what @out holds. */
static void
append_unfolded (GString    *out,
                 const char *text)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');
  for (const char *p = text; *p; p++)
    {
      gsize eol = p[0] == '\r' && p[1] == '\n' ? 2 : p[0] == '\n' ? 1 : 0;

      if (eol == 0)
        g_string_append_c (out, *p);
      else if (p[eol] == ' ' || p[eol] == '\t')
        p += eol;               /* a fold: its space goes too */
      else
        {
          if (p[eol] != '\0')
            g_string_append_c (out, '\n');
          p += eol - 1;
        }
    }
}

/* A kept time in a zone the export has. EXDATE and RDATE in UTC; the
 * times of a changed occurrence (DTSTART, DTEND, RECURRENCE-ID) with a
 * TZID named by its IANA name (the writer writes VTIMEZONEs for those),
 * else in UTC, as the series' own start is then exported: RECURRENCE-ID
 * still names the series' occurrence. */
static void
kept_time_zone (CrmIcalReader *self,
                    icalcomponent *event,
                    icalproperty  *prop,
                    guint          line)
{
  icalproperty_kind kind = icalproperty_isa (prop);
  const char *tzid = tzid_of (prop);
  const char *iana;
  struct icaltimetype tt;

  if (kind == ICAL_EXDATE_PROPERTY || kind == ICAL_RDATE_PROPERTY)
    {
      exception_to_utc (self, event, prop, line);
      return;
    }
  if (tzid == NULL || (kind != ICAL_DTSTART_PROPERTY && kind != ICAL_DTEND_PROPERTY &&
                       kind != ICAL_RECURRENCEID_PROPERTY))
    return;
  tt = icalvalue_get_datetime (icalproperty_get_value (prop));
  if (!is_wall_time (tt))
    return;
  iana = zone_name (tzid, find_zone (event, tzid));
  if (iana && strcmp (iana, "UTC") != 0)
    {
      if (strcmp (iana, tzid) != 0)
        {
          icalproperty_remove_parameter_by_kind (prop, ICAL_TZID_PARAMETER);
          icalproperty_add_parameter (prop, icalparameter_new_tzid (iana));
        }
      return;
    }
  tt = kept_time_utc (self, event, tt, tzid, line);
  icalproperty_remove_parameter_by_kind (prop, ICAL_TZID_PARAMETER);
  icalproperty_set_value (prop, icalvalue_new_datetime (tt));
}

static void
keep_property (CrmIcalReader *self,
               GString       *extra,
               icalcomponent *event,
               icalproperty  *prop,
               guint          line)
{
  icalproperty *copy = icalproperty_new_clone (prop);
  char *text;

  kept_time_zone (self, event, copy, line);
  text = icalproperty_as_ical_string_r (copy);
  append_unfolded (extra, text);
  free (text);
  icalproperty_free (copy);
}

static void
keep_component (GString       *extra,
                icalcomponent *child)
{
  icalcomponent *copy = icalcomponent_new_clone (child);
  icalproperty *error;
  char *text;

  while ((error = icalcomponent_get_first_property (copy, ICAL_XLICERROR_PROPERTY)))
    {
      icalcomponent_remove_property (copy, error);
      icalproperty_free (error);
    }
  text = icalcomponent_as_ical_string_r (copy);
  append_unfolded (extra, text);
  free (text);
  icalcomponent_free (copy);
}

/* A changed occurrence kept whole with its series, as libical writes it,
 * without our line marks and libical's error notes. */
static void
keep_override (CrmIcalReader *self,
               GString       *extra,
               icalcomponent *event)
{
  icalcomponent *copy = icalcomponent_new_clone (event);
  guint line = component_line (event);
  g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func ((GDestroyNotify) icalproperty_free);
  char *text;

  for (icalproperty *p = icalcomponent_get_first_property (copy, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property (copy, ICAL_ANY_PROPERTY))
    if (icalproperty_isa (p) == ICAL_XLICERROR_PROPERTY ||
        (icalproperty_isa (p) == ICAL_X_PROPERTY &&
         g_strcmp0 (icalproperty_get_x_name (p), LINE_PROPERTY) == 0))
      g_ptr_array_add (drop, p);
    else
      kept_time_zone (self, event, p, line);
  for (guint i = 0; i < drop->len; i++)
    icalcomponent_remove_property (copy, g_ptr_array_index (drop, i));
  text = icalcomponent_as_ical_string_r (copy);
  append_unfolded (extra, text);
  free (text);
  icalcomponent_free (copy);
}

/**
 * crm_ical_reader_fold_override:
 * @series: a series
 * @lone: a changed occurrence of @series stored as a meeting of its own
 *
 * Keeps @lone at the end of the extra-ical of @series, as a changed
 * occurrence read in the same file as its series is: written out as the
 * writer exports it, with the series' UID, and read again.
 */
void
crm_ical_reader_fold_override (CrmIcalReader *self,
                               CrmMeeting    *series,
                               CrmMeeting    *lone)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) extra = NULL;
  icalcomponent *event;

  g_return_if_fail (CRM_IS_ICAL_READER (self));

  crm_ical_write_meeting (text, lone);
  if ((event = icalparser_parse_string (text->str)) == NULL)
    return;
  if (icalcomponent_isa (event) == ICAL_VEVENT_COMPONENT)
    {
      extra = g_string_new (crm_meeting_get_extra_ical (series));
      keep_override (self, extra, event);
      crm_meeting_set_extra_ical (series, extra->str);
    }
  icalcomponent_free (event);
}

/* The extra-ical of crm-meeting.c: the properties and sub-components the
 * meeting does not model, in the order they came, after the @attendees
 * kept: the writer writes those where it writes the attendees, so this
 * order is the one a file it wrote has. */
static void
read_extra (CrmIcalReader *self,
            CrmMeeting    *meeting,
            icalcomponent *event,
            GPtrArray     *attendees,
            GPtrArray     *overrides,
            guint          line)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  icalproperty *duration = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);

  /* A DURATION instead of DTEND goes out again as it came while it still
   * gives the meeting's end (crm_ical_duration_fits); first, where the
   * writer writes it, so that a second round trip keeps the same text. */
  if (duration && !icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY) &&
      crm_ical_duration_fits (meeting, icalproperty_get_duration (duration)))
    keep_property (self, extra, event, duration, line);
  for (guint i = 0; i < attendees->len; i++)
    keep_property (self, extra, event, g_ptr_array_index (attendees, i), line);
  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property (event, ICAL_ANY_PROPERTY))
    if (!is_modelled (p))
      keep_property (self, extra, event, p, line);
  for (icalcomponent *c = icalcomponent_get_first_component (event, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (event, ICAL_ANY_COMPONENT))
    keep_component (extra, c);
  for (guint i = 0; overrides && i < overrides->len; i++)
    keep_override (self, extra, g_ptr_array_index (overrides, i));
  crm_meeting_set_extra_ical (meeting, extra->str);
}

/* What libical could not read, for the properties a meeting keeps. */
static void
report_parse_errors (CrmIcalReader *self,
                     icalcomponent *event,
                     guint          line)
{
  static const char *const kept[] = {
    "DTEND", "DURATION", "RRULE", "SUMMARY", "LOCATION", "DESCRIPTION", "ATTENDEE", "ORGANIZER",
  };

  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property (event, ICAL_XLICERROR_PROPERTY))
    {
      const char *text = icalproperty_get_xlicerror (p);

      /* An empty value loses nothing. */
      if (text && g_str_has_prefix (text, "No value for"))
        continue;
      for (guint i = 0; text && i < G_N_ELEMENTS (kept); i++)
        if (strstr (text, kept[i]))
          {
            crm_import_result_add_warning (self->result, line, "%s", text);
            break;
          }
    }
}

static char *
start_error (icalcomponent *event)
{
  icalproperty *dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);

  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property (event, ICAL_XLICERROR_PROPERTY))
    if (icalproperty_get_xlicerror (p) && strstr (icalproperty_get_xlicerror (p), "DTSTART"))
      return g_strdup_printf ("The event has no valid start time: %s", icalproperty_get_xlicerror (p));
  if (dtstart)
    return g_strdup_printf ("The event's start time (DTSTART) is not a valid date: %s",
                            icalproperty_get_value_as_string (dtstart));
  return g_strdup ("The event has no start time (DTSTART).");
}

static char *
event_uid (icalcomponent *event)
{
  const char *uid = icalcomponent_get_uid (event);
  icalproperty *dtstart;
  g_autofree char *identity = NULL;

  if (uid && *uid)
    return g_strstrip (g_strdup (uid));
  dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  identity = g_strdup_printf ("ical\n%s\n%s\n%s",
                              dtstart ? icalproperty_get_value_as_string (dtstart) : "",
                              icalcomponent_get_summary (event),
                              icalcomponent_get_location (event));
  return crm_pim_derive_uid (identity);
}

/* Changed occurrences. A VEVENT with a RECURRENCE-ID changes one
 * occurrence of the series that has its UID. The store keeps one meeting
 * per UID and a meeting models no occurrences, so an override whose series
 * is in the same VCALENDAR (before or after it: the whole calendar is read
 * before its events are handed out) is kept whole at the end of the
 * series' extra-ical, for the writer to write back beside the series as a
 * VEVENT of its own with the same UID; a second import of the file
 * replaces the series and its overrides together. Without its series
 * (CalDAV scheduling sends those) it is a meeting of its own, the one
 * occurrence, under the UID "UID-RECURRENCE-ID", so that it does not
 * take the place of a series stored before (nor a series imported later
 * its place); its RECURRENCE-ID is kept, and the writer gives it back the
 * series' UID. A second import of the file updates it. The importer
 * keeps it with its series instead when that is stored, or when a later
 * import brings it (crm_ical_reader_fold_override). */
static void
own_override_uid (CrmIcalReader  *self,
                  icalcomponent  *event,
                  guint           line,
                  char          **uid)
{
  icalproperty *rid = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);
  icalproperty *kept;
  char *own;

  if (rid == NULL)
    return;
  /* The RECURRENCE-ID as kept, so that the exported file reads back to
   * the same UID. */
  kept = icalproperty_new_clone (rid);
  kept_time_zone (self, event, kept, line);
  own = g_strdup_printf ("%s-%s", *uid, icalproperty_get_value_as_string (kept));
  icalproperty_free (kept);
  g_free (*uid);
  *uid = own;
}

static CrmMeeting *
read_event (CrmIcalReader  *self,
            icalcomponent  *event,
            GPtrArray      *overrides,
            guint           line,
            GError        **error)
{
  g_auto(When) start = { 0 };
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *uid = event_uid (event);
  g_autofree char *title = trimmed (icalcomponent_get_summary (event));
  g_autoptr(CrmMeeting) meeting = NULL;
  g_autoptr(GPtrArray) attendees = g_ptr_array_new ();

  own_override_uid (self, event, line, &uid);
  if (!read_when (self, event, ICAL_DTSTART_PROPERTY, line, &start))
    {
      g_autofree char *message = start_error (event);
      g_set_error_literal (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY, message);
      return NULL;
    }
  end = read_end (self, event, line, &start);
  meeting = crm_meeting_new (*title ? title : "Untitled");
  crm_meeting_set_uid (meeting, uid);
  crm_meeting_set_span (meeting, start.dt, end);
  crm_meeting_set_all_day (meeting, start.is_date);
  crm_meeting_set_tzid (meeting, start.zone);
  crm_meeting_set_location (meeting, icalcomponent_get_location (event));
  crm_meeting_set_description (meeting, icalcomponent_get_description (event));
  read_rrule (self, meeting, event, line);
  read_attendees (meeting, event, attendees);
  read_times (meeting, event);
  read_extra (self, meeting, event, attendees, overrides, line);
  report_parse_errors (self, event, line);
  return g_steal_pointer (&meeting);
}

static const char *
skipped_kind (icalcomponent_kind kind)
{
  switch (kind)
    {
    case ICAL_VTODO_COMPONENT:
      return "A task (VTODO) was not imported; only events are.";
    case ICAL_VJOURNAL_COMPONENT:
      return "A journal entry (VJOURNAL) was not imported; only events are.";
    case ICAL_VFREEBUSY_COMPONENT:
      return "Free/busy information (VFREEBUSY) was not imported; only events are.";
    default:
      return NULL;
    }
}

static void
push (CrmIcalReader *self,
      CrmMeeting    *meeting,
      guint          line,
      const char    *error)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->meeting = meeting;
  entry->line = line;
  entry->error = g_strdup (error);
  g_queue_push_tail (&self->entries, entry);
}

static gboolean
is_override (icalcomponent *event)
{
  return icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY) != NULL;
}

static void
read_child (CrmIcalReader *self,
            icalcomponent *child,
            GHashTable    *series)
{
  icalcomponent_kind kind = icalcomponent_isa (child);
  guint line = component_line (child);
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  GPtrArray *overrides = NULL;
  CrmMeeting *meeting;

  if (kind != ICAL_VEVENT_COMPONENT)
    {
      if (skipped_kind (kind))
        push (self, NULL, line, skipped_kind (kind));
      return;
    }
  uid = event_uid (child);
  if (g_hash_table_lookup_extended (series, uid, NULL, (gpointer *) &overrides) && is_override (child))
    return;   /* kept with its series */
  meeting = read_event (self, child, overrides, line, &error);
  push (self, meeting, line, error ? error->message : NULL);
}

/* The series and single events of a calendar by UID, each with its
 * overrides (the calendar's own components, in the order they come). */
static GHashTable *
collect_series (icalcomponent *calendar)
{
  GHashTable *series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (icalcomponent *c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    if (!is_override (c))
      g_hash_table_replace (series, event_uid (c), g_ptr_array_new ());
  for (icalcomponent *c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      g_autofree char *uid = NULL;
      GPtrArray *overrides;

      if (is_override (c) && (overrides = g_hash_table_lookup (series, uid = event_uid (c))))
        g_ptr_array_add (overrides, c);
    }
  return series;
}

static void
read_calendar (CrmIcalReader *self,
               icalcomponent *root)
{
  g_autoptr(GHashTable) series = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  if (icalcomponent_isa (root) != ICAL_VCALENDAR_COMPONENT &&
      icalcomponent_isa (root) != ICAL_XROOT_COMPONENT)
    {
      /* A bare VEVENT with no VCALENDAR around it. */
      g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
      read_child (self, root, none);
      return;
    }
  series = collect_series (root);
  /* Collected first: the iterators are the component's own. */
  for (icalcomponent *c = icalcomponent_get_first_component (root, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (root, ICAL_ANY_COMPONENT))
    g_ptr_array_add (children, c);
  for (guint i = 0; i < children->len; i++)
    read_child (self, g_ptr_array_index (children, i), series);
}

static void
note_text_repair (CrmIcalReader *self,
                  guint          line)
{
  CrmLineText text = crm_line_reader_get_text (self->lines);

  if (text == CRM_LINE_TEXT_UTF8 || self->warned_text)
    return;
  self->warned_text = TRUE;
  crm_import_result_add_warning (self->result, line, text == CRM_LINE_TEXT_WINDOWS_1252
                                 ? "The text is not UTF-8; it was read as Windows-1252 (Latin-1)."
                                 : "The text is not valid UTF-8; unreadable bytes were replaced.");
}

static gboolean
names_entry (const char *component)
{
  return g_ascii_strcasecmp (component, "VEVENT") == 0 ||
         g_ascii_strcasecmp (component, "VTODO") == 0 ||
         g_ascii_strcasecmp (component, "VJOURNAL") == 0 ||
         g_ascii_strcasecmp (component, "VFREEBUSY") == 0;
}

/* Hands one content line to libical; a finished calendar is read. */
static void
feed (CrmIcalReader *self,
      char          *text,
      guint          line)
{
  gboolean begin = g_ascii_strncasecmp (text, "BEGIN:", 6) == 0;
  icalcomponent *root;

  if (self->depth == 0 && !begin)
    return;   /* text around the calendar */
  if (begin && self->depth++ == 0)
    self->calendar_line = line;
  else if (g_ascii_strncasecmp (text, "END:", 4) == 0 && self->depth > 0)
    self->depth--;
  root = icalparser_add_line (self->parser, text);
  if (begin && names_entry (g_strstrip (text + 6)))
    {
      g_autofree char *mark = g_strdup_printf (LINE_PROPERTY ":%u", line);
      root = icalparser_add_line (self->parser, mark);
    }
  if (root)
    {
      read_calendar (self, root);
      icalcomponent_free (root);
    }
}

static void
finish (CrmIcalReader *self)
{
  icalcomponent *root;

  self->eof = TRUE;
  if (self->depth == 0)
    return;
  crm_import_result_add_warning (self->result, self->calendar_line,
                                 "The calendar has no END:VCALENDAR; what it had was imported.");
  root = icalparser_clean (self->parser);
  if (root)
    {
      read_calendar (self, root);
      icalcomponent_free (root);
    }
}

static void
crm_ical_reader_finalize (GObject *object)
{
  CrmIcalReader *self = CRM_ICAL_READER (object);

  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_free);
  icalparser_free (self->parser);
  crm_line_reader_free (self->lines);
  g_time_zone_unref (self->local);
  g_hash_table_unref (self->unknown_zones);
  g_clear_object (&self->result);
  G_OBJECT_CLASS (crm_ical_reader_parent_class)->finalize (object);
}

static void
crm_ical_reader_class_init (CrmIcalReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_ical_reader_finalize;
}

static void
crm_ical_reader_init (CrmIcalReader *self)
{
  self->parser = icalparser_new ();
  self->local = g_time_zone_new_local ();
  self->unknown_zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

CrmIcalReader *
crm_ical_reader_new (GInputStream    *stream,
                     CrmImportResult *result)
{
  CrmIcalReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (result), NULL);

  self = g_object_new (CRM_TYPE_ICAL_READER, NULL);
  self->lines = crm_line_reader_new (stream);
  self->result = g_object_ref (result);
  return self;
}

/**
 * crm_ical_reader_next:
 * @line: (out): the line of the event's BEGIN
 *
 * Returns: (transfer full) (nullable): the next event as a meeting (no id;
 * times as instants; a UID made from its content when it has none). NULL at
 * the end with @error unset, NULL with %CRM_PIM_ERROR_ENTRY for an entry
 * that is not imported, NULL with another error when reading fails.
 */
CrmMeeting *
crm_ical_reader_next (CrmIcalReader  *self,
                      guint          *line,
                      GCancellable   *cancellable,
                      GError        **error)
{
  Entry *entry;
  CrmMeeting *meeting;

  g_return_val_if_fail (CRM_IS_ICAL_READER (self), NULL);

  while (g_queue_is_empty (&self->entries) && !self->eof)
    {
      g_autoptr(GError) local_error = NULL;
      guint text_line;
      gsize len;
      char *text = crm_line_reader_next (self->lines, &len, &text_line, cancellable, &local_error);

      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (text == NULL)
        finish (self);
      else
        {
          note_text_repair (self, text_line);
          feed (self, text, text_line);
        }
    }
  if ((entry = g_queue_pop_head (&self->entries)) == NULL)
    return NULL;
  *line = entry->line;
  if (entry->error)
    g_set_error_literal (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY, entry->error);
  meeting = g_steal_pointer (&entry->meeting);
  entry_free (entry);
  return meeting;
}

guint64
crm_ical_reader_get_offset (CrmIcalReader *self)
{
  g_return_val_if_fail (CRM_IS_ICAL_READER (self), 0);
  return crm_line_reader_get_offset (self->lines);
}
