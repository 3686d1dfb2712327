/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-contact.h"
#include "crm-import-result.h"

G_BEGIN_DECLS

#define CRM_TYPE_VCARD_READER (crm_vcard_reader_get_type ())
G_DECLARE_FINAL_TYPE (CrmVcardReader, crm_vcard_reader, CRM, VCARD_READER, GObject)

/* Warnings about cards that are read (a line left out, a repaired value)
 * go to @result; a card that cannot be read is an error of the call. */
CrmVcardReader *crm_vcard_reader_new        (GInputStream     *stream,
                                             CrmImportResult  *result);
CrmContact     *crm_vcard_reader_next       (CrmVcardReader   *self,
                                             guint            *line,
                                             GCancellable     *cancellable,
                                             GError          **error);
guint64         crm_vcard_reader_get_offset (CrmVcardReader   *self);

/* The text of a vCard TEXT value, "\," "\;" "\n" and "\\" undone. */
char           *crm_vcard_unescape          (const char       *text,
                                             gssize            len);

/* One line of a contact's extra-vcard, split. */
gboolean        crm_vcard_split_line        (const char       *line,
                                             char            **name,
                                             char            **types,
                                             char            **value);

G_END_DECLS
