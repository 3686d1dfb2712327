/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-line-reader.h"

/* Turns physical lines into content lines (RFC 6350 §3.2, RFC 5545 §3.1):
 * unfolds before anything looks at the bytes, so a fold inside a UTF-8
 * character heals, and repairs what real programs write: CR CR LF and mixed
 * line ends, a byte-order mark, blank lines, vCard 2.1 quoted-printable soft
 * breaks, and values continued on raw lines with no leading space.
 *
 * Lines are handed out where they were read, in the buffer; only a line
 * that is unfolded is copied. */

/* More than the 64 KiB GBufferedInputStream the importer reads through,
 * so that it reads straight into buf instead of copying through its own. */
#define CHUNK_SIZE (128 * 1024)
/* A line this long that is followed by a raw line was most likely folded by
 * a program that forgot the space (RFC lines fold at 75 octets). */
#define FOLD_WIDTH 73

struct _CrmLineReader
{
  GInputStream *stream;
  char *buf;            /* room for buf_size bytes and a NUL */
  gsize buf_size;
  gsize buf_len;
  gsize buf_pos;
  gboolean eof;
  gboolean started;
  guint64 offset;       /* bytes taken from the stream and used */
  guint phys_no;        /* number of the last physical line read */
  gsize ahead_start;    /* the physical line after the current content line, in buf */
  gsize ahead_len;
  guint ahead_no;
  gboolean have_ahead;
  /* The content line handed out: in buf while it is a single physical
   * line, else unfolded into @line. */
  gboolean in_buf;
  gsize line_start;
  gsize line_len;
  GString *line;
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
  self->buf_size = 2 * CHUNK_SIZE;
  self->buf = g_malloc (self->buf_size + 1);
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
  g_string_free (self->line, TRUE);
  g_free (self);
}

/* Reads the next chunk after what buf holds. The bytes before the line
 * being read (and before the content line, when it is in buf) are done
 * with: they make room first. */
static gboolean
fill (CrmLineReader  *self,
      GCancellable   *cancellable,
      GError        **error)
{
  gsize keep = self->in_buf ? MIN (self->line_start, self->buf_pos) : self->buf_pos;
  gssize n;

  if (keep > 0)
    {
      memmove (self->buf, self->buf + keep, self->buf_len - keep);
      self->buf_len -= keep;
      self->buf_pos -= keep;
      if (self->in_buf)
        self->line_start -= keep;
    }
  if (self->buf_size - self->buf_len < CHUNK_SIZE)
    {
      /* A line longer than a chunk. */
      self->buf_size = MAX (2 * self->buf_size, self->buf_len + CHUNK_SIZE);
      self->buf = g_realloc (self->buf, self->buf_size + 1);
    }
  n = g_input_stream_read (self->stream, self->buf + self->buf_len, CHUNK_SIZE, cancellable, error);
  if (n < 0)
    return FALSE;
  if (!self->started && n >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
    {
      self->buf_pos = 3;
      self->offset += 3;
    }
  self->buf_len += n;
  self->eof = n == 0;
  self->started = TRUE;
  return TRUE;
}

/* Finds the next physical line in buf, reading more as needed, and ends it
 * with a NUL in place of its line end; sets @start and @len (in buf).
 * FALSE at the end of the stream (error unset) or on error. */
G_ALWAYS_INLINE static inline gboolean
read_physical (CrmLineReader  *self,
               gsize          *start,
               gsize          *len,
               GCancellable   *cancellable,
               GError        **error)
{
  gsize scanned = 0;    /* from buf_pos, bytes known to hold no newline */
  const char *nl;
  gsize begin, end, next;

  for (;;)
    {
      nl = memchr (self->buf + self->buf_pos + scanned, '\n',
                   self->buf_len - self->buf_pos - scanned);
      if (nl || self->eof)
        break;
      scanned = self->buf_len - self->buf_pos;
      if (!fill (self, cancellable, error))
        return FALSE;
    }
  if (nl)
    {
      end = nl - self->buf;
      next = end + 1;
    }
  else if (self->buf_pos < self->buf_len)
    end = next = self->buf_len;   /* the last line, with no line end */
  else
    return FALSE;
  begin = self->buf_pos;
  self->offset += next - begin;
  self->buf_pos = next;
  while (end > begin && self->buf[end - 1] == '\r')
    end--;
  self->buf[end] = '\0';
  *start = begin;
  *len = end - begin;
  self->phys_no++;
  return TRUE;
}

/* A letter, digit, '-', '_' or '.': a table lookup, as every line's name
 * goes through it. */
static inline gboolean
is_name_char (char c)
{
  static const guint32 bits[8] = {
    0, 0x03FF6000,      /* '-' '.' '0'-'9' */
    0x87FFFFFE,         /* 'A'-'Z' '_' */
    0x07FFFFFE,         /* 'a'-'z' */
  };
  guchar u = c;

  return (bits[u >> 5] >> (u & 31)) & 1;
}

/* "NAME:", "NAME;", "group.NAME:", or a bare upper-case NAME whose colon
 * was folded onto the next line (Mozilla Calendar 1.0 does that). */
static gboolean
looks_like_property (const char *s)
{
  const char *p = s;

  while (is_name_char (*p))
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

static inline gboolean
is_begin_or_end (const char *s)
{
  /* The first letter turns most lines away. */
  switch (*s)
    {
    case 'B': case 'b':
      return crm_has_prefix_caseless (s, "BEGIN:");
    case 'E': case 'e':
      return crm_has_prefix_caseless (s, "END:");
    default:
      return FALSE;
    }
}

/* vCard 2.1: "NOTE;ENCODING=QUOTED-PRINTABLE:abc=" goes on, unindented, on
 * the next line. */
static gboolean
ends_with_soft_break (const char *line,
                      gsize       len)
{
  const char *colon;

  if (len == 0 || line[len - 1] != '=')
    return FALSE;
  colon = memchr (line, ':', len);
  if (colon == NULL)
    return FALSE;
  for (const char *p = line; p + 16 <= colon; p++)
    if (g_ascii_strncasecmp (p, "QUOTED-PRINTABLE", 16) == 0)
      return TRUE;
  return FALSE;
}

static const char *
line_str (CrmLineReader *self)
{
  return self->in_buf ? self->buf + self->line_start : self->line->str;
}

static gsize
line_len (CrmLineReader *self)
{
  return self->in_buf ? self->line_len : self->line->len;
}

/* g_string_append_len() without its checks and overlap handling, and
 * without a call when the text fits. */
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
  into->str[into->len] = '\0';
}

/* Adds to the content line, which from then on is a copy. */
static void
append_to_line (CrmLineReader *self,
                const char    *bytes,
                gsize          n)
{
  if (self->in_buf)
    {
      g_string_truncate (self->line, 0);
      append_bytes (self->line, self->buf + self->line_start, self->line_len);
      self->in_buf = FALSE;
    }
  append_bytes (self->line, bytes, n);
}

/* Drops the last byte of the content line. */
static void
chop_line (CrmLineReader *self)
{
  if (self->in_buf)
    self->buf[self->line_start + --self->line_len] = '\0';
  else
    g_string_truncate (self->line, self->line->len - 1);
}

/* Folds the lines after the current one into it; stops at the next line
 * that starts a property, which stays ahead. */
static gboolean
gather (CrmLineReader  *self,
        GCancellable   *cancellable,
        GError        **error)
{
  gsize last_len = line_len (self);
  guint blanks = 0;
  gboolean raw_ok = !is_begin_or_end (line_str (self));
  gsize start, len;

  while (read_physical (self, &start, &len, cancellable, error))
    {
      /* Valid until the next read, which may move buf. */
      const char *s = self->buf + start;

      if (len == 0)
        blanks++;
      else if (s[0] == ' ' || s[0] == '\t')
        append_to_line (self, s + 1, len - 1);
      else if (blanks == 0 && ends_with_soft_break (line_str (self), line_len (self)) &&
               !is_begin_or_end (s))
        {
          chop_line (self);
          append_to_line (self, s, len);
        }
      else if (raw_ok && !looks_like_property (s))
        {
          /* A raw line break inside a value (Exchange), kept as the
           * escaped newline it should have been; or a fold without its
           * space after a full-width line. */
          if (blanks > 0 || last_len < FOLD_WIDTH)
            for (guint i = 0; i <= blanks; i++)
              append_to_line (self, "\\n", 2);
          append_to_line (self, s, len);
        }
      else
        {
          self->have_ahead = TRUE;
          self->ahead_start = start;
          self->ahead_len = len;
          self->ahead_no = self->phys_no;
          return TRUE;
        }
      if (len > 0)
        blanks = 0;
      last_len = len;
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
static char *
to_utf8 (CrmLineReader *self,
         gsize         *len)
{
  char *str = (char *) line_str (self);
  gsize str_len = line_len (self);
  const char *end = NULL;
  gboolean multibyte = FALSE;

  self->text = CRM_LINE_TEXT_UTF8;
  if (is_ascii (str, str_len) || g_utf8_validate_len (str, str_len, &end))
    {
      *len = str_len;
      return str;
    }
  g_clear_pointer (&self->converted, g_free);
  for (const guchar *p = (const guchar *) str; *p && !multibyte; p++)
    if (*p >= 0xC2 && *p <= 0xF4)
      {
        gunichar c = g_utf8_get_char_validated ((const char *) p, -1);
        multibyte = c != (gunichar) -1 && c != (gunichar) -2;
      }
  if (!multibyte)
    self->converted = g_convert (str, str_len, "UTF-8", "WINDOWS-1252", NULL, len, NULL);
  if (!multibyte && self->converted == NULL)
    self->converted = g_convert (str, str_len, "UTF-8", "ISO-8859-1", NULL, len, NULL);
  if (self->converted)
    {
      self->text = CRM_LINE_TEXT_WINDOWS_1252;
      return self->converted;
    }
  self->text = CRM_LINE_TEXT_REPAIRED;
  self->converted = g_utf8_make_valid (str, str_len);
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
  do
    {
      if (!self->have_ahead)
        {
          /* The line handed out last is done with. */
          self->in_buf = FALSE;
          if (!read_physical (self, &self->ahead_start, &self->ahead_len, cancellable, error))
            return NULL;
          self->ahead_no = self->phys_no;
        }
      self->have_ahead = FALSE;
      self->in_buf = TRUE;
      self->line_start = self->ahead_start;
      self->line_len = self->ahead_len;
    }
  while (self->line_len == 0 || g_ascii_isspace (self->buf[self->line_start]));

  *line = self->ahead_no;
  if (!gather (self, cancellable, error))
    return NULL;
  return to_utf8 (self, len);
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
