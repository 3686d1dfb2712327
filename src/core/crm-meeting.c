/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-meeting"

#include "config.h"

#include "crm-json.h"
#include "crm-meeting.h"

/* A meeting as stored: instants plus the zone they were entered in, so a
 * change of zone or DST never moves it. extra_ical keeps the VEVENT's
 * properties and sub-components we do not model, as iCalendar text, so
 * that an imported event exports again without loss. */
struct _CrmMeeting
{
  GObject parent_instance;

  gint64 id;
  char *uid;
  char *title;
  GDateTime *start;
  GDateTime *end;
  char *tzid;
  gboolean all_day;
  char *rrule;
  char *location;
  char *description;
  char *extra_ical;
  GArray *attendees;
  gint64 created;
  gint64 updated;
};

G_DEFINE_FINAL_TYPE (CrmMeeting, crm_meeting, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_START,
  PROP_END,
  PROP_LOCATION,
  PROP_DESCRIPTION,
  PROP_EXTRA_ICAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
attendee_clear (gpointer data)
{
  CrmAttendee *a = data;

  g_free (a->name);
  g_free (a->email);
}

static void
set_string (CrmMeeting  *self,
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
  if (prop)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
same_instant (GDateTime *a,
              GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_compare (a, b) == 0;
}

static void
crm_meeting_finalize (GObject *object)
{
  CrmMeeting *self = CRM_MEETING (object);

  g_free (self->uid);
  g_free (self->title);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_free (self->tzid);
  g_free (self->rrule);
  g_free (self->location);
  g_free (self->description);
  g_free (self->extra_ical);
  g_array_unref (self->attendees);
  G_OBJECT_CLASS (crm_meeting_parent_class)->finalize (object);
}

static void
crm_meeting_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrmMeeting *self = CRM_MEETING (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_START: g_value_set_boxed (value, self->start); break;
    case PROP_END: g_value_set_boxed (value, self->end); break;
    case PROP_LOCATION: g_value_set_string (value, self->location); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_EXTRA_ICAL: g_value_set_string (value, self->extra_ical); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_meeting_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CrmMeeting *self = CRM_MEETING (object);

  switch (prop_id)
    {
    case PROP_TITLE: crm_meeting_set_title (self, g_value_get_string (value)); break;
    case PROP_LOCATION: crm_meeting_set_location (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: crm_meeting_set_description (self, g_value_get_string (value)); break;
    case PROP_EXTRA_ICAL: crm_meeting_set_extra_ical (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_meeting_class_init (CrmMeetingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = crm_meeting_finalize;
  object_class->get_property = crm_meeting_get_property;
  object_class->set_property = crm_meeting_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_START] = g_param_spec_boxed ("start", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_END] = g_param_spec_boxed ("end", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_EXTRA_ICAL] = g_param_spec_string ("extra-ical", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_meeting_init (CrmMeeting *self)
{
  self->attendees = g_array_new (FALSE, TRUE, sizeof (CrmAttendee));
  g_array_set_clear_func (self->attendees, attendee_clear);
}

CrmMeeting *
crm_meeting_new (const char *title)
{
  CrmMeeting *self = g_object_new (CRM_TYPE_MEETING, NULL);

  self->title = g_strdup (title);
  return self;
}

/**
 * crm_meeting_copy:
 * Returns: (transfer full): a deep copy, ids and attendee links included
 */
CrmMeeting *
crm_meeting_copy (CrmMeeting *self)
{
  CrmMeeting *copy;

  g_return_val_if_fail (CRM_IS_MEETING (self), NULL);

  copy = crm_meeting_new (self->title);
  copy->id = self->id;
  copy->uid = g_strdup (self->uid);
  copy->start = self->start ? g_date_time_ref (self->start) : NULL;
  copy->end = self->end ? g_date_time_ref (self->end) : NULL;
  copy->tzid = g_strdup (self->tzid);
  copy->all_day = self->all_day;
  copy->rrule = g_strdup (self->rrule);
  copy->location = g_strdup (self->location);
  copy->description = g_strdup (self->description);
  copy->extra_ical = g_strdup (self->extra_ical);
  copy->created = self->created;
  copy->updated = self->updated;
  for (guint i = 0; i < self->attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (self->attendees, CrmAttendee, i);
      crm_meeting_add_attendee (copy, a->name, a->email, a->contact_id);
    }
  return copy;
}

/* Every stored field, for keeping a record out of memory (crm-change.c);
 * times as the store keeps them, Unix seconds. */

static GVariant *
unix_or_nothing (GDateTime *time)
{
  return g_variant_new_maybe (G_VARIANT_TYPE_INT64,
                              time ? g_variant_new_int64 (g_date_time_to_unix (time)) : NULL);
}

GVariant *
crm_meeting_to_variant (CrmMeeting *self)
{
  GVariantBuilder attendees;

  g_return_val_if_fail (CRM_IS_MEETING (self), NULL);
  g_variant_builder_init (&attendees, G_VARIANT_TYPE ("a(msmsx)"));
  for (guint i = 0; i < self->attendees->len; i++)
    {
      CrmAttendee *a = &g_array_index (self->attendees, CrmAttendee, i);
      g_variant_builder_add (&attendees, "(msmsx)", a->name, a->email, a->contact_id);
    }
  return g_variant_new ("(xmss@mx@mxmsbmsmsmsmsxx@a(msmsx))", self->id, self->uid,
                        self->title ? self->title : "", unix_or_nothing (self->start),
                        unix_or_nothing (self->end), self->tzid, self->all_day, self->rrule,
                        self->location, self->description, self->extra_ical, self->created,
                        self->updated, g_variant_builder_end (&attendees));
}

static GDateTime *
time_from_maybe (GVariant *maybe)
{
  g_autoptr(GVariant) inner = g_variant_get_maybe (maybe);

  return inner ? g_date_time_new_from_unix_utc (g_variant_get_int64 (inner)) : NULL;
}

/* Returns: (transfer full) (nullable): NULL when @variant is not one */
CrmMeeting *
crm_meeting_new_from_variant (GVariant *variant)
{
  g_autoptr(GVariant) start_v = NULL, end_v = NULL, attendees = NULL;
  g_autoptr(GDateTime) start = NULL, end = NULL;
  const char *uid, *title, *tzid, *rrule, *location, *description, *extra, *name, *email;
  gint64 id, created, updated, contact_id;
  gboolean all_day;
  CrmMeeting *self;
  GVariantIter iter;

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (CRM_MEETING_VARIANT_TYPE)))
    return NULL;
  g_variant_get (variant, "(xm&s&s@mx@mxm&sbm&sm&sm&sm&sxx@a(msmsx))", &id, &uid, &title, &start_v,
                 &end_v, &tzid, &all_day, &rrule, &location, &description, &extra, &created,
                 &updated, &attendees);
  self = crm_meeting_new (title);
  start = time_from_maybe (start_v);
  end = time_from_maybe (end_v);
  self->id = id;
  self->uid = g_strdup (uid);
  self->start = g_steal_pointer (&start);
  self->end = g_steal_pointer (&end);
  self->tzid = g_strdup (tzid);
  self->all_day = all_day;
  self->rrule = g_strdup (rrule);
  self->location = g_strdup (location);
  self->description = g_strdup (description);
  self->extra_ical = g_strdup (extra);
  self->created = created;
  self->updated = updated;
  g_variant_iter_init (&iter, attendees);
  while (g_variant_iter_next (&iter, "(m&sm&sx)", &name, &email, &contact_id))
    crm_meeting_add_attendee (self, name, email, contact_id);
  return self;
}

static gboolean
attendees_equal (GArray *a,
                 GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      CrmAttendee *x = &g_array_index (a, CrmAttendee, i);
      CrmAttendee *y = &g_array_index (b, CrmAttendee, i);
      if (g_strcmp0 (x->name, y->name) || g_strcmp0 (x->email, y->email) ||
          x->contact_id != y->contact_id)
        return FALSE;
    }
  return TRUE;
}

/* Equal in every stored field but the timestamps. */
gboolean
crm_meeting_equal (CrmMeeting *a,
                   CrmMeeting *b)
{
  return a->id == b->id && g_strcmp0 (a->uid, b->uid) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 && same_instant (a->start, b->start) &&
         same_instant (a->end, b->end) && g_strcmp0 (a->tzid, b->tzid) == 0 &&
         a->all_day == b->all_day && g_strcmp0 (a->rrule, b->rrule) == 0 &&
         g_strcmp0 (a->location, b->location) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->extra_ical, b->extra_ical) == 0 &&
         attendees_equal (a->attendees, b->attendees);
}

gint64 crm_meeting_get_id (CrmMeeting *self) { return self->id; }
const char *crm_meeting_get_uid (CrmMeeting *self) { return self->uid; }
const char *crm_meeting_get_title (CrmMeeting *self) { return self->title; }
GDateTime *crm_meeting_get_start (CrmMeeting *self) { return self->start; }
GDateTime *crm_meeting_get_end (CrmMeeting *self) { return self->end; }
const char *crm_meeting_get_tzid (CrmMeeting *self) { return self->tzid; }
gboolean crm_meeting_get_all_day (CrmMeeting *self) { return self->all_day; }
const char *crm_meeting_get_rrule (CrmMeeting *self) { return self->rrule; }
const char *crm_meeting_get_location (CrmMeeting *self) { return self->location; }
const char *crm_meeting_get_description (CrmMeeting *self) { return self->description; }
const char *crm_meeting_get_extra_ical (CrmMeeting *self) { return self->extra_ical; }
gint64 crm_meeting_get_created (CrmMeeting *self) { return self->created; }
gint64 crm_meeting_get_updated (CrmMeeting *self) { return self->updated; }
GArray *crm_meeting_get_attendees (CrmMeeting *self) { return self->attendees; }

void
crm_meeting_set_id (CrmMeeting *self,
                    gint64      id)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
crm_meeting_set_uid (CrmMeeting *self,
                     const char *uid)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->uid, uid, 0);
}

void
crm_meeting_set_title (CrmMeeting *self,
                       const char *title)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

void
crm_meeting_set_span (CrmMeeting *self,
                      GDateTime  *start,
                      GDateTime  *end)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  if (!same_instant (self->start, start))
    {
      g_clear_pointer (&self->start, g_date_time_unref);
      self->start = start ? g_date_time_ref (start) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (!same_instant (self->end, end))
    {
      g_clear_pointer (&self->end, g_date_time_unref);
      self->end = end ? g_date_time_ref (end) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
}

void
crm_meeting_set_tzid (CrmMeeting *self,
                      const char *tzid)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->tzid, tzid, 0);
}

void
crm_meeting_set_all_day (CrmMeeting *self,
                         gboolean    all_day)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  self->all_day = !!all_day;
}

void
crm_meeting_set_rrule (CrmMeeting *self,
                       const char *rrule)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->rrule, rrule, 0);
}

void
crm_meeting_set_location (CrmMeeting *self,
                          const char *location)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->location, location, PROP_LOCATION);
}

void
crm_meeting_set_description (CrmMeeting *self,
                             const char *description)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->description, description, PROP_DESCRIPTION);
}

/* The VEVENT's unmodelled properties and sub-components as iCalendar
 * text: unfolded content lines joined by "\n" (no final newline), a
 * sub-component as its BEGIN…END lines; NULL or "" for none. */
void
crm_meeting_set_extra_ical (CrmMeeting *self,
                            const char *extra_ical)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  set_string (self, &self->extra_ical, extra_ical, PROP_EXTRA_ICAL);
}

void
crm_meeting_set_times (CrmMeeting *self,
                       gint64      created,
                       gint64      updated)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  self->created = created;
  self->updated = updated;
}

void
crm_meeting_add_attendee (CrmMeeting *self,
                          const char *name,
                          const char *email,
                          gint64      contact_id)
{
  CrmAttendee a = { g_strdup (name), (email && *email) ? g_strdup (email) : NULL, contact_id };

  g_return_if_fail (CRM_IS_MEETING (self));
  g_return_if_fail (name != NULL);
  g_array_append_val (self->attendees, a);
}

void
crm_meeting_clear_attendees (CrmMeeting *self)
{
  g_return_if_fail (CRM_IS_MEETING (self));
  g_array_set_size (self->attendees, 0);
}

gboolean
crm_meeting_has_contact (CrmMeeting *self,
                         gint64      contact_id)
{
  for (guint i = 0; i < self->attendees->len; i++)
    if (g_array_index (self->attendees, CrmAttendee, i).contact_id == contact_id)
      return TRUE;
  return FALSE;
}

/**
 * crm_meeting_dup_attendee_names:
 * Returns: (transfer full): the attendees' names joined with ", "
 */
char *
crm_meeting_dup_attendee_names (CrmMeeting *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->attendees->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_array_index (self->attendees, CrmAttendee, i).name);
    }
  return g_string_free (s, FALSE);
}

static void
append_time_member (GString    *out,
                    gboolean   *first,
                    const char *name,
                    GDateTime  *value)
{
  g_autoptr(GDateTime) local = NULL;

  if (value == NULL)
    return;
  local = g_date_time_to_local (value);
  crm_json_append_member (out, first, name);
  crm_json_append_datetime (out, local);
}

/* The `--list meetings` object of interfaces.md: times in local time. */
void
crm_meeting_append_json (CrmMeeting *self,
                         GString    *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  crm_json_append_member (out, &first, "id");
  g_string_append_printf (out, "%" G_GINT64_FORMAT, self->id);
  crm_json_append_string_member (out, &first, "uid", self->uid);
  crm_json_append_string_member (out, &first, "title", self->title);
  append_time_member (out, &first, "start", self->start);
  append_time_member (out, &first, "end", self->end);
  crm_json_append_member (out, &first, "all_day");
  g_string_append (out, self->all_day ? "true" : "false");
  crm_json_append_string_member (out, &first, "location", self->location);
  crm_json_append_string_member (out, &first, "description", self->description);
  crm_json_append_member (out, &first, "attendees");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->attendees->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      crm_json_append_string (out, g_array_index (self->attendees, CrmAttendee, i).name);
    }
  g_string_append_c (out, ']');
  crm_json_append_string_member (out, &first, "rrule", self->rrule);
  g_string_append_c (out, '}');
}
