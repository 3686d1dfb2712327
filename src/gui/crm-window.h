/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-application.h"
#include "crm-calendar-view.h"
#include "crm-change.h"
#include "crm-command-bar.h"
#include "crm-contacts-view.h"
#include "crm-history.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_WINDOW (crm_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmWindow, crm_window, CRM, WINDOW, AdwApplicationWindow)

CrmWindow       *crm_window_new                (CrmApplication *app);
CrmStore        *crm_window_get_store          (CrmWindow      *self);
CrmHistory      *crm_window_get_history        (CrmWindow      *self);
CrmCommandBar   *crm_window_get_command_bar    (CrmWindow      *self);
CrmContactsView *crm_window_get_contacts_view  (CrmWindow      *self);
CrmCalendarView *crm_window_get_calendar_view  (CrmWindow      *self);
/* "contacts" or "calendar" */
void             crm_window_set_view           (CrmWindow      *self,
                                                const char     *name);
const char      *crm_window_get_view           (CrmWindow      *self);

/* Carries out a command built by the window itself (a delete button, a
 * picked candidate) through the same queue as the bar. */
void             crm_window_execute            (CrmWindow      *self,
                                                CrmCommand     *command,
                                                gint64          choice);
/* An edit made in a details pane: pushed on the history, with a toast that
 * offers Undo. */
void             crm_window_record_change      (CrmWindow      *self,
                                                CrmChange      *change,
                                                const char     *message);
void             crm_window_show_error         (CrmWindow      *self,
                                                const char     *message);
/* Imports @file into the window's records, as Import… in the menu does
 * once a file is chosen: a progress dialog with Cancel, then a toast with
 * Undo, and a dialog listing the entries skipped and the warnings, if any. */
void             crm_window_import_file        (CrmWindow      *self,
                                                GFile          *file);
/* Exports every contact (.vcf) or meeting (.ics) to @file, as Export… in
 * the menu does once a file is chosen: the command bar says so meanwhile,
 * then a toast says how many. */
void             crm_window_export_file        (CrmWindow      *self,
                                                GFile          *file);
/* A toast whose button undoes or redoes the last step: the one before
 * loses its button, as this one does when an undo or redo begins. */
void             crm_window_show_step_toast    (CrmWindow      *self,
                                                AdwToast       *toast);

G_END_DECLS
