/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the text of the last line had to be repaired to be UTF-8. */
typedef enum
{
  CRM_LINE_TEXT_UTF8,
  CRM_LINE_TEXT_WINDOWS_1252,  /* read as Windows-1252 / Latin-1 */
  CRM_LINE_TEXT_REPAIRED,      /* broken UTF-8; bad bytes replaced */
} CrmLineText;

/* Content lines of a vCard or iCalendar stream, read in chunks so a file of
 * any size takes the same memory. A plain struct: one per import, on one
 * thread. */
typedef struct _CrmLineReader CrmLineReader;

CrmLineReader *crm_line_reader_new         (GInputStream   *stream);
void           crm_line_reader_free        (CrmLineReader  *self);
char          *crm_line_reader_next        (CrmLineReader  *self,
                                            gsize          *len,
                                            guint          *line,
                                            GCancellable   *cancellable,
                                            GError        **error);
CrmLineText    crm_line_reader_get_text    (CrmLineReader  *self);

/* @s starts with @upper but for the case of ASCII letters: what
 * g_ascii_strncasecmp() does, inlined, as every line is matched with it. */
static inline gboolean
crm_has_prefix_caseless (const char *s,
                         const char *upper)
{
  /* Most bytes compared are equal: that test comes first. */
  for (; *upper; s++, upper++)
    if (*s != *upper && (*upper < 'A' || *upper > 'Z' || *s != *upper - 'A' + 'a'))
      return FALSE;
  return TRUE;
}
guint64        crm_line_reader_get_offset  (CrmLineReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmLineReader, crm_line_reader_free)

G_END_DECLS
