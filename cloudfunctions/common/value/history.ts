/**
 * A customer's purchase history as the value models see it: distinct purchase days (one purchase
 * per customer-day, as BG/NBD counts them) with the money spent that day. Built from a CSV export
 * by the evaluation and from the profile's day buckets by the product, so both take one path.
 */

/** Distinct purchase days, ascending, with the amount spent each day (same length). */
export interface PurchaseHistory {
  /** day numbers (days since 1970-01-01 of the shop's calendar date), strictly ascending */
  days: number[];
  /** money spent on each of those days (any currency unit; the product uses fen) */
  amounts: number[];
}

/** The part of a history on or before day `cut` (inclusive). */
export function historyUpTo(h: PurchaseHistory, cut: number): PurchaseHistory {
  let n = 0;
  while (n < h.days.length && h.days[n] <= cut) n++;
  return n === h.days.length ? h : { days: h.days.slice(0, n), amounts: h.amounts.slice(0, n) };
}

/** Number of purchase days in (from, to]. */
export function purchaseDaysBetween(h: PurchaseHistory, from: number, to: number): number {
  let k = 0;
  for (const d of h.days) if (d > from && d <= to) k++;
  return k;
}

/** BG/NBD's summary of one customer at a cut-off, times in weeks (FHL's unit). */
export interface RfmSummary {
  /** repeat purchase days (purchase days after the first) */
  x: number;
  /** time of the last purchase, weeks after the first */
  tx: number;
  /** time from the first purchase to the cut-off, weeks */
  T: number;
}

/** Summary of a history (already cut) at day `cut`; the history must have at least one day. */
export function rfmAt(h: PurchaseHistory, cut: number): RfmSummary {
  const first = h.days[0];
  const last = h.days[h.days.length - 1];
  return { x: h.days.length - 1, tx: (last - first) / 7, T: (cut - first) / 7 };
}

/** `YYYY-MM-DD` of a day number (versions, data windows, reports). */
export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
