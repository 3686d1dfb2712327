/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-meeting.h"

G_BEGIN_DECLS

/* The zone the meeting's times are written in (a TZID that needs its
 * VTIMEZONE), or NULL when they are written in UTC or as dates. */
const char *crm_ical_writer_zone_of       (CrmMeeting  *meeting);
/* Adds to @zones (interned IANA names) those the meeting's VEVENTs need. */
void        crm_ical_writer_add_zones     (CrmMeeting  *meeting,
                                           GHashTable  *zones);
/* Appends the VTIMEZONE of an IANA zone, with that name as its TZID.
 * FALSE when libical does not know the zone. */
gboolean    crm_ical_write_timezone       (GString     *out,
                                           const char  *zone);
/* Appends the meeting as a VEVENT, then the changed occurrences it keeps
 * as VEVENTs of their own. */
void        crm_ical_write_meeting        (GString     *out,
                                           CrmMeeting  *meeting);

/* The UID of the series whose changed occurrence @meeting is, stored as
 * a meeting of its own (crm-ical-reader.c); NULL for any other meeting. */
char       *crm_ical_writer_series_uid    (CrmMeeting  *meeting);
/* Whether @series keeps a changed occurrence with this RECURRENCE-ID
 * value. */
gboolean    crm_ical_writer_has_override  (CrmMeeting  *series,
                                           const char  *rid);
/* Forgets the changed occurrence with this RECURRENCE-ID value. */
void        crm_ical_writer_drop_override (CrmMeeting  *series,
                                           const char  *rid);
void        crm_ical_write_calendar_begin (GString     *out);
void        crm_ical_write_calendar_end   (GString     *out);

G_END_DECLS
