/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-text"

#include "config.h"

#include <string.h>

#include "crm-text.h"

static gboolean
is_ascii_plain (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

static void
append_collapsed (GString    *out,
                  const char *text)
{
  gboolean space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (g_unichar_ismark (c))
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
}

char *
crm_text_name_key (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  if (is_ascii_plain (valid))
    folded = g_ascii_strdown (valid, -1);
  else
    {
      decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
      folded = g_utf8_casefold (decomposed ? decomposed : valid, -1);
    }
  out = g_string_sized_new (strlen (folded));
  append_collapsed (out, folded);
  return g_string_free (out, FALSE);
}

/* Word characters as FTS5's unicode61 tokenizer sees them (roughly):
 * letters and digits; everything else separates. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

char *
crm_text_fts_prefix_query (const char *text,
                           const char *column)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  const char *p;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  for (p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          /* Quoting makes every word a literal: nothing typed can be read
           * as FTS5 syntax (AND, NEAR, column filters). */
          g_string_append_printf (out, "%s%s%s\"%s\"*", out->len ? " " : "",
                                  column ? column : "", column ? ": " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return out->len ? g_strdup (out->str) : NULL;
}

char *
crm_text_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

gboolean
crm_text_is_phone_like (const char *text,
                        guint       min)
{
  guint digits = 0;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-()./", *p))
        return FALSE;
    }
  return digits >= min;
}
