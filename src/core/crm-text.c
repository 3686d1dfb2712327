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

/* What g_unichar_isspace () says of an ASCII character: Unicode calls
 * neither '\v' nor the separators 0x1C to 0x1F spaces. */
static inline gboolean
is_ascii_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* g_ascii_tolower () without its call. */
static inline char
ascii_tolower (char c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* crm_text_name_key () of ASCII text in one pass and one allocation: no
 * ASCII character is a mark, and lower case is g_ascii_tolower (). */
static char *
name_key_ascii (const char *text)
{
  char *out = g_malloc (strlen (text) + 1);
  char *o = out;
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (is_ascii_space (*p))
        {
          space = o > out;
          continue;
        }
      if (space)
        *o++ = ' ';
      space = FALSE;
      *o++ = ascii_tolower (*p);
    }
  *o = '\0';
  return out;
}

static void
append_collapsed (GString    *out,
                  const char *text)
{
  gboolean space = FALSE;

  for (const char *p = text; *p;)
    {
      /* Most characters of most names are ASCII, taken as bytes. */
      gboolean ascii = (guchar) *p < 0x80;
      gunichar c = ascii ? (guchar) *p : g_utf8_get_char (p);
      const char *next = ascii ? p + 1 : g_utf8_next_char (p);

      if (ascii ? is_ascii_space (c) : g_unichar_isspace (c))
        space = out->len > 0;
      else if (ascii || !g_unichar_ismark (c))
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_len (out, p, next - p);
        }
      p = next;
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
  /* Most names: ASCII is valid UTF-8, and needs no tables. */
  if (is_ascii_plain (text))
    return name_key_ascii (text);
  valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  folded = g_utf8_casefold (decomposed ? decomposed : valid, -1);
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
crm_text_fts_prefix_query (const char *text)
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
          g_string_append_printf (out, "%s\"%s\"*", out->len ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return out->len ? g_strdup (out->str) : NULL;
}

/* The words of @text as a name key, in order. */
static GPtrArray *
key_words (const char *text)
{
  g_autofree char *key = crm_text_name_key (text);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = key;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          start = start ? start : p;
          continue;
        }
      if (start)
        g_ptr_array_add (words, g_strndup (start, p - start));
      start = NULL;
      if (c == 0)
        return words;
    }
}

gboolean
crm_text_has_words (const char *text,
                    const char *words)
{
  g_autoptr(GPtrArray) have = key_words (text ? text : "");
  g_autoptr(GPtrArray) wanted = key_words (words ? words : "");

  for (guint i = 0; i < wanted->len; i++)
    if (!g_ptr_array_find_with_equal_func (have, g_ptr_array_index (wanted, i), g_str_equal, NULL))
      return FALSE;
  return wanted->len > 0;
}

char *
crm_text_digits (const char *text)
{
  const char *p = text ? text : "";
  char *out = g_malloc (strlen (p) + 1);
  char *o = out;

  for (; *p; p++)
    if (g_ascii_isdigit (*p))
      *o++ = *p;
  *o = '\0';
  return out;
}

/**
 * crm_text_strdown:
 *
 * g_utf8_strdown (@text, -1), without its two passes through the Unicode
 * tables when @text is ASCII. Text with a capital I takes the slow way
 * too: in a Turkish or Azeri locale g_utf8_strdown () makes it a dotless ı,
 * and the result must not depend on which way was taken.
 *
 * Returns: (transfer full): @text in lower case
 */
char *
crm_text_strdown (const char *text)
{
  gsize len;
  char *out;

  g_return_val_if_fail (text != NULL, NULL);

  for (len = 0; text[len]; len++)
    if ((guchar) text[len] >= 0x80 || text[len] == 'I')
      return g_utf8_strdown (text, -1);
  out = g_malloc (len + 1);
  for (gsize i = 0; i <= len; i++)
    out[i] = ascii_tolower (text[i]);
  return out;
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
