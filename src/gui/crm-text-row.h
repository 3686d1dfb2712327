/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRM_TYPE_TEXT_ROW (crm_text_row_get_type ())
G_DECLARE_FINAL_TYPE (CrmTextRow, crm_text_row, CRM, TEXT_ROW, AdwPreferencesRow)

/* The text as edited; set_text shows stored text, not an edit. */
char       *crm_text_row_dup_text (CrmTextRow *self);
void        crm_text_row_set_text (CrmTextRow *self,
                                   const char *text);
gboolean    crm_text_row_is_edited (CrmTextRow *self);
/* set_text, unless the text being edited there has the focus. */
void        crm_text_row_update   (CrmTextRow *self,
                                   const char *text);
GtkTextView *crm_text_row_get_view (CrmTextRow *self);

G_END_DECLS
