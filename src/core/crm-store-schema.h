/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema, one migration per version: migrations[i] takes a database
 * from user_version i to i + 1. Never edit a released step; add one. */
extern const char * const crm_store_migrations[];
extern const guint crm_store_n_migrations;

/* What a bulk import drops (contacts_fts's triggers, indexes unread during
 * an import) and creates again at its end, as of the current version. */
extern const char crm_store_contact_bulk_drop[];
extern const char crm_store_contact_bulk_indexes[];
extern const char crm_store_contact_index_triggers[];
/* The UNIQUE indexes of UIDs and email keys alone (IF NOT EXISTS), and
 * their drop, which a bulk import may add to the above. */
extern const char crm_store_contact_unique_indexes[];
extern const char crm_store_contact_unique_drop[];
/* The spacing of contacts' places in name order (contact_order.sort_key,
 * see crm-store-contacts.c). Small on purpose: the search index stores
 * the differences between the keys of its matches, and at a gap of 2^30
 * each took five bytes rather than two, making the index half as big
 * again and a million-contact import's search index 1.5 s slower to
 * build. Ten halvings of room at a spot is still plenty between
 * respreads. */
#define CRM_STORE_SORT_GAP 1024

/* The rest of a bulk import's end, in this order after the indexes:
 * every contact's place in name order, then the search index. */
extern const char crm_store_contact_bulk_numbering[];
extern const char crm_store_contact_bulk_index_fill[];

/* The writer's page cache: for ordinary writes, and for a bulk write's
 * end, which sorts (crm-store-schema.c says why it is smaller). */
extern const char crm_store_writer_cache[];
extern const char crm_store_sorting_cache[];

G_END_DECLS
