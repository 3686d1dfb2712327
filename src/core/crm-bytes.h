/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Records as plain bytes, for what is kept on disk for a while (an undo
 * step's records, crm-change.c): integers little-endian, a string its
 * length (G_MAXUINT32 for none) then its bytes. Quicker than GVariant,
 * whose building took most of the cost of keeping a big step. */
void     crm_bytes_put_u32 (GByteArray  *out,
                            guint32      v);
void     crm_bytes_put_i64 (GByteArray  *out,
                            gint64       v);
void     crm_bytes_put_str (GByteArray  *out,
                            const char  *s);

/* Reading them back: each call FALSE once the bytes run out. */
typedef struct
{
  const guint8 *at;
  const guint8 *end;
} CrmBytesReader;

gboolean crm_bytes_get_u32 (CrmBytesReader  *in,
                            guint32         *v);
gboolean crm_bytes_get_i64 (CrmBytesReader  *in,
                            gint64          *v);
/* *@s newly allocated, or NULL for none. */
gboolean crm_bytes_get_str (CrmBytesReader  *in,
                            char           **s);
/* The next @len bytes, in place. */
gboolean crm_bytes_get_raw (CrmBytesReader  *in,
                            gsize            len,
                            const guint8   **data);

G_END_DECLS
