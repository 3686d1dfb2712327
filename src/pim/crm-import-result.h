/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Something about one entry of the file, at the line where it begins (or
 * the line of the property concerned). */
typedef struct
{
  guint line;
  char *message;
} CrmImportIssue;

typedef enum
{
  CRM_IMPORT_COUNT_CONTACTS_ADDED,
  CRM_IMPORT_COUNT_CONTACTS_UPDATED,
  CRM_IMPORT_COUNT_MEETINGS_ADDED,
  CRM_IMPORT_COUNT_MEETINGS_UPDATED,
  CRM_IMPORT_N_COUNTS
} CrmImportCount;

#define CRM_TYPE_IMPORT_RESULT (crm_import_result_get_type ())
G_DECLARE_FINAL_TYPE (CrmImportResult, crm_import_result, CRM, IMPORT_RESULT, GObject)

CrmImportResult *crm_import_result_new            (void);
guint            crm_import_result_get_count      (CrmImportResult *self,
                                                   CrmImportCount   which);
void             crm_import_result_increment      (CrmImportResult *self,
                                                   CrmImportCount   which);
void             crm_import_result_add_to_count   (CrmImportResult *self,
                                                   CrmImportCount   which,
                                                   guint            n);
/* Added plus updated. */
guint            crm_import_result_get_n_contacts (CrmImportResult *self);
guint            crm_import_result_get_n_meetings (CrmImportResult *self);

/* Entries not imported, and problems in entries that were (a property that
 * could not be read, a value that was repaired); CrmImportIssue, in order. */
GArray          *crm_import_result_get_skipped    (CrmImportResult *self);
GArray          *crm_import_result_get_warnings   (CrmImportResult *self);
void             crm_import_result_add_skipped    (CrmImportResult *self,
                                                   guint            line,
                                                   const char      *message);
void             crm_import_result_add_warning    (CrmImportResult *self,
                                                   guint            line,
                                                   const char      *format,
                                                   ...) G_GNUC_PRINTF (3, 4);

char            *crm_import_result_dup_issues     (CrmImportResult *self,
                                                   guint            max_lines);
/* "Imported 2 contacts and 1 meeting; skipped 1 entry" */
char            *crm_import_result_dup_summary    (CrmImportResult *self);
/* "Imported 300,000 contacts", for the window */
char            *crm_import_result_dup_message    (CrmImportResult *self);

G_END_DECLS
