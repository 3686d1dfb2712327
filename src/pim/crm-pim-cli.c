/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include "crm-pim-cli.h"

/* Placeholder until vCard and iCalendar support lands. */

int
crm_pim_cli_import (CrmStore   *store,
                    const char *path)
{
  g_printerr ("Importing is not available yet.\n");
  return 2;
}

int
crm_pim_cli_export (CrmStore   *store,
                    const char *path)
{
  g_printerr ("Exporting is not available yet.\n");
  return 2;
}
