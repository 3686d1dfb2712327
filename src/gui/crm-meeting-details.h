/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* One meeting, every field editable in place: title, date and times (a
 * change there reschedules), attendees (each linked to its contact),
 * location and description; and Cancel Meeting. */
#define CRM_TYPE_MEETING_DETAILS (crm_meeting_details_get_type ())
G_DECLARE_FINAL_TYPE (CrmMeetingDetails, crm_meeting_details, CRM, MEETING_DETAILS, GtkWidget)

void        crm_meeting_details_set_store   (CrmMeetingDetails *self,
                                             CrmStore          *store);
void        crm_meeting_details_set_id      (CrmMeetingDetails *self,
                                             gint64             id);
CrmMeeting *crm_meeting_details_get_meeting (CrmMeetingDetails *self);
GtkWidget  *crm_meeting_details_get_row     (CrmMeetingDetails *self,
                                             const char        *field);
void        crm_meeting_details_focus       (CrmMeetingDetails *self);

G_END_DECLS
