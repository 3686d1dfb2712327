/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* `--import FILE` / `--export FILE` as interfaces.md says: by extension,
 * summary on stdout, skipped entries with line numbers on stderr. Return
 * the exit status. */
int crm_pim_cli_import (CrmStore   *store,
                        const char *path);
int crm_pim_cli_export (CrmStore   *store,
                        const char *path);

G_END_DECLS
