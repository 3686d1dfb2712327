/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-edit.h"
#include "crm-format.h"
#include "crm-meeting-details.h"
#include "crm-text-row.h"
#include "crm-window.h"

struct _CrmMeetingDetails
{
  GtkWidget parent_instance;

  GtkLabel *heading_label;
  GtkLabel *when_label;
  GtkLabel *repeat_label;   /* the recurrence rule in words, when there is one */
  GtkLabel *uid_label;
  AdwEntryRow *title_row;
  AdwEntryRow *date_row;
  AdwEntryRow *start_row;
  AdwEntryRow *end_row;
  AdwEntryRow *location_row;
  CrmTextRow *description_row;
  AdwEntryRow *attendees_row;
  GtkListBox *attendees_list;

  CrmStore *store;
  CrmMeeting *meeting;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CrmMeetingDetails, crm_meeting_details, GTK_TYPE_WIDGET)

enum {
  SIGNAL_GONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_row_text (CrmMeetingDetails *self,
              AdwEntryRow       *row,
              const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (text == NULL)
    text = "";
  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (row)) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    return;
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static GtkWidget *
attendee_row (CrmAttendee *a)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (a->email)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), a->email);
  if (a->contact_id)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show the contact"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-contact");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (a->contact_id));
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add Contact"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.add-contact");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (a->name));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not a contact yet"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
fill (CrmMeetingDetails *self)
{
  CrmMeeting *m = self->meeting;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *span = NULL, *date = NULL, *t0 = NULL, *t1 = NULL, *names = NULL;
  g_autofree char *repeat = NULL, *uid = NULL;
  GArray *attendees;
  GtkWidget *child;

  if (m == NULL)
    return;
  start = g_date_time_to_local (crm_meeting_get_start (m));
  end = g_date_time_to_local (crm_meeting_get_end (m) ? crm_meeting_get_end (m) : crm_meeting_get_start (m));
  span = crm_format_span (start, end, crm_meeting_get_all_day (m), NULL);
  date = g_date_time_format (start, "%Y-%m-%d");
  t0 = g_date_time_format (start, "%H:%M");
  t1 = g_date_time_format (end, "%H:%M");
  names = crm_meeting_dup_attendee_names (m);

  gtk_label_set_text (self->heading_label, crm_meeting_get_title (m));
  gtk_label_set_text (self->when_label, span);
  repeat = crm_format_recurrence (crm_meeting_get_rrule (m));
  gtk_label_set_text (self->repeat_label, repeat ? repeat : "");
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_label), repeat != NULL);
  /* Translators: the identifier calendar files know this meeting by */
  uid = crm_meeting_get_uid (m) ? g_strdup_printf (_("Calendar UID: %s"), crm_meeting_get_uid (m)) : NULL;
  gtk_label_set_text (self->uid_label, uid ? uid : "");
  set_row_text (self, self->title_row, crm_meeting_get_title (m));
  set_row_text (self, self->date_row, date);
  set_row_text (self, self->start_row, t0);
  set_row_text (self, self->end_row, t1);
  set_row_text (self, self->location_row, crm_meeting_get_location (m));
  crm_text_row_update (self->description_row, crm_meeting_get_description (m));
  set_row_text (self, self->attendees_row, names);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attendees_list))))
    gtk_list_box_remove (self->attendees_list, child);
  attendees = crm_meeting_get_attendees (m);
  for (guint i = 0; attendees && i < attendees->len; i++)
    gtk_list_box_append (self->attendees_list, attendee_row (&g_array_index (attendees, CrmAttendee, i)));
}

static void
reload (CrmMeetingDetails *self)
{
  g_autoptr(CrmMeeting) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->meeting == NULL || self->store == NULL)
    return;
  fresh = crm_store_get_meeting (self->store, crm_meeting_get_id (self->meeting), &error);
  if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
    {
      /* Cancelled, or taken away by an undo: nothing left to show. */
      g_clear_object (&self->meeting);
      g_signal_emit (self, signals[SIGNAL_GONE], 0);
      return;
    }
  if (fresh == NULL)
    return;
  g_set_object (&self->meeting, fresh);
  fill (self);
}

/* The date and time rows, read back; FALSE when one does not parse. */
static gboolean
read_span (CrmMeetingDetails  *self,
           GDateTime         **start,
           GDateTime         **end)
{
  int y, mo, d, h0, m0, h1, m1;
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *t0 = gtk_editable_get_text (GTK_EDITABLE (self->start_row));
  const char *t1 = gtk_editable_get_text (GTK_EDITABLE (self->end_row));

  if (sscanf (date, "%d-%d-%d", &y, &mo, &d) != 3 ||
      sscanf (t0, "%d:%d", &h0, &m0) != 2 || sscanf (t1, "%d:%d", &h1, &m1) != 2)
    return FALSE;
  *start = g_date_time_new_local (y, mo, d, h0, m0, 0);
  *end = g_date_time_new_local (y, mo, d, h1, m1, 0);
  if (*start == NULL || *end == NULL || g_date_time_compare (*end, *start) <= 0)
    {
      g_clear_pointer (start, g_date_time_unref);
      g_clear_pointer (end, g_date_time_unref);
      return FALSE;
    }
  return TRUE;
}

/* Names typed in the attendees row: those already there keep their link;
 * a new name links to the one contact of that name, if there is one. */
static void
set_attendees (CrmMeetingDetails *self,
               CrmMeeting        *after,
               const char        *text)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);
  GArray *old = crm_meeting_get_attendees (self->meeting);

  crm_meeting_clear_attendees (after);
  for (guint i = 0; names[i]; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean kept = FALSE;
      g_autoptr(GPtrArray) found = NULL;

      if (name[0] == '\0')
        continue;
      for (guint j = 0; old && j < old->len && !kept; j++)
        {
          CrmAttendee *a = &g_array_index (old, CrmAttendee, j);
          if (g_utf8_collate (a->name, name) == 0)
            {
              crm_meeting_add_attendee (after, a->name, a->email, a->contact_id);
              kept = TRUE;
            }
        }
      if (kept)
        continue;
      found = crm_store_find_contacts_by_name (self->store, name, NULL);
      if (found && found->len == 1)
        {
          CrmContact *c = g_ptr_array_index (found, 0);
          crm_meeting_add_attendee (after, crm_contact_get_name (c), crm_contact_get_email (c), crm_contact_get_id (c));
        }
      else
        crm_meeting_add_attendee (after, name, NULL, 0);
    }
}

static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrmMeetingDetails) self = user_data;
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

static void apply_value (CrmMeetingDetails *self,
                         GtkWidget         *row,
                         char              *value);

static void
row_apply_cb (CrmMeetingDetails *self,
              AdwEntryRow       *row)
{
  g_autofree char *value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  apply_value (self, GTK_WIDGET (row), value);
}

static void
text_row_apply_cb (CrmMeetingDetails *self,
                   CrmTextRow        *row)
{
  g_autofree char *value = crm_text_row_dup_text (row);

  apply_value (self, GTK_WIDGET (row), value);
}

/* @value (stripped here) from @row, saved as one undoable edit. */
static void
apply_value (CrmMeetingDetails *self,
             GtkWidget         *row,
             char              *value)
{
  g_autoptr(CrmMeeting) after = NULL;
  g_autofree char *label = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->meeting == NULL)
    return;
  g_strstrip (value);
  after = crm_meeting_copy (self->meeting);
  if (row == GTK_WIDGET (self->title_row) && value[0])
    crm_meeting_set_title (after, value);
  else if (row == GTK_WIDGET (self->location_row))
    crm_meeting_set_location (after, value[0] ? value : NULL);
  else if (row == GTK_WIDGET (self->description_row))
    crm_meeting_set_description (after, value[0] ? value : NULL);
  else if (row == GTK_WIDGET (self->attendees_row))
    set_attendees (self, after, value);
  else if (row == GTK_WIDGET (self->date_row) || row == GTK_WIDGET (self->start_row) ||
           row == GTK_WIDGET (self->end_row))
    {
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;

      if (!read_span (self, &start, &end))
        {
          if (CRM_IS_WINDOW (root))
            crm_window_show_error (CRM_WINDOW (root),
                                   _("Write the date as 2025-05-28 and times as 15:00, ending after the start."));
          return;
        }
      crm_meeting_set_span (after, start, end);
    }
  if (crm_meeting_equal (after, self->meeting))
    {
      fill (self);
      return;
    }
  label = g_strdup_printf (_("Edit “%s”"), crm_meeting_get_title (self->meeting));
  crm_edit_async (self->store, label, G_OBJECT (self->meeting), G_OBJECT (after),
                  self->cancellable, edited_cb, g_object_ref (self));
}

static void
attendee_activated_cb (CrmMeetingDetails *self,
                       GtkListBoxRow     *row)
{
  /* The row is actionable; activation runs win.show-contact. */
}

/* Escape leaves the pane: unsaved text goes back to what is stored, and
 * the focus returns to the agenda. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  CrmMeetingDetails *self = CRM_MEETING_DETAILS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root)
    gtk_root_set_focus (root, NULL);
  fill (self);
  gtk_widget_activate_action (widget, "calendar.back", NULL);
  /* The focus moved on a key: show where it went, as Tab would. */
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  return TRUE;
}

static void
crm_meeting_details_dispose (GObject *object)
{
  CrmMeetingDetails *self = CRM_MEETING_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_MEETING_DETAILS);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->store);
  g_clear_object (&self->meeting);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (crm_meeting_details_parent_class)->dispose (object);
}

static void
crm_meeting_details_class_init (CrmMeetingDetailsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_meeting_details_dispose;

  /**
   * CrmMeetingDetails::gone:
   *
   * The meeting shown was deleted (cancelled, or an undo took it away).
   */
  signals[SIGNAL_GONE] = g_signal_new ("gone", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_type_ensure (CRM_TYPE_TEXT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-meeting-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, when_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, repeat_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, uid_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, title_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, date_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, start_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, end_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, location_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, description_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, attendees_row);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingDetails, attendees_list);
  gtk_widget_class_bind_template_callback (widget_class, row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, attendee_activated_cb);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
crm_meeting_details_init (CrmMeetingDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
crm_meeting_details_set_store (CrmMeetingDetails *self,
                               CrmStore          *store)
{
  g_return_if_fail (CRM_IS_MEETING_DETAILS (self));

  g_set_object (&self->store, store);
  g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
}

void
crm_meeting_details_set_id (CrmMeetingDetails *self,
                            gint64             id)
{
  g_autoptr(CrmMeeting) meeting = NULL;

  g_return_if_fail (CRM_IS_MEETING_DETAILS (self));

  if (id > 0 && self->store)
    meeting = crm_store_get_meeting (self->store, id, NULL);
  g_set_object (&self->meeting, meeting);
  fill (self);
}

CrmMeeting *
crm_meeting_details_get_meeting (CrmMeetingDetails *self)
{
  g_return_val_if_fail (CRM_IS_MEETING_DETAILS (self), NULL);
  return self->meeting;
}

GtkWidget *
crm_meeting_details_get_row (CrmMeetingDetails *self,
                             const char        *field)
{
  g_return_val_if_fail (CRM_IS_MEETING_DETAILS (self), NULL);

  if (g_str_equal (field, "title")) return GTK_WIDGET (self->title_row);
  if (g_str_equal (field, "date")) return GTK_WIDGET (self->date_row);
  if (g_str_equal (field, "start")) return GTK_WIDGET (self->start_row);
  if (g_str_equal (field, "end")) return GTK_WIDGET (self->end_row);
  if (g_str_equal (field, "location")) return GTK_WIDGET (self->location_row);
  if (g_str_equal (field, "description")) return GTK_WIDGET (self->description_row);
  if (g_str_equal (field, "attendees")) return GTK_WIDGET (self->attendees_row);
  return NULL;
}

void
crm_meeting_details_focus (CrmMeetingDetails *self)
{
  g_return_if_fail (CRM_IS_MEETING_DETAILS (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}
