/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-contact-details.h"
#include "crm-record-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* The contacts page: a searchable list over the whole store (only the rows
 * on screen are ever built) beside the selected contact's details. */
#define CRM_TYPE_CONTACTS_VIEW (crm_contacts_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactsView, crm_contacts_view, CRM, CONTACTS_VIEW, GtkWidget)

void                crm_contacts_view_set_store      (CrmContactsView *self,
                                                      CrmStore        *store);
/* The query typed in the command bar ("find mar"), shown live over the
 * search entry's; NULL gives the list back to the search entry. */
void                crm_contacts_view_set_live_query (CrmContactsView *self,
                                                      const char      *query);
/* Puts QUERY in the search entry, so it stays. */
void                crm_contacts_view_set_query      (CrmContactsView *self,
                                                      const char      *query);
/* Selects the contact and scrolls to it, clearing a search that hides it. */
gboolean            crm_contacts_view_select         (CrmContactsView *self,
                                                      gint64           id);
gint64              crm_contacts_view_get_selected_id (CrmContactsView *self);
void                crm_contacts_view_focus_search   (CrmContactsView *self);
CrmRecordList      *crm_contacts_view_get_model      (CrmContactsView *self);
GtkSingleSelection *crm_contacts_view_get_selection  (CrmContactsView *self);
GtkListView        *crm_contacts_view_get_list_view  (CrmContactsView *self);
CrmContactDetails  *crm_contacts_view_get_details    (CrmContactsView *self);

G_END_DECLS
