/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-private.h"

/* The tokenizer of the time parser: words, numbers and punctuation with
 * their byte offsets, each word looked up once in a small lexicon so that
 * rules compare integers, never strings. */

typedef struct
{
  const char *word;
  guint16     id;
  guint8      cls;
  gint32      val;
  guint16     flags;
} LexEntry;

#define WD(w, v, f) { w, W_NONE, WC_WEEKDAY, v, f }
#define MO(w, v, f) { w, W_NONE, WC_MONTH, v, f }
#define NU(w, v) { w, W_NONE, WC_NUMBER, v, 0 }
#define OR(w, v) { w, W_NONE, WC_ORDINAL, v, 0 }
#define UN(w, g, f) { w, W_NONE, WC_UNIT, CRM_GRAIN_##g, f }
#define PD(w, p) { w, W_NONE, WC_POD, p, 0 }
#define KW(w, id) { w, id, WC_NONE, 0, 0 }
#define TZ(w, m) { w, W_NONE, WC_TZ, m, 0 }

static const LexEntry lexicon[] = {
  WD ("monday", 1, 0), WD ("mon", 1, TOKF_ABBREV), WD ("mondays", 1, TOKF_PLURAL),
  WD ("tuesday", 2, 0), WD ("tue", 2, TOKF_ABBREV), WD ("tues", 2, TOKF_ABBREV),
  WD ("tuesdays", 2, TOKF_PLURAL),
  WD ("wednesday", 3, 0), WD ("wed", 3, TOKF_ABBREV), WD ("wednesdays", 3, TOKF_PLURAL),
  WD ("thursday", 4, 0), WD ("thu", 4, TOKF_ABBREV), WD ("thur", 4, TOKF_ABBREV),
  WD ("thurs", 4, TOKF_ABBREV), WD ("thursdays", 4, TOKF_PLURAL),
  WD ("friday", 5, 0), WD ("fri", 5, TOKF_ABBREV), WD ("fridays", 5, TOKF_PLURAL),
  WD ("saturday", 6, 0), WD ("sat", 6, TOKF_ABBREV), WD ("saturdays", 6, TOKF_PLURAL),
  WD ("sunday", 7, 0), WD ("sun", 7, TOKF_ABBREV), WD ("sundays", 7, TOKF_PLURAL),
  MO ("january", 1, 0), MO ("jan", 1, TOKF_ABBREV), MO ("february", 2, 0),
  MO ("feb", 2, TOKF_ABBREV), MO ("march", 3, 0), MO ("mar", 3, TOKF_ABBREV),
  MO ("april", 4, 0), MO ("apr", 4, TOKF_ABBREV), MO ("may", 5, TOKF_ABBREV),
  MO ("june", 6, 0), MO ("jun", 6, TOKF_ABBREV), MO ("july", 7, 0),
  MO ("jul", 7, TOKF_ABBREV), MO ("august", 8, 0), MO ("aug", 8, TOKF_ABBREV),
  MO ("september", 9, 0), MO ("sep", 9, TOKF_ABBREV), MO ("sept", 9, TOKF_ABBREV),
  MO ("october", 10, 0), MO ("oct", 10, TOKF_ABBREV), MO ("november", 11, 0),
  MO ("nov", 11, TOKF_ABBREV), MO ("december", 12, 0), MO ("dec", 12, TOKF_ABBREV),
  NU ("zero", 0), NU ("one", 1), NU ("two", 2), NU ("three", 3), NU ("four", 4),
  NU ("five", 5), NU ("six", 6), NU ("seven", 7), NU ("eight", 8), NU ("nine", 9),
  NU ("ten", 10), NU ("eleven", 11), NU ("twelve", 12), NU ("thirteen", 13),
  NU ("fourteen", 14), NU ("fifteen", 15), NU ("sixteen", 16), NU ("seventeen", 17),
  NU ("eighteen", 18), NU ("nineteen", 19), NU ("twenty", 20), NU ("thirty", 30),
  NU ("forty", 40), NU ("fifty", 50), NU ("sixty", 60), NU ("seventy", 70),
  NU ("eighty", 80), NU ("ninety", 90),
  OR ("first", 1), OR ("second", 2), OR ("third", 3), OR ("fourth", 4),
  OR ("fifth", 5), OR ("sixth", 6), OR ("seventh", 7), OR ("eighth", 8),
  OR ("ninth", 9), OR ("tenth", 10), OR ("eleventh", 11), OR ("twelfth", 12),
  OR ("thirteenth", 13), OR ("fourteenth", 14), OR ("fifteenth", 15),
  OR ("sixteenth", 16), OR ("seventeenth", 17), OR ("eighteenth", 18),
  OR ("nineteenth", 19), OR ("twentieth", 20), OR ("thirtieth", 30),
  UN ("seconds", SECOND, TOKF_PLURAL), UN ("sec", SECOND, 0),
  UN ("secs", SECOND, TOKF_PLURAL), UN ("minute", MINUTE, 0),
  UN ("minutes", MINUTE, TOKF_PLURAL), UN ("min", MINUTE, 0),
  UN ("mins", MINUTE, TOKF_PLURAL), UN ("hour", HOUR, 0),
  UN ("hours", HOUR, TOKF_PLURAL), UN ("hr", HOUR, 0), UN ("hrs", HOUR, TOKF_PLURAL),
  UN ("days", DAY, TOKF_PLURAL), UN ("weeks", WEEK, TOKF_PLURAL),
  UN ("wk", WEEK, 0), UN ("wks", WEEK, TOKF_PLURAL), UN ("month", MONTH, 0),
  UN ("months", MONTH, TOKF_PLURAL), UN ("quarters", QUARTER, TOKF_PLURAL),
  UN ("qtr", QUARTER, 0), UN ("qtrs", QUARTER, TOKF_PLURAL), UN ("year", YEAR, 0),
  UN ("years", YEAR, TOKF_PLURAL), UN ("yr", YEAR, 0), UN ("yrs", YEAR, TOKF_PLURAL),
  PD ("morning", POD_MORNING), PD ("mornings", POD_MORNING),
  PD ("afternoon", POD_AFTERNOON), PD ("afternoonish", POD_AFTERNOON),
  PD ("evening", POD_EVENING), PD ("night", POD_NIGHT), PD ("lunch", POD_LUNCH),
  { "tonight", W_TONIGHT, WC_POD, POD_NIGHT, 0 }, { "tonite", W_TONIGHT, WC_POD, POD_NIGHT, 0 },
  TZ ("gmt", 0), TZ ("utc", 0), TZ ("cet", 60), TZ ("cest", 120), TZ ("bst", 60),
  TZ ("pst", -480), TZ ("pdt", -420), TZ ("cst", -360), TZ ("cdt", -300),
  TZ ("est", -300), TZ ("edt", -240), TZ ("mst", -420), TZ ("mdt", -360),
  TZ ("ist", 330),
  { "spring", W_NONE, WC_SEASON, 0, 0 }, { "summer", W_NONE, WC_SEASON, 1, 0 },
  { "fall", W_NONE, WC_SEASON, 2, 0 }, { "autumn", W_NONE, WC_SEASON, 2, 0 },
  { "winter", W_NONE, WC_SEASON, 3, 0 },
  KW ("a", W_A), KW ("an", W_AN), KW ("the", W_THE), KW ("of", W_OF),
  KW ("in", W_IN), KW ("on", W_ON), KW ("at", W_AT), KW ("by", W_BY),
  KW ("for", W_FOR), KW ("from", W_FROM), KW ("to", W_TO), KW ("till", W_TILL),
  KW ("til", W_TILL), KW ("until", W_UNTIL), KW ("untill", W_UNTIL),
  KW ("thru", W_THRU), KW ("through", W_THROUGH), KW ("between", W_BETWEEN),
  KW ("and", W_AND), KW ("after", W_AFTER), KW ("before", W_BEFORE),
  KW ("since", W_SINCE), KW ("ago", W_AGO), KW ("hence", W_HENCE),
  KW ("back", W_BACK), KW ("now", W_NOW), KW ("right", W_RIGHT),
  KW ("just", W_JUST), KW ("moment", W_MOMENT), KW ("atm", W_ATM),
  KW ("today", W_TODAY), KW ("tomorrow", W_TOMORROW), KW ("tomorrows", W_TOMORROW),
  KW ("tmrw", W_TOMORROW), KW ("yesterday", W_YESTERDAY), KW ("day", W_DAY),
  KW ("noon", W_NOON), KW ("midday", W_NOON), KW ("midnight", W_MIDNIGHT),
  KW ("mid", W_MID), KW ("this", W_THIS), KW ("next", W_NEXT), KW ("last", W_LAST),
  KW ("past", W_PAST), KW ("previous", W_PREVIOUS), KW ("current", W_CURRENT),
  KW ("coming", W_COMING), KW ("upcoming", W_UPCOMING),
  KW ("following", W_FOLLOWING), { "am", W_AM, WC_AMPM, 1, 0 }, { "pm", W_PM, WC_AMPM, 2, 0 },
  KW ("p", W_P1), KW ("m", W_M1), KW ("h", W_H1), KW ("oclock", W_OCLOCK),
  KW ("o", W_O1), KW ("clock", W_CLOCK), KW ("half", W_HALF),
  KW ("quarter", W_QUARTER), KW ("quarters", W_QUARTERS), KW ("ish", W_ISH),
  KW ("around", W_AROUND), KW ("about", W_ABOUT), KW ("approximately", W_APPROX),
  KW ("approx", W_APPROX), KW ("roughly", W_APPROX), KW ("couple", W_COUPLE),
  KW ("pair", W_PAIR), KW ("few", W_FEW), KW ("more", W_MORE),
  KW ("early", W_EARLY), KW ("late", W_LATE), KW ("end", W_END),
  KW ("beginning", W_BEGINNING), KW ("start", W_START), KW ("eod", W_EOD),
  KW ("eom", W_EOM), KW ("eoy", W_EOY), KW ("bom", W_BOM), KW ("boy", W_BOY),
  KW ("rest", W_REST), KW ("all", W_ALL), KW ("weekend", W_WEEKEND),
  KW ("weekends", W_WEEKEND), KW ("wkend", W_WEEKEND), KW ("week", W_WEEK),
  KW ("within", W_WITHIN), KW ("during", W_DURING), KW ("st", W_ST),
  KW ("nd", W_ND), KW ("rd", W_RD), KW ("th", W_TH), KW ("q", W_Q1),
  KW ("ad", W_AD), KW ("d", W_D1), KW ("thousand", W_THOUSAND),
  KW ("hundred", W_HUNDRED), KW ("later", W_LATER), KW ("than", W_THAN),
  KW ("but", W_BUT), KW ("anytime", W_ANYTIME), KW ("sometime", W_SOMETIME),
  KW ("sometimes", W_SOMETIME), KW ("soon", W_SOON), KW ("as", W_AS),
  KW ("possible", W_POSSIBLE), KW ("asap", W_ASAP), KW ("hours", W_HOURS_OF),
  KW ("school", W_SCHOOL), KW ("fortnight", W_FORTNIGHT), KW ("closest", W_CLOSEST),
  KW ("ides", W_IDES), KW ("starting", W_STARTING), KW ("oh", W_OH),
  KW ("ou", W_OH), KW ("season", W_SEASON), KW ("seasons", W_SEASON),
  KW ("eve", W_EVE), KW ("new", W_NEW), KW ("time", W_TIME), KW ("s", W_S1),
};

/* Every word the parser knows, the lexicon's and the first words of
 * holiday names, in one open-addressing table keyed by a hash the
 * tokenizer computes while it lowercases the word: one probe per word. */
#define WORD_TABLE_SIZE 2048  /* a power of two, under half full */
#define WORD_MAX 24           /* longer words are none the parser knows */

typedef struct
{
  char            key[WORD_MAX];  /* zero-padded, to compare in a few loads */
  guint8          len;            /* 0: an empty slot */
  const LexEntry *lex;
  const GArray   *holidays;  /* of the names it begins, as crm_holiday_first_words () */
} WordSlot;

static WordSlot word_table[WORD_TABLE_SIZE];

/* A letter's lowercase, 0 for any other byte: the test and the
 * lowercasing of a word's letters in one load. */
static guchar word_lower[256];

static inline guint32
word_hash_step (guint32 h,
                guchar  c)
{
  return (h ^ c) * 16777619u;  /* FNV-1a */
}

/* LOWER: WORD_MAX bytes, zero after the word */
static inline WordSlot *
word_slot (const char *lower,
           gsize       len,
           guint32     hash)
{
  for (guint32 i = hash;; i++)
    {
      WordSlot *s = &word_table[i & (WORD_TABLE_SIZE - 1)];

      if (s->len == 0 || (s->len == len && memcmp (s->key, lower, WORD_MAX) == 0))
        return s;
    }
}

static WordSlot *
word_table_add (const char *word)
{
  char key[WORD_MAX] = { 0 };
  gsize len = strlen (word);
  guint32 h = 2166136261u;
  WordSlot *s;

  g_assert (len > 0 && len < WORD_MAX);
  memcpy (key, word, len);
  for (gsize k = 0; k < len; k++)
    h = word_hash_step (h, word[k]);
  s = word_slot (key, len, h);
  memcpy (s->key, key, WORD_MAX);
  s->len = len;
  return s;
}

static void
word_table_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GHashTableIter iter;
      gpointer key, list;

      for (guint c = 0; c < 256; c++)
        word_lower[c] = g_ascii_isalpha (c) ? g_ascii_tolower (c) : 0;
      /* a word's last entry wins ("hours" is W_HOURS_OF) */
      for (guint i = 0; i < G_N_ELEMENTS (lexicon); i++)
        word_table_add (lexicon[i].word)->lex = &lexicon[i];
      g_hash_table_iter_init (&iter, crm_holiday_first_words ());
      while (g_hash_table_iter_next (&iter, &key, &list))
        if (strlen (key) < WORD_MAX)
          word_table_add (key)->holidays = list;
      g_once_init_leave (&once, 1);
    }
}

/* Words that several entries share ("second" is an ordinal and a unit,
 * "a" an article and "am") keep one entry; rules check the id or class. */
static void
classify_word (CrmTimeToken *tok,
               const char   *lower,
               gsize         len,
               guint32       hash)
{
  const WordSlot *s = word_slot (lower, len, hash);
  const LexEntry *e = s->lex;

  if (s->holidays)
    {
      tok->flags |= TOKF_HOLIDAY;
      tok->slot = s - word_table;
    }
  if (e == NULL)
    return;
  tok->id = e->id;
  tok->cls = e->cls;
  tok->val = e->val;
  tok->flags |= e->flags;
}

/* The holiday names a TOKF_HOLIDAY word may begin, found by the tokenizer's
 * probe: no second lookup of the word. */
const GArray *
crm_time_token_holidays (const CrmTimeToken *tok)
{
  return (tok->flags & TOKF_HOLIDAY) ? word_table[tok->slot].holidays : NULL;
}

static gboolean
is_word_char (guchar c)
{
  return g_ascii_isalpha (c);
}

/* Scans the word at I, lowercasing and hashing it in the same pass, and
 * looks it up. Returns where it ends. */
static gsize
scan_word (const char   *text,
           gsize         len,
           gsize         i,
           CrmTimeToken *tok)
{
  char lower[WORD_MAX] = { 0 };
  guint32 h = 2166136261u;
  gsize j = i, end = MIN (len, i + WORD_MAX);
  guchar lc;

  for (; j < end && (lc = word_lower[(guchar) text[j]]) != 0; j++)
    {
      lower[j - i] = lc;
      h = word_hash_step (h, lc);
    }
  if (j - i == WORD_MAX)
    {
      /* too long to be a word the parser knows */
      while (j < len && word_lower[(guchar) text[j]])
        j++;
      return j;
    }
  if (g_ascii_isupper (text[i]))
    tok->flags |= TOKF_UPPER;
  classify_word (tok, lower, j - i, h);
  return j;
}

static gsize
scan_token (const char   *text,
            gsize         len,
            gsize         i,
            CrmTimeToken *tok)
{
  guchar c = text[i];
  gsize j = i + 1;

  if (g_ascii_isdigit (c))
    {
      gint64 v = c - '0';

      tok->type = TOK_NUM;
      while (j < len && g_ascii_isdigit (text[j]))
        {
          if (v < 100000000)
            v = v * 10 + (text[j] - '0');
          j++;
        }
      tok->val = (gint32) v;
      tok->ndigits = (guint8) MIN (j - i, 255);
    }
  else if (is_word_char (c))
    {
      tok->type = TOK_WORD;
      j = scan_word (text, len, i, tok);
    }
  else if (c >= 0x80)
    {
      tok->type = TOK_OTHER;
      while (j < len && (guchar) text[j] >= 0x80)
        j++;
    }
  else
    {
      tok->type = TOK_PUNCT;
      tok->ch = (char) c;
    }
  return j;
}

/* Digit groups joined by "-", "." or spaces that add up to a phone number
 * ("555-0101", "650.650.6500", "+44 20 7946 0958") must not become dates
 * or times. Dates have at most 8 digits in groups of 1-2 and 2 or 4. */
static void
mark_phone_numbers (CrmTimeToken *toks,
                    guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      guint j = i, digits = 0, groups = 0, big = 0;
      gboolean plus;

      if (toks[i].type != TOK_NUM)
        continue;
      plus = i > 0 && toks[i - 1].type == TOK_PUNCT && toks[i - 1].ch == '+';
      while (j < n && toks[j].type == TOK_NUM)
        {
          digits += toks[j].ndigits;
          groups++;
          big += toks[j].ndigits == 3 || toks[j].ndigits >= 5;
          if (j + 2 < n && toks[j + 1].type == TOK_PUNCT &&
              (toks[j + 1].ch == '-' || toks[j + 1].ch == '.') &&
              !toks[j + 1].space_before && !toks[j + 2].space_before &&
              toks[j + 2].type == TOK_NUM)
            j += 2;
          else if (plus && j + 1 < n && toks[j + 1].type == TOK_NUM)
            j += 1;
          else
            {
              j++;
              break;
            }
        }
      if ((plus && digits >= 6) || (groups >= 2 && digits >= 7 && big > 0) ||
          (groups >= 3 && big > 0 && digits >= 9))
        for (guint k = i; k < j; k++)
          toks[k].flags |= TOKF_PHONE;
      i = j - 1;
    }
}

/**
 * crm_time_tokenize:
 * Splits TEXT (LEN bytes) into at most MAX_TOKENS tokens; CONSUMED is set to
 * the byte offset where it stopped, so long texts are read in windows.
 */
guint
crm_time_tokenize (const char   *text,
                   gsize         len,
                   CrmTimeToken *toks,
                   guint         max_tokens,
                   gsize        *consumed)
{
  guint n = 0;
  gsize i = 0;
  gboolean space = TRUE;

  word_table_init ();
  while (i < len && n < max_tokens)
    {
      CrmTimeToken *tok = &toks[n];

      if (g_ascii_isspace (text[i]))
        {
          space = TRUE;
          i++;
          continue;
        }
      memset (tok, 0, sizeof *tok);
      tok->start = (guint32) i;
      tok->space_before = space;
      i = scan_token (text, len, i, tok);
      tok->end = (guint32) i;
      space = FALSE;
      n++;
    }
  mark_phone_numbers (toks, n);
  *consumed = i;
  return n;
}
