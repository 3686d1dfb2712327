/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One email address or phone number of a contact, with its vCard TYPE
 * ("work", "home,voice"…), whether it is the preferred one, and what else
 * its vCard line said, NULL for most: the group it came in ("item1"),
 * which ties it to other lines of its card, such as the custom label
 * Google and Apple give it (item1.X-ABLabel), and its other parameters
 * as written ("LABEL=Office;X-SERVICE=work"). */
typedef struct
{
  char *value;
  char *type;
  gboolean preferred;
  char *group;
  char *params;
} CrmContactValue;

#define CRM_TYPE_CONTACT (crm_contact_get_type ())
G_DECLARE_FINAL_TYPE (CrmContact, crm_contact, CRM, CONTACT, GObject)

CrmContact            *crm_contact_new            (const char      *name);
CrmContact            *crm_contact_copy           (CrmContact      *self);
gboolean               crm_contact_equal          (CrmContact      *a,
                                                   CrmContact      *b);
/* Every stored field as bytes appended to @out, read back from *@data
 * (moved past them) up to @end: for records kept on disk. */
void                   crm_contact_append_bytes   (CrmContact      *self,
                                                   GByteArray      *out);
CrmContact            *crm_contact_new_from_bytes (const guint8   **data,
                                                   const guint8    *end);

gint64                 crm_contact_get_id         (CrmContact      *self);
void                   crm_contact_set_id         (CrmContact      *self,
                                                   gint64           id);
const char            *crm_contact_get_uid        (CrmContact      *self);
void                   crm_contact_set_uid        (CrmContact      *self,
                                                   const char      *uid);
const char            *crm_contact_get_name       (CrmContact      *self);
void                   crm_contact_set_name       (CrmContact      *self,
                                                   const char      *name);
const char            *crm_contact_get_company    (CrmContact      *self);
void                   crm_contact_set_company    (CrmContact      *self,
                                                   const char      *company);
const char            *crm_contact_get_job_title  (CrmContact      *self);
void                   crm_contact_set_job_title  (CrmContact      *self,
                                                   const char      *job_title);
const char            *crm_contact_get_notes      (CrmContact      *self);
void                   crm_contact_set_notes      (CrmContact      *self,
                                                   const char      *notes);
const char            *crm_contact_get_extra_vcard (CrmContact    *self);
gboolean               crm_contact_has_kept_org   (CrmContact      *self);
gboolean               crm_contact_has_kept_notes (CrmContact      *self);
void                   crm_contact_drop_kept_fields (CrmContact    *self,
                                                     const char    *company,
                                                     gboolean       notes);
void                   crm_contact_set_extra_vcard (CrmContact    *self,
                                                    const char    *extra_vcard);
gint64                 crm_contact_get_created    (CrmContact      *self);
gint64                 crm_contact_get_updated    (CrmContact      *self);
void                   crm_contact_set_times      (CrmContact      *self,
                                                   gint64           created,
                                                   gint64           updated);

/* Emails and phones: the arrays hold CrmContactValue, in order. */
GArray                *crm_contact_get_emails     (CrmContact      *self);
GArray                *crm_contact_get_phones     (CrmContact      *self);
const char            *crm_contact_get_email      (CrmContact      *self);
const char            *crm_contact_get_phone      (CrmContact      *self);
/* The vCard group and other parameters of the @index-th email (@email)
 * or phone; NULL for none. */
void                   crm_contact_set_value_vcard (CrmContact     *self,
                                                    gboolean        email,
                                                    guint           index,
                                                    const char     *group,
                                                    const char     *params);
void                   crm_contact_add_email      (CrmContact      *self,
                                                   const char      *value,
                                                   const char      *type,
                                                   gboolean         preferred);
void                   crm_contact_add_phone      (CrmContact      *self,
                                                   const char      *value,
                                                   const char      *type,
                                                   gboolean         preferred);
void                   crm_contact_set_preferred_email (CrmContact *self,
                                                        const char *value);
void                   crm_contact_set_preferred_phone (CrmContact *self,
                                                        const char *value);
gboolean               crm_contact_has_email      (CrmContact      *self,
                                                   const char      *value);
void                   crm_contact_clear_emails   (CrmContact      *self);
void                   crm_contact_clear_phones   (CrmContact      *self);

void                   crm_contact_append_json    (CrmContact      *self,
                                                   GString         *out);

G_END_DECLS
