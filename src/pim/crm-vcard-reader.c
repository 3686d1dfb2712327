/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crm-line-reader.h"
#include "crm-pim-format.h"
#include "crm-vcard-reader.h"

/* vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), one card at a time from a
 * stream. Only what a contact stores is decoded; every other property is
 * passed over without a copy, which keeps a million cards fast. Parameters
 * are parsed leniently: bare 2.1 types ("TEL;WORK;VOICE"), repeated or
 * quoted TYPE lists, RFC 6868 carets, empty parameters. */

struct _CrmVcardReader
{
  GObject parent_instance;

  CrmLineReader *lines;
  CrmImportResult *result;
  gboolean warned_text;
  /* A BEGIN:VCARD met before the END of the card before it. */
  gboolean pending_begin;
  guint pending_line;
};

G_DEFINE_FINAL_TYPE (CrmVcardReader, crm_vcard_reader, G_TYPE_OBJECT)

/* One content line, split in place. */
typedef struct
{
  char *name;
  char *value;
  GString *types;      /* lower case, comma separated, without pref/internet */
  int pref;            /* 1 most preferred; G_MAXINT none */
  gboolean qp;
  gboolean base64;
  const char *charset;
} Prop;

/* The card being read. */
typedef struct
{
  CrmContact *contact;
  guint line;
  char *fn;
  char *n_name;
  GString *notes;
  int email_pref;
  char *pref_email;
  int phone_pref;
  char *pref_phone;
  gint64 rev;
} Card;

static void
card_clear (Card *card)
{
  g_clear_object (&card->contact);
  g_clear_pointer (&card->fn, g_free);
  g_clear_pointer (&card->n_name, g_free);
  g_clear_pointer (&card->pref_email, g_free);
  g_clear_pointer (&card->pref_phone, g_free);
  if (card->notes)
    g_string_free (card->notes, TRUE);
  card->notes = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Card, card_clear)

/**
 * crm_vcard_unescape:
 *
 * Also takes the escapes RFC 6350 forbids but programs write (`\:` in
 * Gmail URLs, `\"`): the character itself.
 *
 * Returns: (transfer full): the text
 */
char *
crm_vcard_unescape (const char *text,
                    gssize      len)
{
  const char *end = text + (len < 0 ? (gssize) strlen (text) : len);
  char *out = g_malloc (end - text + 1);
  char *o = out;

  for (const char *p = text; p < end; p++)
    {
      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        continue;   /* CRLF from quoted-printable =0D=0A */
      if (*p != '\\' || p + 1 == end)
        {
          *o++ = *p;
          continue;
        }
      p++;
      *o++ = (*p == 'n' || *p == 'N') ? '\n' : *p;
    }
  *o = '\0';
  return out;
}

/* RFC 6868: ^n newline, ^' double quote, ^^ caret. */
static void
uncaret (char *s)
{
  char *o = s;

  for (char *p = s; *p; p++)
    {
      if (*p == '^' && (p[1] == 'n' || p[1] == '\'' || p[1] == '^'))
        {
          p++;
          *o++ = *p == 'n' ? '\n' : *p == '\'' ? '"' : '^';
        }
      else
        *o++ = *p;
    }
  *o = '\0';
}

static void
add_type (Prop       *prop,
          const char *type)
{
  if (g_ascii_strcasecmp (type, "QUOTED-PRINTABLE") == 0)
    prop->qp = TRUE;
  else if (g_ascii_strcasecmp (type, "BASE64") == 0 || g_ascii_strcasecmp (type, "B") == 0)
    prop->base64 = TRUE;
  else if (g_ascii_strcasecmp (type, "PREF") == 0)
    prop->pref = MIN (prop->pref, 1);
  else if (*type && g_ascii_strcasecmp (type, "INTERNET") != 0 &&
           g_ascii_strcasecmp (type, "8BIT") != 0 && g_ascii_strcasecmp (type, "7BIT") != 0)
    {
      if (prop->types->len > 0)
        g_string_append_c (prop->types, ',');
      for (const char *t = type; *t; t++)
        g_string_append_c (prop->types, g_ascii_tolower (*t));
    }
}

static void
apply_param (Prop *prop,
             char *name,
             char *value)
{
  if (value)
    uncaret (value);
  if (name == NULL || g_ascii_strcasecmp (name, "TYPE") == 0)
    {
      char *save = NULL;
      for (char *t = strtok_r (value, ",", &save); t; t = strtok_r (NULL, ",", &save))
        add_type (prop, g_strstrip (t));
    }
  else if (g_ascii_strcasecmp (name, "ENCODING") == 0)
    add_type (prop, value);
  else if (g_ascii_strcasecmp (name, "CHARSET") == 0)
    prop->charset = value;
  else if (g_ascii_strcasecmp (name, "PREF") == 0 && atoi (value) > 0)
    prop->pref = MIN (prop->pref, atoi (value));
}

/* One ";NAME=value,value" or bare ";value"; @p is past the ';'. Returns
 * where it stopped: at ';' or ':' (or NUL when the line has no colon). */
static char *
parse_param (Prop *prop,
             char *p)
{
  char *name = p;
  char *value = NULL;
  char stop;

  while (*p && *p != '=' && *p != ';' && *p != ':')
    p++;
  if (*p == '=')
    {
      *p++ = '\0';
      value = p;
      if (*p == '"')
        {
          char *close = strchr (p + 1, '"');
          if (close)
            {
              memmove (p, p + 1, close - p - 1);
              close[-1] = '\0';
              p = close + 1;
            }
        }
      while (*p && *p != ';' && *p != ':')
        {
          if (*p == '"')
            memmove (p, p + 1, strlen (p));
          else
            p++;
        }
    }
  stop = *p;
  *p = '\0';
  if (value)
    apply_param (prop, name, value);
  else if (*name)
    apply_param (prop, NULL, name);
  *p = stop;
  return p;
}

/* Splits "group.NAME;params:value" in place. FALSE when there is no colon. */
static gboolean
parse_property (char *line,
                Prop *prop)
{
  char *p = line;

  prop->name = line;
  prop->pref = G_MAXINT;
  prop->qp = prop->base64 = FALSE;
  prop->charset = NULL;
  g_string_truncate (prop->types, 0);
  while (*p && *p != ';' && *p != ':')
    {
      if (*p == '.')
        prop->name = p + 1;
      p++;
    }
  if (*p == '\0')
    return FALSE;
  while (*p == ';')
    {
      *p++ = '\0';
      p = parse_param (prop, p);
    }
  if (*p != ':')
    return FALSE;
  *p = '\0';
  prop->value = p + 1;
  return TRUE;
}

static int
hex_digit (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static GByteArray *
qp_decode (const char *s)
{
  GByteArray *out = g_byte_array_sized_new (strlen (s));

  for (const char *p = s; *p; p++)
    {
      guint8 b = *p;
      if (*p == '=' && hex_digit (p[1]) >= 0 && hex_digit (p[2]) >= 0)
        {
          b = hex_digit (p[1]) * 16 + hex_digit (p[2]);
          p += 2;
        }
      else if (*p == '=' && p[1] == '\0')
        break;
      g_byte_array_append (out, &b, 1);
    }
  return out;
}

/* Quoted-printable or base64 text (vCard 2.1), in its CHARSET. */
static char *
decode_encoded (Prop *prop)
{
  g_autoptr(GByteArray) bytes = NULL;
  char *text = NULL;

  if (prop->qp)
    bytes = qp_decode (prop->value);
  else
    {
      gsize len = 0;
      guchar *data = g_base64_decode (prop->value, &len);
      bytes = g_byte_array_new_take (data, len);
    }
  if (prop->charset && g_ascii_strcasecmp (prop->charset, "UTF-8") != 0)
    text = g_convert ((const char *) bytes->data, bytes->len, "UTF-8", prop->charset,
                      NULL, NULL, NULL);
  if (text == NULL && g_utf8_validate_len ((const char *) bytes->data, bytes->len, NULL))
    text = g_strndup ((const char *) bytes->data, bytes->len);
  if (text == NULL)
    text = g_convert ((const char *) bytes->data, bytes->len, "UTF-8", "WINDOWS-1252",
                      NULL, NULL, NULL);
  if (text == NULL)
    text = g_utf8_make_valid ((const char *) bytes->data, bytes->len);
  return text;
}

/* The value as text: decoded, unescaped. */
static char *
prop_text (Prop *prop)
{
  g_autofree char *decoded = NULL;

  if (prop->qp || prop->base64)
    decoded = decode_encoded (prop);
  return crm_vcard_unescape (decoded ? decoded : prop->value, -1);
}

/* The components of a structured value (N, ORG), split at unescaped ';'. */
static GPtrArray *
prop_components (Prop *prop)
{
  g_autofree char *decoded = NULL;
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *s, *start;

  if (prop->qp || prop->base64)
    decoded = decode_encoded (prop);
  s = start = decoded ? decoded : prop->value;
  for (const char *p = s;; p++)
    {
      if (*p == '\\' && p[1])
        p++;
      else if (*p == ';' || *p == '\0')
        {
          g_ptr_array_add (parts, g_strstrip (crm_vcard_unescape (start, p - start)));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return parts;
}

static char *
join_components (GPtrArray  *parts,
                 const guint *order,
                 guint        n_order,
                 const char  *sep)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_order; i++)
    {
      const char *part = order[i] < parts->len ? g_ptr_array_index (parts, order[i]) : "";
      if (*part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, sep);
      g_string_append (out, part);
    }
  return g_string_free (out, FALSE);
}

/* REV: "20250101T120000Z", "2025-01-01T12:00:00Z", "20250101". */
static gint64
parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = g_strstrip (g_strdup (text));

  if (strchr (iso, 'T') == NULL)
    {
      char *with_time = g_strconcat (iso, "T000000Z", NULL);
      g_free (iso);
      iso = with_time;
    }
  dt = g_date_time_new_from_iso8601 (iso, utc);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static void
take_preferred (char **slot,
                int   *slot_pref,
                char  *value,
                int    pref)
{
  if (pref < *slot_pref)
    {
      g_free (*slot);
      *slot = g_strdup (value);
      *slot_pref = pref;
    }
}

static void
add_email (Card *card,
           Prop *prop)
{
  g_autofree char *value = g_strstrip (prop_text (prop));
  char *address = value;

  if (g_ascii_strncasecmp (address, "mailto:", 7) == 0)
    address += 7;
  if (*address == '\0' || crm_contact_has_email (card->contact, address))
    return;
  crm_contact_add_email (card->contact, address, prop->types->str, FALSE);
  take_preferred (&card->pref_email, &card->email_pref, address, prop->pref);
}

static gboolean
has_phone (CrmContact *contact,
           const char *value)
{
  GArray *phones = crm_contact_get_phones (contact);

  for (guint i = 0; i < phones->len; i++)
    if (g_strcmp0 (g_array_index (phones, CrmContactValue, i).value, value) == 0)
      return TRUE;
  return FALSE;
}

static void
add_phone (Card *card,
           Prop *prop)
{
  g_autofree char *value = g_strstrip (prop_text (prop));
  char *number = value;

  if (g_ascii_strncasecmp (number, "tel:", 4) == 0)
    number += 4;
  if (*number == '\0' || has_phone (card->contact, number))
    return;
  crm_contact_add_phone (card->contact, number, prop->types->str, FALSE);
  take_preferred (&card->pref_phone, &card->phone_pref, number, prop->pref);
}

static void
set_n (Card *card,
       Prop *prop)
{
  /* family;given;additional;prefix;suffix → "prefix given additional family suffix" */
  static const guint order[] = { 3, 1, 2, 0, 4 };
  g_autoptr(GPtrArray) parts = prop_components (prop);

  g_free (card->n_name);
  card->n_name = join_components (parts, order, G_N_ELEMENTS (order), " ");
}

static void
set_org (Card *card,
         Prop *prop)
{
  static const guint order[] = { 0, 1, 2, 3, 4, 5 };
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *org = NULL;

  /* Several ORGs (FullContact): the first is the one a person sees. */
  if (crm_contact_get_company (card->contact))
    return;
  parts = prop_components (prop);
  org = join_components (parts, order, G_N_ELEMENTS (order), ", ");
  crm_contact_set_company (card->contact, org);
}

static void
set_text (Card *card,
          Prop *prop,
          void (*setter) (CrmContact *, const char *),
          const char *(*getter) (CrmContact *))
{
  g_autofree char *text = NULL;

  if (getter (card->contact))
    return;
  text = g_strstrip (prop_text (prop));
  setter (card->contact, text);
}

static void
add_note (Card *card,
          Prop *prop)
{
  g_autofree char *text = prop_text (prop);

  g_strchomp (text);
  if (*text == '\0')
    return;
  if (card->notes == NULL)
    card->notes = g_string_new (NULL);
  else
    g_string_append (card->notes, "\n\n");
  g_string_append (card->notes, text);
}

static void
apply_property (Card *card,
                Prop *prop)
{
  const char *n = prop->name;

  if (g_ascii_strcasecmp (n, "EMAIL") == 0)
    add_email (card, prop);
  else if (g_ascii_strcasecmp (n, "TEL") == 0)
    add_phone (card, prop);
  else if (g_ascii_strcasecmp (n, "FN") == 0 && card->fn == NULL)
    card->fn = g_strstrip (prop_text (prop));
  else if (g_ascii_strcasecmp (n, "N") == 0)
    set_n (card, prop);
  else if (g_ascii_strcasecmp (n, "ORG") == 0)
    set_org (card, prop);
  else if (g_ascii_strcasecmp (n, "TITLE") == 0)
    set_text (card, prop, crm_contact_set_job_title, crm_contact_get_job_title);
  else if (g_ascii_strcasecmp (n, "NOTE") == 0)
    add_note (card, prop);
  else if (g_ascii_strcasecmp (n, "UID") == 0)
    set_text (card, prop, crm_contact_set_uid, crm_contact_get_uid);
  else if (g_ascii_strcasecmp (n, "REV") == 0)
    card->rev = parse_timestamp (prop->value);
}

static const char *
first_value (GArray *values)
{
  return values->len ? g_array_index (values, CrmContactValue, 0).value : NULL;
}

/* FN, else N, else what else identifies the card (2.1 cards written by
 * phones often have only an email). */
static const char *
card_name (Card        *card,
           const char **from)
{
  const char *candidates[] = {
    card->fn, card->n_name, crm_contact_get_company (card->contact),
    first_value (crm_contact_get_emails (card->contact)),
    first_value (crm_contact_get_phones (card->contact)),
  };
  const char *sources[] = { NULL, NULL, "company", "email", "phone number" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] && *candidates[i])
      {
        *from = sources[i];
        return candidates[i];
      }
  return NULL;
}

static char *
card_identity (CrmContact *contact)
{
  return g_strdup_printf ("vcard\n%s\n%s\n%s\n%s", crm_contact_get_name (contact),
                          first_value (crm_contact_get_emails (contact)),
                          first_value (crm_contact_get_phones (contact)),
                          crm_contact_get_company (contact));
}

static CrmContact *
card_finish (CrmVcardReader  *self,
             Card            *card,
             GError         **error)
{
  const char *from = NULL;
  const char *name = card_name (card, &from);

  if (name == NULL)
    {
      g_set_error_literal (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY,
                           "The card has no name, email or phone number.");
      return NULL;
    }
  if (from)
    crm_import_result_add_warning (self->result, card->line,
                                   "The card has no name; it is named after its %s.", from);
  crm_contact_set_name (card->contact, name);
  if (card->pref_email)
    crm_contact_set_preferred_email (card->contact, card->pref_email);
  if (card->pref_phone)
    crm_contact_set_preferred_phone (card->contact, card->pref_phone);
  if (card->notes)
    crm_contact_set_notes (card->contact, card->notes->str);
  if (card->rev > 0)
    crm_contact_set_times (card->contact, card->rev, card->rev);
  if (crm_contact_get_uid (card->contact) == NULL)
    {
      g_autofree char *identity = card_identity (card->contact);
      g_autofree char *uid = crm_pim_derive_uid (identity);
      crm_contact_set_uid (card->contact, uid);
    }
  return g_steal_pointer (&card->contact);
}

static void
note_text_repair (CrmVcardReader *self,
                  guint           line)
{
  CrmLineText text = crm_line_reader_get_text (self->lines);

  if (text == CRM_LINE_TEXT_UTF8 || self->warned_text)
    return;
  self->warned_text = TRUE;
  crm_import_result_add_warning (self->result, line, text == CRM_LINE_TEXT_WINDOWS_1252
                                 ? "The text is not UTF-8; it was read as Windows-1252 (Latin-1)."
                                 : "The text is not valid UTF-8; unreadable bytes were replaced.");
}

static gboolean
is_begin_vcard (const char *line)
{
  return g_ascii_strncasecmp (line, "BEGIN:VCARD", 11) == 0 && line[11 + strspn (line + 11, " \t")] == '\0';
}

static gboolean
is_end_vcard (const char *line)
{
  return g_ascii_strncasecmp (line, "END:VCARD", 9) == 0;
}

/* Finds the next BEGIN:VCARD. FALSE at the end of the stream. */
static gboolean
find_begin (CrmVcardReader  *self,
            guint           *line,
            GCancellable    *cancellable,
            GError         **error)
{
  char *text;
  gsize len;

  if (self->pending_begin)
    {
      self->pending_begin = FALSE;
      *line = self->pending_line;
      return TRUE;
    }
  while ((text = crm_line_reader_next (self->lines, &len, line, cancellable, error)))
    if (is_begin_vcard (text))
      return TRUE;
  return FALSE;
}

static void
init_card (Card  *card,
           guint  line)
{
  memset (card, 0, sizeof *card);
  card->contact = crm_contact_new (NULL);
  card->line = line;
  card->email_pref = card->phone_pref = G_MAXINT;
}

/* Reads the properties up to END:VCARD. FALSE on a read error. */
static gboolean
read_card (CrmVcardReader  *self,
           Card            *card,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(GString) types = g_string_new (NULL);
  Prop prop = { .types = types };
  char *text;
  gsize len;
  guint line;

  while ((text = crm_line_reader_next (self->lines, &len, &line, cancellable, error)))
    {
      note_text_repair (self, line);
      if (is_end_vcard (text))
        return TRUE;
      if (is_begin_vcard (text))
        {
          self->pending_begin = TRUE;
          self->pending_line = line;
          break;
        }
      if (parse_property (text, &prop))
        apply_property (card, &prop);
      else
        crm_import_result_add_warning (self->result, line,
                                       "“%.40s” is not a property; the line was left out.", text);
    }
  if (error && *error)
    return FALSE;
  crm_import_result_add_warning (self->result, card->line,
                                 "The card has no END:VCARD; what it had was imported.");
  return TRUE;
}

static void
crm_vcard_reader_finalize (GObject *object)
{
  CrmVcardReader *self = CRM_VCARD_READER (object);

  crm_line_reader_free (self->lines);
  g_clear_object (&self->result);
  G_OBJECT_CLASS (crm_vcard_reader_parent_class)->finalize (object);
}

static void
crm_vcard_reader_class_init (CrmVcardReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_vcard_reader_finalize;
}

static void
crm_vcard_reader_init (CrmVcardReader *self)
{
}

/**
 * crm_vcard_reader_new:
 * @result: where warnings go
 */
CrmVcardReader *
crm_vcard_reader_new (GInputStream    *stream,
                      CrmImportResult *result)
{
  CrmVcardReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (result), NULL);

  self = g_object_new (CRM_TYPE_VCARD_READER, NULL);
  self->lines = crm_line_reader_new (stream);
  self->result = g_object_ref (result);
  return self;
}

/**
 * crm_vcard_reader_next:
 * @line: (out): the line of the card's BEGIN
 *
 * Returns: (transfer full) (nullable): the next card as a contact (no id;
 * a UID made from its content when it has none). NULL at the end of the
 * stream with @error unset; NULL with %CRM_PIM_ERROR_ENTRY for a card that
 * cannot be a contact, after which reading can go on; NULL with another
 * error when the stream cannot be read.
 */
CrmContact *
crm_vcard_reader_next (CrmVcardReader  *self,
                       guint           *line,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_auto(Card) card = { 0 };

  g_return_val_if_fail (CRM_IS_VCARD_READER (self), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  if (!find_begin (self, line, cancellable, error))
    return NULL;
  init_card (&card, *line);
  if (!read_card (self, &card, cancellable, error))
    return NULL;
  return card_finish (self, &card, error);
}

guint64
crm_vcard_reader_get_offset (CrmVcardReader *self)
{
  g_return_val_if_fail (CRM_IS_VCARD_READER (self), 0);
  return crm_line_reader_get_offset (self->lines);
}
