/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-private.h"

/* Holidays a calendar user names: fixed dates, "n-th weekday of a month"
 * rules and feasts that move with (Western or Orthodox) Easter. */

typedef enum
{
  RULE_FIXED,       /* a = month, b = day */
  RULE_NTH_WDAY,    /* a = month, b = weekday, c = n (negative from the end) */
  RULE_EASTER,      /* c = days after Easter Sunday, len = days */
  RULE_ORTHODOX,    /* c = days after Orthodox Easter Sunday */
  RULE_THANKSGIVING,/* c = days after US Thanksgiving */
  RULE_NEAREST_WEEKDAY, /* a = month, b = day, moved to Friday/Monday */
  RULE_HEBREW,      /* a = month counted from Tishri (6: Adar, Adar II in leap years), b = day */
  RULE_ISLAMIC,     /* a = month, b = day (tabular calendar: a day or two from sighting) */
  RULE_LAST_FRIDAY_OF_RAMADAN,
} HolidayRule;

typedef struct
{
  guint8 rule;
  gint8  a, b;
  gint16 c;
  guint8 len;       /* days, for the holidays that last several */
} Holiday;

enum
{
  H_CHRISTMAS, H_CHRISTMAS_EVE, H_NYE, H_NEW_YEAR, H_VALENTINE, H_HALLOWEEN,
  H_INDEPENDENCE, H_PATRICK, H_BOSS, H_VEGAN, H_VETERANS, H_GROUNDHOG,
  H_EARTH, H_TAX, H_BOXING, H_JUNETEENTH, H_FOOLS, H_CINCO, H_FAWKES, H_MLK,
  H_PRESIDENTS, H_MEMORIAL, H_LABOR, H_COLUMBUS, H_THANKSGIVING, H_BLACK_FRIDAY,
  H_CYBER_MONDAY, H_MOTHERS, H_FATHERS, H_EASTER, H_EASTER_MONDAY,
  H_GOOD_FRIDAY, H_MAUNDY, H_PALM, H_ASH, H_SHROVE, H_PENTECOST, H_WHIT_MONDAY,
  H_TRINITY, H_ASCENSION, H_HOLY_SATURDAY, H_LENT, H_ORTHODOX_EASTER,
  H_ORTHODOX_GOOD_FRIDAY, H_CLEAN_MONDAY, H_LAZARUS, H_GREAT_LENT,
  H_MOTHERING, H_GRANDPARENTS, H_ADMIN, H_PATRIOTS, H_CORPUS_CHRISTI,
  H_ROSH_HASHANAH, H_YOM_KIPPUR, H_SUKKOT, H_SHEMINI_ATZERET, H_SIMCHAT_TORAH,
  H_HANUKKAH, H_TU_BISHVAT, H_PURIM, H_SHUSHAN_PURIM, H_PASSOVER, H_YOM_HASHOAH,
  H_YOM_HAATZMAUT, H_LAG_BAOMER, H_SHAVUOT, H_TISHA_BAV, H_RAMADAN, H_EID_FITR,
  H_EID_ADHA, H_ISLAMIC_NEW_YEAR, H_ASHURA, H_MAWLID, H_LAYLAT_QADR, H_ISRA_MIRAJ,
  H_JUMUATUL_WIDA,
  H_LAST,
};

static const Holiday holidays[H_LAST] = {
  [H_CHRISTMAS] = { RULE_FIXED, 12, 25, 0, 1 },
  [H_CHRISTMAS_EVE] = { RULE_FIXED, 12, 24, 0, 1 },
  [H_NYE] = { RULE_FIXED, 12, 31, 0, 1 },
  [H_NEW_YEAR] = { RULE_FIXED, 1, 1, 0, 1 },
  [H_VALENTINE] = { RULE_FIXED, 2, 14, 0, 1 },
  [H_HALLOWEEN] = { RULE_FIXED, 10, 31, 0, 1 },
  [H_INDEPENDENCE] = { RULE_FIXED, 7, 4, 0, 1 },
  [H_PATRICK] = { RULE_FIXED, 3, 17, 0, 1 },
  [H_BOSS] = { RULE_NEAREST_WEEKDAY, 10, 16, 0, 1 },
  [H_VEGAN] = { RULE_FIXED, 11, 1, 0, 1 },
  [H_VETERANS] = { RULE_FIXED, 11, 11, 0, 1 },
  [H_GROUNDHOG] = { RULE_FIXED, 2, 2, 0, 1 },
  [H_EARTH] = { RULE_FIXED, 4, 22, 0, 1 },
  [H_TAX] = { RULE_FIXED, 4, 15, 0, 1 },
  [H_BOXING] = { RULE_FIXED, 12, 26, 0, 1 },
  [H_JUNETEENTH] = { RULE_FIXED, 6, 19, 0, 1 },
  [H_FOOLS] = { RULE_FIXED, 4, 1, 0, 1 },
  [H_CINCO] = { RULE_FIXED, 5, 5, 0, 1 },
  [H_FAWKES] = { RULE_FIXED, 11, 5, 0, 1 },
  [H_MLK] = { RULE_NTH_WDAY, 1, 1, 3, 1 },
  [H_PRESIDENTS] = { RULE_NTH_WDAY, 2, 1, 3, 1 },
  [H_MEMORIAL] = { RULE_NTH_WDAY, 5, 1, -1, 1 },
  [H_LABOR] = { RULE_NTH_WDAY, 9, 1, 1, 1 },
  [H_COLUMBUS] = { RULE_NTH_WDAY, 10, 1, 2, 1 },
  [H_THANKSGIVING] = { RULE_THANKSGIVING, 0, 0, 0, 1 },
  [H_BLACK_FRIDAY] = { RULE_THANKSGIVING, 0, 0, 1, 1 },
  [H_CYBER_MONDAY] = { RULE_THANKSGIVING, 0, 0, 4, 1 },
  [H_MOTHERS] = { RULE_NTH_WDAY, 5, 7, 2, 1 },
  [H_FATHERS] = { RULE_NTH_WDAY, 6, 7, 3, 1 },
  [H_EASTER] = { RULE_EASTER, 0, 0, 0, 1 },
  [H_EASTER_MONDAY] = { RULE_EASTER, 0, 0, 1, 1 },
  [H_GOOD_FRIDAY] = { RULE_EASTER, 0, 0, -2, 1 },
  [H_MAUNDY] = { RULE_EASTER, 0, 0, -3, 1 },
  [H_PALM] = { RULE_EASTER, 0, 0, -7, 1 },
  [H_ASH] = { RULE_EASTER, 0, 0, -46, 1 },
  [H_SHROVE] = { RULE_EASTER, 0, 0, -47, 1 },
  [H_PENTECOST] = { RULE_EASTER, 0, 0, 49, 1 },
  [H_WHIT_MONDAY] = { RULE_EASTER, 0, 0, 50, 1 },
  [H_TRINITY] = { RULE_EASTER, 0, 0, 56, 1 },
  [H_ASCENSION] = { RULE_EASTER, 0, 0, 39, 1 },
  [H_HOLY_SATURDAY] = { RULE_EASTER, 0, 0, -1, 1 },
  [H_LENT] = { RULE_EASTER, 0, 0, -46, 46 },
  [H_ORTHODOX_EASTER] = { RULE_ORTHODOX, 0, 0, 0, 1 },
  [H_ORTHODOX_GOOD_FRIDAY] = { RULE_ORTHODOX, 0, 0, -2, 1 },
  [H_CLEAN_MONDAY] = { RULE_ORTHODOX, 0, 0, -48, 1 },
  [H_LAZARUS] = { RULE_ORTHODOX, 0, 0, -8, 1 },
  [H_GREAT_LENT] = { RULE_ORTHODOX, 0, 0, -48, 40 },
  [H_MOTHERING] = { RULE_EASTER, 0, 0, -21, 1 },
  [H_GRANDPARENTS] = { RULE_NTH_WDAY, 9, 7, 1, 1 },  /* first Sunday after Labor Day, fixed below */
  [H_ADMIN] = { RULE_NTH_WDAY, 4, 3, -1, 1 },
  [H_PATRIOTS] = { RULE_NTH_WDAY, 4, 1, 3, 1 },
  [H_CORPUS_CHRISTI] = { RULE_EASTER, 0, 0, 60, 1 },
  /* Jewish holidays begin at sundown: from the eve, as Duckling has them */
  [H_ROSH_HASHANAH] = { RULE_HEBREW, 1, 1, -1, 3 },
  [H_YOM_KIPPUR] = { RULE_HEBREW, 1, 10, -1, 1 },
  [H_SUKKOT] = { RULE_HEBREW, 1, 15, -1, 9 },
  [H_SHEMINI_ATZERET] = { RULE_HEBREW, 1, 22, -1, 1 },
  [H_SIMCHAT_TORAH] = { RULE_HEBREW, 1, 23, -1, 1 },
  [H_HANUKKAH] = { RULE_HEBREW, 3, 25, -1, 8 },
  [H_TU_BISHVAT] = { RULE_HEBREW, 5, 15, -1, 1 },
  [H_PURIM] = { RULE_HEBREW, 6, 14, -1, 1 },
  [H_SHUSHAN_PURIM] = { RULE_HEBREW, 6, 15, -1, 1 },
  [H_PASSOVER] = { RULE_HEBREW, 8, 15, -1, 9 },
  [H_YOM_HASHOAH] = { RULE_HEBREW, 8, 27, -1, 1 },
  [H_YOM_HAATZMAUT] = { RULE_HEBREW, 9, 5, -1, 1 },
  [H_LAG_BAOMER] = { RULE_HEBREW, 9, 18, -1, 1 },
  [H_SHAVUOT] = { RULE_HEBREW, 10, 6, -1, 3 },
  [H_TISHA_BAV] = { RULE_HEBREW, 12, 9, -1, 1 },
  [H_RAMADAN] = { RULE_ISLAMIC, 9, 1, 0, 30 },
  [H_EID_FITR] = { RULE_ISLAMIC, 10, 1, 0, 1 },
  [H_EID_ADHA] = { RULE_ISLAMIC, 12, 10, 0, 1 },
  [H_ISLAMIC_NEW_YEAR] = { RULE_ISLAMIC, 1, 1, 0, 1 },
  [H_ASHURA] = { RULE_ISLAMIC, 1, 10, 0, 1 },
  [H_MAWLID] = { RULE_ISLAMIC, 3, 12, 0, 1 },
  [H_LAYLAT_QADR] = { RULE_ISLAMIC, 9, 27, 0, 1 },
  [H_ISRA_MIRAJ] = { RULE_ISLAMIC, 7, 27, 0, 1 },
  [H_JUMUATUL_WIDA] = { RULE_LAST_FRIDAY_OF_RAMADAN, 9, 0, 0, 1 },
};

/* Names with apostrophes and full stops dropped ("new year's" → "new years"). */
typedef struct
{
  const char *name;
  guint8      id;
} HolidayName;

static const HolidayName names[] = {
  { "christmas", H_CHRISTMAS }, { "xmas", H_CHRISTMAS }, { "christmas day", H_CHRISTMAS },
  { "xmas day", H_CHRISTMAS }, { "christmas eve", H_CHRISTMAS_EVE },
  { "xmas eve", H_CHRISTMAS_EVE }, { "new years eve", H_NYE }, { "new year eve", H_NYE },
  { "new years day", H_NEW_YEAR }, { "new year day", H_NEW_YEAR },
  { "new years", H_NEW_YEAR }, { "valentines day", H_VALENTINE },
  { "valentine day", H_VALENTINE }, { "valentines", H_VALENTINE },
  { "st valentines day", H_VALENTINE }, { "saint valentines day", H_VALENTINE },
  { "halloween", H_HALLOWEEN }, { "independence day", H_INDEPENDENCE },
  { "fourth of july", H_INDEPENDENCE }, { "st patricks day", H_PATRICK },
  { "st patrick day", H_PATRICK }, { "saint patricks day", H_PATRICK },
  { "st paddys day", H_PATRICK }, { "saint paddys day", H_PATRICK },
  { "st pattys day", H_PATRICK }, { "st patricks", H_PATRICK },
  { "bosss day", H_BOSS }, { "boss day", H_BOSS }, { "bosses day", H_BOSS },
  { "bosss", H_BOSS }, { "world vegan day", H_VEGAN }, { "veterans day", H_VETERANS },
  { "veteran day", H_VETERANS }, { "armistice day", H_VETERANS },
  { "groundhog day", H_GROUNDHOG }, { "groundhogs day", H_GROUNDHOG },
  { "earth day", H_EARTH }, { "tax day", H_TAX }, { "boxing day", H_BOXING },
  { "juneteenth", H_JUNETEENTH }, { "april fools day", H_FOOLS },
  { "april fools", H_FOOLS }, { "april fool day", H_FOOLS },
  { "cinco de mayo", H_CINCO }, { "guy fawkes day", H_FAWKES },
  { "guy fawkes night", H_FAWKES }, { "bonfire night", H_FAWKES },
  { "mlk day", H_MLK }, { "mlk jr day", H_MLK }, { "mlk", H_MLK },
  { "martin luther king day", H_MLK }, { "martin luther kings day", H_MLK },
  { "martin luther king jr day", H_MLK }, { "civil rights day", H_MLK },
  { "presidents day", H_PRESIDENTS }, { "president day", H_PRESIDENTS },
  { "washingtons birthday", H_PRESIDENTS }, { "george washington day", H_PRESIDENTS },
  { "memorial day", H_MEMORIAL }, { "decoration day", H_MEMORIAL },
  { "labor day", H_LABOR }, { "labour day", H_LABOR },
  { "columbus day", H_COLUMBUS }, { "indigenous peoples day", H_COLUMBUS },
  { "thanksgiving", H_THANKSGIVING }, { "thanksgiving day", H_THANKSGIVING },
  { "black friday", H_BLACK_FRIDAY }, { "cyber monday", H_CYBER_MONDAY },
  { "mothers day", H_MOTHERS }, { "mother day", H_MOTHERS },
  { "moms day", H_MOTHERS }, { "fathers day", H_FATHERS },
  { "father day", H_FATHERS }, { "dads day", H_FATHERS },
  { "easter", H_EASTER }, { "easter sunday", H_EASTER }, { "easter day", H_EASTER },
  { "easter monday", H_EASTER_MONDAY }, { "easter mon", H_EASTER_MONDAY },
  { "good friday", H_GOOD_FRIDAY }, { "maundy thursday", H_MAUNDY },
  { "maundy thu", H_MAUNDY }, { "covenant thursday", H_MAUNDY },
  { "covenant thu", H_MAUNDY }, { "holy thursday", H_MAUNDY },
  { "thu of mysteries", H_MAUNDY }, { "thursday of mysteries", H_MAUNDY },
  { "palm sunday", H_PALM }, { "branch sunday", H_PALM },
  { "ash wednesday", H_ASH }, { "shrove tuesday", H_SHROVE },
  { "mardi gras", H_SHROVE }, { "pancake day", H_SHROVE },
  { "pancake tuesday", H_SHROVE }, { "pentecost", H_PENTECOST },
  { "whit sunday", H_PENTECOST }, { "whitsunday", H_PENTECOST },
  { "white sunday", H_PENTECOST }, { "whit monday", H_WHIT_MONDAY },
  { "monday of the holy spirit", H_WHIT_MONDAY }, { "trinity sunday", H_TRINITY },
  { "ascension day", H_ASCENSION }, { "ascension thursday", H_ASCENSION },
  { "holy saturday", H_HOLY_SATURDAY }, { "lent", H_LENT },
  { "orthodox easter", H_ORTHODOX_EASTER }, { "orthodox easter sunday", H_ORTHODOX_EASTER },
  { "orthodox good friday", H_ORTHODOX_GOOD_FRIDAY },
  { "orthodox great friday", H_ORTHODOX_GOOD_FRIDAY },
  { "clean monday", H_CLEAN_MONDAY }, { "orthodox shrove monday", H_CLEAN_MONDAY },
  { "lazarus saturday", H_LAZARUS }, { "great fast", H_GREAT_LENT },
  { "great lent", H_GREAT_LENT }, { "mothering sunday", H_MOTHERING },
  { "grandparents day", H_GRANDPARENTS }, { "national grandparents day", H_GRANDPARENTS },
  { "administrative professionals day", H_ADMIN }, { "admin day", H_ADMIN },
  { "secretaries day", H_ADMIN }, { "patriots day", H_PATRIOTS },
  { "corpus christi", H_CORPUS_CHRISTI },
  { "rosh hashanah", H_ROSH_HASHANAH }, { "rosh hashana", H_ROSH_HASHANAH },
  { "rosh hashanna", H_ROSH_HASHANAH }, { "yom kippur", H_YOM_KIPPUR },
  { "sukkot", H_SUKKOT }, { "succos", H_SUKKOT }, { "sukkos", H_SUKKOT },
  { "feast of the ingathering", H_SUKKOT }, { "feast of tabernacles", H_SUKKOT },
  { "shemini atzeret", H_SHEMINI_ATZERET }, { "simchat torah", H_SIMCHAT_TORAH },
  { "hanukkah", H_HANUKKAH }, { "chanukah", H_HANUKKAH }, { "hanukah", H_HANUKKAH },
  { "hannukkah", H_HANUKKAH }, { "chanukkah", H_HANUKKAH }, { "hanuka", H_HANUKKAH },
  { "tu bishvat", H_TU_BISHVAT }, { "tu bshvat", H_TU_BISHVAT }, { "purim", H_PURIM },
  { "shushan purim", H_SHUSHAN_PURIM }, { "passover", H_PASSOVER }, { "pesach", H_PASSOVER },
  { "yom hashoah", H_YOM_HASHOAH }, { "holocaust day", H_YOM_HASHOAH },
  { "holocaust remembrance day", H_YOM_HASHOAH }, { "yom haatzmaut", H_YOM_HAATZMAUT },
  { "lag baomer", H_LAG_BAOMER }, { "lag bomer", H_LAG_BAOMER }, { "shavuot", H_SHAVUOT },
  { "shavuos", H_SHAVUOT }, { "tisha bav", H_TISHA_BAV }, { "ramadan", H_RAMADAN },
  { "eid al fitr", H_EID_FITR }, { "eid ul fitr", H_EID_FITR }, { "eid", H_EID_FITR },
  { "eid al adha", H_EID_ADHA }, { "id ul adha", H_EID_ADHA }, { "eid ul adha", H_EID_ADHA },
  { "sacrifice feast", H_EID_ADHA }, { "bakr id", H_EID_ADHA },
  { "islamic new year", H_ISLAMIC_NEW_YEAR }, { "hijri new year", H_ISLAMIC_NEW_YEAR },
  { "amun jadid", H_ISLAMIC_NEW_YEAR }, { "day of ashura", H_ASHURA }, { "ashura", H_ASHURA },
  { "mawlid", H_MAWLID }, { "mawlid al nabawi", H_MAWLID }, { "laylat al qadr", H_LAYLAT_QADR },
  { "laylat al kadr", H_LAYLAT_QADR }, { "night of power", H_LAYLAT_QADR },
  { "night of measures", H_LAYLAT_QADR }, { "isra and miraj", H_ISRA_MIRAJ },
  { "the prophets ascension", H_ISRA_MIRAJ }, { "the night journey", H_ISRA_MIRAJ },
  { "ascension to heaven", H_ISRA_MIRAJ }, { "jamat ul vida", H_JUMUATUL_WIDA },
  { "jumuatul wida", H_JUMUATUL_WIDA },
};

#define MAX_NAME_WORDS 6
#define MAX_NAME_LEN 64

/* first word of a name (also without a final "s": "washington's" starts
 * as "washington") → the indices of the names that begin with it */
static GHashTable *first_words;
static guint8 name_words[G_N_ELEMENTS (names)];
static guint8 name_len[G_N_ELEMENTS (names)];

static void
add_first_word (GHashTable *set,
                char       *w,
                guint       i)
{
  GArray *list = g_hash_table_lookup (set, w);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint8));
      g_hash_table_insert (set, w, list);
    }
  else
    g_free (w);
  g_array_append_val (list, (guint8) { i });
}

GHashTable *
crm_holiday_first_words (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          const char *sp = strchr (names[i].name, ' ');
          gsize len = sp ? (gsize) (sp - names[i].name) : strlen (names[i].name);

          name_len[i] = strlen (names[i].name);
          name_words[i] = 1;
          for (const char *q = names[i].name; *q; q++)
            name_words[i] += *q == ' ';
          add_first_word (set, g_strndup (names[i].name, len), i);
          if (len > 2 && names[i].name[len - 1] == 's')
            add_first_word (set, g_strndup (names[i].name, len - 1), i);
        }
      first_words = set;
      g_once_init_leave (&once, 1);
    }
  return first_words;
}

/* g_ascii_tolower, inlined: it runs for every letter of the words read */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static gboolean
buf_append (char  *buf,
            gsize *len,
            char   c)
{
  if (*len + 1 >= MAX_NAME_LEN)
    return FALSE;
  buf[(*len)++] = c;
  buf[*len] = '\0';
  return TRUE;
}

/* Reads up to MAX_NAME_WORDS words from token I into BUF, space-separated
 * and lowercase, skipping full stops and hyphens and gluing "'s" to its
 * word. ENDS[k] is the token after the k-th word. */
static guint
read_name_words (const char         *text,
                 const CrmTimeToken *toks,
                 guint               n,
                 guint               i,
                 char               *buf,
                 guint              *ends)
{
  guint words = 0;
  gsize len = 0;

  buf[0] = '\0';
  for (guint j = i; j < n && words < MAX_NAME_WORDS; j++)
    {
      const CrmTimeToken *t = &toks[j];

      if (t->type == TOK_PUNCT && (t->ch == '.' || t->ch == '-'))
        continue;
      if (t->type == TOK_PUNCT && t->ch == '\'' && words > 0)
        {
          /* only the possessive "'s"; "King' day" is not a name we know */
          if (j + 1 < n && toks[j + 1].type == TOK_WORD && !toks[j + 1].space_before &&
              toks[j + 1].end - toks[j + 1].start == 1 &&
              ascii_lower (text[toks[j + 1].start]) == 's')
            {
              if (!buf_append (buf, &len, 's'))
                break;
              ends[words - 1] = j + 2;
              j++;
              continue;
            }
          /* inside a word: "tisha b'av", "mi'raj" */
          if (j + 1 < n && toks[j + 1].type == TOK_WORD && !toks[j + 1].space_before &&
              !t->space_before)
            {
              for (guint32 k = toks[j + 1].start; k < toks[j + 1].end; k++)
                if (!buf_append (buf, &len, ascii_lower (text[k])))
                  return words;
              ends[words - 1] = j + 2;
              j++;
              continue;
            }
          /* the plural possessive: "presidents' day" */
          if (len > 0 && buf[len - 1] == 's')
            {
              ends[words - 1] = j + 1;
              continue;
            }
          break;
        }
      if (t->type != TOK_WORD)
        break;
      if (words > 0 && !buf_append (buf, &len, ' '))
        break;
      for (guint32 k = t->start; k < t->end; k++)
        if (!buf_append (buf, &len, ascii_lower (text[k])))
          return words;
      ends[words++] = j + 1;
    }
  return words;
}

/**
 * crm_holiday_from_words:
 * The holiday named at token I, the longest name that fits; its id, and
 * CONSUMED the token after it. -1 when none.
 */
int
crm_holiday_from_words (const char         *text,
                        const CrmTimeToken *toks,
                        guint               n,
                        guint               i,
                        guint              *consumed,
                        gboolean           *latent)
{
  char buf[MAX_NAME_LEN];
  guint ends[MAX_NAME_WORDS];
  const GArray *list;
  guint words, best_words = 0;
  int best = -1;

  if (toks[i].type != TOK_WORD || (list = crm_time_token_holidays (&toks[i])) == NULL)
    return -1;

  words = read_name_words (text, toks, n, i, buf, ends);
  for (guint j = 0; j < list->len; j++)
    {
      guint h = g_array_index (list, guint8, j);
      gsize nl = name_len[h];
      guint nw = name_words[h];

      if (nw <= words && nw > best_words && strncmp (buf, names[h].name, nl) == 0 &&
          (buf[nl] == '\0' || buf[nl] == ' '))
        {
          best = names[h].id;
          best_words = nw;
        }
    }
  if (best >= 0)
    {
      *consumed = ends[best_words - 1];
      /* "I lent him", "Grace lent": only with a year or "this" */
      *latent = best == H_LENT && best_words == 1;
    }
  return best;
}

/* ---------- Hebrew calendar (Reingold & Dershowitz) ---------- */

#define RD_1970 719163        /* fixed day number of 1970-01-01 */
#define HEBREW_EPOCH (-1373427)

static gint64
hebrew_elapsed_days (int y)
{
  gint64 months = (235 * (gint64) y - 234) / 19;
  gint64 parts = 12084 + 13753 * months;
  gint64 days = 29 * months + parts / 25920;

  return (3 * (days + 1)) % 7 < 3 ? days + 1 : days;
}

/* Rosh Hashanah of Hebrew year Y, in days since 1970-01-01 */
static gint64
hebrew_new_year (int y)
{
  gint64 ny0 = hebrew_elapsed_days (y - 1), ny1 = hebrew_elapsed_days (y);
  gint64 ny2 = hebrew_elapsed_days (y + 1);
  int delay = ny2 - ny1 == 356 ? 2 : ny1 - ny0 == 382 ? 1 : 0;

  return HEBREW_EPOCH + ny1 + delay - RD_1970;
}

static gint64
hebrew_date (int y,
             int month,
             int day)
{
  gint64 rh = hebrew_new_year (y);
  int length = (int) (hebrew_new_year (y + 1) - rh);
  gboolean leap = (7 * y + 1) % 19 < 7;
  /* Tishri, Heshvan, Kislev, Tevet, Shevat, Adar (I), Adar II, Nisan... */
  int lengths[13] = { 30, length % 10 == 5 ? 30 : 29, length % 10 == 3 ? 29 : 30, 29, 30,
                      leap ? 30 : 29, leap ? 29 : 0, 30, 29, 30, 29, 30, 29 };
  gint64 d = rh;

  /* Adar of a holiday is Adar II in a leap year */
  if (month == 6 && leap)
    month = 7;
  for (int m = 1; m < month; m++)
    d += lengths[m - 1];
  return d + day - 1;
}

/* Israel moves a few days off the Sabbath. */
static gint64
hebrew_adjust (guint  id,
               gint64 d)
{
  int y, m, dd, wd;

  crm_civil_from_days (d, &y, &m, &dd);
  wd = crm_weekday (y, m, dd);
  if (id == H_TISHA_BAV && wd == 6)
    return d + 1;
  if (id == H_YOM_HAATZMAUT)
    return wd == 5 ? d - 1 : wd == 6 ? d - 2 : wd == 1 ? d + 1 : d;
  if (id == H_YOM_HASHOAH)
    return wd == 5 ? d - 1 : wd == 7 ? d + 1 : d;
  return d;
}

/* ---------- tabular Islamic calendar ---------- */

#define ISLAMIC_EPOCH 227015  /* 622-07-16 (Julian) */

static gint64
islamic_date (int y,
              int month,
              int day)
{
  return day + (59 * (month - 1) + 1) / 2 + (gint64) (y - 1) * 354 + (3 + 11 * y) / 30 +
         ISLAMIC_EPOCH - 1 - RD_1970;
}

/* The first day of holiday H in Gregorian YEAR, trying the two lunar
 * years that can hold it. */
static gboolean
lunar_in_year (guint          id,
               const Holiday *h,
               int            year,
               gint64        *first)
{
  for (int k = -1; k < 3; k++)
    {
      gint64 d;
      int y, m, dd;

      if (h->rule == RULE_HEBREW)
        d = hebrew_adjust (id, hebrew_date (year + 3760 + k, h->a, h->b)) + h->c;
      else
        {
          int iy = (int) ((year - 622) * 33 / 32) + k;

          d = islamic_date (iy, h->a, h->b ? h->b : 1);
          if (h->rule == RULE_LAST_FRIDAY_OF_RAMADAN)
            {
              gint64 end = islamic_date (iy, 10, 1) - 1;

              crm_civil_from_days (end, &y, &m, &dd);
              d = end - (crm_weekday (y, m, dd) - 5 + 7) % 7;
            }
        }
      crm_civil_from_days (d, &y, &m, &dd);
      if (y == year)
        {
          *first = d;
          return TRUE;
        }
    }
  return FALSE;
}

/* Anonymous Gregorian computus. */
static void
easter_date (int  year,
             int *m,
             int *d)
{
  int a = year % 19, b = year / 100, c = year % 100;
  int e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - b / 4 - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int mm = (a + 11 * h + 22 * l) / 451;

  *m = (h + l - 7 * mm + 114) / 31;
  *d = (h + l - 7 * mm + 114) % 31 + 1;
}

/* Julian computus, moved to the Gregorian calendar (valid 1900-2099). */
static void
orthodox_easter_date (int  year,
                      int *m,
                      int *d)
{
  int a = year % 4, b = year % 7, c = year % 19;
  int dd = (19 * c + 15) % 30;
  int e = (2 * a + 4 * b - dd + 34) % 7;
  int month = (dd + e + 114) / 31, day = (dd + e + 114) % 31 + 1;
  gint64 days = crm_days_from_civil (year, month, day) + 13;

  crm_civil_from_days (days, &year, m, d);
}

static int
nth_weekday (int year,
             int month,
             int wday,
             int nth)
{
  if (nth > 0)
    {
      int first = crm_weekday (year, month, 1);
      return 1 + (wday - first + 7) % 7 + 7 * (nth - 1);
    }
  else
    {
      int last = crm_days_in_month (year, month);
      int lw = crm_weekday (year, month, last);
      return last - (lw - wday + 7) % 7 + 7 * (nth + 1);
    }
}

static void
shift_days (int  year,
            int  m0,
            int  d0,
            int  delta,
            int *m,
            int *d)
{
  int y;

  crm_civil_from_days (crm_days_from_civil (year, m0, d0) + delta, &y, m, d);
}

static void
nearest_weekday (int  year,
                 int *m,
                 int *d)
{
  int wd = crm_weekday (year, *m, *d);

  if (wd == 6)
    shift_days (year, *m, *d, -1, m, d);
  else if (wd == 7)
    shift_days (year, *m, *d, 1, m, d);
}

/**
 * crm_holiday_date:
 * The first day of holiday ID in YEAR (M, D) and how many days it lasts.
 */
gboolean
crm_holiday_date (guint id,
                  int   year,
                  int  *m,
                  int  *d,
                  int  *ndays)
{
  const Holiday *h;
  int em, ed;

  if (id >= H_LAST || year < 1583 || year > 9999)
    return FALSE;
  h = &holidays[id];
  *ndays = h->len;
  switch (h->rule)
    {
    case RULE_FIXED:
      *m = h->a, *d = h->b;
      break;
    case RULE_NEAREST_WEEKDAY:
      *m = h->a, *d = h->b;
      nearest_weekday (year, m, d);
      break;
    case RULE_NTH_WDAY:
      *m = h->a, *d = nth_weekday (year, h->a, h->b, h->c);
      if (id == H_GRANDPARENTS)
        shift_days (year, 9, nth_weekday (year, 9, 1, 1), 6, m, d);
      break;
    case RULE_THANKSGIVING:
      shift_days (year, 11, nth_weekday (year, 11, 4, 4), h->c, m, d);
      break;
    case RULE_EASTER:
      easter_date (year, &em, &ed);
      shift_days (year, em, ed, h->c, m, d);
      break;
    case RULE_ORTHODOX:
      orthodox_easter_date (year, &em, &ed);
      shift_days (year, em, ed, h->c, m, d);
      break;
    case RULE_HEBREW:
    case RULE_ISLAMIC:
    case RULE_LAST_FRIDAY_OF_RAMADAN:
      {
        gint64 first;
        int y;

        if (!lunar_in_year (id, h, year, &first))
          return FALSE;
        crm_civil_from_days (first, &y, m, d);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}
