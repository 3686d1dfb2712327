/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "crm-text.h"

/* The keys the store matches by are what GLib's slow paths give: the fast
 * ASCII paths must not change a single one. */
static const char * const samples[] = {
  "", "a", "Joan Aleric", "JOAN.ALERIC@ACME.COM", "  spaced\tout\n", "Ünïcödé Nàme",
  "İstanbul IŞIK", "ΣΊΣΥΦΟΣ", "Straße", "ﬁnance", "e\xcc\x81tienne", "MiXeD 123 !?",
  "\x7f\x01control", "Zoë O'Brien-Smith", "日本語 テキスト", "I", "ı", "ǅungla",
};

static void
test_strdown_is_glib (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *ours = crm_text_strdown (samples[i]);
      g_autofree char *glib = g_utf8_strdown (samples[i], -1);

      g_assert_cmpstr (ours, ==, glib);
    }
}

static void
test_name_key (void)
{
  g_autofree char *plain = crm_text_name_key ("  Joan   ALERIC ");
  g_autofree char *accents = crm_text_name_key ("José Núñez");
  g_autofree char *mixed = crm_text_name_key ("Zoë O'Brien");

  g_assert_cmpstr (plain, ==, "joan aleric");
  g_assert_cmpstr (accents, ==, "jose nunez");
  g_assert_cmpstr (mixed, ==, "zoe o'brien");
}

static void
test_digits (void)
{
  g_autofree char *digits = crm_text_digits ("+44 (20) 7946-0018 ext. 5");
  g_autofree char *none = crm_text_digits ("no digits here");
  g_autofree char *wide = crm_text_digits ("٣٤ 12");

  g_assert_cmpstr (digits, ==, "442079460018" "5");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (wide, ==, "12");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/strdown-is-glib", test_strdown_is_glib);
  g_test_add_func ("/text/name-key", test_name_key);
  g_test_add_func ("/text/digits", test_digits);
  return g_test_run ();
}
