/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Someone at a meeting: always a name, linked to a contact when one fits. */
typedef struct
{
  char *name;
  char *email;
  gint64 contact_id; /* 0: not linked */
} CrmAttendee;

#define CRM_TYPE_MEETING (crm_meeting_get_type ())
G_DECLARE_FINAL_TYPE (CrmMeeting, crm_meeting, CRM, MEETING, GObject)

CrmMeeting  *crm_meeting_new             (const char  *title);
CrmMeeting  *crm_meeting_copy            (CrmMeeting  *self);
gboolean     crm_meeting_equal           (CrmMeeting  *a,
                                          CrmMeeting  *b);
GVariant    *crm_meeting_to_variant      (CrmMeeting  *self);
CrmMeeting  *crm_meeting_new_from_variant (GVariant   *variant);
/* The type of crm_meeting_to_variant ()'s value. */
#define CRM_MEETING_VARIANT_TYPE "(xmssmxmxmsbmsmsmsmsxxa(msmsx))"

gint64       crm_meeting_get_id          (CrmMeeting  *self);
void         crm_meeting_set_id          (CrmMeeting  *self,
                                          gint64       id);
const char  *crm_meeting_get_uid         (CrmMeeting  *self);
void         crm_meeting_set_uid         (CrmMeeting  *self,
                                          const char  *uid);
const char  *crm_meeting_get_title       (CrmMeeting  *self);
void         crm_meeting_set_title       (CrmMeeting  *self,
                                          const char  *title);
/* Instants; shown in local time. */
GDateTime   *crm_meeting_get_start       (CrmMeeting  *self);
GDateTime   *crm_meeting_get_end         (CrmMeeting  *self);
void         crm_meeting_set_span        (CrmMeeting  *self,
                                          GDateTime   *start,
                                          GDateTime   *end);
/* The IANA zone the meeting was entered in. */
const char  *crm_meeting_get_tzid        (CrmMeeting  *self);
void         crm_meeting_set_tzid        (CrmMeeting  *self,
                                          const char  *tzid);
gboolean     crm_meeting_get_all_day     (CrmMeeting  *self);
void         crm_meeting_set_all_day     (CrmMeeting  *self,
                                          gboolean     all_day);
const char  *crm_meeting_get_rrule       (CrmMeeting  *self);
void         crm_meeting_set_rrule       (CrmMeeting  *self,
                                          const char  *rrule);
const char  *crm_meeting_get_location    (CrmMeeting  *self);
void         crm_meeting_set_location    (CrmMeeting  *self,
                                          const char  *location);
const char  *crm_meeting_get_description (CrmMeeting  *self);
void         crm_meeting_set_description (CrmMeeting  *self,
                                          const char  *description);
const char  *crm_meeting_get_extra_ical  (CrmMeeting  *self);
void         crm_meeting_set_extra_ical  (CrmMeeting  *self,
                                          const char  *extra_ical);
gint64       crm_meeting_get_created     (CrmMeeting  *self);
gint64       crm_meeting_get_updated     (CrmMeeting  *self);
void         crm_meeting_set_times       (CrmMeeting  *self,
                                          gint64       created,
                                          gint64       updated);

/* CrmAttendee, in order. */
GArray      *crm_meeting_get_attendees   (CrmMeeting  *self);
void         crm_meeting_add_attendee    (CrmMeeting  *self,
                                          const char  *name,
                                          const char  *email,
                                          gint64       contact_id);
void         crm_meeting_clear_attendees (CrmMeeting  *self);
gboolean     crm_meeting_has_contact     (CrmMeeting  *self,
                                          gint64       contact_id);
/* "Joan Aleric, Sam Lee" */
char        *crm_meeting_dup_attendee_names (CrmMeeting *self);

void         crm_meeting_append_json     (CrmMeeting  *self,
                                          GString     *out);

G_END_DECLS
