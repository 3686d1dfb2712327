/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-format.h"
#include "crm-month-grid.h"
#include "crm-record-list.h"
#include "crm-recurrence.h"

#define N_CELLS 42
#define CHIPS_PER_DAY 3

typedef struct
{
  GtkWidget *box;
  GtkWidget *number;      /* a button: selects the day */
  GtkWidget *chips;       /* box of meeting buttons */
} Cell;

struct _CrmMonthGrid
{
  GtkWidget parent_instance;

  GtkGrid *grid;
  Cell cells[N_CELLS];

  CrmStore *store;
  CrmRecordList *meetings;
  GDateTime *first;       /* the Monday of the first row */
  GDateTime *selected;
  GDateTime *today;
  guint n_shown;
  guint counts[N_CELLS];  /* meetings on each day, for the spoken labels */
};

G_DEFINE_FINAL_TYPE (CrmMonthGrid, crm_month_grid, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DAY_SELECTED,
  SIGNAL_DAY_ACTIVATED,
  SIGNAL_MEETING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDateTime *
midnight (GDateTime *t)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (t);

  return g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 0, 0, 0);
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return a && b &&
         g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

static GDateTime *
cell_day (CrmMonthGrid *self,
          guint         i)
{
  return g_date_time_add_days (self->first, i);
}

static void
clear_chips (Cell *cell)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (cell->chips)))
    gtk_box_remove (GTK_BOX (cell->chips), child);
}

/* A chip to place: a meeting, or one occurrence of a repeating one. */
typedef struct
{
  CrmMeeting *meeting;
  gint64 start;           /* Unix seconds */
} Entry;

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->meeting);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;
  gint64 ix = crm_meeting_get_id (x->meeting), iy = crm_meeting_get_id (y->meeting);

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return ix < iy ? -1 : ix > iy;
}

static gboolean
repeats (CrmMeeting *meeting)
{
  const char *rrule = crm_meeting_get_rrule (meeting);

  return rrule && *rrule;
}

/* The cell of the day START falls on; -1 outside the six weeks. */
static int
cell_index (CrmMonthGrid *self,
            gint64        start)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (start);
  g_autoptr(GDateTime) day = midnight (when);
  /* Days are 23 or 25 hours around DST: round to the nearest day. */
  int index = (int) ((g_date_time_difference (day, self->first) + 12 * G_TIME_SPAN_HOUR) / G_TIME_SPAN_DAY);

  return index >= 0 && index < N_CELLS ? index : -1;
}

static void
chip_clicked_cb (GtkButton    *button,
                 CrmMonthGrid *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "meeting-id");
  guint cell = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "occurrence-cell"));

  /* An occurrence: its day first, for the series' first may be far away. */
  if (cell > 0)
    {
      g_autoptr(GDateTime) day = cell_day (self, cell - 1);

      crm_month_grid_set_selected (self, day);
      g_signal_emit (self, signals[SIGNAL_DAY_SELECTED], 0, self->selected);
    }
  g_signal_emit (self, signals[SIGNAL_MEETING_ACTIVATED], 0, id);
}

/* A repeating meeting's chip: the same, after a small repeat mark. */
static GtkWidget *
repeat_child (GtkWidget *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 3);
  GtkWidget *icon = gtk_image_new_from_icon_name ("media-playlist-repeat-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 10);
  gtk_widget_add_css_class (icon, "repeat-mark");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
add_chip (CrmMonthGrid *self,
          guint         index,
          Entry        *entry)
{
  CrmMeeting *meeting = entry->meeting;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->start);
  g_autoptr(GDateTime) start = g_date_time_to_local (utc);
  g_autofree char *time = crm_meeting_get_all_day (meeting) ? g_strdup ("") : crm_format_time (start);
  g_autofree char *text = g_strdup_printf ("%s %s", time, crm_meeting_get_title (meeting));
  g_autofree char *rule = repeats (meeting) ? crm_format_recurrence (crm_meeting_get_rrule (meeting)) : NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *spoken = NULL;
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (g_strstrip (text));
  gint64 *id = g_new (gint64, 1);

  *id = crm_meeting_get_id (meeting);
  tooltip = rule ? g_strdup_printf ("%s\n%s", text, rule) : g_strdup (text);
  spoken = rule ? g_strdup_printf ("%s, %s", text, rule) : g_strdup (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_button_set_child (GTK_BUTTON (button), rule ? repeat_child (label) : label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "meeting-chip");
  /* The grid is one tab stop; a day's meetings are reached through Enter
   * and the agenda, not by tabbing through every chip of the month. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_object_set_data_full (G_OBJECT (button), "meeting-id", id, g_free);
  if (rule)
    g_object_set_data (G_OBJECT (button), "occurrence-cell", GUINT_TO_POINTER (index + 1));
  g_signal_connect_object (button, "clicked", G_CALLBACK (chip_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (self->cells[index].chips), button);
}

static void
add_more (Cell *cell,
          guint more)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u more", "%u more", more), more);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "more");
  gtk_box_append (GTK_BOX (cell->chips), label);
}

static void fill_days (CrmMonthGrid *self);

/* The one-off meetings of the six weeks; the repeating ones come from
 * collect_occurrences, their first occurrence included. */
static void
collect_one_offs (CrmMonthGrid *self,
                  GArray       *entries)
{
  guint n = self->meetings ? g_list_model_get_n_items (G_LIST_MODEL (self->meetings)) : 0;

  for (guint i = 0; i < n; i++)
    {
      Entry entry = { g_list_model_get_item (G_LIST_MODEL (self->meetings), i), 0 };

      if (entry.meeting == NULL || repeats (entry.meeting) || crm_meeting_get_start (entry.meeting) == NULL)
        {
          entry_clear (&entry);
          continue;
        }
      entry.start = g_date_time_to_unix (crm_meeting_get_start (entry.meeting));
      g_array_append_val (entries, entry);
    }
}

/* Each repeating meeting's occurrences in the six weeks, a bounded number
 * each (crm_recurrence_expand starts an endless rule near the range). */
static void
collect_occurrences (CrmMonthGrid *self,
                     GArray       *entries)
{
  g_autoptr(GDateTime) end = g_date_time_add_days (self->first, N_CELLS);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!(series = crm_store_get_repeating_meetings (self->store, end, &error)))
    {
      g_warning ("Could not read the repeating meetings: %s", error->message);
      return;
    }
  for (guint i = 0; i < series->len; i++)
    {
      CrmMeeting *meeting = g_ptr_array_index (series, i);
      g_autoptr(GArray) starts = crm_recurrence_expand (meeting, self->first, end, CRM_RECURRENCE_MAX);

      for (guint j = 0; j < starts->len; j++)
        {
          gint64 start = g_array_index (starts, gint64, j);
          Entry entry = { crm_recurrence_occurrence (meeting, start), start };
          g_array_append_val (entries, entry);
        }
    }
}

static void
fill_meetings (CrmMonthGrid *self)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  guint *counts = self->counts;

  g_array_set_clear_func (entries, (GDestroyNotify) entry_clear);
  for (guint i = 0; i < N_CELLS; i++)
    {
      clear_chips (&self->cells[i]);
      counts[i] = 0;
    }
  self->n_shown = 0;
  collect_one_offs (self, entries);
  collect_occurrences (self, entries);
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      int index = cell_index (self, entry->start);

      if (index < 0)
        continue;
      if (counts[index] < CHIPS_PER_DAY)
        add_chip (self, index, entry);
      counts[index]++;
      self->n_shown++;
    }
  for (guint i = 0; i < N_CELLS; i++)
    if (counts[i] > CHIPS_PER_DAY)
      add_more (&self->cells[i], counts[i] - CHIPS_PER_DAY);
  fill_days (self);
}

/* What a screen reader says for a day: "Wednesday, May 28, 2 meetings". */
static char *
day_label (GDateTime *day,
           guint      n_meetings)
{
  g_autofree char *date = g_date_time_format (day, "%A, %B %-d");

  if (n_meetings == 0)
    return g_strdup_printf (_("%s, no meetings"), date);
  return g_strdup_printf (ngettext ("%s, %u meeting", "%s, %u meetings", n_meetings), date, n_meetings);
}

static void
update_grid_label (CrmMonthGrid *self)
{
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) day = NULL;
  int index = (int) ((g_date_time_difference (self->selected, self->first) + 12 * G_TIME_SPAN_HOUR) / G_TIME_SPAN_DAY);

  if (index < 0 || index >= N_CELLS)
    return;
  day = cell_day (self, index);
  label = day_label (day, self->counts[index]);
  /* The grid is the focus stop, so its name is the day under the cursor. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
fill_days (CrmMonthGrid *self)
{
  int month = g_date_time_get_month (self->selected);

  for (guint i = 0; i < N_CELLS; i++)
    {
      g_autoptr(GDateTime) day = cell_day (self, i);
      Cell *cell = &self->cells[i];
      g_autofree char *number = g_strdup_printf ("%d", g_date_time_get_day_of_month (day));
      g_autofree char *full = day_label (day, self->counts[i]);

      gtk_button_set_label (GTK_BUTTON (cell->number), number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell->number), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell->box), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      gtk_widget_set_tooltip_text (cell->number, full);
      if (g_date_time_get_month (day) == month)
        gtk_widget_remove_css_class (cell->box, "other-month");
      else
        gtk_widget_add_css_class (cell->box, "other-month");
      if (same_day (day, self->today))
        gtk_widget_add_css_class (cell->box, "today");
      else
        gtk_widget_remove_css_class (cell->box, "today");
      if (same_day (day, self->selected))
        gtk_widget_add_css_class (cell->box, "selected");
      else
        gtk_widget_remove_css_class (cell->box, "selected");
      gtk_accessible_update_state (GTK_ACCESSIBLE (cell->box), GTK_ACCESSIBLE_STATE_SELECTED,
                                   same_day (day, self->selected), -1);
    }
  update_grid_label (self);
}

static void
set_range (CrmMonthGrid *self)
{
  g_autoptr(GDateTime) first_of_month = NULL;
  g_autoptr(GDateTime) end = NULL;
  int weekday;

  first_of_month = g_date_time_new_local (g_date_time_get_year (self->selected),
                                          g_date_time_get_month (self->selected), 1, 0, 0, 0);
  weekday = g_date_time_get_day_of_week (first_of_month); /* 1 = Monday */
  g_clear_pointer (&self->first, g_date_time_unref);
  self->first = g_date_time_add_days (first_of_month, -(weekday - 1));
  end = g_date_time_add_days (self->first, N_CELLS);
  if (self->meetings)
    crm_record_list_set_range (self->meetings, self->first, end);
}

static void
day_clicked_cb (GtkButton    *button,
                CrmMonthGrid *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cell"));
  g_autoptr(GDateTime) day = cell_day (self, i);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  crm_month_grid_set_selected (self, day);
  g_signal_emit (self, signals[SIGNAL_DAY_SELECTED], 0, day);
}

/* ---- keyboard ---- */

static void
select_and_announce (CrmMonthGrid *self,
                     GDateTime    *day)
{
  crm_month_grid_set_selected (self, day);
  g_signal_emit (self, signals[SIGNAL_DAY_SELECTED], 0, self->selected);
}

/* Arrow keys: ARGS is "(ii)", days and months to move by. */
static gboolean
move_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  CrmMonthGrid *self = CRM_MONTH_GRID (widget);
  g_autoptr(GDateTime) moved = NULL;
  g_autoptr(GDateTime) day = NULL;
  int days, months;

  g_variant_get (args, "(ii)", &days, &months);
  moved = g_date_time_add_months (self->selected, months);
  day = g_date_time_add_days (moved, days);
  select_and_announce (self, day);
  return TRUE;
}

static gboolean
today_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  CrmMonthGrid *self = CRM_MONTH_GRID (widget);

  select_and_announce (self, self->today);
  return TRUE;
}

static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CrmMonthGrid *self = CRM_MONTH_GRID (widget);

  g_signal_emit (self, signals[SIGNAL_DAY_ACTIVATED], 0, self->selected);
  return TRUE;
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           kp_keyval,
                  int             days,
                  int             months)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0, move_cb, "(ii)", days, months);
  gtk_widget_class_add_binding (widget_class, kp_keyval, 0, move_cb, "(ii)", days, months);
}

static void
add_key_bindings (GtkWidgetClass *widget_class)
{
  const guint activate_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter,
                                  GDK_KEY_space, GDK_KEY_KP_Space };

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, -7, 0);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 7, 0);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, 0, -1);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, today_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Home, 0, today_cb, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (activate_keys); i++)
    gtk_widget_class_add_binding (widget_class, activate_keys[i], 0, activate_cb, NULL);
}

static void
build_cells (CrmMonthGrid *self)
{
  g_autoptr(GDateTime) monday = g_date_time_new_local (2024, 1, 1, 0, 0, 0); /* a Monday */

  for (guint d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, d);
      g_autofree char *name = g_date_time_format (day, "%a");
      GtkWidget *label = gtk_label_new (name);

      gtk_widget_add_css_class (label, "weekday");
      gtk_grid_attach (self->grid, label, d, 0, 1, 1);
    }
  for (guint i = 0; i < N_CELLS; i++)
    {
      Cell *cell = &self->cells[i];

      cell->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
      gtk_widget_add_css_class (cell->box, "day");
      gtk_widget_set_vexpand (cell->box, TRUE);
      gtk_widget_set_hexpand (cell->box, TRUE);
      gtk_widget_set_size_request (cell->box, 60, 56);
      gtk_widget_set_overflow (cell->box, GTK_OVERFLOW_HIDDEN);
      cell->number = gtk_button_new_with_label ("");
      gtk_widget_add_css_class (cell->number, "flat");
      gtk_widget_add_css_class (cell->number, "day-number");
      /* Arrow keys move within the grid, which is the one tab stop. */
      gtk_widget_set_focusable (cell->number, FALSE);
      gtk_widget_set_halign (cell->number, GTK_ALIGN_START);
      g_object_set_data (G_OBJECT (cell->number), "cell", GUINT_TO_POINTER (i));
      g_signal_connect_object (cell->number, "clicked", G_CALLBACK (day_clicked_cb), self, 0);
      cell->chips = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
      gtk_box_append (GTK_BOX (cell->box), cell->number);
      gtk_box_append (GTK_BOX (cell->box), cell->chips);
      gtk_grid_attach (self->grid, cell->box, i % 7, 1 + i / 7, 1, 1);
    }
}

static void
crm_month_grid_dispose (GObject *object)
{
  CrmMonthGrid *self = CRM_MONTH_GRID (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_MONTH_GRID);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->meetings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->first, g_date_time_unref);
  g_clear_pointer (&self->selected, g_date_time_unref);
  g_clear_pointer (&self->today, g_date_time_unref);
  G_OBJECT_CLASS (crm_month_grid_parent_class)->dispose (object);
}

static void
crm_month_grid_class_init (CrmMonthGridClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_month_grid_dispose;
  signals[SIGNAL_DAY_SELECTED] =
    g_signal_new ("day-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DATE_TIME);
  signals[SIGNAL_DAY_ACTIVATED] =
    g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DATE_TIME);
  signals[SIGNAL_MEETING_ACTIVATED] =
    g_signal_new ("meeting-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-month-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmMonthGrid, grid);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
  add_key_bindings (widget_class);
}

static void
crm_month_grid_init (CrmMonthGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->today = g_date_time_new_now_local ();
  self->selected = midnight (self->today);
  build_cells (self);
  set_range (self);
  fill_days (self);
}

/* A series begun before the six weeks is not in the list, yet its
 * occurrences in them change with it. */
static void
store_changed_cb (CrmMonthGrid *self,
                  guint         changes)
{
  if (changes & CRM_STORE_CHANGE_MEETINGS)
    fill_meetings (self);
}

void
crm_month_grid_set_store (CrmMonthGrid *self,
                          CrmStore     *store)
{
  g_return_if_fail (CRM_IS_MONTH_GRID (self));

  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->meetings);
  self->meetings = crm_record_list_new (store, CRM_RECORD_MEETINGS);
  set_range (self);
  g_signal_connect_object (self->meetings, "items-changed", G_CALLBACK (fill_meetings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  fill_meetings (self);
}

void
crm_month_grid_set_selected (CrmMonthGrid *self,
                             GDateTime    *day)
{
  gboolean other_month;

  g_return_if_fail (CRM_IS_MONTH_GRID (self));

  other_month = g_date_time_get_month (day) != g_date_time_get_month (self->selected) ||
                g_date_time_get_year (day) != g_date_time_get_year (self->selected);
  g_clear_pointer (&self->selected, g_date_time_unref);
  self->selected = midnight (day);
  if (other_month)
    {
      set_range (self);
      fill_meetings (self);
    }
  fill_days (self);
}

GDateTime *
crm_month_grid_get_selected (CrmMonthGrid *self)
{
  g_return_val_if_fail (CRM_IS_MONTH_GRID (self), NULL);
  return self->selected;
}

void
crm_month_grid_set_today (CrmMonthGrid *self,
                          GDateTime    *today)
{
  g_return_if_fail (CRM_IS_MONTH_GRID (self));

  g_clear_pointer (&self->today, g_date_time_unref);
  self->today = g_date_time_ref (today);
  fill_days (self);
}

guint
crm_month_grid_get_n_shown (CrmMonthGrid *self)
{
  g_return_val_if_fail (CRM_IS_MONTH_GRID (self), 0);
  return self->n_shown;
}
