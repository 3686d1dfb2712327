/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/select.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#include "crm-bench.h"

/* Start-up and memory of the real window, under a private Xvfb, measured
 * from outside so the app needs no hook: time runs from spawning the
 * process to the first DAMAGE event on a mapped top-level window — the
 * first frame reaching the screen. The bare GTK window is measured the
 * same way. Memory is VmRSS once it has been steady for a second (the
 * list model reads its ids in a worker after the first frame). */

#define RUNS 11
#define DISPLAY_NAME ":97"

typedef struct
{
  Display *dpy;
  int damage_event;
  char *bus;   /* a private session bus, as a desktop has */
} XScreenWatch;

/* Damage cannot watch input-only windows, and windows may be gone by the
 * time we ask: neither matters here. */
static int
ignore_x_error (Display     *dpy,
                XErrorEvent *event)
{
  return 0;
}

static GSubprocess *
start_xvfb (XScreenWatch *screen)
{
  const char *argv[] = { "Xvfb", DISPLAY_NAME, "-screen", "0", "1280x1024x24", "-nolisten", "tcp", NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *xvfb = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  int error_base;

  XSetErrorHandler (ignore_x_error);
  if (!xvfb)
    {
      g_printerr ("Xvfb did not start: %s\n", error->message);
      return NULL;
    }
  for (guint i = 0; i < 100 && !(screen->dpy = XOpenDisplay (DISPLAY_NAME)); i++)
    g_usleep (50000);
  if (!screen->dpy || !XDamageQueryExtension (screen->dpy, &screen->damage_event, &error_base))
    {
      g_printerr ("No X display with DAMAGE on %s\n", DISPLAY_NAME);
      g_subprocess_force_exit (xvfb);
      g_clear_object (&xvfb);
    }
  return xvfb;
}

static gboolean
next_event (Display *dpy,
            XEvent  *event,
            gint64   deadline)
{
  while (!XPending (dpy))
    {
      int fd = ConnectionNumber (dpy);
      gint64 left = deadline - crm_bench_now_ns ();
      struct timeval tv = { left / 1000000000, (left % 1000000000) / 1000 };
      fd_set fds;

      if (left <= 0)
        return FALSE;
      FD_ZERO (&fds);
      FD_SET (fd, &fds);
      select (fd + 1, &fds, NULL, NULL, &tv);
    }
  XNextEvent (dpy, event);
  return TRUE;
}

/* Nanoseconds from @start to the first damage of a mapped top-level
 * window; -1 on timeout. Damage is watched from creation so that no paint
 * can slip in before the watch. */
static gint64
wait_first_frame (XScreenWatch *screen,
                  gint64  start)
{
  gint64 deadline = start + 30 * G_GINT64_CONSTANT (1000000000);
  g_autoptr(GHashTable) mapped = g_hash_table_new (NULL, NULL);
  XEvent event;

  while (next_event (screen->dpy, &event, deadline))
    {
      if (event.type == CreateNotify)
        XDamageCreate (screen->dpy, event.xcreatewindow.window, XDamageReportNonEmpty);
      else if (event.type == MapNotify)
        g_hash_table_add (mapped, GSIZE_TO_POINTER (event.xmap.window));
      else if (event.type == screen->damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;

          XDamageSubtract (screen->dpy, damage->damage, None, None);
          if (g_hash_table_contains (mapped, GSIZE_TO_POINTER (damage->drawable)))
            return crm_bench_now_ns () - start;
        }
    }
  return -1;
}

/* Without a session bus GLib would spawn dbus-launch in every app it
 * starts, which no desktop does; both apps get this bus instead. */
static GSubprocess *
start_bus (XScreenWatch *screen)
{
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *bus = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_autoptr(GDataInputStream) out = NULL;

  if (!bus)
    {
      g_printerr ("No session bus for the apps: %s\n", error->message);
      return NULL;
    }
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  screen->bus = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
  return bus;
}

/* VmRSS once steady for a second (or after 20 s). */
static double
steady_rss (GPid pid)
{
  double last = -1, mb;
  guint steady = 0;

  for (guint i = 0; i < 200 && steady < 10; i++)
    {
      g_usleep (100000);
      mb = crm_bench_rss_mb (pid);
      steady = ABS (mb - last) < 0.25 ? steady + 1 : 0;
      last = mb;
    }
  return last;
}

/* One launch: ms to the first frame, and the steady RSS when @rss. With
 * @cairo, the child is set up as Smart CRM sets itself up on a machine
 * without a GPU (src/main.c): cairo renderer, no OpenGL. */
static double
launch (XScreenWatch      *screen,
        const char **argv,
        gboolean     cairo,
        double      *rss)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, took;

  g_subprocess_launcher_setenv (launcher, "DISPLAY", DISPLAY_NAME, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "SMART_CRM_NO_KEYRING", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  g_subprocess_launcher_unsetenv (launcher, "GDK_DEBUG");
  if (cairo)
    {
      g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
      g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
    }
  if (screen->bus)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", screen->bus, TRUE);
  XSelectInput (screen->dpy, DefaultRootWindow (screen->dpy), SubstructureNotifyMask);
  XSync (screen->dpy, True);
  start = crm_bench_now_ns ();
  if (!(child = g_subprocess_launcher_spawnv (launcher, argv, &error)))
    {
      g_printerr ("Cannot run %s: %s\n", argv[0], error->message);
      return -1;
    }
  took = wait_first_frame (screen, start);
  if (rss)
    *rss = steady_rss (atoi (g_subprocess_get_identifier (child)));
  g_subprocess_send_signal (child, SIGTERM);
  g_subprocess_wait (child, NULL, NULL);
  XSync (screen->dpy, True);
  return took < 0 ? -1 : took / 1e6;
}

/* The programs launched in turn, round after round (after one round to
 * warm the page cache), so that a machine that speeds up or slows down
 * meanwhile weighs on each alike: medians of their times, and the median
 * of each round's ratio of ours to the bare window's. The bare window runs
 * as GTK sets it up by default (the budget's baseline) and again set up as
 * Smart CRM sets itself up on machines without a GPU (src/main.c): there,
 * the ratio like for like. */
typedef struct
{
  GArray *bare;
  GArray *bare_cairo;
  GArray *adw;
  GArray *ours;
  GArray *ratios;
  GArray *cairo_ratios;
} Startups;

static void
startups_clear (Startups *s)
{
  g_clear_pointer (&s->bare, g_array_unref);
  g_clear_pointer (&s->bare_cairo, g_array_unref);
  g_clear_pointer (&s->cairo_ratios, g_array_unref);
  g_clear_pointer (&s->adw, g_array_unref);
  g_clear_pointer (&s->ours, g_array_unref);
  g_clear_pointer (&s->ratios, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Startups, startups_clear)

static double
median_of (GArray *ms)
{
  return ms->len ? crm_bench_percentile (ms, 0.5) : -1;
}

static void
launch_rounds (XScreenWatch  *screen,
               const char   **bare,
               const char   **adw,
               const char   **ours,
               Startups      *s)
{
  s->bare = g_array_new (FALSE, FALSE, sizeof (double));
  s->bare_cairo = g_array_new (FALSE, FALSE, sizeof (double));
  s->cairo_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  s->adw = g_array_new (FALSE, FALSE, sizeof (double));
  s->ours = g_array_new (FALSE, FALSE, sizeof (double));
  s->ratios = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint round = 0; round <= RUNS; round++)
    {
      double b = launch (screen, bare, FALSE, NULL);
      double c = launch (screen, bare, TRUE, NULL);
      double a = launch (screen, adw, FALSE, NULL);
      double o = launch (screen, ours, FALSE, NULL);
      double r = o / b, rc = o / c;

      if (round == 0 || b <= 0 || c <= 0 || a <= 0 || o <= 0)
        continue;
      g_array_append_val (s->bare, b);
      g_array_append_val (s->bare_cairo, c);
      g_array_append_val (s->cairo_ratios, rc);
      g_array_append_val (s->adw, a);
      g_array_append_val (s->ours, o);
      g_array_append_val (s->ratios, r);
    }
}

static char *
empty_db (const CrmBenchConfig *config)
{
  g_autofree char *path = crm_bench_data_path (config, "empty", 0, "sqlite3");
  const char *argv[] = { BENCH_SMART_CRM, "--db", path, "--list", "contacts", NULL };

  /* The CLI creates the file with its schema. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  return g_steal_pointer (&path);
}

static void
bench_startup (const CrmBenchConfig *config,
               XScreenWatch               *screen)
{
  g_autofree char *db = crm_bench_ensure_db (config, config->startup_contacts);
  const char *bare[] = { BENCH_BARE_WINDOW, NULL };
  const char *bare_adw[] = { BENCH_BARE_ADW_WINDOW, NULL };
  const char *app[] = { BENCH_SMART_CRM, "--offline", "--db", db, NULL };
  g_auto(Startups) s = { 0 };

  if (db == NULL)
    return;
  launch_rounds (screen, bare, bare_adw, app, &s);
  if (s.ratios->len == 0)
    return;
  crm_bench_emit ("startup_bare_gtk_window", median_of (s.bare), "ms", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("startup_bare_gtk_window_cairo_no_gl", median_of (s.bare_cairo), "ms", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("startup_bare_libadwaita_window", median_of (s.adw), "ms", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("startup_smart_crm_100k", median_of (s.ours), "ms", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("startup_ratio_to_bare_gtk", median_of (s.ratios), "x", 1.5, CRM_BETTER_LOWER);
  crm_bench_emit ("startup_ratio_to_bare_gtk_cairo_no_gl", median_of (s.cairo_ratios), "x", -1, CRM_BETTER_LOWER);
}

static void
bench_memory (const CrmBenchConfig *config,
              XScreenWatch               *screen)
{
  g_autofree char *empty = empty_db (config);
  g_autofree char *big = crm_bench_ensure_db (config, config->contacts);
  const char *empty_argv[] = { BENCH_SMART_CRM, "--offline", "--db", empty, NULL };
  const char *big_argv[] = { BENCH_SMART_CRM, "--offline", "--db", big, NULL };
  double rss_empty = -1, rss_big = -1;

  launch (screen, empty_argv, FALSE, &rss_empty);
  if (big)
    launch (screen, big_argv, FALSE, &rss_big);
  if (rss_empty <= 0 || rss_big <= 0)
    return;
  crm_bench_emit ("rss_empty_db", rss_empty, "MiB", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("rss_1m_contacts", rss_big, "MiB", -1, CRM_BETTER_LOWER);
  crm_bench_emit ("rss_1m_over_empty", rss_big - rss_empty, "MiB", 50, CRM_BETTER_LOWER);
}

void
crm_bench_gui (const CrmBenchConfig *config)
{
  XScreenWatch screen = { NULL, 0, NULL };
  g_autoptr(GSubprocess) xvfb = start_xvfb (&screen);
  g_autoptr(GSubprocess) bus = NULL;

  if (!xvfb)
    return;
  bus = start_bus (&screen);
  bench_startup (config, &screen);
  bench_memory (config, &screen);
  XCloseDisplay (screen.dpy);
  g_subprocess_send_signal (xvfb, SIGTERM);
  g_subprocess_wait (xvfb, NULL, NULL);
  if (bus)
    {
      g_subprocess_send_signal (bus, SIGTERM);
      g_subprocess_wait (bus, NULL, NULL);
    }
  g_free (screen.bus);
}
