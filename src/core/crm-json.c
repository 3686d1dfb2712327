/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-json"

#include "config.h"

#include "crm-json.h"

static void
append_escaped_char (GString  *out,
                     gunichar  c)
{
  switch (c)
    {
    case '"': g_string_append (out, "\\\""); break;
    case '\\': g_string_append (out, "\\\\"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\t': g_string_append (out, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
}

/* Writes VALUE as a JSON string. Bytes that are not UTF-8 become U+FFFD so the
 * line stays valid JSON whatever was typed. */
void
crm_json_append_string (GString    *out,
                        const char *value)
{
  const char *p = value;

  g_string_append_c (out, '"');
  while (*p)
    {
      guchar b = (guchar) *p;

      if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\')
        {
          g_string_append_c (out, (char) b);
          p++;
          continue;
        }

      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          continue;
        }
      append_escaped_char (out, c);
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

void
crm_json_append_member (GString    *out,
                        gboolean   *first,
                        const char *name)
{
  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  crm_json_append_string (out, name);
  g_string_append (out, ": ");
}

void
crm_json_append_string_member (GString    *out,
                               gboolean   *first,
                               const char *name,
                               const char *value)
{
  if (value == NULL)
    return;
  crm_json_append_member (out, first, name);
  crm_json_append_string (out, value);
}

void
crm_json_append_datetime (GString   *out,
                          GDateTime *value)
{
  g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02d\"",
                          g_date_time_get_year (value),
                          g_date_time_get_month (value),
                          g_date_time_get_day_of_month (value),
                          g_date_time_get_hour (value),
                          g_date_time_get_minute (value),
                          g_date_time_get_second (value));
}

/**
 * crm_datetime_to_local_iso:
 * Returns: (transfer full): VALUE as local wall-clock time, YYYY-MM-DDTHH:MM:SS.
 */
char *
crm_datetime_to_local_iso (GDateTime *value)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (value);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
}
