/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* Six weeks of days, Monday first, each with the meetings on it (title and
 * time); today marked. One focus stop: arrow keys move the selected day,
 * Page Up/Down the month, Home goes to today. Signals: "day-selected"
 * (GDateTime *day, local midnight) on every move, "day-activated" (same)
 * on Enter or Space, and "meeting-activated" (gint64 id). */
#define CRM_TYPE_MONTH_GRID (crm_month_grid_get_type ())
G_DECLARE_FINAL_TYPE (CrmMonthGrid, crm_month_grid, CRM, MONTH_GRID, GtkWidget)

void       crm_month_grid_set_store    (CrmMonthGrid *self,
                                        CrmStore     *store);
/* Shows the month of DAY and marks DAY as selected. */
void       crm_month_grid_set_selected (CrmMonthGrid *self,
                                        GDateTime    *day);
GDateTime *crm_month_grid_get_selected (CrmMonthGrid *self);
void       crm_month_grid_set_today    (CrmMonthGrid *self,
                                        GDateTime    *today);
/* The number of meetings shown, for tests. */
guint      crm_month_grid_get_n_shown  (CrmMonthGrid *self);

G_END_DECLS
