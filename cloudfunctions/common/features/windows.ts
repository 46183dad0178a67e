/**
 * Window sums over day buckets. A window of N days ending at `asOf` covers the N UTC+8 calendar
 * days up to and including the day of `asOf`; buckets after `asOf` are ignored.
 */
import { canonicalKey } from '../profile/bucket-keys';
import { dayIndex, dayIndexOfKey } from '../profile/day';
import type { DayBucket, ReducedProfile } from '../profile/types';

/** Numeric counters of a bucket that can be summed. */
export type Counter = 'e' | 'pv' | 'ca' | 'fv' | 'pu' | 'fen' | 'rv' | 'rs' | 'rp' | 'rn' | 'sk';

/** Buckets with their day index, parsed once per profile. */
export interface IndexedBuckets {
  asOfDay: number;
  days: Array<{ idx: number; b: DayBucket }>;
}

/** Parses the bucket keys of a profile relative to `asOf`. */
export function indexBuckets(p: ReducedProfile, asOf: number): IndexedBuckets {
  const days: IndexedBuckets['days'] = [];
  for (const [k, b] of Object.entries(p.d ?? {})) {
    const idx = dayIndexOfKey(k);
    if (Number.isFinite(idx)) days.push({ idx, b });
  }
  return { asOfDay: dayIndex(asOf), days };
}

function inWindow(ib: IndexedBuckets, idx: number, days: number): boolean {
  return idx <= ib.asOfDay && idx > ib.asOfDay - days;
}

/** Sum of `field` over the last `days` days (Infinity = every bucket up to asOf). */
export function windowSum(ib: IndexedBuckets, field: Counter, days: number): number {
  let s = 0;
  for (const { idx, b } of ib.days) if (inWindow(ib, idx, days)) s += b[field] ?? 0;
  return s;
}

/** Distinct (canonical, profile/bucket-keys.ts) keys of the set-valued `s` (sessions) or `c` (categories) over the last `days` days. */
export function windowDistinct(ib: IndexedBuckets, field: 's' | 'c', days: number): Set<string> {
  const out = new Set<string>();
  for (const { idx, b } of ib.days) {
    const m = b[field];
    if (m && inWindow(ib, idx, days)) for (const k of Object.keys(m)) out.add(canonicalKey(k));
  }
  return out;
}

/** Summed weights of the `c` map over the last `days` days, by canonical key (`c` + category id, or a hashed key). */
export function windowWeights(ib: IndexedBuckets, days: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const { idx, b } of ib.days) {
    if (!b.c || !inWindow(ib, idx, days)) continue;
    for (const [key, w] of Object.entries(b.c)) {
      const k = canonicalKey(key);
      out.set(k, (out.get(k) ?? 0) + w);
    }
  }
  return out;
}

/** Days with any activity (or, given `field`, with some of that counter) in the last `days` days. */
export function activeDays(ib: IndexedBuckets, days: number, field: Counter = 'e'): number {
  let n = 0;
  for (const { idx, b } of ib.days) if (inWindow(ib, idx, days) && (b[field] ?? 0) > 0) n++;
  return n;
}
