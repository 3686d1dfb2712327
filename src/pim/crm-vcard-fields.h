/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a person cares about among the vCard properties a contact keeps but
 * does not model (its extra-vcard), in the order they are shown. */
typedef enum
{
  CRM_VCARD_FIELD_NICKNAME,
  CRM_VCARD_FIELD_BIRTHDAY,
  CRM_VCARD_FIELD_ADDRESS,
  CRM_VCARD_FIELD_WEBSITE,
} CrmVcardFieldKind;

typedef struct
{
  CrmVcardFieldKind kind;
  char *types;      /* "home,postal"…, "" for none */
  char *text;       /* as a person reads it; a birthday as written */
} CrmVcardField;

GArray   *crm_vcard_fields_from_extra (const char *extra);
gboolean  crm_vcard_parse_date        (const char *text,
                                       int        *year,
                                       int        *month,
                                       int        *day);

G_END_DECLS
