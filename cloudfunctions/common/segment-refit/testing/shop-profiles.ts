/**
 * Seeded shop profiles for tests and the refit bench: loyal buyers, lapsed one-timers and
 * browsers who bought once — all buyers, the customers a refit fits on — and, apart, visitors who
 * never bought ({@link browseOnlyCustomers}: the non-buyer group, never in the fit). Folded by the
 * product's own reducer (via scripts/train/segmentation profileOf).
 */
import type { ReducedProfile } from '../../profile/types';
import { mulberry32 } from '../../random';
import type { BehaviorCustomer, BehaviorEvent } from '../../../../scripts/train/segmentation/behavior-data';
import { profileOf } from '../../../../scripts/train/segmentation/profiles-from-behavior';

const DAY = 86_400_000;

/** `n` customers' behaviour up to `asOf` (ids `u000000`…, in `_id` order). */
export function shopCustomers(n: number, asOf: number, seed = 9): BehaviorCustomer[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const events: BehaviorEvent[] = [];
    const k = kind === 0 ? 4 + Math.floor(rng() * 6) : kind === 1 ? 1 : 10 + Math.floor(rng() * 30);
    for (let j = 0; j < k; j++) {
      const daysAgo = kind === 1 ? 200 + rng() * 150 : rng() * 60;
      events.push({ ts: asOf - daysAgo * DAY, kind: kind === 2 ? (rng() < 0.8 ? 'view' : 'cart') : 'buy', amountYuan: 20 + rng() * 200, categoryId: `c${Math.floor(rng() * 5)}` });
    }
    // a browser's one order, before the browsing (a shop's refit fits buyers only: non-buyers.ts)
    if (kind === 2) events.push({ ts: asOf - (90 + rng() * 90) * DAY, kind: 'buy', amountYuan: 20 + rng() * 100, categoryId: 'c0' });
    return { id: `u${String(i).padStart(6, '0')}`, source: 'taobao' as const, asOf, events: events.sort((a, b) => a.ts - b.ts) };
  });
}

/** Profile documents as the `profiles` collection holds them. */
export const shopProfiles = (n: number, asOf: number, seed = 9): Array<ReducedProfile & { _id: string; openid: string; rev: number }> =>
  shopCustomers(n, asOf, seed).map((c) => ({ _id: c.id, openid: c.id, rev: 1, ...profileOf(c) }));

/** `n` visitors who only browsed (views, carts; no order) up to `asOf`, ids `b000000`…. */
export function browseOnlyCustomers(n: number, asOf: number, seed = 11): BehaviorCustomer[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const events: BehaviorEvent[] = Array.from({ length: 2 + Math.floor(rng() * 20) }, () => ({
      ts: asOf - rng() * 60 * DAY,
      kind: rng() < 0.8 ? ('view' as const) : ('cart' as const),
      categoryId: `c${Math.floor(rng() * 5)}`,
    }));
    return { id: `b${String(i).padStart(6, '0')}`, source: 'taobao' as const, asOf, events: events.sort((a, b) => a.ts - b.ts) };
  });
}

/** {@link browseOnlyCustomers} as profile documents. */
export const browseOnlyProfiles = (n: number, asOf: number, seed = 11): Array<ReducedProfile & { _id: string; openid: string; rev: number }> =>
  browseOnlyCustomers(n, asOf, seed).map((c) => ({ _id: c.id, openid: c.id, rev: 1, ...profileOf(c) }));
