/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-contact-details.h"
#include "crm-edit.h"
#include "crm-format.h"
#include "crm-text-row.h"
#include "crm-vcard-fields.h"
#include "crm-window.h"

#define MEETINGS_SHOWN 50

struct _CrmContactDetails
{
  GtkWidget parent_instance;

  AdwPreferencesPage *page;
  AdwAvatar *avatar;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *uid_label;
  AdwEntryRow *name_row;
  AdwEntryRow *company_row;
  AdwEntryRow *job_title_row;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  CrmTextRow *notes_row;
  AdwPreferencesGroup *more_group;
  GtkListBox *more_list;
  GtkListBox *meetings_list;

  CrmStore *store;
  CrmContact *contact;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CrmContactDetails, crm_contact_details, GTK_TYPE_WIDGET)

static const char *
nonnull (const char *text)
{
  return text ? text : "";
}

/* A row the person is typing in keeps their text when the store changes. */
static void
set_row_text (CrmContactDetails *self,
              AdwEntryRow       *row,
              const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (row)) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), nonnull (text)) != 0)
    return;
  gtk_editable_set_text (GTK_EDITABLE (row), nonnull (text));
}

static void
fill_meetings (CrmContactDetails *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->meetings_list))))
    gtk_list_box_remove (self->meetings_list, child);
  if (self->contact == NULL)
    return;
  ids = crm_store_meeting_ids_with_contact (self->store, crm_contact_get_id (self->contact), NULL);
  if (ids == NULL || ids->len == 0)
    return;
  meetings = crm_store_get_meetings (self->store, (const gint64 *) (gpointer) ids->data,
                                     MIN (ids->len, MEETINGS_SHOWN), NULL);
  for (guint i = 0; meetings && i < meetings->len; i++)
    {
      CrmMeeting *meeting = g_ptr_array_index (meetings, i);
      g_autofree char *when = crm_format_span (crm_meeting_get_start (meeting), crm_meeting_get_end (meeting),
                                               crm_meeting_get_all_day (meeting), NULL);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_meeting_get_title (meeting));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show in the calendar"));
      g_object_set_data_full (G_OBJECT (row), "meeting", g_object_ref (meeting), g_object_unref);
      gtk_list_box_append (self->meetings_list, row);
    }
}

static gboolean
has_type (const char *types,
          const char *type)
{
  g_auto(GStrv) list = g_strsplit (types, ",", -1);

  return g_strv_contains ((const char * const *) list, type);
}

/* "April 1" for "--0401", "March 22, 1980"; as written when not a date. */
static char *
birthday_text (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (!crm_vcard_parse_date (text, &year, &month, &day))
    return g_strdup (text);
  date = g_date_time_new_utc (year ? year : 2000, month, day, 0, 0, 0);
  /* Translators: a birthday, see strftime(3) */
  return g_date_time_format (date, year ? _("%B %-d, %Y") : _("%B %-d"));
}

static const char *
field_title (const CrmVcardField *field)
{
  switch (field->kind)
    {
    case CRM_VCARD_FIELD_NICKNAME: return _("Nickname");
    case CRM_VCARD_FIELD_BIRTHDAY: return _("Birthday");
    case CRM_VCARD_FIELD_WEBSITE: return _("Website");
    case CRM_VCARD_FIELD_ADDRESS:
    default:
      if (has_type (field->types, "home"))
        return _("Home Address");
      if (has_type (field->types, "work"))
        return _("Work Address");
      return _("Address");
    }
}

static void
add_more_row (CrmContactDetails *self,
              const char        *title,
              const char        *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->more_list, row);
}

/* "Email (home)": the card's own words for the kind, as it wrote them. */
static char *
value_title (const char            *kind,
             const CrmContactValue *value)
{
  if (value->type == NULL)
    return g_strdup (kind);
  /* Translators: "Email (home)", "Phone (cell)" */
  return g_strdup_printf (_("%s (%s)"), kind, value->type);
}

/* Every email or phone but the one its entry row above shows. */
static guint
add_other_values (CrmContactDetails *self,
                  GArray            *values,
                  const char        *shown,
                  const char        *kind)
{
  gboolean skipped = FALSE;
  guint added = 0;

  for (guint i = 0; i < values->len; i++)
    {
      const CrmContactValue *v = &g_array_index (values, CrmContactValue, i);
      g_autofree char *title = NULL;

      if (!skipped && g_strcmp0 (v->value, shown) == 0)
        {
          skipped = TRUE;
          continue;
        }
      title = value_title (kind, v);
      add_more_row (self, title, v->value);
      added++;
    }
  return added;
}

/* Read-only: a contact's other emails and phones, and the kept vCard
 * properties people care about, the label small above the value, as the
 * entry rows above show theirs. */
static void
fill_more (CrmContactDetails *self)
{
  CrmContact *c = self->contact;
  g_autoptr(GArray) fields = crm_vcard_fields_from_extra (crm_contact_get_extra_vcard (c));
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->more_list))))
    gtk_list_box_remove (self->more_list, child);
  n = add_other_values (self, crm_contact_get_emails (c), crm_contact_get_email (c), _("Email")) +
      add_other_values (self, crm_contact_get_phones (c), crm_contact_get_phone (c), _("Phone"));
  for (guint i = 0; i < fields->len; i++)
    {
      const CrmVcardField *field = &g_array_index (fields, CrmVcardField, i);
      g_autofree char *text = field->kind == CRM_VCARD_FIELD_BIRTHDAY
                              ? birthday_text (field->text) : g_strdup (field->text);

      add_more_row (self, field_title (field), text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_group), n + fields->len > 0);
}

static void
fill (CrmContactDetails *self)
{
  CrmContact *c = self->contact;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *uid = NULL;

  if (c == NULL)
    return;
  adw_avatar_set_text (self->avatar, crm_contact_get_name (c));
  gtk_label_set_text (self->title_label, crm_contact_get_name (c));
  if (crm_contact_get_job_title (c))
    g_string_append (subtitle, crm_contact_get_job_title (c));
  if (crm_contact_get_company (c))
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? _(" at ") : "", crm_contact_get_company (c));
  gtk_label_set_text (self->subtitle_label, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle->len > 0);
  set_row_text (self, self->name_row, crm_contact_get_name (c));
  set_row_text (self, self->company_row, crm_contact_get_company (c));
  set_row_text (self, self->job_title_row, crm_contact_get_job_title (c));
  set_row_text (self, self->email_row, crm_contact_get_email (c));
  set_row_text (self, self->phone_row, crm_contact_get_phone (c));
  crm_text_row_update (self->notes_row, crm_contact_get_notes (c));
  /* Translators: the identifier address-book files know this contact by */
  uid = crm_contact_get_uid (c) ? g_strdup_printf (_("vCard UID: %s"), crm_contact_get_uid (c)) : NULL;
  gtk_label_set_text (self->uid_label, uid ? uid : "");
  fill_more (self);
  fill_meetings (self);
}

static void
reload (CrmContactDetails *self)
{
  g_autoptr(CrmContact) fresh = NULL;

  if (self->contact == NULL || self->store == NULL)
    return;
  fresh = crm_store_get_contact (self->store, crm_contact_get_id (self->contact), NULL);
  if (fresh == NULL)
    return; /* deleted: the list's selection moves on and says which to show */
  g_set_object (&self->contact, fresh);
  fill (self);
}

/* Replaces the preferred email or phone, keeping the others. */
static void
replace_preferred (CrmContact *contact,
                   gboolean    email,
                   const char *value)
{
  g_autoptr(GArray) old = g_array_ref (email ? crm_contact_get_emails (contact) : crm_contact_get_phones (contact));
  const char *preferred = email ? crm_contact_get_email (contact) : crm_contact_get_phone (contact);
  g_autofree char *was = g_strdup (preferred);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < old->len; i++)
    {
      CrmContactValue *v = &g_array_index (old, CrmContactValue, i);
      if (g_strcmp0 (v->value, was) == 0)
        continue;
      g_ptr_array_add (keep, g_strdup (v->value));
      g_ptr_array_add (types, g_strdup (v->type));
    }
  if (email)
    crm_contact_clear_emails (contact);
  else
    crm_contact_clear_phones (contact);
  if (value[0] != '\0')
    {
      if (email)
        crm_contact_add_email (contact, value, NULL, TRUE);
      else
        crm_contact_add_phone (contact, value, NULL, TRUE);
    }
  for (guint i = 0; i < keep->len; i++)
    {
      if (email)
        crm_contact_add_email (contact, keep->pdata[i], types->pdata[i], FALSE);
      else
        crm_contact_add_phone (contact, keep->pdata[i], types->pdata[i], FALSE);
    }
}

static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrmContactDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmChange) change = crm_edit_finish (result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (change == NULL)
    {
      if (CRM_IS_WINDOW (root))
        crm_window_show_error (CRM_WINDOW (root), error->message);
      reload (self);
      return;
    }
  if (CRM_IS_WINDOW (root))
    crm_window_record_change (CRM_WINDOW (root), change, _("Saved."));
}

static void apply_value (CrmContactDetails *self,
                         GtkWidget         *row,
                         char              *value);

static void
row_apply_cb (CrmContactDetails *self,
              AdwEntryRow       *row)
{
  g_autofree char *value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  apply_value (self, GTK_WIDGET (row), value);
}

static void
text_row_apply_cb (CrmContactDetails *self,
                   CrmTextRow        *row)
{
  g_autofree char *value = crm_text_row_dup_text (row);

  apply_value (self, GTK_WIDGET (row), value);
}

/* @value (stripped here) from @row, saved as one undoable edit. */
static void
apply_value (CrmContactDetails *self,
             GtkWidget         *row,
             char              *value)
{
  g_autoptr(CrmContact) after = NULL;
  g_autofree char *label = NULL;

  if (self->contact == NULL)
    return;
  g_strstrip (value);
  after = crm_contact_copy (self->contact);
  if (row == GTK_WIDGET (self->name_row))
    {
      if (value[0] == '\0')
        {
          set_row_text (self, self->name_row, crm_contact_get_name (self->contact));
          return;
        }
      crm_contact_set_name (after, value);
    }
  else if (row == GTK_WIDGET (self->company_row))
    crm_contact_set_company (after, value[0] ? value : NULL);
  else if (row == GTK_WIDGET (self->job_title_row))
    crm_contact_set_job_title (after, value[0] ? value : NULL);
  else if (row == GTK_WIDGET (self->notes_row))
    crm_contact_set_notes (after, value[0] ? value : NULL);
  else
    replace_preferred (after, row == GTK_WIDGET (self->email_row), value);
  if (crm_contact_equal (after, self->contact))
    return;
  label = g_strdup_printf (_("Edit %s"), crm_contact_get_name (self->contact));
  crm_edit_async (self->store, label, G_OBJECT (self->contact), G_OBJECT (after),
                  self->cancellable, edited_cb, g_object_ref (self));
}

static void
meeting_activated_cb (CrmContactDetails *self,
                      GtkListBoxRow     *row)
{
  CrmMeeting *meeting = g_object_get_data (G_OBJECT (row), "meeting");

  if (meeting)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-meeting", "x", crm_meeting_get_id (meeting));
}

/* Escape leaves the pane: unsaved text goes back to what is stored, and
 * the focus returns to the list it came from. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  CrmContactDetails *self = CRM_CONTACT_DETAILS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Let the focused row take the stored text too. */
  if (root)
    gtk_root_set_focus (root, NULL);
  fill (self);
  gtk_widget_activate_action (widget, "contacts.focus-list", NULL);
  /* The focus moved on a key: show where it went, as Tab would. */
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  return TRUE;
}

static void
crm_contact_details_dispose (GObject *object)
{
  CrmContactDetails *self = CRM_CONTACT_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACT_DETAILS);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->contact);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (crm_contact_details_parent_class)->dispose (object);
}

static void
crm_contact_details_class_init (CrmContactDetailsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_contact_details_dispose;
  g_type_ensure (CRM_TYPE_TEXT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-contact-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, page);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, uid_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, name_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, company_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, email_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, more_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, more_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactDetails, meetings_list);
  gtk_widget_class_bind_template_callback (widget_class, row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, meeting_activated_cb);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
crm_contact_details_init (CrmContactDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
crm_contact_details_set_store (CrmContactDetails *self,
                               CrmStore          *store)
{
  g_return_if_fail (CRM_IS_CONTACT_DETAILS (self));

  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
}

void
crm_contact_details_set_id (CrmContactDetails *self,
                            gint64             id)
{
  g_autoptr(CrmContact) contact = NULL;

  g_return_if_fail (CRM_IS_CONTACT_DETAILS (self));

  if (id > 0 && self->store)
    contact = crm_store_get_contact (self->store, id, NULL);
  if (self->contact && contact && crm_contact_get_id (self->contact) == id && crm_contact_equal (self->contact, contact))
    return;
  g_set_object (&self->contact, contact);
  fill (self);
}

gint64
crm_contact_details_get_id (CrmContactDetails *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_DETAILS (self), 0);
  return self->contact ? crm_contact_get_id (self->contact) : 0;
}

CrmContact *
crm_contact_details_get_contact (CrmContactDetails *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_DETAILS (self), NULL);
  return self->contact;
}

void
crm_contact_details_focus (CrmContactDetails *self)
{
  g_return_if_fail (CRM_IS_CONTACT_DETAILS (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

GtkWidget *
crm_contact_details_get_row (CrmContactDetails *self,
                             const char        *field)
{
  g_return_val_if_fail (CRM_IS_CONTACT_DETAILS (self), NULL);

  if (g_str_equal (field, "name")) return GTK_WIDGET (self->name_row);
  if (g_str_equal (field, "company")) return GTK_WIDGET (self->company_row);
  if (g_str_equal (field, "job-title")) return GTK_WIDGET (self->job_title_row);
  if (g_str_equal (field, "email")) return GTK_WIDGET (self->email_row);
  if (g_str_equal (field, "phone")) return GTK_WIDGET (self->phone_row);
  if (g_str_equal (field, "notes")) return GTK_WIDGET (self->notes_row);
  return NULL;
}

GtkListBox *
crm_contact_details_get_meetings (CrmContactDetails *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_DETAILS (self), NULL);
  return self->meetings_list;
}
