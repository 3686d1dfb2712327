/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-rules.h"

/* The rules of the time parser. Each is a pattern of tokens and items and
 * a function that builds the new item, or refuses. Patterns stay loose and
 * functions check values, so one rule covers "3pm", "3 pm" and "3 p.m.". */

#define W(x)   { PK_WORD, 0, W_##x }
#define C(x)   { PK_CLASS, 0, WC_##x }
#define P(ch)  { PK_PUNCT, 0, ch }
#define PA(ch) { PK_PUNCT, 1, ch }
#define ANY    { PK_ANY, 0, 0 }
#define ANYA   { PK_ANY, 1, 0 }
#define I(t)   { PK_ITEM, 0, IT_##t }
#define IA(t)  { PK_ITEM, 1, IT_##t }
#define T      I (TIME)
#define N      I (NUM)
#define O      I (ORD)
#define D      I (DUR)
#define A      I (AMPM)
#define R(f, a, ...) { { __VA_ARGS__ }, f, a, PRE_NONE }
/* a rule with a test of its first item (RulePre) */
#define RP(pre, f, a, ...) { { __VA_ARGS__ }, f, a, PRE_##pre }

static void
out_time (Item *out)
{
  out->type = IT_TIME;
  crm_time_val_init (&out->tv);
  crm_time_val_init (&out->tv2);
}

/* ---------- value tests ---------- */

static gboolean
tv_is_tod (const TimeVal *tv)
{
  return tv->hour >= 0 && !crm_time_val_has_date (tv) && tv->pod == POD_NONE;
}

static gboolean
tv_is_hour (const TimeVal *tv)
{
  return tv_is_tod (tv) && tv->minute < 0;
}

static gboolean
tv_is_only_month (const TimeVal *tv)
{
  return tv->month && !tv->mday && !tv->wday && tv->year == TV_UNSET_YEAR &&
         tv->op == OP_NONE && tv->anchor == ANCHOR_NONE && tv->hour < 0 && !tv->pod &&
         !tv->part && !tv->dir;
}

static gboolean
tv_is_only_wday (const TimeVal *tv)
{
  TimeVal x = *tv;

  x.wday = 0;
  return tv->wday && memcmp (&x, &(TimeVal) { .year = TV_UNSET_YEAR, .hour = -1, .minute = -1,
                                              .second = -1, .tz = TV_NO_TZ }, sizeof x) == 0;
}

static gboolean
tv_is_only_mday (const TimeVal *tv)
{
  TimeVal x = *tv;

  x.mday = 0;
  return tv->mday && memcmp (&x, &(TimeVal) { .year = TV_UNSET_YEAR, .hour = -1, .minute = -1,
                                              .second = -1, .tz = TV_NO_TZ }, sizeof x) == 0;
}

static gboolean
tv_is_only_year (const TimeVal *tv)
{
  TimeVal x = *tv;

  x.year = TV_UNSET_YEAR;
  return tv->year != TV_UNSET_YEAR &&
         memcmp (&x, &(TimeVal) { .year = TV_UNSET_YEAR, .hour = -1, .minute = -1,
                                  .second = -1, .tz = TV_NO_TZ }, sizeof x) == 0;
}

static gboolean
is_instant (const Item *it)
{
  return it->type == IT_TIME && it->ikind == CRM_TIME_INSTANT && !(it->flags & IF_BY);
}

static int
pod_pm_hint (guint pod,
             CrmTimeParseFlags flags)
{
  switch (pod)
    {
    case POD_MORNING:
    case POD_EARLY_MORNING:
      return 1;
    case POD_AFTERNOON:
    case POD_EVENING:
    case POD_NIGHT:
    case POD_LATE_NIGHT:
    case POD_LAST_NIGHT:
      return (flags & CRM_TIME_PARSE_COMMAND) ? 3 : 2;
    case POD_NONE:
      return 0;
    default:
      return 3;
    }
}

/* ---------- seeds: one token, its items ---------- */

static void
seed_number (Chart *c,
             guint  i)
{
  const CrmTimeToken *t = &c->toks[i];
  Item *it;
  int v = t->val;

  it = crm_time_seed_new (c, IT_NUM, i);
  it->num = v;
  it->ndigits = t->ndigits;
  crm_time_chart_seed (c);
  if (t->ndigits <= 2 && v >= 1 && v <= 31)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.mday = v;
      it->flags = IF_MDAY;
      it->latent = TRUE;
      crm_time_chart_seed (c);
    }
  if (t->ndigits <= 2 && v <= 23)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.hour = v;
      it->tv.hour12 = v >= 1 && v <= 12;
      it->latent = TRUE;
      crm_time_chart_seed (c);
    }
  if ((t->ndigits == 3 || t->ndigits == 4) && v % 100 < 60 && v / 100 <= 23)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.hour = v / 100;
      it->tv.minute = v % 100;
      it->tv.hour12 = it->tv.hour >= 1 && it->tv.hour <= 12;
      it->latent = TRUE;
      it->flags = IF_HHMM;
      crm_time_chart_seed (c);
    }
  if (t->ndigits == 4)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.year = v;
      it->latent = TRUE;
      crm_time_chart_seed (c);
    }
}

static void
seed_number_word (Chart *c,
                  guint  i)
{
  const CrmTimeToken *t = &c->toks[i];
  Item *it;

  it = crm_time_seed_new (c, t->cls == WC_NUMBER ? IT_NUM : IT_ORD, i);
  it->num = t->val;
  it->flags = IF_WORDS | (t->val >= 20 && t->val % 10 == 0 ? IF_TENS : 0);
  crm_time_chart_seed (c);
  if (t->cls == WC_NUMBER && t->val >= 1 && t->val <= 12)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.hour = t->val;
      it->tv.hour12 = TRUE;
      it->latent = TRUE;
      crm_time_chart_seed (c);
    }
  if (t->cls == WC_ORDINAL && t->val <= 31)
    {
      it = crm_time_seed_new (c, IT_TIME, i);
      it->tv.mday = t->val;
      it->flags = IF_MDAY;
      it->latent = TRUE;
      crm_time_chart_seed (c);
    }
}

/* Abbreviations alone are words more often than dates ("sun", "sat",
 * "Jan" the name, "may" the verb), so they wait for a day or a year. */
static gboolean
abbrev_latent (const Chart        *c,
               const CrmTimeToken *t)
{
  if (!(t->flags & TOKF_ABBREV))
    return FALSE;
  if (t->cls == WC_MONTH)
    return TRUE;
  return (c->flags & CRM_TIME_PARSE_COMMAND) != 0;
}

static void
seed_class (Chart *c,
            guint  i,
            Item  *it)
{
  const CrmTimeToken *t = &c->toks[i];

  switch (t->cls)
    {
    case WC_WEEKDAY:
      if (t->flags & TOKF_PLURAL)
        return;
      it->tv.wday = t->val;
      it->latent = abbrev_latent (c, t);
      break;
    case WC_MONTH:
      it->tv.month = t->val;
      it->latent = abbrev_latent (c, t);
      /* "march with the team": the verb, unless written as a name */
      if ((c->flags & CRM_TIME_PARSE_COMMAND) && t->val == 3 && !(t->flags & TOKF_UPPER))
        it->latent = TRUE;
      break;
    case WC_POD:
      it->tv.pod = t->val;
      it->latent = t->id != W_TONIGHT;
      it->tv.dir = t->id == W_TONIGHT;
      break;
    case WC_SEASON:
      it->tv.op = OP_SEASON;
      it->tv.op_arg = t->val;
      it->latent = TRUE;
      break;
    case WC_AMPM:
      it->type = IT_AMPM;
      it->num = t->val;
      break;
    default:
      return;
    }
  crm_time_chart_seed (c);
}

static void
set_cal (TimeVal *tv,
         CrmGrain unit,
         int      n)
{
  tv->anchor = ANCHOR_CAL;
  tv->anchor_unit = unit;
  tv->anchor_n = n;
}

static void
seed_word (Chart *c,
           guint  i,
           Item  *it)
{
  const CrmTimeToken *t = &c->toks[i];

  switch (t->id)
    {
    case W_TODAY: set_cal (&it->tv, CRM_GRAIN_DAY, 0); break;
    case W_TOMORROW: set_cal (&it->tv, CRM_GRAIN_DAY, 1); break;
    case W_YESTERDAY: set_cal (&it->tv, CRM_GRAIN_DAY, -1); break;
    case W_NOW:
    case W_ATM:
      it->tv.anchor = ANCHOR_NOW;
      it->tv.anchor_unit = CRM_GRAIN_SECOND;
      it->latent = t->id == W_NOW && (c->flags & CRM_TIME_PARSE_COMMAND);
      break;
    case W_NOON: it->tv.hour = 12; break;
    case W_MIDNIGHT: it->tv.hour = 0; break;
    case W_EOM: set_cal (&it->tv, CRM_GRAIN_MONTH, 0); it->tv.part = PART_END; break;
    case W_BOM: set_cal (&it->tv, CRM_GRAIN_MONTH, 0); it->tv.part = PART_BEGIN; break;
    case W_EOY: set_cal (&it->tv, CRM_GRAIN_YEAR, 0); it->tv.part = PART_END; break;
    case W_BOY: set_cal (&it->tv, CRM_GRAIN_YEAR, 0); it->tv.part = PART_BEGIN; break;
    case W_EOD:
      set_cal (&it->tv, CRM_GRAIN_DAY, 0);
      it->tv.part = PART_END;
      it->latent = TRUE;
      break;
    case W_WEEKEND:
      it->tv.op = OP_WEEKEND;
      it->latent = TRUE;
      break;
    case W_ASAP:
      it->tv.anchor = ANCHOR_NOW;
      it->tv.anchor_unit = CRM_GRAIN_SECOND;
      it->ikind = CRM_TIME_OPEN_AFTER;
      break;
    case W_A:
    case W_P1:
      /* "3p", "7a": only glued to a number */
      if (t->space_before || i == 0 || c->toks[i - 1].type != TOK_NUM)
        return;
      it->type = IT_AMPM;
      it->num = t->id == W_A ? 1 : 2;
      it->flags = IF_LETTER;
      break;
    default:
      return;
    }
  crm_time_chart_seed (c);
}

void
crm_time_seed_token (Chart *c,
                     guint  i)
{
  const CrmTimeToken *t = &c->toks[i];
  Item *it;

  if (t->flags & TOKF_PHONE)
    return;
  if (t->type == TOK_NUM)
    {
      seed_number (c, i);
      return;
    }
  /* a word the lexicon does not know seeds nothing */
  if (t->type != TOK_WORD || (t->id == W_NONE && t->cls == WC_NONE))
    return;
  if (t->cls == WC_NUMBER || t->cls == WC_ORDINAL)
    {
      seed_number_word (c, i);
      return;
    }
  it = crm_time_seed_new (c, IT_TIME, i);
  if (t->cls != WC_NONE && t->cls != WC_UNIT && t->cls != WC_TZ)
    seed_class (c, i, it);
  else
    seed_word (c, i, it);
}

/* ---------- numbers ---------- */

static gboolean
r_tens_units (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *tens = p[0].item, *units = p[r->arg].item;

  if (!(tens->flags & IF_TENS) || !(units->flags & IF_WORDS) ||
      units->num < 1 || units->num > 9)
    return FALSE;
  out->type = units->type;
  out->num = tens->num + units->num;
  out->flags = IF_WORDS;
  if (out->type == IT_NUM && out->num <= 59)
    return TRUE;
  return out->type == IT_ORD;
}

static gboolean
r_ordinal_suffix (Chart      *c,
                  const Rule *r,
                  const Part *p,
                  Item       *out)
{
  guint id = p[1].tok->id;

  if (p[0].item->ndigits == 0 || p[0].item->ndigits > 2 ||
      (id != W_ST && id != W_ND && id != W_RD && id != W_TH))
    return FALSE;
  out->type = IT_ORD;
  out->num = p[0].item->num;
  out->flags = IF_DIGITS_ORD;
  return TRUE;
}

static gboolean
r_thousand (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  const Item *rest = r->arg ? p[r->arg].item : NULL;

  if (p[0].item->ndigits || p[0].item->num < 1 || p[0].item->num > 9 ||
      (rest && (rest->ndigits || rest->num > 99)))
    return FALSE;
  out->type = IT_NUM;
  out->num = p[0].item->num * 1000 + (rest ? rest->num : 0);
  out->flags = IF_WORDS;
  return TRUE;
}

static gboolean
r_couple (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  out->type = IT_NUM;
  out->num = r->arg;
  out->flags = IF_WORDS;
  out->latent = TRUE;
  return TRUE;
}

static gboolean
r_decimal (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *frac = p[2].item;
  int scale = 1;

  if (!p[0].item->ndigits || frac->ndigits == 0 || frac->ndigits > 3)
    return FALSE;
  for (int k = frac->ndigits; k < 3; k++)
    scale *= 10;
  out->type = IT_NUM;
  out->num = p[0].item->num;
  out->frac = frac->num * scale;
  out->flags = IF_DECIMAL;
  out->ndigits = p[0].item->ndigits;
  return TRUE;
}

/* ---------- durations ---------- */

static int
token_unit (const CrmTimeToken *t)
{
  if (t->type == TOK_PUNCT)
    return t->ch == '\'' ? CRM_GRAIN_MINUTE : t->ch == '"' ? CRM_GRAIN_SECOND : -1;
  if (t->cls == WC_UNIT)
    return t->val;
  if (t->cls == WC_ORDINAL && t->val == 2)
    return CRM_GRAIN_SECOND;  /* "second" */
  switch (t->id)
    {
    case W_DAY: return CRM_GRAIN_DAY;
    case W_WEEK: return CRM_GRAIN_WEEK;
    case W_QUARTER:
    case W_QUARTERS: return CRM_GRAIN_QUARTER;
    case W_H1: return CRM_GRAIN_HOUR;
    case W_HOURS_OF: return CRM_GRAIN_HOUR;
    default: return -1;
    }
}

/* N units; fractions become the next smaller unit ("2.5 hours" = 150 min). */
static gboolean
make_dur (Item  *out,
          int    unit,
          gint64 num,
          gint64 milli)
{
  static const int factor[] = { 1, 60, 60, 24, 7 };

  if (unit < 0 || num < 0 || num > 100000)
    return FALSE;
  out->type = IT_DUR;
  if (milli && unit >= CRM_GRAIN_MINUTE && unit <= CRM_GRAIN_WEEK)
    {
      gint64 v = num * 1000 + milli;

      out->unit = unit - 1;
      out->num = (gint32) (v * factor[unit] / 1000);
      return v * factor[unit] % 1000 == 0;
    }
  if (milli)
    return FALSE;
  out->unit = unit;
  out->num = (gint32) num;
  return TRUE;
}

static gboolean
r_num_unit (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  const Item *n = p[0].item;
  const CrmTimeToken *u = p[r->arg].tok;
  int unit = token_unit (u);

  /* "1'" and "1\"" only glued; "3 h" reads better as an hour than "3h" */
  if (u->type == TOK_PUNCT && u->space_before)
    return FALSE;
  return make_dur (out, unit, n->num, n->frac);
}

static gboolean
r_a_unit (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  const CrmTimeToken *u = p[1].tok;

  if (u->flags & TOKF_PLURAL)
    return FALSE;
  return make_dur (out, token_unit (u), 1, 0);
}

static gboolean
r_fortnight (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  return make_dur (out, CRM_GRAIN_DAY, 14, 0);
}

static gboolean
r_fraction_hour (Chart      *c,
                 const Rule *r,
                 const Part *p,
                 Item       *out)
{
  int minutes = 30;

  if (token_unit (p[r->arg].tok) != CRM_GRAIN_HOUR || (p[r->arg].tok->flags & TOKF_PLURAL))
    return FALSE;
  for (int k = 0; k < r->arg; k++)
    {
      if (p[k].tok->id == W_QUARTERS)
        minutes = 45;
      else if (p[k].tok->id == W_QUARTER)
        minutes = 15;
      if (p[k].item && p[k].item->num != 3)
        return FALSE;
    }
  out->type = IT_DUR;
  out->unit = CRM_GRAIN_MINUTE;
  out->num = minutes;
  return TRUE;
}

static gboolean
r_slash_hour (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  int a = p[0].item->num, b = p[2].item->num;

  if (token_unit (p[3].tok) != CRM_GRAIN_HOUR || b == 0 || (60 * a) % b || a >= b)
    return FALSE;
  out->type = IT_DUR;
  out->unit = CRM_GRAIN_MINUTE;
  out->num = 60 * a / b;
  return TRUE;
}

static gboolean
r_and_a_half (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  return make_dur (out, token_unit (p[4].tok), p[0].item->num, 500);
}

/* ---------- times from durations ---------- */

static void
set_now_offset (TimeVal *tv,
                const Item *dur,
                int      sign)
{
  tv->anchor = ANCHOR_NOW;
  tv->anchor_unit = dur->unit;
  tv->anchor_n = sign * dur->num;
}

static gboolean
r_in_dur (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  out_time (out);
  set_now_offset (&out->tv, p[r->arg].item, 1);
  return TRUE;
}

static gboolean
r_dur_ago (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  guint id = p[1].tok->id;

  out_time (out);
  if (id == W_AGO || id == W_BACK)
    set_now_offset (&out->tv, p[0].item, -1);
  else if (id == W_HENCE || id == W_LATER)
    set_now_offset (&out->tv, p[0].item, 1);
  else
    return FALSE;
  return TRUE;
}

static gboolean
r_dur_from_now (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  out_time (out);
  set_now_offset (&out->tv, p[0].item, 1);
  /* "3 years from today" is a day */
  out->tv.dir = p[2].tok->id == W_TODAY && p[0].item->unit >= CRM_GRAIN_DAY;
  return TRUE;
}

/* "within 2 weeks": from now to the end of the day two weeks on */
static gboolean
r_within (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  const Item *d = p[1].item;

  out_time (out);
  if (d->unit >= CRM_GRAIN_DAY && d->unit <= CRM_GRAIN_WEEK)
    set_cal (&out->tv, CRM_GRAIN_DAY, d->unit == CRM_GRAIN_WEEK ? 7 * d->num : d->num);
  else
    set_now_offset (&out->tv, d, 1);
  out->flags = IF_BY;
  return TRUE;
}

/* "three days after Easter" */
static gboolean
r_dur_after_date (Chart      *c,
                  const Rule *r,
                  const Part *p,
                  Item       *out)
{
  const Item *d = p[0].item, *t = p[2].item;
  guint id = p[1].tok->id;

  if (!is_instant (t) || t->end_n || !crm_time_val_has_date (&t->tv) ||
      t->tv.anchor == ANCHOR_NOW || d->unit < CRM_GRAIN_DAY || d->num > 1000 ||
      (id != W_AFTER && id != W_BEFORE))
    return FALSE;
  *out = *t;
  out->flags |= IF_SHIFT;
  out->end_unit = d->unit;
  out->end_n = id == W_AFTER ? d->num : -d->num;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_wdays_from_now (Chart      *c,
                  const Rule *r,
                  const Part *p,
                  Item       *out)
{
  const CrmTimeToken *wd = p[1].tok;
  guint id = p[2].tok->id;
  int n = p[0].item->num;

  if (!(wd->flags & TOKF_PLURAL) && n != 1)
    return FALSE;
  if (r->arg == 0 && id != W_AGO && id != W_BACK)
    return FALSE;
  out_time (out);
  out->tv.op = OP_NTH_WDAY_AFTER_NOW;
  out->tv.op_arg = wd->val;
  out->tv.op_n = r->arg ? n : -n;
  return n >= 1 && n <= 50;
}

/* "next 3 days", "last 2 weeks": whole units before or after this one. */
static gboolean
r_last_next_n (Chart      *c,
               const Rule *r,
               const Part *p,
               Item       *out)
{
  guint id = p[0].tok->id;
  int n = p[1].item->num, unit = token_unit (p[2].tok);
  int sign = id == W_NEXT || id == W_COMING || id == W_FOLLOWING ? 1 :
             id == W_LAST || id == W_PAST || id == W_PREVIOUS ? -1 : 0;

  if (unit < 0 || sign == 0 || n < 1 || n > 1000 || p[1].item->frac)
    return FALSE;
  out_time (out);
  out->ikind = CRM_TIME_INTERVAL;
  set_cal (&out->tv, unit, sign > 0 ? 1 : -n);
  set_cal (&out->tv2, unit, sign > 0 ? n : -1);
  return TRUE;
}

static gboolean
r_upcoming_n (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *n = p[r->arg].item;
  int unit = token_unit (p[2].tok);

  if (unit < CRM_GRAIN_DAY || n->num < 1 || n->num > 1000)
    return FALSE;
  out_time (out);
  set_cal (&out->tv, unit, n->num);
  return TRUE;
}

static gboolean
r_after_dur (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  out_time (out);
  set_now_offset (&out->tv, p[1].item, 1);
  out->ikind = CRM_TIME_OPEN_AFTER;
  return TRUE;
}

static gboolean
r_asap (Chart      *c,
        const Rule *r,
        const Part *p,
        Item       *out)
{
  out_time (out);
  out->tv.anchor = ANCHOR_NOW;
  out->tv.anchor_unit = CRM_GRAIN_SECOND;
  out->ikind = CRM_TIME_OPEN_AFTER;
  return TRUE;
}

/* ---------- times of day ---------- */

static gboolean
r_hh_mm (Chart      *c,
         const Rule *r,
         const Part *p,
         Item       *out)
{
  const Item *h = p[0].item, *m = p[2].item;

  if (!h->ndigits || h->ndigits > 2 || m->ndigits != 2 || h->num > 23 || m->num > 59)
    return FALSE;
  out_time (out);
  out->tv.hour = h->num;
  out->tv.minute = m->num;
  out->tv.hour12 = h->num >= 1 && h->num <= 12;
  return TRUE;
}

static gboolean
r_seconds (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *t = p[0].item, *s = p[2].item;

  if (!is_instant (t) || !tv_is_tod (&t->tv) || t->tv.minute < 0 || t->tv.second >= 0 ||
      s->ndigits != 2 || s->num > 59 || t->latent)
    return FALSE;
  *out = *t;
  out->tv.second = s->num;
  return TRUE;
}

static gboolean
r_h_notation (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *h = p[0].item, *m = r->arg ? p[2].item : NULL;

  if (!h->ndigits || h->ndigits > 2 || h->num > 23 ||
      (m && (m->ndigits != 2 || m->num > 59)))
    return FALSE;
  out_time (out);
  out->tv.hour = h->num;
  out->tv.minute = m ? m->num : 0;
  return TRUE;
}

static gboolean
apply_ampm (TimeVal *tv,
            int      ampm)
{
  if (tv->hour < 0 || tv->hour > 12 || (!tv->hour12 && tv->hour != 0 && tv->hour != 12))
    return FALSE;
  if (tv->hour == 0 && !tv->hour12 && tv->minute < 0)
    return FALSE;
  tv->hour = tv->hour % 12 + (ampm == 2 ? 12 : 0);
  tv->hour12 = FALSE;
  tv->pm_hint = 0;
  return TRUE;
}

/* am/pm after a time, or after the end of a range ("3-4pm"), where the
 * start takes the same half of the day when it can. */
static gboolean
r_ampm (Chart      *c,
        const Rule *r,
        const Part *p,
        Item       *out)
{
  const Item *t = p[0].item, *a = p[1].item;

  if ((a->flags & IF_LETTER) && p[1].tok->space_before)
    return FALSE;
  *out = *t;
  out->latent = (a->flags & IF_LETTER) && t->tv.minute < 0 && t->latent;
  if (t->ikind == CRM_TIME_INTERVAL && !t->end_n)
    {
      int h2 = t->tv2.hour;

      if (!tv_is_tod (&t->tv2) || !apply_ampm (&out->tv2, a->num))
        return FALSE;
      if (out->tv.hour12 && out->tv.hour % 12 <= h2 % 12)
        apply_ampm (&out->tv, a->num);
      return TRUE;
    }
  if (t->ikind != CRM_TIME_INSTANT || !tv_is_tod (&t->tv))
    return FALSE;
  return apply_ampm (&out->tv, a->num);
}

static gboolean
r_ampm_dotted (Chart      *c,
               const Rule *r,
               const Part *p,
               Item       *out)
{
  guint id = p[0].tok->id;

  if (id != W_A && id != W_P1)
    return FALSE;
  out->type = IT_AMPM;
  out->num = id == W_A ? 1 : 2;
  return TRUE;
}

static gboolean
r_in_the_ampm (Chart      *c,
               const Rule *r,
               const Part *p,
               Item       *out)
{
  out->type = IT_AMPM;
  out->num = p[2].tok->val;
  return TRUE;
}

/* "at 3", "around 1030", "@ 3pm": a marker that makes a number a time. */
static gboolean
r_at (Chart      *c,
      const Rule *r,
      const Part *p,
      Item       *out)
{
  const Item *t = p[r->arg].item;

  guint id = p[0].tok->id;

  if (t->type != IT_TIME || (t->flags & IF_MDAY) || tv_is_only_year (&t->tv))
    return FALSE;
  /* "about 3 items", "on 3": a bare number needs "at" to be an hour */
  if (id != W_AT && p[0].tok->type != TOK_PUNCT && t->latent && tv_is_hour (&t->tv))
    return FALSE;
  /* "about tomorrow's meeting": "about" goes with times of day only */
  if ((id == W_ABOUT || id == W_APPROX) && t->tv.hour < 0)
    return FALSE;
  /* "at one hundred and twenty three Main St" is an address */
  if (t->last < c->ntoks && (c->toks[t->last].id == W_HUNDRED || c->toks[t->last].id == W_THOUSAND))
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  out->flags &= ~IF_HHMM;
  return TRUE;
}

static gboolean
r_ish (Chart      *c,
       const Rule *r,
       const Part *p,
       Item       *out)
{
  guint id = p[1].tok->id;

  if ((id != W_ISH && id != W_APPROX && id != W_OCLOCK) || !is_instant (p[0].item))
    return FALSE;
  if (id == W_OCLOCK && !tv_is_hour (&p[0].item->tv))
    return FALSE;
  *out = *p[0].item;
  out->latent = id == W_OCLOCK ? FALSE : out->latent;
  return TRUE;
}

static gboolean
r_oclock (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  if (!tv_is_hour (&p[0].item->tv) || !is_instant (p[0].item))
    return FALSE;
  *out = *p[0].item;
  out->latent = FALSE;
  return TRUE;
}

/* "15th", "21st": a day of the month, until a month or "the" says so */
static gboolean
r_ord_mday (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  const Item *o = p[0].item;

  if (o->num < 1 || o->num > 31)
    return FALSE;
  out_time (out);
  out->tv.mday = o->num;
  out->flags = IF_MDAY;
  out->latent = TRUE;
  return TRUE;
}

/* "three twenty", "3 15", "twelve oh three": hour and minutes. */
static gboolean
r_hour_minutes (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  const Item *h = p[0].item, *m = p[r->arg].item;
  gboolean oh = FALSE;

  if (h->num < 1 || h->num > 12 || h->frac || m->frac)
    return FALSE;
  if (r->arg == 2)
    {
      const CrmTimeToken *mid = p[1].tok;

      oh = mid->id == W_OH || mid->id == W_O1 || (mid->cls == WC_NUMBER && mid->val == 0) ||
           (mid->type == TOK_PUNCT && mid->ch == '-' && m->num < 10);
      if (!oh && !(mid->type == TOK_PUNCT && mid->ch == '-'))
        return FALSE;
      if (h->ndigits || m->ndigits)
        return FALSE;
    }
  if (oh ? (m->num < 1 || m->num > 9) : (m->num < 10 || m->num > 59))
    return FALSE;
  if ((h->ndigits == 0) != (m->ndigits == 0) || (m->ndigits && m->ndigits != 2))
    return FALSE;
  out_time (out);
  out->tv.hour = h->num;
  out->tv.minute = m->num;
  out->tv.hour12 = TRUE;
  out->latent = TRUE;
  return TRUE;
}

/* "half past 3", "quarter to noon", "20 minutes to 2pm". */
static gboolean
relative_minutes (const TimeVal *base,
                  int            minutes,
                  gboolean       before,
                  Item          *out)
{
  TimeVal tv = *base;

  if (!tv_is_hour (base) || minutes <= 0 || minutes >= 60)
    return FALSE;
  if (before)
    {
      tv.hour = base->hour == 0 ? 23 : base->hour - 1;
      if (base->hour12 && base->hour == 1)
        tv.hour = 12;
      tv.minute = 60 - minutes;
      if (base->hour == 12 && !base->hour12)
        tv.hour = 11;
    }
  else
    tv.minute = minutes;
  out_time (out);
  out->tv = tv;
  return TRUE;
}

static int
minutes_word (const Part *p,
              int         k)
{
  if (p[k].item)
    return p[k].item->frac ? -1 : p[k].item->num;
  if (p[k].tok->id == W_HALF)
    return 30;
  if (p[k].tok->id == W_QUARTER)
    return 15;
  return -1;
}

static gboolean
r_past_to (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  int k = r->arg & 0xf;
  int minutes = minutes_word (p, k);
  const Part *rel = &p[r->arg >> 4];
  const Item *t = p[(r->arg >> 4) + 1].item;
  guint id = rel->tok->id;
  gboolean before = id == W_TO || id == W_TILL || id == W_BEFORE || id == W_OF;

  if (!before && id != W_PAST && id != W_AFTER)
    return FALSE;
  /* "2 to 4pm" is a range: a bare small number before "to" is not minutes */
  if (before && p[k].item && (r->arg >> 4) == k + 1 && minutes <= 12)
    return FALSE;
  if ((r->arg >> 4) == k + 2 && token_unit (p[k + 1].tok) != CRM_GRAIN_MINUTE)
    return FALSE;
  if (!is_instant (t) || !relative_minutes (&t->tv, minutes, before, out))
    return FALSE;
  out->prio = 1;
  return TRUE;
}

static gboolean
r_half_hour (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  const Item *t = p[1].item;

  if (!is_instant (t) || !tv_is_hour (&t->tv) || !t->tv.hour12 || t->first != t->last - 1)
    return FALSE;
  return relative_minutes (&t->tv, 30, FALSE, out);
}

/* "tomorrow's meeting": the possessive belongs to the date */
static gboolean
r_possessive (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *t = p[0].item;

  if (!is_instant (t) || !crm_time_val_has_date (&t->tv) || t->latent)
    return FALSE;
  *out = *t;
  return TRUE;
}

/* "twelve noon", "12 midnight" */
static gboolean
r_twelve_noon (Chart      *c,
               const Rule *r,
               const Part *p,
               Item       *out)
{
  const Item *n = p[0].item, *t = p[1].item;

  if (n->num != 12 || n->frac || !is_instant (t) || !tv_is_hour (&t->tv) || t->tv.hour12 ||
      (t->tv.hour != 12 && t->tv.hour != 0))
    return FALSE;
  *out = *t;
  return TRUE;
}

static gboolean
r_mid_day (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  out_time (out);
  out->tv.hour = 12;
  return TRUE;
}

static gboolean
r_tz (Chart      *c,
      const Rule *r,
      const Part *p,
      Item       *out)
{
  const Item *t = p[0].item;

  if (t->tv.hour < 0 || t->tv.tz != TV_NO_TZ)
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  out->tv.tz = p[r->arg].tok->val;
  if (out->ikind == CRM_TIME_INTERVAL)
    out->tv2.tz = out->tv.tz;
  return TRUE;
}

/* ---------- parts of the day ---------- */

static gboolean
r_pod_modifier (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  const Item *t = p[r->arg & 0xf].item;
  guint pod = t->tv.pod, want = r->arg >> 4;

  if (!is_instant (t) || !pod || t->tv.hour >= 0 || crm_time_val_has_date (&t->tv))
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  /* "this morning" is today's; "in the morning" the next one to begin */
  out->tv.dir = want != 0;
  if (want == 1)  /* early */
    {
      if (pod != POD_MORNING)
        return FALSE;
      out->tv.pod = POD_EARLY_MORNING;
    }
  else if (want == 2)  /* late */
    {
      if (pod != POD_NIGHT && pod != POD_EVENING)
        return FALSE;
      out->tv.pod = POD_LATE_NIGHT;
    }
  else if (want == 3)  /* last night */
    {
      if (pod != POD_NIGHT && pod != POD_EVENING)
        return FALSE;
      set_cal (&out->tv, CRM_GRAIN_DAY, -1);
    }
  else if (want == 4)  /* after lunch */
    {
      if (pod != POD_LUNCH)
        return FALSE;
      out->tv.pod = POD_AFTER_LUNCH;
    }
  return TRUE;
}

static gboolean
r_late_last_night (Chart      *c,
                   const Rule *r,
                   const Part *p,
                   Item       *out)
{
  const Item *t = p[1].item;

  if (t->tv.anchor != ANCHOR_CAL || t->tv.anchor_n != -1 || t->tv.pod != POD_NIGHT)
    return FALSE;
  *out = *t;
  out->tv.pod = POD_LATE_NIGHT;
  return TRUE;
}

static gboolean
r_after_school (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  out_time (out);
  out->tv.pod = POD_AFTER_SCHOOL;
  out->tv.dir = 1;
  return TRUE;
}

/* ---------- intersection ---------- */

#define MERGE_FIELD(f, unset)                          \
  G_STMT_START {                                       \
    if (b->f != (unset))                               \
      {                                                \
        if (o->f != (unset) && o->f != b->f)           \
          return FALSE;                                \
        o->f = b->f;                                   \
      }                                                \
  } G_STMT_END

static gboolean
merge_anchor (TimeVal       *o,
              const TimeVal *b)
{
  const TimeVal *cal = o->anchor ? o : b;
  const TimeVal *other = o->anchor ? b : o;

  if (o->anchor && b->anchor)
    return FALSE;
  if (!cal->anchor)
    return TRUE;
  if (cal->anchor == ANCHOR_NOW)
    {
      if (other->op == OP_HOLIDAY)
        goto take;
      if (crm_time_val_has_date (other) || cal->anchor_unit < CRM_GRAIN_DAY)
        return FALSE;
      goto take;
    }
  switch (cal->anchor_unit)
    {
    case CRM_GRAIN_DAY:
      if (crm_time_val_has_date (other))
        return FALSE;
      break;
    case CRM_GRAIN_WEEK:
      if (other->month || other->mday || other->year != TV_UNSET_YEAR ||
          (other->op && other->op != OP_WEEKEND))
        return FALSE;
      break;
    case CRM_GRAIN_MONTH:
      if (other->month || other->year != TV_UNSET_YEAR || other->wday ||
          (other->op && other->op != OP_NTH_WDAY && other->op != OP_NTH_DAY))
        return FALSE;
      break;
    case CRM_GRAIN_YEAR:
      if (other->year != TV_UNSET_YEAR || other->wday)
        return FALSE;
      break;
    default:
      return FALSE;
    }
take:
  o->anchor = cal->anchor;
  o->anchor_unit = cal->anchor_unit;
  o->anchor_n = cal->anchor_n;
  return TRUE;
}

static gboolean
merge_tod (TimeVal           *o,
           const TimeVal     *b,
           CrmTimeParseFlags  flags)
{
  if (b->hour >= 0)
    {
      if (o->hour >= 0)
        return FALSE;
      o->hour = b->hour;
      o->minute = b->minute;
      o->second = b->second;
      o->hour12 = b->hour12;
      o->pm_hint = b->pm_hint;
    }
  if (b->pod)
    {
      if (o->pod)
        return FALSE;
      o->pod = b->pod;
    }
  if (o->hour >= 0 && o->pod)
    {
      if (o->hour12 && !o->pm_hint)
        o->pm_hint = pod_pm_hint (o->pod, flags);
      o->pod = POD_NONE;
    }
  return TRUE;
}

/* Both constraints at once: "tuesday" + "the 19th", "tomorrow" + "5pm". */
static gboolean
merge_tv (TimeVal           *o,
          const TimeVal     *b,
          CrmTimeParseFlags  flags)
{
  if (!merge_anchor (o, b))
    return FALSE;
  MERGE_FIELD (year, TV_UNSET_YEAR);
  MERGE_FIELD (month, 0);
  if (o->mday && b->mday)
    return FALSE;
  MERGE_FIELD (mday, 0);
  if (o->wday && b->wday)
    return FALSE;
  MERGE_FIELD (wday, 0);
  MERGE_FIELD (quarter, 0);
  if (o->op && b->op)
    return FALSE;
  if (b->op)
    o->op = b->op, o->op_n = b->op_n, o->op_arg = b->op_arg;
  if (o->op == OP_HOLIDAY && (o->month || o->mday || o->wday))
    return FALSE;
  if (o->op && (o->mday || o->wday))
    return FALSE;
  MERGE_FIELD (part, 0);
  MERGE_FIELD (tz, TV_NO_TZ);
  if (b->dir)
    o->dir = b->dir;
  if (o->quarter && (o->month || o->mday))
    return FALSE;
  return merge_tod (o, b, flags);
}

static gboolean
both_have_date (const TimeVal *a,
                const TimeVal *b)
{
  return crm_time_val_has_date (a) && crm_time_val_has_date (b);
}

static gboolean
intersect_items (Chart      *c,
                 const Item *x,
                 const Item *y,
                 Item       *out)
{
  if (x->type != IT_TIME || y->type != IT_TIME || (x->flags & IF_BY) || (y->flags & IF_BY))
    return FALSE;
  if (x->ikind == CRM_TIME_INTERVAL && is_instant (y) && !x->end_n)
    {
      /* a date for both ends of a range of hours */
      if (crm_time_val_has_tod (&y->tv) || both_have_date (&x->tv, &y->tv))
        return FALSE;
      *out = *x;
      out->latent = x->latent && y->latent;
      return merge_tv (&out->tv, &y->tv, c->flags) && merge_tv (&out->tv2, &y->tv, c->flags);
    }
  if (y->ikind == CRM_TIME_INTERVAL && is_instant (x))
    return intersect_items (c, y, x, out);
  if (x->ikind != CRM_TIME_INSTANT || y->ikind != CRM_TIME_INSTANT)
    return FALSE;
  *out = *x;
  out->flags = 0;
  out->latent = x->latent && y->latent;
  return merge_tv (&out->tv, &y->tv, c->flags);
}

static gboolean
bare_mday (const Chart *c,
           const Item  *it)
{
  return (it->flags & IF_MDAY) && it->last == it->first + 1 &&
         c->toks[it->first].type == TOK_NUM;
}

static gboolean
after_at (const Chart *c,
          guint        i)
{
  const CrmTimeToken *t = i > 0 ? &c->toks[i - 1] : NULL;

  return t && ((t->type == TOK_WORD && t->id == W_AT) || (t->type == TOK_PUNCT && t->ch == '@'));
}

static gboolean
r_intersect (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  const Item *x = p[0].item, *y = p[r->arg].item;

  if ((x->flags | y->flags) & IF_HHMM)
    return FALSE;
  /* the numbers of "3 30" or "7 2" are not a time and a day */
  if ((x->flags & IF_MDAY) && tv_is_tod (&y->tv) && y->latent)
    return FALSE;
  if ((y->flags & IF_MDAY) && y->latent && !(x->tv.month || x->tv.wday || x->tv.anchor == ANCHOR_CAL))
    return FALSE;
  if ((x->flags & IF_MDAY) && x->latent && !(y->tv.month || y->tv.wday || y->tv.anchor == ANCHOR_CAL))
    return FALSE;
  /* "at 1 on Friday" is one o'clock, never "Friday the 1st" */
  if (bare_mday (c, x) && after_at (c, x->first))
    return FALSE;
  /* in a command "lunch" is a meal to name, not the hours 12-14 */
  if ((c->flags & CRM_TIME_PARSE_COMMAND) &&
      ((x->latent && x->tv.pod == POD_LUNCH) || (y->latent && y->tv.pod == POD_LUNCH)))
    return FALSE;
  if (x->latent && tv_is_tod (&x->tv) && !(x->tv.minute >= 0) && y->latent)
    return FALSE;
  if (!intersect_items (c, x, y, out))
    return FALSE;
  /* "lent 2018": a holiday that is also a word is one with a year */
  if (x->tv.op == OP_HOLIDAY && y->tv.year != TV_UNSET_YEAR)
    out->latent = FALSE;
  /* "Friday 10": ten o'clock before the tenth */
  out->prio = 0;
  if (bare_mday (c, x) || bare_mday (c, y) || (x->latent && tv_is_hour (&x->tv)) ||
      (y->latent && tv_is_hour (&y->tv)))
    out->prio = -1;
  return TRUE;
}

static gboolean
r_intersect_word (Chart      *c,
                  const Rule *r,
                  const Part *p,
                  Item       *out)
{
  const Item *x = p[0].item, *y = p[2].item;
  guint id = p[1].tok->id;

  switch (id)
    {
    case W_AT:
    case W_ON:
    case W_OF:
    case W_DURING:
    case W_FOR:
    case W_IN:
      break;
    case W_FROM:
      if (y->tv.anchor != ANCHOR_CAL || y->tv.anchor_unit != CRM_GRAIN_WEEK)
        return FALSE;
      break;
    default:
      if (p[1].tok->type != TOK_PUNCT || p[1].tok->ch != '@')
        return FALSE;
    }
  if (id == W_IN && !(y->tv.pod || tv_is_only_month (&y->tv) || tv_is_only_year (&y->tv)))
    return FALSE;
  if (id == W_FOR && !tv_is_tod (&y->tv))
    return FALSE;
  if ((id == W_AT || id == W_FOR) && (y->flags & IF_MDAY))
    return FALSE;
  if (r_intersect (c, &(Rule) { .arg = 2 }, p, out))
    {
      out->latent = FALSE;
      return !(x->latent && y->latent);
    }
  return FALSE;
}

/* ---------- dates ---------- */

static gboolean
valid_md (int m,
          int d)
{
  return m >= 1 && m <= 12 && d >= 1 && d <= crm_days_in_month (2000, m);
}

static int
full_year (const Item *y)
{
  if (y->ndigits == 4)
    return y->num;
  if (y->ndigits == 2)
    return y->num < 50 ? 2000 + y->num : 1900 + y->num;
  return -1;
}

static gboolean
set_ymd (Item *out,
         int   y,
         int   m,
         int   d)
{
  if (!valid_md (m, d) || (y != TV_UNSET_YEAR && (y < 1 || y > 9999)))
    return FALSE;
  if (y != TV_UNSET_YEAR && d > crm_days_in_month (y, m))
    return FALSE;
  out_time (out);
  out->tv.year = y;
  out->tv.month = m;
  out->tv.mday = d;
  return TRUE;
}

static gboolean
small (const Item *n)
{
  return n->ndigits >= 1 && n->ndigits <= 2;
}

/* 6/5, 2-15, 10.31.1974, 2015-03-03, 2014-10, 2/2013 */
static gboolean
r_numeric_date (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  const Item *a = p[0].item, *b = p[2].item, *y = r->arg >= 1 ? p[4].item : NULL;
  char s1 = p[1].tok->ch, s2 = y ? p[3].tok->ch : s1;

  if (p[1].tok->type != TOK_PUNCT || (y && p[3].tok->type != TOK_PUNCT) ||
      !strchr ("/-.", s1) || s1 != s2 || (r->arg == 0 && s1 == '.'))
    return FALSE;
  if (a->ndigits == 4 && y)
    return small (b) && small (y) && s1 == '-' && set_ymd (out, a->num, b->num, y->num) &&
           (out->prio = 1);
  if (a->ndigits == 4)
    {
      if (!small (b) || b->num < 1 || b->num > 12 || s1 == '.')
        return FALSE;
      out_time (out);
      out->tv.year = a->num;
      out->tv.month = b->num;
      return TRUE;
    }
  if (!small (a) || (!small (b) && !(b->ndigits == 4 && !y && s1 == '/')))
    return FALSE;
  if (b->ndigits == 4)
    {
      if (a->num < 1 || a->num > 12)
        return FALSE;
      out_time (out);
      out->tv.year = b->num;
      out->tv.month = a->num;
      return TRUE;
    }
  if (y && full_year (y) < 0)
    return FALSE;
  out->prio = 1;
  return set_ymd (out, y ? full_year (y) : TV_UNSET_YEAR, a->num, b->num);
}

/* 31/Oct/1974, 31-Oct-74 */
static gboolean
r_dmy_month_word (Chart      *c,
                  const Rule *r,
                  const Part *p,
                  Item       *out)
{
  const Item *d = p[0].item, *m = p[2].item, *y = p[4].item;

  if (p[1].tok->type != TOK_PUNCT || !strchr ("/-", p[1].tok->ch) ||
      !small (d) || !is_instant (m) || !tv_is_only_month (&m->tv) || p[1].tok->ch != p[3].tok->ch ||
      full_year (y) < 0)
    return FALSE;
  return set_ymd (out, full_year (y), m->tv.month, d->num);
}

static int
day_number (const Item *n)
{
  if (n->type == IT_ORD)
    return n->num;
  if (n->frac || n->ndigits > 2 || (n->ndigits == 0 && n->num > 31))
    return -1;
  return n->num;
}

static gboolean
r_month_day (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  const Item *m = p[r->arg & 0xf].item, *d = p[r->arg >> 4].item;
  int day = day_number (d);

  if (!is_instant (m) || !tv_is_only_month (&m->tv) || !valid_md (m->tv.month, day))
    return FALSE;
  if (d->type == IT_NUM && d->ndigits == 0 && (r->arg & 0xf) != 0)
    return FALSE;  /* "three of march" is not a date we say */
  out_time (out);
  out->tv.month = m->tv.month;
  out->tv.mday = day;
  return TRUE;
}

static gboolean
r_date_year2 (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *t = p[0].item, *y = p[1].item;

  if (!is_instant (t) || !t->tv.month || !t->tv.mday || t->tv.year != TV_UNSET_YEAR ||
      t->tv.hour >= 0 || y->ndigits != 2)
    return FALSE;
  if (c->flags & CRM_TIME_PARSE_COMMAND)
    return FALSE;  /* "June 3rd 10 people": years come with four digits in commands */
  *out = *t;
  out->tv.year = full_year (y);
  return out->tv.mday <= crm_days_in_month (out->tv.year, out->tv.month);
}

static gboolean
r_year_ad (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *y = p[0].item;

  if (y->type == IT_NUM)
    {
      if (!y->ndigits || y->num < 1 || y->num > 9999)
        return FALSE;
      out_time (out);
      out->tv.year = y->num;
      return TRUE;
    }
  if (!is_instant (y) || !tv_is_only_year (&y->tv))
    return FALSE;
  *out = *y;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_in_year (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *t = p[1].item;

  if (!is_instant (t) || (!tv_is_only_year (&t->tv) && !tv_is_only_month (&t->tv) && !t->tv.op))
    return FALSE;
  if (t->tv.op && t->tv.op != OP_SEASON && t->tv.op != OP_HOLIDAY)
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_words_year (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *n = p[r->arg].item;

  if (n->ndigits || n->num < 1000 || n->num > 2999)
    return FALSE;
  out_time (out);
  out->tv.year = n->num;
  out->latent = TRUE;
  return TRUE;
}

/* "the 15th", "on the first" */
static gboolean
r_the_mday (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  const Item *t = p[r->arg].item;

  if (!is_instant (t) || !tv_is_only_mday (&t->tv) || !(t->flags & IF_MDAY))
    return FALSE;
  /* "on the second floor": an ordinal before a noun is not a day */
  if (t->last < c->ntoks && c->toks[t->last].type == TOK_WORD && c->toks[t->last].id == W_NONE &&
      c->toks[t->last].cls == WC_NONE)
    return FALSE;
  *out = *t;
  if (r->arg == 2 || p[0].tok->id == W_ON)
    out->latent = FALSE;
  else
    out->latent = c->toks[t->first].type != TOK_NUM || c->toks[t->first].ndigits > 2 ||
                  t->last - t->first < 2;
  return TRUE;
}

static gboolean
r_the (Chart      *c,
       const Rule *r,
       const Part *p,
       Item       *out)
{
  const Item *t = p[1].item;

  if (t->flags & IF_MDAY)
    return FALSE;
  *out = *t;
  if (t->tv.op == OP_WEEKEND || (t->tv.hour == 12 && !t->tv.hour12))
    out->latent = FALSE;
  return TRUE;
}

static gboolean
r_ides (Chart      *c,
        const Rule *r,
        const Part *p,
        Item       *out)
{
  const Item *m = p[r->arg].item;
  int mo = m->tv.month;

  if (!is_instant (m) || !tv_is_only_month (&m->tv))
    return FALSE;
  out_time (out);
  out->tv.month = mo;
  out->tv.mday = (mo == 3 || mo == 5 || mo == 7 || mo == 10) ? 15 : 13;
  return TRUE;
}

/* ---------- relative: this/next/last ---------- */

static int
rel_sign (guint id)
{
  switch (id)
    {
    case W_THIS:
    case W_CURRENT:
      return 0;
    case W_NEXT:
    case W_COMING:
    case W_UPCOMING:
    case W_FOLLOWING:
      return 1;
    case W_LAST:
    case W_PAST:
    case W_PREVIOUS:
      return -1;
    default:
      return 99;
    }
}

static gboolean
r_rel_unit (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  int sign = p[0].tok->id == W_THE ? 0 : rel_sign (p[0].tok->id);
  int unit = token_unit (p[1].tok);

  if (sign == 99 || unit < 0 || (p[1].tok->flags & TOKF_PLURAL && p[1].tok->id != W_HOURS_OF))
    return FALSE;
  if (p[1].tok->type == TOK_PUNCT || p[1].tok->id == W_H1 || p[1].tok->cls == WC_ORDINAL)
    return FALSE;
  /* "the second", "the minute": not a time we say */
  if (p[0].tok->id == W_THE && unit < CRM_GRAIN_DAY)
    return FALSE;
  out_time (out);
  set_cal (&out->tv, unit, sign);
  out->latent = p[0].tok->id == W_THE;
  return TRUE;
}

static gboolean
r_dur_from_time (Chart      *c,
                 const Rule *r,
                 const Part *p,
                 Item       *out)
{
  const Item *d = p[0].item;

  if (d->unit != CRM_GRAIN_MINUTE || !is_instant (p[2].item))
    return FALSE;
  return relative_minutes (&p[2].item->tv, d->num, FALSE, out);
}

static gboolean
r_rel_time (Chart      *c,
            const Rule *r,
            const Part *p,
            Item       *out)
{
  guint id = p[0].tok->id;
  int sign = rel_sign (id);
  const Item *t = p[1].item;

  if (sign == 99 || !is_instant (t))
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  if (tv_is_only_wday (&t->tv))
    {
      if (sign != 0 && id != W_COMING && id != W_UPCOMING)
        set_cal (&out->tv, CRM_GRAIN_WEEK, sign);
      return TRUE;
    }
  if (tv_is_only_month (&t->tv))
    return out->tv.dir = sign, TRUE;
  if (t->tv.op == OP_HOLIDAY && !crm_time_val_has_tod (&t->tv) && t->tv.year == TV_UNSET_YEAR &&
      !t->tv.anchor)
    return out->tv.dir = sign < 0 ? -1 : 0, TRUE;
  if (t->tv.op == OP_WEEKEND && !t->tv.anchor && !t->tv.op_n && !t->tv.month)
    return set_cal (&out->tv, CRM_GRAIN_WEEK, sign), TRUE;
  if (t->tv.op == OP_SEASON && !t->tv.anchor)
    return set_cal (&out->tv, CRM_GRAIN_YEAR, 0), out->tv.anchor_n = sign, TRUE;
  if (t->tv.pod && !crm_time_val_has_date (&t->tv) && t->tv.hour < 0 && sign == 0)
    return out->tv.dir = 1, TRUE;
  return FALSE;
}

static gboolean
r_this_season (Chart      *c,
               const Rule *r,
               const Part *p,
               Item       *out)
{
  int sign = rel_sign (p[0].tok->id);

  if (sign == 99)
    return FALSE;
  out_time (out);
  out->tv.op = OP_SEASON;
  out->tv.op_arg = 4;
  set_cal (&out->tv, CRM_GRAIN_YEAR, sign);
  return TRUE;
}

static gboolean
r_after_next (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  const Item *t = p[0].item;

  if (!is_instant (t))
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  if (tv_is_only_wday (&t->tv))
    return set_cal (&out->tv, CRM_GRAIN_WEEK, 1), TRUE;
  if (tv_is_only_month (&t->tv))
    return out->tv.dir = 2, TRUE;
  return FALSE;
}

static gboolean
r_day_after_tomorrow (Chart      *c,
                      const Rule *r,
                      const Part *p,
                      Item       *out)
{
  guint rel = p[r->arg].tok->id, base = p[r->arg + 1].tok->id;

  out_time (out);
  if (rel == W_AFTER && base == W_TOMORROW)
    set_cal (&out->tv, CRM_GRAIN_DAY, 2);
  else if (rel == W_BEFORE && base == W_YESTERDAY)
    set_cal (&out->tv, CRM_GRAIN_DAY, -2);
  else
    return FALSE;
  return TRUE;
}

static gboolean
r_now_words (Chart      *c,
             const Rule *r,
             const Part *p,
             Item       *out)
{
  out_time (out);
  if (r->arg == 1)
    {
      set_cal (&out->tv, CRM_GRAIN_DAY, 0);
      return TRUE;
    }
  out->tv.anchor = ANCHOR_NOW;
  out->tv.anchor_unit = CRM_GRAIN_SECOND;
  return TRUE;
}

/* ---------- n-th of ---------- */

static gboolean
month_context (const TimeVal *tv)
{
  return (tv->month && !tv->mday && !tv->wday && tv->op == OP_NONE && tv->hour < 0) ||
         (tv->anchor == ANCHOR_CAL && tv->anchor_unit == CRM_GRAIN_MONTH && !tv->mday &&
          !tv->op);
}

static gboolean
year_context (const TimeVal *tv)
{
  return tv_is_only_year (tv) ||
         (tv->anchor == ANCHOR_CAL && tv->anchor_unit == CRM_GRAIN_YEAR && !tv->month &&
          !tv->op);
}

static int
nth_value (const Part *p,
           int         k,
           int         last_k)
{
  int n = p[k].item ? p[k].item->num : (p[k].tok->id == W_LAST ? -1 : 0);

  if (last_k >= 0)
    n = -n;
  return n;
}

static gboolean
r_nth_of (Chart      *c,
          const Rule *r,
          const Part *p,
          Item       *out)
{
  int kind = r->arg & 0xf, nk = (r->arg >> 4) & 0xf, ctx = (r->arg >> 8) & 0xf;
  int lastk = (r->arg >> 12) & 0xf;
  const Item *base = p[ctx].item;
  int n = nth_value (p, nk, lastk ? lastk : -1);
  TimeVal tv;

  if (lastk && p[lastk].tok->id != W_LAST)
    return FALSE;
  if (!p[nk].item && p[nk].tok->id != W_LAST)
    return FALSE;
  if (n == 0 || n > 31 || n < -31 || !is_instant (base))
    return FALSE;
  tv = base->tv;
  if (kind == OP_NTH_WEEK ? !(month_context (&tv) || year_context (&tv)) : !month_context (&tv))
    return FALSE;
  if (kind == OP_NTH_WDAY)
    {
      const Item *wd = p[nk + 1].item;

      if (!tv_is_only_wday (&wd->tv))
        return FALSE;
      tv.op_arg = wd->tv.wday;
    }
  if (kind == OP_WEEKEND && p[nk + 1].item->tv.op != OP_WEEKEND)
    return FALSE;
  tv.op = kind;
  tv.op_n = n;
  out_time (out);
  out->tv = tv;
  out->prio = 1;
  return TRUE;
}

static gboolean
r_week_of (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *t = p[3].item;

  if (!is_instant (t) || !t->tv.mday || t->tv.hour >= 0)
    return FALSE;
  *out = *t;
  out->tv.op = OP_WEEK_OF;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_quarter (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *n = p[0].item;

  if (token_unit (p[1].tok) != CRM_GRAIN_QUARTER || (p[1].tok->flags & TOKF_PLURAL) ||
      n->num < 1 || n->num > 4)
    return FALSE;
  out_time (out);
  out->tv.quarter = n->num;
  return TRUE;
}

static gboolean
r_quarter_code (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  const Item *y = p[0].item, *q = p[2].item;

  if ((y->ndigits != 2 && y->ndigits != 4) || q->ndigits != 1 || q->num < 1 || q->num > 4)
    return FALSE;
  out_time (out);
  out->tv.year = full_year (y);
  out->tv.quarter = q->num;
  return TRUE;
}

/* ---------- parts of months, weeks, years ---------- */

static gboolean
part_base_ok (const TimeVal *tv)
{
  if (tv->hour >= 0 || tv->pod || tv->part || tv->mday || tv->op)
    return FALSE;
  if (tv->anchor == ANCHOR_CAL)
    return tv->anchor_unit >= CRM_GRAIN_WEEK && tv->anchor_unit != CRM_GRAIN_QUARTER &&
           !tv->wday;
  return !tv->wday && (tv->month || tv->year != TV_UNSET_YEAR) && !tv->anchor;
}

static gboolean
r_part_of (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *t = p[r->arg & 0xf].item;
  guint id = p[0].tok->id;
  int part = id == W_BEGINNING || id == W_START || id == W_EARLY ? PART_BEGIN :
             id == W_MID ? PART_MID : id == W_END || id == W_LATE ? PART_END :
             id == W_REST ? PART_REST : -1;

  if (part < 0 || !is_instant (t) || !part_base_ok (&t->tv))
    return FALSE;
  if ((id == W_EARLY || id == W_MID || id == W_LATE) && !tv_is_only_month (&t->tv))
    return FALSE;
  *out = *t;
  out->latent = FALSE;
  out->tv.part = part;
  return TRUE;
}

static gboolean
r_part_of_unit (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  guint id = p[0].tok->id;
  int unit = token_unit (p[r->arg].tok);
  int part = id == W_BEGINNING || id == W_START ? PART_BEGIN : id == W_END ? PART_END :
             id == W_REST ? PART_REST : id == W_ALL ? PART_ALL : -1;

  if (part < 0 || (unit != CRM_GRAIN_MONTH && unit != CRM_GRAIN_YEAR && unit != CRM_GRAIN_WEEK &&
                   unit != CRM_GRAIN_DAY) || (p[r->arg].tok->flags & TOKF_PLURAL))
    return FALSE;
  if (unit == CRM_GRAIN_DAY && part != PART_END)
    return FALSE;
  out_time (out);
  set_cal (&out->tv, unit, 0);
  out->tv.part = part;
  out->latent = unit == CRM_GRAIN_DAY;
  return TRUE;
}

static gboolean
r_weekend_word (Chart      *c,
                const Rule *r,
                const Part *p,
                Item       *out)
{
  out_time (out);
  out->tv.op = OP_WEEKEND;
  out->latent = TRUE;
  return TRUE;
}

/* ---------- intervals ---------- */

static gboolean
is_range_word (const CrmTimeToken *t,
               gboolean            dash_ok)
{
  if (t->type == TOK_PUNCT)
    return dash_ok && t->ch == '-';
  switch (t->id)
    {
    case W_TO:
    case W_TILL:
    case W_UNTIL:
    case W_THRU:
    case W_THROUGH:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
inherit_date (TimeVal       *to,
              const TimeVal *from)
{
  if (crm_time_val_has_date (to))
    return;
  to->year = from->year;
  to->month = from->month;
  to->mday = from->mday;
  to->wday = from->wday;
  to->anchor = from->anchor;
  to->anchor_unit = from->anchor_unit;
  to->anchor_n = from->anchor_n;
  to->op = from->op;
  to->op_n = from->op_n;
  to->op_arg = from->op_arg;
}

/* Ranges of hours: "3-4pm", "from 2 to 3:30pm", "8am until 6". */
static gboolean
tod_range (Chart *c,
           Item  *out)
{
  TimeVal *a = &out->tv, *b = &out->tv2;

  if (a->hour12 && !b->hour12 && b->hour >= 0 && !b->pm_hint)
    {
      int h = b->hour >= 12 ? 2 : 1;

      /* "2 to 3:30pm" is afternoon at both ends, "11-1pm" is not */
      if (a->hour % 12 <= b->hour % 12)
        apply_ampm (a, h);
    }
  if (b->pm_hint && !a->pm_hint && a->hour12)
    a->pm_hint = b->pm_hint;
  if (a->pm_hint && !b->pm_hint && b->hour12)
    b->pm_hint = a->pm_hint;
  inherit_date (b, a);
  inherit_date (a, b);
  if (a->tz != TV_NO_TZ && b->tz == TV_NO_TZ)
    b->tz = a->tz;
  if (b->tz != TV_NO_TZ && a->tz == TV_NO_TZ)
    a->tz = b->tz;
  return TRUE;
}

/* Ranges of days: "July 13-15", "from 13 to 15 July", "Aug 8 - Aug 12". */
static gboolean
date_range (Item *out)
{
  TimeVal *a = &out->tv, *b = &out->tv2;

  if (tv_is_only_year (a) != tv_is_only_year (b))
    return FALSE;
  if (!a->month && !b->month && !a->wday && !b->wday && a->year == TV_UNSET_YEAR &&
      !a->anchor && !b->anchor && !a->op && !b->op)
    return FALSE;
  if (tv_is_only_mday (b) && a->month)
    b->month = a->month, b->year = a->year;
  else if (tv_is_only_mday (a) && b->month)
    a->month = b->month, a->year = b->year;
  else if (tv_is_only_mday (a) || tv_is_only_mday (b))
    return FALSE;
  return TRUE;
}

static gboolean
make_range (Chart      *c,
            const Item *x,
            const Item *y,
            Item       *out)
{
  gboolean xt = tv_is_tod (&x->tv) || (x->tv.hour >= 0);
  gboolean yt = tv_is_tod (&y->tv) || (y->tv.hour >= 0);

  if (!is_instant (x) || !is_instant (y) || xt != yt)
    return FALSE;
  if ((x->flags & IF_MDAY) && xt)
    return FALSE;
  out_time (out);
  out->ikind = CRM_TIME_INTERVAL;
  out->tv = x->tv;
  out->tv2 = y->tv;
  out->latent = x->latent && y->latent;
  if (xt)
    return tod_range (c, out);
  if (crm_time_val_has_tod (&x->tv) != crm_time_val_has_tod (&y->tv))
    return FALSE;
  return date_range (out);
}

static gboolean
r_range (Chart      *c,
         const Rule *r,
         const Part *p,
         Item       *out)
{
  int k = r->arg & 0xf, sep = (r->arg >> 4) & 0xf;
  const Item *x = p[k].item, *y = p[sep + 1].item;
  const CrmTimeToken *s = p[sep].tok;

  if (r->arg & 0x100)
    {
      if (s->id != W_AND)
        return FALSE;
    }
  else if (!is_range_word (s, TRUE) && !(s->type == TOK_PUNCT && s->ch == '/' &&
                                         x->tv.hour >= 0 && x->tv.year != TV_UNSET_YEAR))
    return FALSE;
  /* "twenty-three" is a number, not a range */
  if (s->type == TOK_PUNCT && s->ch == '-' && !s->space_before && p[sep].last < c->ntoks &&
      !c->toks[p[sep].last].space_before && c->toks[p[sep].first - 1].type == TOK_WORD &&
      c->toks[p[sep].last].type == TOK_WORD)
    return FALSE;
  if (!make_range (c, x, y, out))
    return FALSE;
  if (k > 0)
    out->latent = FALSE;
  /* "2-15" is a date before it is a range of hours */
  if (k == 0 && s->type == TOK_PUNCT && x->latent && y->latent)
    out->latent = TRUE;
  return TRUE;
}

static gboolean
r_later_than (Chart      *c,
              const Rule *r,
              const Part *p,
              Item       *out)
{
  if (!make_range (c, p[2].item, p[5].item, out))
    return FALSE;
  out->latent = FALSE;
  return TRUE;
}

/* "4pm for 30 mins", "for 10 days from 18th Dec" */
static gboolean
r_for_dur (Chart      *c,
           const Rule *r,
           const Part *p,
           Item       *out)
{
  const Item *t = p[r->arg & 0xf].item, *d = p[r->arg >> 4].item;

  if (!is_instant (t) || t->tv.anchor == ANCHOR_NOW || d->num == 0 || d->num > 10000)
    return FALSE;
  *out = *t;
  out->ikind = CRM_TIME_INTERVAL;
  out->end_unit = d->unit;
  out->end_n = d->num;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_by (Chart      *c,
      const Rule *r,
      const Part *p,
      Item       *out)
{
  const Item *t = p[r->arg].item;

  if (!is_instant (t) || t->tv.anchor == ANCHOR_NOW)
    return FALSE;
  if (t->tv.part && t->tv.part != PART_END)
    return FALSE;
  *out = *t;
  out->flags |= IF_BY;
  out->latent = FALSE;
  return TRUE;
}

static gboolean
r_open (Chart      *c,
        const Rule *r,
        const Part *p,
        Item       *out)
{
  const Item *t = p[r->arg & 0xf].item;
  guint id = p[(r->arg >> 4) & 0xf].tok->id;
  gboolean after = id == W_AFTER || id == W_SINCE || id == W_FROM;
  gboolean before = id == W_BEFORE || id == W_UNTIL || id == W_TILL || id == W_THROUGH ||
                    id == W_THRU;

  if ((!after && !before) || !is_instant (t) || (t->flags & (IF_MDAY | IF_HHMM)))
    return FALSE;
  if (t->tv.pod == POD_LUNCH && id == W_AFTER)
    return FALSE;
  *out = *t;
  out->ikind = after ? CRM_TIME_OPEN_AFTER : CRM_TIME_OPEN_BEFORE;
  out->latent = FALSE;
  return TRUE;
}


/* ---------- the table ---------- */

#define REL_WORDS(f, a, ...) \
  R (f, a, W (THIS), __VA_ARGS__), R (f, a, W (CURRENT), __VA_ARGS__), \
  R (f, a, W (NEXT), __VA_ARGS__), R (f, a, W (COMING), __VA_ARGS__), \
  R (f, a, W (UPCOMING), __VA_ARGS__), R (f, a, W (FOLLOWING), __VA_ARGS__), \
  R (f, a, W (LAST), __VA_ARGS__), R (f, a, W (PAST), __VA_ARGS__), \
  R (f, a, W (PREVIOUS), __VA_ARGS__)

#define REL_WORDS_P(pre, f, a, ...) \
  RP (pre, f, a, W (THIS), __VA_ARGS__), RP (pre, f, a, W (CURRENT), __VA_ARGS__), \
  RP (pre, f, a, W (NEXT), __VA_ARGS__), RP (pre, f, a, W (COMING), __VA_ARGS__), \
  RP (pre, f, a, W (UPCOMING), __VA_ARGS__), RP (pre, f, a, W (FOLLOWING), __VA_ARGS__), \
  RP (pre, f, a, W (LAST), __VA_ARGS__), RP (pre, f, a, W (PAST), __VA_ARGS__), \
  RP (pre, f, a, W (PREVIOUS), __VA_ARGS__)

#define OPEN_WORDS(...) \
  RP (OPEN, r_open, 1, W (AFTER), __VA_ARGS__), RP (OPEN, r_open, 1, W (SINCE), __VA_ARGS__), \
  RP (OPEN, r_open, 1, W (FROM), __VA_ARGS__), RP (OPEN, r_open, 1, W (BEFORE), __VA_ARGS__), \
  RP (OPEN, r_open, 1, W (UNTIL), __VA_ARGS__), RP (OPEN, r_open, 1, W (TILL), __VA_ARGS__), \
  RP (OPEN, r_open, 1, W (THROUGH), __VA_ARGS__), RP (OPEN, r_open, 1, W (THRU), __VA_ARGS__)

/* Rules whose second element is one of several words, one rule each, so
 * that the index finds them by the token after the first item. */
#define RANGE_SEPS(X) X (P ('-')) X (W (TO)) X (W (TILL)) X (W (UNTIL)) X (W (THRU)) X (W (THROUGH))
#define RANGE_AFTER_ITEM(sep) RP (INSTANT, r_range, 0x10, T, sep, T),
#define ORD_SUFFIXES(X) X (W_ST) X (W_ND) X (W_RD) X (W_TH)
#define ORDINAL_SUFFIX(id) R (r_ordinal_suffix, 0, N, { PK_WORD, 1, id }),
#define UNIT_TOKENS(X) X (C (UNIT)) X (W (DAY)) X (W (WEEK)) X (W (QUARTER)) X (W (QUARTERS)) \
  X (W (H1)) X (W (HOURS_OF)) X (C (ORDINAL)) X (P ('\'')) X (P ('"'))
#define NUM_UNIT(u) R (r_num_unit, 1, N, u),
#define PAST_TO_WORDS(X) X (W (PAST)) X (W (AFTER)) X (W (TO)) X (W (TILL)) X (W (BEFORE)) X (W (OF))
#define PAST_TO_AFTER_NUM(w) R (r_past_to, 0x10, N, w, T), R (r_past_to, 0x20, N, C (UNIT), w, T),
#define JOIN_WORDS(X) X (W (AT)) X (W (ON)) X (W (OF)) X (W (DURING)) X (W (FOR)) X (W (IN)) \
  X (W (FROM)) X (P ('@'))
#define INTERSECT_WORD(w) RP (INTERSECT, r_intersect_word, 0, T, w, T),
#define DATE_SEPS(X) X (P ('/')) X (P ('-')) X (P ('.'))
#define NUMERIC_DATE(sep) RP (DATE_NUM, r_numeric_date, 0, N, sep, N), \
  RP (DATE_NUM, r_numeric_date, 1, N, sep, N, ANY, N),

#define NTH(kind, nk, ctx, lastk) ((kind) | ((nk) << 4) | ((ctx) << 8) | ((lastk) << 12))

const Rule crm_time_rules[] = {
  /* numbers */
  RP (TENS, r_tens_units, 1, N, N), RP (TENS, r_tens_units, 2, N, P ('-'), N),
  RP (TENS, r_tens_units, 1, N, O), RP (TENS, r_tens_units, 2, N, P ('-'), O),
  ORD_SUFFIXES (ORDINAL_SUFFIX)
  R (r_thousand, 0, N, W (THOUSAND)), R (r_thousand, 2, N, W (THOUSAND), N),
  R (r_thousand, 3, N, W (THOUSAND), W (AND), N),
  R (r_couple, 2, W (A), W (COUPLE), W (OF)), R (r_couple, 2, W (A), W (COUPLE)),
  R (r_couple, 2, W (COUPLE), W (OF)), R (r_couple, 2, W (COUPLE)),
  R (r_couple, 2, W (A), W (PAIR), W (OF)), R (r_couple, 3, W (A), W (FEW)),
  R (r_couple, 3, W (FEW)),
  R (r_decimal, 0, N, PA ('.'), IA (NUM)),

  /* durations */
  UNIT_TOKENS (NUM_UNIT) R (r_num_unit, 2, N, W (MORE), ANY),
  R (r_a_unit, 0, W (A), ANY), R (r_a_unit, 0, W (AN), ANY),
  R (r_fortnight, 0, W (A), W (FORTNIGHT)), R (r_fortnight, 0, W (FORTNIGHT)),
  R (r_fraction_hour, 2, W (HALF), W (AN), ANY), R (r_fraction_hour, 2, W (HALF), W (A), ANY),
  R (r_fraction_hour, 2, W (A), W (HALF), ANY), R (r_fraction_hour, 1, W (HALF), ANY),
  R (r_fraction_hour, 4, W (A), W (QUARTER), W (OF), W (AN), ANY),
  R (r_fraction_hour, 3, W (QUARTER), W (OF), W (AN), ANY),
  R (r_fraction_hour, 2, W (A), W (QUARTER), ANY),
  R (r_fraction_hour, 5, N, P ('-'), W (QUARTERS), W (OF), W (AN), ANY),
  R (r_fraction_hour, 4, N, W (QUARTERS), W (OF), W (AN), ANY),
  R (r_slash_hour, 0, N, P ('/'), N, ANY),
  R (r_and_a_half, 0, N, W (AND), W (AN), W (HALF), ANY),
  R (r_and_a_half, 0, N, W (AND), W (A), W (HALF), ANY),

  /* times from durations */
  R (r_in_dur, 1, W (IN), D), R (r_in_dur, 2, W (IN), W (ABOUT), D),
  R (r_in_dur, 2, W (IN), W (AROUND), D), R (r_in_dur, 2, W (IN), W (APPROX), D),
  R (r_dur_ago, 0, D, W (AGO)), R (r_dur_ago, 0, D, W (BACK)),
  R (r_dur_ago, 0, D, W (HENCE)), R (r_dur_ago, 0, D, W (LATER)),
  R (r_dur_from_now, 0, D, W (FROM), W (NOW)), R (r_dur_from_now, 0, D, W (FROM), W (RIGHT), W (NOW)),
  R (r_dur_from_now, 0, D, W (FROM), W (TODAY)),
  R (r_dur_from_time, 0, D, W (FROM), T),
  R (r_within, 0, W (WITHIN), D),
  R (r_dur_after_date, 0, D, W (AFTER), T), R (r_dur_after_date, 0, D, W (BEFORE), T),
  R (r_wdays_from_now, 1, N, C (WEEKDAY), W (FROM), W (NOW)),
  R (r_wdays_from_now, 0, N, C (WEEKDAY), ANY),
  R (r_last_next_n, 0, W (NEXT), N, ANY), R (r_last_next_n, 0, W (LAST), N, ANY),
  R (r_last_next_n, 0, W (PAST), N, ANY), R (r_last_next_n, 0, W (PREVIOUS), N, ANY),
  R (r_last_next_n, 0, W (COMING), N, ANY), R (r_last_next_n, 0, W (FOLLOWING), N, ANY),
  R (r_upcoming_n, 1, W (UPCOMING), N, ANY), R (r_upcoming_n, 0, N, W (UPCOMING), ANY),
  R (r_after_dur, 0, W (AFTER), D),
  R (r_asap, 0, W (AS), W (SOON), W (AS), W (POSSIBLE)),

  /* times of day */
  R (r_hh_mm, 0, N, PA (':'), IA (NUM)),
  RP (MINUTE, r_seconds, 0, T, PA (':'), IA (NUM)),
  R (r_h_notation, 1, N, { PK_WORD, 1, W_H1 }, IA (NUM)), R (r_h_notation, 0, N, { PK_WORD, 1, W_H1 }),
  RP (AMPM, r_ampm, 0, T, A),
  R (r_ampm_dotted, 0, W (A), PA ('.'), { PK_WORD, 1, W_M1 }, PA ('.')),
  R (r_ampm_dotted, 0, W (A), PA ('.'), { PK_WORD, 1, W_M1 }),
  R (r_ampm_dotted, 0, W (P1), PA ('.'), { PK_WORD, 1, W_M1 }, PA ('.')),
  R (r_ampm_dotted, 0, W (P1), PA ('.'), { PK_WORD, 1, W_M1 }),
  R (r_ampm_dotted, 0, W (A), W (M1)), R (r_ampm_dotted, 0, W (P1), W (M1)),
  R (r_in_the_ampm, 0, W (IN), W (THE), C (AMPM)),
  RP (NOT_MDAY, r_at, 1, W (AT), T), RP (NOT_MDAY, r_at, 1, P ('@'), T),
  RP (NOT_MDAY, r_at, 1, W (AROUND), T), RP (NOT_MDAY, r_at, 1, W (ABOUT), T),
  RP (NOT_MDAY, r_at, 1, W (APPROX), T), RP (NOT_MDAY, r_at, 1, W (ON), T),
  R (r_at, 2, W (AT), W (ABOUT), T), R (r_at, 2, W (AT), W (AROUND), T),
  R (r_ish, 0, T, W (ISH)), R (r_ish, 0, T, W (APPROX)), R (r_ish, 0, T, W (OCLOCK)),
  R (r_oclock, 0, T, W (O1), P ('\''), W (CLOCK)),
  R (r_ord_mday, 0, O),
  RP (HOUR, r_hour_minutes, 1, N, N), RP (WORD_HOUR, r_hour_minutes, 2, N, W (OH), N),
  RP (WORD_HOUR, r_hour_minutes, 2, N, W (O1), N), RP (WORD_HOUR, r_hour_minutes, 2, N, P ('-'), N),
  RP (WORD_HOUR, r_hour_minutes, 2, N, C (NUMBER), N),
  R (r_past_to, 0x10, W (HALF), ANY, T), R (r_past_to, 0x10, W (QUARTER), ANY, T),
  R (r_past_to, 0x21, W (A), W (QUARTER), ANY, T),
  PAST_TO_WORDS (PAST_TO_AFTER_NUM)
  R (r_half_hour, 0, W (HALF), T),
  R (r_mid_day, 0, W (MID), W (DAY)),
  R (r_possessive, 0, T, P ('\''), { PK_WORD, 1, W_S1 }),
  RP (TWELVE, r_twelve_noon, 0, N, T),
  R (r_tz, 1, T, C (TZ)), R (r_tz, 2, T, P ('('), C (TZ), P (')')),

  /* parts of the day */
  R (r_pod_modifier, 0x02, W (IN), W (THE), T),
  RP (POD, r_pod_modifier, 0x11, W (EARLY), T),
  R (r_pod_modifier, 0x13, W (EARLY), W (IN), W (THE), T),
  R (r_pod_modifier, 0x16, W (IN), W (THE), W (EARLY), W (HOURS_OF), W (OF), W (THE), T),
  RP (POD, r_pod_modifier, 0x21, W (LATE), T),
  RP (POD, r_pod_modifier, 0x31, W (LAST), T),
  RP (POD, r_pod_modifier, 0x41, W (AFTER), T),
  R (r_late_last_night, 0, W (LATE), T),
  R (r_after_school, 0, W (AFTER), W (SCHOOL)),

  /* intersections */
  RP (INTERSECT, r_intersect, 1, T, T),
  RP (INTERSECT, r_intersect, 2, T, P (','), T),
  JOIN_WORDS (INTERSECT_WORD)
  RP (INTERSECT, r_intersect, 3, T, P ('\''), W (S1), T),

  /* dates */
  DATE_SEPS (NUMERIC_DATE)
  RP (SMALL, r_dmy_month_word, 0, N, P ('/'), T, ANY, N),
  RP (SMALL, r_dmy_month_word, 0, N, P ('-'), T, ANY, N),
  RP (MONTH, r_month_day, 0x10, T, N), RP (MONTH, r_month_day, 0x10, T, O),
  RP (MONTH, r_month_day, 0x20, T, W (THE), O),
  RP (DAY, r_month_day, 0x01, N, T), RP (DAY, r_month_day, 0x01, O, T),
  RP (DAY, r_month_day, 0x02, O, W (OF), T), RP (DAY, r_month_day, 0x02, N, W (OF), T),
  RP (MONTH_DAY, r_date_year2, 0, T, N),
  R (r_year_ad, 0, N, W (AD)), R (r_year_ad, 0, N, W (A), PA ('.'), { PK_WORD, 1, W_D1 }, PA ('.')),
  R (r_year_ad, 0, T, W (AD)),
  RP (INSTANT, r_in_year, 0, W (IN), T), RP (INSTANT, r_in_year, 0, W (DURING), T),
  RP (WORDS_YEAR, r_words_year, 0, N),
  RP (MDAY, r_the_mday, 1, W (THE), T), RP (MDAY, r_the_mday, 1, W (ON), T),
  R (r_the_mday, 2, W (ON), W (THE), T),
  RP (NOT_MDAY, r_the, 0, W (THE), T),
  R (r_ides, 2, W (IDES), W (OF), T), R (r_ides, 3, W (THE), W (IDES), W (OF), T),
  REL_WORDS (r_rel_unit, 0, ANY), R (r_rel_unit, 0, W (THE), ANY),
  REL_WORDS_P (INSTANT, r_rel_time, 0, T),
  REL_WORDS (r_this_season, 0, W (SEASON)),
  R (r_after_next, 0, T, W (AFTER), W (NEXT)),
  R (r_day_after_tomorrow, 2, W (THE), W (DAY), ANY, ANY),
  R (r_day_after_tomorrow, 1, W (DAY), ANY, ANY),
  R (r_now_words, 0, W (RIGHT), W (NOW)), R (r_now_words, 0, W (JUST), W (NOW)),
  R (r_now_words, 0, W (AT), W (THE), W (MOMENT)), R (r_now_words, 1, W (AT), W (THIS), W (TIME)),

  /* n-th of */
  R (r_nth_of, NTH (OP_NTH_WDAY, 0, 3, 0), O, T, W (OF), T),
  R (r_nth_of, NTH (OP_NTH_WDAY, 0, 3, 0), O, T, W (IN), T),
  R (r_nth_of, NTH (OP_NTH_WDAY, 0, 3, 0), W (LAST), T, W (OF), T),
  R (r_nth_of, NTH (OP_NTH_WDAY, 0, 3, 0), W (LAST), T, W (IN), T),
  R (r_nth_of, NTH (OP_NTH_DAY, 0, 3, 0), O, W (DAY), W (OF), T),
  R (r_nth_of, NTH (OP_NTH_DAY, 0, 3, 0), W (LAST), W (DAY), W (OF), T),
  R (r_nth_of, NTH (OP_NTH_DAY, 0, 3, 0), W (LAST), W (DAY), W (IN), T),
  R (r_nth_of, NTH (OP_NTH_DAY, 0, 4, 1), O, W (LAST), W (DAY), W (OF), T),
  R (r_nth_of, NTH (OP_NTH_WEEK, 0, 3, 0), O, W (WEEK), W (OF), T),
  R (r_nth_of, NTH (OP_NTH_WEEK, 0, 3, 0), O, W (WEEK), W (IN), T),
  R (r_nth_of, NTH (OP_NTH_WEEK, 0, 3, 0), W (LAST), W (WEEK), W (OF), T),
  R (r_nth_of, NTH (OP_NTH_WEEK, 0, 3, 0), W (LAST), W (WEEK), W (IN), T),
  R (r_nth_of, NTH (OP_NTH_WEEK, 0, 4, 1), O, W (LAST), W (WEEK), W (OF), T),
  R (r_nth_of, NTH (OP_WEEKEND, 0, 3, 0), W (LAST), T, W (OF), T),
  R (r_nth_of, NTH (OP_WEEKEND, 0, 3, 0), W (LAST), T, W (IN), T),
  R (r_nth_of, NTH (OP_WEEKEND, 0, 3, 0), O, T, W (OF), T),
  R (r_week_of, 0, W (THE), W (WEEK), W (OF), T),
  R (r_quarter, 0, O, W (QUARTER)), R (r_quarter, 0, O, C (UNIT)),
  R (r_quarter_code, 0, N, { PK_WORD, 1, W_Q1 }, IA (NUM)),

  /* parts of months, weeks and years */
  R (r_part_of, 2, W (BEGINNING), W (OF), T), R (r_part_of, 3, W (BEGINNING), W (OF), W (THE), T),
  R (r_part_of, 2, W (START), W (OF), T), R (r_part_of, 3, W (START), W (OF), W (THE), T),
  R (r_part_of, 2, W (END), W (OF), T), R (r_part_of, 3, W (END), W (OF), W (THE), T),
  R (r_part_of, 1, W (EARLY), T), R (r_part_of, 1, W (MID), T), R (r_part_of, 1, W (LATE), T),
  R (r_part_of, 2, W (MID), P ('-'), T),
  R (r_part_of_unit, 2, W (BEGINNING), W (OF), ANY), R (r_part_of_unit, 3, W (BEGINNING), W (OF), W (THE), ANY),
  R (r_part_of_unit, 2, W (START), W (OF), ANY), R (r_part_of_unit, 3, W (START), W (OF), W (THE), ANY),
  R (r_part_of_unit, 2, W (END), W (OF), ANY), R (r_part_of_unit, 3, W (END), W (OF), W (THE), ANY),
  R (r_part_of_unit, 3, W (REST), W (OF), W (THE), ANY), R (r_part_of_unit, 1, W (ALL), ANY),
  R (r_weekend_word, 0, W (WEEK), PA ('-'), { PK_WORD, 1, W_END }),
  R (r_weekend_word, 0, W (WEEK), W (END)),

  /* intervals */
  RANGE_SEPS (RANGE_AFTER_ITEM)
  RP (HOUR_YEAR, r_range, 0x10, T, P ('/'), T),
  R (r_range, 0x21, W (FROM), T, ANY, T),
  R (r_range, 0x121, W (BETWEEN), T, ANY, T),
  R (r_later_than, 0, W (LATER), W (THAN), T, W (BUT), W (BEFORE), T),
  R (r_for_dur, 0x20, T, W (FOR), D),
  R (r_for_dur, 0x31, W (FROM), T, W (FOR), D),
  R (r_for_dur, 0x13, W (FOR), D, W (FROM), T),
  R (r_for_dur, 0x14, W (FOR), D, W (STARTING), W (FROM), T),
  R (r_by, 1, W (BY), T),
  OPEN_WORDS (T),
  R (r_open, 0x12, W (ANYTIME), W (AFTER), T),
  R (r_open, 0x12, W (SOMETIME), W (BEFORE), T),

  { { { PK_END, 0, 0 } }, NULL, 0 },
};

static void
list_append (RuleIndex     *idx,
             GArray        *slots[],
             RuleList      *list,
             const RuleRef *ref)
{
  /* the lists are built in GArrays, one per list, kept for the process */
  guint n = list - (RuleList *) idx;

  if (slots[n] == NULL)
    slots[n] = g_array_new (FALSE, FALSE, sizeof (RuleRef));
  g_array_append_vals (slots[n], ref, 1);
  list->refs = (const RuleRef *) slots[n]->data;
  list->len = slots[n]->len;
}

/* Whether P, the element after an item, can match at a position whose
 * NextMask is MASK. */
static gboolean
next_fits_mask (const Pat *p,
                guint      mask)
{
  if (p->kind == PK_END)
    return TRUE;
  if (p->adj && (mask & NM_SPACE))
    return FALSE;
  if (p->kind == PK_ITEM)
    return (mask & (1u << p->arg)) != 0;
  return p->kind == PK_ANY && (mask & NM_ANY);
}

/* LISTS[0] takes every rule, LISTS[1] those that allow a space before
 * their second element. */
static void
append_by_space (RuleIndex     *idx,
                 GArray        *slots[],
                 RuleList       lists[2],
                 const RuleRef *ref)
{
  list_append (idx, slots, &lists[0], ref);
  if (!ref->next.adj)
    list_append (idx, slots, &lists[1], ref);
}

static RuleShape
rule_shape (const Pat *p)
{
  if (p[1].kind == PK_END)
    return RS_ONE;
  if (p[2].kind != PK_END)
    return RS_WALK;
  return p[1].kind == PK_ITEM ? RS_ITEM2 : RS_TOKEN2;
}

static void
index_rule (RuleIndex *idx,
            GArray    *slots[],
            guint16    i)
{
  const Pat *p = &crm_time_rules[i].pat[0];
  RuleRef ref = { i, p[1], rule_shape (p), crm_time_rules[i].pre };

  /* the test is of the first item: that of a token rule only when second */
  g_assert (ref.pre == PRE_NONE || p->kind == PK_ITEM || ref.shape == RS_ITEM2);

  switch (p->kind)
    {
    case PK_WORD: list_append (idx, slots, &idx->by_word[p->arg], &ref); break;
    case PK_CLASS: list_append (idx, slots, &idx->by_class[p->arg], &ref); break;
    case PK_PUNCT: list_append (idx, slots, &idx->by_punct[p->arg & 0x7f], &ref); break;
    case PK_ITEM:
      switch (p[1].kind)
        {
        case PK_WORD:
          append_by_space (idx, slots, idx->after_item_word[p->arg][p[1].arg], &ref);
          break;
        case PK_CLASS:
          append_by_space (idx, slots, idx->after_item_class[p->arg][p[1].arg], &ref);
          break;
        case PK_PUNCT:
          append_by_space (idx, slots, idx->after_item_punct[p->arg][p[1].arg & 0x7f], &ref);
          break;
        default:
          for (guint mask = 0; mask < NM_COUNT; mask++)
            if (next_fits_mask (&p[1], mask))
              list_append (idx, slots, &idx->after_item_fit[p->arg][mask], &ref);
          break;
        }
      if (p[1].kind == PK_END)
        list_append (idx, slots, &idx->after_item_alone[p->arg], &ref);
      break;
    default: g_assert_not_reached ();
    }
}

const RuleIndex *
crm_time_rule_index (void)
{
  static RuleIndex index;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GArray **slots = g_new0 (GArray *, sizeof index / sizeof (RuleList));

      G_STATIC_ASSERT (sizeof (RuleIndex) % sizeof (RuleList) == 0);
      for (guint16 i = 0; crm_time_rules[i].fn; i++)
        index_rule (&index, slots, i);
      g_free (slots);
      g_once_init_leave (&once, 1);
    }
  return &index;
}
