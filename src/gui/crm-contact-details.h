/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* Everything about one contact, editable in place (Enter or the apply
 * button writes a field), with the meetings they attend. */
#define CRM_TYPE_CONTACT_DETAILS (crm_contact_details_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactDetails, crm_contact_details, CRM, CONTACT_DETAILS, GtkWidget)

void        crm_contact_details_set_store   (CrmContactDetails *self,
                                             CrmStore          *store);
/* Shows the stored contact with this id (0: none). */
void        crm_contact_details_set_id      (CrmContactDetails *self,
                                             gint64             id);
gint64      crm_contact_details_get_id      (CrmContactDetails *self);
CrmContact *crm_contact_details_get_contact (CrmContactDetails *self);
void        crm_contact_details_focus       (CrmContactDetails *self);
/* For tests: the row editing FIELD ("name", "company", "email", …). */
GtkWidget  *crm_contact_details_get_row     (CrmContactDetails *self,
                                             const char        *field);
GtkListBox *crm_contact_details_get_meetings (CrmContactDetails *self);

G_END_DECLS
