/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-meeting.h"
#include "crm-import-result.h"

G_BEGIN_DECLS

#define CRM_TYPE_ICAL_READER (crm_ical_reader_get_type ())
G_DECLARE_FINAL_TYPE (CrmIcalReader, crm_ical_reader, CRM, ICAL_READER, GObject)

CrmIcalReader *crm_ical_reader_new        (GInputStream     *stream,
                                           CrmImportResult  *result);
CrmMeeting    *crm_ical_reader_next       (CrmIcalReader    *self,
                                           guint            *line,
                                           GCancellable     *cancellable,
                                           GError          **error);
guint64        crm_ical_reader_get_offset (CrmIcalReader    *self);
void           crm_ical_reader_fold_override (CrmIcalReader *self,
                                              CrmMeeting    *series,
                                              CrmMeeting    *lone);

/* An IANA zone name for a TZID as programs write them: IANA itself, a
 * libical/Mozilla path ("/mozilla.org/20050126_1/Europe/Berlin"), or a
 * Windows name ("W. Europe Standard Time"). NULL when none fits. */
const char    *crm_ical_iana_zone         (const char       *tzid);

G_END_DECLS
