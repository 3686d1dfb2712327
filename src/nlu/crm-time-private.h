/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-time-parser.h"

G_BEGIN_DECLS

/* Internals shared by the time parser's files: the tokens, the partial
 * time values that rules compose, and their resolution against "now". */

#define CRM_TIME_MAX_TOKENS 128
#define TV_UNSET_YEAR G_MININT16
#define TV_NO_TZ G_MININT16

/* ---------- tokens ---------- */

typedef enum
{
  TOK_WORD,
  TOK_NUM,
  TOK_PUNCT,
  TOK_OTHER, /* non-ASCII runs and symbols that never take part in a time */
} TokType;

/* Word classes: a rule can ask for "any weekday" instead of each word. */
typedef enum
{
  WC_NONE,
  WC_WEEKDAY,   /* val 1..7, Monday = 1 */
  WC_MONTH,     /* val 1..12 */
  WC_NUMBER,    /* val: "one".."ninety" */
  WC_ORDINAL,   /* val: "first".."thirtieth" */
  WC_UNIT,      /* val: CrmGrain */
  WC_POD,       /* val: part of day */
  WC_HOLIDAY,   /* val: holiday id, a one-word holiday name */
  WC_TZ,        /* val: minutes east of UTC */
  WC_SEASON,    /* val 0..3, spring first */
  WC_AMPM,      /* val 1 am, 2 pm */
} WordClass;

/* Words that rules name one by one. */
typedef enum
{
  W_NONE,
  W_A, W_AN, W_THE, W_OF, W_IN, W_ON, W_AT, W_BY, W_FOR, W_FROM, W_TO,
  W_TILL, W_UNTIL, W_THRU, W_THROUGH, W_BETWEEN, W_AND, W_AFTER, W_BEFORE,
  W_SINCE, W_AGO, W_HENCE, W_BACK, W_NOW, W_RIGHT, W_JUST, W_MOMENT, W_ATM,
  W_TODAY, W_TOMORROW, W_YESTERDAY, W_TONIGHT, W_DAY, W_NOON, W_MIDNIGHT,
  W_MID, W_THIS, W_NEXT, W_LAST, W_PAST, W_PREVIOUS, W_CURRENT, W_COMING,
  W_UPCOMING, W_FOLLOWING, W_AM, W_PM, W_A1, W_P1, W_M1, W_H1, W_OCLOCK,
  W_O1, W_CLOCK, W_HALF, W_QUARTER, W_QUARTERS, W_ISH, W_AROUND, W_ABOUT,
  W_APPROX, W_COUPLE, W_PAIR, W_FEW, W_MORE, W_EARLY, W_LATE, W_END,
  W_BEGINNING, W_START, W_EOD, W_EOM, W_EOY, W_BOM, W_BOY, W_REST, W_ALL,
  W_WEEKEND, W_WEEK, W_WITHIN, W_DURING, W_ST, W_ND, W_RD, W_TH, W_Q1,
  W_AD, W_D1, W_THOUSAND, W_HUNDRED, W_LATER, W_THAN, W_BUT, W_ANYTIME,
  W_SOMETIME, W_SOON, W_AS, W_POSSIBLE, W_ASAP, W_HOURS_OF, W_LUNCH,
  W_SCHOOL, W_FORTNIGHT, W_CLOSEST, W_IDES, W_STARTING, W_THESE, W_OH,
  W_ZERO, W_WORK, W_THE_DAY, W_SEASON, W_EVE, W_YEARS, W_NEW, W_MOMENTS,
  W_STS, W_SAINT, W_DAY_WORD, W_TIME, W_S1, W_JR,
  W_LAST_ID,
} WordId;

typedef enum
{
  TOKF_ABBREV = 1 << 0,  /* "sun", "jan": alone they are ordinary words */
  TOKF_PLURAL = 1 << 1,  /* "fridays", "hours" */
  TOKF_PHONE  = 1 << 2,  /* part of a phone number: never a time */
  TOKF_DOT    = 1 << 3,  /* an abbreviation followed by a full stop */
  TOKF_UPPER  = 1 << 4,  /* starts with a capital letter */
  TOKF_HOLIDAY = 1 << 5, /* a holiday's name may begin with it */
} TokFlags;

typedef struct
{
  guint32 start;         /* byte offsets in the text */
  guint32 end;
  guint8  type;          /* TokType */
  guint8  space_before;  /* whitespace between this token and the last */
  guint8  cls;           /* WordClass */
  guint8  ndigits;
  guint16 id;            /* WordId */
  guint16 flags;         /* TokFlags */
  gint32  val;           /* number value, class value */
  char    ch;            /* the character of a TOK_PUNCT */
  guint16 slot;          /* a word's place in the tokenizer's word table */
} CrmTimeToken;

guint crm_time_tokenize (const char   *text,
                         gsize         len,
                         CrmTimeToken *tokens,
                         guint         max_tokens,
                         gsize        *consumed);
const GArray *crm_time_token_holidays (const CrmTimeToken *tok);

/* ---------- values ---------- */

typedef enum
{
  POD_NONE,
  POD_MORNING,
  POD_EARLY_MORNING,
  POD_AFTERNOON,
  POD_EVENING,
  POD_NIGHT,
  POD_LATE_NIGHT,
  POD_LUNCH,
  POD_AFTER_LUNCH,
  POD_AFTER_SCHOOL,
  POD_LAST_NIGHT,
} Pod;

typedef enum
{
  ANCHOR_NONE,
  ANCHOR_CAL,  /* this/next/last unit: today + n days, this week + n weeks… */
  ANCHOR_NOW,  /* now + n units exactly: "in 2 hours", "3 days ago" */
} Anchor;

typedef enum
{
  OP_NONE,
  OP_NTH_WDAY,     /* op_n-th op_arg weekday of the month (negative: from the end) */
  OP_NTH_DAY,      /* op_n-th day of the month */
  OP_NTH_WEEK,     /* op_n-th week of the month or year */
  OP_WEEK_OF,      /* the week holding the date */
  OP_HOLIDAY,      /* op_arg: holiday id */
  OP_WEEKEND,      /* Friday 18:00 to Sunday night, op_n-th of the month if set */
  OP_SEASON,       /* op_arg: season */
  OP_NTH_WDAY_AFTER_NOW, /* "3 fridays from now", op_n may be negative */
} Op;

typedef enum
{
  PART_NONE,
  PART_BEGIN,
  PART_MID,
  PART_END,
  PART_REST,   /* "rest of the week": today to its end */
  PART_ALL,    /* "all week" */
} DatePart;

typedef struct
{
  gint16 year;        /* TV_UNSET_YEAR when not named */
  gint8  month;       /* 1..12, 0 when not named */
  gint8  mday;        /* 1..31, 0 */
  gint8  wday;        /* 1..7 (Monday = 1), 0 */
  gint8  quarter;     /* 1..4, 0 */
  gint8  hour;        /* 0..23, -1 */
  gint8  minute;      /* -1 */
  gint8  second;      /* -1 */
  guint8 hour12;      /* hour said on a 12-hour clock with no am/pm */
  guint8 pod;         /* Pod */
  guint8 anchor;      /* Anchor */
  guint8 anchor_unit; /* CrmGrain */
  gint32 anchor_n;    /* for ANCHOR_NOW with a second unit: seconds */
  guint8 op;          /* Op */
  gint8  op_n;
  guint8 op_arg;
  guint8 part;        /* Part */
  gint8  dir;         /* holidays and months: +1 next, +2 after next, -1 last */
  guint8 pm_hint;     /* from a part of day: 1 am, 2 pm */
  gint16 tz;          /* minutes east of UTC named in the text, TV_NO_TZ */
} TimeVal;

void     crm_time_val_init      (TimeVal *tv);

/* inline: rules and resolution ask them of every item they look at */
static inline gboolean
crm_time_val_has_date (const TimeVal *tv)
{
  return tv->year != TV_UNSET_YEAR || tv->month || tv->mday || tv->wday ||
         tv->quarter || tv->op != OP_NONE || tv->anchor == ANCHOR_NOW ||
         (tv->anchor == ANCHOR_CAL && tv->anchor_unit >= CRM_GRAIN_DAY);
}

static inline gboolean
crm_time_val_has_tod (const TimeVal *tv)
{
  return tv->hour >= 0 || tv->pod != POD_NONE;
}

typedef struct
{
  int y, mo, d, h, mi, s;
} LocalTime;

typedef struct
{
  LocalTime start;
  LocalTime end;       /* valid when is_interval */
  gboolean  is_interval;
  CrmGrain  grain;
  gint16    tz;        /* zone the wall-clock values are in, TV_NO_TZ: now's */
} Resolved;

gboolean crm_time_resolve (const TimeVal     *tv,
                           GDateTime         *now,
                           const LocalTime   *ref,
                           CrmTimeParseFlags  flags,
                           Resolved          *out);

/* ---------- calendar helpers ---------- */

/* Days since 1970-01-01 and back (Hinnant's algorithms), inline: resolution
 * calls them several times a text. Dates from year 0 take unsigned 32-bit
 * maths, which divides by a constant in fewer instructions. */
static inline gint64
crm_days_from_civil (int y,
                     int m,
                     int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  if (y >= 0)
    {
      guint32 uy = y, uera = uy / 400, uyoe = uy - uera * 400;

      return (gint64) uera * 146097 + uyoe * 365 + uyoe / 4 - uyoe / 100 + doy - 719468;
    }
  era = (y - 399) / 400;
  yoe = y - era * 400;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static inline void
crm_civil_from_days (gint64  z,
                     int    *y,
                     int    *m,
                     int    *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  if (z >= 0 && z <= G_MAXUINT32)
    {
      guint32 uz = z, uera = uz / 146097, udoe = uz - uera * 146097;
      guint32 uyoe = (udoe - udoe / 1460 + udoe / 36524 - udoe / 146096) / 365;
      guint32 udoy = udoe - (365 * uyoe + uyoe / 4 - uyoe / 100);
      guint32 ump = (5 * udoy + 2) / 153;

      *d = (int) (udoy - (153 * ump + 2) / 5 + 1);
      *m = (int) (ump < 10 ? ump + 3 : ump - 9);
      *y = (int) (uyoe + uera * 400 + (*m <= 2));
      return;
    }
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

/* Monday = 1 */
static inline int
crm_weekday (int y,
             int m,
             int d)
{
  gint64 z = crm_days_from_civil (y, m, d);

  /* 1970-01-01 was a Thursday */
  return (int) (((z % 7) + 7 + 3) % 7) + 1;
}

static inline int
crm_days_in_month (int y,
                   int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[(m - 1) % 12];
}

gboolean crm_holiday_date      (guint id, int year, int *m, int *d, int *ndays);
GHashTable *crm_holiday_first_words (void);
int      crm_holiday_from_words (const char         *text,
                                 const CrmTimeToken *toks,
                                 guint               n,
                                 guint               i,
                                 guint              *consumed,
                                 gboolean           *latent);

G_END_DECLS
