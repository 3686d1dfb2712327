/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-bytes.h"

#define NO_STRING G_MAXUINT32

void
crm_bytes_put_u32 (GByteArray *out,
                   guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

void
crm_bytes_put_i64 (GByteArray *out,
                   gint64      v)
{
  crm_bytes_put_u32 (out, (guint32) ((guint64) v & 0xffffffff));
  crm_bytes_put_u32 (out, (guint32) ((guint64) v >> 32));
}

void
crm_bytes_put_str (GByteArray *out,
                   const char *s)
{
  gsize len = s ? strlen (s) : 0;

  crm_bytes_put_u32 (out, s ? (guint32) len : NO_STRING);
  if (s)
    g_byte_array_append (out, (const guint8 *) s, len);
}

gboolean
crm_bytes_get_raw (CrmBytesReader  *in,
                   gsize            len,
                   const guint8   **data)
{
  if ((gsize) (in->end - in->at) < len)
    return FALSE;
  *data = in->at;
  in->at += len;
  return TRUE;
}

gboolean
crm_bytes_get_u32 (CrmBytesReader *in,
                   guint32        *v)
{
  const guint8 *data;

  if (!crm_bytes_get_raw (in, sizeof *v, &data))
    return FALSE;
  memcpy (v, data, sizeof *v);
  *v = GUINT32_FROM_LE (*v);
  return TRUE;
}

gboolean
crm_bytes_get_i64 (CrmBytesReader *in,
                   gint64         *v)
{
  guint32 low, high;

  if (!crm_bytes_get_u32 (in, &low) || !crm_bytes_get_u32 (in, &high))
    return FALSE;
  *v = (gint64) (((guint64) high << 32) | low);
  return TRUE;
}

gboolean
crm_bytes_get_str (CrmBytesReader  *in,
                   char           **s)
{
  const guint8 *data;
  guint32 len;

  *s = NULL;
  if (!crm_bytes_get_u32 (in, &len))
    return FALSE;
  if (len == NO_STRING)
    return TRUE;
  if (!crm_bytes_get_raw (in, len, &data))
    return FALSE;
  *s = g_strndup ((const char *) data, len);
  return TRUE;
}
