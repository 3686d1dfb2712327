/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-candidates-dialog.h"
#include "crm-contact.h"
#include "crm-format.h"
#include "crm-meeting.h"

struct _CrmCandidatesDialog
{
  AdwMessageDialog parent_instance;

  GtkListBox *list;
  CrmCommand *command;
  gboolean answered;
};

G_DEFINE_FINAL_TYPE (CrmCandidatesDialog, crm_candidates_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
answer (CrmCandidatesDialog *self,
        gint64               id)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, id);
}

static GtkWidget *
candidate_row (GObject *record)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  gint64 *id = g_new (gint64, 1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (CRM_IS_CONTACT (record))
    {
      CrmContact *c = CRM_CONTACT (record);

      *id = crm_contact_get_id (c);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_contact_get_name (c));
      const char *parts[] = { crm_contact_get_company (c), crm_contact_get_email (c), crm_contact_get_phone (c) };
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] && parts[i][0])
          g_string_append_printf (text, "%s%s", text->len ? " · " : "", parts[i]);
      subtitle = g_strdup (text->str);
    }
  else
    {
      CrmMeeting *m = CRM_MEETING (record);
      g_autofree char *names = crm_meeting_dup_attendee_names (m);
      g_autofree char *span = crm_format_span (crm_meeting_get_start (m), crm_meeting_get_end (m),
                                               crm_meeting_get_all_day (m), NULL);

      *id = crm_meeting_get_id (m);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_meeting_get_title (m));
      subtitle = names && names[0] ? g_strdup_printf ("%s · %s", span, names) : g_strdup (span);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "record-id", id, g_free);
  return row;
}

static void
row_activated_cb (CrmCandidatesDialog *self,
                  GtkListBoxRow       *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "record-id");

  answer (self, id ? *id : 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
response_cb (CrmCandidatesDialog *self,
             const char          *response)
{
  answer (self, 0);
}

static void
crm_candidates_dialog_dispose (GObject *object)
{
  CrmCandidatesDialog *self = CRM_CANDIDATES_DIALOG (object);

  g_clear_object (&self->command);
  G_OBJECT_CLASS (crm_candidates_dialog_parent_class)->dispose (object);
}

static void
crm_candidates_dialog_class_init (CrmCandidatesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_candidates_dialog_dispose;
  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-candidates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCandidatesDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
crm_candidates_dialog_init (CrmCandidatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmCandidatesDialog *
crm_candidates_dialog_new (GtkWindow  *parent,
                           CrmCommand *command,
                           const char *question,
                           GPtrArray  *candidates)
{
  CrmCandidatesDialog *self;

  self = g_object_new (CRM_TYPE_CANDIDATES_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "body", question,
                       NULL);
  self->command = command ? g_object_ref (command) : NULL;
  for (guint i = 0; candidates && i < candidates->len; i++)
    gtk_list_box_append (self->list, candidate_row (g_ptr_array_index (candidates, i)));
  return self;
}

CrmCommand *
crm_candidates_dialog_get_command (CrmCandidatesDialog *self)
{
  g_return_val_if_fail (CRM_IS_CANDIDATES_DIALOG (self), NULL);
  return self->command;
}

void
crm_candidates_dialog_choose (CrmCandidatesDialog *self,
                              guint                index)
{
  GtkListBoxRow *row;

  g_return_if_fail (CRM_IS_CANDIDATES_DIALOG (self));

  row = gtk_list_box_get_row_at_index (self->list, index);
  if (row)
    row_activated_cb (self, row);
}

gint64
crm_candidates_dialog_get_id (CrmCandidatesDialog *self,
                              guint                index)
{
  GtkListBoxRow *row;
  gint64 *id;

  g_return_val_if_fail (CRM_IS_CANDIDATES_DIALOG (self), 0);

  row = gtk_list_box_get_row_at_index (self->list, index);
  id = row ? g_object_get_data (G_OBJECT (row), "record-id") : NULL;
  return id ? *id : 0;
}
