/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fresh temporary directory for one test, removed with its contents. */
char *crm_test_make_dir    (void);
void  crm_test_remove_dir  (const char *dir);

/* tests/data/NAME in the source tree. */
char         *crm_test_data_path       (const char *name);
/* A stream over a copy of TEXT. */
GInputStream *crm_test_stream_for_text (const char *text);
/* g_object_unref() that takes NULL, for arrays holding skipped entries. */
void          crm_test_unref0          (gpointer    object);
/* How many of TEXT's CRLF-separated lines are LINE exactly. */
guint         crm_test_count_lines     (const char *text,
                                        const char *line);

G_END_DECLS
