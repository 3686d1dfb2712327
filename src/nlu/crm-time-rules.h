/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-time-private.h"

G_BEGIN_DECLS

/* The chart the rules work on, and the rules themselves. */

#define CHART_MAX_ITEMS 1024
#define ITEM_NONE G_MAXUINT16
#define RULE_MAX_PATS 7

typedef enum
{
  IT_NUM,    /* num, ndigits (0 when written in words), frac (thousandths) */
  IT_ORD,    /* num */
  IT_TIME,   /* tv (tv2 for an interval) */
  IT_DUR,    /* num units of unit */
  IT_AMPM,   /* num: 1 am, 2 pm */
  IT_LAST,
} ItemType;

typedef enum
{
  IF_WORDS   = 1 << 0,  /* a number written in words */
  IF_TENS    = 1 << 1,  /* "twenty": may take a unit word after it */
  IF_LETTER  = 1 << 2,  /* am/pm as one letter: "3p" */
  IF_BY      = 1 << 3,  /* "by friday": now until then */
  IF_MDAY    = 1 << 4,  /* a bare day of the month from a number */
  IF_DECIMAL = 1 << 5,
  IF_DIGITS_ORD = 1 << 6,  /* "15th", not "fifteenth" */
  IF_HHMM    = 1 << 8,
  IF_SHIFT   = 1 << 9,     /* moved by end_n end_units: "3 days after easter" */
     /* "1030": a time only after "at", "around"... */
} ItemFlags;

typedef struct
{
  guint8  type;
  guint8  first;     /* tokens [first, last) */
  guint8  last;
  guint8  latent;    /* only a part of something bigger: "7", "May" */
  guint8  ikind;     /* CrmTimeKind */
  guint8  seen;      /* the rules that begin with it have run */
  guint8  unit;      /* IT_DUR: CrmGrain */
  guint16 flags;     /* ItemFlags */
  guint8  ndigits;
  gint8   prio;
  guint8  end_unit;  /* interval given as a start and a duration */
  gint16  end_n;
  guint16 next;      /* next item starting at the same token */
  guint16 rule;
  gint32  num;
  gint32  frac;
  TimeVal tv;
  TimeVal tv2;
} Item;

typedef struct _RuleIndex RuleIndex;

typedef struct
{
  const RuleIndex    *index;
  const char         *text;
  const CrmTimeToken *toks;
  guint               ntoks;
  guint               nitems;
  CrmTimeParseFlags   flags;
  guint16             head[CRM_TIME_MAX_TOKENS + 1][IT_LAST];
  guint16             unseen[CRM_TIME_MAX_TOKENS + 1];  /* items whose rules are to run */
  /* NextMask of each position, its item types added as items are: read
   * only where all are made */
  guint8              next_mask[CRM_TIME_MAX_TOKENS + 1];
  /* and a free slot past the last, where the next item is built */
  Item                items[CHART_MAX_ITEMS + 1];
} Chart;

typedef enum
{
  PK_END,
  PK_WORD,   /* arg: WordId */
  PK_CLASS,  /* arg: WordClass */
  PK_PUNCT,  /* arg: the character */
  PK_ANY,    /* any token; the rule checks it */
  PK_ITEM,   /* arg: ItemType */
} PatKind;

typedef struct
{
  guint8  kind;
  guint8  adj;   /* no space before it */
  guint16 arg;
} Pat;

typedef struct
{
  guint               first;
  guint               last;
  const CrmTimeToken *tok;
  const Item         *item;
} Part;

typedef struct _Rule Rule;
typedef gboolean (*RuleFunc) (Chart      *c,
                              const Rule *r,
                              const Part *p,
                              Item       *out);

/* A test of the first item a rule takes, made before the rule is matched:
 * one its function makes too, on fields that never change once an item is
 * in the chart, so that it changes nothing but how soon a rule is refused.
 * Most rules are tried far more often than they match ("T N" after every
 * time before a number), and a refusal by the function costs a cleared
 * item and a call. */
typedef enum
{
  PRE_NONE,
  PRE_WORDS_YEAR,   /* a number in words from 1000 to 2999 */
  PRE_DAY,          /* a day of the month: 1-31 in one or two digits, or an ordinal */
  PRE_MONTH,        /* a month with no day */
  PRE_MONTH_DAY,    /* a month and a day, with no year or hour */
  PRE_HOUR_YEAR,    /* an hour and a year */
  PRE_MINUTE,       /* minutes and no seconds */
  PRE_TWELVE,       /* the number 12 */
  PRE_TENS,         /* "twenty", "thirty"... */
  PRE_WORD_HOUR,    /* "one" to "twelve" */
  PRE_HOUR,         /* 1 to 12, whole */
  PRE_AMPM,         /* an hour, or a range ending with one, for am/pm */
  PRE_INTERSECT,    /* what an intersection takes first */
  PRE_DATE_NUM,     /* one, two or four digits */
  PRE_SMALL,        /* one or two digits */
  PRE_NOT_MDAY,     /* not a bare day of the month */
  PRE_MDAY,         /* a bare day of the month */
  PRE_INSTANT,
  PRE_OPEN,         /* an instant that may open an interval */
  PRE_POD,          /* a part of the day with no hour */
} RulePre;

struct _Rule
{
  Pat      pat[RULE_MAX_PATS];
  RuleFunc fn;
  int      arg;
  guint8   pre;       /* RulePre: of its first item */
};

/* How a rule is matched once the index has checked its first two
 * elements: most have two, and need no walk of match_rule's. */
typedef enum
{
  RS_WALK,    /* by match_rule */
  RS_ONE,     /* one element */
  RS_TOKEN2,  /* two, the second a token */
  RS_ITEM2,   /* two, the second an item: a match for each item there */
} RuleShape;

/* A rule in an index list, with what it needs next (its second element)
 * copied beside it, so that most rules are refused without following the
 * rule pointer or entering match_rule. */
typedef struct
{
  guint16 rule;
  Pat     next;       /* pat[1] */
  guint8  shape;      /* RuleShape */
  guint8  pre;        /* RulePre */
} RuleRef;

typedef struct
{
  guint          len;
  const RuleRef *refs;
} RuleList;

/* What a position offers the element after an item, once its items are
 * all made: the item types that begin there and its token's kind. */
typedef enum
{
  NM_SPACE = 1 << IT_LAST,        /* whitespace before the token */
  NM_ANY   = 1 << (IT_LAST + 1),  /* the token fits PK_ANY */
  NM_COUNT = 1 << (IT_LAST + 2),
} NextMask;

struct _RuleIndex
{
  RuleList by_word[W_LAST_ID];
  RuleList by_class[16];
  RuleList by_punct[128];
  /* rules that start with an item, by what follows it; [1] are those
   * whose second element may follow whitespace, for a token after it */
  RuleList after_item_word[IT_LAST][W_LAST_ID][2];
  RuleList after_item_class[IT_LAST][16][2];
  RuleList after_item_punct[IT_LAST][128][2];
  /* those whose second element is an item, any token or none, by the
   * NextMask of the position after the item: all of them fit it */
  RuleList after_item_fit[IT_LAST][NM_COUNT];
  /* those that may end with the item: the only ones that can match an
   * item ending the text */
  RuleList after_item_alone[IT_LAST];
};

extern const Rule crm_time_rules[];

const RuleIndex *crm_time_rule_index (void);
void             crm_time_seed_token (Chart   *c,
                                      guint    i);
gboolean         crm_time_chart_commit (Chart   *c);
void             crm_time_chart_seed (Chart      *c);

/* inline: seeding makes several items for each token */
static inline void
crm_time_item_init (Item     *it,
                    ItemType  type,
                    guint     first,
                    guint     last)
{
  /* a copy of an empty item, padding included for item_equal's memcmp (a
   * static object's padding is zero). As a memcpy it is a few vector
   * stores of constants; as an assignment or a memset it became a string
   * instruction, several times as long. */
#define TV_EMPTY { .year = TV_UNSET_YEAR, .hour = -1, .minute = -1, .second = -1, .tz = TV_NO_TZ }
  static const Item empty = { .tv = TV_EMPTY, .tv2 = TV_EMPTY };
#undef TV_EMPTY

  memcpy (it, &empty, sizeof *it);
  it->type = type;
  it->first = first;
  it->last = last;
}

/* The chart's free slot, cleared, for a rule to build its item in and
 * crm_time_chart_commit to add. Cleared as a copy of a zero item: a
 * memset of it became a string instruction, several times as long. */
static inline Item *
crm_time_chart_slot (Chart *c)
{
  static const Item zero;
  Item *it = &c->items[c->nitems];

  memcpy (it, &zero, sizeof *it);
  return it;
}

/* A seed of token I: an empty item of TYPE in the chart's free slot, for
 * the caller to fill and crm_time_chart_seed to add. Made in place, as a
 * copy of an item costs as much as the rest of a seed; seeds never fill
 * the chart, a token has at most three and a holiday. */
static inline Item *
crm_time_seed_new (Chart    *c,
                   ItemType  type,
                   guint     i)
{
  Item *it = &c->items[c->nitems];

  G_STATIC_ASSERT (CHART_MAX_ITEMS >= 4 * CRM_TIME_MAX_TOKENS);
  crm_time_item_init (it, type, i, i + 1);
  return it;
}

/* Whether IT passes test PRE (RulePre); inline: matching asks it of each
 * rule it tries. */
static inline gboolean
crm_time_rule_pre_ok (guint       pre,
                      const Item *it)
{
  switch (pre)
    {
    case PRE_NONE:
      return TRUE;
    case PRE_WORDS_YEAR:
      return !it->ndigits && it->num >= 1000 && it->num <= 2999;
    case PRE_DAY:
      return it->num >= 1 && it->num <= 31 &&
             (it->type == IT_ORD || (it->ndigits >= 1 && it->ndigits <= 2 && !it->frac));
    case PRE_MONTH:
      return it->tv.month && !it->tv.mday;
    case PRE_MONTH_DAY:
      return it->tv.month && it->tv.mday && it->tv.year == TV_UNSET_YEAR && it->tv.hour < 0;
    case PRE_HOUR_YEAR:
      return it->tv.hour >= 0 && it->tv.year != TV_UNSET_YEAR;
    case PRE_MINUTE:
      return it->tv.minute >= 0 && it->tv.second < 0;
    case PRE_TWELVE:
      return it->num == 12 && !it->frac;
    case PRE_TENS:
      return (it->flags & IF_TENS) != 0;
    case PRE_WORD_HOUR:
      return !it->ndigits && it->num >= 1 && it->num <= 12 && !it->frac;
    case PRE_HOUR:
      return it->num >= 1 && it->num <= 12 && !it->frac;
    case PRE_AMPM:
      if (it->ikind == CRM_TIME_INTERVAL && !it->end_n)
        return it->tv2.hour >= 0;
      return it->ikind == CRM_TIME_INSTANT && it->tv.hour >= 0;
    case PRE_INTERSECT:
      return !(it->flags & (IF_HHMM | IF_BY)) &&
             (it->ikind == CRM_TIME_INSTANT || (it->ikind == CRM_TIME_INTERVAL && !it->end_n));
    case PRE_DATE_NUM:
      return (it->ndigits >= 1 && it->ndigits <= 2) || it->ndigits == 4;
    case PRE_SMALL:
      return it->ndigits >= 1 && it->ndigits <= 2;
    case PRE_NOT_MDAY:
      return !(it->flags & IF_MDAY);
    case PRE_MDAY:
      return (it->flags & IF_MDAY) && it->tv.mday && !it->tv.month;
    case PRE_INSTANT:
      return it->ikind == CRM_TIME_INSTANT && !(it->flags & IF_BY);
    case PRE_OPEN:
      return it->ikind == CRM_TIME_INSTANT && !(it->flags & (IF_BY | IF_MDAY | IF_HHMM));
    case PRE_POD:
      return it->tv.pod && it->tv.hour < 0;
    default:
      g_assert_not_reached ();
    }
}

G_END_DECLS
