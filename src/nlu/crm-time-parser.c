/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-parser.h"
#include "crm-time-private.h"
#include "crm-time-rules.h"

/* The time-expression parser, in the manner of Duckling: the text is
 * tokenized once, each token seeds typed items in a chart (numbers,
 * ordinals, partial times), then rules (crm-time-rules.c) combine adjacent
 * items into bigger ones until nothing new appears. A partial time is a set
 * of constraints (weekday, day of month, hour, an anchor such as "next
 * week"...); combining two intersects them. Only the items finally chosen
 * are resolved against "now". */

/* ---------- the chart ---------- */

static gboolean
item_equal (const Item *a,
            const Item *b)
{
  /* of one list: the same type and first token */
  return a->last == b->last && a->ikind == b->ikind &&
         a->num == b->num && a->frac == b->frac && a->unit == b->unit &&
         a->flags == b->flags && a->end_unit == b->end_unit && a->end_n == b->end_n &&
         memcmp (&a->tv, &b->tv, sizeof a->tv) == 0 &&
         memcmp (&a->tv2, &b->tv2, sizeof a->tv2) == 0;
}

/**
 * crm_time_chart_commit:
 * Adds the item in the chart's free slot (crm_time_chart_slot ()) unless
 * an equal one is there; an equal latent one is promoted when the new one
 * is not latent. Made in place: a copy of an item costs as much as the
 * rest of adding it.
 */
gboolean
crm_time_chart_commit (Chart *c)
{
  Item *it = &c->items[c->nitems];

  for (guint16 i = c->head[it->first][it->type]; i != ITEM_NONE; i = c->items[i].next)
    if (item_equal (&c->items[i], it))
      {
        if (c->items[i].latent && !it->latent)
          {
            c->items[i].latent = FALSE;
            /* rules read latent: run them again */
            if (c->items[i].seen)
              c->unseen[it->first]++;
            c->items[i].seen = FALSE;
            return TRUE;
          }
        return FALSE;
      }
  if (c->nitems >= CHART_MAX_ITEMS)
    return FALSE;
  it->seen = FALSE;
  c->unseen[it->first]++;
  it->next = c->head[it->first][it->type];
  c->head[it->first][it->type] = c->nitems++;
  c->next_mask[it->first] |= 1u << it->type;
  return TRUE;
}

/**
 * crm_time_chart_seed:
 * Adds the item crm_time_seed_new () gave, a seed of its token: the seeds
 * of a token all differ and come before any other item at its position,
 * so none equal is looked for.
 */
void
crm_time_chart_seed (Chart *c)
{
  Item *it = &c->items[c->nitems];

  c->unseen[it->first]++;
  it->next = c->head[it->first][it->type];
  c->head[it->first][it->type] = c->nitems++;
  c->next_mask[it->first] |= 1u << it->type;
}

static void
seed_holiday (Chart *c,
              guint  i)
{
  guint end;
  gboolean latent;
  int id;
  Item *it;

  /* the tokenizer marked the words a holiday's name begins with */
  if (!(c->toks[i].flags & TOKF_HOLIDAY))
    return;
  id = crm_holiday_from_words (c->text, c->toks, c->ntoks, i, &end, &latent);
  if (id < 0)
    return;
  it = &c->items[c->nitems];
  crm_time_item_init (it, IT_TIME, i, end);
  it->tv.op = OP_HOLIDAY;
  it->tv.op_arg = id;
  it->latent = latent;
  crm_time_chart_commit (c);
}

/* ---------- matching rules ---------- */

static void match_rule (Chart       *c,
                        const Rule  *r,
                        guint        k,
                        guint        pos,
                        Part        *parts);

static void
emit (Chart      *c,
      const Rule *r,
      Part       *parts,
      guint       n)
{
  Item *out = crm_time_chart_slot (c);

  out->first = parts[0].first;
  out->last = parts[n - 1].last;
  out->rule = (guint16) (r - crm_time_rules);
  if (r->fn (c, r, parts, out))
    {
      out->first = parts[0].first;
      out->last = parts[n - 1].last;
      crm_time_chart_commit (c);
    }
}

/* inlined: matching calls it a dozen times a text */
G_ALWAYS_INLINE static inline gboolean
token_fits (const Pat          *p,
            const CrmTimeToken *t)
{
  switch (p->kind)
    {
    case PK_WORD:
      return t->type == TOK_WORD && t->id == p->arg;
    case PK_CLASS:
      return t->type == TOK_WORD && t->cls == p->arg;
    case PK_PUNCT:
      return t->type == TOK_PUNCT && t->ch == (char) p->arg;
    case PK_ANY:
      return t->type != TOK_OTHER && !(t->flags & TOKF_PHONE);
    default:
      return FALSE;
    }
}

/* Tokens are matched in a loop, and an item by a call only when another
 * item at the same position is still to try: most matches never branch,
 * and a call for each element cost as much as the rest of the matching. */
static void
match_rule (Chart      *c,
            const Rule *r,
            guint       k,
            guint       pos,
            Part       *parts)
{
  for (;; k++)
    {
      const Pat *p = &r->pat[k];
      guint16 i;

      if (k == RULE_MAX_PATS || p->kind == PK_END)
        {
          emit (c, r, parts, k);
          return;
        }
      if (pos >= c->ntoks || (k > 0 && p->adj && c->toks[pos].space_before))
        return;
      parts[k].first = pos;
      parts[k].tok = &c->toks[pos];
      if (p->kind != PK_ITEM)
        {
          if (!token_fits (p, &c->toks[pos]))
            return;
          parts[k].last = pos + 1;
          parts[k].item = NULL;
          pos++;
          continue;
        }
      /* items at POS (after the rule's first element) are all made: the
       * list does not change while we walk it */
      if ((i = c->head[pos][p->arg]) == ITEM_NONE)
        return;
      while (c->items[i].next != ITEM_NONE)
        {
          parts[k].last = c->items[i].last;
          parts[k].item = &c->items[i];
          match_rule (c, r, k + 1, c->items[i].last, parts);
          i = c->items[i].next;
        }
      parts[k].last = c->items[i].last;
      parts[k].item = &c->items[i];
      pos = c->items[i].last;
    }
}

/* Whether element P (not the first of its rule) can match at POS: what
 * match_rule checks first, done before the call so that the many rules
 * that fail at once cost a few compares. */
static inline gboolean
next_may_fit (const Chart *c,
              const Pat   *p,
              guint        pos)
{
  const CrmTimeToken *t;

  if (p->kind == PK_END)
    return TRUE;
  if (pos >= c->ntoks)
    return FALSE;
  t = &c->toks[pos];
  if (p->adj && t->space_before)
    return FALSE;
  if (p->kind == PK_ITEM)
    return c->head[pos][p->arg] != ITEM_NONE;
  return token_fits (p, t);
}

/* Matches the rule of REF from its second element, at POS: the index, or
 * next_may_fit, has checked that this element fits there, so a rule of
 * two elements has its matches without a walk. PRE_ITEM is the rule's
 * first item when it comes first, for the rule's test; NULL when the
 * second element brings it. */
static inline void
match_ref (Chart         *c,
           const RuleRef *ref,
           const Item    *pre_item,
           guint          pos,
           Part          *parts)
{
  const Rule *r = &crm_time_rules[ref->rule];

  switch (ref->shape)
    {
    case RS_ONE:
      emit (c, r, parts, 1);
      break;
    case RS_TOKEN2:
      parts[1].first = pos;
      parts[1].last = pos + 1;
      parts[1].tok = &c->toks[pos];
      parts[1].item = NULL;
      emit (c, r, parts, 2);
      break;
    case RS_ITEM2:
      parts[1].first = pos;
      parts[1].tok = &c->toks[pos];
      for (guint16 i = c->head[pos][ref->next.arg]; i != ITEM_NONE; i = c->items[i].next)
        if (pre_item || ref->pre == PRE_NONE || crm_time_rule_pre_ok (ref->pre, &c->items[i]))
          {
            parts[1].last = c->items[i].last;
            parts[1].item = &c->items[i];
            emit (c, r, parts, 2);
          }
      break;
    default:
      match_rule (c, r, 1, pos, parts);
    }
}

/* Rules that begin with the token at POS; parts[0] is that token. */
static void
run_token_list (Chart          *c,
                const RuleList *list,
                guint           pos,
                Part           *parts)
{
  /* most words begin no rule: a test the compiler inlines */
  if (list->len == 0)
    return;
  parts[0].first = pos;
  parts[0].last = pos + 1;
  parts[0].tok = &c->toks[pos];
  parts[0].item = NULL;
  for (guint j = 0; j < list->len; j++)
    {
      const RuleRef *ref = &list->refs[j];

      if (next_may_fit (c, &ref->next, pos + 1))
        match_ref (c, ref, NULL, pos + 1, parts);
    }
}

/* Rules that begin with IT, from a list whose rules all fit what follows
 * it for their second element: the index chose them by it. */
static void
run_list (Chart          *c,
          const RuleList *list,
          const Item     *it,
          Part           *parts)
{
  if (list->len == 0)
    return;
  parts[0].first = it->first;
  parts[0].last = it->last;
  parts[0].tok = &c->toks[it->first];
  parts[0].item = it;
  for (guint j = 0; j < list->len; j++)
    if (list->refs[j].pre == PRE_NONE || crm_time_rule_pre_ok (list->refs[j].pre, it))
      match_ref (c, &list->refs[j], it, it->last, parts);
}

/* Rules that begin with IT, chosen by what follows it. */
static void
run_rules_from_item (Chart      *c,
                     const Item *it,
                     Part       *parts)
{
  const RuleIndex *idx = c->index;
  const CrmTimeToken *t;

  /* only the rules of the item alone can match an item that ends the text */
  if (it->last >= c->ntoks)
    {
      run_list (c, &idx->after_item_alone[it->type], it, parts);
      return;
    }
  run_list (c, &idx->after_item_fit[it->type][c->next_mask[it->last]], it, parts);
  t = &c->toks[it->last];
  if (t->type == TOK_WORD)
    {
      run_list (c, &idx->after_item_word[it->type][t->id][t->space_before], it, parts);
      if (t->cls)
        run_list (c, &idx->after_item_class[it->type][t->cls][t->space_before], it, parts);
    }
  else if (t->type == TOK_PUNCT)
    run_list (c, &idx->after_item_punct[it->type][(guchar) t->ch & 0x7f][t->space_before],
              it, parts);
}

/* Saturation in one pass, right to left: the items after POS are all
 * made when POS is reached, as rules only make items where they begin;
 * so the rules that begin at POS run once for its token and once for
 * each item at POS, those they make included, and nothing is left. */
static void
run_rules_at (Chart *c,
              guint  pos)
{
  const CrmTimeToken *t = &c->toks[pos];
  const RuleIndex *idx = c->index;
  Part parts[RULE_MAX_PATS];

  if (t->type == TOK_WORD)
    {
      run_token_list (c, &idx->by_word[t->id], pos, parts);
      if (t->cls)
        run_token_list (c, &idx->by_class[t->cls], pos, parts);
    }
  else if (t->type == TOK_PUNCT)
    run_token_list (c, &idx->by_punct[(guchar) t->ch & 0x7f], pos, parts);
  /* a sweep ends when no item is left to see, mostly well before the
   * end of the lists: the newest items are at their heads */
  while (c->unseen[pos] > 0)
    for (guint ty = 0; ty < IT_LAST && c->unseen[pos] > 0; ty++)
      for (guint16 i = c->head[pos][ty]; i != ITEM_NONE && c->unseen[pos] > 0; i = c->items[i].next)
        if (!c->items[i].seen)
          {
            c->items[i].seen = TRUE;
            c->unseen[pos]--;
            run_rules_from_item (c, &c->items[i], parts);
          }
}

static void
saturate (Chart *c)
{
  for (guint pos = c->ntoks; pos-- > 0;)
    run_rules_at (c, pos);
}

static void
chart_init (Chart             *c,
            const char        *text,
            CrmTimeToken      *toks,
            guint              ntoks,
            CrmTimeParseFlags  flags)
{
  c->text = text;
  c->toks = toks;
  c->ntoks = ntoks;
  c->nitems = 0;
  c->flags = flags;
  /* one pass: the seeds of a token are all at its position, and look at
   * no other position's lists; 0xff bytes make ITEM_NONE */
  G_STATIC_ASSERT (ITEM_NONE == 0xffff);
  for (guint i = 0; i < ntoks; i++)
    {
      memset (c->head[i], 0xff, sizeof c->head[i]);
      c->unseen[i] = 0;
      c->next_mask[i] = (toks[i].space_before ? NM_SPACE : 0) |
                        (toks[i].type != TOK_OTHER && !(toks[i].flags & TOKF_PHONE) ? NM_ANY : 0);
      crm_time_seed_token (c, i);
      seed_holiday (c, i);
    }
  memset (c->head[ntoks], 0xff, sizeof c->head[ntoks]);
  c->unseen[ntoks] = 0;
}

/* CRM_TIME_DEBUG=1 lists the chart on stderr: what each rule built. */
static void
dump_chart (const Chart *c)
{
  static int debug = -1;

  if (debug < 0)
    debug = g_getenv ("CRM_TIME_DEBUG") != NULL;
  if (!debug)
    return;
  for (guint i = 0; i < c->nitems; i++)
    {
      const Item *it = &c->items[i];

      g_printerr ("%3u [%u,%u) type %u rule %u seen %u latent %u kind %u prio %d | "
                  "y%d m%d d%d wd%d h%d:%d hour12 %u pod %u anchor %u/%u/%d op %u/%d/%u\n",
                  i, it->first, it->last, it->type, it->rule, it->seen, it->latent, it->ikind,
                  it->prio, it->tv.year, it->tv.month, it->tv.mday, it->tv.wday, it->tv.hour,
                  it->tv.minute, it->tv.hour12, it->tv.pod, it->tv.anchor, it->tv.anchor_unit,
                  it->tv.anchor_n, it->tv.op, it->tv.op_n, it->tv.op_arg);
    }
}

/* ---------- from items to matches ---------- */

/* The zone of an offset named in the text ("3pm CET"), (transfer full).
 * GLib formats and parses an identifier for each new one, which costs more
 * than a whole parse, so those within a day of UTC are kept for the
 * process, one made per offset. */
static GTimeZone *
offset_zone (gint16 minutes)
{
  static GTimeZone *zones[2 * 24 * 60 + 1];
  GTimeZone **slot;
  GTimeZone *tz;

  if (minutes < -24 * 60 || minutes > 24 * 60)
    return g_time_zone_new_offset (minutes * 60);
  slot = &zones[minutes + 24 * 60];
  if ((tz = g_atomic_pointer_get (slot)) == NULL)
    {
      tz = g_time_zone_new_offset (minutes * 60);
      if (!g_atomic_pointer_compare_and_exchange (slot, NULL, tz))
        {
          g_time_zone_unref (tz);
          tz = g_atomic_pointer_get (slot);
        }
    }
  return g_time_zone_ref (tz);
}

static GDateTime *
lt_to_gdt (const LocalTime *lt,
           gint16           tz_minutes,
           GDateTime       *now)
{
  GTimeZone *tz = g_date_time_get_timezone (now);
  g_autoptr(GTimeZone) named = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (lt->y < 1 || lt->y > 9999)
    return NULL;
  if (tz_minutes == TV_NO_TZ)
    return g_date_time_new (tz, lt->y, lt->mo, lt->d, lt->h, lt->mi, lt->s);
  named = offset_zone (tz_minutes);
  dt = g_date_time_new (named, lt->y, lt->mo, lt->d, lt->h, lt->mi, lt->s);
  return dt ? g_date_time_to_timezone (dt, tz) : NULL;
}

static gboolean
match_from_resolved (const Resolved *a,
                     const Resolved *b,
                     CrmTimeKind     kind,
                     GDateTime      *now,
                     CrmTimeMatch   *m)
{
  m->kind = kind;
  m->grain = b ? MIN (a->grain, b->grain) : a->grain;
  if (kind != CRM_TIME_OPEN_BEFORE)
    {
      if ((m->start = lt_to_gdt (&a->start, a->tz, now)) == NULL)
        return FALSE;
    }
  if (kind == CRM_TIME_OPEN_BEFORE)
    m->end = lt_to_gdt (&a->start, a->tz, now);
  else if (b)
    m->end = lt_to_gdt (b->is_interval ? &b->end : &b->start, b->tz, now);
  else if (a->is_interval)
    m->end = lt_to_gdt (&a->end, a->tz, now);
  if (m->end)
    m->kind = kind == CRM_TIME_INSTANT ? CRM_TIME_INTERVAL : kind;
  return m->start || m->end;
}

static void
lt_add (LocalTime *lt,
        CrmGrain   unit,
        int        n,
        GDateTime *now)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (lt->y, lt->mo, lt->d, lt->h, lt->mi, lt->s);
  g_autoptr(GDateTime) t = NULL;

  if (base == NULL)
    return;
  switch (unit)
    {
    case CRM_GRAIN_SECOND: t = g_date_time_add_seconds (base, n); break;
    case CRM_GRAIN_MINUTE: t = g_date_time_add_minutes (base, n); break;
    case CRM_GRAIN_HOUR: t = g_date_time_add_hours (base, n); break;
    case CRM_GRAIN_DAY: t = g_date_time_add_days (base, n); break;
    case CRM_GRAIN_WEEK: t = g_date_time_add_weeks (base, n); break;
    case CRM_GRAIN_MONTH: t = g_date_time_add_months (base, n); break;
    case CRM_GRAIN_QUARTER: t = g_date_time_add_months (base, 3 * n); break;
    default: t = g_date_time_add_years (base, n); break;
    }
  if (t == NULL)
    return;
  g_date_time_get_ymd (t, &lt->y, &lt->mo, &lt->d);
  lt->h = g_date_time_get_hour (t);
  lt->mi = g_date_time_get_minute (t);
  lt->s = g_date_time_get_second (t);
}

/* "by friday": from now to the last second before it. */
static gboolean
resolve_by (const Item        *it,
            GDateTime         *now,
            CrmTimeParseFlags  flags,
            Resolved          *a,
            Resolved          *b)
{
  TimeVal tv = it->tv;
  gboolean to_end = tv.part == PART_END;
  LocalTime n;

  tv.part = PART_NONE;
  if (!crm_time_resolve (&tv, now, NULL, flags, b))
    return FALSE;
  if (to_end || b->is_interval)
    {
      if (b->is_interval)
        b->start = b->end;
      lt_add (&b->start, b->grain, 1, now);
    }
  lt_add (&b->start, CRM_GRAIN_SECOND, -1, now);
  b->is_interval = FALSE;
  b->grain = CRM_GRAIN_SECOND;
  g_date_time_get_ymd (now, &n.y, &n.mo, &n.d);
  n.h = g_date_time_get_hour (now);
  n.mi = g_date_time_get_minute (now);
  n.s = g_date_time_get_second (now);
  memset (a, 0, sizeof *a);
  a->start = n;
  a->grain = CRM_GRAIN_SECOND;
  a->tz = TV_NO_TZ;
  return TRUE;
}

/* "next week", "this month", "2026": a whole period, ending on its last
 * day, so that callers need not work the end out. */
static void
set_last_day (Resolved *a)
{
  LocalTime e = a->start;
  int months = a->grain == CRM_GRAIN_QUARTER ? 2 : a->grain == CRM_GRAIN_YEAR ? 11 : 0;

  if (a->grain == CRM_GRAIN_WEEK)
    crm_civil_from_days (crm_days_from_civil (e.y, e.mo, e.d) + 6, &e.y, &e.mo, &e.d);
  else
    {
      e.mo += months;
      e.y += (e.mo - 1) / 12;
      e.mo = (e.mo - 1) % 12 + 1;
      e.d = crm_days_in_month (e.y, e.mo);
    }
  e.h = e.mi = e.s = 0;
  a->end = e;
  a->is_interval = TRUE;
}

static gboolean
resolve_item (const Item        *it,
              GDateTime         *now,
              CrmTimeParseFlags  flags,
              CrmTimeMatch      *m)
{
  Resolved a, b;

  if (it->flags & IF_BY)
    return resolve_by (it, now, flags, &a, &b) &&
           match_from_resolved (&a, &b, CRM_TIME_INTERVAL, now, m);
  if (!crm_time_resolve (&it->tv, now, NULL, flags, &a))
    return FALSE;
  if (it->flags & IF_SHIFT)
    {
      lt_add (&a.start, it->end_unit, it->end_n, now);
      return match_from_resolved (&a, NULL, it->ikind, now, m);
    }
  if (it->ikind == CRM_TIME_INTERVAL && it->end_n)
    {
      b = a;
      b.is_interval = FALSE;
      lt_add (&b.start, it->end_unit, it->end_n, now);
      return match_from_resolved (&a, &b, CRM_TIME_INTERVAL, now, m);
    }
  if (it->ikind == CRM_TIME_INTERVAL)
    {
      gboolean dated = crm_time_val_has_date (&it->tv2) || it->tv2.anchor != ANCHOR_NONE;

      if (!crm_time_resolve (&it->tv2, now, dated ? NULL : &a.start, flags, &b))
        return FALSE;
      return match_from_resolved (&a, &b, CRM_TIME_INTERVAL, now, m);
    }
  if (it->ikind == CRM_TIME_INSTANT && !a.is_interval && a.grain >= CRM_GRAIN_WEEK &&
      it->tv.anchor != ANCHOR_NOW)
    set_last_day (&a);
  return match_from_resolved (&a, NULL, it->ikind, now, m);
}

static void
fill_flags (const Item   *it,
            CrmTimeMatch *m)
{
  gboolean date = crm_time_val_has_date (&it->tv) || crm_time_val_has_date (&it->tv2);

  m->has_time = m->grain <= CRM_GRAIN_HOUR;
  m->has_date = date && (m->grain <= CRM_GRAIN_DAY);
  if (it->tv.anchor == ANCHOR_NOW && it->tv.anchor_unit <= CRM_GRAIN_HOUR)
    m->has_date = TRUE;
}

/* The pm hint a meal near token I gives a bare hour: "dinner … at eight"
 * is 20:00, "breakfast at 8" is 8:00. 0 when no meal is near. */
#define MEAL_REACH 6

static int
meal_hint (const Chart *c,
           guint        first,
           guint        last)
{
  static const struct { const char *word; int hint; } meals[] = {
    { "dinner", 3 }, { "supper", 3 }, { "dinners", 3 }, { "breakfast", 1 }, { "breakfasts", 1 },
  };
  guint from = first > MEAL_REACH ? first - MEAL_REACH : 0;
  guint to = MIN (c->ntoks, last + MEAL_REACH);

  for (guint i = from; i < to; i++)
    {
      const CrmTimeToken *t = &c->toks[i];
      gsize n = t->end - t->start;

      if (t->type != TOK_WORD || (i >= first && i < last) || n < 6 || n > 10)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (meals); k++)
        if (strlen (meals[k].word) == n && g_ascii_strncasecmp (c->text + t->start, meals[k].word, n) == 0)
          return meals[k].hint;
    }
  return 0;
}

static gboolean
item_to_match (const Chart       *c,
               const Item        *it,
               GDateTime         *now,
               CrmTimeMatch      *m)
{
  Item with_meal;

  if ((it->tv.hour12 && !it->tv.pm_hint) || (it->tv2.hour12 && !it->tv2.pm_hint))
    {
      int hint = meal_hint (c, it->first, it->last);

      if (hint)
        {
          with_meal = *it;
          if (with_meal.tv.hour12 && !with_meal.tv.pm_hint)
            with_meal.tv.pm_hint = hint;
          if (with_meal.tv2.hour12 && !with_meal.tv2.pm_hint)
            with_meal.tv2.pm_hint = hint;
          it = &with_meal;
        }
    }
  memset (m, 0, sizeof *m);
  if (!resolve_item (it, now, c->flags, m))
    {
      crm_time_match_clear (m);
      return FALSE;
    }
  m->span_start = c->toks[it->first].start;
  m->span_end = c->toks[it->last - 1].end;
  fill_flags (it, m);
  return TRUE;
}

/* Longer spans first, then the earlier, then the higher priority, then
 * the item built last (the most composed), as one integer to compare:
 * the larger comes first. */
static inline guint64
candidate_key (const Item *it,
               guint16     index)
{
  return (guint64) (it->last - it->first) << 32 | (guint64) (255 - it->first) << 24 |
         (guint64) (it->prio + 128) << 16 | index;
}

/* The candidates' keys, in the order of the chart. */
static guint
candidates (const Chart *c,
            guint64     *keys)
{
  guint n = 0;

  for (guint i = 0; i < c->nitems; i++)
    if (c->items[i].type == IT_TIME && !c->items[i].latent)
      keys[n++] = candidate_key (&c->items[i], (guint16) i);
  return n;
}

/* The index of the largest of N keys (they all differ, by index). */
static guint
best_candidate (const guint64 *keys,
                guint          n)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    if (keys[k] > keys[best])
      best = k;
  return best;
}

/* Drops the keys whose span meets [FIRST, LAST), read from the keys
 * themselves; the order of the rest does not matter. */
static guint
drop_overlapping (guint64 *keys,
                  guint    n,
                  guint    first,
                  guint    last)
{
  guint m = 0;

  for (guint k = 0; k < n; k++)
    {
      guint f = 255 - (guint) (keys[k] >> 24 & 0xff);

      if (f >= last || f + (guint) (keys[k] >> 32) <= first)
        keys[m++] = keys[k];
    }
  return m;
}

/* What is done with each match, in the order of the text. */
typedef void (*MatchFunc) (CrmTimeMatch *m,
                           gpointer      data);

static void
collect_matches (Chart     *c,
                 GDateTime *now,
                 gsize      offset,
                 MatchFunc  func,
                 gpointer   data)
{
  guint64 keys[CHART_MAX_ITEMS];
  /* spans do not overlap: at most one match a token */
  CrmTimeMatch found[CRM_TIME_MAX_TOKENS];
  guint n = candidates (c, keys);
  guint nfound = 0;

  /* the best candidate whose span is free, again and again: spans are
   * only ever used up, so this is the order of a sort of them all, and
   * most candidates are dropped before they would have been sorted */
  while (n > 0)
    {
      guint k = best_candidate (keys, n);
      const Item *it = &c->items[keys[k] & 0xffff];

      keys[k] = keys[--n];
      if (!item_to_match (c, it, now, &found[nfound]))
        continue;
      n = drop_overlapping (keys, n, it->first, it->last);
      found[nfound].span_start += offset;
      found[nfound].span_end += offset;
      nfound++;
    }
  /* by position */
  for (guint i = 1; i < nfound; i++)
    for (guint j = i; j > 0 && found[j - 1].span_start > found[j].span_start; j--)
      {
        CrmTimeMatch tmp = found[j];

        found[j] = found[j - 1];
        found[j - 1] = tmp;
      }
  for (guint i = 0; i < nfound; i++)
    func (&found[i], data);
}

/* ---------- public API ---------- */

void
crm_time_match_clear (CrmTimeMatch *match)
{
  g_clear_pointer (&match->start, g_date_time_unref);
  g_clear_pointer (&match->end, g_date_time_unref);
}

static GArray *
matches_new (void)
{
  GArray *matches = g_array_new (FALSE, TRUE, sizeof (CrmTimeMatch));

  g_array_set_clear_func (matches, (GDestroyNotify) crm_time_match_clear);
  return matches;
}

/* What a thread keeps from one text to the next: the chart is large
 * (every item of a window), and most texts are short, so that making and
 * freeing it for each costs as much as their parse. */
typedef struct
{
  Chart chart;
} ParseState;

static ParseState *
parse_state (void)
{
  /* the GPrivate frees it when the thread ends; the thread-local pointer
   * finds it without a call */
  static GPrivate state_key = G_PRIVATE_INIT (g_free);
  static _Thread_local ParseState *state;

  if (G_LIKELY (state != NULL))
    return state;
  state = g_new (ParseState, 1);
  state->chart.index = crm_time_rule_index ();
  g_private_set (&state_key, state);
  return state;
}

/* Texts longer than the token window are read window by window; a window
 * ends at a token boundary so no expression is cut inside a word. */
static void
find_all_into (Chart             *c,
               const char        *text,
               GDateTime         *now,
               CrmTimeParseFlags  flags,
               MatchFunc          func,
               gpointer           data)
{
  CrmTimeToken toks[CRM_TIME_MAX_TOKENS];
  gsize len, offset = 0;

  len = strlen (text);
  while (offset < len)
    {
      gsize consumed = 0;
      guint n = crm_time_tokenize (text + offset, len - offset, toks,
                                   CRM_TIME_MAX_TOKENS, &consumed);

      if (n == 0)
        break;
      chart_init (c, text + offset, toks, n, flags);
      saturate (c);
      dump_chart (c);
      collect_matches (c, now, offset, func, data);
      offset += consumed;
    }
}

static void
append_match (CrmTimeMatch *m,
              gpointer      data)
{
  g_array_append_vals (data, m, 1);
}

GArray *
crm_time_parser_find_all (const char        *text,
                          GDateTime         *now,
                          CrmTimeParseFlags  flags)
{
  GArray *matches = matches_new ();

  g_return_val_if_fail (text != NULL, matches);
  g_return_val_if_fail (now != NULL, matches);
  find_all_into (&parse_state ()->chart, text, now, flags, append_match, matches);
  return matches;
}

/* The match with the most letters and digits so far, the first of equals:
 * matches come in the order of the text. Most texts have one match, which
 * needs only a letter or a digit, so its count waits for a second. */
#define LEN_UNCOUNTED G_MAXSIZE

typedef struct
{
  const char   *text;
  gsize         len;    /* 0: no match yet */
  CrmTimeMatch *match;
} Best;

static gsize
content_in_span (const char *text,
                 guint       s,
                 guint       e,
                 gboolean    any)
{
  gsize n = 0;

  for (guint i = s; i < e && !(any && n); i++)
    n += g_ascii_isalnum (text[i]) || (guchar) text[i] >= 0x80;
  return n;
}

static void
keep_best (CrmTimeMatch *m,
           gpointer      data)
{
  Best *best = data;
  gsize l;

  if (best->len == 0)
    l = content_in_span (best->text, m->span_start, m->span_end, TRUE) ? LEN_UNCOUNTED : 0;
  else
    {
      if (best->len == LEN_UNCOUNTED)
        best->len = content_in_span (best->text, best->match->span_start,
                                     best->match->span_end, FALSE);
      l = content_in_span (best->text, m->span_start, m->span_end, FALSE);
    }
  if (l <= best->len)
    {
      crm_time_match_clear (m);
      return;
    }
  crm_time_match_clear (best->match);
  *best->match = *m;
  best->len = l;
}

gboolean
crm_time_parser_parse (const char        *text,
                       GDateTime         *now,
                       CrmTimeParseFlags  flags,
                       CrmTimeMatch      *match)
{
  Best best = { text, 0, match };

  g_return_val_if_fail (match != NULL, FALSE);
  memset (match, 0, sizeof *match);
  g_return_val_if_fail (text != NULL && now != NULL, FALSE);

  find_all_into (&parse_state ()->chart, text, now, flags, keep_best, &best);
  return best.len > 0;
}

const char *
crm_grain_to_string (CrmGrain grain)
{
  static const char * const names[] = {
    "second", "minute", "hour", "day", "week", "month", "quarter", "year",
  };

  g_return_val_if_fail (grain <= CRM_GRAIN_YEAR, "day");
  return names[grain];
}
