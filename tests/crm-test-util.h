/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary directory for one test, removed with its contents. */
char *crm_test_make_dir    (void);
void  crm_test_remove_dir  (const char *dir);

G_END_DECLS
