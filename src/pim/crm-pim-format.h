/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRM_PIM_ERROR (crm_pim_error_quark ())

typedef enum
{
  CRM_PIM_ERROR_FORMAT,  /* neither vCard nor iCalendar */
  CRM_PIM_ERROR_ENTRY,   /* one entry could not be read; the others go on */
} CrmPimError;

typedef enum
{
  CRM_PIM_FORMAT_UNKNOWN,
  CRM_PIM_FORMAT_VCARD,
  CRM_PIM_FORMAT_ICALENDAR,
} CrmPimFormat;

GQuark        crm_pim_error_quark          (void);
CrmPimFormat  crm_pim_format_for_name      (const char  *name);
CrmPimFormat  crm_pim_format_sniff         (const char  *head,
                                            gsize        len);
char         *crm_pim_derive_uid           (const char  *text);

G_END_DECLS
