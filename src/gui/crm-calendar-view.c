/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-calendar-view.h"
#include "crm-meeting-row.h"
#include "crm-window.h"

struct _CrmCalendarView
{
  GtkWidget parent_instance;

  GtkLabel *month_label;
  CrmMonthGrid *grid;
  GtkStack *side_stack;
  GtkLabel *agenda_label;
  GtkToggleButton *day_toggle;
  GtkToggleButton *week_toggle;
  GtkSearchEntry *search_entry;
  GtkStack *agenda_stack;
  GtkListView *agenda_view;
  CrmMeetingDetails *details;

  CrmStore *store;
  CrmRecordList *agenda;
  GtkSingleSelection *selection;
  GDateTime *today;
  gboolean custom_range;   /* showing a find command's range */
};

G_DEFINE_FINAL_TYPE (CrmCalendarView, crm_calendar_view, GTK_TYPE_WIDGET)

static GDateTime *
local_midnight (GDateTime *t)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (t);

  return g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 0, 0, 0);
}

static GDateTime *
dup_today (CrmCalendarView *self)
{
  g_autoptr(GDateTime) now = self->today ? g_date_time_ref (self->today) : g_date_time_new_now_local ();

  return local_midnight (now);
}

static void
update_month_label (CrmCalendarView *self)
{
  g_autofree char *text = g_date_time_format (crm_month_grid_get_selected (self->grid), "%B %Y");

  gtk_label_set_text (self->month_label, text);
}

static void
update_empty (CrmCalendarView *self)
{
  guint n = self->agenda ? g_list_model_get_n_items (G_LIST_MODEL (self->agenda)) : 0;

  gtk_stack_set_visible_child_name (self->agenda_stack, n ? "list" : "empty");
}

static void
update_agenda (CrmCalendarView *self)
{
  GDateTime *day = crm_month_grid_get_selected (self->grid);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *label = NULL;

  update_month_label (self);
  if (self->agenda == NULL || self->custom_range)
    return;
  if (query[0])
    {
      crm_record_list_set_query (self->agenda, query);
      crm_record_list_set_range (self->agenda, NULL, NULL);
      label = g_strdup_printf (_("Meetings matching “%s”"), query);
    }
  else if (gtk_toggle_button_get_active (self->week_toggle))
    {
      g_autofree char *start = NULL;

      from = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
      to = g_date_time_add_days (from, 7);
      /* Short forms: the pane's header shares its row with Day and Week. */
      /* Translators: a week's first day; see g_date_time_format() */
      start = g_date_time_format (from, _("%b %-d"));
      label = g_strdup_printf (_("Week of %s"), start);
      crm_record_list_set_query (self->agenda, NULL);
      crm_record_list_set_range (self->agenda, from, to);
    }
  else
    {
      to = g_date_time_add_days (day, 1);
      /* Translators: the agenda's day; see g_date_time_format() */
      label = g_date_time_format (day, _("%a, %b %-d"));
      crm_record_list_set_query (self->agenda, NULL);
      crm_record_list_set_range (self->agenda, day, to);
    }
  gtk_label_set_text (self->agenda_label, label);
  update_empty (self);
}

static void
go_to_day (CrmCalendarView *self,
           GDateTime       *day)
{
  self->custom_range = FALSE;
  crm_month_grid_set_selected (self->grid, day);
  update_agenda (self);
}

static void
show_details (CrmCalendarView *self,
              gint64           id)
{
  crm_meeting_details_set_id (self->details, id);
  gtk_stack_set_visible_child_name (self->side_stack, "details");
}

/* ---- callbacks ---- */

static void
day_selected_cb (CrmCalendarView *self,
                 GDateTime       *day)
{
  go_to_day (self, day);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
}

/* Enter on a day: its agenda, with the focus on the first meeting. */
static void
day_activated_cb (CrmCalendarView *self,
                  GDateTime       *day)
{
  go_to_day (self, day);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->agenda)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->agenda_view));
    }
}

static void
meeting_activated_cb (CrmCalendarView *self,
                      gint64           id)
{
  g_autoptr(CrmMeeting) meeting = crm_store_get_meeting (self->store, id, NULL);
  const char *rrule = meeting ? crm_meeting_get_rrule (meeting) : NULL;

  /* An occurrence: the series' details, the grid left on the day clicked
   * (selecting would go to the series' first day, months back maybe). */
  if (rrule && *rrule)
    show_details (self, id);
  else
    crm_calendar_view_select (self, id);
}

static void
span_toggled_cb (CrmCalendarView *self)
{
  self->custom_range = FALSE;
  update_agenda (self);
}

static void
search_changed_cb (CrmCalendarView *self)
{
  self->custom_range = FALSE;
  update_agenda (self);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
}

static void
stop_search_cb (CrmCalendarView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-command", NULL);
}

static void
agenda_activate_cb (CrmCalendarView *self,
                    guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_details (self, crm_record_list_get_id (self->agenda, position));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, crm_meeting_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  crm_meeting_row_set_meeting (CRM_MEETING_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

/* ---- actions ---- */

static void
step_month (CrmCalendarView *self,
            int              months)
{
  g_autoptr(GDateTime) day = g_date_time_add_months (crm_month_grid_get_selected (self->grid), months);

  go_to_day (self, day);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
}

static void
previous_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  step_month (CRM_CALENDAR_VIEW (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  step_month (CRM_CALENDAR_VIEW (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);
  g_autoptr(GDateTime) today = dup_today (self);

  go_to_day (self, today);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);

  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
  gtk_widget_grab_focus (GTK_WIDGET (self->agenda_view));
}

static void
cancel_meeting_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);
  CrmMeeting *meeting = crm_meeting_details_get_meeting (self->details);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(CrmCommand) command = NULL;
  g_autofree char *text = NULL;

  if (meeting == NULL || !CRM_IS_WINDOW (root))
    return;
  text = g_strdup_printf ("Cancel %s", crm_meeting_get_title (meeting));
  command = crm_command_new (text);
  crm_command_set_intent (command, CRM_INTENT_CANCEL_MEETING);
  crm_command_set_field (command, CRM_FIELD_TARGET, crm_meeting_get_title (meeting));
  crm_window_execute (CRM_WINDOW (root), command, crm_meeting_get_id (meeting));
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
}

/* ---- GObject ---- */

static void
crm_calendar_view_dispose (GObject *object)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CALENDAR_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->agenda);
  g_clear_object (&self->store);
  g_clear_pointer (&self->today, g_date_time_unref);
  G_OBJECT_CLASS (crm_calendar_view_parent_class)->dispose (object);
}

static void
crm_calendar_view_class_init (CrmCalendarViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_calendar_view_dispose;

  g_type_ensure (CRM_TYPE_MONTH_GRID);
  g_type_ensure (CRM_TYPE_MEETING_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, month_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, grid);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, side_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, agenda_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, day_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, week_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, agenda_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, agenda_view);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarView, details);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, meeting_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, span_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, agenda_activate_cb);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "calendar.cancel-meeting", NULL, cancel_meeting_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "calendar.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "calendar.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "calendar.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "calendar.back", NULL);
}

/* The meeting shown was deleted: back to the agenda, taking the keyboard
 * focus along if it was in the details. */
static void
details_gone_cb (CrmCalendarView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->details)))
    gtk_widget_grab_focus (GTK_WIDGET (self->agenda_view));
}

static void
crm_calendar_view_init (CrmCalendarView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->details, "gone", G_CALLBACK (details_gone_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->agenda_view, factory);
  g_object_unref (factory);
  update_month_label (self);
}

/* ---- public ---- */

void
crm_calendar_view_set_store (CrmCalendarView *self,
                             CrmStore        *store,
                             GDateTime       *today)
{
  g_autoptr(GDateTime) day = NULL;

  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->today = today ? g_date_time_ref (today) : NULL;
  self->agenda = crm_record_list_new (store, CRM_RECORD_MEETINGS);
  /* Without a model until it may not autoselect (crm-contacts-view.c). */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->agenda));
  gtk_list_view_set_model (self->agenda_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->agenda, "items-changed", G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);
  crm_meeting_details_set_store (self->details, store);
  crm_month_grid_set_store (self->grid, store);
  day = dup_today (self);
  crm_month_grid_set_today (self->grid, day);
  go_to_day (self, day);
}

gboolean
crm_calendar_view_select (CrmCalendarView *self,
                          gint64           id)
{
  g_autoptr(CrmMeeting) meeting = NULL;
  g_autoptr(GDateTime) day = NULL;
  guint position;

  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), FALSE);

  if (self->store == NULL || !(meeting = crm_store_get_meeting (self->store, id, NULL)))
    return FALSE;
  day = local_midnight (crm_meeting_get_start (meeting));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  go_to_day (self, day);
  crm_record_list_reload (self->agenda);
  position = crm_record_list_find (self->agenda, id);
  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->agenda_view), "list.scroll-to-item", "u", position);
    }
  show_details (self, id);
  return TRUE;
}

void
crm_calendar_view_show_range (CrmCalendarView *self,
                              GDateTime       *from,
                              GDateTime       *to,
                              const char      *query)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  if (self->agenda == NULL)
    return;
  if (from)
    crm_month_grid_set_selected (self->grid, from);
  update_month_label (self);
  self->custom_range = TRUE;
  crm_record_list_set_query (self->agenda, query);
  crm_record_list_set_range (self->agenda, from, to);
  if (from && to)
    {
      g_autoptr(GDateTime) last = g_date_time_add_seconds (to, -1);
      a = g_date_time_format (from, "%b %e");
      b = g_date_time_format (last, "%b %e");
      label = g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (last)
              ? g_date_time_format (from, "%A, %B %e")
              : g_strdup_printf ("%s – %s", g_strstrip (a), g_strstrip (b));
    }
  else
    label = g_strdup (_("Meetings found"));
  gtk_label_set_text (self->agenda_label, label);
  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
  update_empty (self);
}

void
crm_calendar_view_focus_search (CrmCalendarView *self)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  gtk_stack_set_visible_child_name (self->side_stack, "agenda");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

CrmRecordList *
crm_calendar_view_get_agenda (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), NULL);
  return self->agenda;
}

CrmMonthGrid *
crm_calendar_view_get_grid (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), NULL);
  return self->grid;
}

CrmMeetingDetails *
crm_calendar_view_get_details (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), NULL);
  return self->details;
}

gboolean
crm_calendar_view_get_showing_details (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "details") == 0;
}
