/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-command.h"

static void
test_json_shape (void)
{
  g_autoptr(CrmCommand) c = crm_command_new ("Schedule");
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = g_date_time_new (tz, 2025, 5, 28, 15, 0, 0);
  g_autofree char *json = NULL;

  crm_command_set_intent (c, CRM_INTENT_SCHEDULE_MEETING);
  crm_command_set_confidence (c, 0.97);
  crm_command_set_field (c, CRM_FIELD_TITLE, "Meeting with Joan");
  crm_command_set_field (c, CRM_FIELD_DESCRIPTION, "about \"it\"\n");
  crm_command_set_field (c, CRM_FIELD_LOCATION, "");
  crm_command_set_time (c, CRM_TIME_START, start);
  crm_command_add_attendee (c, "Joan Aleric");
  json = crm_command_to_json (c);
  g_assert_cmpstr (json, ==,
                   "{\"intent\": \"schedule_meeting\", \"confidence\": 0.97, \"source\": \"local\", "
                   "\"fields\": {\"title\": \"Meeting with Joan\", \"start\": \"2025-05-28T15:00:00\", "
                   "\"attendees\": [\"Joan Aleric\"], \"description\": \"about \\\"it\\\"\\n\"}}");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(CrmCommand) c = crm_command_new ("x");
  g_autofree char *json = NULL;

  crm_command_set_field (c, CRM_FIELD_QUERY, "a\xff\xfe" "b\x01");
  crm_command_set_error (c, "Bad");
  json = crm_command_to_json (c);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_nonnull (strstr (json, "\"query\": \"a\xef\xbf\xbd\xef\xbf\xbd" "b\\u0001\""));
  g_assert_nonnull (strstr (json, "\"error\": \"Bad\""));
}

static void
test_intent_names (void)
{
  for (guint i = 0; i < CRM_N_INTENTS; i++)
    {
      CrmIntent back;
      g_assert_true (crm_intent_from_string (crm_intent_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (crm_intent_from_string ("drop_tables", &(CrmIntent){0}));
  g_assert_true (crm_intent_is_destructive (CRM_INTENT_CANCEL_MEETING));
  g_assert_false (crm_intent_is_destructive (CRM_INTENT_ADD_CONTACT));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/command/json-shape", test_json_shape);
  g_test_add_func ("/command/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/command/intent-names", test_intent_names);
  return g_test_run ();
}
