/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRM_TYPE_APPLICATION (crm_application_get_type ())
G_DECLARE_FINAL_TYPE (CrmApplication, crm_application, CRM, APPLICATION, AdwApplication)

/* db: the database file (NULL: the default one); now: a fixed reference time
 * written YYYY-MM-DDTHH:MM:SS (NULL: the clock); offline: never ask Gemini. */
CrmApplication *crm_application_new          (const char     *db,
                                              const char     *now,
                                              gboolean        offline);
const char     *crm_application_get_db       (CrmApplication *self);
/* Returns: (transfer full): "now" for a command: the fixed time or the clock. */
GDateTime      *crm_application_dup_now      (CrmApplication *self);
/* Returns: (transfer none) (nullable): the fixed "now" of --now. */
GDateTime      *crm_application_get_fixed_now (CrmApplication *self);
gboolean        crm_application_get_offline  (CrmApplication *self);
/* Returns: (transfer none) (nullable): the app's settings, NULL when the
 * schema is nowhere to be found. */
GSettings      *crm_application_get_settings (CrmApplication *self);

/* Sets the locale from the environment and binds the text domain: to the
 * installed catalogs, or when running from the build tree (uninstalled) to
 * the ones po/ builds there. */
void            crm_application_setup_i18n   (gboolean        uninstalled);

G_END_DECLS
