/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-vcard-fields.h"
#include "crm-vcard-reader.h"

/* The few kept properties the contact details show, read-only: the rest
 * is only written back on export. */

static const struct
{
  const char *name;
  CrmVcardFieldKind kind;
  char separator;   /* between the parts of a structured or list value */
} shown[] = {
  { "NICKNAME", CRM_VCARD_FIELD_NICKNAME, ',' },
  { "BDAY", CRM_VCARD_FIELD_BIRTHDAY, '\0' },
  { "ADR", CRM_VCARD_FIELD_ADDRESS, ';' },
  { "URL", CRM_VCARD_FIELD_WEBSITE, '\0' },
};

static void
field_clear (gpointer data)
{
  CrmVcardField *field = data;

  g_free (field->types);
  g_free (field->text);
}

/* Appends @part unescaped, its line breaks and outer white space gone,
 * after ", " when there is something before it. */
static void
append_part (GString    *out,
             const char *part,
             gsize       len)
{
  g_autofree char *text = crm_vcard_unescape (part, len);
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, lines[i]);
    }
}

/* The value as text: its parts, split at unescaped @separator, joined by
 * ", " with the empty ones left out ("1 Main St, Springfield, IL"). */
static char *
value_text (const char *value,
            char        separator)
{
  GString *out = g_string_new (NULL);
  const char *start = value;

  for (const char *p = value;; p++)
    {
      if (*p == '\\' && p[1])
        {
          p++;
          continue;
        }
      if (*p != '\0' && (separator == '\0' || *p != separator))
        continue;
      append_part (out, start, p - start);
      if (*p == '\0')
        break;
      start = p + 1;
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_kind (GArray            *fields,
          CrmVcardFieldKind  kind)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_array_index (fields, CrmVcardField, i).kind == kind)
      return TRUE;
  return FALSE;
}

static void
add_field (GArray     *fields,
           const char *line)
{
  g_autofree char *name = NULL;
  g_autofree char *types = NULL;
  g_autofree char *value = NULL;

  if (!crm_vcard_split_line (line, &name, &types, &value))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      CrmVcardField field;

      if (strcmp (name, shown[i].name) != 0)
        continue;
      /* A person has one birthday; more BDAYs are the same one written
       * another way (vCard 4.0 ALTID: a date and its text). */
      if (shown[i].kind == CRM_VCARD_FIELD_BIRTHDAY && has_kind (fields, shown[i].kind))
        return;
      field.kind = shown[i].kind;
      field.types = g_steal_pointer (&types);
      field.text = value_text (value, shown[i].separator);
      if (*field.text)
        g_array_append_val (fields, field);
      else
        field_clear (&field);
      return;
    }
}

static int
compare_kind (gconstpointer a,
              gconstpointer b)
{
  return (int) ((const CrmVcardField *) a)->kind - (int) ((const CrmVcardField *) b)->kind;
}

/**
 * crm_vcard_fields_from_extra:
 * @extra: (nullable): a contact's extra-vcard
 *
 * Returns: (transfer full) (element-type CrmVcardField): the fields to
 * show, by kind, each kind in the card's order
 */
GArray *
crm_vcard_fields_from_extra (const char *extra)
{
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (CrmVcardField));
  g_auto(GStrv) lines = g_strsplit (extra ? extra : "", "\n", -1);

  g_array_set_clear_func (fields, field_clear);
  for (guint i = 0; lines[i]; i++)
    add_field (fields, lines[i]);
  /* g_array_sort () is stable (GLib's merge sort). */
  g_array_sort (fields, compare_kind);
  return fields;
}

/* @n digits at @s, or -1. */
static int
digits (const char *s,
        guint       n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return -1;
      v = v * 10 + (s[i] - '0');
    }
  return v;
}

/**
 * crm_vcard_parse_date:
 * @year: (out): 0 when the date has none ("--0401", RFC 6350)
 *
 * A vCard date: "1980-03-22", "19800322", "--0401", "--04-01", with or
 * without a time after it.
 *
 * Returns: FALSE when @text is not one
 */
gboolean
crm_vcard_parse_date (const char *text,
                      int        *year,
                      int        *month,
                      int        *day)
{
  const char *p = text;

  *year = 0;
  if (p[0] == '-' && p[1] == '-')
    p += 2;
  else if ((*year = digits (p, 4)) > 0)
    p += 4 + (p[4] == '-');
  else
    return FALSE;
  if ((*month = digits (p, 2)) < 0)
    return FALSE;
  p += 2 + (p[2] == '-');
  if ((*day = digits (p, 2)) < 0 || (p[2] != '\0' && p[2] != 'T'))
    return FALSE;
  /* 2000 is a leap year: "--0229" is a birthday. */
  return g_date_valid_dmy (*day, *month, *year ? *year : 2000);
}
