/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-executor.h"
#include "crm-understanding.h"
#include "crm-window.h"

G_BEGIN_DECLS

struct _CrmWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwViewStack *view_stack;
  CrmContactsView *contacts_view;
  AdwBin *calendar_page;        /* holds the calendar view once built */
  CrmCalendarView *calendar_view; /* NULL until first needed */
  CrmCommandBar *command_bar;
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu;

  CrmStore *store;
  CrmExecutor *executor;
  CrmUnderstanding *understanding;
  CrmHistory *history;
  GSettings *settings;
  GCancellable *cancellable;
  guint wait_id;               /* checks whether a busy file is free yet */
  GDateTime *fixed_now;
  GCancellable *transfer;     /* the import running, if any (an export uses cancellable) */
  AdwToast *step_toast;       /* offering Undo or Redo of the last step (weak) */
};

void crm_window_actions_init       (CrmWindowClass *klass);
void crm_window_accept_dropped_files (CrmWindow *self);
void crm_window_update_undo_state  (CrmWindow      *self);
void crm_window_retire_step_toast (CrmWindow      *self);
void crm_window_install_undo_shortcuts (CrmWindow  *self);

G_END_DECLS
