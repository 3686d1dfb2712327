/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the command-line modes of interfaces.md. Returns the exit status, or
 * -1 when no action option was given and the window should open. */
int crm_cli_main (int    argc,
                  char **argv);

G_END_DECLS
