/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema, one migration per version: migrations[i] takes a database
 * from user_version i to i + 1. Never edit a released step; add one. */
extern const char * const crm_store_migrations[];
extern const guint crm_store_n_migrations;

/* The triggers that keep contacts_fts in step, as of the current version;
 * bulk imports drop them and rebuild the index once. */
extern const char crm_store_contact_index_triggers_drop[];
extern const char crm_store_contact_index_triggers_create[];

G_END_DECLS
