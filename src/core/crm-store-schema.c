/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include "crm-store-schema.h"

/* Version 1: the records. Times are Unix seconds, UTC; meetings keep the
 * IANA zone they were entered in. name_key is crm_text_name_key (name). */
static const char migration_1[] =
  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  company TEXT,"
  "  job_title TEXT,"
  "  notes TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX contacts_by_name ON contacts (name_key, id);"
  "CREATE TABLE contact_emails ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  value TEXT NOT NULL,"
  "  value_key TEXT NOT NULL UNIQUE,"
  "  type TEXT,"
  "  preferred INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (contact_id, position)) WITHOUT ROWID;"
  "CREATE TABLE contact_phones ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  value TEXT NOT NULL,"
  "  type TEXT,"
  "  preferred INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (contact_id, position)) WITHOUT ROWID;"
  "CREATE TABLE meetings ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL,"
  "  start_utc INTEGER NOT NULL,"
  "  end_utc INTEGER NOT NULL,"
  "  tzid TEXT NOT NULL,"
  "  all_day INTEGER NOT NULL DEFAULT 0,"
  "  rrule TEXT,"
  "  location TEXT,"
  "  description TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  CHECK (end_utc >= start_utc));"
  "CREATE INDEX meetings_by_start ON meetings (start_utc, id);"
  "CREATE TABLE meeting_attendees ("
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  email TEXT,"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;"
  "CREATE INDEX attendees_by_contact ON meeting_attendees (contact_id);"
  "CREATE INDEX attendees_by_name ON meeting_attendees (name_key);";

/* Version 2: full-text search with prefix indexes for search-as-you-type.
 * Contacts' index gathers the emails and phones of child tables, so it keeps
 * its own copy of the text; meetings' reads its text from the table. Phones
 * are also indexed as bare digits, so "5550101" finds "555-0101". */
#define PHONE_DIGITS(v) \
  "replace(replace(replace(replace(replace(replace(" v ",' ',''),'-',''),'(',''),')',''),'.',''),'+','')"
#define CONTACT_EMAILS(id) \
  "(SELECT group_concat(value, ' ') FROM contact_emails WHERE contact_id = " id ")"
#define CONTACT_PHONES(id) \
  "(SELECT group_concat(value || ' ' || " PHONE_DIGITS ("value") ", ' ') " \
  " FROM contact_phones WHERE contact_id = " id ")"

static const char migration_2[] =
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 ("
  "  name, emails, company, phones,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
  "INSERT INTO contacts_fts (rowid, name, emails, company, phones)"
  "  SELECT id, name, " CONTACT_EMAILS ("c.id") ", company, " CONTACT_PHONES ("c.id")
  "  FROM contacts c;"
  "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN"
  "  INSERT INTO contacts_fts (rowid, name, company) VALUES (new.id, new.name, new.company);"
  "END;"
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, company ON contacts BEGIN"
  "  UPDATE contacts_fts SET name = new.name, company = new.company WHERE rowid = new.id;"
  "END;"
  "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN"
  "  DELETE FROM contacts_fts WHERE rowid = old.id;"
  "END;"
  "CREATE TRIGGER contact_emails_fts_insert AFTER INSERT ON contact_emails BEGIN"
  "  UPDATE contacts_fts SET emails = " CONTACT_EMAILS ("new.contact_id")
  "  WHERE rowid = new.contact_id;"
  "END;"
  "CREATE TRIGGER contact_emails_fts_delete AFTER DELETE ON contact_emails BEGIN"
  "  UPDATE contacts_fts SET emails = " CONTACT_EMAILS ("old.contact_id")
  "  WHERE rowid = old.contact_id;"
  "END;"
  "CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones BEGIN"
  "  UPDATE contacts_fts SET phones = " CONTACT_PHONES ("new.contact_id")
  "  WHERE rowid = new.contact_id;"
  "END;"
  "CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones BEGIN"
  "  UPDATE contacts_fts SET phones = " CONTACT_PHONES ("old.contact_id")
  "  WHERE rowid = old.contact_id;"
  "END;"
  "CREATE VIRTUAL TABLE meetings_fts USING fts5 ("
  "  title, description, location, content = 'meetings', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
  "INSERT INTO meetings_fts (meetings_fts) VALUES ('rebuild');"
  "CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings BEGIN"
  "  INSERT INTO meetings_fts (rowid, title, description, location)"
  "  VALUES (new.id, new.title, new.description, new.location);"
  "END;"
  "CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings BEGIN"
  "  INSERT INTO meetings_fts (meetings_fts, rowid, title, description, location)"
  "  VALUES ('delete', old.id, old.title, old.description, old.location);"
  "END;"
  "CREATE TRIGGER meetings_fts_update AFTER UPDATE OF title, description, location ON meetings BEGIN"
  "  INSERT INTO meetings_fts (meetings_fts, rowid, title, description, location)"
  "  VALUES ('delete', old.id, old.title, old.description, old.location);"
  "  INSERT INTO meetings_fts (rowid, title, description, location)"
  "  VALUES (new.id, new.title, new.description, new.location);"
  "END;";

const char * const crm_store_migrations[] = {
  migration_1,
  migration_2,
};

const guint crm_store_n_migrations = G_N_ELEMENTS (crm_store_migrations);
