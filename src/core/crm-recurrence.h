/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-meeting.h"

G_BEGIN_DECLS

/* The most occurrences one call returns: a rule that repeats every minute
 * cannot flood a month view. */
#define CRM_RECURRENCE_MAX 512

GArray *crm_recurrence_expand (CrmMeeting *meeting,
                               GDateTime  *from,
                               GDateTime  *to,
                               guint       max);

CrmMeeting *crm_recurrence_occurrence (CrmMeeting *meeting,
                                       gint64      start);

G_END_DECLS
