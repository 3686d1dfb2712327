/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-pim"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-import-result.h"

/* What an import did: counts, and the entries it skipped with the line
 * where each begins, so a person can find them in the file. While a
 * vCard file is imported, warnings come from the thread reading it and
 * the rest from the one writing (crm-read-ahead.c): each field has one
 * writer, and the result is read once both are done. */
struct _CrmImportResult
{
  GObject parent_instance;

  guint counts[CRM_IMPORT_N_COUNTS];
  GArray *skipped;
  gboolean skipped_unsorted;   /* a big import's repeats come at its end */
  GArray *warnings;
};

G_DEFINE_FINAL_TYPE (CrmImportResult, crm_import_result, G_TYPE_OBJECT)

/* A million cards without a name would otherwise keep a million warnings:
 * memory stays flat, and nobody reads past the first screens. */
#define MAX_WARNINGS 1000

static void
issue_clear (gpointer data)
{
  g_free (((CrmImportIssue *) data)->message);
}

static GArray *
issues_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (CrmImportIssue));

  g_array_set_clear_func (a, issue_clear);
  return a;
}

static void
crm_import_result_finalize (GObject *object)
{
  CrmImportResult *self = CRM_IMPORT_RESULT (object);

  g_array_unref (self->skipped);
  g_array_unref (self->warnings);
  G_OBJECT_CLASS (crm_import_result_parent_class)->finalize (object);
}

static void
crm_import_result_class_init (CrmImportResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_import_result_finalize;
}

static void
crm_import_result_init (CrmImportResult *self)
{
  self->skipped = issues_new ();
  self->warnings = issues_new ();
}

CrmImportResult *
crm_import_result_new (void)
{
  return g_object_new (CRM_TYPE_IMPORT_RESULT, NULL);
}

guint
crm_import_result_get_count (CrmImportResult *self,
                             CrmImportCount   which)
{
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), 0);
  g_return_val_if_fail (which < CRM_IMPORT_N_COUNTS, 0);
  return self->counts[which];
}

void
crm_import_result_increment (CrmImportResult *self,
                             CrmImportCount   which)
{
  g_return_if_fail (CRM_IS_IMPORT_RESULT (self));
  g_return_if_fail (which < CRM_IMPORT_N_COUNTS);
  self->counts[which]++;
}

void
crm_import_result_add_to_count (CrmImportResult *self,
                                CrmImportCount   which,
                                guint            n)
{
  g_return_if_fail (CRM_IS_IMPORT_RESULT (self));
  g_return_if_fail (which < CRM_IMPORT_N_COUNTS);
  self->counts[which] += n;
}

guint
crm_import_result_get_n_contacts (CrmImportResult *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), 0);
  return self->counts[CRM_IMPORT_COUNT_CONTACTS_ADDED] +
         self->counts[CRM_IMPORT_COUNT_CONTACTS_UPDATED];
}

guint
crm_import_result_get_n_meetings (CrmImportResult *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), 0);
  return self->counts[CRM_IMPORT_COUNT_MEETINGS_ADDED] +
         self->counts[CRM_IMPORT_COUNT_MEETINGS_UPDATED];
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  guint la = ((const CrmImportIssue *) a)->line;
  guint lb = ((const CrmImportIssue *) b)->line;

  return la < lb ? -1 : la > lb;
}

GArray *
crm_import_result_get_skipped (CrmImportResult *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), NULL);
  /* In line order (a stable sort: one line's entries keep theirs). */
  if (self->skipped_unsorted)
    g_array_sort (self->skipped, compare_lines);
  self->skipped_unsorted = FALSE;
  return self->skipped;
}

GArray *
crm_import_result_get_warnings (CrmImportResult *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), NULL);
  return self->warnings;
}

void
crm_import_result_add_skipped (CrmImportResult *self,
                               guint            line,
                               const char      *message)
{
  CrmImportIssue issue = { line, g_strdup (message) };

  g_return_if_fail (CRM_IS_IMPORT_RESULT (self));
  if (self->skipped->len > 0 &&
      g_array_index (self->skipped, CrmImportIssue, self->skipped->len - 1).line > line)
    self->skipped_unsorted = TRUE;
  g_array_append_val (self->skipped, issue);
}

void
crm_import_result_add_warning (CrmImportResult *self,
                               guint            line,
                               const char      *format,
                               ...)
{
  CrmImportIssue issue = { line, NULL };
  va_list args;

  g_return_if_fail (CRM_IS_IMPORT_RESULT (self));
  if (self->warnings->len > MAX_WARNINGS)
    return;
  if (self->warnings->len == MAX_WARNINGS)
    issue.message = g_strdup ("More warnings followed; they were left out.");
  else
    {
      va_start (args, format);
      issue.message = g_strdup_vprintf (format, args);
      va_end (args);
    }
  g_array_append_val (self->warnings, issue);
}

typedef struct
{
  const CrmImportIssue *issue;
  gboolean skipped;
} Line;

static int
compare_issue_lines (gconstpointer a,
                     gconstpointer b)
{
  return compare_lines (((const Line *) a)->issue, ((const Line *) b)->issue);
}

static void
collect_lines (GArray   *lines,
               GArray   *issues,
               gboolean  skipped)
{
  for (guint i = 0; i < issues->len; i++)
    {
      Line line = { &g_array_index (issues, CrmImportIssue, i), skipped };
      g_array_append_val (lines, line);
    }
}

/**
 * crm_import_result_dup_issues:
 * @max_lines: at most this many lines, then one that says how many more;
 *   0 for all
 *
 * Skipped entries and warnings together, in line order, a line each:
 * "line 42: …" for a skipped entry, "line 7: warning: …" for something
 * repaired or left out of one that was imported.
 *
 * Returns: (transfer full): the lines, each ending in "\n"; "" for none
 */
char *
crm_import_result_dup_issues (CrmImportResult *self,
                              guint            max_lines)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  GString *text = g_string_new (NULL);
  guint shown;

  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), NULL);

  collect_lines (lines, crm_import_result_get_skipped (self), TRUE);
  collect_lines (lines, self->warnings, FALSE);
  g_array_sort (lines, compare_issue_lines); /* stable: skipped first on a line */
  shown = max_lines > 0 ? MIN (max_lines, lines->len) : lines->len;
  for (guint i = 0; i < shown; i++)
    {
      Line *l = &g_array_index (lines, Line, i);
      g_string_append_printf (text, l->skipped ? _("line %u: %s\n") : _("line %u: warning: %s\n"),
                              l->issue->line, l->issue->message);
    }
  if (shown < lines->len)
    g_string_append_printf (text, ngettext ("…and %u more\n", "…and %u more\n", lines->len - shown),
                            lines->len - shown);
  return g_string_free (text, FALSE);
}

/**
 * crm_import_result_dup_summary:
 *
 * Returns: (transfer full): the one line of interfaces.md; the skipped part
 * only when something was skipped
 */
char *
crm_import_result_dup_summary (CrmImportResult *self)
{
  guint contacts, meetings, skipped;
  g_autofree char *c = NULL;
  g_autofree char *m = NULL;

  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), NULL);

  contacts = crm_import_result_get_n_contacts (self);
  meetings = crm_import_result_get_n_meetings (self);
  skipped = self->skipped->len;
  c = g_strdup_printf (ngettext ("%u contact", "%u contacts", contacts), contacts);
  m = g_strdup_printf (ngettext ("%u meeting", "%u meetings", meetings), meetings);
  if (skipped == 0)
    /* Translators: "Imported 2 contacts and 1 meeting" */
    return g_strdup_printf (_("Imported %s and %s"), c, m);
  /* Translators: "Imported 2 contacts and 1 meeting; skipped 1 entry" */
  return g_strdup_printf (ngettext ("Imported %s and %s; skipped %u entry",
                                    "Imported %s and %s; skipped %u entries", skipped),
                          c, m, skipped);
}

/**
 * crm_import_result_dup_message:
 *
 * What the window says of an import, where the command line's summary
 * (crm_import_result_dup_summary ()) keeps its fixed form: only the kinds
 * of record the file brought, with counts grouped as the locale groups
 * them ("Imported 300,000 contacts"), then the skipped entries, if any.
 *
 * Returns: (transfer full): the message
 */
char *
crm_import_result_dup_message (CrmImportResult *self)
{
  guint contacts, meetings, skipped;
  g_autofree char *c = NULL;
  g_autofree char *m = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (CRM_IS_IMPORT_RESULT (self), NULL);

  contacts = crm_import_result_get_n_contacts (self);
  meetings = crm_import_result_get_n_meetings (self);
  skipped = self->skipped->len;
  c = g_strdup_printf (ngettext ("%'u contact", "%'u contacts", contacts), contacts);
  m = g_strdup_printf (ngettext ("%'u meeting", "%'u meetings", meetings), meetings);
  if (contacts > 0 && meetings > 0)
    what = g_strdup_printf (_("Imported %s and %s"), c, m);
  else if (contacts > 0 || meetings > 0)
    /* Translators: "Imported 300,000 contacts", "Imported 1 meeting" */
    what = g_strdup_printf (_("Imported %s"), contacts > 0 ? c : m);
  else
    what = g_strdup (_("Nothing was imported"));
  if (skipped == 0)
    return g_steal_pointer (&what);
  /* Translators: "Imported 2 meetings; skipped 3 entries" */
  return g_strdup_printf (ngettext ("%s; skipped %'u entry", "%s; skipped %'u entries", skipped), what, skipped);
}
