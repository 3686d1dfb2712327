/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-text-row.h"

/* A row of a details pane for text of several lines (a contact's notes, a
 * meeting's description), which an entry row would show on one line with
 * its line breaks as symbols. Enter starts a new line; Ctrl+Enter or the
 * check button saves ("apply", as AdwEntryRow says it); the button shows
 * while the text differs from what was set. */

struct _CrmTextRow
{
  AdwPreferencesRow parent_instance;

  GtkWidget *title_label;
  GtkWidget *apply_button;
  GtkTextView *view;
  char *stored;        /* the text last set: what "edited" is measured against */
  gboolean setting;
};

G_DEFINE_FINAL_TYPE (CrmTextRow, crm_text_row, ADW_TYPE_PREFERENCES_ROW)

enum { SIGNAL_APPLY, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
buffer_text (CrmTextRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
crm_text_row_is_edited (CrmTextRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CRM_IS_TEXT_ROW (self), FALSE);
  text = buffer_text (self);
  return g_strcmp0 (text, self->stored ? self->stored : "") != 0;
}

static void
buffer_changed_cb (CrmTextRow *self)
{
  if (!self->setting)
    gtk_widget_set_visible (self->apply_button, crm_text_row_is_edited (self));
}

static void
apply (CrmTextRow *self)
{
  if (crm_text_row_is_edited (self))
    g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static gboolean
key_pressed_cb (CrmTextRow            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_CONTROL_MASK))
    {
      apply (self);
      return TRUE;
    }
  return FALSE;
}

static gboolean
crm_text_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CRM_TEXT_ROW (widget)->view));
}

static void
crm_text_row_finalize (GObject *object)
{
  g_free (CRM_TEXT_ROW (object)->stored);
  G_OBJECT_CLASS (crm_text_row_parent_class)->finalize (object);
}

static void
crm_text_row_class_init (CrmTextRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = crm_text_row_finalize;
  widget_class->grab_focus = crm_text_row_grab_focus;

  /**
   * CrmTextRow::apply:
   *
   * The edited text is to be saved.
   */
  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
make_title (CrmTextRow *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  g_object_bind_property (self, "title", label, "label", G_BINDING_SYNC_CREATE);
  return label;
}

static GtkWidget *
make_apply_button (CrmTextRow *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("object-select-symbolic");

  gtk_widget_set_tooltip_text (button, _("Save (Ctrl+Enter)"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_visible (button, FALSE);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (apply), self);
  return button;
}

static GtkTextView *
make_view (CrmTextRow *self)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "inline");
  /* Before the view inserts its new line. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (keys, "crm-text-row-keys");
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (view, keys);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
  return GTK_TEXT_VIEW (view);
}

static void
crm_text_row_init (CrmTextRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->title_label = make_title (self);
  self->apply_button = make_apply_button (self);
  self->view = make_view (self);
  gtk_box_append (GTK_BOX (top), self->title_label);
  gtk_box_append (GTK_BOX (top), self->apply_button);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->view));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "text-row");
  /* The text is the row's business: the focus goes straight to it. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->title_label, NULL, -1);
}

char *
crm_text_row_dup_text (CrmTextRow *self)
{
  g_return_val_if_fail (CRM_IS_TEXT_ROW (self), NULL);
  return buffer_text (self);
}

void
crm_text_row_set_text (CrmTextRow *self,
                       const char *text)
{
  g_return_if_fail (CRM_IS_TEXT_ROW (self));

  g_free (self->stored);
  self->stored = g_strdup (text ? text : "");
  self->setting = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), self->stored, -1);
  self->setting = FALSE;
  gtk_widget_set_visible (self->apply_button, FALSE);
}

/* A details pane refills itself when the store changes (another edit, an
 * undo): what someone is typing in this row is not thrown away. */
void
crm_text_row_update (CrmTextRow *self,
                     const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  g_return_if_fail (CRM_IS_TEXT_ROW (self));
  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) && crm_text_row_is_edited (self))
    return;
  crm_text_row_set_text (self, text);
}

GtkTextView *
crm_text_row_get_view (CrmTextRow *self)
{
  g_return_val_if_fail (CRM_IS_TEXT_ROW (self), NULL);
  return self->view;
}
