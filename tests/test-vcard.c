/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-vcard-fields.h"
#include "crm-vcard-reader.h"
#include "crm-vcard-writer.h"
#include "crm-pim-format.h"
#include "crm-test-util.h"

/* Every card of @stream; skipped cards as NULL with their line in @lines. */
static GPtrArray *
read_all (GInputStream    *stream,
          CrmImportResult *result,
          GArray          *lines)
{
  g_autoptr(CrmVcardReader) reader = crm_vcard_reader_new (stream, result);
  GPtrArray *cards = g_ptr_array_new_with_free_func (crm_test_unref0);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0;
      CrmContact *c = crm_vcard_reader_next (reader, &line, NULL, &error);

      if (c == NULL && error == NULL)
        break;
      if (error)
        g_assert_error (error, CRM_PIM_ERROR, CRM_PIM_ERROR_ENTRY);
      g_ptr_array_add (cards, c);
      if (lines)
        g_array_append_val (lines, line);
    }
  return cards;
}

static GPtrArray *
read_file (const char      *name,
           CrmImportResult *result)
{
  g_autofree char *path = crm_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);

  g_assert_no_error (error);
  return read_all (G_INPUT_STREAM (stream), result, NULL);
}

static void
assert_value (GArray     *values,
              guint       i,
              const char *value,
              const char *type,
              gboolean    preferred)
{
  CrmContactValue *v;

  g_assert_cmpuint (i, <, values->len);
  v = &g_array_index (values, CrmContactValue, i);
  g_assert_cmpstr (v->value, ==, value);
  g_assert_cmpstr (v->type, ==, type);
  g_assert_cmpint (v->preferred, ==, preferred);
}

static gint64
utc (int y, int mo, int d, int h, int mi, int s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt);
}

static void
test_unescape (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "a\\,b\\;c", "a,b;c" },
    { "line\\nnext\\Nlast", "line\nnext\nlast" },
    { "back\\\\slash", "back\\slash" },
    { "http\\://x", "http://x" },          /* Gmail's escaped colon */
    { "trailing\\", "trailing\\" },
    { "crlf\r\nkept as lf", "crlf\nkept as lf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = crm_vcard_unescape (cases[i].in, -1);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Folds inside UTF-8 characters, escapes, several emails and phones. */
static void
test_read_awkward (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_file ("awkward-3.0.vcf", result);
  CrmContact *zoe, *kenji;

  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);
  zoe = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (crm_contact_get_uid (zoe), ==, "urn:uuid:6f1d4b1e-0000-4000-8000-000000000001");
  g_assert_cmpstr (crm_contact_get_name (zoe), ==, "Zoë Ångström-Ñúñez");
  g_assert_cmpstr (crm_contact_get_company (zoe), ==, "Müller, Schmidt & Co., Forschung");
  g_assert_cmpstr (crm_contact_get_job_title (zoe), ==, "Head of R&D; Europe");
  g_assert_cmpstr (crm_contact_get_notes (zoe), ==,
                   "Première rencontre à Genève, puis Zürich; café ☕ trois fois.\n"
                   "Second line: ümlauts — and dashes — that run long enough to fold ✓✓✓");
  assert_value (crm_contact_get_emails (zoe), 0, "zoe@mueller-schmidt.example", "work", FALSE);
  assert_value (crm_contact_get_emails (zoe), 1, "zoe.private@example.org", "home", TRUE);
  assert_value (crm_contact_get_emails (zoe), 2, "zoe.other@example.net", NULL, FALSE);
  assert_value (crm_contact_get_phones (zoe), 0, "+49 170 1234567", "cell", FALSE);
  assert_value (crm_contact_get_phones (zoe), 1, "+49 30 9876543", "work,voice", TRUE);
  g_assert_cmpint (crm_contact_get_updated (zoe), ==, utc (2024, 3, 15, 10, 15, 0));

  kenji = g_ptr_array_index (cards, 1);
  g_assert_cmpstr (crm_contact_get_name (kenji), ==, "Kenji Tanaka (田中 健二)");
  g_assert_cmpstr (crm_contact_get_company (kenji), ==, "東京商事株式会社");
  assert_value (crm_contact_get_emails (kenji), 0, "kenji@example.jp", "work", TRUE);
  assert_value (crm_contact_get_phones (kenji), 0, "+81-90-1234-5678", "cell,voice", TRUE);
  assert_value (crm_contact_get_phones (kenji), 1, "+81-3-1234-5678;ext=99", "work", FALSE);
  g_assert_cmpstr (crm_contact_get_notes (kenji), ==,
                   "複数行のメモ\n二行目は長めに書いて折り返しが文字の途中で起きるようにします。");
  g_assert_cmpint (crm_contact_get_updated (kenji), ==, utc (2024, 3, 16, 8, 0, 0));
}

/* Thunderbird 115 and GNOME Contacts write these. */
static void
test_read_other_programs (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_file ("thunderbird-style.vcf", result);
  CrmContact *alice, *bernard;

  g_assert_cmpuint (cards->len, ==, 2);
  alice = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (crm_contact_get_name (alice), ==, "Alice Martin");
  g_assert_cmpstr (crm_contact_get_email (alice), ==, "alice.martin@example.com");
  assert_value (crm_contact_get_emails (alice), 1, "alice@home.example", NULL, FALSE);
  assert_value (crm_contact_get_phones (alice), 0, "+1 555 0100", "cell", FALSE);
  bernard = g_ptr_array_index (cards, 1);
  g_assert_cmpstr (crm_contact_get_uid (bernard), ==, "pas-id-65F1C2A300000001");
  g_assert_cmpstr (crm_contact_get_company (bernard), ==, "Société Générale d'Exemple");
  g_assert_cmpstr (crm_contact_get_notes (bernard), ==, "Rappeler, mardi.");
  assert_value (crm_contact_get_phones (bernard), 1, "+33 1 23 45 67 89", "home,voice", FALSE);
}

static void
test_read_broken (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autofree char *path = crm_test_data_path ("broken.vcf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) cards = read_all (G_INPUT_STREAM (stream), result, lines);
  GArray *warnings = crm_import_result_get_warnings (result);
  static const guint expected_lines[] = { 1, 6, 10, 15, 22, 26 };

  g_assert_cmpuint (cards->len, ==, G_N_ELEMENTS (expected_lines));
  for (guint i = 0; i < G_N_ELEMENTS (expected_lines); i++)
    g_assert_cmpuint (g_array_index (lines, guint, i), ==, expected_lines[i]);
  g_assert_null (g_ptr_array_index (cards, 1));
  g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (cards, 3)), ==, "Missing Colon");
  g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (cards, 4)), ==, "Jürgen Müller");
  g_assert_cmpstr (crm_contact_get_email (g_ptr_array_index (cards, 5)), ==, "cut.off@example.com");
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpuint (g_array_index (warnings, CrmImportIssue, 0).line, ==, 17);
  g_assert_cmpuint (g_array_index (warnings, CrmImportIssue, 1).line, ==, 26);
}

/* vCard 2.1 quoted-printable soft breaks that split a UTF-8 character,
 * bare types, CR CR LF line ends, Latin-1 outside any encoding. */
static void
test_read_21 (void)
{
  const char *text =
    "BEGIN:VCARD\r\r\nVERSION:2.1\r\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=\r\n=BCn;Hans\r\n"
    "TEL;WORK;VOICE;PREF:555-0101\r\nTEL;CELL:555-0102\r\n"
    "EMAIL;INTERNET:hans@example.de\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0Asecond\r\n"
    "ORG:Caf\xe9 Zentral\r\nEND:VCARD\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_all (stream, result, NULL);
  CrmContact *c;

  g_assert_cmpuint (cards->len, ==, 1);
  c = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (crm_contact_get_name (c), ==, "Hans Grün");
  g_assert_cmpstr (crm_contact_get_notes (c), ==, "first\nsecond");
  g_assert_cmpstr (crm_contact_get_company (c), ==, "Café Zentral");
  assert_value (crm_contact_get_phones (c), 0, "555-0101", "work,voice", TRUE);
  assert_value (crm_contact_get_phones (c), 1, "555-0102", "cell", FALSE);
  g_assert_nonnull (crm_contact_get_uid (c));
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 1);
}

static void
assert_folded_properly (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
}

static void
test_write_fold (void)
{
  g_autoptr(CrmContact) c = crm_contact_new ("Ünïcødé Ωmega");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);

  for (guint i = 0; i < 40; i++)
    g_string_append (notes, "ü€😀, ; \\\n");
  crm_contact_set_notes (c, notes->str);
  crm_contact_set_uid (c, "u-1");
  crm_vcard_write_contact (out, c);
  assert_folded_properly (out->str);
  g_assert_nonnull (strstr (out->str, "N:Ωmega;Ünïcødé;;;\r\n"));
  g_assert_nonnull (strstr (out->str, "NOTE:ü€😀\\, \\; \\\\\\nü"));
}

/* Reading what the writer wrote of @cards gives the same contacts, REV
 * included; @out has what it wrote. */
static void
assert_round_trip (GPtrArray       *cards,
                   CrmImportResult *result,
                   GString         *out)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) again = NULL;

  for (guint i = 0; i < cards->len; i++)
    if (g_ptr_array_index (cards, i))
      crm_vcard_write_contact (out, g_ptr_array_index (cards, i));
  assert_folded_properly (out->str);
  stream = crm_test_stream_for_text (out->str);
  again = read_all (stream, result, NULL);
  g_assert_cmpuint (again->len, ==, cards->len);
  for (guint i = 0; i < cards->len; i++)
    {
      CrmContact *a = g_ptr_array_index (cards, i);
      CrmContact *b = g_ptr_array_index (again, i);

      g_assert_true (crm_contact_equal (a, b));
      g_assert_cmpstr (crm_contact_get_extra_vcard (a), ==, crm_contact_get_extra_vcard (b));
      g_assert_cmpint (crm_contact_get_updated (a), ==, crm_contact_get_updated (b));
    }
}

static void
round_trip_file (const char *name)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_file (name, result);
  g_autoptr(GString) out = g_string_new (NULL);

  assert_round_trip (cards, result, out);
}

/* The number of lines of @text that are @line. */
static void
test_round_trip (void)
{
  round_trip_file ("awkward-3.0.vcf");
  round_trip_file ("thunderbird-style.vcf");
}

/* What a contact does not model is kept as read, unfolded; a 2.1
 * quoted-printable value as UTF-8 text, without its encoding. */
static void
test_read_extra (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_file ("extra-props.vcf", result);
  g_autofree char *photo = NULL;
  g_autofree char *expected = NULL;
  guchar bytes[256];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = i;
  photo = g_base64_encode (bytes, sizeof bytes);
  expected = g_strconcat ("ADR;TYPE=home,pref:;;1 Main St\\; Apt 2;Springfield\\, East Side;IL;62701;USA\n"
                          "BDAY:--0401\n"
                          "item1.URL;TYPE=work:https://ada.example.org/notes?a=1;b=2\n"
                          "item1.X-ABLabel:_$!<HomePage>!$_\n"
                          "X-CUSTOM;X-SOURCE=\"phone;sync:2\";TYPE=work,voice:Custom\\, value: 42\n"
                          "PHOTO;ENCODING=b;TYPE=JPEG:", photo, "\n"
                          "NICKNAME:Ada,The Countess", NULL);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);
  g_assert_cmpstr (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 0)), ==, expected);
  g_assert_cmpstr (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 1)), ==,
                   "ADR;HOME:;;Müllerstraße 1\\nHinterhaus;Köln;;50667;Deutschland\n"
                   "BDAY:1980-03-22");
  round_trip_file ("extra-props.vcf");
}

/* A property over 1 MiB is left out with a warning; the rest is kept. */
static void
test_read_extra_too_big (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\n"
                                          "PHOTO;ENCODING=b;TYPE=JPEG:");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = NULL;
  GArray *warnings;

  for (guint i = 0; i < 1024 * 1024 / 64 + 1; i++)
    g_string_append (text, "\r\n QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2");
  g_string_append (text, "\r\nNICKNAME:Big\r\nEND:VCARD\r\n");
  stream = crm_test_stream_for_text (text->str);
  cards = read_all (stream, result, NULL);
  warnings = crm_import_result_get_warnings (result);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpstr (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 0)), ==, "NICKNAME:Big");
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpuint (g_array_index (warnings, CrmImportIssue, 0).line, ==, 4);
  g_assert_nonnull (strstr (g_array_index (warnings, CrmImportIssue, 0).message, "PHOTO"));
}

/* Encoded values with nothing in them: empty text, not a critical
 * warning (the tests make those fatal). An empty quoted-printable value
 * decoded to bytes with no buffer, which g_convert () refused. */
static void
test_read_empty_encoded (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Empty Values\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:\r\n"
    "TITLE;ENCODING=QUOTED-PRINTABLE:\r\n"
    "ORG;ENCODING=BASE64;CHARSET=SHIFT_JIS:\r\n"
    "X-EMPTY;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:\r\nEND:VCARD\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_all (stream, result, NULL);
  CrmContact *c;

  g_assert_cmpuint (cards->len, ==, 1);
  c = g_ptr_array_index (cards, 0);
  g_assert_null (crm_contact_get_notes (c));
  g_assert_null (crm_contact_get_job_title (c));
  g_assert_null (crm_contact_get_company (c));
  g_assert_cmpstr (crm_contact_get_extra_vcard (c), ==, "X-EMPTY:");
}

static void
test_parse_date (void)
{
  static const struct { const char *text; gboolean ok; int y, m, d; } cases[] = {
    { "1980-03-22", TRUE, 1980, 3, 22 },
    { "19800322", TRUE, 1980, 3, 22 },
    { "--0401", TRUE, 0, 4, 1 },
    { "--04-01", TRUE, 0, 4, 1 },
    { "--0229", TRUE, 0, 2, 29 },
    { "1980-03-22T00:00:00Z", TRUE, 1980, 3, 22 },
    { "1981-02-29", FALSE },
    { "--1301", FALSE },
    { "1980", FALSE },
    { "circa 1800", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int y = -1, m = -1, d = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (crm_vcard_parse_date (cases[i].text, &y, &m, &d), ==, cases[i].ok);
      if (!cases[i].ok)
        continue;
      g_assert_cmpint (y, ==, cases[i].y);
      g_assert_cmpint (m, ==, cases[i].m);
      g_assert_cmpint (d, ==, cases[i].d);
    }
}

/* The kept lines the details show, as a person reads them. */
static void
test_extra_fields (void)
{
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_file ("extra-props.vcf", result);
  g_autoptr(GArray) ada = crm_vcard_fields_from_extra (
    crm_contact_get_extra_vcard (g_ptr_array_index (cards, 0)));
  g_autoptr(GArray) hans = crm_vcard_fields_from_extra (
    crm_contact_get_extra_vcard (g_ptr_array_index (cards, 1)));
  g_autoptr(GArray) none = crm_vcard_fields_from_extra (NULL);
  g_autoptr(GArray) altid = crm_vcard_fields_from_extra ("BDAY;ALTID=1:20160801\n"
                                                         "BDAY;ALTID=1;VALUE=text:1 August 2016");
  static const struct { CrmVcardFieldKind kind; const char *types, *text; } expected[] = {
    { CRM_VCARD_FIELD_NICKNAME, "", "Ada, The Countess" },
    { CRM_VCARD_FIELD_BIRTHDAY, "", "--0401" },
    { CRM_VCARD_FIELD_ADDRESS, "home", "1 Main St; Apt 2, Springfield, East Side, IL, 62701, USA" },
    { CRM_VCARD_FIELD_WEBSITE, "work", "https://ada.example.org/notes?a=1;b=2" },
  };
  CrmVcardField *f;

  g_assert_cmpuint (ada->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      f = &g_array_index (ada, CrmVcardField, i);
      g_assert_cmpint (f->kind, ==, expected[i].kind);
      g_assert_cmpstr (f->types, ==, expected[i].types);
      g_assert_cmpstr (f->text, ==, expected[i].text);
    }
  g_assert_cmpuint (hans->len, ==, 2);
  f = &g_array_index (hans, CrmVcardField, 1);
  g_assert_cmpstr (f->text, ==, "Müllerstraße 1, Hinterhaus, Köln, 50667, Deutschland");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (altid->len, ==, 1);
  g_assert_cmpstr (g_array_index (altid, CrmVcardField, 0).text, ==, "20160801");
}

/* A contact has one UID, FN, ORG and TITLE: the first; the others are
 * kept as they were and written again. */
static void
test_repeated (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\n"
    "UID:urn:uuid:first\r\nUID:urn:uuid:second\r\n"
    "FN:Joan Aleric\r\nFN;LANGUAGE=fr:Joan Aléric\r\nN:Aleric;Joan;;;\r\n"
    "ORG:Aleric Labs\r\nitem1.ORG:University of Somewhere\r\n"
    "TITLE:Director\r\nTITLE:Visiting Professor\\, Physics\r\n"
    "EMAIL:joan@aleric.example\r\nEND:VCARD\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_all (stream, result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *c;

  g_assert_cmpuint (cards->len, ==, 1);
  c = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (crm_contact_get_uid (c), ==, "urn:uuid:first");
  g_assert_cmpstr (crm_contact_get_name (c), ==, "Joan Aleric");
  g_assert_cmpstr (crm_contact_get_company (c), ==, "Aleric Labs");
  g_assert_cmpstr (crm_contact_get_job_title (c), ==, "Director");
  g_assert_cmpstr (crm_contact_get_extra_vcard (c), ==,
                   "UID:urn:uuid:second\nFN;LANGUAGE=fr:Joan Aléric\n"
                   "item1.ORG:University of Somewhere\nTITLE:Visiting Professor\\, Physics");
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "UID:urn:uuid:first"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "UID:urn:uuid:second"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "FN;LANGUAGE=fr:Joan Aléric"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "item1.ORG:University of Somewhere"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "TITLE:Visiting Professor\\, Physics"), ==, 1);
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);
}

/* N's prefix, suffix and middle names, and an N not made the writer's way
 * from the name, come out as they came in; a plain one is not kept. */
static void
test_n (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Joan Aleric\r\nN:Aleric;Joan;Marie;Dr.;PhD\r\n"
    "NICKNAME:Jo\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:van Beethoven;Ludwig;;;\r\nFN:Ludwig van Beethoven\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John;;;\r\nFN:Johnny Doe\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nN:Lee;Sam;;;\r\nN:Li;Sam;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mu=C3=B1oz;Jos=C3=A9\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Park\r\nN:Park;Kim\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mom\r\nN:Doe;Jane;;;\r\nEND:VCARD\r\n";
  static const char *const extra[] = {
    "N:Aleric;Joan;Marie;Dr.;PhD\nNICKNAME:Jo", "N:van Beethoven;Ludwig;;;", "N:Doe;John;;;",
    "N:Lee;Sam;;;\nN:Li;Sam;;;", NULL, NULL, "N:Doe;Jane;;;",
  };
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_all (stream, result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) renamed = g_string_new (NULL);
  CrmContact *joan;

  g_assert_cmpuint (cards->len, ==, G_N_ELEMENTS (extra));
  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpstr (crm_contact_get_extra_vcard (g_ptr_array_index (cards, i)), ==, extra[i]);
  g_assert_cmpstr (crm_contact_get_name (g_ptr_array_index (cards, 4)), ==, "José Muñoz");
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Aleric;Joan;Marie;Dr.;PhD"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:van Beethoven;Ludwig;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Doe;John;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Lee;Sam;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Li;Sam;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Muñoz;José;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Park;Kim;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Doe;Jane;;;"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "N:Mom;;;;"), ==, 0);
  g_assert_null (strstr (out->str, "N:Beethoven"));
  g_assert_null (strstr (out->str, "N:Aleric;Joan;;;"));
  g_assert_cmpuint (crm_import_result_get_warnings (result)->len, ==, 0);

  /* Renamed since: N is made from the new name, the old one left out. */
  joan = g_ptr_array_index (cards, 0);
  crm_contact_set_name (joan, "Joan Smith");
  g_assert_cmpstr (crm_contact_get_extra_vcard (joan), ==, "NICKNAME:Jo");
  crm_vcard_write_contact (renamed, joan);
  g_assert_cmpuint (crm_test_count_lines (renamed->str, "N:Smith;Joan;;;"), ==, 1);
  g_assert_null (strstr (renamed->str, "Aleric"));
  g_assert_cmpuint (crm_test_count_lines (renamed->str, "NICKNAME:Jo"), ==, 1);
}

/* The cards of @text, read with @result. */
static GPtrArray *
read_text (const char      *text,
           CrmImportResult *result)
{
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);

  return read_all (stream, result, NULL);
}

/* @contact, changed since it was read, written alone: @line once, and
 * nothing of @gone, what the change replaced. */
static void
assert_written_after_change (CrmContact *contact,
                             const char *line,
                             const char *gone)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_null (crm_contact_get_extra_vcard (contact));
  crm_vcard_write_contact (out, contact);
  g_assert_cmpuint (crm_test_count_lines (out->str, line), ==, 1);
  g_assert_null (strstr (out->str, gone));
}

/* An ORG of several components (Outlook's "Company;Department") gives the
 * company "Company, Department" and comes out as it came in; one of one
 * component is not kept; a second ORG stays a line of its own; a company
 * changed since is written as it is now, the old ORG left out. */
static void
test_structured_org (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Org\r\nORG:Company\\, The;TheDepartment\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Plain\r\nORG:Initech\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Two\r\nORG:IBM\r\nORG:IBM;Accounting;Dungeon\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Di Enc\r\nORG;CHARSET=UTF-8:Caf\xc3\xa9 Ltd;Sales\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ed Trail\r\nORG:Acme;\r\nEND:VCARD\r\n";
  static const char *const company[] = {
    "Company, The, TheDepartment", "Initech", "IBM", "Café Ltd, Sales", "Acme",
  };
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_text (text, result);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *ann;

  g_assert_cmpuint (cards->len, ==, G_N_ELEMENTS (company));
  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpstr (crm_contact_get_company (g_ptr_array_index (cards, i)), ==, company[i]);
  g_assert_null (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 1)));
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:Company\\, The;TheDepartment"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:Initech"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:IBM"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:IBM;Accounting;Dungeon"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:Café Ltd;Sales"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "ORG:Acme;"), ==, 1);
  g_assert_null (strstr (out->str, "TheDepartment\r\nORG"));
  g_assert_null (strstr (out->str, "\\, TheDepartment"));

  ann = g_ptr_array_index (cards, 0);
  crm_contact_set_company (ann, "Umbrella");
  assert_written_after_change (ann, "ORG:Umbrella", "TheDepartment");
}

/* Several NOTEs are one text for the contact, a blank line between, and
 * come out as several again; one NOTE is not kept; notes changed since are
 * written as they are now, the old NOTEs left out. */
static void
test_several_notes (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Note\r\nNOTE:Met in Paris\\, 2024\r\n"
    "NOTE:Likes tea\\nand books\r\nNOTE:  \r\nNOTE:Third\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo One\r\nNOTE:Only one\r\nEND:VCARD\r\n";
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_text (text, result);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *ann;

  g_assert_cmpuint (cards->len, ==, 2);
  ann = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (crm_contact_get_notes (ann), ==, "Met in Paris, 2024\n\nLikes tea\nand books\n\nThird");
  g_assert_null (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 1)));
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE:Met in Paris\\, 2024"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE:Likes tea\\nand books"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE:Third"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE:Only one"), ==, 1);
  g_assert_null (strstr (out->str, "\\n\\nLikes"));

  crm_contact_set_notes (ann, "Rewritten");
  assert_written_after_change (ann, "NOTE:Rewritten", "Paris");
}

/* A card says which program wrote it: this one, once, whatever program
 * wrote the card it was read from. */
static void
test_prodid (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Google Inc//Google Contacts//EN\r\nFN:Ann Prod\r\nEND:VCARD\r\n";
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_text (text, result);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_null (crm_contact_get_extra_vcard (g_ptr_array_index (cards, 0)));
  crm_vcard_write_contact (out, g_ptr_array_index (cards, 0));
  g_assert_cmpuint (crm_test_count_lines (out->str, "PRODID:-//Smart CRM//Smart CRM " PACKAGE_VERSION "//EN"), ==, 1);
  g_assert_null (strstr (out->str, "Google"));
  g_assert_true (g_str_has_prefix (out->str, "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:"));
}

/* Google and Apple tie a custom label to an email or phone by a group
 * ("item1.EMAIL" and "item1.X-ABLabel"): the value keeps its group and is
 * written in it again, beside the kept label; one without stays without. */
static void
test_grouped_values (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gia Group\r\n"
    "item1.EMAIL;TYPE=INTERNET:gia@example.com\r\nitem1.X-ABLabel:CustomEmailCategory\r\n"
    "item2.TEL:5555551119\r\nitem2.X-ABLabel:GRAND_CENTRAL\r\nTEL;TYPE=CELL:5555550000\r\nEND:VCARD\r\n";
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_text (text, result);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *gia;

  g_assert_cmpuint (cards->len, ==, 1);
  gia = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (g_array_index (crm_contact_get_emails (gia), CrmContactValue, 0).group, ==, "item1");
  g_assert_cmpstr (g_array_index (crm_contact_get_phones (gia), CrmContactValue, 0).group, ==, "item2");
  g_assert_null (g_array_index (crm_contact_get_phones (gia), CrmContactValue, 1).group);
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "item1.EMAIL;TYPE=INTERNET:gia@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "item1.X-ABLabel:CustomEmailCategory"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "item2.TEL:5555551119"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "TEL;TYPE=CELL:5555550000"), ==, 1);
}

/* Parameters Smart CRM does not read (LABEL, LANGUAGE, X-…) on an email,
 * a phone or a note are written again as they came, quoted where their
 * value needs it; VALUE is not (the value is written as text), and an
 * edited note drops its own. */
static void
test_other_params (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Pia Param\r\n"
    "EMAIL;TYPE=work;LABEL=Office;X-FOO=bar:pia@example.com\r\n"
    "TEL;VALUE=uri;TYPE=cell;X-NOTE=\"a;b:c\":tel:+1-555-0100\r\n"
    "EMAIL:plain@example.com\r\n"
    "NOTE;LANGUAGE=fr:Rencontrée à Lyon\r\nEND:VCARD\r\n";
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_text (text, result);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *pia;

  g_assert_cmpuint (cards->len, ==, 1);
  pia = g_ptr_array_index (cards, 0);
  g_assert_cmpstr (g_array_index (crm_contact_get_emails (pia), CrmContactValue, 0).params, ==,
                   "LABEL=Office;X-FOO=bar");
  g_assert_null (g_array_index (crm_contact_get_emails (pia), CrmContactValue, 1).params);
  g_assert_cmpstr (g_array_index (crm_contact_get_phones (pia), CrmContactValue, 0).value, ==, "+1-555-0100");
  g_assert_cmpstr (g_array_index (crm_contact_get_phones (pia), CrmContactValue, 0).params, ==,
                   "X-NOTE=\"a;b:c\"");
  g_assert_cmpstr (crm_contact_get_notes (pia), ==, "Rencontrée à Lyon");
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "EMAIL;TYPE=INTERNET;TYPE=WORK;LABEL=Office;X-FOO=bar:pia@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "TEL;TYPE=CELL;X-NOTE=\"a;b:c\":+1-555-0100"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "EMAIL;TYPE=INTERNET:plain@example.com"), ==, 1);
  g_assert_cmpuint (crm_test_count_lines (out->str, "NOTE;LANGUAGE=fr:Rencontrée à Lyon"), ==, 1);
  g_assert_null (strstr (out->str, "VALUE"));

  crm_contact_set_notes (pia, "Rewritten");
  assert_written_after_change (pia, "NOTE:Rewritten", "LANGUAGE");
}

/* A number or address written again with other types (Android writes a
 * number once for each type) keeps those types, as a line. */
static void
test_repeated_values (void)
{
  const char *text =
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Droid\r\n"
    "TEL;CELL;PREF:123456\r\nTEL;WORK:123456\r\nTEL;WORK;FAX:123456\r\nTEL;CELL:123456\r\n"
    "EMAIL;HOME:ann@example.com\r\nEMAIL;WORK;PREF:Ann@Example.com\r\nEND:VCARD\r\n";
  g_autoptr(GInputStream) stream = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) cards = read_all (stream, result, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  CrmContact *c;

  g_assert_cmpuint (cards->len, ==, 1);
  c = g_ptr_array_index (cards, 0);
  g_assert_cmpuint (crm_contact_get_phones (c)->len, ==, 1);
  assert_value (crm_contact_get_phones (c), 0, "123456", "cell", TRUE);
  assert_value (crm_contact_get_emails (c), 0, "ann@example.com", "home", FALSE);
  g_assert_cmpstr (crm_contact_get_extra_vcard (c), ==,
                   "TEL;TYPE=work:123456\nTEL;TYPE=work,fax:123456\nEMAIL;TYPE=work,pref:Ann@Example.com");
  assert_round_trip (cards, result, out);
  g_assert_cmpuint (crm_test_count_lines (out->str, "TEL;TYPE=work,fax:123456"), ==, 1);
}

/* No UID: the same card gets the same made-up UID every time. */
static void
test_derived_uid (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:3.0\nFN:No Uid\nEMAIL:no.uid@example.com\nEND:VCARD\n";
  g_autoptr(GInputStream) s1 = crm_test_stream_for_text (text);
  g_autoptr(GInputStream) s2 = crm_test_stream_for_text (text);
  g_autoptr(CrmImportResult) result = crm_import_result_new ();
  g_autoptr(GPtrArray) a = read_all (s1, result, NULL);
  g_autoptr(GPtrArray) b = read_all (s2, result, NULL);

  g_assert_cmpstr (crm_contact_get_uid (g_ptr_array_index (a, 0)), ==,
                   crm_contact_get_uid (g_ptr_array_index (b, 0)));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vcard/unescape", test_unescape);
  g_test_add_func ("/vcard/read-awkward", test_read_awkward);
  g_test_add_func ("/vcard/read-other-programs", test_read_other_programs);
  g_test_add_func ("/vcard/read-broken", test_read_broken);
  g_test_add_func ("/vcard/read-2.1", test_read_21);
  g_test_add_func ("/vcard/write-fold", test_write_fold);
  g_test_add_func ("/vcard/round-trip", test_round_trip);
  g_test_add_func ("/vcard/derived-uid", test_derived_uid);
  g_test_add_func ("/vcard/repeated", test_repeated);
  g_test_add_func ("/vcard/n", test_n);
  g_test_add_func ("/vcard/structured-org", test_structured_org);
  g_test_add_func ("/vcard/several-notes", test_several_notes);
  g_test_add_func ("/vcard/prodid", test_prodid);
  g_test_add_func ("/vcard/grouped-values", test_grouped_values);
  g_test_add_func ("/vcard/other-params", test_other_params);
  g_test_add_func ("/vcard/repeated-values", test_repeated_values);
  g_test_add_func ("/vcard/read-extra", test_read_extra);
  g_test_add_func ("/vcard/read-extra-too-big", test_read_extra_too_big);
  g_test_add_func ("/vcard/read-empty-encoded", test_read_empty_encoded);
  g_test_add_func ("/vcard/parse-date", test_parse_date);
  g_test_add_func ("/vcard/extra-fields", test_extra_fields);
  return g_test_run ();
}
