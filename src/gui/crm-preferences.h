/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The language model settings: the Gemini key (kept in the keyring, never
 * shown back), the model and when to ask it. */
#define CRM_TYPE_PREFERENCES (crm_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CrmPreferences, crm_preferences, CRM, PREFERENCES, AdwPreferencesWindow)

/* settings: (nullable): without the schema the model rows are disabled. */
CrmPreferences *crm_preferences_new (GtkWindow *parent,
                                     GSettings *settings);

G_END_DECLS
