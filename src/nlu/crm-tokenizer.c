/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-parser"

#include "config.h"

#include <string.h>

#include "crm-tokenizer.h"

/* The text is split once, left to right, in linear time whatever it holds:
 * every later pass works on these tokens and never rescans the bytes. Emails
 * and phone numbers are recognised here, on the raw bytes, because the word
 * rules would cut them apart ("maria.lopez@acme.com", "+1 (555) 010-0101").
 * Each token keeps a lower-case copy for lexicon lookups and its byte span
 * for the highlighting in the command bar. */

#define APOSTROPHE_RIGHT "\xe2\x80\x99" /* U+2019, what phones type for ' */

static gboolean
is_email_local (guchar c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static gboolean
is_email_domain (guchar c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-';
}

/* An email around the '@' at AT: [*start, *end). */
static gboolean
find_email (const char *text,
            gsize       len,
            gsize       at,
            gsize      *start,
            gsize      *end)
{
  gsize s = at, e = at + 1;
  gboolean dot = FALSE;

  while (s > 0 && is_email_local (text[s - 1]))
    s--;
  while (s < at && text[s] == '.')
    s++;
  while (e < len && is_email_domain (text[e]))
    dot |= text[e++] == '.';
  while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-'))
    e--;
  if (s == at || e == at + 1 || !dot || text[e - 1] == '.' || memchr (text + at + 1, '.', e - at - 1) == NULL)
    return FALSE;
  *start = s;
  *end = e;
  return TRUE;
}

static gboolean
is_phone_char (guchar c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '.' || c == ' ' || c == '(' || c == ')';
}

/* "2025-05-21" is a date, not a phone number. */
static gboolean
looks_like_iso_date (const char *s,
                     gsize       n)
{
  return n == 10 && s[4] == '-' && s[7] == '-' && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[9]);
}

/* A phone number starting at I: 7 to 15 digits with the usual separators,
 * not glued to letters ("3pm") and kept exactly as typed. Sets *end to where
 * scanning stopped, so a rejected run is never rescanned. */
static gboolean
find_phone (const char *text,
            gsize       len,
            gsize       i,
            gsize      *end)
{
  gsize e = i + (text[i] == '+');
  guint digits = 0, groups = 0;

  while (e < len && is_phone_char (text[e]) &&
         !(text[e] == ' ' && (e + 1 >= len || !is_phone_char (text[e + 1]) || text[e + 1] == ' ')))
    {
      if (g_ascii_isdigit (text[e]))
        {
          digits++;
          if (e == i || !g_ascii_isdigit (text[e - 1]))
            groups++;
        }
      e++;
    }
  *end = MAX (e, i + 1);
  while (e > i && !g_ascii_isdigit (text[e - 1]) && text[e - 1] != ')')
    e--;
  if (digits < 7 || digits > 15 || (e < len && (g_ascii_isalpha (text[e]) || text[e] == '@')))
    return FALSE;
  if (looks_like_iso_date (text + i, e - i) || (groups > 4 && text[i] != '+'))
    return FALSE;
  *end = e;
  return TRUE;
}

typedef struct
{
  gsize start;
  gsize end;
  CrmTokenType type;
} Special;

/* Emails and phone numbers, in order, not overlapping. */
static GArray *
find_specials (const char *text,
               gsize       len)
{
  GArray *specials = g_array_new (FALSE, FALSE, sizeof (Special));
  gsize i = 0;

  while (i < len)
    {
      guchar c = text[i];
      gsize s, e;

      if (c == '@' && find_email (text, len, i, &s, &e))
        {
          Special sp = { s, e, CRM_TOKEN_EMAIL };
          /* A phone found inside the local part ("5550101@x.com") goes. */
          while (specials->len > 0 && g_array_index (specials, Special, specials->len - 1).end > s)
            g_array_set_size (specials, specials->len - 1);
          g_array_append_val (specials, sp);
          i = e;
          continue;
        }
      if ((g_ascii_isdigit (c) || c == '+' || c == '(') &&
          (i == 0 || !g_ascii_isalnum (text[i - 1])))
        {
          gboolean found = find_phone (text, len, i, &e);
          if (found)
            {
              Special sp = { i, e, CRM_TOKEN_PHONE };
              g_array_append_val (specials, sp);
            }
          /* Letters glued to a run ("3pm") never start a phone number, so
           * skipping the whole run keeps this linear. */
          i = found ? e : MAX (e, i + 1);
          continue;
        }
      i++;
    }
  return specials;
}

/* Unicode letters and digits (and combining marks) make words. */
static gboolean
is_word_char_at (const char *p,
                 gunichar   *out_c,
                 guint      *out_len)
{
  guchar c = *p;

  if (c < 0x80)
    {
      *out_c = c;
      *out_len = 1;
      return g_ascii_isalnum (c);
    }
  *out_c = g_utf8_get_char (p);
  *out_len = g_utf8_next_char (p) - p;
  return g_unichar_isalnum (*out_c) || g_unichar_ismark (*out_c);
}

static guint
apostrophe_len (const char *p)
{
  if (*p == '\'')
    return 1;
  if (strncmp (p, APOSTROPHE_RIGHT, 3) == 0)
    return 3;
  return 0;
}

typedef struct
{
  CrmTokens *self;
  const char *text;
  gsize len;
} Scan;

static void
add_fold (CrmTokens  *self,
          CrmToken   *tok,
          const char *p,
          gsize       n,
          gboolean    ascii)
{
  tok->fold = self->fold->len;
  if (ascii)
    {
      char *out;

      /* in place and inline: this runs for every character of every
       * command, and g_ascii_tolower is a call through the PLT */
      g_string_set_size (self->fold, tok->fold + n);
      out = self->fold->str + tok->fold;
      for (gsize k = 0; k < n; k++)
        out[k] = p[k] >= 'A' && p[k] <= 'Z' ? p[k] + ('a' - 'A') : p[k];
    }
  else
    {
      g_autofree char *down = g_utf8_strdown (p, n);
      g_string_append (self->fold, down);
    }
  g_string_append_c (self->fold, '\0');
}

/* Where the word starting at I ends. Inner apostrophes join ("O'Brien",
 * "don't") except a possessive 's, which is left off and flagged; inner
 * hyphens join ("e-mail", "30-minute"); a dot joins digits ("1.5"). */
static gsize
scan_word (const Scan *scan,
           gsize       i,
           guint8     *flags,
           gboolean   *ascii)
{
  const char *t = scan->text;
  gsize e = i;
  gunichar c;
  guint n;

  *flags = 0;
  *ascii = TRUE;
  for (;;)
    {
      guint ap;

      while (e < scan->len && is_word_char_at (t + e, &c, &n))
        {
          if (c < 0x80)
            *flags |= g_ascii_isdigit (c) ? CRM_TOKEN_DIGIT : CRM_TOKEN_ALPHA;
          else
            {
              *ascii = FALSE;
              if (g_unichar_isdigit (c))
                *flags |= CRM_TOKEN_DIGIT;
              else if (g_unichar_isalpha (c))
                *flags |= CRM_TOKEN_ALPHA;
            }
          e += n;
        }
      if (e >= scan->len)
        break;
      ap = apostrophe_len (t + e);
      if (ap && (t[e + ap] == 's' || t[e + ap] == 'S') &&
          (e + ap + 1 >= scan->len || !is_word_char_at (t + e + ap + 1, &c, &n)))
        {
          *flags |= CRM_TOKEN_POSSESSIVE;
          break;
        }
      if (ap && e + ap < scan->len && is_word_char_at (t + e + ap, &c, &n) && g_unichar_isalpha (c))
        {
          e += ap;
          continue;
        }
      if (t[e] == '-' && e + 1 < scan->len && is_word_char_at (t + e + 1, &c, &n))
        {
          e++;
          continue;
        }
      if (t[e] == '.' && e > i && g_ascii_isdigit (t[e - 1]) && g_ascii_isdigit (t[e + 1]))
        {
          e++;
          continue;
        }
      break;
    }
  return e;
}

static void
set_case_flags_ascii (CrmTokens *self,
                      CrmToken  *tok)
{
  const char *p = self->text + tok->start;
  gboolean upper = FALSE, lower = FALSE;

  if (g_ascii_isupper (p[0]))
    tok->flags |= CRM_TOKEN_CAPITALISED;
  for (guint k = 0; k < tok->end - tok->start; k++)
    {
      upper |= g_ascii_isupper (p[k]);
      lower |= g_ascii_islower (p[k]);
    }
  self->has_upper |= upper;
  self->has_lower |= lower;
  if (!lower && (tok->flags & CRM_TOKEN_ALPHA))
    tok->flags |= CRM_TOKEN_ALL_CAPS;
}

static void
set_case_flags (CrmTokens *self,
                CrmToken  *tok)
{
  const char *p = self->text + tok->start;
  gunichar first = g_utf8_get_char (p);
  gboolean all_caps = TRUE, any_lower = FALSE;

  if (g_unichar_isupper (first) || (g_unichar_isalpha (first) && !g_unichar_islower (first)))
    tok->flags |= CRM_TOKEN_CAPITALISED;
  for (const char *q = p; q < self->text + tok->end; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);
      if (g_unichar_islower (c))
        all_caps = FALSE, any_lower = TRUE;
      else if (g_unichar_isupper (c))
        self->has_upper = TRUE;
    }
  self->has_lower |= any_lower;
  if (all_caps && (tok->flags & CRM_TOKEN_ALPHA))
    tok->flags |= CRM_TOKEN_ALL_CAPS;
}

static void
add_token (Scan        *scan,
           gsize        start,
           gsize        end,
           CrmTokenType type,
           guint8       flags,
           gboolean     ascii)
{
  CrmToken tok = { 0 };

  tok.start = start;
  tok.end = end;
  tok.type = type;
  tok.flags = flags;
  add_fold (scan->self, &tok, scan->text + start, end - start, ascii);
  if (type == CRM_TOKEN_WORD && ascii)
    set_case_flags_ascii (scan->self, &tok);
  else if (type == CRM_TOKEN_WORD)
    set_case_flags (scan->self, &tok);
  g_array_append_val (scan->self->tokens, tok);
}

static gsize
scan_one (Scan          *scan,
          gsize          i,
          const Special *special)
{
  const char *t = scan->text;
  gunichar c;
  guint n;

  if (special && special->start == i)
    {
      add_token (scan, i, special->end, special->type, CRM_TOKEN_DIGIT, TRUE);
      return special->end;
    }
  if (is_word_char_at (t + i, &c, &n))
    {
      guint8 flags;
      gboolean ascii;
      gsize e = scan_word (scan, i, &flags, &ascii);

      if (special && e > special->start)
        e = special->start;
      add_token (scan, i, e, CRM_TOKEN_WORD, flags, ascii);
      if (flags & CRM_TOKEN_POSSESSIVE)
        e += apostrophe_len (t + e) + 1;
      return e;
    }
  if (!g_unichar_isspace (c) && !g_unichar_iscntrl (c))
    add_token (scan, i, i + n, CRM_TOKEN_PUNCT, 0, n == 1);
  return i + n;
}

/**
 * crm_tokens_new:
 * @text: valid UTF-8
 *
 * Returns: (transfer full): the tokens of @text, each looked up in @lexicon.
 */
CrmTokens *
crm_tokens_new (const char *text,
                CrmLexicon *lexicon)
{
  CrmTokens *self = g_new0 (CrmTokens, 1);
  Scan scan = { self, text, strlen (text) };
  g_autoptr(GArray) specials = find_specials (text, scan.len);
  guint next_special = 0;
  gsize i = 0;

  self->text = text;
  self->tokens = g_array_sized_new (FALSE, FALSE, sizeof (CrmToken), 24);
  self->fold = g_string_sized_new (scan.len + 32);
  while (i < scan.len)
    {
      const Special *sp;

      /* A special the scan stepped past (it cannot, but never loop on it). */
      while (next_special < specials->len && g_array_index (specials, Special, next_special).start < i)
        next_special++;
      sp = next_special < specials->len ? &g_array_index (specials, Special, next_special) : NULL;
      i = scan_one (&scan, i, sp);
    }
  for (guint k = 0; k < self->tokens->len; k++)
    {
      CrmToken *tok = crm_tokens_get (self, k);
      if (tok->type == CRM_TOKEN_WORD)
        tok->lex = crm_lexicon_lookup (lexicon, self->fold->str + tok->fold);
    }
  return self;
}

void
crm_tokens_free (CrmTokens *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->tokens);
  g_string_free (self->fold, TRUE);
  g_free (self);
}

gboolean
crm_tokens_is_punct (const CrmTokens *self,
                     guint            i,
                     char             c)
{
  const CrmToken *tok;

  if (i >= self->tokens->len)
    return FALSE;
  tok = crm_tokens_get (self, i);
  return tok->type == CRM_TOKEN_PUNCT && self->text[tok->start] == c;
}

guint32
crm_tokens_lex_flags (const CrmTokens *self,
                      guint            i)
{
  const CrmToken *tok;

  if (i >= self->tokens->len)
    return 0;
  tok = crm_tokens_get (self, i);
  return tok->lex ? tok->lex->flags : 0;
}

char *
crm_tokens_dup_text (const CrmTokens *self,
                     guint            first,
                     guint            last,
                     gboolean         keep_possessive)
{
  const CrmToken *a, *b;
  guint end;

  if (first >= last || last > self->tokens->len)
    return NULL;
  a = crm_tokens_get (self, first);
  b = crm_tokens_get (self, last - 1);
  end = b->end;
  if (keep_possessive && (b->flags & CRM_TOKEN_POSSESSIVE))
    end += apostrophe_len (self->text + end) + 1;
  return g_strndup (self->text + a->start, end - a->start);
}
