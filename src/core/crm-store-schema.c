/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include "crm-store-schema.h"

/* Version 1: the records. Times are Unix seconds, UTC; meetings keep the
 * IANA zone they were entered in. name_key is crm_text_name_key (name);
 * sort_key is a number in exact name order (crm-store-contacts.c says how;
 * unique but for a bulk import's placeholders, so not declared UNIQUE), so
 * the search index, keyed by it, yields matches already sorted by name. emails_text and phones_text repeat a contact's emails and phones
 * (phones also as bare digits) for the search index, written with the row
 * so that one contact costs one index write. */
static const char migration_1[] =
  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  sort_key INTEGER NOT NULL,"
  "  company TEXT,"
  "  job_title TEXT,"
  "  notes TEXT,"
  "  emails_text TEXT,"
  "  phones_text TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX contacts_by_name ON contacts (name_key, id);"
  "CREATE INDEX contacts_by_sort_key ON contacts (sort_key);"
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
  "  email_key TEXT,"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;"
  "CREATE INDEX attendees_by_contact ON meeting_attendees (contact_id);"
  "CREATE INDEX attendees_by_name ON meeting_attendees (name_key);"
  "CREATE INDEX attendees_by_email ON meeting_attendees (email_key);";

/* Version 2: full-text search with prefix indexes for search-as-you-type.
 * Both indexes read their text from their tables (external content), so
 * the text is stored once; triggers keep them in step. */
#define FTS_OPTIONS "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'"
#define CONTACT_FTS_COLUMNS "name, emails_text, company, phones_text"
#define CONTACT_FTS_OLD "old.name, old.emails_text, old.company, old.phones_text"
/* The contacts' index is keyed by sort_key, not id: see migration 1. */
#define CONTACT_FTS_NEW "new.name, new.emails_text, new.company, new.phones_text"
#define MEETING_FTS_COLUMNS "title, description, location"
#define MEETING_FTS_OLD "old.title, old.description, old.location"
#define MEETING_FTS_NEW "new.title, new.description, new.location"

#define CONTACT_INDEX_TRIGGERS \
  "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN" \
  "  INSERT INTO contacts_fts (rowid, " CONTACT_FTS_COLUMNS ") VALUES (new.sort_key, " CONTACT_FTS_NEW ");" \
  "END;" \
  "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN" \
  "  INSERT INTO contacts_fts (contacts_fts, rowid, " CONTACT_FTS_COLUMNS ")" \
  "  VALUES ('delete', old.sort_key, " CONTACT_FTS_OLD ");" \
  "END;" \
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF sort_key, " CONTACT_FTS_COLUMNS " ON contacts BEGIN" \
  "  INSERT INTO contacts_fts (contacts_fts, rowid, " CONTACT_FTS_COLUMNS ")" \
  "  VALUES ('delete', old.sort_key, " CONTACT_FTS_OLD ");" \
  "  INSERT INTO contacts_fts (rowid, " CONTACT_FTS_COLUMNS ") VALUES (new.sort_key, " CONTACT_FTS_NEW ");" \
  "END;" \

static const char migration_2[] =
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (" CONTACT_FTS_COLUMNS ","
  "  content = 'contacts', content_rowid = 'sort_key', " FTS_OPTIONS ");"
  "INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');"
  CONTACT_INDEX_TRIGGERS
  "CREATE VIRTUAL TABLE meetings_fts USING fts5 (" MEETING_FTS_COLUMNS ","
  "  content = 'meetings', content_rowid = 'id', " FTS_OPTIONS ");"
  "INSERT INTO meetings_fts (meetings_fts) VALUES ('rebuild');"
  "CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings BEGIN"
  "  INSERT INTO meetings_fts (rowid, " MEETING_FTS_COLUMNS ") VALUES (new.id, " MEETING_FTS_NEW ");"
  "END;"
  "CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings BEGIN"
  "  INSERT INTO meetings_fts (meetings_fts, rowid, " MEETING_FTS_COLUMNS ")"
  "  VALUES ('delete', old.id, " MEETING_FTS_OLD ");"
  "END;"
  "CREATE TRIGGER meetings_fts_update AFTER UPDATE OF " MEETING_FTS_COLUMNS " ON meetings BEGIN"
  "  INSERT INTO meetings_fts (meetings_fts, rowid, " MEETING_FTS_COLUMNS ")"
  "  VALUES ('delete', old.id, " MEETING_FTS_OLD ");"
  "  INSERT INTO meetings_fts (rowid, " MEETING_FTS_COLUMNS ") VALUES (new.id, " MEETING_FTS_NEW ");"
  "END;";

/* Version 3: a million-contact import in seconds. A contact's place in
 * name order (sort_key) moves to its own narrow table, so numbering every
 * contact after a bulk import writes 16 bytes a contact instead of
 * rewriting every row. The search index holds names and companies only,
 * and keeps no text of its own (contentless): emails and phone numbers,
 * nearly one unique word each, made it five times as slow to build; they
 * are found by the start of the address or of the digits, through plain
 * indexes. crm_digits () is the store's own SQL function (crm-store.c). */
#define CONTACT_FTS_V3_OPTIONS \
  "content = '', detail = column, columnsize = 0, " FTS_OPTIONS

/* The index follows the contact's row (name, company) and its key: a
 * contact enters it with its key, moves with its key and leaves before its
 * row goes, always removed with the values it went in with. */
#define CONTACT_ORDER_INDEX_TRIGGERS \
  "CREATE TRIGGER contact_order_fts_insert AFTER INSERT ON contact_order BEGIN" \
  "  INSERT INTO contacts_fts (rowid, name, company)" \
  "  SELECT new.sort_key, name, company FROM contacts WHERE id = new.contact_id;" \
  "END;" \
  "CREATE TRIGGER contact_order_fts_update AFTER UPDATE OF sort_key ON contact_order BEGIN" \
  "  INSERT INTO contacts_fts (contacts_fts, rowid, name, company)" \
  "  SELECT 'delete', old.sort_key, name, company FROM contacts WHERE id = old.contact_id;" \
  "  INSERT INTO contacts_fts (rowid, name, company)" \
  "  SELECT new.sort_key, name, company FROM contacts WHERE id = new.contact_id;" \
  "END;"
#define CONTACTS_INDEX_UPDATE_BODY \
  "  INSERT INTO contacts_fts (contacts_fts, rowid, name, company)" \
  "  SELECT 'delete', sort_key, old.name, old.company FROM contact_order WHERE contact_id = old.id;" \
  "  INSERT INTO contacts_fts (rowid, name, company)" \
  "  SELECT sort_key, new.name, new.company FROM contact_order WHERE contact_id = new.id;" \
  "END;"
#define CONTACTS_INDEX_DELETE_TRIGGER \
  "CREATE TRIGGER contacts_fts_delete BEFORE DELETE ON contacts BEGIN" \
  "  INSERT INTO contacts_fts (contacts_fts, rowid, name, company)" \
  "  SELECT 'delete', sort_key, old.name, old.company FROM contact_order WHERE contact_id = old.id;" \
  "END;"

#define CONTACT_INDEX_TRIGGERS_V3 \
  CONTACT_ORDER_INDEX_TRIGGERS \
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, company ON contacts BEGIN" \
  CONTACTS_INDEX_UPDATE_BODY \
  CONTACTS_INDEX_DELETE_TRIGGER

/* Since version 12 a contact's words leave and enter the index only when
 * its name or company changed: an update of the row sets every column, so
 * "UPDATE OF name, company" alone fired for a new job title too (undo of
 * a re-import that changed 100,000 titles: 11.5 → 6.7 s). */
#define CONTACTS_INDEX_UPDATE_TRIGGER_V12 \
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, company ON contacts" \
  "  WHEN old.name IS NOT new.name OR old.company IS NOT new.company BEGIN" \
  CONTACTS_INDEX_UPDATE_BODY

#define CONTACT_INDEX_TRIGGERS_V12 \
  CONTACT_ORDER_INDEX_TRIGGERS \
  CONTACTS_INDEX_UPDATE_TRIGGER_V12 \
  CONTACTS_INDEX_DELETE_TRIGGER

/* Since version 9 the index of names holds the name and company too, so
 * that a bulk import's end reads every contact in name order from it
 * rather than sorting the table a second time (a million: 0.6 s less). */
#define CONTACTS_BY_NAME \
  "CREATE INDEX contacts_by_name ON contacts (name_key, id, name, company);"

/* What a bulk import leaves out until its end: the index triggers, and the
 * indexes nothing reads during an import, built once by sorting. */
#define CONTACT_BULK_INDEXES \
  CONTACTS_BY_NAME \
  "CREATE INDEX contact_phones_by_digits ON contact_phones (digits);"

/* Since version 7, dropped for a bulk import too. */
#define CONTACT_UNIQUE_INDEXES \
  "CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_uid ON contacts (uid);" \
  "CREATE UNIQUE INDEX IF NOT EXISTS contact_emails_by_key ON contact_emails (value_key);"

static const char migration_3[] =
  "DROP TRIGGER contacts_fts_insert;"
  "DROP TRIGGER contacts_fts_delete;"
  "DROP TRIGGER contacts_fts_update;"
  "DROP TABLE contacts_fts;"
  "CREATE TABLE contact_order ("
  "  contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,"
  "  sort_key INTEGER NOT NULL);"
  "INSERT INTO contact_order (contact_id, sort_key) SELECT id, sort_key FROM contacts;"
  "CREATE INDEX contact_order_by_key ON contact_order (sort_key);"
  /* The row loses sort_key and the search texts: a new table, as SQLite
   * rebuilds tables (foreign keys are off while migrations run). */
  "CREATE TABLE contacts_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  company TEXT,"
  "  job_title TEXT,"
  "  notes TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "INSERT INTO contacts_v3 (id, uid, name, name_key, company, job_title, notes, created, updated)"
  "  SELECT id, uid, name, name_key, company, job_title, notes, created, updated FROM contacts;"
  "DROP TABLE contacts;"
  "ALTER TABLE contacts_v3 RENAME TO contacts;"
  "CREATE INDEX contacts_by_name ON contacts (name_key, id);"
  "ALTER TABLE contact_phones ADD COLUMN digits TEXT;"
  "UPDATE contact_phones SET digits = crm_digits (value);"
  "CREATE INDEX contact_phones_by_digits ON contact_phones (digits);"
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (name, company, " CONTACT_FTS_V3_OPTIONS ");"
  "INSERT INTO contacts_fts (rowid, name, company)"
  "  SELECT o.sort_key, c.name, c.company FROM contact_order o JOIN contacts c ON c.id = o.contact_id"
  "  ORDER BY o.sort_key;"
  CONTACT_INDEX_TRIGGERS_V3;

/* Version 4: the vCard properties a contact does not model, kept so that
 * an import exports again without loss (crm-contact.c). */
static const char migration_4[] =
  "ALTER TABLE contacts ADD COLUMN extra_vcard TEXT;";

/* Version 5: the iCalendar properties and sub-components a meeting does
 * not model (crm-meeting.c), for the same reason. */
static const char migration_5[] =
  "ALTER TABLE meetings ADD COLUMN extra_ical TEXT;";

/* Version 6: the repeating meetings, which the calendar reads for every
 * range it shows (crm-recurrence.c expands them), found without reading
 * every meeting begun before the range's end. */
static const char migration_6[] =
  "CREATE INDEX meetings_repeating ON meetings (start_utc, id) WHERE rrule IS NOT NULL AND rrule != '';";

/* Version 7: a contact's UID and an email's key are unique through named
 * indexes rather than column constraints, so that a bulk import can drop
 * them and build them once by sorting: kept up to date a card at a time,
 * the random inserts into them took 4 of the 9 seconds SQLite spent on
 * the rows of a million cards. The two tables are rebuilt (foreign keys
 * are off while migrations run), and the triggers on contacts with them. */
static const char migration_7[] =
  "DROP TRIGGER contact_order_fts_insert;"
  "DROP TRIGGER contact_order_fts_update;"
  "CREATE TABLE contacts_v7 ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  company TEXT,"
  "  job_title TEXT,"
  "  notes TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  extra_vcard TEXT);"
  "INSERT INTO contacts_v7 (id, uid, name, name_key, company, job_title, notes, created, updated, extra_vcard)"
  "  SELECT id, uid, name, name_key, company, job_title, notes, created, updated, extra_vcard FROM contacts;"
  "DROP TABLE contacts;"
  "ALTER TABLE contacts_v7 RENAME TO contacts;"
  "CREATE UNIQUE INDEX contacts_by_uid ON contacts (uid);"
  "CREATE INDEX contacts_by_name ON contacts (name_key, id);"
  "CREATE TABLE contact_emails_v7 ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  value TEXT NOT NULL,"
  "  value_key TEXT NOT NULL,"
  "  type TEXT,"
  "  preferred INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (contact_id, position)) WITHOUT ROWID;"
  "INSERT INTO contact_emails_v7 (contact_id, position, value, value_key, type, preferred)"
  "  SELECT contact_id, position, value, value_key, type, preferred FROM contact_emails;"
  "DROP TABLE contact_emails;"
  "ALTER TABLE contact_emails_v7 RENAME TO contact_emails;"
  "CREATE UNIQUE INDEX contact_emails_by_key ON contact_emails (value_key);"
  /* Those on contacts went with the old table; contact_order's, which
   * read contacts, were dropped first (a rename checks every trigger). */
  CONTACT_INDEX_TRIGGERS_V3;

/* Version 8: the vCard group an email or phone came in ("item1"), which
 * ties it to its card's other lines of that group (Google's and Apple's
 * custom labels), so the export keeps them together. */
static const char migration_8[] =
  "ALTER TABLE contact_emails ADD COLUMN vcard_group TEXT;"
  "ALTER TABLE contact_phones ADD COLUMN vcard_group TEXT;";

/* Version 9: the other parameters of an email's or phone's vCard line
 * (LABEL, X-…), as written, so the export says them again; and the index
 * of names covers what the search index is filled from. */
static const char migration_9[] =
  "ALTER TABLE contact_emails ADD COLUMN vcard_params TEXT;"
  "ALTER TABLE contact_phones ADD COLUMN vcard_params TEXT;"
  "DROP INDEX contacts_by_name;"
  CONTACTS_BY_NAME;

/* Version 10: a million-contact import's name order and search index
 * built in 2.1 s less.
 * - contact_order is keyed by the place itself (sort_key is its rowid),
 *   with the contact's id in a UNIQUE index: a bulk import numbers the
 *   contacts in name order, so its rows are appended rather than inserted
 *   at random by id (1.0 s → 0.25 s for the table, then 0.4 s to sort the
 *   index); and a search turns its matches into contacts by rowid.
 * - The search index keeps which words a contact has, not in which column
 *   (detail=none): half the size, its merge 0.3 s faster. Every query is
 *   words anywhere in name or company; the one that wants whole words of
 *   the name checks them itself (crm_store_find_contacts_by_name ()).
 * Every contact is numbered again, the index filled again. */
#define CONTACT_FTS_V10_OPTIONS \
  "content = '', detail = none, columnsize = 0, " FTS_OPTIONS

static const char migration_10[] =
  "DROP TRIGGER contact_order_fts_insert;"
  "DROP TRIGGER contact_order_fts_update;"
  "DROP TRIGGER contacts_fts_update;"
  "DROP TRIGGER contacts_fts_delete;"
  "DROP TABLE contact_order;"
  "CREATE TABLE contact_order ("
  "  sort_key INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE);"
  "INSERT INTO contact_order (sort_key, contact_id)"
  "  SELECT row_number () OVER (ORDER BY name_key, id) * " G_STRINGIFY (CRM_STORE_SORT_GAP) ", id FROM contacts;"
  "CREATE UNIQUE INDEX contact_order_by_contact ON contact_order (contact_id);"
  "DROP TABLE contacts_fts;"
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (name, company, " CONTACT_FTS_V10_OPTIONS ");"
  "INSERT INTO contacts_fts (rowid, name, company)"
  "  SELECT o.sort_key, c.name, c.company FROM contact_order o JOIN contacts c ON c.id = o.contact_id"
  "  ORDER BY o.sort_key;"
  CONTACT_INDEX_TRIGGERS_V3;

/* Version 11: the search index keeps its columns again (detail=column,
 * as before version 10). Without them FTS5 (SQLite 3.40) merged the words
 * that start with a prefix of four letters or more four to six times as
 * slowly: a first page of "john" among a million contacts 0.4 → 3.4 ms,
 * of an email's start typed as a search 0.8 → 1.8 ms (median), for 0.3 s
 * less of a million-contact import. */
static const char migration_11[] =
  "DROP TRIGGER contact_order_fts_insert;"
  "DROP TRIGGER contact_order_fts_update;"
  "DROP TRIGGER contacts_fts_update;"
  "DROP TRIGGER contacts_fts_delete;"
  "DROP TABLE contacts_fts;"
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (name, company, " CONTACT_FTS_V3_OPTIONS ");"
  "INSERT INTO contacts_fts (rowid, name, company)"
  "  SELECT o.sort_key, c.name, c.company FROM contact_order o JOIN contacts c ON c.id = o.contact_id"
  "  ORDER BY o.sort_key;"
  CONTACT_INDEX_TRIGGERS_V3;

/* Version 12: the search index's update trigger with its WHEN
 * (CONTACTS_INDEX_UPDATE_TRIGGER_V12). */
static const char migration_12[] =
  "DROP TRIGGER contacts_fts_update;"
  CONTACTS_INDEX_UPDATE_TRIGGER_V12;

const char crm_store_contact_bulk_drop[] =
  "DROP TRIGGER contact_order_fts_insert;"
  "DROP TRIGGER contact_order_fts_update;"
  "DROP TRIGGER contacts_fts_update;"
  "DROP TRIGGER contacts_fts_delete;"
  "DROP INDEX contacts_by_name;"
  "DROP INDEX contact_phones_by_digits;";

const char crm_store_contact_unique_drop[] =
  "DROP INDEX contacts_by_uid;"
  "DROP INDEX contact_emails_by_key;";

/* The unique ones are normally back before the end (the importer takes out
 * the cards that repeat a UID or an email first, see
 * crm_store_bulk_take_repeated_contacts ()); a repeat left here fails the
 * commit rather than the index. */
const char crm_store_contact_bulk_indexes[] =
  CONTACT_BULK_INDEXES
  CONTACT_UNIQUE_INDEXES;

const char crm_store_contact_unique_indexes[] = CONTACT_UNIQUE_INDEXES;

const char crm_store_contact_index_triggers[] = CONTACT_INDEX_TRIGGERS_V12;

#define SORT_GAP_SQL G_STRINGIFY (CRM_STORE_SORT_GAP)

/* Every contact's place at once, in name order, a gap apart (see
 * crm-store-contacts.c): the bulk rows have none until here. The index of
 * names, just built, is read in order, and crm_rank () (crm-store.c)
 * counts the rows as they come; the places are appended, and the index
 * of contacts built once by sorting (dropped before the old places go,
 * which would otherwise leave it one by one). (A window function's row_number ()
 * cost 0.9 s for a million; inserting by contact, 1.0 s.) */
const char crm_store_contact_bulk_numbering[] =
  "DROP INDEX IF EXISTS contact_order_by_contact;"
  "DELETE FROM contact_order;"
  "INSERT INTO contact_order (sort_key, contact_id)"
  "  SELECT crm_rank (" SORT_GAP_SQL "), id FROM contacts INDEXED BY contacts_by_name ORDER BY name_key, id;"
  "CREATE UNIQUE INDEX contact_order_by_contact ON contact_order (contact_id);";

/* In key order, the index only appends, read from the index of names in
 * the same order and counted the same way as above. FTS5 normally merges
 * its pieces as it goes, rewriting the big lists of common words and
 * prefixes again and again; here it writes pieces of 8 MB (not 1 MB) and
 * merges none, then goes back to its usual upkeep, which merges them a
 * little with each later write (a million contacts: about ten pieces;
 * a first page of matches as quick as from one piece, every match of
 * "m" 13 ms instead of 11). Merging them into one here ('optimize') took
 * 0.5-0.8 s of a million-contact import; the fill is 1.1-1.4 s, from
 * 4.4 s before schema 10. */
const char crm_store_contact_bulk_index_fill[] =
  "INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all');"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0);"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('crisismerge', 1000);"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('hashsize', 8388608);"
  "INSERT INTO contacts_fts (rowid, name, company)"
  "  SELECT crm_rank (" SORT_GAP_SQL "), name, company FROM contacts INDEXED BY contacts_by_name"
  "  ORDER BY name_key, id;"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 4);"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('crisismerge', 16);"
  "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('hashsize', 1048576);";

/* A big transaction (an import) spills its dirty pages into the WAL as it
 * goes once the cache is full; 32 MB of cache keeps a million contacts'
 * import mostly in memory, and bounded. */
const char crm_store_writer_cache[] = "PRAGMA cache_size = -32768";

/* SQLite sorts an index's keys in runs as big as the page cache, each
 * sorted in memory, then merged. A run of 32 MB is sorted by chasing
 * pointers all over it; runs of 4 MB (SQLite's least, 250 pages) stay in
 * a core's own cache, and merging them reads each once, in order. The end
 * of a bulk write only sorts and appends, and needs no bigger cache: a
 * million-contact import's indexes took 3.7 s instead of 4.7 s (three
 * pairs of runs), and its peak memory went down by 27 MB. */
const char crm_store_sorting_cache[] = "PRAGMA cache_size = -4096";

const char * const crm_store_migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
  migration_12,
};

const guint crm_store_n_migrations = G_N_ELEMENTS (crm_store_migrations);
