/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "crm-format.h"

static void
assert_recurrence (const char *rrule,
                   const char *expected)
{
  g_autofree char *words = crm_format_recurrence (rrule);

  g_assert_cmpstr (words, ==, expected);
}

/* A repeating meeting's rule, as the details pane shows it. */
static void
test_recurrence (void)
{
  assert_recurrence ("FREQ=WEEKLY", "Repeats every week");
  assert_recurrence ("FREQ=WEEKLY;BYDAY=MO,WE", "Repeats every week on Monday and Wednesday");
  assert_recurrence ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH,FR;WKST=SU",
                     "Repeats every 2 weeks on Tuesday, Thursday and Friday");
  assert_recurrence ("FREQ=DAILY;INTERVAL=2;COUNT=10", "Repeats every 2 days, 10 times");
  assert_recurrence ("FREQ=DAILY;COUNT=1", "Repeats every day, 1 time");
  assert_recurrence ("FREQ=MONTHLY;BYDAY=-1FR", "Repeats every month on the last Friday");
  assert_recurrence ("FREQ=MONTHLY;BYDAY=2TU", "Repeats every month on the second Tuesday");
  assert_recurrence ("FREQ=MONTHLY;BYMONTHDAY=1,15", "Repeats every month on days 1 and 15");
  assert_recurrence ("FREQ=MONTHLY;BYMONTHDAY=-1", "Repeats every month on the last day");
  assert_recurrence ("FREQ=MONTHLY;BYMONTHDAY=1,-1", "Repeats every month on day 1 and the last day");
  assert_recurrence ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "Repeats every year on day 15 in March");
  assert_recurrence ("freq=yearly", "Repeats every year");
  /* UTC midnight is still the 30th here (TZ=UTC), a date alone anywhere. */
  assert_recurrence ("FREQ=WEEKLY;UNTIL=20260630T000000Z", "Repeats every week, until Tue, Jun 30, 2026");
  assert_recurrence ("FREQ=WEEKLY;UNTIL=20260630", "Repeats every week, until Tue, Jun 30, 2026");
}

/* What it cannot say in words it shows as written; no rule, nothing. */
static void
test_recurrence_as_written (void)
{
  assert_recurrence ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "Repeats (FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1)");
  assert_recurrence ("FREQ=SOMETIMES", "Repeats (FREQ=SOMETIMES)");
  assert_recurrence ("FREQ=WEEKLY;BYDAY=XX", "Repeats (FREQ=WEEKLY;BYDAY=XX)");
  assert_recurrence ("FREQ=WEEKLY;INTERVAL=0", "Repeats (FREQ=WEEKLY;INTERVAL=0)");
  assert_recurrence ("FREQ=WEEKLY;UNTIL=soon", "Repeats (FREQ=WEEKLY;UNTIL=soon)");
  assert_recurrence ("COUNT=3", "Repeats (COUNT=3)");
  assert_recurrence ("garbage", "Repeats (garbage)");
  assert_recurrence ("", NULL);
  assert_recurrence (NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/recurrence", test_recurrence);
  g_test_add_func ("/format/recurrence-as-written", test_recurrence_as_written);
  return g_test_run ();
}
