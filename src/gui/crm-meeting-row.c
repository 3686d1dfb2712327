/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-format.h"
#include "crm-meeting-row.h"

struct _CrmMeetingRow
{
  GtkWidget parent_instance;

  GtkLabel *when_label;
  GtkLabel *title_label;
  GtkLabel *who_label;
};

G_DEFINE_FINAL_TYPE (CrmMeetingRow, crm_meeting_row, GTK_TYPE_WIDGET)

static void
crm_meeting_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRM_TYPE_MEETING_ROW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (crm_meeting_row_parent_class)->dispose (object);
}

static void
crm_meeting_row_class_init (CrmMeetingRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_meeting_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-meeting-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMeetingRow, who_label);
}

static void
crm_meeting_row_init (CrmMeetingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
crm_meeting_row_new (void)
{
  return g_object_new (CRM_TYPE_MEETING_ROW, NULL);
}

void
crm_meeting_row_set_meeting (CrmMeetingRow *self,
                             CrmMeeting    *meeting)
{
  g_autofree char *when = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GString) who = g_string_new (NULL);

  g_return_if_fail (CRM_IS_MEETING_ROW (self));

  if (meeting == NULL)
    return;
  when = crm_format_span (crm_meeting_get_start (meeting), crm_meeting_get_end (meeting),
                          crm_meeting_get_all_day (meeting), NULL);
  names = crm_meeting_dup_attendee_names (meeting);
  if (names && names[0])
    g_string_append_printf (who, _("with %s"), names);
  if (crm_meeting_get_location (meeting))
    g_string_append_printf (who, "%s%s", who->len ? " · " : "", crm_meeting_get_location (meeting));
  gtk_label_set_text (self->when_label, when);
  gtk_label_set_text (self->title_label, crm_meeting_get_title (meeting));
  gtk_label_set_text (self->who_label, who->str);
  gtk_widget_set_visible (GTK_WIDGET (self->who_label), who->len > 0);
  /* Read as one line: "Budget review, Thu, May 22 10:00–11:00, with Sam Lee". */
  g_string_prepend (who, who->len ? ", " : "");
  g_string_prepend (who, when);
  g_string_prepend (who, ", ");
  g_string_prepend (who, crm_meeting_get_title (meeting));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, who->str, -1);
}
