/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <gtk/gtk.h>
#ifdef BARE_ADW
#include <adwaita.h>
#endif

/* The start-up baseline: the least a GTK 4 application does before its
 * first frame — register, build one window with a label, present it.
 * Built a second time with BARE_ADW, as a libadwaita application, to tell
 * what libadwaita itself costs from what Smart CRM does on top. */

static void
activate_cb (GtkApplication *app,
             gpointer        data)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Bare GTK window");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello"));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
#ifdef BARE_ADW
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("com.example.SmartCRM.BenchBareAdw",
                                                                         G_APPLICATION_NON_UNIQUE));
#else
  g_autoptr(GtkApplication) app = gtk_application_new ("com.example.SmartCRM.BenchBare",
                                                        G_APPLICATION_NON_UNIQUE);
#endif

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
