/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include <sqlite3.h>

#include "crm-bench.h"
#include "crm-store.h"
#include "crm-store-private.h"
#include "crm-store-schema.h"
#include "crm-text.h"

/* Synthetic but realistic contacts: common first names and surnames (with
 * a few accented ones, as real address books have), companies, titles.
 * Names repeat as they do in life; emails never do, as the store insists.
 * Contact i is the same in every run and in both the vCard file and the
 * database, so the two benchmarks read the same data. */

static const char * const first_names[] = {
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
  "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
  "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
  "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily",
  "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
  "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Sharon",
  "Edward", "Laura", "Jeffrey", "Cynthia", "Ryan", "Dorothy", "Jacob", "Amy", "Gary", "Kathleen",
  "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Emma", "Stephen", "Brenda", "Larry",
  "Pamela", "Justin", "Nicole", "Scott", "Anna", "Brandon", "Samantha", "Benjamin", "Katherine",
  "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Patrick", "Carolyn",
  "Frank", "Janet", "Raymond", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry", "Helen",
  "Tyler", "Catherine", "Aaron", "Diane", "Jose", "Julie", "Adam", "Victoria", "Nathan", "Joyce",
  "Henry", "Lauren", "Zachary", "Kelly", "Douglas", "Christina", "Peter", "Ruth", "Kyle", "Joan",
  "Noah", "Virginia", "Ethan", "Judith", "Jeremy", "Evelyn", "Christian", "Hannah", "Walter",
  "Andrea", "Keith", "Megan", "Austin", "Cheryl", "Roger", "Jacqueline", "Terry", "Madison",
  "Sean", "Teresa", "Gerald", "Abigail", "Carl", "Sophia", "Dylan", "Martha", "Harold", "Sara",
  "Jordan", "Gloria", "Jesse", "Janice", "Bryan", "Kathryn", "Lawrence", "Ann", "Arthur",
  "Isabella", "Gabriel", "Judy", "Bruce", "Charlotte", "Logan", "Julia", "Billy", "Grace",
  "Joe", "Amber", "Alan", "Alice", "Juan", "Jean", "Elijah", "Denise", "Willie", "Frances",
  "Albert", "Danielle", "Wayne", "Marilyn", "Randy", "Natalie", "Mason", "Beverly", "Vincent",
  "Diana", "Liam", "Brittany", "Roy", "Theresa", "Bobby", "Kayla", "Caleb", "Alexis", "Bradley",
  "Doris", "Russell", "Lori", "Lucas", "Tiffany", "Zoë", "José", "Renée", "Søren", "Anaïs",
  "Björn", "Chloé", "François", "Hélène", "Jürgen", "Łukasz", "Mónica", "Nuño", "Siobhán",
  "Wei", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Kwame", "Amara", "Mateo", "Lucía",
};

static const char * const surnames[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
  "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
  "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
  "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
  "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
  "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner",
  "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales",
  "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
  "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
  "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
  "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell",
  "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
  "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander",
  "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes",
  "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray",
  "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods",
  "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker",
  "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
  "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer",
  "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills",
  "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto",
  "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins",
  "Arnold", "Pierce", "Vazquez", "Hansen", "Peters", "Santos", "Hart", "Bradley", "Knight",
  "Elliott", "Cunningham", "Duncan", "Armstrong", "Hudson", "Carroll", "Lane", "Riley",
  "Andrews", "Alvarado", "Ray", "Delgado", "Berry", "Perkins", "Hoffman", "Johnston", "Matthews",
  "Peña", "Müller", "O'Brien", "Østergaard", "Dubois", "Lefèvre", "Kowalski", "Nowak", "Rossi",
  "Russo", "Bianchi", "Yamamoto", "Tanaka", "Sato", "Wang", "Zhang", "Liu", "Singh", "Kumar",
  "Okafor", "Mensah", "Haddad", "Cohen", "Novak", "Horvat", "Jansen", "De Vries", "Van Dijk",
  "Ólafsson", "Şahin", "Yılmaz", "García-Márquez", "Aleric",
};

static const char * const company_words[] = {
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay",
  "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Black Mesa", "Oscorp", "Gringotts", "Monarch",
  "Pied Piper", "Dunder Mifflin", "Prestige", "Sirius", "Nakatomi", "Virtucon", "Massive Dynamic",
  "Blue Sun", "Weyland", "Gekko", "Duff", "Krusty", "Bluth", "Sterling Cooper", "Wernham Hogg",
  "Los Pollos", "Good Burger", "Rekall", "Omni", "Zorg", "Ingen", "Spacely", "Cogswell",
  "Northwind", "Contoso", "Fabrikam", "Tailspin", "Adventure Works", "Litware", "Proseware",
  "Lucerne", "Margie's", "Trey", "Wide World", "Woodgrove", "Alpine", "Coho", "Fourth Coffee",
};

static const char * const company_kinds[] = {
  "Inc.", "Ltd", "GmbH", "S.A.", "Corp", "Group", "Labs", "Partners", "Systems", "Holdings",
  "Consulting", "Logistics", "Foods", "Media", "Industries", "Software", "Bank", "& Sons",
};

static const char * const titles[] = {
  "Account Manager", "Sales Director", "CEO", "CTO", "Office Manager", "Buyer", "Engineer",
  "Product Manager", "Marketing Lead", "Consultant", "Accountant", "Designer", "Analyst",
  "Head of Procurement", "Recruiter", "Support Lead", "Founder", "Intern", "Lawyer", "Nurse",
};

typedef struct
{
  char *first;
  char *last;
  char *name;
  char *email;
  char *phone;
  char *company;
  const char *title;
} Person;

/* An ASCII, lower-case mailbox word: "Østergaard" → "stergaard" is fine
 * for synthetic mail, uniqueness comes from the number. */
static char *
mail_word (const char *word)
{
  GString *out = g_string_new (NULL);

  for (const char *p = word; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* Contact @i, independent of the others: a hash of i picks each part. */
static void
person_init (Person *person,
             guint   i)
{
  guint32 h = (guint32) i * 2654435761u;
  guint32 h2 = (h ^ (h >> 15)) * 2246822519u;
  const char *company = company_words[(h2 >> 7) % G_N_ELEMENTS (company_words)];
  const char *kind = company_kinds[(h2 >> 19) % G_N_ELEMENTS (company_kinds)];
  g_autofree char *mail_first = NULL, *mail_last = NULL, *mail_company = NULL;

  person->first = g_strdup (first_names[h % G_N_ELEMENTS (first_names)]);
  person->last = g_strdup (surnames[(h >> 11) % G_N_ELEMENTS (surnames)]);
  person->name = g_strdup_printf ("%s %s", person->first, person->last);
  person->company = g_strdup_printf ("%s %s", company, kind);
  person->title = titles[(h2 >> 3) % G_N_ELEMENTS (titles)];
  mail_first = mail_word (person->first);
  mail_last = mail_word (person->last);
  mail_company = mail_word (company);
  person->email = g_strdup_printf ("%s.%s.%u@%s.example.com", mail_first, mail_last, i, mail_company);
  person->phone = g_strdup_printf ("+1 %03u %03u %04u", 200 + (h2 % 700), (i / 10000) % 1000, i % 10000);
}

static void
person_clear (Person *person)
{
  g_free (person->first);
  g_free (person->last);
  g_free (person->name);
  g_free (person->email);
  g_free (person->phone);
  g_free (person->company);
}

/* vCard 3.0 escapes ',' ';' and '\' in text values. */
static void
write_escaped (FILE       *out,
               const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == ',' || *p == ';' || *p == '\\')
        fputc ('\\', out);
      fputc (*p, out);
    }
}

static void
write_vcard (FILE   *out,
             Person *p,
             guint   i)
{
  fputs ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:", out);
  write_escaped (out, p->name);
  fputs ("\r\nN:", out);
  write_escaped (out, p->last);
  fputc (';', out);
  write_escaped (out, p->first);
  fprintf (out, ";;;\r\nUID:bench-%u\r\nEMAIL;TYPE=work:%s\r\nTEL;TYPE=cell:%s\r\nORG:",
           i, p->email, p->phone);
  write_escaped (out, p->company);
  fprintf (out, "\r\nTITLE:%s\r\nEND:VCARD\r\n", p->title);
}

gboolean
crm_bench_write_vcf (const char  *path,
                     guint        n,
                     GError     **error)
{
  FILE *out = g_fopen (path, "wb");

  if (out == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      Person p;

      person_init (&p, i);
      write_vcard (out, &p, i);
      person_clear (&p);
    }
  return fclose (out) == 0;
}

static CrmContact *
person_contact (Person *p,
                guint   i)
{
  CrmContact *contact = crm_contact_new (p->name);
  g_autofree char *uid = g_strdup_printf ("bench-%u", i);

  crm_contact_set_uid (contact, uid);
  crm_contact_set_company (contact, p->company);
  crm_contact_set_job_title (contact, p->title);
  crm_contact_add_email (contact, p->email, "work", TRUE);
  crm_contact_add_phone (contact, p->phone, "cell", TRUE);
  return contact;
}

/* Through the store's own bulk path, as an import would write them. */
gboolean
crm_bench_write_db (const char  *path,
                    guint        n,
                    GError     **error)
{
  g_autoptr(CrmStore) store = crm_store_open (path, error);

  if (store == NULL || !crm_store_begin_bulk (store, CRM_STORE_BULK_DEFER_UNIQUE, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      Person p;
      g_autoptr(CrmContact) contact = NULL;

      person_init (&p, i);
      contact = person_contact (&p, i);
      person_clear (&p);
      if (!crm_store_insert_contact (store, contact, error))
        {
          crm_store_rollback (store);
          return FALSE;
        }
    }
  return crm_store_commit (store, error);
}

/* What someone types in the search box: the start (1-3 letters) of a
 * first name, surname or company, as they would be typed, lower case. */
char *
crm_bench_random_prefix (GRand *rand)
{
  Person p;
  const char *word;
  g_autofree char *plain = NULL;
  guint len = g_rand_int_range (rand, 1, 4);
  char *prefix;

  person_init (&p, g_rand_int (rand));
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: case 1: word = p.first; break;
    case 2: word = p.last; break;
    default: word = p.company; break;
    }
  plain = g_utf8_strdown (word, -1);
  prefix = g_utf8_substring (plain, 0, MIN (len, (guint) g_utf8_strlen (plain, -1)));
  person_clear (&p);
  return prefix;
}

/* A longer query, as typed when looking for an address: the start (4-12
 * characters) of a contact's email ("james.sm"), which also starts like
 * a first name. */
char *
crm_bench_random_email_prefix (GRand *rand)
{
  Person p;
  guint len = g_rand_int_range (rand, 4, 13);
  char *prefix;

  person_init (&p, g_rand_int_range (rand, 0, 1000000));
  prefix = g_strndup (p.email, len);
  person_clear (&p);
  return prefix;
}

/* One contact's values for the raw insert, made before it is timed. */
typedef struct
{
  Person person;
  char *uid;
  char *name_key;
  char *email_key;
  char *digits;
} RawRow;

#define RAW_BATCH 1024

static void
raw_row_init (RawRow *r,
              guint   i)
{
  person_init (&r->person, i);
  r->uid = g_strdup_printf ("bench-%u", i);
  r->name_key = crm_text_name_key (r->person.name);
  r->email_key = g_utf8_strdown (r->person.email, -1);
  r->digits = crm_text_digits (r->person.phone);
}

static void
raw_row_clear (RawRow *r)
{
  person_clear (&r->person);
  g_free (r->uid);
  g_free (r->name_key);
  g_free (r->email_key);
  g_free (r->digits);
}

static void
raw_row_insert (sqlite3      *db,
                sqlite3_stmt *row,
                sqlite3_stmt *email,
                sqlite3_stmt *phone,
                RawRow       *r)
{
  gint64 id;

  sqlite3_bind_text (row, 1, r->uid, -1, SQLITE_STATIC);
  sqlite3_bind_text (row, 2, r->person.name, -1, SQLITE_STATIC);
  sqlite3_bind_text (row, 3, r->name_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (row, 4, r->person.company, -1, SQLITE_STATIC);
  sqlite3_bind_text (row, 5, r->person.title, -1, SQLITE_STATIC);
  sqlite3_step (row);
  sqlite3_reset (row);
  id = sqlite3_last_insert_rowid (db);
  sqlite3_bind_int64 (email, 1, id);
  sqlite3_bind_text (email, 2, r->person.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (email, 3, r->email_key, -1, SQLITE_STATIC);
  sqlite3_step (email);
  sqlite3_reset (email);
  sqlite3_bind_int64 (phone, 1, id);
  sqlite3_bind_text (phone, 2, r->person.phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (phone, 3, r->digits, -1, SQLITE_STATIC);
  sqlite3_step (phone);
  sqlite3_reset (phone);
}

/* The floor under an import: the same rows as crm_bench_write_db() writes
 * for @n contacts, in the same bulk state (foreign keys off, the indexes a
 * bulk import leaves for its end dropped), written straight through the
 * SQLite C API — no reading, no records; the values are made a batch at a
 * time outside the clock, through the rollback journal the command line's
 * import writes a new file with. Then, as the import's commit does, the SQL that
 * builds the left-out indexes, the name order and the search index.
 * Returns SQLite's seconds for the rows, or -1; @all, with that end and
 * the COMMIT added. */
double
crm_bench_insert_raw (const char *path,
                      guint       n,
                      double     *all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *row = NULL, *email = NULL, *phone = NULL;
  gint64 start, in_sqlite = 0;
  double seconds = -1;

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }
  g_clear_object (&store);
  if (sqlite3_open (path, &db) == SQLITE_OK)
    crm_store_add_sql_functions (db); /* the bulk statements use them */
  if (sqlite3_errcode (db) != SQLITE_OK ||
      sqlite3_exec (db, crm_store_writer_cache, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, crm_store_contact_bulk_drop, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, crm_store_contact_unique_drop, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO contacts (uid, name, name_key, company, job_title, created, updated) "
                              "VALUES (?, ?, ?, ?, ?, 1, 1)", -1, &row, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO contact_emails (contact_id, position, value, type, preferred, value_key) "
                              "VALUES (?, 0, ?, 'work', 1, ?)", -1, &email, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO contact_phones (contact_id, position, value, type, preferred, digits) "
                              "VALUES (?, 0, ?, 'cell', 1, ?)", -1, &phone, NULL) != SQLITE_OK)
    {
      g_printerr ("Raw insert: %s\n", sqlite3_errmsg (db));
      goto out;
    }
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint first = 0; first < n; first += RAW_BATCH)
    {
      RawRow batch[RAW_BATCH];
      guint count = MIN (RAW_BATCH, n - first);

      /* Made outside the clock: only SQLite's share is timed. */
      for (guint k = 0; k < count; k++)
        raw_row_init (&batch[k], first + k);
      start = crm_bench_now_ns ();
      for (guint k = 0; k < count; k++)
        raw_row_insert (db, row, email, phone, &batch[k]);
      in_sqlite += crm_bench_now_ns () - start;
      for (guint k = 0; k < count; k++)
        raw_row_clear (&batch[k]);
    }
  seconds = in_sqlite / 1e9;
  start = crm_bench_now_ns ();
  if (sqlite3_exec (db, crm_store_sorting_cache, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_exec (db, crm_store_contact_bulk_indexes, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_exec (db, crm_store_contact_bulk_numbering, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_exec (db, crm_store_contact_bulk_index_fill, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_exec (db, crm_store_contact_index_triggers, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    *all = seconds + (crm_bench_now_ns () - start) / 1e9;
  else
    {
      g_printerr ("Raw insert: %s\n", sqlite3_errmsg (db));
      seconds = -1;
    }
out:
  sqlite3_finalize (row);
  sqlite3_finalize (email);
  sqlite3_finalize (phone);
  sqlite3_close (db);
  return seconds;
}
