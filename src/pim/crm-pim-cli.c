/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-exporter.h"
#include "crm-importer.h"
#include "crm-pim-cli.h"
#include "crm-pim-format.h"

/* `--import` and `--export`. Everything that stops an import or export (a
 * missing or unreadable file, a name that is neither .vcf nor .ics) exits
 * 1 with a message; 2 stays for command lines that do not parse. */

int
crm_pim_cli_import (CrmStore   *store,
                    const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(CrmImporter) importer = crm_importer_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImportResult) result = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *issues = NULL;

  /* Nothing else reads the store while the command line imports. */
  crm_store_set_sole_user (store);
  result = crm_importer_import (importer, file, NULL, NULL, NULL, NULL, &error);
  if (result == NULL)
    {
      g_printerr (_("Nothing was imported: %s\n"), error->message);
      return 1;
    }
  issues = crm_import_result_dup_issues (result, 0);
  g_printerr ("%s", issues);
  summary = crm_import_result_dup_summary (result);
  g_print ("%s\n", summary);
  return crm_import_result_get_skipped (result)->len > 0 ? 1 : 0;
}

int
crm_pim_cli_export (CrmStore   *store,
                    const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(CrmExporter) exporter = crm_exporter_new (store);
  g_autoptr(GError) error = NULL;
  CrmPimFormat format = crm_pim_format_for_name (path);
  guint count = 0;

  if (!crm_exporter_export (exporter, file, &count, NULL, &error))
    {
      g_printerr (_("Nothing was exported: %s\n"), error->message);
      return 1;
    }
  if (format == CRM_PIM_FORMAT_VCARD)
    g_print (ngettext ("Exported %u contact to %s\n", "Exported %u contacts to %s\n", count), count, path);
  else
    g_print (ngettext ("Exported %u meeting to %s\n", "Exported %u meetings to %s\n", count), count, path);
  return 0;
}
