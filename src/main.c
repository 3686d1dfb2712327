/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "smart-crm"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "crm-cli.h"

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Command-line modes never touch GTK. */
  status = crm_cli_main (argc, argv);
  if (status >= 0)
    return status;
  g_printerr ("The window is not built yet; use --command, --parse or --list.\n");
  return 2;
}
