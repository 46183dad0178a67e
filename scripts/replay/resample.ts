/**
 * Seeded resampler: scales the real Taobao sample to any number of events while keeping its
 * distributions. Method (a bootstrap over customers):
 * - draw a real customer uniformly with replacement → keeps the distribution of events per
 *   customer, the behaviour mix (pv/cart/fav/buy) within a customer, item and category popularity
 *   (ids are kept), and the inter-event times;
 * - copy the customer's whole history under a new id (`<prefix>_<k>`), shifted by a whole number
 *   of days drawn uniformly in [0, spreadDays) into the past → keeps hour-of-day and day-of-week
 *   structure within the 9-day sample while spreading customers over a longer period (so 30/90/365-
 *   day windows see realistic variety);
 * - stop at the first customer that reaches `target` events (the last copy is truncated).
 */
import { rng } from './rng';
import type { TaobaoRow } from './sources';

/** Options of {@link resampleTaobao}. */
export interface ResampleOptions {
  seed?: number;
  /** Days to spread copies over (default 180). */
  spreadDays?: number;
  /** Id prefix of synthetic customers (default `rs`). */
  prefix?: string;
}

/** Real rows grouped by customer, in file order. */
export function groupByUser(rows: readonly TaobaoRow[]): TaobaoRow[][] {
  const m = new Map<string, TaobaoRow[]>();
  for (const r of rows) (m.get(r.userId) ?? m.set(r.userId, []).get(r.userId)!).push(r);
  return [...m.values()];
}

/** `target` resampled rows (userId replaced by the synthetic customer's id). */
export function resampleTaobao(
  rows: readonly TaobaoRow[],
  target: number,
  o: ResampleOptions = {},
): TaobaoRow[] {
  const users = groupByUser(rows);
  if (users.length === 0) return [];
  const rand = rng(o.seed ?? 2017);
  const spread = o.spreadDays ?? 180;
  const prefix = o.prefix ?? 'rs';
  const out: TaobaoRow[] = [];
  for (let k = 0; out.length < target; k++) {
    const src = users[Math.floor(rand() * users.length)];
    const shiftS = Math.floor(rand() * spread) * 86_400;
    const userId = `${prefix}${k}`;
    for (const r of src) {
      if (out.length >= target) break;
      out.push({
        userId,
        itemId: r.itemId,
        categoryId: r.categoryId,
        behavior: r.behavior,
        ts: r.ts - shiftS,
      });
    }
  }
  return out;
}
