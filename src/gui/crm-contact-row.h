/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-contact.h"

G_BEGIN_DECLS

/* One line of the contacts list: avatar, name, company and email. */
#define CRM_TYPE_CONTACT_ROW (crm_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactRow, crm_contact_row, CRM, CONTACT_ROW, GtkWidget)

GtkWidget *crm_contact_row_new         (void);
void       crm_contact_row_set_contact (CrmContactRow *self,
                                        CrmContact    *contact);

G_END_DECLS
