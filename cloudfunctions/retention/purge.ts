/**
 * Age-based purges: documents whose time field is older than a policy's period are deleted, page
 * by page until a deadline (each call < 60 s; the predicate itself is the cursor, so a call that
 * stops early just leaves the rest to the next). Raw events are the big one; profiles are NOT
 * touched: their day buckets keep the history, and the rebuild job keeps a profile's buckets
 * before the same horizon.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { isLastPage, type Db, type Doc } from '../common/db/wx-db';
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

/**
 * Deletes documents matching `where` until none are left or `deadline` (epoch ms) passes. A page
 * is removed under `where` again, so a document that stopped matching between the two requests
 * (removed and stored anew under its id by someone else, meanwhile) stays.
 */
export async function purgeWhere(o: {
  db: Db;
  collection: string;
  where: Doc;
  now: () => number;
  deadline: number;
  pageSize?: number;
}): Promise<{ removed: number; done: boolean }> {
  let removed = 0;
  for (;;) {
    if (o.now() > o.deadline) return { removed, done: false };
    const limit = o.pageSize ?? 1000;
    const page = await o.db.find(o.collection, o.where, { limit, fields: { _id: true } });
    if (page.length === 0) return { removed, done: true };
    const n = await o.db.removeWhere(o.collection, { ...o.where, _id: o.db._.in(page.map((d) => d._id)) });
    // Nothing of the page could go: the read lags the removals (or another pass's), and would
    // answer the same page again until the deadline. The next pass goes on.
    if (n === 0) return { removed, done: false };
    removed += n;
    if (isLastPage(page.length, limit)) return { removed, done: true };
  }
}

/** Deletes expired raw events (by event time) until none are left or the budget is spent. */
export async function purgeExpiredEvents(o: PurgeOptions): Promise<PurgeReport> {
  const t0 = o.now();
  const cutoff = t0 - o.retentionDays * DAY_MS;
  const r = await purgeWhere({
    db: o.db,
    collection: COLLECTIONS.events,
    where: { ts: o.db._.lt(cutoff) },
    now: o.now,
    deadline: t0 + o.budgetMs,
    ...(o.pageSize ? { pageSize: o.pageSize } : {}),
  });
  return { cutoff, ...r, ms: o.now() - t0 };
}
