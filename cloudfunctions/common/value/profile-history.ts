/**
 * A profile's day buckets as the value model's customer history: purchase days (pu > 0) with the
 * fen spent, and the behaviour counters per day. Buckets folded into archive totals (older than
 * 400 days before the last activity) are not day-resolved any more and are left out: the model
 * looks at the last year or so, which is what the 90-day horizon needs.
 */
import { dayIndexOfKey } from '../profile/day';
import type { DayBucket, ReducedProfile } from '../profile/types';
import type { BehaviourDay } from './features';
import type { CustomerHistory } from './learned';

// Day keys repeat across every profile of a shop (the same calendar days): parse each once.
const dayOfKey = new Map<string, number>();

function dayOf(key: string): number {
  let day = dayOfKey.get(key);
  if (day === undefined) {
    day = dayIndexOfKey(key);
    if (dayOfKey.size > 20_000) dayOfKey.clear();
    dayOfKey.set(key, day);
  }
  return day;
}

/** The customer history in a profile. */
export function historyOfProfile(p: Pick<ReducedProfile, 'd'>): CustomerHistory {
  const buckets: [number, DayBucket][] = [];
  let sorted = true;
  const d = p.d ?? {};
  for (const k of Object.keys(d)) {
    const day = dayOf(k);
    if (!Number.isFinite(day)) continue;
    if (buckets.length && day < buckets[buckets.length - 1][0]) sorted = false;
    buckets.push([day, d[k]]);
  }
  // Buckets are written in day order, so the sort is usually skipped.
  if (!sorted) buckets.sort((x, y) => x[0] - y[0]);
  const days: number[] = [];
  const amounts: number[] = [];
  const behaviour: BehaviourDay[] = [];
  for (const [day, b] of buckets) {
    if ((b.pu ?? 0) > 0 && (b.fen ?? 0) >= 0) {
      days.push(day);
      amounts.push(b.fen ?? 0);
    }
    behaviour.push({
      day,
      views: b.pv ?? 0,
      carts: b.ca ?? 0,
      favourites: b.fv ?? 0,
      sessions: b.s ? Object.keys(b.s).length : 0,
      scoredReviews: b.rs ?? 0,
      positiveSum: (b.rp ?? 0) / 1000,
    });
  }
  return { purchases: { days, amounts }, behaviour };
}
