/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-line-reader.h"

/* Turns physical lines into content lines (RFC 6350 §3.2, RFC 5545 §3.1):
 * unfolds before anything looks at the bytes, so a fold inside a UTF-8
 * character heals, and repairs what real programs write: CR CR LF and mixed
 * line ends, a byte-order mark, blank lines, vCard 2.1 quoted-printable soft
 * breaks, and values continued on raw lines with no leading space. */

#define CHUNK_SIZE (64 * 1024)
/* A line this long that is followed by a raw line was most likely folded by
 * a program that forgot the space (RFC lines fold at 75 octets). */
#define FOLD_WIDTH 73

struct _CrmLineReader
{
  GInputStream *stream;
  char *buf;
  gsize buf_len;
  gsize buf_pos;
  gboolean eof;
  gboolean started;
  guint64 offset;       /* bytes taken from the stream and used */
  guint phys_no;        /* number of the last physical line read */
  GString *ahead;       /* the physical line after the current content line */
  guint ahead_no;
  gboolean have_ahead;
  GString *line;        /* the content line handed out */
  char *converted;
  CrmLineText text;
};

CrmLineReader *
crm_line_reader_new (GInputStream *stream)
{
  CrmLineReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  self = g_new0 (CrmLineReader, 1);
  self->stream = g_object_ref (stream);
  self->buf = g_malloc (CHUNK_SIZE);
  self->ahead = g_string_sized_new (256);
  self->line = g_string_sized_new (256);
  return self;
}

void
crm_line_reader_free (CrmLineReader *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->stream);
  g_free (self->buf);
  g_free (self->converted);
  g_string_free (self->ahead, TRUE);
  g_string_free (self->line, TRUE);
  g_free (self);
}

static gboolean
fill (CrmLineReader  *self,
      GCancellable   *cancellable,
      GError        **error)
{
  gssize n = g_input_stream_read (self->stream, self->buf, CHUNK_SIZE, cancellable, error);

  if (n < 0)
    return FALSE;
  self->buf_len = n;
  self->buf_pos = 0;
  self->eof = n == 0;
  if (!self->started && n >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
    {
      self->buf_pos = 3;
      self->offset += 3;
    }
  self->started = TRUE;
  return TRUE;
}

/* g_string_append_len() without its checks and overlap handling, and
 * without a call when the line fits: it runs for every line. Leaves the
 * string unterminated. */
static inline void
append_bytes (GString    *into,
              const char *bytes,
              gsize       n)
{
  gsize len = into->len;

  if (len + n >= into->allocated_len)
    g_string_set_size (into, len + n);
  memcpy (into->str + len, bytes, n);
  into->len = len + n;
}

/* Reads one physical line into @into without its line end. FALSE at the end
 * of the stream (error unset) or on error. */
static gboolean
read_physical (CrmLineReader  *self,
               GString        *into,
               GCancellable   *cancellable,
               GError        **error)
{
  gboolean got = FALSE;
  gsize len;

  into->len = 0;
  into->str[0] = '\0';
  for (;;)
    {
      const char *start, *nl;
      gsize avail;

      if (self->buf_pos == self->buf_len)
        {
          if (self->eof || !fill (self, cancellable, error))
            return FALSE;
          if (self->eof)
            break;
        }
      start = self->buf + self->buf_pos;
      avail = self->buf_len - self->buf_pos;
      nl = memchr (start, '\n', avail);
      got = TRUE;
      if (nl)
        {
          append_bytes (into, start, nl - start);
          self->buf_pos += nl - start + 1;
          self->offset += nl - start + 1;
          break;
        }
      append_bytes (into, start, avail);
      self->buf_pos = self->buf_len;
      self->offset += avail;
    }
  if (!got)
    return FALSE;
  len = into->len;
  while (len > 0 && into->str[len - 1] == '\r')
    len--;
  into->len = len;
  into->str[len] = '\0';
  self->phys_no++;
  return TRUE;
}

/* "NAME:", "NAME;", "group.NAME:", or a bare upper-case NAME whose colon
 * was folded onto the next line (Mozilla Calendar 1.0 does that). */
static gboolean
looks_like_property (const char *s)
{
  const char *p = s;

  while (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
    p++;
  if (p == s)
    return FALSE;
  if (*p == ':' || *p == ';')
    return TRUE;
  if (*p != '\0' || p - s < 2)
    return FALSE;
  for (const char *q = s; q < p; q++)
    if (g_ascii_islower (*q))
      return FALSE;
  return TRUE;
}

/* g_ascii_strncasecmp (s, upper, strlen (upper)) == 0, inlined. */
static inline gboolean
has_prefix_caseless (const char *s,
                     const char *upper)
{
  for (; *upper; s++, upper++)
    if ((*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s) != *upper)
      return FALSE;
  return TRUE;
}

static gboolean
is_begin_or_end (const char *s)
{
  /* The first letter turns most lines away. */
  switch (*s)
    {
    case 'B': case 'b':
      return has_prefix_caseless (s, "BEGIN:");
    case 'E': case 'e':
      return has_prefix_caseless (s, "END:");
    default:
      return FALSE;
    }
}

/* vCard 2.1: "NOTE;ENCODING=QUOTED-PRINTABLE:abc=" goes on, unindented, on
 * the next line. */
static gboolean
ends_with_soft_break (GString *line)
{
  const char *colon;

  if (line->len == 0 || line->str[line->len - 1] != '=')
    return FALSE;
  colon = memchr (line->str, ':', line->len);
  if (colon == NULL)
    return FALSE;
  for (const char *p = line->str; p + 16 <= colon; p++)
    if (g_ascii_strncasecmp (p, "QUOTED-PRINTABLE", 16) == 0)
      return TRUE;
  return FALSE;
}

/* Folds the lines after the current one into it; stops at the next line
 * that starts a property, which stays ahead. */
static gboolean
gather (CrmLineReader  *self,
        GCancellable   *cancellable,
        GError        **error)
{
  gsize last_len = self->line->len;
  guint blanks = 0;
  gboolean raw_ok = !is_begin_or_end (self->line->str);

  while (read_physical (self, self->ahead, cancellable, error))
    {
      const char *s = self->ahead->str;

      if (self->ahead->len == 0)
        blanks++;
      else if (s[0] == ' ' || s[0] == '\t')
        g_string_append_len (self->line, s + 1, self->ahead->len - 1);
      else if (blanks == 0 && ends_with_soft_break (self->line) && !is_begin_or_end (s))
        {
          g_string_truncate (self->line, self->line->len - 1);
          g_string_append_len (self->line, s, self->ahead->len);
        }
      else if (raw_ok && !looks_like_property (s))
        {
          /* A raw line break inside a value (Exchange), kept as the
           * escaped newline it should have been; or a fold without its
           * space after a full-width line. */
          if (blanks > 0 || last_len < FOLD_WIDTH)
            for (guint i = 0; i <= blanks; i++)
              g_string_append (self->line, "\\n");
          g_string_append_len (self->line, s, self->ahead->len);
        }
      else
        {
          self->have_ahead = TRUE;
          self->ahead_no = self->phys_no;
          return TRUE;
        }
      if (self->ahead->len > 0)
        blanks = 0;
      last_len = self->ahead->len;
    }
  return error == NULL || *error == NULL;
}

/* Bytes 1 to 127, eight at a time: most lines are plain ASCII, and for them
 * this is much quicker than g_utf8_validate_len(). NUL is not, as there. */
static gboolean
is_ascii (const char *s,
          gsize       len)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  guint64 w;

  if (len < 8)
    {
      for (; i < len; i++)
        if (s[i] == '\0' || (guchar) s[i] >= 0x80)
          return FALSE;
      return TRUE;
    }
  /* The last word may overlap the one before it. */
  for (;; i += 8)
    {
      if (i + 8 > len)
        i = len - 8;
      memcpy (&w, s + i, 8);
      /* A byte >= 0x80, or a zero byte. */
      if ((w | ((w - ones) & ~w)) & highs)
        return FALSE;
      if (i + 8 == len)
        return TRUE;
    }
}

/* Makes the content line UTF-8: Windows-1252 when it holds no UTF-8 at all
 * (old Mozilla and Windows exporters), else UTF-8 with the broken bytes
 * replaced (a feed that lost bytes to '?'). */
static const char *
to_utf8 (CrmLineReader *self,
         gsize         *len)
{
  const char *end = NULL;
  gboolean multibyte = FALSE;

  self->text = CRM_LINE_TEXT_UTF8;
  if (is_ascii (self->line->str, self->line->len) ||
      g_utf8_validate_len (self->line->str, self->line->len, &end))
    {
      *len = self->line->len;
      return self->line->str;
    }
  g_clear_pointer (&self->converted, g_free);
  for (const guchar *p = (const guchar *) self->line->str; *p && !multibyte; p++)
    if (*p >= 0xC2 && *p <= 0xF4)
      {
        gunichar c = g_utf8_get_char_validated ((const char *) p, -1);
        multibyte = c != (gunichar) -1 && c != (gunichar) -2;
      }
  if (!multibyte)
    self->converted = g_convert (self->line->str, self->line->len, "UTF-8", "WINDOWS-1252",
                                 NULL, len, NULL);
  if (!multibyte && self->converted == NULL)
    self->converted = g_convert (self->line->str, self->line->len, "UTF-8", "ISO-8859-1",
                                 NULL, len, NULL);
  if (self->converted)
    {
      self->text = CRM_LINE_TEXT_WINDOWS_1252;
      return self->converted;
    }
  self->text = CRM_LINE_TEXT_REPAIRED;
  self->converted = g_utf8_make_valid (self->line->str, self->line->len);
  *len = strlen (self->converted);
  return self->converted;
}

/**
 * crm_line_reader_next:
 * @len: (out): length of the line
 * @line: (out): number of the physical line it starts on, from 1
 *
 * Returns: (transfer none): the next content line, unfolded, UTF-8, valid
 * until the next call; NULL at the end (error unset) or on a read error
 */
char *
crm_line_reader_next (CrmLineReader  *self,
                      gsize          *len,
                      guint          *line,
                      GCancellable   *cancellable,
                      GError        **error)
{
  GString *swap;

  do
    {
      if (!self->have_ahead)
        {
          if (!read_physical (self, self->ahead, cancellable, error))
            return NULL;
          self->ahead_no = self->phys_no;
        }
      self->have_ahead = FALSE;
      swap = self->line;
      self->line = self->ahead;
      self->ahead = swap;
    }
  while (self->line->len == 0 || g_ascii_isspace (self->line->str[0]));

  *line = self->ahead_no;
  if (!gather (self, cancellable, error))
    return NULL;
  return (char *) to_utf8 (self, len);
}

CrmLineText
crm_line_reader_get_text (CrmLineReader *self)
{
  return self->text;
}

/* Bytes read so far, for progress against the file's size. */
guint64
crm_line_reader_get_offset (CrmLineReader *self)
{
  return self->offset;
}
