/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-meeting-details.h"
#include "crm-month-grid.h"
#include "crm-record-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* The calendar page: a month grid with previous/next/today, beside an
 * agenda of the selected day or week and the details of a meeting. */
#define CRM_TYPE_CALENDAR_VIEW (crm_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmCalendarView, crm_calendar_view, CRM, CALENDAR_VIEW, GtkWidget)

/* today: what counts as today (NULL: the clock). */
void               crm_calendar_view_set_store     (CrmCalendarView *self,
                                                    CrmStore        *store,
                                                    GDateTime       *today);
/* Goes to the meeting's day and opens its details. */
gboolean           crm_calendar_view_select        (CrmCalendarView *self,
                                                    gint64           id);
/* Shows the meetings in [from, to) (either may be NULL) matching QUERY. */
void               crm_calendar_view_show_range    (CrmCalendarView *self,
                                                    GDateTime       *from,
                                                    GDateTime       *to,
                                                    const char      *query);
void               crm_calendar_view_focus_search  (CrmCalendarView *self);
CrmRecordList     *crm_calendar_view_get_agenda    (CrmCalendarView *self);
CrmMonthGrid      *crm_calendar_view_get_grid      (CrmCalendarView *self);
CrmMeetingDetails *crm_calendar_view_get_details   (CrmCalendarView *self);
gboolean           crm_calendar_view_get_showing_details (CrmCalendarView *self);

G_END_DECLS
