/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-command-bar.h"

#define HISTORY_LIMIT 200

/* One entered command waiting in the queue or being carried out. */
typedef struct
{
  char *text;
  CrmCommand *command;   /* NULL until understood */
  gint64 choice;
  char *notice;
  gboolean asking;       /* waiting for the understanding step */
} Job;

struct _CrmCommandBar
{
  GtkWidget parent_instance;

  GtkWidget *preview_box;
  GtkImage *preview_icon;
  GtkLabel *preview_label;
  GtkEntry *entry;
  GtkLabel *queue_label;
  GtkSpinner *spinner;
  GtkImage *gemini_indicator;

  CrmUnderstanding *understanding;
  CrmExecutor *executor;
  GDateTime *fixed_now;

  GQueue jobs;
  Job *current;
  GCancellable *cancellable;   /* the current job's */

  GPtrArray *history;
  int history_pos;             /* -1: the draft being typed */
  char *draft;
  gboolean setting_text;
  gboolean message_shown;
  char *activity;              /* what the window is busy with, besides commands */
};

G_DEFINE_FINAL_TYPE (CrmCommandBar, crm_command_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_PREVIEW,
  SIGNAL_OUTCOME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void process_next (CrmCommandBar *self);

static void
job_free (Job *job)
{
  g_free (job->text);
  g_clear_object (&job->command);
  g_free (job->notice);
  g_free (job);
}

static GDateTime *
dup_now (CrmCommandBar *self)
{
  return self->fixed_now ? g_date_time_ref (self->fixed_now) : g_date_time_new_now_local ();
}

static void
set_text_quietly (CrmCommandBar *self,
                  const char    *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->setting_text = FALSE;
}

/* ---- the preview line ---- */

static void
set_preview (CrmCommandBar *self,
             const char    *icon,
             const char    *text,
             const char    *style)
{
  gtk_image_set_from_icon_name (self->preview_icon, icon);
  gtk_label_set_text (self->preview_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_label), text);
  gtk_widget_remove_css_class (self->preview_box, "error");
  gtk_widget_remove_css_class (self->preview_box, "warning");
  gtk_widget_remove_css_class (self->preview_box, "dim-label");
  if (style)
    gtk_widget_add_css_class (self->preview_box, style);
}

static const char *
span_color (CrmSpanKind kind,
            gboolean    dark)
{
  switch (kind)
    {
    case CRM_SPAN_INTENT: return dark ? "#78aeed" : "#1c71d8";
    case CRM_SPAN_TIME:
    case CRM_SPAN_DURATION: return dark ? "#ffa348" : "#c64600";
    case CRM_SPAN_NAME:
    case CRM_SPAN_TARGET: return dark ? "#8ff0a4" : "#26a269";
    case CRM_SPAN_EMAIL:
    case CRM_SPAN_PHONE: return dark ? "#dc8add" : "#813d9c";
    case CRM_SPAN_LOCATION: return dark ? "#f9f06b" : "#986a44";
    default: return dark ? "#99c1f1" : "#1a5fb4";
    }
}

static void
mark_spans (CrmCommandBar *self,
            CrmCommand    *command)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  const CrmSpan *spans;
  guint n_spans = 0;

  spans = command ? crm_command_get_spans (command, &n_spans) : NULL;
  for (guint i = 0; i < n_spans; i++)
    {
      PangoColor color;
      PangoAttribute *attr;

      if (!pango_color_parse (&color, span_color (spans[i].kind, dark)))
        continue;
      attr = pango_attr_foreground_new (color.red, color.green, color.blue);
      attr->start_index = spans[i].start;
      attr->end_index = spans[i].end;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_underline_new (spans[i].kind == CRM_SPAN_INTENT ? PANGO_UNDERLINE_NONE
                                                                        : PANGO_UNDERLINE_SINGLE);
      attr->start_index = spans[i].start;
      attr->end_index = spans[i].end;
      pango_attr_list_insert (attrs, attr);
    }
  gtk_entry_set_attributes (self->entry, attrs);
}

static void
update_busy (CrmCommandBar *self)
{
  guint waiting = g_queue_get_length (&self->jobs);
  gboolean busy = self->current != NULL || self->activity != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->queue_label), waiting > 0);
  if (waiting > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting), waiting);
      gtk_label_set_text (self->queue_label, text);
    }
  if (self->current && self->current->asking && self->understanding &&
      crm_understanding_uses_model (self->understanding))
    {
      g_autofree char *text = g_strdup_printf (_("Asking %s about “%s”… (Escape cancels)"),
                                               crm_understanding_get_model (self->understanding),
                                               self->current->text);
      set_preview (self, "crm-gemini-symbolic", text, NULL);
    }
}

static void
update_preview (CrmCommandBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GDateTime) now = dup_now (self);
  g_autoptr(CrmCommand) command = NULL;
  g_autofree char *line = NULL;
  gboolean warning = FALSE;
  CrmIntent intent;

  if (self->understanding == NULL)
    return;
  if (text[0] == '\0')
    {
      mark_spans (self, NULL);
      set_preview (self, "input-keyboard-symbolic",
                   _("Type a command and press Enter — F1 shows examples"), "dim-label");
      g_signal_emit (self, signals[SIGNAL_PREVIEW], 0, NULL);
      return;
    }
  command = crm_understanding_parse_local (self->understanding, text, now);
  mark_spans (self, command);
  line = crm_executor_preview (self->executor, command, now, &warning);
  intent = crm_command_get_intent (command);
  if (intent == CRM_INTENT_UNKNOWN)
    set_preview (self, "dialog-question-symbolic", line, "dim-label");
  else if (warning)
    set_preview (self, "dialog-warning-symbolic", line, "warning");
  else
    set_preview (self, "go-next-symbolic", line, NULL);
  g_signal_emit (self, signals[SIGNAL_PREVIEW], 0, command);
}

/* ---- the queue ---- */

static void
finish_job (CrmCommandBar *self)
{
  g_clear_pointer (&self->current, job_free);
  g_clear_object (&self->cancellable);
  update_busy (self);
  process_next (self);
}

/* A command that did not go through comes back to the entry to be fixed,
 * unless the person has started typing another one. */
static void
give_back (CrmCommandBar *self,
           const char    *text,
           const char    *message)
{
  const char *now_typed = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (now_typed[0] == '\0')
    set_text_quietly (self, text);
  update_preview (self);
  crm_command_bar_show_message (self, message, TRUE);
}

static void
executed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CrmCommandBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmOutcome) outcome = NULL;
  Job *job = self->current;

  outcome = crm_executor_execute_finish (CRM_EXECUTOR (source), result, &error);
  if (self->executor == NULL || job == NULL)
    return;
  if (outcome == NULL)
    outcome = crm_outcome_new (CRM_OUTCOME_FAILED, error->message);
  if (job->notice && crm_outcome_get_notice (outcome) == NULL)
    crm_outcome_set_notice (outcome, job->notice);
  if (crm_outcome_get_command (outcome) == NULL)
    crm_outcome_set_command (outcome, job->command);

  switch (crm_outcome_get_status (outcome))
    {
    case CRM_OUTCOME_DONE:
    case CRM_OUTCOME_AMBIGUOUS:
      if (crm_outcome_get_notice (outcome))
        crm_command_bar_show_message (self, crm_outcome_get_notice (outcome), FALSE);
      break;
    default:
      if (job->text)
        give_back (self, job->text, crm_outcome_get_message (outcome));
      break;
    }
  g_signal_emit (self, signals[SIGNAL_OUTCOME], 0, outcome);
  finish_job (self);
}

static void
execute_job (CrmCommandBar *self)
{
  g_autoptr(GDateTime) now = dup_now (self);

  self->current->asking = FALSE;
  update_busy (self);
  /* Once understood, a command is carried out whole: no cancellable. */
  crm_executor_execute_async (self->executor, self->current->command, now,
                              self->current->choice, NULL, executed_cb, g_object_ref (self));
}

static void
understood_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CrmCommandBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  CrmCommand *command;

  command = crm_understanding_run_finish (CRM_UNDERSTANDING (source), result, &notice, &error);
  if (self->executor == NULL || self->current == NULL)
    {
      g_clear_object (&command);
      return;
    }
  if (command == NULL)
    {
      give_back (self, self->current->text, _("Cancelled; nothing was written."));
      finish_job (self);
      return;
    }
  self->current->command = command;
  self->current->notice = g_steal_pointer (&notice);
  execute_job (self);
}

static void
process_next (CrmCommandBar *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->current != NULL || g_queue_is_empty (&self->jobs) || self->executor == NULL)
    {
      update_busy (self);
      return;
    }
  self->current = g_queue_pop_head (&self->jobs);
  self->cancellable = g_cancellable_new ();
  if (self->current->command)
    {
      execute_job (self);
      return;
    }
  self->current->asking = TRUE;
  update_busy (self);
  now = dup_now (self);
  crm_understanding_run_async (self->understanding, self->current->text, now,
                               self->cancellable, understood_cb, g_object_ref (self));
}

/* ---- history ---- */

static void
remember (CrmCommandBar *self,
          const char    *text)
{
  guint n = self->history->len;

  if (n == 0 || g_strcmp0 (g_ptr_array_index (self->history, n - 1), text) != 0)
    g_ptr_array_add (self->history, g_strdup (text));
  if (self->history->len > HISTORY_LIMIT)
    g_ptr_array_remove_index (self->history, 0);
  self->history_pos = -1;
  g_clear_pointer (&self->draft, g_free);
}

static void
walk_history (CrmCommandBar *self,
              int            step)
{
  int n = self->history->len;
  int pos = self->history_pos;

  if (n == 0)
    return;
  if (pos == -1 && step < 0)
    {
      g_free (self->draft);
      self->draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
      pos = n - 1;
    }
  else if (pos == -1)
    return;
  else
    pos += step;
  if (pos < 0)
    pos = 0;
  if (pos >= n)
    {
      self->history_pos = -1;
      set_text_quietly (self, self->draft ? self->draft : "");
      update_preview (self);
      return;
    }
  self->history_pos = pos;
  set_text_quietly (self, g_ptr_array_index (self->history, pos));
  update_preview (self);
}

/* ---- callbacks ---- */

static void
entry_activate_cb (CrmCommandBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (copy[0] == '\0')
    return;
  crm_command_bar_submit (self, copy);
  set_text_quietly (self, "");
  update_preview (self);
}

static void
entry_changed_cb (CrmCommandBar *self)
{
  if (!self->setting_text)
    self->history_pos = -1;
  self->message_shown = FALSE;
  update_preview (self);
  update_busy (self);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CrmCommandBar         *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Escape:
      if (crm_command_bar_cancel (self))
        return TRUE;
      if (gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
        return FALSE;
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      walk_history (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      walk_history (self, +1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
uses_model_changed_cb (CrmCommandBar *self)
{
  gboolean uses = crm_understanding_uses_model (self->understanding);
  g_autofree char *tip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->gemini_indicator), uses);
  if (uses)
    {
      tip = g_strdup_printf (_("Commands are understood with the help of Gemini (%s)"),
                             crm_understanding_get_model (self->understanding));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->gemini_indicator), tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->gemini_indicator),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
    }
}

/* ---- GObject ---- */

static void
crm_command_bar_dispose (GObject *object)
{
  CrmCommandBar *self = CRM_COMMAND_BAR (object);

  crm_command_bar_shutdown (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_COMMAND_BAR);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (crm_command_bar_parent_class)->dispose (object);
}

static void
crm_command_bar_finalize (GObject *object)
{
  CrmCommandBar *self = CRM_COMMAND_BAR (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->activity, g_free);
  G_OBJECT_CLASS (crm_command_bar_parent_class)->finalize (object);
}

static void
crm_command_bar_class_init (CrmCommandBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_command_bar_dispose;
  object_class->finalize = crm_command_bar_finalize;

  signals[SIGNAL_PREVIEW] =
    g_signal_new ("preview", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_COMMAND);
  signals[SIGNAL_OUTCOME] =
    g_signal_new ("outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_OUTCOME);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/SmartCRM/crm-command-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, preview_box);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, preview_icon);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, preview_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, entry);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, queue_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmCommandBar, gemini_indicator);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_set_css_name (widget_class, "commandbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
crm_command_bar_init (CrmCommandBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->jobs);
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->history_pos = -1;

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_static_name (keys, "crm-command-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

/* ---- public ---- */

void
crm_command_bar_setup (CrmCommandBar    *self,
                       CrmUnderstanding *understanding,
                       CrmExecutor      *executor,
                       GDateTime        *fixed_now)
{
  g_return_if_fail (CRM_IS_COMMAND_BAR (self));

  g_set_object (&self->understanding, understanding);
  g_set_object (&self->executor, executor);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  self->fixed_now = fixed_now ? g_date_time_ref (fixed_now) : NULL;
  g_signal_connect_object (understanding, "notify::uses-model",
                           G_CALLBACK (uses_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (understanding, "notify::model",
                           G_CALLBACK (uses_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  uses_model_changed_cb (self);
  update_preview (self);
}

GtkEditable *
crm_command_bar_get_editable (CrmCommandBar *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND_BAR (self), NULL);
  return GTK_EDITABLE (self->entry);
}

void
crm_command_bar_focus (CrmCommandBar *self)
{
  g_return_if_fail (CRM_IS_COMMAND_BAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
crm_command_bar_submit (CrmCommandBar *self,
                        const char    *text)
{
  Job *job;

  g_return_if_fail (CRM_IS_COMMAND_BAR (self));
  g_return_if_fail (text != NULL);

  remember (self, text);
  job = g_new0 (Job, 1);
  job->text = g_strdup (text);
  g_queue_push_tail (&self->jobs, job);
  process_next (self);
}

void
crm_command_bar_submit_choice (CrmCommandBar *self,
                               CrmCommand    *command,
                               gint64         choice)
{
  Job *job;

  g_return_if_fail (CRM_IS_COMMAND_BAR (self));
  g_return_if_fail (CRM_IS_COMMAND (command));

  job = g_new0 (Job, 1);
  job->text = g_strdup (crm_command_get_text (command));
  job->command = g_object_ref (command);
  job->choice = choice;
  g_queue_push_tail (&self->jobs, job);
  process_next (self);
}

gboolean
crm_command_bar_cancel (CrmCommandBar *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND_BAR (self), FALSE);

  if (self->current == NULL || !self->current->asking)
    return FALSE;
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

gboolean
crm_command_bar_is_busy (CrmCommandBar *self)
{
  g_return_val_if_fail (CRM_IS_COMMAND_BAR (self), FALSE);
  return self->current != NULL || !g_queue_is_empty (&self->jobs);
}

/* @text (NULL when it is over): a long step of the window's own, an undo
 * of an import, shown with the spinner on the message line. */
void
crm_command_bar_set_activity (CrmCommandBar *self,
                              const char    *text)
{
  g_return_if_fail (CRM_IS_COMMAND_BAR (self));

  g_free (self->activity);
  self->activity = g_strdup (text);
  if (text)
    set_preview (self, "emblem-synchronizing-symbolic", text, "dim-label");
  else
    update_preview (self);
  update_busy (self);
}

void
crm_command_bar_show_message (CrmCommandBar *self,
                              const char    *message,
                              gboolean       is_error)
{
  g_return_if_fail (CRM_IS_COMMAND_BAR (self));

  if (message == NULL)
    {
      update_preview (self);
      return;
    }
  set_preview (self, is_error ? "dialog-error-symbolic" : "dialog-information-symbolic",
               message, is_error ? "error" : "warning");
  self->message_shown = TRUE;
}

/* Cancels what is in flight and drops the references to the core, so
 * callbacks arriving later do nothing. */
void
crm_command_bar_shutdown (CrmCommandBar *self)
{
  g_return_if_fail (CRM_IS_COMMAND_BAR (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->jobs, (GDestroyNotify) job_free);
  g_clear_pointer (&self->current, job_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->understanding);
  g_clear_object (&self->executor);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
}
