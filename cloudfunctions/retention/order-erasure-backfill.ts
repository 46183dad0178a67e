/**
 * Orders of customers erased before the erasure marked them (releases before 422f5ed): stored
 * without `erasedAt`, so retention's strip (order-identities.ts) never took their openid off.
 * The server still tells who was erased and when: a deletion keeps the consent record with its
 * erasure mark (`consents/<openid>.erasedAt`, since f072322), and a withdrawal leaves a tombstone
 * whose `_id` is the salted hash of the openid (`tombstoneId`, with `withdrawnAt` and, since
 * 769cb1d, `erasedAt`): hashing an order's openid with the same salt finds it. An order placed
 * at or before the customer's latest erasure was erased by it (every erasure takes all her data
 * before it), and is marked `erasedAt` with that erasure's time; an order she placed after coming
 * back is not. Not found: deletions by releases before the mark (they left nothing that says so),
 * and withdrawals whose tombstone was hashed with another salt (QX_TOMBSTONE_SALT changed since).
 *
 * One walk over the orders in `_id` order, pages of {@link PAGE}, its position in `jobs`
 * ({@link BACKFILL_ID}; an order `_id` is a hash naming no one), so a call that runs out of time
 * resumes where it stopped; each mark is conditional on the order still lacking one, so a page
 * done twice changes nothing. Once the walk reaches the end it is marked done and never runs again.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { tombstoneId } from '../common/consent/policy';
import type { Doc } from '../common/db/wx-db';
import type { PassContext } from './policies';

/** The walk's state document in `jobs`. */
export const BACKFILL_ID = 'order-erasure-backfill';
const PAGE = 100;

/** What one pass of the walk did. */
export interface OrderBackfillReport {
  /** Orders marked `erasedAt` in this pass. */
  marked: number;
  done: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The latest erasure of `openid` the consent record or tombstone tells, or undefined. */
function latestErasure(records: Map<string, Doc>, openid: string): number | undefined {
  const rec = records.get(openid);
  const tomb = records.get(tombstoneId(openid));
  const times = [num(rec?.erasedAt), num(tomb?.erasedAt), num(tomb?.withdrawnAt)].filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

/** Marks the orders that earlier releases' erasures left unmarked, until done or the deadline. */
export async function backfillOrderErasures(o: PassContext): Promise<OrderBackfillReport> {
  const { db } = o;
  const _ = db._;
  const state = await db.getById(COLLECTIONS.jobs, BACKFILL_ID);
  if (num(state?.doneAt) !== undefined) return { marked: 0, done: true };
  let after = typeof state?.after === 'string' ? state.after : undefined;
  let marked = 0;
  for (;;) {
    if (o.now() > o.deadline) return { marked, done: false };
    const { docs, last } = await db.keysetPage(
      COLLECTIONS.orders,
      { openid: _.exists(true), erasedAt: _.exists(false) },
      { limit: PAGE, fields: { _id: true, openid: true, createdAt: true }, ...(after === undefined ? {} : { after }) },
    );
    const openids = [...new Set(docs.map((d) => String(d.openid)))];
    const records = openids.length
      ? await db.findByIds(COLLECTIONS.consents, [...openids, ...openids.map(tombstoneId)], { erasedAt: true, withdrawnAt: true })
      : new Map<string, Doc>();
    for (const d of docs) {
      const erased = latestErasure(records, String(d.openid));
      const created = num(d.createdAt);
      if (erased === undefined || created === undefined || created > erased) continue;
      marked += await db.updateWhere(COLLECTIONS.orders, { _id: d._id, openid: d.openid, erasedAt: _.exists(false) }, { erasedAt: erased });
    }
    if (docs.length) after = String(docs[docs.length - 1]._id);
    const done = last || docs.length === 0;
    await db.setById(COLLECTIONS.jobs, BACKFILL_ID, { kind: 'order-erasure-backfill', ...(after === undefined ? {} : { after }), ...(done ? { doneAt: o.now() } : {}), updatedAt: o.now() });
    if (done) return { marked, done: true };
  }
}
