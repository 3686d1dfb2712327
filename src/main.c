/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "smart-crm"

#include "config.h"

#include <locale.h>

#include "crm-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  return crm_cli_main (argc, argv);
}
