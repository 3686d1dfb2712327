/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-pim-format.h"

G_DEFINE_QUARK (crm-pim-error-quark, crm_pim_error)

/**
 * crm_pim_format_for_name:
 * @name: a file name or path
 *
 * The format a file name's extension promises, ignoring case.
 */
CrmPimFormat
crm_pim_format_for_name (const char *name)
{
  const char *dot;

  g_return_val_if_fail (name != NULL, CRM_PIM_FORMAT_UNKNOWN);

  dot = strrchr (name, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return CRM_PIM_FORMAT_UNKNOWN;
  if (g_ascii_strcasecmp (dot, ".vcf") == 0 || g_ascii_strcasecmp (dot, ".vcard") == 0)
    return CRM_PIM_FORMAT_VCARD;
  if (g_ascii_strcasecmp (dot, ".ics") == 0 || g_ascii_strcasecmp (dot, ".ical") == 0 ||
      g_ascii_strcasecmp (dot, ".icalendar") == 0)
    return CRM_PIM_FORMAT_ICALENDAR;
  return CRM_PIM_FORMAT_UNKNOWN;
}

/**
 * crm_pim_format_sniff:
 * @head: the first bytes of a file
 *
 * The format of a file whose name does not say, from its first BEGIN line:
 * a .txt of vCards still imports.
 */
CrmPimFormat
crm_pim_format_sniff (const char *head,
                      gsize       len)
{
  g_autofree char *text = g_ascii_strdown (head, len);

  if (strstr (text, "begin:vcard"))
    return CRM_PIM_FORMAT_VCARD;
  if (strstr (text, "begin:vcalendar") || strstr (text, "begin:vevent"))
    return CRM_PIM_FORMAT_ICALENDAR;
  return CRM_PIM_FORMAT_UNKNOWN;
}

/**
 * crm_pim_derive_uid:
 * @text: what identifies an entry that came without a UID
 *
 * A UID made from the entry itself, so importing the same file twice
 * updates rather than duplicates. Shaped like a name-based UUID, which
 * other programs accept.
 *
 * Returns: (transfer full): the UID
 */
char *
crm_pim_derive_uid (const char *text)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);

  return g_strdup_printf ("%.8s-%.4s-5%.3s-8%.3s-%.12s", sum, sum + 8, sum + 13, sum + 17, sum + 20);
}
