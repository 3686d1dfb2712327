/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-contact.h"
#include "crm-meeting.h"

G_BEGIN_DECLS

#define CRM_STORE_ERROR (crm_store_error_quark ())

typedef enum
{
  CRM_STORE_ERROR_OPEN,        /* cannot open or create the file */
  CRM_STORE_ERROR_TOO_NEW,     /* written by a newer Smart CRM */
  CRM_STORE_ERROR_MIGRATION,
  CRM_STORE_ERROR_SQL,
  CRM_STORE_ERROR_NOT_FOUND,
  CRM_STORE_ERROR_DUPLICATE,   /* an email that belongs to another contact */
  CRM_STORE_ERROR_INVALID,     /* a record missing what it needs */
  CRM_STORE_ERROR_UID_TAKEN,   /* a new contact with the UID of one stored */
  CRM_STORE_ERROR_HALF_WRITTEN, /* in a bulk import: roll the whole of it back */
  CRM_STORE_ERROR_BUSY,        /* another program holds the file (a command-line import) */
} CrmStoreError;

/* Which tables a change touched, for the "changed" signal. */
typedef enum
{
  CRM_STORE_CHANGE_CONTACTS = 1 << 0,
  CRM_STORE_CHANGE_MEETINGS = 1 << 1,
} CrmStoreChange;

#define CRM_STORE_SCHEMA_VERSION 12

#define CRM_TYPE_STORE (crm_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStore, crm_store, CRM, STORE, GObject)

GQuark       crm_store_error_quark              (void);
char        *crm_store_default_path             (void);

/* What opening a file would meet, found at once (crm_store_probe ()). */
typedef enum
{
  CRM_STORE_PROBE_READY,         /* opens as it is (or is new, or unreadable: crm_store_open () says why) */
  CRM_STORE_PROBE_NEEDS_UPGRADE, /* records of an older Smart CRM: seconds for a big file */
  CRM_STORE_PROBE_BUSY,          /* another program is writing it in bulk, for now */
} CrmStoreProbe;

CrmStoreProbe crm_store_probe                   (const char    *path);
CrmStore    *crm_store_open                     (const char    *path,
                                                 GError       **error);
CrmStore    *crm_store_open_no_wait             (const char    *path,
                                                 GError       **error);
const char  *crm_store_get_path                 (CrmStore      *self);
void         crm_store_set_sole_user            (CrmStore      *self);

/* Writes: every call is its own transaction unless inside begin/commit,
 * which groups several (a command, an import, an undo step) into one. */
gboolean     crm_store_begin_whole              (CrmStore      *self,
                                                 GError       **error);
gboolean     crm_store_begin                    (CrmStore      *self,
                                                 GError       **error);
gboolean     crm_store_commit                   (CrmStore      *self,
                                                 GError       **error);
gboolean     crm_store_commit_cancellable       (CrmStore      *self,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
void         crm_store_rollback                 (CrmStore      *self);

/* crm_store_begin() for many inserts (an import): the contacts' search
 * index and name order are not kept up to date row by row but rebuilt
 * whole at the commit — several times faster past a few thousand rows —
 * and foreign keys are not checked (the store writes a contact's rows
 * together). Not inside another transaction. With DEFER_UNIQUE, nor are
 * UIDs and emails checked for repeats as contacts are inserted (their
 * random inserts are most of a big first import's rows): before its
 * commit the caller takes out the contacts that repeat one, which
 * rebuilds their UNIQUE indexes, and writes them again as it sees fit.
 * Not worth it when many cards repeat stored contacts (a re-import):
 * each is then written twice. */
typedef enum
{
  CRM_STORE_BULK_NONE = 0,
  CRM_STORE_BULK_DEFER_UNIQUE = 1 << 0,
} CrmStoreBulkFlags;

gboolean     crm_store_begin_bulk               (CrmStore          *self,
                                                 CrmStoreBulkFlags  flags,
                                                 GError           **error);
gboolean     crm_store_bulk_insert_contacts     (CrmStore          *self,
                                                 GPtrArray         *contacts,
                                                 GPtrArray        **refusals,
                                                 GError           **error);
GPtrArray   *crm_store_bulk_take_repeated_contacts (CrmStore   *self,
                                                    GError    **error);

/* Contacts. Insert gives the contact an id (kept if already set, as undo
 * needs) and a uid (kept if set). Put writes the record exactly as given,
 * inserting or replacing by id. */
gboolean     crm_store_insert_contact           (CrmStore      *self,
                                                 CrmContact    *contact,
                                                 GError       **error);
gboolean     crm_store_update_contact           (CrmStore      *self,
                                                 CrmContact    *contact,
                                                 GError       **error);
gboolean     crm_store_put_contact              (CrmStore      *self,
                                                 CrmContact    *contact,
                                                 GError       **error);
gboolean     crm_store_delete_contact           (CrmStore      *self,
                                                 gint64         id,
                                                 GError       **error);
/* Every contact (meeting) whose id is in [@first_id, @last_id]: an
 * import's undo (crm_change_add_new_range). */
gboolean     crm_store_delete_contacts_between  (CrmStore      *self,
                                                 gint64         first_id,
                                                 gint64         last_id,
                                                 GError       **error);
gboolean     crm_store_delete_meetings_between  (CrmStore      *self,
                                                 gint64         first_id,
                                                 gint64         last_id,
                                                 GError       **error);
CrmContact  *crm_store_get_contact              (CrmStore      *self,
                                                 gint64         id,
                                                 GError       **error);
CrmContact  *crm_store_get_contact_by_uid       (CrmStore      *self,
                                                 const char    *uid,
                                                 GError       **error);
CrmContact  *crm_store_find_contact_by_email    (CrmStore      *self,
                                                 const char    *email,
                                                 GError       **error);
GPtrArray   *crm_store_find_contacts_by_name    (CrmStore      *self,
                                                 const char    *name,
                                                 GError       **error);
GArray      *crm_store_search_contact_ids       (CrmStore      *self,
                                                 const char    *query,
                                                 GError       **error);
GArray      *crm_store_search_contact_ids_first (CrmStore     *self,
                                                 const char    *query,
                                                 guint          limit,
                                                 GError       **error);
GPtrArray   *crm_store_get_contacts             (CrmStore      *self,
                                                 const gint64  *ids,
                                                 guint          n_ids,
                                                 GError       **error);
gint64       crm_store_count_contacts           (CrmStore      *self);

/* Meetings. Times are instants; ranges are [from, to). */
gboolean     crm_store_insert_meeting           (CrmStore      *self,
                                                 CrmMeeting    *meeting,
                                                 GError       **error);
gboolean     crm_store_update_meeting           (CrmStore      *self,
                                                 CrmMeeting    *meeting,
                                                 GError       **error);
gboolean     crm_store_put_meeting              (CrmStore      *self,
                                                 CrmMeeting    *meeting,
                                                 GError       **error);
gboolean     crm_store_delete_meeting           (CrmStore      *self,
                                                 gint64         id,
                                                 GError       **error);
CrmMeeting  *crm_store_get_meeting              (CrmStore      *self,
                                                 gint64         id,
                                                 GError       **error);
CrmMeeting  *crm_store_get_meeting_by_uid       (CrmStore      *self,
                                                 const char    *uid,
                                                 GError       **error);
GPtrArray   *crm_store_get_meetings_by_uid_prefix (CrmStore    *self,
                                                   const char  *prefix,
                                                   GError     **error);
GArray      *crm_store_search_meeting_ids       (CrmStore      *self,
                                                 const char    *query,
                                                 GDateTime     *from,
                                                 GDateTime     *to,
                                                 GError       **error);
/* The same, with the repeating meetings that occur in the range. */
GArray      *crm_store_search_agenda_ids        (CrmStore      *self,
                                                 const char    *query,
                                                 GDateTime     *from,
                                                 GDateTime     *to,
                                                 GError       **error);
GArray      *crm_store_meeting_ids_with_contact (CrmStore      *self,
                                                 gint64         contact_id,
                                                 GError       **error);
GArray      *crm_store_meeting_ids_with_attendee (CrmStore     *self,
                                                 const char    *name,
                                                 GError       **error);
GPtrArray   *crm_store_get_meetings             (CrmStore      *self,
                                                 const gint64  *ids,
                                                 guint          n_ids,
                                                 GError       **error);
/* Repeating meetings that start before @to (crm-recurrence.h finds
 * their occurrences). */
GPtrArray   *crm_store_get_repeating_meetings   (CrmStore      *self,
                                                 GDateTime     *to,
                                                 GError       **error);

/* The full sorted id list of a search (contacts when @from and @to are
 * NULL and @meetings is FALSE; meetings as crm_store_search_agenda_ids()
 * lists them), read in a worker thread on a connection of
 * its own, so reading a million ids never holds up the window's reads. */
void         crm_store_search_ids_async         (CrmStore             *self,
                                                 gboolean              meetings,
                                                 const char           *query,
                                                 GDateTime            *from,
                                                 GDateTime            *to,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GArray      *crm_store_search_ids_finish        (CrmStore             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Looks for writes by this or another process (PRAGMA data_version) and
 * emits "changed" when there were any. The store checks by itself after its
 * own writes and every half second while someone is connected to "changed". */
void         crm_store_check_for_changes        (CrmStore      *self);
void         crm_store_watch                    (CrmStore      *self);
GArray      *crm_store_get_changed_contacts     (CrmStore      *self);
/* The name key a contact sorts by; NULL when there is no such contact. */
char        *crm_store_dup_contact_name_key     (CrmStore      *self,
                                                 gint64         id);

G_END_DECLS
