/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-test-util.h"

char *
crm_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("smart-crm-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
crm_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        crm_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
crm_test_data_path (const char *name)
{
  const char *root = g_getenv ("SMART_CRM_SOURCE_DIR");

  return g_build_filename (root ? root : "..", "tests", "data", name, NULL);
}

GInputStream *
crm_test_stream_for_text (const char *text)
{
  return g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
}

void
crm_test_unref0 (gpointer object)
{
  if (object)
    g_object_unref (object);
}

guint
crm_test_count_lines (const char *text,
                      const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    n += strcmp (lines[i], line) == 0;
  return n;
}
