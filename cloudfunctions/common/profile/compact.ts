/**
 * Bounding and re-basing a profile:
 * - {@link compactProfile}: day buckets older than 400 days before the customer's last activity are
 *   folded into archive totals. Relative to `lastActiveAt` (not the wall clock) so it is
 *   deterministic; safe because every feature window (≤ 365 days) ends at `asOf ≥ lastActiveAt`.
 *   Purchase days are the exception: an old bucket with a purchase keeps its `pu` and `fen` at day
 *   resolution (everything else is archived). The value model needs every purchase day — BG/NBD's
 *   (x, t_x, T) start at the first one — and archiving them made a customer look younger and rarer
 *   after the daily rebuild than before it, so the same shop fitted differently depending on
 *   whether the rebuild had passed. A purchase-only bucket is two numbers, so the bound holds.
 * - {@link rebuildReduced}: the full rebuild recomputes everything from the first day still covered by
 *   raw events (the retention horizon) and keeps the older part of the existing profile as it is.
 */
import { applySink, emptyReduced } from './apply';
import { emitEventOps } from './delta';
import { dayIndex, dayIndexOfKey } from './day';
import type { ArchiveTotals, DayBucket, ReducedProfile, StoredEvent } from './types';
import { beijingDayStart, beijingDayStartOfIndex } from '../beijing-time';

/** Day buckets older than this many days before the last activity are archived. */
export const BUCKET_KEEP_DAYS = 400;
const ARCHIVED: Array<keyof ArchiveTotals & keyof DayBucket> = [
  'e',
  'pu',
  'fen',
  'rv',
  'rs',
  'rp',
  'rn',
  'sk',
];

/** A compacted copy of `p` (input untouched). */
export function compactProfile(p: ReducedProfile): ReducedProfile {
  const out: ReducedProfile = { ...p, d: {}, a: p.a ? { ...p.a } : undefined };
  if (p.lastActiveAt === undefined) return { ...out, d: { ...p.d } };
  const cutoff = dayIndex(p.lastActiveAt) - BUCKET_KEEP_DAYS;
  for (const [k, b] of Object.entries(p.d)) {
    const idx = dayIndexOfKey(k);
    if (!(idx < cutoff)) {
      out.d[k] = b;
      continue;
    }
    const keep = (b.pu ?? 0) > 0;
    if (keep) out.d[k] = b.fen === undefined ? { pu: b.pu } : { pu: b.pu, fen: b.fen };
    // An already compacted purchase bucket has nothing left to fold: compaction stays idempotent.
    if (keep && Object.keys(b).every((f) => f === 'pu' || f === 'fen')) continue;
    const a = (out.a ??= {});
    for (const f of ARCHIVED) {
      if (b[f] === undefined || (keep && (f === 'pu' || f === 'fen'))) continue;
      a[f] = (a[f] ?? 0) + (b[f] as number);
    }
    a.to = Math.max(a.to ?? idx, idx);
  }
  if (out.a === undefined) delete out.a;
  return out;
}

/** Start (ms) of the UTC+8 day containing `ms`: horizons are whole days so buckets split cleanly. */
export function dayStartMs(ms: number): number {
  return beijingDayStart(ms);
}

/** The part of an existing profile that lies before `horizonMs` (whose raw events may be purged). */
export function partBefore(p: ReducedProfile, horizonMs: number): ReducedProfile {
  const hDay = dayIndex(horizonMs);
  const out = emptyReduced();
  for (const [k, b] of Object.entries(p.d ?? {})) if (dayIndexOfKey(k) < hDay) out.d[k] = structuredClone(b);
  if (p.a && p.a.to !== undefined && p.a.to < hDay) out.a = { ...p.a };
  const start = beijingDayStartOfIndex(hDay);
  if (p.firstSeenAt !== undefined && p.firstSeenAt < start) out.firstSeenAt = p.firstSeenAt;
  if (p.lastActiveAt !== undefined && p.lastActiveAt < start) out.lastActiveAt = p.lastActiveAt;
  if (p.lastPurchaseAt !== undefined && p.lastPurchaseAt < start) out.lastPurchaseAt = p.lastPurchaseAt;
  return out;
}

/**
 * The rebuilt reduced profile of one customer: the existing profile's part before the horizon,
 * plus the fold of every stored event at or after it, compacted. `horizonMs = 0` recomputes
 * everything from raw events.
 */
export function rebuildReduced(
  events: Iterable<StoredEvent>,
  existing: ReducedProfile | null,
  horizonMs: number,
): ReducedProfile {
  const start = horizonMs <= 0 ? -Infinity : beijingDayStart(horizonMs);
  const base = existing && horizonMs > 0 ? partBefore(existing, horizonMs) : emptyReduced();
  const sink = applySink(base);
  for (const ev of events) if (ev.ts >= start) emitEventOps(ev, sink);
  return compactProfile(base);
}

/** The reducer-owned fields of a profile document, for comparisons and exports. */
export function pickReduced(doc: Partial<ReducedProfile> | null | undefined): ReducedProfile {
  const out: ReducedProfile = { d: doc?.d ?? {} };
  if (doc?.firstSeenAt !== undefined) out.firstSeenAt = doc.firstSeenAt;
  if (doc?.lastActiveAt !== undefined) out.lastActiveAt = doc.lastActiveAt;
  if (doc?.lastPurchaseAt !== undefined) out.lastPurchaseAt = doc.lastPurchaseAt;
  if (doc?.a !== undefined) out.a = doc.a;
  return out;
}
