/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-contact"

#include "config.h"

#include "crm-bytes.h"
#include "crm-contact.h"
#include "crm-json.h"

/* A contact as stored: plain data with properties for the views to bind.
 * Several emails and phones, one of each preferred. extra_vcard keeps the
 * vCard properties we do not model, one unfolded line each, so that an
 * imported card exports again without loss. */
struct _CrmContact
{
  GObject parent_instance;

  gint64 id;
  char *uid;
  char *name;
  char *company;
  char *job_title;
  char *notes;
  char *extra_vcard;
  GArray *emails;
  GArray *phones;
  gint64 created;
  gint64 updated;
};

G_DEFINE_FINAL_TYPE (CrmContact, crm_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COMPANY,
  PROP_JOB_TITLE,
  PROP_NOTES,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_EXTRA_VCARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
contact_value_clear (gpointer data)
{
  CrmContactValue *v = data;

  g_free (v->value);
  g_free (v->type);
  g_free (v->group);
  g_free (v->params);
}

static GArray *
contact_values_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (CrmContactValue));

  g_array_set_clear_func (a, contact_value_clear);
  return a;
}

static void
contact_values_copy (GArray *from,
                     GArray *to)
{
  for (guint i = 0; i < from->len; i++)
    {
      CrmContactValue *v = &g_array_index (from, CrmContactValue, i);
      CrmContactValue c = { g_strdup (v->value), g_strdup (v->type), v->preferred, g_strdup (v->group),
                            g_strdup (v->params) };
      g_array_append_val (to, c);
    }
}

static gboolean
contact_values_equal (GArray *a,
                      GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      CrmContactValue *x = &g_array_index (a, CrmContactValue, i);
      CrmContactValue *y = &g_array_index (b, CrmContactValue, i);
      if (g_strcmp0 (x->value, y->value) || g_strcmp0 (x->type, y->type) ||
          x->preferred != y->preferred || g_strcmp0 (x->group, y->group) ||
          g_strcmp0 (x->params, y->params))
        return FALSE;
    }
  return TRUE;
}

/* The preferred value, else the first: what a row or `email` shows. */
static const char *
contact_values_preferred (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, CrmContactValue, i).preferred)
      return g_array_index (a, CrmContactValue, i).value;
  return a->len ? g_array_index (a, CrmContactValue, 0).value : NULL;
}

static void
contact_values_add (GArray     *a,
                    const char *value,
                    const char *type,
                    gboolean    preferred)
{
  CrmContactValue v = { g_strdup (value), (type && *type) ? g_strdup (type) : NULL, preferred };

  if (preferred)
    for (guint i = 0; i < a->len; i++)
      g_array_index (a, CrmContactValue, i).preferred = FALSE;
  g_array_append_val (a, v);
}

static void
contact_values_set_preferred (GArray     *a,
                              const char *value)
{
  for (guint i = 0; i < a->len; i++)
    {
      CrmContactValue *v = &g_array_index (a, CrmContactValue, i);
      v->preferred = g_strcmp0 (v->value, value) == 0;
    }
}

static void
set_string (CrmContact  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (value && !*value)
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
crm_contact_finalize (GObject *object)
{
  CrmContact *self = CRM_CONTACT (object);

  g_free (self->uid);
  g_free (self->name);
  g_free (self->company);
  g_free (self->job_title);
  g_free (self->notes);
  g_free (self->extra_vcard);
  g_array_unref (self->emails);
  g_array_unref (self->phones);
  G_OBJECT_CLASS (crm_contact_parent_class)->finalize (object);
}

static void
crm_contact_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrmContact *self = CRM_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_COMPANY: g_value_set_string (value, self->company); break;
    case PROP_JOB_TITLE: g_value_set_string (value, self->job_title); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_EMAIL: g_value_set_string (value, crm_contact_get_email (self)); break;
    case PROP_PHONE: g_value_set_string (value, crm_contact_get_phone (self)); break;
    case PROP_EXTRA_VCARD: g_value_set_string (value, self->extra_vcard); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CrmContact *self = CRM_CONTACT (object);

  switch (prop_id)
    {
    case PROP_NAME: crm_contact_set_name (self, g_value_get_string (value)); break;
    case PROP_COMPANY: crm_contact_set_company (self, g_value_get_string (value)); break;
    case PROP_JOB_TITLE: crm_contact_set_job_title (self, g_value_get_string (value)); break;
    case PROP_NOTES: crm_contact_set_notes (self, g_value_get_string (value)); break;
    case PROP_EXTRA_VCARD: crm_contact_set_extra_vcard (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_class_init (CrmContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = crm_contact_finalize;
  object_class->get_property = crm_contact_get_property;
  object_class->set_property = crm_contact_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_COMPANY] = g_param_spec_string ("company", NULL, NULL, NULL, rw);
  properties[PROP_JOB_TITLE] = g_param_spec_string ("job-title", NULL, NULL, NULL, rw);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, rw);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, ro);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, ro);
  properties[PROP_EXTRA_VCARD] = g_param_spec_string ("extra-vcard", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_contact_init (CrmContact *self)
{
  self->emails = contact_values_new ();
  self->phones = contact_values_new ();
}

CrmContact *
crm_contact_new (const char *name)
{
  CrmContact *self = g_object_new (CRM_TYPE_CONTACT, NULL);

  self->name = g_strdup (name);
  return self;
}

/**
 * crm_contact_copy:
 * Returns: (transfer full): a deep copy, ids included (undo keeps these)
 */
CrmContact *
crm_contact_copy (CrmContact *self)
{
  CrmContact *copy;

  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  copy = crm_contact_new (self->name);
  copy->id = self->id;
  copy->uid = g_strdup (self->uid);
  copy->company = g_strdup (self->company);
  copy->job_title = g_strdup (self->job_title);
  copy->notes = g_strdup (self->notes);
  copy->extra_vcard = g_strdup (self->extra_vcard);
  copy->created = self->created;
  copy->updated = self->updated;
  contact_values_copy (self->emails, copy->emails);
  contact_values_copy (self->phones, copy->phones);
  return copy;
}

/* Every stored field as bytes (crm-bytes.h), for the records an undo step
 * keeps on disk (crm-change.c). */
static void
put_values (GByteArray *out,
            GArray     *values)
{
  crm_bytes_put_u32 (out, values->len);
  for (guint i = 0; i < values->len; i++)
    {
      CrmContactValue *v = &g_array_index (values, CrmContactValue, i);

      crm_bytes_put_str (out, v->value);
      crm_bytes_put_str (out, v->type);
      crm_bytes_put_u32 (out, v->preferred != FALSE);
      crm_bytes_put_str (out, v->group);
      crm_bytes_put_str (out, v->params);
    }
}

static gboolean
get_values (CrmBytesReader *in,
            GArray         *to)
{
  guint32 n, preferred = 0;

  if (!crm_bytes_get_u32 (in, &n))
    return FALSE;
  for (guint32 i = 0; i < n; i++)
    {
      CrmContactValue v = { NULL, NULL, FALSE, NULL, NULL };
      gboolean ok = crm_bytes_get_str (in, &v.value) && crm_bytes_get_str (in, &v.type) &&
                    crm_bytes_get_u32 (in, &preferred) && crm_bytes_get_str (in, &v.group) &&
                    crm_bytes_get_str (in, &v.params) && v.value != NULL;

      v.preferred = preferred != 0;
      g_array_append_val (to, v); /* cleared with the array when not ok */
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

void
crm_contact_append_bytes (CrmContact *self,
                          GByteArray *out)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  crm_bytes_put_i64 (out, self->id);
  crm_bytes_put_str (out, self->uid);
  crm_bytes_put_str (out, self->name ? self->name : "");
  crm_bytes_put_str (out, self->company);
  crm_bytes_put_str (out, self->job_title);
  crm_bytes_put_str (out, self->notes);
  crm_bytes_put_str (out, self->extra_vcard);
  crm_bytes_put_i64 (out, self->created);
  crm_bytes_put_i64 (out, self->updated);
  put_values (out, self->emails);
  put_values (out, self->phones);
}

/* Returns: (transfer full) (nullable): NULL when the bytes are not a
 * whole contact */
CrmContact *
crm_contact_new_from_bytes (const guint8 **data,
                            const guint8  *end)
{
  CrmBytesReader in = { *data, end };
  g_autofree char *name = NULL;
  g_autoptr(CrmContact) self = crm_contact_new (NULL);
  gint64 id;

  if (!crm_bytes_get_i64 (&in, &id) || !crm_bytes_get_str (&in, &self->uid) ||
      !crm_bytes_get_str (&in, &name) || name == NULL ||
      !crm_bytes_get_str (&in, &self->company) || !crm_bytes_get_str (&in, &self->job_title) ||
      !crm_bytes_get_str (&in, &self->notes) || !crm_bytes_get_str (&in, &self->extra_vcard) ||
      !crm_bytes_get_i64 (&in, &self->created) || !crm_bytes_get_i64 (&in, &self->updated) ||
      !get_values (&in, self->emails) || !get_values (&in, self->phones))
    return NULL;
  self->id = id;
  self->name = g_steal_pointer (&name);
  *data = in.at;
  return g_steal_pointer (&self);
}

/* Equal in every stored field but the timestamps. */
gboolean
crm_contact_equal (CrmContact *a,
                   CrmContact *b)
{
  return a->id == b->id && g_strcmp0 (a->uid, b->uid) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->company, b->company) == 0 &&
         g_strcmp0 (a->job_title, b->job_title) == 0 && g_strcmp0 (a->notes, b->notes) == 0 &&
         g_strcmp0 (a->extra_vcard, b->extra_vcard) == 0 &&
         contact_values_equal (a->emails, b->emails) && contact_values_equal (a->phones, b->phones);
}

gint64 crm_contact_get_id (CrmContact *self) { return self->id; }
const char *crm_contact_get_uid (CrmContact *self) { return self->uid; }
const char *crm_contact_get_name (CrmContact *self) { return self->name; }
const char *crm_contact_get_company (CrmContact *self) { return self->company; }
const char *crm_contact_get_job_title (CrmContact *self) { return self->job_title; }
const char *crm_contact_get_notes (CrmContact *self) { return self->notes; }
const char *crm_contact_get_extra_vcard (CrmContact *self) { return self->extra_vcard; }
gint64 crm_contact_get_created (CrmContact *self) { return self->created; }
gint64 crm_contact_get_updated (CrmContact *self) { return self->updated; }
GArray *crm_contact_get_emails (CrmContact *self) { return self->emails; }
GArray *crm_contact_get_phones (CrmContact *self) { return self->phones; }

void
crm_contact_set_id (CrmContact *self,
                    gint64      id)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
crm_contact_set_uid (CrmContact *self,
                     const char *uid)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_free (self->uid);
  self->uid = (uid && *uid) ? g_strdup (uid) : NULL;
}

/* A kept line's value when its property (past any group) is @name:
 * "item1.ORG;CHARSET=UTF-8:Acme;Sales" → "Acme;Sales". */
static const char *
line_value (const char *line,
            const char *name)
{
  const char *start = line;
  const char *p;
  gboolean quoted = FALSE;
  gsize len = strlen (name);

  for (p = line; *p && *p != ';' && *p != ':'; p++)
    if (*p == '.')
      start = p + 1;
  if ((gsize) (p - start) != len || g_ascii_strncasecmp (start, name, len) != 0)
    return NULL;
  for (; *p && (quoted || *p != ':'); p++)
    if (*p == '"')
      quoted = !quoted;
  return *p == ':' ? p + 1 : NULL;
}

static gboolean
is_n_line (const char *line,
           gpointer    data)
{
  return line_value (line, "N") != NULL;
}

/* A vCard text value unescaped ("\\," → ",", "\\n" → newline) into @out,
 * up to its end or, for a component, an unescaped ';'. Returns where it
 * stopped. */
static const char *
unescape_value (const char *p,
                gboolean    component,
                GString    *out)
{
  for (; *p && !(component && *p == ';'); p++)
    {
      if (*p == '\\' && p[1])
        {
          p++;
          g_string_append_c (out, (*p == 'n' || *p == 'N') ? '\n' : *p);
        }
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
  return p;
}

/* The company crm-vcard-reader.c makes of a structured ORG value: its
 * components (six at most) unescaped and stripped, the empty ones left
 * out, joined by ", ". NULL for a value of one component. */
static char *
org_company (const char *value)
{
  g_autoptr(GString) company = g_string_new (NULL);
  g_autoptr(GString) part = g_string_new (NULL);
  const char *p = value;
  guint n = 0;

  if (value == NULL)
    return NULL;
  for (; n < 6; n++)
    {
      g_string_truncate (part, 0);
      p = unescape_value (p, TRUE, part);
      g_strstrip (part->str);
      if (part->str[0] != '\0')
        g_string_append_printf (company, "%s%s", company->len ? ", " : "", part->str);
      if (*p == '\0')
        break;
      p++;
    }
  return n > 0 ? g_string_free (g_steal_pointer (&company), FALSE) : NULL;
}

static gboolean
is_note_line (const char *line,
              gpointer    data)
{
  return line_value (line, "NOTE") != NULL;
}

/**
 * crm_contact_has_kept_notes:
 *
 * Whether the extra-vcard keeps the NOTEs the notes were read from, a card
 * having had several (crm-vcard-reader.c joins them, a blank line between)
 * or one with parameters: the exporter then writes those, not the notes,
 * so they come back apart, with their parameters.
 */
gboolean
crm_contact_has_kept_notes (CrmContact *self)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  gboolean params = FALSE;
  guint n = 0;

  g_return_val_if_fail (CRM_IS_CONTACT (self), FALSE);
  if (self->extra_vcard == NULL || self->notes == NULL)
    return FALSE;
  lines = g_strsplit (self->extra_vcard, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *value = line_value (lines[i], "NOTE");

      if (value == NULL)
        continue;
      if (n++ > 0)
        g_string_append (joined, "\n\n");
      unescape_value (value, FALSE, joined);
      params |= strcspn (lines[i], ";:") < strlen (lines[i]) && lines[i][strcspn (lines[i], ";:")] == ';';
    }
  return (n > 1 || params) && strcmp (joined->str, self->notes) == 0;
}

/* A kept ORG line that the company was read from, as it was: @data. */
static gboolean
is_company_org_line (const char *line,
                     gpointer    data)
{
  g_autofree char *company = org_company (line_value (line, "ORG"));

  return company && g_strcmp0 (company, data) == 0;
}

/**
 * crm_contact_has_kept_org:
 *
 * Whether the extra-vcard keeps the structured ORG ("ORG:Acme;Sales") the
 * company was read from: the exporter then writes that line, not the
 * company, so the components come back as they were.
 */
gboolean
crm_contact_has_kept_org (CrmContact *self)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (CRM_IS_CONTACT (self), FALSE);
  if (self->extra_vcard == NULL || self->company == NULL)
    return FALSE;
  lines = g_strsplit (self->extra_vcard, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (is_company_org_line (lines[i], self->company))
      return TRUE;
  return FALSE;
}

/* The lines of the extra-vcard that stand for a field (crm-vcard-reader.c
 * keeps a card's N, or its structured ORG, when the writer could not make
 * it again from the name or company) belong to the value they came with:
 * a contact renamed leaves them behind, and the writer makes them from the
 * new value. */
static void
drop_kept_lines (CrmContact *self,
                 gboolean  (*matches) (const char *line, gpointer data),
                 gpointer    data)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) kept = NULL;

  if (self->extra_vcard == NULL)
    return;
  lines = g_strsplit (self->extra_vcard, "\n", -1);
  kept = g_string_new (NULL);
  for (guint i = 0; lines[i]; i++)
    {
      if (matches (lines[i], data))
        continue;
      if (kept->len > 0)
        g_string_append_c (kept, '\n');
      g_string_append (kept, lines[i]);
    }
  set_string (self, &self->extra_vcard, kept->str, PROP_EXTRA_VCARD);
}

/**
 * crm_contact_drop_kept_fields:
 * @company: (nullable): the company a kept structured ORG would stand for
 *
 * Leaves out of the extra-vcard the lines that stood for a company and for
 * notes (a structured ORG read as @company, several NOTEs): for a card
 * merged into a contact that keeps its own company or notes, whose other
 * lines are taken whole.
 */
void
crm_contact_drop_kept_fields (CrmContact *self,
                              const char *company,
                              gboolean    notes)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  if (company)
    drop_kept_lines (self, is_company_org_line, (gpointer) company);
  if (notes)
    drop_kept_lines (self, is_note_line, NULL);
}

void
crm_contact_set_name (CrmContact *self,
                      const char *name)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  if (self->name && g_strcmp0 (self->name, name) != 0)
    drop_kept_lines (self, is_n_line, NULL);
  set_string (self, &self->name, name, PROP_NAME);
}

void
crm_contact_set_company (CrmContact *self,
                         const char *company)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  if (self->company && g_strcmp0 (self->company, company) != 0)
    drop_kept_lines (self, is_company_org_line, self->company);
  set_string (self, &self->company, company, PROP_COMPANY);
}

void
crm_contact_set_job_title (CrmContact *self,
                           const char *job_title)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  set_string (self, &self->job_title, job_title, PROP_JOB_TITLE);
}

void
crm_contact_set_notes (CrmContact *self,
                       const char *notes)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  if (self->notes && g_strcmp0 (self->notes, notes) != 0)
    drop_kept_lines (self, is_note_line, NULL);
  set_string (self, &self->notes, notes, PROP_NOTES);
}

/* The card's unmodelled properties, "\n"-separated unfolded lines (no
 * final newline), UTF-8; NULL or "" for none. */
void
crm_contact_set_extra_vcard (CrmContact *self,
                             const char *extra_vcard)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  set_string (self, &self->extra_vcard, extra_vcard, PROP_EXTRA_VCARD);
}

void
crm_contact_set_times (CrmContact *self,
                       gint64      created,
                       gint64      updated)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  self->created = created;
  self->updated = updated;
}

const char *
crm_contact_get_email (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);
  return contact_values_preferred (self->emails);
}

const char *
crm_contact_get_phone (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);
  return contact_values_preferred (self->phones);
}

void
crm_contact_set_value_vcard (CrmContact *self,
                             gboolean    email,
                             guint       index,
                             const char *group,
                             const char *params)
{
  GArray *values;
  CrmContactValue *v;

  g_return_if_fail (CRM_IS_CONTACT (self));
  values = email ? self->emails : self->phones;
  g_return_if_fail (index < values->len);
  v = &g_array_index (values, CrmContactValue, index);
  g_free (v->group);
  v->group = (group && *group) ? g_strdup (group) : NULL;
  g_free (v->params);
  v->params = (params && *params) ? g_strdup (params) : NULL;
}

void
crm_contact_add_email (CrmContact *self,
                       const char *value,
                       const char *type,
                       gboolean    preferred)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_return_if_fail (value != NULL);
  contact_values_add (self->emails, value, type, preferred);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

void
crm_contact_add_phone (CrmContact *self,
                       const char *value,
                       const char *type,
                       gboolean    preferred)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_return_if_fail (value != NULL);
  contact_values_add (self->phones, value, type, preferred);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

void
crm_contact_set_preferred_email (CrmContact *self,
                                 const char *value)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  contact_values_set_preferred (self->emails, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

void
crm_contact_set_preferred_phone (CrmContact *self,
                                 const char *value)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  contact_values_set_preferred (self->phones, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

gboolean
crm_contact_has_email (CrmContact *self,
                       const char *value)
{
  for (guint i = 0; i < self->emails->len; i++)
    if (g_ascii_strcasecmp (g_array_index (self->emails, CrmContactValue, i).value, value) == 0)
      return TRUE;
  return FALSE;
}

void
crm_contact_clear_emails (CrmContact *self)
{
  g_array_set_size (self->emails, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

void
crm_contact_clear_phones (CrmContact *self)
{
  g_array_set_size (self->phones, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

static void
append_values_member (GString    *out,
                      gboolean   *first,
                      const char *name,
                      GArray     *values)
{
  if (values->len == 0)
    return;
  crm_json_append_member (out, first, name);
  g_string_append_c (out, '[');
  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      crm_json_append_string (out, g_array_index (values, CrmContactValue, i).value);
    }
  g_string_append_c (out, ']');
}

/* The `--list contacts` object of interfaces.md; unknown fields left out. */
void
crm_contact_append_json (CrmContact *self,
                         GString    *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  crm_json_append_member (out, &first, "id");
  g_string_append_printf (out, "%" G_GINT64_FORMAT, self->id);
  crm_json_append_string_member (out, &first, "uid", self->uid);
  crm_json_append_string_member (out, &first, "name", self->name);
  crm_json_append_string_member (out, &first, "email", crm_contact_get_email (self));
  append_values_member (out, &first, "emails", self->emails);
  crm_json_append_string_member (out, &first, "phone", crm_contact_get_phone (self));
  append_values_member (out, &first, "phones", self->phones);
  crm_json_append_string_member (out, &first, "company", self->company);
  crm_json_append_string_member (out, &first, "job_title", self->job_title);
  crm_json_append_string_member (out, &first, "notes", self->notes);
  g_string_append_c (out, '}');
}
