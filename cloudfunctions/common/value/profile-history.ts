/**
 * A profile's day buckets as the value model's customer history: purchase days (pu > 0) with the
 * fen spent, and the behaviour counters per day. Compaction keeps every purchase day at day
 * resolution (`compact.ts`), so the purchase history is whole however old the customer; behaviour
 * older than 400 days before the last activity is only in archive totals and is left out (the
 * behaviour features look back 30 days).
 */
import { canonicalKey } from '../profile/bucket-keys';
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

const Q = 'q'.charCodeAt(0);

/**
 * Distinct sessions of a bucket. Keys are `s…` as stored before the legal-name encoding or `q…`
 * after it (profile/bucket-keys.ts); only a bucket holding both (the day a shop upgraded in place)
 * can name one session twice, so only such a bucket pays for comparing canonical keys.
 */
function sessionCount(s: Record<string, number> | undefined): number {
  let n = 0;
  let encoded = 0;
  for (const k in s) {
    n++;
    if (k.charCodeAt(0) === Q) encoded++;
  }
  if (encoded === 0 || encoded === n) return n;
  const distinct = new Set<string>();
  for (const k in s) distinct.add(canonicalKey(k));
  return distinct.size;
}

/** The customer history in a profile. */
export function historyOfProfile(p: Pick<ReducedProfile, 'd'>): CustomerHistory {
  const d = p.d ?? {};
  const days: number[] = [];
  const amounts: number[] = [];
  const behaviour: BehaviourDay[] = [];
  // Buckets are written in day order, so they are read straight into the history (no key array,
  // no [day, bucket] pairs: this ran once per profile on every scoring page); out of order, sort.
  let last = -Infinity;
  for (const k in d) {
    const day = dayOf(k);
    if (!Number.isFinite(day)) continue;
    if (day < last) return historyOfBuckets(d);
    last = day;
    add(day, d[k], days, amounts, behaviour);
  }
  return { purchases: { days, amounts }, behaviour };
}

function add(day: number, b: DayBucket, days: number[], amounts: number[], behaviour: BehaviourDay[]) {
  if ((b.pu ?? 0) > 0 && (b.fen ?? 0) >= 0) {
    days.push(day);
    amounts.push(b.fen ?? 0);
  }
  behaviour.push({
    day,
    views: b.pv ?? 0,
    carts: b.ca ?? 0,
    favourites: b.fv ?? 0,
    sessions: sessionCount(b.s),
    scoredReviews: b.rs ?? 0,
    positiveSum: (b.rp ?? 0) / 1000,
  });
}

function historyOfBuckets(d: Record<string, DayBucket>): CustomerHistory {
  const buckets: [number, DayBucket][] = [];
  for (const k in d) {
    const day = dayOf(k);
    if (Number.isFinite(day)) buckets.push([day, d[k]]);
  }
  buckets.sort((x, y) => x[0] - y[0]);
  const days: number[] = [];
  const amounts: number[] = [];
  const behaviour: BehaviourDay[] = [];
  for (const [day, b] of buckets) add(day, b, days, amounts, behaviour);
  return { purchases: { days, amounts }, behaviour };
}
