/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Small, allocation-free JSON writing helpers: the parser prints a line per
 * command at 100,000 commands a second, which a JsonBuilder cannot. */
void crm_json_append_string   (GString    *out,
                               const char *value);
void crm_json_append_member   (GString    *out,
                               gboolean   *first,
                               const char *name);
void crm_json_append_datetime (GString    *out,
                               GDateTime  *value);
/* A member whose value is VALUE; nothing when VALUE is NULL (interfaces.md
 * leaves unknown fields out). */
void crm_json_append_string_member (GString    *out,
                                    gboolean   *first,
                                    const char *name,
                                    const char *value);
char *crm_datetime_to_local_iso (GDateTime *value);

G_END_DECLS
