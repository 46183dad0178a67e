/**
 * Recomputes one customer's profile from raw events with the same reducer as the incremental path,
 * and writes it with optimistic concurrency (`rev` must be unchanged), so a concurrent incremental
 * update is never overwritten: on a conflict we read again and retry.
 *
 * In-flight guard: a `track` invocation marks its batch pending in the profile BEFORE it stores
 * events, and clears the mark in the update that applies them. A fresh mark means events may be
 * stored whose increments are still coming — folding them now would count them twice — so the
 * customer is skipped for this run. Marks older than the grace period belong to calls that died
 * (calls last ≤ 60 s): the recompute includes whatever they stored and clears the marks. That is
 * the repair of a crash between store and profile update. The profile is read BEFORE the events:
 * a batch marked after that read changes `rev`, and our conditional write fails and retries. An
 * erasure removes the profile before the events, so the only write that could bring a customer
 * back is the insert of a missing profile: it checks the erasure mark after writing.
 */
import { erasedSince } from '../common/consent/erasures';
import { COLLECTIONS } from '../common/contracts/collections';
import { DuplicateKeyError, type Db, type Doc } from '../common/db/wx-db';
import { canonicalJson } from '../common/profile/canonical';
import { dayIndex, dayIndexOfKey } from '../common/profile/day';
import { pickReduced, rebuildReduced } from '../common/profile/compact';
import type { ProfileDoc, ReducedProfile, StoredEvent } from '../common/profile/types';

/**
 * Most events a rebuild loads for one customer (as its profile counts them within the horizon).
 * They are all held in memory (~320 B each on the heap) and must be read inside one call, so a
 * customer past this is left to the incremental path and skipped ('oversized'): otherwise a client
 * sending 100 events a call could make its profile the place where every daily pass runs out of
 * memory or time, and the pass would never get past it. A person stays far below: this is over
 * 500 events every day for the whole 180-day retention.
 */
export const MAX_REBUILD_EVENTS = 100_000;

/** Pending marks younger than this may belong to a running call. */
export const IN_FLIGHT_GRACE_MS = 120_000;
const PAGE = 1000;

/** Settings of a rebuild. */
export interface RebuildOptions {
  db: Db;
  now: number;
  /** Raw events before this time may be purged: the profile keeps its own buckets for those days. 0 = recompute all. */
  horizonMs: number;
}

/** What happened to one customer (`erased`: a profile re-created from events an erasure was removing, taken back). */
export type RebuildOutcome = 'written' | 'unchanged' | 'inflight' | 'conflict' | 'erased' | 'oversized';

/** Every stored event of `openid`, in `_id` order. */
export async function fetchCustomerEvents(db: Db, openid: string): Promise<StoredEvent[]> {
  return (await db.findAll(COLLECTIONS.events, { openid }, { pageSize: PAGE })) as StoredEvent[];
}

function updateDoc(db: Db, r: ReducedProfile): Doc {
  const _ = db._;
  const orRemove = (v: unknown): unknown => (v === undefined ? _.remove() : _.set(v));
  return {
    d: _.set(r.d),
    a: orRemove(r.a),
    firstSeenAt: orRemove(r.firstSeenAt),
    lastActiveAt: orRemove(r.lastActiveAt),
    lastPurchaseAt: orRemove(r.lastPurchaseAt),
    pending: _.remove(),
    pendingCount: _.set(0),
    rev: _.inc(1),
    updatedAt: db.serverDate(),
  };
}

/** True when `p` has a pending mark younger than the grace period. */
export function hasInFlight(p: ProfileDoc | null, now: number): boolean {
  return Object.values(p?.pending ?? {}).some((at) => at >= now - IN_FLIGHT_GRACE_MS);
}

/** Events the profile counts on days at or after `horizonMs` (whose raw events are still stored). */
export function countedEvents(p: ProfileDoc | null, horizonMs: number): number {
  const from = dayIndex(horizonMs);
  let n = 0;
  for (const [k, b] of Object.entries(p?.d ?? {})) if (!(dayIndexOfKey(k) < from)) n += (b as { e?: number }).e ?? 0;
  return n;
}

/** Rebuilds `openid` from `events` (all of its stored events; fetched when omitted). */
export async function rebuildCustomer(
  o: RebuildOptions,
  openid: string,
  events?: StoredEvent[],
): Promise<RebuildOutcome> {
  const { db } = o;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = (await db.getById(COLLECTIONS.profiles, openid)) as ProfileDoc | null;
    if (hasInFlight(existing, o.now)) return 'inflight';
    if (countedEvents(existing, o.horizonMs) > MAX_REBUILD_EVENTS) return 'oversized';
    const evs = attempt === 0 && events ? events : await fetchCustomerEvents(db, openid);
    const reduced = rebuildReduced(evs, existing, o.horizonMs);
    const stale = (existing?.pendingCount ?? 0) !== 0 || Object.keys(existing?.pending ?? {}).length > 0;
    let outcome: RebuildOutcome = 'unchanged';
    if (existing && (stale || canonicalJson(pickReduced(existing)) !== canonicalJson(reduced))) {
      const n = await db.updateWhere(
        COLLECTIONS.profiles,
        { _id: openid, rev: existing.rev },
        updateDoc(db, reduced),
      );
      if (n === 0) continue; // a concurrent incremental update won: read again
      outcome = 'written';
    } else if (!existing && evs.length > 0) {
      let created = true;
      try {
        await db.insert(COLLECTIONS.profiles, [
          { _id: openid, openid, rev: 1, ...reduced, updatedAt: db.serverDate() },
        ]);
      } catch (err) {
        // Only a duplicate key (E11000, classified by the Db facade) means "created concurrently":
        // read again. Anything else is a real failure and must surface, not be retried as a race.
        if (!(err instanceof DuplicateKeyError)) throw err;
        created = false;
      }
      // No profile but events: maybe an erasure removed the profile and is still removing the
      // events we read. It marks first (common/consent/erasures.ts), so a mark is visible now or
      // its removals come after this insert. Take the profile back unless a batch already moved it.
      // After a duplicate too: -501001 is also this very insert, stored with its answer lost.
      if ((await erasedSince(db, o.now))(openid)) {
        await db.removeWhere(COLLECTIONS.profiles, { _id: openid, rev: 1 });
        return 'erased';
      }
      if (!created) continue;
      outcome = 'written';
    }
    return outcome;
  }
  return 'conflict';
}
