/**
 * Age-based purges: documents whose time field is older than a policy's period are deleted, page
 * by page until a deadline (each call < 60 s; a call pages from its own cursor and the next call
 * starts again from the oldest match, so one that stops early just leaves the rest to the next,
 * and nothing is stored between calls). Raw events are the big one; profiles are NOT
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

/** One age-based purge: documents whose `field` meets `cond` (and `where`, if given) are deleted. */
export interface PurgeWhere {
  db: Db;
  collection: string;
  /** The epoch-ms field the age is read from; pages run in its order, so every document has it. */
  field: string;
  /** The field's condition, e.g. `_.lt(cut)`. */
  cond: unknown;
  /** Further conditions on other fields. */
  where?: Doc;
  now: () => number;
  deadline: number;
  pageSize?: number;
  /** Update the matching documents with this instead of deleting them (a field stripped: `where` must then stop matching them). */
  set?: Doc;
}

/**
 * Deletes documents matching the purge until none are left or `deadline` (epoch ms) passes. A page
 * is removed under the condition again, so a document that stopped matching between the two
 * requests (removed and stored anew under its id by someone else, meanwhile) stays.
 *
 * Pages run in (`field`, `_id`) order from a cursor after the last page, never "the first page of
 * what still matches": a read lagging the removals answers the removed documents again, and on a
 * backend with a natural order it answers the same first page each time, so that loop would either
 * spin to the deadline or stop for the day after one page (read lag is undocumented; see the
 * local cloud's QX_STALE_READ_MS). A document the lag hides is taken by the next day's pass.
 */
export async function purgeWhere(o: PurgeWhere): Promise<{ removed: number; done: boolean }> {
  const _ = o.db._;
  const limit = o.pageSize ?? 1000;
  let removed = 0;
  let cursor: PageCursor | undefined;
  for (;;) {
    if (o.now() > o.deadline) return { removed, done: false };
    const page = await o.db.find(o.collection, pageWhere(o, cursor), {
      limit,
      orderBy: [o.field, 'asc'],
      fields: { _id: true, [o.field]: true },
    });
    if (page.length === 0) return { removed, done: true };
    const ids = page.map((d) => String(d._id));
    const again = { ...o.where, [o.field]: o.cond, _id: _.in(ids) };
    removed += await (o.set ? o.db.updateWhere(o.collection, again, o.set) : o.db.removeWhere(o.collection, again));
    if (isLastPage(page.length, limit)) return { removed, done: true };
    cursor = nextCursor(page, o.field);
  }
}

/** Where the next page starts: after the last document paged, in (`field`, `_id`) order. */
interface PageCursor {
  t: unknown;
  id: unknown;
}

// Keyset, not "skip what was seen": an import that gave thousands of documents one timestamp
// keeps the query small.
const pageWhere = (o: PurgeWhere, c: PageCursor | undefined): Doc => {
  const base = { ...o.where, [o.field]: o.cond };
  if (!c) return base;
  const _ = o.db._;
  return _.and([base, _.or([{ [o.field]: _.gt(c.t) }, { [o.field]: c.t, _id: _.gt(c.id) }])]) as Doc;
};

const nextCursor = (page: Doc[], field: string): PageCursor => {
  const last = page[page.length - 1];
  return { t: last[field], id: last._id };
};

/** Deletes expired raw events (by event time) until none are left or the budget is spent. */
export async function purgeExpiredEvents(o: PurgeOptions): Promise<PurgeReport> {
  const t0 = o.now();
  const cutoff = t0 - o.retentionDays * DAY_MS;
  const r = await purgeWhere({
    db: o.db,
    collection: COLLECTIONS.events,
    field: 'ts',
    cond: o.db._.lt(cutoff),
    now: o.now,
    deadline: t0 + o.budgetMs,
    ...(o.pageSize ? { pageSize: o.pageSize } : {}),
  });
  return { cutoff, ...r, ms: o.now() - t0 };
}
