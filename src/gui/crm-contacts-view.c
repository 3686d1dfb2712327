/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-contact-row.h"
#include "crm-contacts-view.h"
#include "crm-window.h"

struct _CrmContactsView
{
  GtkWidget parent_instance;

  GtkPaned *paned;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_page;
  GtkLabel *count_label;
  GtkStack *details_stack;
  AdwBin *details_page;          /* holds the details once built */
  CrmContactDetails *details;    /* NULL until a contact is first selected */

  CrmStore *store;
  CrmRecordList *model;
  GtkSliceListModel *shown;      /* the model, only its first rows until the first frame */
  GtkSingleSelection *selection;
  gulong after_paint_id;
  char *live_query;
  gint64 last_selected;  /* kept through filtering that hides it a moment */
};

G_DEFINE_FINAL_TYPE (CrmContactsView, crm_contacts_view, GTK_TYPE_WIDGET)

/* GTK 4.8's list view keeps up to 200 rows alive whatever its height
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS), and builds and binds them all before its
 * first frame. Until that frame it is shown only as many rows as fit in the
 * window's height, or the tallest monitor's when it opens maximized (a row
 * is at least its 32 px avatar tall): the rest of the list is handed over
 * right after. */
#define ROW_MIN_HEIGHT 32
/* Less than what the header bar, search entry, action bar and command bar
 * take from the window's height (about 220 px with Adwaita). */
#define CHROME_MIN_HEIGHT 160

static guint
first_frame_rows (CrmContactsView *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int tallest = 0;
  int width, height = 0;   /* GTK 4.8 writes both */

  /* Maximizing before the window is shown is remembered and reported. */
  if (GTK_IS_WINDOW (root) && !gtk_window_is_maximized (GTK_WINDOW (root)) &&
      !gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      tallest = MAX (tallest, geometry.height);
    }
  if (height > 0 && (tallest == 0 || height < tallest))
    tallest = height;
  return tallest > 0 ? CLAMP ((tallest - CHROME_MIN_HEIGHT) / ROW_MIN_HEIGHT + 2, 8, 200) : 64;
}

static void
show_all_rows (CrmContactsView *self)
{
  if (self->after_paint_id)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock)
        g_signal_handler_disconnect (clock, self->after_paint_id);
      self->after_paint_id = 0;
    }
  if (self->shown && gtk_slice_list_model_get_size (self->shown) != G_MAXUINT)
    gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
}

static void
after_first_paint_cb (GdkFrameClock   *clock,
                      CrmContactsView *self)
{
  show_all_rows (self);
}

static void
crm_contacts_view_realize (GtkWidget *widget)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);

  GTK_WIDGET_CLASS (crm_contacts_view_parent_class)->realize (widget);
  if (self->after_paint_id == 0 && self->shown && gtk_slice_list_model_get_size (self->shown) != G_MAXUINT)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_first_paint_cb), self);
}

static void
crm_contacts_view_unrealize (GtkWidget *widget)
{
  show_all_rows (CRM_CONTACTS_VIEW (widget));
  GTK_WIDGET_CLASS (crm_contacts_view_parent_class)->unrealize (widget);
}

static void
apply_query (CrmContactsView *self)
{
  const char *query = self->live_query ? self->live_query
                                       : gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->model && g_strcmp0 (crm_record_list_get_query (self->model), query[0] ? query : NULL) != 0)
    {
      show_all_rows (self);
      crm_record_list_set_query (self->model, query[0] ? query : NULL);
    }
}

/* A live filter typed in the command bar may hide the selected contact for
 * a few keystrokes; when it shows again, so does the selection. */
static void
restore_selection (CrmContactsView *self)
{
  guint position;

  if (self->last_selected == 0 ||
      gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    return;
  show_all_rows (self);
  position = crm_record_list_find (self->model, self->last_selected);
  if (position != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
update_count (CrmContactsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *query = crm_record_list_get_query (self->model);
  /* Grouped as the locale groups numbers: "300,000 contacts". */
  g_autofree char *text = g_strdup_printf (ngettext ("%'u contact", "%'u contacts", n), n);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n ? "list" : "empty");
  if (n == 0 && query)
    {
      g_autofree char *description = g_strdup_printf (_("No contact matches “%s”."), query);
      adw_status_page_set_description (self->empty_page, description);
    }
  else if (n == 0)
    adw_status_page_set_description (self->empty_page, _("Type “Add contact Maria Lopez, maria@acme.com” below."));
  restore_selection (self);
}

static void
selection_changed_cb (CrmContactsView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 id = position == GTK_INVALID_LIST_POSITION ? 0 : crm_record_list_get_id (self->model, position);

  if (id)
    self->last_selected = id;
  if (id || self->details)
    crm_contact_details_set_id (crm_contacts_view_get_details (self), id);
  gtk_stack_set_visible_child_name (self->details_stack, id ? "details" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", id != 0);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, crm_contact_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  crm_contact_row_set_contact (CRM_CONTACT_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
search_changed_cb (CrmContactsView *self)
{
  apply_query (self);
}

static void
stop_search_cb (CrmContactsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-command", NULL);
}

static void
search_activate_cb (CrmContactsView *self)
{
  /* Enter may come before the delayed search-changed: filter first. */
  apply_query (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  /* The row may have been selected already: no notification then, but the
   * pane must show it. */
  selection_changed_cb (self);
  crm_contact_details_focus (crm_contacts_view_get_details (self));
}

static void
list_activate_cb (CrmContactsView *self,
                  guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  selection_changed_cb (self);
  crm_contact_details_focus (crm_contacts_view_get_details (self));
}

/* ---- actions ---- */

static void
new_contact_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CrmContactsView  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *text = NULL;
  g_autoptr(CrmCommand) command = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!g_str_equal (response, "add") || name[0] == '\0' || !CRM_IS_WINDOW (root))
    return;
  text = g_strdup_printf ("Add contact %s", name);
  command = crm_command_new (text);
  crm_command_set_intent (command, CRM_INTENT_ADD_CONTACT);
  crm_command_set_field (command, CRM_FIELD_NAME, name);
  crm_window_execute (CRM_WINDOW (root), command, 0);
}

static void
new_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("New Contact"), _("Who is it? You can fill in the rest afterwards."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Full name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Full name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_contact_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_contact_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  CrmContact *contact = self->details ? crm_contact_details_get_contact (self->details) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(CrmCommand) command = NULL;
  g_autofree char *text = NULL;

  if (contact == NULL || !CRM_IS_WINDOW (root))
    return;
  text = g_strdup_printf ("Delete contact %s", crm_contact_get_name (contact));
  command = crm_command_new (text);
  crm_command_set_intent (command, CRM_INTENT_DELETE_CONTACT);
  crm_command_set_field (command, CRM_FIELD_TARGET, crm_contact_get_name (contact));
  crm_window_execute (CRM_WINDOW (root), command, crm_contact_get_id (contact));
}

/* Back from the details pane to the row it shows. */
static void
focus_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  guint position = self->selection ? gtk_single_selection_get_selected (self->selection)
                                   : GTK_INVALID_LIST_POSITION;

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* ---- GObject ---- */

static void
crm_contacts_view_dispose (GObject *object)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACTS_VIEW);
  self->details = NULL;   /* went with its page */
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  show_all_rows (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->live_query, g_free);
  G_OBJECT_CLASS (crm_contacts_view_parent_class)->dispose (object);
}

static void
crm_contacts_view_class_init (CrmContactsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_contacts_view_dispose;
  widget_class->realize = crm_contacts_view_realize;
  widget_class->unrealize = crm_contacts_view_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-contacts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, paned);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, details_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, details_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "contacts.new", NULL, new_contact_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", NULL, delete_contact_action);
  gtk_widget_class_install_action (widget_class, "contacts.focus-list", NULL, focus_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "contacts.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "contacts.delete", NULL);
}

static void
crm_contacts_view_init (CrmContactsView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", FALSE);
}

/* ---- public ---- */

void
crm_contacts_view_set_store (CrmContactsView *self,
                             CrmStore        *store)
{
  g_return_if_fail (CRM_IS_CONTACTS_VIEW (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->model = crm_record_list_new (store, CRM_RECORD_CONTACTS);
  /* Positions are the same in both: the slice starts at 0. */
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), 0,
                                          gtk_widget_get_realized (GTK_WIDGET (self))
                                          ? G_MAXUINT : first_frame_rows (self));
  /* Given its model only once it may not autoselect: created with one, it
   * would select the first row unasked, and quietly, before anyone listens. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  if (self->details)
    crm_contact_details_set_store (self->details, store);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  update_count (self);
}

void
crm_contacts_view_set_live_query (CrmContactsView *self,
                                  const char      *query)
{
  g_return_if_fail (CRM_IS_CONTACTS_VIEW (self));

  if (g_strcmp0 (self->live_query, query) == 0)
    return;
  g_free (self->live_query);
  self->live_query = g_strdup (query);
  apply_query (self);
}

void
crm_contacts_view_set_query (CrmContactsView *self,
                             const char      *query)
{
  g_return_if_fail (CRM_IS_CONTACTS_VIEW (self));

  g_clear_pointer (&self->live_query, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query ? query : "");
  apply_query (self);
}

gboolean
crm_contacts_view_select (CrmContactsView *self,
                          gint64           id)
{
  guint position;

  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), FALSE);

  /* The outcome can arrive before the store's change notice: read now. */
  show_all_rows (self);
  crm_record_list_reload (self->model);
  position = crm_record_list_find (self->model, id);
  if (position == G_MAXUINT && crm_record_list_get_query (self->model))
    {
      crm_contacts_view_set_query (self, NULL);
      position = crm_record_list_find (self->model, id);
    }
  if (position == G_MAXUINT)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

gint64
crm_contacts_view_get_selected_id (CrmContactsView *self)
{
  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), 0);
  return self->details ? crm_contact_details_get_id (self->details) : 0;
}

void
crm_contacts_view_focus_search (CrmContactsView *self)
{
  g_return_if_fail (CRM_IS_CONTACTS_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

CrmRecordList *
crm_contacts_view_get_model (CrmContactsView *self)
{
  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), NULL);
  return self->model;
}

GtkSingleSelection *
crm_contacts_view_get_selection (CrmContactsView *self)
{
  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), NULL);
  return self->selection;
}

GtkListView *
crm_contacts_view_get_list_view (CrmContactsView *self)
{
  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), NULL);
  return self->list_view;
}

/* The details pane, built on first use: until a contact is selected the
 * window shows "No Contact Selected", and building the form's rows before
 * the first frame would be work nobody sees. */
CrmContactDetails *
crm_contacts_view_get_details (CrmContactsView *self)
{
  g_return_val_if_fail (CRM_IS_CONTACTS_VIEW (self), NULL);

  if (self->details == NULL)
    {
      self->details = CRM_CONTACT_DETAILS (g_object_new (CRM_TYPE_CONTACT_DETAILS, NULL));
      adw_bin_set_child (self->details_page, GTK_WIDGET (self->details));
      if (self->store)
        crm_contact_details_set_store (self->details, self->store);
    }
  return self->details;
}
