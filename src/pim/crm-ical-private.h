/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libical/ical.h>
#include <glib.h>

#include "crm-meeting.h"

G_BEGIN_DECLS

/* Shared by the iCalendar reader and writer. */

/* Whom an ATTENDEE or ORGANIZER names, as a meeting keeps them: the CN,
 * else the email; @email NULL when the address is no email. */
void          crm_ical_attendee_identity (icalproperty  *prop,
                                          char         **name,
                                          char         **email);
gboolean      crm_ical_is_person         (icalproperty  *prop,
                                          const char    *name,
                                          const char    *email);
/* The ATTENDEE the writer makes of a meeting's attendee. */
icalproperty *crm_ical_new_attendee      (const char    *name,
                                          const char    *email);

GDateTime    *crm_ical_add_duration      (GDateTime               *start,
                                          struct icaldurationtype  d);
/* Whether DTSTART plus @d is the end the writer would write for the
 * meeting, in the zone it writes its times in: then the writer writes
 * the DURATION the file had rather than a DTEND. */
gboolean      crm_ical_duration_fits     (CrmMeeting              *meeting,
                                          struct icaldurationtype  d);

G_END_DECLS
