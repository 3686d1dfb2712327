/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-contact.h"

G_BEGIN_DECLS

/* vCard 3.0 (RFC 2426): what Google, Apple, Outlook, Thunderbird and GNOME
 * Contacts all read, and what crm_vcard_reader reads back. */
void  crm_vcard_write_contact  (GString     *out,
                                CrmContact  *contact);

/* Appends "NAME:value" folded at 75 octets, never inside a UTF-8
 * character, with its CRLF. Shared with the iCalendar writer. */
void  crm_pim_append_folded    (GString     *out,
                                const char  *line,
                                gssize       len);
/* TEXT escaping of RFC 6350 §3.4 / RFC 5545 §3.3.11. */
void  crm_pim_append_escaped   (GString     *out,
                                const char  *text);

G_END_DECLS
