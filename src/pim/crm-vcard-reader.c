/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crm-line-reader.h"
#include "crm-pim-format.h"
#include "crm-vcard-reader.h"
#include "crm-vcard-writer.h"

/* vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), one card at a time from a
 * stream. Only what a contact stores is decoded; every other property is
 * kept as its line (the contact's extra-vcard), so that exporting gives it
 * back; a card with none of those costs no copy, which keeps a million
 * cards fast. Parameters
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
  /* Scratch kept from card to card, so that a card costs few allocations. */
  GString *types;
  GString *params;
  GString *text;
  GString *fn;
  GString *n_name;
  GString *n_value;
  GString *notes;
  GArray *note_ends;   /* gsize: where each of a card's notes ends in notes */
  GPtrArray *note_params; /* each note's other parameters, or NULL */
  GString *extra;
};

/* A PHOTO may be large; one bigger than this is left out, with a warning,
 * rather than kept in every copy of the contact. */
#define MAX_EXTRA_OCTETS (1024 * 1024)

G_DEFINE_FINAL_TYPE (CrmVcardReader, crm_vcard_reader, G_TYPE_OBJECT)

/* One content line, split in place. */
typedef struct
{
  char *group;         /* "item1" of "item1.EMAIL…"; group_len 0 for none */
  gsize group_len;
  char *name;
  gsize name_len;
  char *value;
  GString *types;      /* lower case, comma separated, without pref/internet */
  GString *params;     /* the others but VALUE, as written again: "LABEL=Home;X-A=1" */
  GString *text;       /* scratch for prop_text() and join_components() */
  int pref;            /* 1 most preferred; G_MAXINT none */
  gboolean qp;
  gboolean base64;
  const char *charset;
} Prop;

/* The card being read; its texts live in the reader's scratch. */
typedef struct
{
  CrmContact *contact;
  guint line;
  const char *fn;
  const char *n_name;
  /* The first N is one the writer makes again from the name: its value is
   * in the reader's n_value, to be kept only if the name turns out not to
   * be the N's (card_finish ()). */
  gboolean n_plain;
  GString *notes;
  guint n_notes;
  gboolean notes_have_params;
  GString *extra;      /* the unmodelled lines, "\n" between them */
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
  g_clear_pointer (&card->pref_email, g_free);
  g_clear_pointer (&card->pref_phone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Card, card_clear)

/* Writes the unescaped text of [@text, @end) to @out, which has room for it;
 * returns where it stopped. */
static char *
unescape_to (char       *out,
             const char *text,
             const char *end)
{
  const char *p = text;

  /* Most values have nothing to undo: copy up to the first escape. */
  while (p < end && *p != '\\' && *p != '\r')
    p++;
  memcpy (out, text, p - text);
  out += p - text;
  for (; p < end; p++)
    {
      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        continue;   /* CRLF from quoted-printable =0D=0A */
      if (*p != '\\' || p + 1 == end)
        {
          *out++ = *p;
          continue;
        }
      p++;
      *out++ = (*p == 'n' || *p == 'N') ? '\n' : *p;
    }
  return out;
}

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

  *unescape_to (out, text, end) = '\0';
  return out;
}

/* Appends the unescaped text of [@text, @end) to @out. */
static void
append_unescaped (GString    *out,
                  const char *text,
                  const char *end)
{
  gsize len = out->len;

  g_string_set_size (out, len + (end - text));
  out->len = unescape_to (out->str + len, text, end) - out->str;
  out->str[out->len] = '\0';
}

/* The bytes that end a run in the scans every line goes through: a table
 * lookup per byte instead of a compare per stop. */
enum
{
  STOPS_NAME = 1 << 0,          /* NUL ; : . */
  STOPS_PARAM_NAME = 1 << 1,    /* NUL ; : = */
  STOPS_PARAM_VALUE = 1 << 2,   /* NUL ; : " */
  STOPS_TEXT = 1 << 3,          /* NUL \ CR */
  STOPS_COMPONENT = 1 << 4,     /* NUL \ CR ; */
};

static const guint8 stops[256] = {
  ['\0'] = 0xFF,       /* ends them all */
  [';'] = STOPS_NAME | STOPS_PARAM_NAME | STOPS_PARAM_VALUE | STOPS_COMPONENT,
  [':'] = STOPS_NAME | STOPS_PARAM_NAME | STOPS_PARAM_VALUE,
  ['.'] = STOPS_NAME,
  ['='] = STOPS_PARAM_NAME,
  ['"'] = STOPS_PARAM_VALUE,
  ['\\'] = STOPS_TEXT | STOPS_COMPONENT,
  ['\r'] = STOPS_TEXT | STOPS_COMPONENT,
};

static inline char *
skip_to (const char *p,
         guint8      what)
{
  while (!(stops[(guchar) *p] & what))
    p++;
  return (char *) p;
}

/* The @len bytes at @s are @upper but for case. */
static inline gboolean
equal_caseless_len (const char *s,
                    const char *upper,
                    gsize       len)
{
  return strlen (upper) == len && crm_has_prefix_caseless (s, upper);
}

/* g_ascii_strcasecmp() == 0, inlined likewise. */
static inline gboolean
equal_caseless (const char *s,
                const char *upper)
{
  return crm_has_prefix_caseless (s, upper) && s[strlen (upper)] == '\0';
}

/* g_strstrip() of the @len bytes at @s, leaving the text where it is. */
static inline char *
strip (char  *s,
       gsize  len)
{
  char *end = s + len;

  while (s < end && g_ascii_isspace (*s))
    s++;
  while (end > s && g_ascii_isspace (end[-1]))
    end--;
  *end = '\0';
  return s;
}

/* RFC 6868: ^n newline, ^' double quote, ^^ caret. */
static void
uncaret (char *s)
{
  char *o;

  while (*s && *s != '^')
    s++;
  o = s;
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

/* A type that says something about the value rather than what it is for. */
static gboolean
apply_special_type (Prop       *prop,
                    const char *type)
{
  /* By the first letter, as most types are none of these. */
  switch (*type)
    {
    case 'Q': case 'q':
      if (!equal_caseless (type, "QUOTED-PRINTABLE"))
        return FALSE;
      prop->qp = TRUE;
      return TRUE;
    case 'B': case 'b':
      if (!equal_caseless (type, "BASE64") && !equal_caseless (type, "B"))
        return FALSE;
      prop->base64 = TRUE;
      return TRUE;
    case 'P': case 'p':
      if (!equal_caseless (type, "PREF"))
        return FALSE;
      prop->pref = MIN (prop->pref, 1);
      return TRUE;
    case 'I': case 'i':
      return equal_caseless (type, "INTERNET");
    case '8':
      return equal_caseless (type, "8BIT");
    case '7':
      return equal_caseless (type, "7BIT");
    case '\0':
      return TRUE;      /* an empty type says nothing */
    default:
      return FALSE;
    }
}

static void
add_type (Prop       *prop,
          const char *type)
{
  if (apply_special_type (prop, type))
    return;
  if (prop->types->len > 0)
    g_string_append_c (prop->types, ',');
  for (const char *t = type; *t; t++)
    g_string_append_c (prop->types, *t >= 'A' && *t <= 'Z' ? *t - 'A' + 'a' : *t);
}

/* Each of the comma-separated types in @list, stripped: strtok_r() and
 * g_strstrip() without their calls. */
static void
add_types (Prop *prop,
           char *list)
{
  for (char *t = list;;)
    {
      char *end = t;
      gboolean last;

      while (*end && *end != ',')
        end++;
      last = *end == '\0';
      add_type (prop, strip (t, end - t));
      if (last)
        break;
      t = end + 1;
    }
}

/* A parameter Smart CRM does not read, written again as it came: quoted
 * when its value needs it (RFC 6350 3.3; a quote inside becomes ' as
 * vCard 3.0 has no escape for it). The value of VALUE is not kept: the
 * value is written as text whatever it was read as (a "tel:" URI's
 * scheme is taken off). */
static void
keep_param (Prop       *prop,
            const char *name,
            const char *value)
{
  gboolean quote = strpbrk (value, ";:") != NULL;

  if (*name == '\0')
    return;
  if (prop->params->len > 0)
    g_string_append_c (prop->params, ';');
  g_string_append (prop->params, name);
  g_string_append_c (prop->params, '=');
  if (quote)
    g_string_append_c (prop->params, '"');
  for (const char *v = value; *v; v++)
    g_string_append_c (prop->params, *v == '"' ? '\'' : (guchar) *v < 0x20 ? ' ' : *v);
  if (quote)
    g_string_append_c (prop->params, '"');
}

static void
apply_param (Prop *prop,
             char *name,
             char *value)
{
  if (value)
    uncaret (value);
  if (name == NULL || equal_caseless (name, "TYPE"))
    add_types (prop, value);
  else if (equal_caseless (name, "ENCODING"))
    add_type (prop, value);
  else if (equal_caseless (name, "CHARSET"))
    prop->charset = value;
  else if (equal_caseless (name, "PREF"))
    prop->pref = atoi (value) > 0 ? MIN (prop->pref, atoi (value)) : prop->pref;
  else if (!equal_caseless (name, "VALUE"))
    keep_param (prop, name, value);
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

  p = skip_to (p, STOPS_PARAM_NAME);
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
      for (p = skip_to (p, STOPS_PARAM_VALUE); *p == '"'; p = skip_to (p, STOPS_PARAM_VALUE))
        memmove (p, p + 1, strlen (p));
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

/* Finds NAME in "group.NAME;params:value", leaving the line as it is;
 * returns where the name ends (NUL when the line has no ';' or ':'). */
static char *
find_name (char *line,
           Prop *prop)
{
  char *p = line;

  prop->name = line;
  for (p = skip_to (p, STOPS_NAME); *p == '.'; p = skip_to (p, STOPS_NAME))
    prop->name = ++p;
  prop->name_len = p - prop->name;
  prop->group = line;
  prop->group_len = prop->name > line ? (gsize) (prop->name - line - 1) : 0;
  return p;
}

/* Splits the parameters and value after find_name()'s @p in place. FALSE
 * when there is no colon. */
static gboolean
parse_property (char *p,
                Prop *prop)
{
  prop->pref = G_MAXINT;
  prop->qp = prop->base64 = FALSE;
  prop->charset = NULL;
  g_string_truncate (prop->types, 0);
  g_string_truncate (prop->params, 0);
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
  /* An empty value (qp_decode's array then has no buffer, which
   * g_convert () and g_utf8_make_valid () refuse). */
  if (bytes->len == 0)
    return g_strdup ("");
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

/* The value as text, decoded and unescaped, and its length: in place in
 * the line when there is nothing to undo (most values), else in prop->text;
 * valid until the next call. */
static char *
prop_text (Prop  *prop,
           gsize *len)
{
  g_autofree char *decoded = NULL;
  char *value = prop->value;
  char *p = value;

  if (prop->qp || prop->base64)
    decoded = decode_encoded (prop);
  if (decoded)
    p = value = decoded;
  else
    {
      p = skip_to (p, STOPS_TEXT);
      if (*p == '\0')
        {
          *len = p - value;
          return value;
        }
    }
  g_string_truncate (prop->text, 0);
  append_unescaped (prop->text, value, p + strlen (p));
  *len = prop->text->len;
  return prop->text->str;
}

/* prop_text() without the white space around it. */
static char *
prop_stripped (Prop *prop)
{
  gsize len;
  char *text = prop_text (prop, &len);

  return strip (text, len);
}

/* N has five components and ORG as many as a person writes; the sixth is
 * the last a contact shows. */
#define MAX_COMPONENTS 6

/* A component of a structured value; plain when there is nothing in it to
 * unescape. */
typedef struct
{
  const char *start;
  const char *end;
  gboolean plain;
} Component;

/* The components of a structured value (N, ORG): split at unescaped ';',
 * at most @max of them. */
static guint
split_components (const char *s,
                  Component  *parts,
                  guint       max)
{
  const char *start = s;
  gboolean plain = TRUE;
  guint n = 0;

  for (const char *p = s; n < max;)
    {
      p = skip_to (p, STOPS_COMPONENT);
      if (*p == '\\' || *p == '\r')
        {
          plain = FALSE;
          if (*p == '\\' && p[1])
            p++;
          p++;
          continue;
        }
      parts[n++] = (Component) { start, p, plain };
      if (*p == '\0')
        break;
      start = ++p;
      plain = TRUE;
    }
  return n;
}

/* The components of a structured value in @order, unescaped and stripped,
 * the empty ones left out, joined by @sep into @out. */
static void
join_components (Prop        *prop,
                 const guint *order,
                 guint        n_order,
                 const char  *sep,
                 GString     *out)
{
  g_autofree char *decoded = NULL;
  const char *value = prop->value;
  Component parts[MAX_COMPONENTS];
  gsize sep_len = strlen (sep);
  char *o;
  guint n;

  if (prop->qp || prop->base64)
    decoded = decode_encoded (prop);
  if (decoded)
    value = decoded;
  n = split_components (value, parts, MAX_COMPONENTS);
  /* Written straight into @out: no component comes twice and none grows
   * when unescaped, so this is room enough. */
  g_string_set_size (out, (parts[n - 1].end - value) + (n_order + 1) * sep_len);
  o = out->str;
  for (guint i = 0; i < n_order; i++)
    {
      const Component *c;
      char *part, *end;

      /* Most structured values leave components empty: "Smith;John;;;". */
      if (order[i] >= n || parts[order[i]].start == parts[order[i]].end)
        continue;
      c = &parts[order[i]];
      if (c->plain)
        {
          /* Stripped where it is, and copied once. */
          part = (char *) c->start;
          end = (char *) c->end;
        }
      else
        {
          part = o + sep_len;
          end = unescape_to (part, c->start, c->end);
        }
      while (part < end && g_ascii_isspace (*part))
        part++;
      while (end > part && g_ascii_isspace (end[-1]))
        end--;
      if (part == end)
        continue;
      if (o > out->str)
        {
          memcpy (o, sep, sep_len);
          o += sep_len;
        }
      memmove (o, part, end - part);
      o += end - part;
    }
  *o = '\0';
  out->len = o - out->str;
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

/* The value @value of @values, or NULL. */
static const CrmContactValue *
find_value (GArray     *values,
            const char *value,
            gboolean    caseless)
{
  for (guint i = 0; i < values->len; i++)
    {
      const CrmContactValue *v = &g_array_index (values, CrmContactValue, i);

      if (caseless ? g_ascii_strcasecmp (v->value, value) == 0 : strcmp (v->value, value) == 0)
        return v;
    }
  return NULL;
}

/* An EMAIL or TEL whose value came before with other types (Android writes
 * a number once for each of its types): a contact has the value once, so
 * this one is kept as a line, with its types. */
static void
keep_repeated_value (CrmVcardReader        *self,
                     Card                  *card,
                     const char            *name,
                     const CrmContactValue *first,
                     Prop                  *prop,
                     const char            *value)
{
  const char *types = prop->types->len > 0 ? prop->types->str : NULL;
  GString *extra;

  if (g_strcmp0 (first->type, types) == 0)
    return;     /* the same line again */
  if (card->extra)
    g_string_append_c (card->extra, '\n');
  else
    card->extra = g_string_truncate (self->extra, 0);
  extra = card->extra;
  g_string_append (extra, name);
  if (types || prop->pref != G_MAXINT)
    {
      gsize start = extra->len + 6;

      g_string_append_printf (extra, ";TYPE=%s%s%s", types ? types : "",
                              types && prop->pref != G_MAXINT ? "," : "",
                              prop->pref != G_MAXINT ? "pref" : "");
      for (char *t = extra->str + start; *t; t++)
        if (*t == ';' || *t == ':' || *t == '"')
          *t = '-';
    }
  if (prop->params->len > 0)
    g_string_append_printf (extra, ";%s", prop->params->str);
  g_string_append_c (extra, ':');
  crm_pim_append_escaped (extra, value);
}

/* An EMAIL (@email) or TEL: a value the card gave already, with other
 * types, is kept as its line; a new one is the contact's. */
static void
add_value (CrmVcardReader *self,
           Card           *card,
           Prop           *prop,
           gboolean        email)
{
  const char *scheme = email ? "MAILTO:" : "TEL:";
  char *value = prop_stripped (prop);
  const CrmContactValue *first;

  if (crm_has_prefix_caseless (value, scheme))
    value += strlen (scheme);
  if (*value == '\0')
    return;
  first = find_value (email ? crm_contact_get_emails (card->contact) : crm_contact_get_phones (card->contact),
                      value, email);
  if (first)
    keep_repeated_value (self, card, email ? "EMAIL" : "TEL", first, prop, value);
  else
    {
      GArray *values = email ? crm_contact_get_emails (card->contact) : crm_contact_get_phones (card->contact);

      (email ? crm_contact_add_email : crm_contact_add_phone) (card->contact, value, prop->types->str, FALSE);
      if (prop->group_len > 0 || prop->params->len > 0)
        {
          g_autofree char *group = g_strndup (prop->group, prop->group_len);
          crm_contact_set_value_vcard (card->contact, email, values->len - 1, group, prop->params->str);
        }
      if (email)
        take_preferred (&card->pref_email, &card->email_pref, value, prop->pref);
      else
        take_preferred (&card->pref_phone, &card->phone_pref, value, prop->pref);
    }
}

static void
set_n (CrmVcardReader *self,
       Card           *card,
       Prop           *prop)
{
  /* family;given;additional;prefix;suffix → "prefix given additional family suffix" */
  static const guint order[] = { 3, 1, 2, 0, 4 };

  join_components (prop, order, G_N_ELEMENTS (order), " ", self->n_name);
  card->n_name = self->n_name->str;
}

static void
set_org (Card *card,
         Prop *prop)
{
  static const guint order[] = { 0, 1, 2, 3, 4, 5 };

  /* Several ORGs (FullContact): the first is the one a person sees. */
  if (crm_contact_get_company (card->contact))
    return;
  join_components (prop, order, G_N_ELEMENTS (order), ", ", prop->text);
  crm_contact_set_company (card->contact, prop->text->str);
}

static void
set_text (Card *card,
          Prop *prop,
          void (*setter) (CrmContact *, const char *),
          const char *(*getter) (CrmContact *))
{
  if (getter (card->contact))
    return;
  setter (card->contact, prop_stripped (prop));
}

static void
add_note (CrmVcardReader *self,
          Card           *card,
          Prop           *prop)
{
  gsize len;
  char *text = prop_text (prop, &len);

  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  if (len == 0)
    return;
  if (card->notes == NULL)
    {
      card->notes = g_string_truncate (self->notes, 0);
      g_array_set_size (self->note_ends, 0);
      g_ptr_array_set_size (self->note_params, 0);
    }
  else
    g_string_append (card->notes, "\n\n");
  g_string_append_len (card->notes, text, len);
  g_array_append_val (self->note_ends, card->notes->len);
  g_ptr_array_add (self->note_params, prop->params->len > 0 ? g_strdup (prop->params->str) : NULL);
  card->notes_have_params |= prop->params->len > 0;
  card->n_notes++;
}

/* A card's several NOTEs are one text for the contact; kept as lines too,
 * the writer writes them apart again while the notes stay as read
 * (crm_contact_has_kept_notes ()). So is one NOTE with parameters
 * (LANGUAGE=fr), which the notes cannot hold. */
static void
keep_notes (CrmVcardReader *self,
            Card           *card)
{
  gsize start = 0;

  if (card->extra == NULL)
    card->extra = g_string_truncate (self->extra, 0);
  for (guint i = 0; i < card->n_notes; i++)
    {
      gsize end = g_array_index (self->note_ends, gsize, i);
      g_autofree char *note = g_strndup (card->notes->str + start, end - start);
      const char *params = g_ptr_array_index (self->note_params, i);

      if (card->extra->len > 0)
        g_string_append_c (card->extra, '\n');
      g_string_append (card->extra, "NOTE");
      if (params)
        g_string_append_printf (card->extra, ";%s", params);
      g_string_append_c (card->extra, ':');
      crm_pim_append_escaped (card->extra, note);
      start = end + 2;
    }
}

static void
apply_property (CrmVcardReader *self,
                Card           *card,
                Prop           *prop)
{
  const char *n = prop->name;

  /* By length first, so that most names meet a single compare. */
  switch (prop->name_len)
    {
    case 2:
      if (equal_caseless (n, "FN") && card->fn == NULL)
        card->fn = g_string_assign (self->fn, prop_stripped (prop))->str;
      break;
    case 3:
      if (equal_caseless (n, "TEL"))
        add_value (self, card, prop, FALSE);
      else if (equal_caseless (n, "ORG"))
        set_org (card, prop);
      else if (equal_caseless (n, "UID"))
        set_text (card, prop, crm_contact_set_uid, crm_contact_get_uid);
      else if (equal_caseless (n, "REV"))
        card->rev = parse_timestamp (prop->value);
      break;
    case 4:
      if (equal_caseless (n, "NOTE"))
        add_note (self, card, prop);
      break;
    case 5:
      if (equal_caseless (n, "EMAIL"))
        add_value (self, card, prop, TRUE);
      else if (equal_caseless (n, "TITLE"))
        set_text (card, prop, crm_contact_set_job_title, crm_contact_get_job_title);
      break;
    default:
      break;
    }
}

/* The properties apply_property() reads, and those the exporter writes
 * itself: every other one is kept as a line, and so is a second FN, ORG,
 * TITLE or UID, as a contact has one of each. By length first, as there. */
static gboolean
is_handled (Card       *card,
            const Prop *prop)
{
  const char *n = prop->name;

  switch (prop->name_len)
    {
    case 2: return equal_caseless_len (n, "FN", 2) && card->fn == NULL;
    case 3:
      if (equal_caseless_len (n, "ORG", 3))
        return crm_contact_get_company (card->contact) == NULL;
      if (equal_caseless_len (n, "UID", 3))
        return crm_contact_get_uid (card->contact) == NULL;
      return equal_caseless_len (n, "TEL", 3) || equal_caseless_len (n, "REV", 3) ||
             equal_caseless_len (n, "END", 3);
    case 4: return equal_caseless_len (n, "NOTE", 4);
    case 5:
      if (equal_caseless_len (n, "TITLE", 5))
        return crm_contact_get_job_title (card->contact) == NULL;
      return equal_caseless_len (n, "EMAIL", 5) || equal_caseless_len (n, "BEGIN", 5);
    case 6: return equal_caseless_len (n, "PRODID", 6);
    case 7: return equal_caseless_len (n, "VERSION", 7);
    default: return FALSE;
    }
}

/* Whether a parameter of a kept line stops being true once its value is
 * UTF-8 text: its CHARSET, and quoted-printable when that was undone. */
static gboolean
is_encoding_param (const char *param,
                   gsize       len,
                   gboolean    qp)
{
  if (len >= 8 && crm_has_prefix_caseless (param, "CHARSET="))
    return TRUE;
  if (!qp)
    return FALSE;
  return equal_caseless_len (param, "QUOTED-PRINTABLE", len) ||
         equal_caseless_len (param, "ENCODING=QUOTED-PRINTABLE", len);
}

/* Appends "group.NAME;params" of @raw (up to its value's colon at @colon)
 * without the parameters is_encoding_param() names. */
static void
append_kept_params (GString    *out,
                    const char *raw,
                    const char *colon,
                    gboolean    qp)
{
  const char *seg = raw;
  gboolean quoted = FALSE;

  for (const char *p = raw; p <= colon; p++)
    {
      if (p < colon && (*p != ';' || quoted))
        {
          quoted ^= *p == '"';
          continue;
        }
      if (seg == raw || !is_encoding_param (seg + 1, p - seg - 1, qp))
        g_string_append_len (out, seg, p - seg);
      seg = p;
    }
}

/* Appends @text with its line breaks as the "\n" escape: a kept line is
 * one line. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          g_string_append (out, "\\n");
          if (*p == '\r' && p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
}

static gboolean
is_7bit (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Rewrites the kept line at @start of @extra, whose value is not 7-bit or
 * is quoted-printable, with its value as UTF-8 text: the line reader has
 * made the rest of the line UTF-8 already. */
static void
rewrite_extra_line (GString *extra,
                    gsize    start,
                    Prop    *prop)
{
  gsize raw_len = extra->len - start;
  g_autofree char *raw = g_strndup (extra->str + start, raw_len);
  /* The value ends the line: parse_property() moved the line's text left
   * when it took quotes out, but never changed the value. */
  gsize value_len = strlen (prop->value);
  const char *colon = raw + raw_len - value_len - 1;
  g_autofree char *decoded = prop->qp ? decode_encoded (prop) : NULL;

  if (value_len >= raw_len || *colon != ':')
    return;     /* a NUL in the line; left as read */
  g_string_truncate (extra, start);
  append_kept_params (extra, raw, colon, prop->qp);
  g_string_append_c (extra, ':');
  append_one_line (extra, decoded ? decoded : prop->value);
}

/* Keeps a property apply_property() does not read; FALSE when the line is
 * not a property. @p is find_name()'s. */
static gboolean
keep_extra (CrmVcardReader *self,
            Card           *card,
            char           *text,
            gsize           len,
            guint           line,
            char           *p,
            Prop           *prop)
{
  GString *extra = card->extra ? card->extra : g_string_truncate (self->extra, 0);
  gsize end = extra->len;

  if (len > MAX_EXTRA_OCTETS)
    {
      crm_import_result_add_warning (self->result, line,
                                     "The %.*s property is larger than 1 MiB; it was left out.",
                                     (int) MIN (prop->name_len, 40), prop->name);
      return TRUE;
    }
  if (card->extra)
    g_string_append_c (extra, '\n');
  /* The line as read, before parse_property() splits it. */
  g_string_append_len (extra, text, len);
  if (!parse_property (p, prop))
    {
      g_string_truncate (extra, end);
      return FALSE;
    }
  card->extra = extra;
  if (prop->qp || !is_7bit (prop->value))
    rewrite_extra_line (extra, extra->len - len, prop);
  return TRUE;
}

/* An N value the writer makes again, the same, from "given family": a
 * family name of one word, a given name, nothing else, and nothing to
 * unescape. Most cards have one. */
static gboolean
is_plain_n (const char *value)
{
  const char *given;
  const char *p;

  for (p = value; *p && *p != ';'; p++)
    if (g_ascii_isspace (*p) || *p == '\\' || *p == ',')
      return FALSE;
  if (p == value)
    return FALSE;
  if (*p == '\0')
    return TRUE;
  for (given = ++p; *p && *p != ';'; p++)
    if (*p == '\\' || *p == ',' || *p == '\r' || *p == '\n')
      return FALSE;
  if (p > given && (g_ascii_isspace (*given) || g_ascii_isspace (p[-1])))
    return FALSE;
  while (*p == ';')
    p++;
  return *p == '\0';
}

/* The first N, which was plain, as a kept line after all. */
static void
keep_plain_n (CrmVcardReader *self,
              Card           *card)
{
  if (card->extra)
    g_string_append_c (card->extra, '\n');
  else
    card->extra = g_string_truncate (self->extra, 0);
  g_string_append (card->extra, "N:");
  g_string_append_len (card->extra, self->n_value->str, self->n_value->len);
  card->n_plain = FALSE;
}

/* N gives the name when there is no FN; the writer makes it again from the
 * name, so only an N it would not make the same (a prefix, a suffix, a
 * middle name, a family name of two words, parameters) is kept as a line,
 * and every N after the first. */
static gboolean
read_n (CrmVcardReader *self,
        Card           *card,
        char           *text,
        gsize           len,
        guint           line,
        char           *p,
        Prop           *prop)
{
  gboolean first = card->n_name == NULL;
  gboolean had_extra;
  gsize start;

  if (first && *p == ':' && prop->name == text && is_plain_n (p + 1))
    {
      parse_property (p, prop);
      set_n (self, card, prop);
      g_string_assign (self->n_value, prop->value);
      card->n_plain = TRUE;
      return TRUE;
    }
  if (card->n_plain)
    keep_plain_n (self, card);
  had_extra = card->extra != NULL;
  start = had_extra ? card->extra->len + 1 : 0;
  if (!keep_extra (self, card, text, len, line, p, prop))
    return FALSE;
  if (!first || len > MAX_EXTRA_OCTETS)
    return TRUE;
  set_n (self, card, prop);
  /* Plain once its 2.1 encoding is undone: no more to keep than above. */
  if (crm_has_prefix_caseless (card->extra->str + start, "N:") &&
      is_plain_n (card->extra->str + start + 2))
    {
      g_string_assign (self->n_value, card->extra->str + start + 2);
      card->n_plain = TRUE;
      if (had_extra)
        g_string_truncate (card->extra, start - 1);
      else
        card->extra = NULL;
    }
  return TRUE;
}

/* The first ORG with more than one component ("Acme;Sales"): the company
 * is "Acme, Sales", which the writer could not split again. */
static gboolean
is_structured_org (Card       *card,
                   const Prop *prop,
                   const char *p)
{
  const char *value;

  if (!equal_caseless_len (prop->name, "ORG", 3) || crm_contact_get_company (card->contact))
    return FALSE;
  value = strchr (p, ':');
  for (value = value ? value + 1 : ""; *value; value++)
    if (*value == '\\' && value[1])
      value++;
    else if (*value == ';')
      return TRUE;
  return FALSE;
}

/* Such an ORG is kept as a line too, which the writer writes back in
 * place of the company while the company stays as it was read
 * (crm_contact_has_kept_org ()). */
static gboolean
read_structured_org (CrmVcardReader *self,
                     Card           *card,
                     char           *text,
                     gsize           len,
                     guint           line,
                     char           *p,
                     Prop           *prop)
{
  if (!keep_extra (self, card, text, len, line, p, prop))
    return FALSE;
  set_org (card, prop);
  return TRUE;
}

/* One content line: applied to the contact, or kept. FALSE when the line
 * is not a property. */
static gboolean
read_property (CrmVcardReader *self,
               Card           *card,
               char           *text,
               gsize           len,
               guint           line,
               Prop           *prop)
{
  char *p = find_name (text, prop);

  if (prop->name_len == 1 && (*prop->name == 'N' || *prop->name == 'n') && *p != '\0')
    return read_n (self, card, text, len, line, p, prop);
  if (prop->name_len == 3 && *p != '\0' && is_structured_org (card, prop, p))
    return read_structured_org (self, card, text, len, line, p, prop);
  if (*p != '\0' && !is_handled (card, prop))
    return keep_extra (self, card, text, len, line, p, prop);
  if (!parse_property (p, prop))
    return FALSE;
  apply_property (self, card, prop);
  return TRUE;
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
  if (card->n_notes > 1 || card->notes_have_params)
    keep_notes (self, card);
  /* The writer makes N from the name: from FN, another than N's. */
  if (card->n_plain && strcmp (name, card->n_name) != 0)
    keep_plain_n (self, card);
  if (card->extra)
    crm_contact_set_extra_vcard (card->contact, card->extra->str);
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

static inline gboolean
is_begin_vcard (const char *line)
{
  if ((*line != 'B' && *line != 'b') || !crm_has_prefix_caseless (line, "BEGIN:VCARD"))
    return FALSE;
  line += 11;
  while (*line == ' ' || *line == '\t')
    line++;
  return *line == '\0';
}

static inline gboolean
is_end_vcard (const char *line)
{
  return (*line == 'E' || *line == 'e') && crm_has_prefix_caseless (line, "END:VCARD");
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
  Prop prop = { .types = self->types, .params = self->params, .text = self->text };
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
      if (!read_property (self, card, text, len, line, &prop))
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
  g_string_free (self->types, TRUE);
  g_string_free (self->params, TRUE);
  g_string_free (self->text, TRUE);
  g_string_free (self->fn, TRUE);
  g_string_free (self->n_name, TRUE);
  g_string_free (self->n_value, TRUE);
  g_string_free (self->notes, TRUE);
  g_array_unref (self->note_ends);
  g_ptr_array_unref (self->note_params);
  g_string_free (self->extra, TRUE);
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
  self->types = g_string_new (NULL);
  self->params = g_string_new (NULL);
  self->note_params = g_ptr_array_new_with_free_func (g_free);
  self->text = g_string_new (NULL);
  self->fn = g_string_new (NULL);
  self->n_name = g_string_new (NULL);
  self->n_value = g_string_new (NULL);
  self->notes = g_string_new (NULL);
  self->note_ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->extra = g_string_new (NULL);
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

/**
 * crm_vcard_split_line:
 * @line: one content line, unfolded, as a contact's extra-vcard keeps it
 * @name: (out) (transfer full): its name, without its group, in upper case
 * @types: (out) (transfer full): its types, lower case and comma-separated
 *   as a contact's phones have them, without "pref"; "" for none
 * @value: (out) (transfer full): its value as written, escapes and all
 *
 * Read with the reader's own leniency (bare 2.1 types, quoted lists).
 *
 * Returns: FALSE when the line is not a property
 */
gboolean
crm_vcard_split_line (const char  *line,
                      char       **name,
                      char       **types,
                      char       **value)
{
  g_autofree char *copy = g_strdup (line);
  g_autoptr(GString) type_list = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new (NULL);
  Prop prop = { .types = type_list, .params = params, .text = text };

  g_return_val_if_fail (line != NULL, FALSE);

  if (!parse_property (find_name (copy, &prop), &prop))
    return FALSE;
  *name = g_ascii_strup (prop.name, prop.name_len);
  *types = g_string_free (g_steal_pointer (&type_list), FALSE);
  *value = g_strdup (prop.value);
  return TRUE;
}

guint64
crm_vcard_reader_get_offset (CrmVcardReader *self)
{
  g_return_val_if_fail (CRM_IS_VCARD_READER (self), 0);
  return crm_line_reader_get_offset (self->lines);
}
