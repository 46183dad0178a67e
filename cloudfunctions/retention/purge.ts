/**
 * Raw-event retention: events whose event time is older than the retention period are deleted,
 * page by page within a time budget (each call < 60 s; the predicate itself is the cursor, so a
 * call that stops early just leaves the rest to the next). Profiles are NOT touched: their day
 * buckets keep the history, and the rebuild job keeps a profile's buckets before the same horizon.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Db } from '../common/db/wx-db';
import { DAY_MS } from '../common/profile/day';

/** Options of one purge call. */
export interface PurgeOptions {
  db: Db;
  now: () => number;
  retentionDays: number;
  budgetMs: number;
  pageSize?: number;
}

/** What one purge call did. */
export interface PurgeReport {
  cutoff: number;
  removed: number;
  done: boolean;
  ms: number;
}

/** Deletes expired raw events until none are left or the budget is spent. */
export async function purgeExpiredEvents(o: PurgeOptions): Promise<PurgeReport> {
  const t0 = o.now();
  const cutoff = t0 - o.retentionDays * DAY_MS;
  const where = { ts: o.db._.lt(cutoff) };
  let removed = 0;
  for (;;) {
    if (o.now() - t0 > o.budgetMs) return { cutoff, removed, done: false, ms: o.now() - t0 };
    const page = await o.db.find(COLLECTIONS.events, where, {
      limit: o.pageSize ?? 1000,
      fields: { _id: true },
    });
    if (page.length === 0) return { cutoff, removed, done: true, ms: o.now() - t0 };
    removed += await o.db.removeWhere(COLLECTIONS.events, { _id: o.db._.in(page.map((d) => d._id)) });
  }
}
