/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long the keyring may take before the answer counts as "no key". */
#define CRM_SECRET_LOOKUP_TIMEOUT_MS 2000

/* The Gemini API key in the user's keyring (Secret Service). */
void      crm_secret_lookup_async  (GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *crm_secret_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

void      crm_secret_store_async   (const char           *api_key,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  crm_secret_store_finish  (GAsyncResult         *result,
                                    GError              **error);

void      crm_secret_clear_async   (GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  crm_secret_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

void      crm_secret_free          (char                 *api_key);


G_END_DECLS
