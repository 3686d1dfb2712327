/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* One SQLite connection and its cache of prepared statements. */
typedef struct
{
  sqlite3 *db;
  GHashTable *statements; /* SQL text (static) → sqlite3_stmt */
  gint64 last_placed;     /* the contact last given a place in name order */
} CrmConn;

/* The connection a read should use: the writer's inside the calling
 * thread's own transaction (to see its uncommitted rows), else the reader's.
 * Always paired with crm_store_release_read. */
CrmConn      *crm_store_acquire_read  (CrmStore     *self);
void          crm_store_release_read  (CrmStore     *self,
                                       CrmConn      *conn);

/* Each write runs in a savepoint inside a transaction (the caller's, or
 * one of its own), so a failed write leaves nothing behind. */
CrmConn      *crm_store_write_begin   (CrmStore     *self,
                                       GError      **error);
gboolean      crm_store_write_end     (CrmStore     *self,
                                       gboolean      ok,
                                       CrmStoreChange change,
                                       GError      **error);

/* The same without the savepoint, inside crm_store_begin_bulk() only: the
 * caller removes what a failed write left. */
CrmConn      *crm_store_write_begin_unguarded (CrmStore   *self);
gboolean      crm_store_write_end_unguarded   (CrmStore   *self,
                                               gboolean    ok,
                                               CrmStoreChange change,
                                               GError    **error);

sqlite3_stmt *crm_conn_prepare        (CrmConn      *conn,
                                       const char   *sql,
                                       GError      **error);
gboolean      crm_conn_step_done      (CrmConn      *conn,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
gboolean      crm_conn_set_error      (CrmConn      *conn,
                                       GError      **error);

void          crm_bind_text           (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *value);
void          crm_bind_text_static    (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *value);
const char   *crm_column_text         (sqlite3_stmt *stmt,
                                       int           index);
/* TRUE when SQL (one id parameter) yields a row; else CRM_STORE_ERROR_NOT_FOUND
 * naming WHAT. */
gboolean      crm_conn_row_exists     (CrmConn      *conn,
                                       const char   *sql,
                                       gint64        id,
                                       const char   *what,
                                       GError      **error);
GArray       *crm_collect_ids         (CrmConn      *conn,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
/* A contact's rows, without foreign keys' help (a bulk import's). */
gboolean      crm_conn_delete_contact_rows (CrmConn  *conn,
                                            gint64    id,
                                            GError  **error);
gint64        crm_store_now_seconds   (void);

/* Runs SQL with one parameter (TEXT when not NULL, else ID) and returns
 * the first column of every row. */
GArray       *crm_store_query_ids     (CrmStore     *self,
                                       const char   *sql,
                                       gint64        id,
                                       const char   *text,
                                       GError      **error);

typedef gpointer (*CrmRowFunc)      (sqlite3_stmt *stmt);
typedef gboolean (*CrmChildrenFunc) (CrmConn      *conn,
                                     gpointer      record,
                                     GError      **error);

/* Runs SQL for one row (one parameter: TEXT when not NULL, else ID), makes
 * the record with FROM_ROW and reads its child rows with CHILDREN. NULL with
 * CRM_STORE_ERROR_NOT_FOUND (and WHAT in the message) when there is none. */
gpointer      crm_store_query_one     (CrmStore        *self,
                                       const char      *sql,
                                       gint64           id,
                                       const char      *text,
                                       CrmRowFunc       from_row,
                                       CrmChildrenFunc  children,
                                       const char      *what,
                                       GError         **error);

typedef gpointer (*CrmStoreGetFunc) (CrmStore  *self,
                                     gint64     id,
                                     GError   **error);

/* The records with these ids, in order, skipping ids with none. */
GPtrArray    *crm_store_collect       (CrmStore        *self,
                                       const gint64    *ids,
                                       guint            n_ids,
                                       CrmStoreGetFunc  get,
                                       GError         **error);
/* The store's own SQL functions (crm_digits, crm_rank), which its
 * migrations and bulk statements use, on another connection. */
void          crm_store_add_sql_functions (sqlite3 *db);

/* TRUE inside crm_store_begin_bulk(): per-row upkeep waits for the end. */
gboolean      crm_store_in_bulk       (CrmStore     *self);
/* In bulk with CRM_STORE_BULK_DEFER_UNIQUE, until the repeats are taken. */
gboolean      crm_store_in_bulk_without_unique (CrmStore *self);
void          crm_store_note_contact  (CrmStore     *self,
                                       gint64        id);

G_END_DECLS
