/**
 * The erasure mark: every erasure (privacy deleteMyData, withdrawConsent) writes `erasedAt` FIRST —
 * on the consent record `consents/<openid>`, or on the withdrawal's hashed tombstone — and only then
 * removes the data. A job that read a customer before the erasure and writes after it (a rebuild
 * re-creating a profile, a segment pass appending history, a value pass writing a prediction)
 * asks {@link erasedSince} for the erasures since its read and skips (before writing) or undoes
 * (after writing) those customers. Because the mark precedes the removal, a writer that checks
 * AFTER its write either sees the mark, or the erasure's removals run after the write and take it.
 * Stored field additive and optional: consent records without it read as before.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { tombstoneId } from './policy';

/**
 * Slack on `since` for clocks of different containers: an erasure marked up to this long before a
 * read is treated as after it. Conservative: a customer erased just before a pass is only skipped
 * by that pass (their next data is written by the next one).
 */
export const ERASURE_SLACK_MS = 60_000;

/** Erasure marks are read at most this many per query (more in one window: every customer is treated as erased). */
const MAX_MARKS = 1000;

/**
 * Whether an erasure recorded on `doc` may have run while work that began at `since` was writing:
 * marked or finished since then (with {@link ERASURE_SLACK_MS} for clocks), or marked and not
 * finished (a call still running, or one that died, which retention finishes by erasing again).
 */
export function erasureOverlaps(doc: { erasedAt?: number; erasureDoneAt?: number } | null | undefined, since: number): boolean {
  if (typeof doc?.erasedAt !== 'number') return false;
  const from = since - ERASURE_SLACK_MS;
  return doc.erasedAt >= from || typeof doc.erasureDoneAt !== 'number' || doc.erasureDoneAt >= from;
}

/**
 * Marks `openid` erased at `at` on its consent record (created, not granting anything, if it has
 * none). `data`: what she held when the erasure began ({@link refitDataOf}); only an erasure of a
 * customer with a profile or events also sets `dataErasedAt`, the mark that may restart refits
 * (erase-runs.ts, erase-guard.ts artifactsErased), with `dataFrom`, when that data began. Without
 * that gate one customer calling 删除我的数据 again and again, with nothing left to delete,
 * restarted every refit each time.
 */
export async function markErased(db: Db, openid: string, at: number, data: boolean | RefitData = true): Promise<void> {
  const d = typeof data === 'boolean' ? { held: data } : data;
  const _ = db._;
  const marks = d.held ? { dataErasedAt: at, dataFrom: typeof d.from === 'number' ? d.from : _.remove() } : {};
  // `erasureDoneAt` goes with a new mark: an erasure is finished only when it is set again.
  if ((await db.updateById(COLLECTIONS.consents, openid, { erasedAt: at, ...marks, updatedAt: at, erasureDoneAt: _.remove() })) > 0) return;
  // The count is of MODIFIED documents: 0 may be a record that already held these values.
  if (await db.getById(COLLECTIONS.consents, openid)) return;
  // The same record an opt-out creates for a customer who never agreed (privacy setPersonalization).
  const created = d.held ? { dataErasedAt: at, ...(typeof d.from === 'number' ? { dataFrom: d.from } : {}) } : {};
  await db.setById(COLLECTIONS.consents, openid, { openid, version: 0, granted: false, personalization: true, erasedAt: at, ...created, updatedAt: at });
}

/** What a customer holds that a refit reads, as an erasure finds it. */
export interface RefitData {
  /** A profile or any raw event (or an unfinished erasure of hers that had them). */
  held: boolean;
  /** When that data began (ms): her profile's `firstSeenAt`, at or before the profile was written; absent: unknown. */
  from?: number;
}

/**
 * What `openid` has that a refit reads (a profile, or any raw event): erase-customer.ts asks
 * before marking. Also held while an erasure of hers that held data is unfinished (retention
 * finishing a call that died): that call may have removed the data but died before restarting
 * the refits; its `dataFrom` is kept.
 */
export async function refitDataOf(db: Db, openid: string): Promise<RefitData> {
  const mark = await db.getById(COLLECTIONS.consents, openid);
  const unfinished = typeof mark?.dataErasedAt === 'number' && typeof mark.erasureDoneAt !== 'number' && mark.dataErasedAt >= Number(mark.erasedAt ?? 0);
  const profile = await db.getById(COLLECTIONS.profiles, openid);
  const held = unfinished || !!profile || (await db.find(COLLECTIONS.events, { openid }, { limit: 1, fields: { _id: true } })).length > 0;
  if (!held) return { held };
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const starts: Array<number | undefined> = [];
  if (unfinished) starts.push(num(mark?.dataFrom));
  if (profile) starts.push(num(profile.firstSeenAt));
  // Events without a profile (its write not made yet): when they began is not asked; unknown.
  else if (!unfinished) starts.push(undefined);
  return starts.every((f) => f !== undefined) ? { held, from: Math.min(...(starts as number[])) } : { held };
}

/** Whether `openid` has what a refit reads ({@link refitDataOf}). */
export async function holdsRefitData(db: Db, openid: string): Promise<boolean> {
  return (await refitDataOf(db, openid)).held;
}

/** True for customers erased since the time asked; built from one query. */
export type ErasedTest = (openid: string) => boolean;

/**
 * The customers erased at or after `since - ERASURE_SLACK_MS` (one indexed query on
 * `consents.erasedAt`, usually empty). More marks than one query answers: everyone counts as erased
 * (the caller skips its writes this time rather than risk one).
 */
export async function erasedSince(db: Db, since: number): Promise<ErasedTest> {
  // A keyset page, not one find: a cloud that answers 100 documents a query must not make 150
  // marks look like 100 (the other 50 customers' data would be written again).
  const { docs: marks, last } = await db.keysetPage(
    COLLECTIONS.consents,
    { erasedAt: db._.gte(since - ERASURE_SLACK_MS) },
    { limit: MAX_MARKS, fields: { _id: true } },
  );
  if (marks.length === 0) return () => false;
  if (!last) return () => true;
  const ids = new Set(marks.map((m) => String(m._id)));
  return (openid) => ids.has(openid) || ids.has(tombstoneId(openid));
}

/** The newest erasure mark (ms), or 0: runs started before it may hold the erased customer's data. */
export async function lastErasureAt(db: Db): Promise<number> {
  return newestMark(db, 'erasedAt');
}

/** The newest erasure of a customer who held data (`dataErasedAt`, see {@link markErased}), or 0: what restarts refits in flight. */
export async function lastDataErasureAt(db: Db): Promise<number> {
  return newestMark(db, 'dataErasedAt');
}

async function newestMark(db: Db, field: 'erasedAt' | 'dataErasedAt'): Promise<number> {
  const [m] = await db.find(COLLECTIONS.consents, { [field]: db._.gt(0) }, { orderBy: [field, 'desc'], limit: 1, fields: { [field]: true } });
  return Number(m?.[field] ?? 0);
}
