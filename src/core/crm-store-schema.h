/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema, one migration per version: migrations[i] takes a database
 * from user_version i to i + 1. Never edit a released step; add one. */
extern const char * const crm_store_migrations[];
extern const guint crm_store_n_migrations;

G_END_DECLS
