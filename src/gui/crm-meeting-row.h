/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-meeting.h"

G_BEGIN_DECLS

/* One line of the agenda: when, title, who and where. */
#define CRM_TYPE_MEETING_ROW (crm_meeting_row_get_type ())
G_DECLARE_FINAL_TYPE (CrmMeetingRow, crm_meeting_row, CRM, MEETING_ROW, GtkWidget)

GtkWidget *crm_meeting_row_new         (void);
void       crm_meeting_row_set_meeting (CrmMeetingRow *self,
                                        CrmMeeting    *meeting);

G_END_DECLS
