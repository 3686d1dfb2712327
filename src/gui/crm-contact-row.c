/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-contact-row.h"

struct _CrmContactRow
{
  GtkWidget parent_instance;

  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *company_label;
  GtkLabel *email_label;
};

G_DEFINE_FINAL_TYPE (CrmContactRow, crm_contact_row, GTK_TYPE_WIDGET)

static void
set_optional (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static void
crm_contact_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRM_TYPE_CONTACT_ROW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (crm_contact_row_parent_class)->dispose (object);
}

static void
crm_contact_row_class_init (CrmContactRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_contact_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrmContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactRow, company_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactRow, email_label);
}

static void
crm_contact_row_init (CrmContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
crm_contact_row_new (void)
{
  return g_object_new (CRM_TYPE_CONTACT_ROW, NULL);
}

/* A list row is read as one line: "Maria Lopez, Acme, maria@acme.com". */
static void
update_accessible_label (CrmContactRow *self,
                         CrmContact    *contact)
{
  const char *parts[] = {
    contact ? crm_contact_get_name (contact) : NULL,
    contact ? crm_contact_get_company (contact) : NULL,
    contact ? crm_contact_get_email (contact) : NULL,
  };
  g_autoptr(GString) label = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] && parts[i][0])
      g_string_append_printf (label, "%s%s", label->len ? ", " : "", parts[i]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

void
crm_contact_row_set_contact (CrmContactRow *self,
                             CrmContact    *contact)
{
  const char *name;

  g_return_if_fail (CRM_IS_CONTACT_ROW (self));

  name = contact ? crm_contact_get_name (contact) : "";
  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  set_optional (self->company_label, contact ? crm_contact_get_company (contact) : NULL);
  set_optional (self->email_label, contact ? crm_contact_get_email (contact) : NULL);
  update_accessible_label (self, contact);
}
