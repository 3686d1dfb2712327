/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time-parser"

#include "config.h"

#include <string.h>

#include "crm-time-private.h"

/* Resolution: a partial time value (the fields a phrase named, an anchor,
 * a generator such as "n-th weekday of") becomes wall-clock start, end and
 * grain, relative to "now". Calendar maths is done on plain integers; the
 * caller builds GDateTimes from the result. */

void
crm_time_val_init (TimeVal *tv)
{
  memset (tv, 0, sizeof *tv);
  tv->year = TV_UNSET_YEAR;
  tv->hour = tv->minute = tv->second = -1;
  tv->tz = TV_NO_TZ;
}

/* ---------- LocalTime helpers ---------- */

static void
lt_set_date (LocalTime *lt,
             gint64     days)
{
  crm_civil_from_days (days, &lt->y, &lt->mo, &lt->d);
  lt->h = lt->mi = lt->s = 0;
}

static gint64
lt_days (const LocalTime *lt)
{
  return crm_days_from_civil (lt->y, lt->mo, lt->d);
}

static gint64
lt_seconds (const LocalTime *lt)
{
  return lt_days (lt) * 86400 + lt->h * 3600 + lt->mi * 60 + lt->s;
}

static void
lt_from_seconds (LocalTime *lt,
                 gint64     secs)
{
  gint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  gint64 rem = secs - days * 86400;

  crm_civil_from_days (days, &lt->y, &lt->mo, &lt->d);
  lt->h = (int) (rem / 3600);
  lt->mi = (int) (rem % 3600 / 60);
  lt->s = (int) (rem % 60);
}

static void
lt_from_gdt (LocalTime *lt,
             GDateTime *dt)
{
  g_date_time_get_ymd (dt, &lt->y, &lt->mo, &lt->d);
  lt->h = g_date_time_get_hour (dt);
  lt->mi = g_date_time_get_minute (dt);
  lt->s = g_date_time_get_second (dt);
}

static void
lt_date (LocalTime *lt,
         int        y,
         int        mo,
         int        d)
{
  lt->y = y, lt->mo = mo, lt->d = d;
  lt->h = lt->mi = lt->s = 0;
}

static gint64
monday_of (const LocalTime *lt)
{
  return lt_days (lt) - (crm_weekday (lt->y, lt->mo, lt->d) - 1);
}

static void
month_add (int *y,
           int *m,
           int  n)
{
  int k = *y * 12 + (*m - 1) + n;

  *y = k >= 0 ? k / 12 : (k - 11) / 12;
  *m = k - *y * 12 + 1;
}

static void
lt_truncate (LocalTime *lt,
             CrmGrain   grain)
{
  switch (grain)
    {
    case CRM_GRAIN_YEAR:
      lt->mo = 1;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_QUARTER:
      lt->mo = (lt->mo - 1) / 3 * 3 + 1;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_MONTH:
      lt->d = 1;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_DAY:
      lt->h = 0;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_HOUR:
      lt->mi = 0;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_MINUTE:
      lt->s = 0;
      G_GNUC_FALLTHROUGH;
    case CRM_GRAIN_SECOND:
      break;
    case CRM_GRAIN_WEEK:
      lt_set_date (lt, monday_of (lt));
      break;
    default:
      break;
    }
}

/* ---------- intervals of a part of day, of a month… ---------- */

static void
pod_hours (guint pod,
           int  *h0,
           int  *h1)
{
  static const int hours[][2] = {
    [POD_NONE] = { 0, 24 }, [POD_MORNING] = { 0, 12 }, [POD_EARLY_MORNING] = { 0, 9 },
    [POD_AFTERNOON] = { 12, 19 }, [POD_EVENING] = { 18, 24 }, [POD_NIGHT] = { 18, 24 },
    [POD_LATE_NIGHT] = { 21, 24 }, [POD_LUNCH] = { 12, 14 },
    [POD_AFTER_LUNCH] = { 13, 17 }, [POD_AFTER_SCHOOL] = { 15, 21 },
    [POD_LAST_NIGHT] = { 18, 24 },
  };

  *h0 = hours[pod][0];
  *h1 = hours[pod][1];
}

static void
set_day_interval (Resolved *out,
                  gint64    first,
                  gint64    last)
{
  lt_set_date (&out->start, first);
  lt_set_date (&out->end, last);
  out->is_interval = first != last;
  out->grain = CRM_GRAIN_DAY;
}

static void
set_pod_interval (Resolved *out,
                  gint64    day,
                  guint     pod)
{
  int h0, h1;

  pod_hours (pod, &h0, &h1);
  lt_set_date (&out->start, day);
  out->start.h = h0;
  lt_set_date (&out->end, day);
  out->end.h = h1 - 1;
  out->is_interval = TRUE;
  out->grain = CRM_GRAIN_HOUR;
}

static gboolean
apply_part (const TimeVal *tv,
            Resolved      *out,
            const LocalTime *now)
{
  LocalTime s = out->start;
  gint64 first;

  if (tv->part == PART_NONE)
    return TRUE;
  first = lt_days (&s);
  if (out->grain == CRM_GRAIN_MONTH)
    {
      int last = crm_days_in_month (s.y, s.mo);
      int from = tv->part == PART_BEGIN ? 1 : tv->part == PART_MID ? 11 : 21;
      int to = tv->part == PART_BEGIN ? 10 : tv->part == PART_MID ? 20 : last;

      if (tv->part == PART_REST)
        from = now->d, to = last;
      set_day_interval (out, first + from - 1, first + to - 1);
      return tv->part != PART_ALL;
    }
  if (out->grain == CRM_GRAIN_YEAR)
    {
      out->start.mo = tv->part == PART_END ? 9 : 1;
      out->end = s;
      out->end.mo = tv->part == PART_END ? 12 : tv->part == PART_MID ? 8 : 3;
      if (tv->part == PART_MID)
        out->start.mo = 5;
      out->is_interval = TRUE;
      out->grain = CRM_GRAIN_MONTH;
      return tv->part != PART_REST && tv->part != PART_ALL;
    }
  if (out->grain == CRM_GRAIN_WEEK)
    {
      if (tv->part == PART_BEGIN)
        set_day_interval (out, first, first + 2);
      else if (tv->part == PART_END)
        set_day_interval (out, first + 4, first + 6);
      else if (tv->part == PART_REST)
        set_day_interval (out, lt_days (now), first + 5);
      else if (tv->part == PART_ALL)
        set_day_interval (out, first, first + 5);
      else
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

/* ---------- dates ---------- */

/* The day of the month that TV picks in Y-M, 0 when none. */
static int
day_in_month (const TimeVal *tv,
              int            y,
              int            m)
{
  int last = crm_days_in_month (y, m);
  int d = 0;

  if (tv->op == OP_NTH_WDAY)
    {
      int first = crm_weekday (y, m, 1);
      if (tv->op_n > 0)
        d = 1 + (tv->op_arg - first + 7) % 7 + 7 * (tv->op_n - 1);
      else
        {
          int lw = crm_weekday (y, m, last);
          d = last - (lw - tv->op_arg + 7) % 7 + 7 * (tv->op_n + 1);
        }
    }
  else if (tv->op == OP_NTH_DAY)
    d = tv->op_n > 0 ? tv->op_n : last + 1 + tv->op_n;
  else if (tv->mday)
    d = tv->mday;
  if (d < 1 || d > last)
    return 0;
  if (tv->wday && crm_weekday (y, m, d) != tv->wday)
    return 0;
  return d;
}

/* Weeks (Monday to Sunday) wholly inside FIRST..LAST, the N-th of them
 * (negative: from the end). */
static gboolean
nth_week_in (gint64  first,
             gint64  last,
             int     n,
             gint64 *monday)
{
  int y, m, d;
  gint64 m0, m1;

  crm_civil_from_days (first, &y, &m, &d);
  m0 = first + (8 - crm_weekday (y, m, d)) % 7;
  crm_civil_from_days (last, &y, &m, &d);
  m1 = last - 6 - (crm_weekday (y, m, d) % 7);
  if (crm_weekday (y, m, d) == 7)
    m1 = last - 6;
  *monday = n > 0 ? m0 + 7 * (n - 1) : m1 + 7 * (n + 1);
  return *monday >= m0 && *monday <= m1;
}

static gboolean
resolve_in_month (const TimeVal *tv,
                  int            y,
                  int            m,
                  Resolved      *out)
{
  int d;

  if (tv->op == OP_NTH_WEEK)
    {
      gint64 monday, first = crm_days_from_civil (y, m, 1);

      if (!nth_week_in (first, first + crm_days_in_month (y, m) - 1, tv->op_n, &monday))
        return FALSE;
      lt_set_date (&out->start, monday);
      out->grain = CRM_GRAIN_WEEK;
      return TRUE;
    }
  if (tv->op == OP_WEEKEND)
    {
      TimeVal fri = *tv;
      gint64 day;

      fri.op = OP_NTH_WDAY, fri.op_arg = 5;
      if ((d = day_in_month (&fri, y, m)) == 0)
        return FALSE;
      day = crm_days_from_civil (y, m, d);
      lt_set_date (&out->start, day);
      out->start.h = 18;
      lt_set_date (&out->end, day + 2);
      out->end.h = 23;
      out->is_interval = TRUE;
      out->grain = CRM_GRAIN_HOUR;
      return TRUE;
    }
  if (!tv->mday && tv->op == OP_NONE && !tv->wday)
    {
      lt_date (&out->start, y, m, 1);
      out->grain = CRM_GRAIN_MONTH;
      return TRUE;
    }
  if ((d = day_in_month (tv, y, m)) == 0)
    return FALSE;
  lt_date (&out->start, y, m, d);
  out->grain = CRM_GRAIN_DAY;
  return TRUE;
}

static gboolean
resolve_month_search (const TimeVal   *tv,
                      const LocalTime *now,
                      Resolved        *out)
{
  gint64 today = lt_days (now);
  int m = tv->month;
  gboolean month_grain = !tv->mday && !tv->wday && tv->op == OP_NONE;

  if (tv->dir != 0 || month_grain)
    {
      int y = now->y;

      if (tv->dir > 0)
        y += m <= now->mo;
      else if (tv->dir < 0)
        y -= m >= now->mo;
      else
        y += m < now->mo;
      if (tv->dir > 1)
        y += tv->dir - 1;
      return resolve_in_month (tv, y, m, out);
    }
  for (int k = 0; k <= 5; k++)
    if (resolve_in_month (tv, now->y + k, m, out) &&
        lt_days (&out->start) >= today)
      return TRUE;
  for (int k = 0; k <= 30; k++)
    if (resolve_in_month (tv, now->y - k, m, out))
      return TRUE;
  return FALSE;
}

static gboolean
resolve_mday_search (const TimeVal   *tv,
                     const LocalTime *now,
                     Resolved        *out)
{
  gint64 today = lt_days (now);

  for (int k = 0; k < 48; k++)
    {
      int y = now->y, m = now->mo;

      month_add (&y, &m, k);
      if (resolve_in_month (tv, y, m, out) && lt_days (&out->start) >= today)
        return TRUE;
    }
  return FALSE;
}

static gboolean
resolve_in_year (const TimeVal *tv,
                 int            y,
                 Resolved      *out)
{
  if (tv->month)
    return resolve_in_month (tv, y, tv->month, out);
  if (tv->quarter)
    {
      lt_date (&out->start, y, (tv->quarter - 1) * 3 + 1, 1);
      out->grain = CRM_GRAIN_QUARTER;
      return TRUE;
    }
  if (tv->op == OP_NTH_WEEK)
    {
      gint64 monday, first = crm_days_from_civil (y, 1, 1);

      if (!nth_week_in (first, crm_days_from_civil (y, 12, 31), tv->op_n, &monday))
        return FALSE;
      lt_set_date (&out->start, monday);
      out->grain = CRM_GRAIN_WEEK;
      return TRUE;
    }
  if (tv->mday || tv->wday || tv->op != OP_NONE)
    return FALSE;
  lt_date (&out->start, y, 1, 1);
  out->grain = CRM_GRAIN_YEAR;
  return TRUE;
}

static gboolean
holiday_in_year (const TimeVal *tv,
                 int            y,
                 Resolved      *out)
{
  int m, d, ndays;
  gint64 first;

  if (!crm_holiday_date (tv->op_arg, y, &m, &d, &ndays))
    return FALSE;
  first = crm_days_from_civil (y, m, d);
  set_day_interval (out, first, first + ndays - 1);
  return TRUE;
}

static int
anchor_year (const TimeVal   *tv,
             GDateTime       *now_dt,
             const LocalTime *now)
{
  if (tv->year != TV_UNSET_YEAR)
    return tv->year;
  if (tv->anchor == ANCHOR_CAL && tv->anchor_unit == CRM_GRAIN_YEAR)
    return now->y + tv->anchor_n;
  if (tv->anchor == ANCHOR_NOW)
    {
      int y = now->y, m = now->mo;

      if (tv->anchor_unit == CRM_GRAIN_YEAR)
        y += tv->anchor_n;
      else if (tv->anchor_unit == CRM_GRAIN_MONTH)
        month_add (&y, &m, tv->anchor_n);
      else
        {
          int d;
          gint64 shift = tv->anchor_unit == CRM_GRAIN_WEEK ? 7 : tv->anchor_unit == CRM_GRAIN_DAY;

          crm_civil_from_days (lt_days (now) + shift * tv->anchor_n, &y, &m, &d);
        }
      return y;
    }
  return G_MININT;
}

static gboolean
resolve_holiday (const TimeVal   *tv,
                 GDateTime       *now_dt,
                 const LocalTime *now,
                 Resolved        *out)
{
  int y = anchor_year (tv, now_dt, now);
  gint64 today = lt_days (now);

  if (y != G_MININT)
    return holiday_in_year (tv, y, out);
  if (tv->dir < 0)
    {
      for (int k = 0; k < 3; k++)
        if (holiday_in_year (tv, now->y - k, out) && lt_days (&out->start) < today)
          return TRUE;
      return FALSE;
    }
  for (int k = 0; k < 3; k++)
    if (holiday_in_year (tv, now->y + k, out) &&
        lt_days (out->is_interval ? &out->end : &out->start) >= today)
      return TRUE;
  return FALSE;
}

/* Astronomical seasons, rounded to the days Duckling uses. */
static void
season_bounds (int     season,
               int     y,
               gint64 *first,
               gint64 *last)
{
  static const int start[4][2] = { { 3, 20 }, { 6, 21 }, { 9, 23 }, { 12, 21 } };
  static const int end[4][2] = { { 6, 20 }, { 9, 23 }, { 12, 20 }, { 3, 20 } };

  *first = crm_days_from_civil (y, start[season][0], start[season][1]);
  *last = crm_days_from_civil (season == 3 ? y + 1 : y, end[season][0], end[season][1]);
}

static gboolean
resolve_season (const TimeVal   *tv,
                const LocalTime *now,
                Resolved        *out)
{
  gint64 today = lt_days (now), first, last;
  int season = tv->op_arg, y = now->y - 1;

  if (season == 4)
    {
      /* "this season", "next season": counted from the one we are in */
      for (int k = 0; k < 12; k++)
        {
          season_bounds (k % 4, now->y - 1 + k / 4, &first, &last);
          if (today >= first && today <= last)
            {
              int t = k + (tv->anchor == ANCHOR_CAL ? tv->anchor_n : 0);

              season_bounds (((t % 4) + 4) % 4, now->y - 1 + (t >= 0 ? t / 4 : (t - 3) / 4),
                             &first, &last);
              set_day_interval (out, first, last);
              return TRUE;
            }
        }
      return FALSE;
    }
  for (; y <= now->y + 1; y++)
    {
      season_bounds (season, y, &first, &last);
      if (last >= today)
        break;
    }
  if (tv->anchor == ANCHOR_CAL)
    season_bounds (season, y + tv->anchor_n, &first, &last);
  set_day_interval (out, first, last);
  return TRUE;
}

static gboolean
resolve_weekend (const TimeVal   *tv,
                 const LocalTime *now,
                 Resolved        *out)
{
  gint64 monday = monday_of (now);

  if (tv->anchor == ANCHOR_CAL && tv->anchor_unit == CRM_GRAIN_WEEK)
    monday += 7 * tv->anchor_n;
  lt_set_date (&out->start, monday + 4);
  out->start.h = 18;
  lt_set_date (&out->end, monday + 6);
  out->end.h = 23;
  out->is_interval = TRUE;
  out->grain = CRM_GRAIN_HOUR;
  return TRUE;
}

static gboolean
resolve_cal_anchor (const TimeVal   *tv,
                    const LocalTime *now,
                    Resolved        *out)
{
  int n = tv->anchor_n, y = now->y, m = now->mo;

  switch (tv->anchor_unit)
    {
    case CRM_GRAIN_DAY:
      lt_set_date (&out->start, lt_days (now) + n);
      out->grain = CRM_GRAIN_DAY;
      return TRUE;
    case CRM_GRAIN_WEEK:
      lt_set_date (&out->start, monday_of (now) + 7 * n + (tv->wday ? tv->wday - 1 : 0));
      out->grain = tv->wday ? CRM_GRAIN_DAY : CRM_GRAIN_WEEK;
      return TRUE;
    case CRM_GRAIN_MONTH:
      month_add (&y, &m, n);
      return resolve_in_month (tv, y, m, out);
    case CRM_GRAIN_QUARTER:
      m = (m - 1) / 3 * 3 + 1;
      month_add (&y, &m, 3 * n);
      lt_date (&out->start, y, m, 1);
      out->grain = CRM_GRAIN_QUARTER;
      return TRUE;
    case CRM_GRAIN_YEAR:
      return resolve_in_year (tv, y + n, out);
    default:
      {
        static const int secs[] = { 1, 60, 3600 };
        LocalTime t = *now;

        lt_truncate (&t, tv->anchor_unit);
        lt_from_seconds (&out->start, lt_seconds (&t) + (gint64) n * secs[tv->anchor_unit]);
        out->grain = tv->anchor_unit;
        return TRUE;
      }
    }
}

static gboolean
resolve_date (const TimeVal   *tv,
              GDateTime       *now_dt,
              const LocalTime *now,
              Resolved        *out)
{
  gint64 today = lt_days (now);

  if (tv->op == OP_HOLIDAY)
    return resolve_holiday (tv, now_dt, now, out);
  if (tv->op == OP_SEASON)
    return resolve_season (tv, now, out);
  if (tv->op == OP_WEEKEND && !tv->month)
    return resolve_weekend (tv, now, out);
  if (tv->op == OP_NTH_WDAY_AFTER_NOW)
    {
      int wd = crm_weekday (now->y, now->mo, now->d);
      gint64 d = tv->op_n > 0 ? today + (tv->op_arg - wd + 6) % 7 + 1 + 7 * (tv->op_n - 1)
                              : today - (wd - tv->op_arg + 6) % 7 - 1 + 7 * (tv->op_n + 1);
      set_day_interval (out, d, d);
      return TRUE;
    }
  if (tv->anchor == ANCHOR_CAL)
    return resolve_cal_anchor (tv, now, out);
  if (tv->year != TV_UNSET_YEAR)
    return resolve_in_year (tv, tv->year, out);
  if (tv->quarter)
    return resolve_in_year (tv, now->y, out);
  if (tv->month)
    return resolve_month_search (tv, now, out);
  if (tv->mday || tv->op == OP_NTH_DAY)
    return resolve_mday_search (tv, now, out);
  if (tv->wday)
    {
      int wd = crm_weekday (now->y, now->mo, now->d);
      set_day_interval (out, today + (tv->wday - wd + 6) % 7 + 1, today + (tv->wday - wd + 6) % 7 + 1);
      return TRUE;
    }
  return FALSE;
}

/* ---------- times of day ---------- */

static CrmGrain
tod_grain (const TimeVal *tv)
{
  if (tv->second >= 0)
    return CRM_GRAIN_SECOND;
  if (tv->minute >= 0)
    return CRM_GRAIN_MINUTE;
  return CRM_GRAIN_HOUR;
}

/* The hours a time of day may mean: "3" is 3:00 or 15:00 for Duckling; in
 * a command 1-7 is afternoon. An hour of 24 is midnight after the day. */
static guint
hour_candidates (const TimeVal     *tv,
                 CrmTimeParseFlags  flags,
                 gboolean           dated,
                 int               *hours)
{
  int h = tv->hour;

  if (!tv->hour12)
    return hours[0] = h, 1;
  if (tv->pm_hint == 2)
    return hours[0] = h == 12 ? ((flags & CRM_TIME_PARSE_COMMAND) || tv->minute > 0 ? 12 : 24)
                              : h + 12, 1;
  if (tv->pm_hint == 3)
    return hours[0] = h == 12 ? 12 : h + 12, 1;
  if (tv->pm_hint == 1)
    return hours[0] = h == 12 ? 0 : h, 1;
  if (flags & CRM_TIME_PARSE_COMMAND)
    return hours[0] = (h >= 1 && h <= 7) ? h + 12 : h, 1;
  if (dated)
    return hours[0] = h, 1;
  hours[0] = h % 12;
  hours[1] = h % 12 + 12;
  return 2;
}

static void
set_tod (LocalTime     *lt,
         const TimeVal *tv,
         int            hour)
{
  lt->h = hour;
  lt->mi = MAX (tv->minute, 0);
  lt->s = MAX (tv->second, 0);
  if (hour == 24)
    {
      lt_set_date (lt, lt_days (lt) + 1);
      lt->mi = MAX (tv->minute, 0);
      lt->s = MAX (tv->second, 0);
    }
}

static gboolean
resolve_time_only (const TimeVal     *tv,
                   const LocalTime   *now,
                   gboolean           strict,
                   CrmTimeParseFlags  flags,
                   Resolved          *out)
{
  int hours[2];
  guint n;
  gint64 best = G_MAXINT64, nows = lt_seconds (now);

  if (tv->hour < 0)
    {
      int h0, h1;
      gint64 day = lt_days (now);

      pod_hours (tv->pod, &h0, &h1);
      if ((flags & CRM_TIME_PARSE_COMMAND) && now->h >= h0 && !tv->dir)
        day++;
      set_pod_interval (out, day, tv->pod);
      return TRUE;
    }
  n = hour_candidates (tv, flags, FALSE, hours);
  for (guint i = 0; i < n; i++)
    {
      LocalTime t = *now;
      gint64 secs;

      set_tod (&t, tv, hours[i]);
      secs = lt_seconds (&t);
      /* Duckling counts the hour we are in as still to come */
      if (strict || (flags & CRM_TIME_PARSE_COMMAND) ? secs <= nows
                                                      : secs / 3600 < nows / 3600)
        secs += 86400;
      best = MIN (best, secs);
    }
  lt_from_seconds (&out->start, best);
  out->grain = tod_grain (tv);
  return TRUE;
}

static gboolean
apply_tod (const TimeVal     *tv,
           CrmTimeParseFlags  flags,
           Resolved          *out)
{
  int hours[2];

  if (!crm_time_val_has_tod (tv))
    return TRUE;
  if (out->grain != CRM_GRAIN_DAY || out->is_interval)
    return FALSE;
  if (tv->hour < 0)
    {
      set_pod_interval (out, lt_days (&out->start), tv->pod);
      return TRUE;
    }
  hour_candidates (tv, flags, TRUE, hours);
  set_tod (&out->start, tv, hours[0]);
  out->grain = tod_grain (tv);
  return TRUE;
}

/* ---------- offsets from now ---------- */

static CrmGrain
finer_grain (CrmGrain unit)
{
  switch (unit)
    {
    case CRM_GRAIN_SECOND:
    case CRM_GRAIN_MINUTE:
      return CRM_GRAIN_SECOND;
    case CRM_GRAIN_HOUR:
      return CRM_GRAIN_MINUTE;
    case CRM_GRAIN_DAY:
      return CRM_GRAIN_HOUR;
    case CRM_GRAIN_YEAR:
      return CRM_GRAIN_MONTH;
    default:
      return CRM_GRAIN_DAY;
    }
}

static GDateTime *
add_units (GDateTime *now,
           CrmGrain   unit,
           int        n)
{
  switch (unit)
    {
    case CRM_GRAIN_SECOND:
      return g_date_time_add_seconds (now, n);
    case CRM_GRAIN_MINUTE:
      return g_date_time_add_minutes (now, n);
    case CRM_GRAIN_HOUR:
      return g_date_time_add_hours (now, n);
    case CRM_GRAIN_DAY:
      return g_date_time_add_days (now, n);
    case CRM_GRAIN_WEEK:
      return g_date_time_add_weeks (now, n);
    case CRM_GRAIN_MONTH:
      return g_date_time_add_months (now, n);
    case CRM_GRAIN_QUARTER:
      return g_date_time_add_months (now, 3 * n);
    default:
      return g_date_time_add_years (now, n);
    }
}

static gboolean
resolve_from_now (const TimeVal     *tv,
                  GDateTime         *now,
                  CrmTimeParseFlags  flags,
                  Resolved          *out)
{
  g_autoptr(GDateTime) t = add_units (now, tv->anchor_unit, tv->anchor_n);

  if (t == NULL)
    return FALSE;
  lt_from_gdt (&out->start, t);
  out->grain = tv->dir ? CRM_GRAIN_DAY : finer_grain (tv->anchor_unit);
  lt_truncate (&out->start, out->grain);
  if (crm_time_val_has_tod (tv))
    {
      lt_truncate (&out->start, CRM_GRAIN_DAY);
      out->grain = CRM_GRAIN_DAY;
      return apply_tod (tv, flags, out);
    }
  return TRUE;
}

/**
 * crm_time_resolve:
 * TV against NOW (or REF, the start of an interval whose end TV is).
 */
gboolean
crm_time_resolve (const TimeVal     *tv,
                  GDateTime         *now,
                  const LocalTime   *ref,
                  CrmTimeParseFlags  flags,
                  Resolved          *out)
{
  LocalTime n;

  memset (out, 0, sizeof *out);
  out->tz = tv->tz;
  if (ref)
    n = *ref;
  else
    lt_from_gdt (&n, now);
  if (tv->anchor == ANCHOR_NOW && tv->op != OP_HOLIDAY)
    return resolve_from_now (tv, now, flags, out);
  if (tv->op == OP_WEEK_OF)
    {
      TimeVal day = *tv;

      day.op = OP_NONE;
      if (!crm_time_resolve (&day, now, ref, flags, out) || out->grain != CRM_GRAIN_DAY)
        return FALSE;
      lt_truncate (&out->start, CRM_GRAIN_WEEK);
      out->grain = CRM_GRAIN_WEEK;
      return TRUE;
    }
  if (tv->anchor == ANCHOR_CAL && tv->anchor_unit < CRM_GRAIN_DAY)
    return resolve_cal_anchor (tv, &n, out);
  if (!crm_time_val_has_date (tv))
    return crm_time_val_has_tod (tv) && resolve_time_only (tv, &n, ref != NULL, flags, out);
  if (!resolve_date (tv, now, &n, out))
    return FALSE;
  if (!apply_part (tv, out, &n))
    return FALSE;
  return apply_tod (tv, flags, out);
}
