/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <string.h>

#include "crm-vcard-writer.h"

/* Writing a contact as one vCard. Every stored field has its property, so
 * reading the card back gives the same contact: UID, FN, ORG, TITLE, NOTE,
 * each EMAIL and TEL with its TYPE list and which one is preferred, and REV
 * for the time it last changed. N is made from the name (3.0 requires it)
 * unless the card's own is kept. The properties we do not model come last,
 * as the card had them (crm-vcard-reader.c keeps them, and the N it could
 * not make again from the name; crm-contact.c drops that N on a rename). */

#define FOLD_OCTETS 75

void
crm_pim_append_folded (GString    *out,
                       const char *line,
                       gssize      len)
{
  const char *p = line;
  const char *end = line + (len < 0 ? (gssize) strlen (line) : len);
  gsize room = FOLD_OCTETS;

  while ((gsize) (end - p) > room)
    {
      const char *cut = p + room;

      /* Back up to the start of a character: never after a lead byte. */
      while (cut > p && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, p, cut - p);
      g_string_append (out, "\r\n ");
      p = cut;
      room = FOLD_OCTETS - 1;
    }
  g_string_append_len (out, p, end - p);
  g_string_append (out, "\r\n");
}

void
crm_pim_append_escaped (GString    *out,
                        const char *text)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case ',': g_string_append (out, "\\,"); break;
      case ';': g_string_append (out, "\\;"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': break;
      default: g_string_append_c (out, *p);
      }
}

/* One property: NAME, optional params (already formatted), an escaped value. */
static void
append_text (GString    *out,
             GString    *line,
             const char *name,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_assign (line, name);
  g_string_append_c (line, ':');
  crm_pim_append_escaped (line, value);
  crm_pim_append_folded (out, line->str, line->len);
}

/* ";TYPE=WORK;TYPE=VOICE;TYPE=pref", the form Apple and Google write. */
static void
append_types (GString               *line,
              const CrmContactValue *v,
              const char            *extra)
{
  g_auto(GStrv) types = g_strsplit (v->type ? v->type : "", ",", -1);

  if (extra)
    g_string_append_printf (line, ";TYPE=%s", extra);
  for (guint i = 0; types[i]; i++)
    {
      g_autofree char *upper = g_ascii_strup (g_strstrip (types[i]), -1);

      g_strdelimit (upper, "\";:,", '-');
      if (*upper)
        g_string_append_printf (line, ";TYPE=%s", upper);
    }
  if (v->preferred)
    g_string_append (line, ";TYPE=pref");
}

static void
append_values (GString    *out,
               GString    *line,
               const char *name,
               GArray     *values,
               const char *extra)
{
  for (guint i = 0; i < values->len; i++)
    {
      const CrmContactValue *v = &g_array_index (values, CrmContactValue, i);

      /* In its group again, with the lines of the card that name it. */
      if (v->group)
        g_string_printf (line, "%s.%s", v->group, name);
      else
        g_string_assign (line, name);
      append_types (line, v, extra);
      if (v->params)
        g_string_append_printf (line, ";%s", v->params);
      g_string_append_c (line, ':');
      crm_pim_append_escaped (line, v->value);
      crm_pim_append_folded (out, line->str, line->len);
    }
}

/* N: family;given;;; — the last word is taken as the family name. */
static void
append_n (GString    *out,
          GString    *line,
          const char *name)
{
  const char *space = strrchr (name, ' ');
  g_autofree char *given = space ? g_strndup (name, space - name) : g_strdup ("");

  g_string_assign (line, "N:");
  crm_pim_append_escaped (line, space ? space + 1 : name);
  g_string_append_c (line, ';');
  crm_pim_append_escaped (line, given);
  g_string_append (line, ";;;");
  crm_pim_append_folded (out, line->str, line->len);
}

static void
append_rev (GString *out,
            gint64   updated)
{
  g_autoptr(GDateTime) dt = updated > 0 ? g_date_time_new_from_unix_utc (updated) : NULL;
  g_autofree char *text = dt ? g_date_time_format (dt, "REV:%Y%m%dT%H%M%SZ\r\n") : NULL;

  if (text)
    g_string_append (out, text);
}

/* Whether the kept lines have an N: "N;…:" or "group.N:…". */
static gboolean
has_kept_n (const char *extra)
{
  for (const char *line = extra; line && *line;)
    {
      const char *name = line;
      const char *p;

      for (p = line; *p && *p != ';' && *p != ':' && *p != '\n'; p++)
        if (*p == '.')
          name = p + 1;
      if ((*name == 'N' || *name == 'n') && (name[1] == ';' || name[1] == ':'))
        return TRUE;
      line = strchr (p, '\n');
      line = line ? line + 1 : NULL;
    }
  return FALSE;
}

/* The kept lines, each folded as the card's own. */
static void
append_extra (GString    *out,
              const char *extra)
{
  for (const char *line = extra; line && *line;)
    {
      const char *end = strchr (line, '\n');
      gsize len = end ? (gsize) (end - line) : strlen (line);

      if (len > 0)
        crm_pim_append_folded (out, line, len);
      line += len + (end != NULL);
    }
}

/**
 * crm_vcard_write_contact:
 * @out: where the card is appended, CRLF line ends
 */
void
crm_vcard_write_contact (GString    *out,
                         CrmContact *contact)
{
  g_autoptr(GString) line = g_string_sized_new (128);
  const char *name = crm_contact_get_name (contact);
  const char *extra = crm_contact_get_extra_vcard (contact);

  g_return_if_fail (out != NULL);
  g_return_if_fail (CRM_IS_CONTACT (contact));

  /* The program that wrote the card: this one (a card's PRODID from
   * elsewhere is not kept, crm-vcard-reader.c). */
  g_string_append (out, "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Smart CRM//Smart CRM " PACKAGE_VERSION "//EN\r\n");
  append_text (out, line, "UID", crm_contact_get_uid (contact));
  append_text (out, line, "FN", name);
  /* The card's own N, when kept, comes with the other kept lines. */
  if (!has_kept_n (extra))
    append_n (out, line, name ? name : "");
  /* So is a structured ORG the company was read from. */
  if (!crm_contact_has_kept_org (contact))
    append_text (out, line, "ORG", crm_contact_get_company (contact));
  append_text (out, line, "TITLE", crm_contact_get_job_title (contact));
  append_values (out, line, "EMAIL", crm_contact_get_emails (contact), "INTERNET");
  append_values (out, line, "TEL", crm_contact_get_phones (contact), NULL);
  /* Several NOTEs the notes were read from come with the kept lines. */
  if (!crm_contact_has_kept_notes (contact))
    append_text (out, line, "NOTE", crm_contact_get_notes (contact));
  append_rev (out, crm_contact_get_updated (contact));
  append_extra (out, extra);
  g_string_append (out, "END:VCARD\r\n");
}
