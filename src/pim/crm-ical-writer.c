/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "crm-ical-private.h"
#include "crm-ical-reader.h"
#include "crm-ical-writer.h"

/* Meetings as VEVENTs, built with libical so escaping and folding are
 * right. Times go out in the zone the meeting was entered in (TZID plus
 * its VTIMEZONE) so a reader in another zone keeps the wall-clock time
 * across daylight saving; meetings kept in UTC go out in UTC; all-day
 * meetings as DATEs. Attendees without an email get Thunderbird's
 * "invalid:nomail" address, which RFC 5545 readers accept. */

static icaltimezone *
builtin_zone (const char *zone)
{
  if (zone == NULL || strcmp (zone, "UTC") == 0 || g_strcmp0 (crm_ical_iana_zone (zone), zone) != 0)
    return NULL;
  return icaltimezone_get_builtin_timezone (zone);
}

/**
 * crm_ical_writer_zone_of:
 *
 * Returns: (nullable): an interned IANA name
 */
const char *
crm_ical_writer_zone_of (CrmMeeting *meeting)
{
  const char *zone = crm_ical_iana_zone (crm_meeting_get_tzid (meeting));

  if (crm_meeting_get_all_day (meeting) || builtin_zone (zone) == NULL)
    return NULL;
  return zone;
}

/* The zones whose VTIMEZONE the meeting's VEVENTs need: its own, and
 * those the TZIDs of its kept lines (its changed occurrences) name. */
void
crm_ical_writer_add_zones (CrmMeeting *meeting,
                           GHashTable *zones)
{
  const char *zone = crm_ical_writer_zone_of (meeting);
  const char *extra = crm_meeting_get_extra_ical (meeting);
  g_auto(GStrv) lines = NULL;

  if (zone)
    g_hash_table_add (zones, (gpointer) zone);
  if (extra == NULL || strstr (extra, ";TZID=") == NULL)
    return;
  lines = g_strsplit (extra, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      icalproperty *prop;
      icalparameter *tzid;

      if (strstr (lines[i], ";TZID=") == NULL || (prop = icalproperty_new_from_string (lines[i])) == NULL)
        continue;
      if ((tzid = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER)) &&
          builtin_zone (icalparameter_get_tzid (tzid)))
        g_hash_table_add (zones, (gpointer) g_intern_string (icalparameter_get_tzid (tzid)));
      icalproperty_free (prop);
    }
}

gboolean
crm_ical_write_timezone (GString    *out,
                         const char *zone)
{
  icaltimezone *tz = builtin_zone (zone);
  icalcomponent *vtz;
  icalproperty *tzid;
  char *text;

  if (tz == NULL || (vtz = icaltimezone_get_component (tz)) == NULL)
    return FALSE;
  vtz = icalcomponent_new_clone (vtz);
  /* libical names its zones "/freeassociation.sourceforge.net/Europe/Berlin";
   * other programs know "Europe/Berlin". */
  if ((tzid = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY)))
    icalproperty_set_tzid (tzid, zone);
  text = icalcomponent_as_ical_string_r (vtz);
  g_string_append (out, text);
  free (text);
  icalcomponent_free (vtz);
  return TRUE;
}

static struct icaltimetype
ical_time (GDateTime *dt,
           gboolean   is_date)
{
  struct icaltimetype tt = icaltime_null_time ();

  tt.year = g_date_time_get_year (dt);
  tt.month = g_date_time_get_month (dt);
  tt.day = g_date_time_get_day_of_month (dt);
  tt.is_date = is_date;
  if (!is_date)
    {
      tt.hour = g_date_time_get_hour (dt);
      tt.minute = g_date_time_get_minute (dt);
      tt.second = g_date_time_get_second (dt);
    }
  return tt;
}

static icalproperty *
time_property (icalproperty_kind  kind,
               GDateTime         *instant,
               const char        *zone,
               gboolean           is_date,
               GTimeZone         *tz)
{
  g_autoptr(GDateTime) wall = g_date_time_to_timezone (instant, tz);
  struct icaltimetype tt = ical_time (wall, is_date);
  icalproperty *prop;

  if (!is_date && zone == NULL)
    tt = icaltime_set_timezone (&tt, icaltimezone_get_utc_timezone ());
  prop = kind == ICAL_DTSTART_PROPERTY ? icalproperty_new_dtstart (tt) : icalproperty_new_dtend (tt);
  if (zone)
    icalproperty_add_parameter (prop, icalparameter_new_tzid (zone));
  return prop;
}

/* The zone the wall-clock times are written in: the TZID's; for all-day
 * dates the meeting's own zone, as it was entered; else UTC. */
static GTimeZone *
meeting_time_zone (CrmMeeting *meeting,
                   const char *zone)
{
  const char *own = crm_ical_iana_zone (crm_meeting_get_tzid (meeting));
  GTimeZone *tz = NULL;

  if (zone)
    tz = g_time_zone_new_identifier (zone);
  else if (crm_meeting_get_all_day (meeting))
    tz = own ? g_time_zone_new_identifier (own) : g_time_zone_new_local ();
  return tz ? tz : g_time_zone_new_utc ();
}

/* The kept line is a @name property: "NAME;…" or "NAME:…". */
static gboolean
is_line_of (const char *line,
            const char *name)
{
  gsize len = strlen (name);

  return g_ascii_strncasecmp (line, name, len) == 0 && (line[len] == ';' || line[len] == ':');
}

/* The end as written. */
static GDateTime *
written_end (CrmMeeting *meeting)
{
  GDateTime *start = crm_meeting_get_start (meeting);
  GDateTime *end = crm_meeting_get_end (meeting);

  /* A DATE end is exclusive: a one-day event ends the next day. */
  if (crm_meeting_get_all_day (meeting) && g_date_time_difference (end, start) < G_TIME_SPAN_DAY)
    return g_date_time_add_days (start, 1);
  return g_date_time_ref (end);
}

GDateTime *
crm_ical_add_duration (GDateTime               *start,
                       struct icaldurationtype  d)
{
  int sign = d.is_neg ? -1 : 1;
  g_autoptr(GDateTime) days = g_date_time_add_days (start, sign * (int) (d.weeks * 7 + d.days));

  return g_date_time_add_seconds (days, sign * (gdouble) (d.hours * 3600 + d.minutes * 60 + d.seconds));
}

gboolean
crm_ical_duration_fits (CrmMeeting              *meeting,
                        struct icaldurationtype  d)
{
  g_autoptr(GTimeZone) tz = meeting_time_zone (meeting, crm_ical_writer_zone_of (meeting));
  g_autoptr(GDateTime) start = g_date_time_to_timezone (crm_meeting_get_start (meeting), tz);
  g_autoptr(GDateTime) end = written_end (meeting);
  g_autoptr(GDateTime) sum = NULL;

  if (icaldurationtype_is_bad_duration (d) || d.is_neg)
    return FALSE;
  sum = crm_ical_add_duration (start, d);
  return sum && g_date_time_equal (sum, end);
}

/* The DURATION kept in the extra-ical, when it still fits. */
static icalproperty *
kept_duration (CrmMeeting  *meeting,
               char       **lines)
{
  for (guint i = 0, depth = 0; lines && lines[i]; i++)
    {
      icalproperty *prop;

      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) == 0)
        depth++;
      else if (g_ascii_strncasecmp (lines[i], "END:", 4) == 0 && depth > 0)
        depth--;
      else if (depth == 0 && is_line_of (lines[i], "DURATION") &&
               (prop = icalproperty_new_from_string (lines[i])))
        {
          if (crm_ical_duration_fits (meeting, icalproperty_get_duration (prop)))
            return prop;
          icalproperty_free (prop);
          return NULL;
        }
    }
  return NULL;
}

static void
add_times (icalcomponent  *event,
           CrmMeeting     *meeting,
           char          **extra)
{
  const char *zone = crm_ical_writer_zone_of (meeting);
  gboolean all_day = crm_meeting_get_all_day (meeting);
  g_autoptr(GTimeZone) tz = meeting_time_zone (meeting, zone);
  GDateTime *start = crm_meeting_get_start (meeting);
  g_autoptr(GDateTime) end = written_end (meeting);
  icalproperty *duration = kept_duration (meeting, extra);

  icalcomponent_add_property (event, time_property (ICAL_DTSTART_PROPERTY, start, zone, all_day, tz));
  if (duration)
    icalcomponent_add_property (event, duration);
  else
    icalcomponent_add_property (event, time_property (ICAL_DTEND_PROPERTY, end, zone, all_day, tz));
}

static struct icaltimetype
utc_time (gint64 unix_time)
{
  return icaltime_from_timet_with_zone ((time_t) unix_time, FALSE, icaltimezone_get_utc_timezone ());
}

static void
add_stamps (icalcomponent *event,
            CrmMeeting    *meeting)
{
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (g_get_real_time () / G_USEC_PER_SEC)));
  if (crm_meeting_get_created (meeting) > 0)
    icalcomponent_add_property (event, icalproperty_new_created (utc_time (crm_meeting_get_created (meeting))));
  if (crm_meeting_get_updated (meeting) > 0)
    icalcomponent_add_property (event, icalproperty_new_lastmodified (utc_time (crm_meeting_get_updated (meeting))));
}

static void
add_rrule (icalcomponent *event,
           const char    *rrule)
{
  struct icalrecurrencetype recur;

  if (rrule == NULL)
    return;
  if (g_ascii_strncasecmp (rrule, "RRULE:", 6) == 0)
    rrule += 6;
  recur = icalrecurrencetype_from_string (rrule);
  if (recur.freq != ICAL_NO_RECURRENCE)
    icalcomponent_add_property (event, icalproperty_new_rrule (recur));
  else
    g_warning ("Not a recurrence rule, not exported: %s", rrule);
}

icalproperty *
crm_ical_new_attendee (const char *name,
                       const char *email)
{
  g_autofree char *address = email ? g_strconcat ("mailto:", email, NULL) : g_strdup ("invalid:nomail");
  icalproperty *prop = icalproperty_new_attendee (address);

  if (name && *name)
    icalproperty_add_parameter (prop, icalparameter_new_cn (name));
  return prop;
}

/* The kept ATTENDEE for @a, taken out of @kept, or NULL. */
static icalproperty *
take_kept (GPtrArray         *kept,
           const CrmAttendee *a)
{
  for (guint i = 0; i < kept->len; i++)
    {
      icalproperty *prop = g_ptr_array_index (kept, i);

      if (crm_ical_is_person (prop, a->name, a->email))
        return g_ptr_array_steal_index (kept, i);
    }
  return NULL;
}

/* Each attendee as the ATTENDEE the file had, kept in the extra-ical with
 * its ROLE, PARTSTAT and the rest, else as a new one; but an organizer the
 * file did not list as an ATTENDEE has only the ORGANIZER line. */
static void
add_attendees (icalcomponent *event,
               CrmMeeting    *meeting,
               char         **extra)
{
  GArray *attendees = crm_meeting_get_attendees (meeting);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) icalproperty_free);
  icalproperty *organizer = NULL;

  /* The event's own, not those of a kept VALARM. */
  for (guint i = 0, depth = 0; extra && extra[i]; i++)
    {
      icalproperty *prop;

      if (g_ascii_strncasecmp (extra[i], "BEGIN:", 6) == 0)
        depth++;
      else if (g_ascii_strncasecmp (extra[i], "END:", 4) == 0 && depth > 0)
        depth--;
      else if (depth > 0)
        continue;
      else if (is_line_of (extra[i], "ATTENDEE") && (prop = icalproperty_new_from_string (extra[i])))
        g_ptr_array_add (kept, prop);
      else if (organizer == NULL && is_line_of (extra[i], "ORGANIZER"))
        organizer = icalproperty_new_from_string (extra[i]);
    }
  for (guint i = 0; i < attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (attendees, CrmAttendee, i);
      icalproperty *prop = take_kept (kept, a);

      if (prop)
        {
          g_autofree char *name = NULL;
          g_autofree char *email = NULL;

          /* Renamed since? The organizer's name is the ORGANIZER's. */
          crm_ical_attendee_identity (organizer && crm_ical_is_person (organizer, a->name, a->email)
                                      ? organizer : prop, &name, &email);
          if (g_strcmp0 (name, a->name) != 0)
            {
              icalproperty_remove_parameter_by_kind (prop, ICAL_CN_PARAMETER);
              icalproperty_add_parameter (prop, icalparameter_new_cn (a->name));
            }
        }
      else if (organizer && crm_ical_is_person (organizer, a->name, a->email))
        continue;
      else
        prop = crm_ical_new_attendee (a->name, a->email);
      icalcomponent_add_property (event, prop);
    }
  g_clear_pointer (&organizer, icalproperty_free);
}

static void
add_text (icalcomponent *event,
          icalproperty  *(*make) (const char *),
          const char    *text)
{
  if (text && *text)
    icalcomponent_add_property (event, make (text));
}

/* The last line of the sub-component whose BEGIN is lines[first]. */
static guint
component_end (char  **lines,
               guint   first)
{
  guint depth = 0;
  guint i;

  for (i = first; lines[i + 1]; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) == 0)
        depth++;
      else if (g_ascii_strncasecmp (lines[i], "END:", 4) == 0 && --depth == 0)
        break;
    }
  return i;
}

/* The kept component whose BEGIN is lines[first], or NULL. */
static icalcomponent *
parse_component (char  **lines,
                 guint   first,
                 guint   last)
{
  g_autoptr(GString) text = g_string_new (NULL);
  icalcomponent *child;

  for (guint i = first; i <= last; i++)
    g_string_append_printf (text, "%s\r\n", lines[i]);
  child = icalcomponent_new_from_string (text->str);
  if (child && icalcomponent_isa (child) != ICAL_XROOT_COMPONENT)
    return child;
  g_warning ("A kept component libical cannot read, not exported: %s", lines[first]);
  g_clear_pointer (&child, icalcomponent_free);
  return NULL;
}

/* A VEVENT in the extra-ical is a changed occurrence of the series (see
 * crm-ical-reader.c), written after it rather than inside. */
static gboolean
is_override_begin (const char *line)
{
  return g_ascii_strcasecmp (line, "BEGIN:VEVENT") == 0;
}

static guint
add_extra_component (icalcomponent  *event,
                     char          **lines,
                     guint           first)
{
  guint last = component_end (lines, first);
  icalcomponent *child;

  if (!is_override_begin (lines[first]) && (child = parse_component (lines, first, last)))
    icalcomponent_add_component (event, child);
  return last;
}

static void
write_overrides (GString  *out,
                 char    **lines)
{
  for (guint i = 0; lines && lines[i]; i++)
    {
      guint last;
      icalcomponent *override;
      char *text;

      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) != 0)
        continue;
      last = component_end (lines, i);
      if (is_override_begin (lines[i]) && (override = parse_component (lines, i, last)))
        {
          text = icalcomponent_as_ical_string_r (override);
          g_string_append (out, text);
          free (text);
          icalcomponent_free (override);
        }
      i = last;
    }
}

/* The meeting's extra-ical, parsed again so that libical folds and
 * escapes it as it does the rest; its ATTENDEEs went with the attendees. */
static void
add_extra (icalcomponent  *event,
           char          **lines)
{
  for (guint i = 0; lines && lines[i]; i++)
    {
      icalproperty *prop;

      /* Written with the attendees and the times. */
      if (is_line_of (lines[i], "ATTENDEE") || is_line_of (lines[i], "DURATION"))
        continue;
      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) == 0)
        i = add_extra_component (event, lines, i);
      else if (*lines[i] && (prop = icalproperty_new_from_string (lines[i])))
        icalcomponent_add_property (event, prop);
      else if (*lines[i])
        g_warning ("A kept line libical cannot read, not exported: %s", lines[i]);
    }
}

/* The value of a RECURRENCE-ID line, NULL for another line. */
static char *
rid_of (const char *line)
{
  icalproperty *rid;
  char *value;

  if (!is_line_of (line, "RECURRENCE-ID") || (rid = icalproperty_new_from_string (line)) == NULL)
    return NULL;
  value = g_strdup (icalproperty_get_value_as_string (rid));
  icalproperty_free (rid);
  return value;
}

/* A changed occurrence read without its series is a meeting of its own
 * under "UID-RECURRENCE-ID" (crm-ical-reader.c), its RECURRENCE-ID kept. */
static char *
series_uid (CrmMeeting  *meeting,
            char       **lines)
{
  const char *uid = crm_meeting_get_uid (meeting);

  for (guint i = 0, depth = 0; uid && lines && lines[i]; i++)
    {
      g_autofree char *suffix = NULL;
      g_autofree char *rid = NULL;

      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) == 0)
        depth++;
      else if (g_ascii_strncasecmp (lines[i], "END:", 4) == 0 && depth > 0)
        depth--;
      else if (depth > 0 || (rid = rid_of (lines[i])) == NULL)
        continue;
      else
        {
          suffix = g_strconcat ("-", rid, NULL);
          if (g_str_has_suffix (uid, suffix) && strlen (uid) > strlen (suffix))
            return g_strndup (uid, strlen (uid) - strlen (suffix));
          break;
        }
    }
  return NULL;
}

/**
 * crm_ical_writer_series_uid:
 *
 * Returns: (transfer full) (nullable): the UID of the series whose
 * changed occurrence @meeting is, stored without it; NULL for any other
 * meeting
 */
char *
crm_ical_writer_series_uid (CrmMeeting *meeting)
{
  const char *extra = crm_meeting_get_extra_ical (meeting);
  g_auto(GStrv) lines = NULL;

  /* Most meetings are not: no split for those. */
  if (extra == NULL || strstr (extra, "RECURRENCE-ID") == NULL)
    return NULL;
  lines = g_strsplit (extra, "\n", -1);
  return series_uid (meeting, lines);
}

/* The lines, @first to @last, of the changed occurrence kept with
 * RECURRENCE-ID value @rid. */
static gboolean
find_override (char       **lines,
               const char  *rid,
               guint       *first,
               guint       *last)
{
  for (guint i = 0; lines[i]; i++)
    {
      guint end;

      if (g_ascii_strncasecmp (lines[i], "BEGIN:", 6) != 0)
        continue;
      end = component_end (lines, i);
      for (guint j = i + 1; is_override_begin (lines[i]) && j < end; j++)
        {
          g_autofree char *value = NULL;

          if (g_ascii_strncasecmp (lines[j], "BEGIN:", 6) == 0)
            j = component_end (lines, j);   /* its VALARM's lines are not its own */
          else if ((value = rid_of (lines[j])) && strcmp (value, rid) == 0)
            {
              *first = i;
              *last = end;
              return TRUE;
            }
        }
      i = end;
    }
  return FALSE;
}

gboolean
crm_ical_writer_has_override (CrmMeeting *series,
                              const char *rid)
{
  const char *extra = crm_meeting_get_extra_ical (series);
  g_auto(GStrv) lines = NULL;
  guint first, last;

  if (extra == NULL || strstr (extra, "RECURRENCE-ID") == NULL)
    return FALSE;
  lines = g_strsplit (extra, "\n", -1);
  return find_override (lines, rid, &first, &last);
}

void
crm_ical_writer_drop_override (CrmMeeting *series,
                               const char *rid)
{
  const char *extra = crm_meeting_get_extra_ical (series);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) kept = NULL;
  guint first, last;

  if (extra == NULL || strstr (extra, "RECURRENCE-ID") == NULL)
    return;
  lines = g_strsplit (extra, "\n", -1);
  if (!find_override (lines, rid, &first, &last))
    return;
  kept = g_string_new (NULL);
  for (guint i = 0, n = 0; lines[i]; i++)
    if (i < first || i > last)
      g_string_append_printf (kept, "%s%s", n++ ? "\n" : "", lines[i]);
  crm_meeting_set_extra_ical (series, kept->len ? kept->str : NULL);
}

/* A changed occurrence stored alone goes out as it came, with the
 * series' UID and its kept RECURRENCE-ID. */
static char *
exported_uid (CrmMeeting  *meeting,
              char       **lines)
{
  char *series = series_uid (meeting, lines);

  return series ? series : g_strdup (crm_meeting_get_uid (meeting));
}

void
crm_ical_write_meeting (GString    *out,
                        CrmMeeting *meeting)
{
  const char *extra = crm_meeting_get_extra_ical (meeting);
  g_auto(GStrv) extra_lines = extra ? g_strsplit (extra, "\n", -1) : NULL;
  g_autofree char *uid = NULL;
  icalcomponent *event;
  char *text;

  g_return_if_fail (out != NULL);
  g_return_if_fail (CRM_IS_MEETING (meeting));

  event = icalcomponent_new_vevent ();
  uid = exported_uid (meeting, extra_lines);
  add_text (event, icalproperty_new_uid, uid);
  add_stamps (event, meeting);
  add_times (event, meeting, extra_lines);
  add_text (event, icalproperty_new_summary, crm_meeting_get_title (meeting));
  add_text (event, icalproperty_new_location, crm_meeting_get_location (meeting));
  add_text (event, icalproperty_new_description, crm_meeting_get_description (meeting));
  add_rrule (event, crm_meeting_get_rrule (meeting));
  add_attendees (event, meeting, extra_lines);
  add_extra (event, extra_lines);
  text = icalcomponent_as_ical_string_r (event);
  g_string_append (out, text);
  free (text);
  icalcomponent_free (event);
  write_overrides (out, extra_lines);
}

void
crm_ical_write_calendar_begin (GString *out)
{
  g_string_append (out, "BEGIN:VCALENDAR\r\n"
                        "VERSION:2.0\r\n"
                        "PRODID:-//Smart CRM//Smart CRM " PACKAGE_VERSION "//EN\r\n"
                        "CALSCALE:GREGORIAN\r\n");
}

void
crm_ical_write_calendar_end (GString *out)
{
  g_string_append (out, "END:VCALENDAR\r\n");
}
