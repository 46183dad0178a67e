/**
 * Candidate feature families for the CDNOW ceiling (`clv-ceiling.ts --candidates`): information in a
 * file of (customer, date, amount) rows that the value model's features do not summarise. Each is
 * computed at a cut-off from the purchase days on or before it and their amounts only, so any that
 * raised the ceiling could become a product family. The list was fixed before the first run (see
 * models/value/history/ceiling.md; the summary is models/value/report.md, "How far the file
 * allows"); a value that is undefined for a customer (too few purchase days) is NaN here, and each
 * learner decides how to encode it.
 */
import { historyUpTo, type PurchaseHistory } from '../../cloudfunctions/common/value/history';

/** What a family needs besides the history: the cut-off and the cohort's first purchase day. */
export interface SignalContext {
  cut: number;
  /** earliest first purchase day over all customers (for the acquisition date within the cohort) */
  cohortStart: number;
}

/** One candidate family: column names and their values for a history cut at `ctx.cut`. */
export interface SignalFamily {
  name: string;
  columns: readonly string[];
  compute(h: PurchaseHistory, ctx: SignalContext): number[];
}

const gapsOf = (days: readonly number[]) => days.slice(1).map((d, i) => d - days[i]);
const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const countIn = (days: readonly number[], from: number, to: number) =>
  days.filter((d) => d > from && d <= to).length;
/** 0 = Sunday (day 0, 1970-01-01, was a Thursday). */
export const weekdayOf = (day: number) => (day + 4) % 7;
const monthDayOf = (day: number) => new Date(day * 86_400_000).getUTCDate();

/** Minka's closed-form approximation of a gamma shape from s = log(mean) − mean(log). */
export function gammaShapeFromS(s: number): number {
  if (!(s > 0)) return NaN;
  return (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
}

const gaps: SignalFamily = {
  name: 'gaps',
  columns: ['last_gap', 'prev_gap', 'last_over_mean_gap', 'wheat_morrison_m', 'overdue_quantile', 'since_over_max_gap'],
  compute({ days }, { cut }) {
    const g = gapsOf(days);
    if (!g.length) return [NaN, NaN, NaN, NaN, NaN, NaN];
    const last = g[g.length - 1];
    const prev = g.length > 1 ? g[g.length - 2] : NaN;
    const since = cut - days[days.length - 1];
    return [
      last,
      prev,
      last / mean(g),
      g.length > 1 ? last / (last + prev) : NaN,
      g.filter((x) => x < since).length / g.length,
      since / Math.max(...g),
    ];
  },
};

const early: SignalFamily = {
  name: 'early',
  columns: ['repeat_days_first_30', 'repeat_days_first_60', 'repeat_days_first_90', 'days_to_second'],
  compute({ days }) {
    const f = days[0];
    return [countIn(days, f, f + 30), countIn(days, f, f + 60), countIn(days, f, f + 90), days.length > 1 ? days[1] - f : NaN];
  },
};

const acquisition: SignalFamily = {
  name: 'acquisition',
  columns: ['log_first_amount', 'first_over_later_mean', 'acquisition_day_in_cohort'],
  compute({ days, amounts }, { cohortStart }) {
    const later = amounts.slice(1);
    return [Math.log1p(amounts[0]), later.length ? amounts[0] / mean(later) : NaN, days[0] - cohortStart];
  },
};

const trend: SignalFamily = {
  name: 'trend',
  columns: ['late_minus_early_days_share', 'late_over_early_gap', 'late_minus_early_log_spend', 'log_last_over_first_amount'],
  compute({ days, amounts }, { cut }) {
    const n = days.length;
    const mid = (days[0] + cut) / 2;
    const late = days.filter((d) => d > mid).length;
    const g = gapsOf(days);
    const half = Math.floor(g.length / 2);
    const hd = Math.floor(n / 2);
    const logMean = (v: readonly number[]) => Math.log1p(mean(v));
    return [
      (late - (n - late)) / n,
      g.length >= 2 ? mean(g.slice(g.length - half)) / mean(g.slice(0, half)) : NaN,
      n >= 2 ? logMean(amounts.slice(n - hd)) - logMean(amounts.slice(0, hd)) : NaN,
      n >= 2 ? Math.log1p(amounts[n - 1]) - Math.log1p(amounts[0]) : NaN,
    ];
  },
};

const weekly: SignalFamily = {
  name: 'weekly',
  columns: Array.from({ length: 12 }, (_, w) => `bought_week_${w + 1}_before`),
  compute({ days }, { cut }) {
    return Array.from({ length: 12 }, (_, w) => (countIn(days, cut - 7 * (w + 1), cut - 7 * w) > 0 ? 1 : 0));
  },
};

const calendar: SignalFamily = {
  name: 'calendar',
  columns: ['weekend_share', 'month_days_1_10_share', 'month_days_21_31_share', 'first_weekday', 'top_weekday_share'],
  compute({ days }) {
    const wd = days.map(weekdayOf);
    const md = days.map(monthDayOf);
    const byDay = new Array<number>(7).fill(0);
    for (const w of wd) byDay[w]++;
    const n = days.length;
    return [
      wd.filter((w) => w === 0 || w === 6).length / n,
      md.filter((d) => d <= 10).length / n,
      md.filter((d) => d >= 21).length / n,
      wd[0],
      Math.max(...byDay) / n,
    ];
  },
};

const amountsFamily: SignalFamily = {
  name: 'amounts',
  columns: ['amount_cv', 'log_max_amount', 'log_min_amount', 'log_median_amount'],
  compute({ amounts }) {
    const m = mean(amounts);
    const sd = Math.sqrt(mean(amounts.map((a) => (a - m) ** 2)));
    const sorted = [...amounts].sort((x, y) => x - y);
    const k = sorted.length;
    const median = k % 2 ? sorted[(k - 1) / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    return [m > 0 ? sd / m : 0, Math.log1p(sorted[k - 1]), Math.log1p(sorted[0]), Math.log1p(median)];
  },
};

const pggg: SignalFamily = {
  name: 'pggg',
  columns: ['mean_log_gap', 'gap_log_dispersion', 'gamma_shape_k'],
  compute({ days }) {
    const g = gapsOf(days);
    if (g.length < 2) return [NaN, NaN, NaN];
    const ml = mean(g.map(Math.log));
    const s = Math.log(mean(g)) - ml;
    return [ml, s, gammaShapeFromS(s)];
  },
};

const SEQUENCE_WEEKS = 39;
const sequence: SignalFamily = {
  name: 'sequence',
  columns: Array.from({ length: SEQUENCE_WEEKS }, (_, w) => `days_week_${w + 1}_before`),
  compute({ days }, { cut }) {
    return Array.from({ length: SEQUENCE_WEEKS }, (_, w) => countIn(days, cut - 7 * (w + 1), cut - 7 * w));
  },
};

/** The candidate families in the order fixed before the first run. */
export const SIGNAL_FAMILIES: readonly SignalFamily[] = [
  gaps,
  early,
  acquisition,
  trend,
  weekly,
  calendar,
  amountsFamily,
  pggg,
  sequence,
];

/** The columns of `families` for one customer at `ctx.cut` (the history is cut there first). */
export function signalRow(h: PurchaseHistory, ctx: SignalContext, families: readonly SignalFamily[]): number[] {
  const cut = historyUpTo(h, ctx.cut);
  return families.flatMap((f) => f.compute(cut, ctx));
}
