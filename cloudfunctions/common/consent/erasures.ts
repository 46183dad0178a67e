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
 * none). `heldData`: she had a profile or events when the erasure began, so a refit in flight may
 * hold her rows; only such an erasure also sets `dataErasedAt`, the mark that restarts refits
 * (erase-runs.ts, erase-guard.ts artifactsErased). Without that gate one customer calling
 * 删除我的数据 again and again, with nothing left to delete, restarted every refit each time.
 */
export async function markErased(db: Db, openid: string, at: number, heldData = true): Promise<void> {
  const data = heldData ? { dataErasedAt: at } : {};
  // `erasureDoneAt` goes with a new mark: an erasure is finished only when it is set again.
  if ((await db.updateById(COLLECTIONS.consents, openid, { erasedAt: at, ...data, updatedAt: at, erasureDoneAt: db._.remove() })) > 0) return;
  // The count is of MODIFIED documents: 0 may be a record that already held these values.
  if (await db.getById(COLLECTIONS.consents, openid)) return;
  // The same record an opt-out creates for a customer who never agreed (privacy setPersonalization).
  await db.setById(COLLECTIONS.consents, openid, { openid, version: 0, granted: false, personalization: true, erasedAt: at, ...data, updatedAt: at });
}

/**
 * Whether `openid` has what a refit reads (a profile, or any raw event): erase-customer.ts asks
 * before marking. Also true while an erasure of hers that held data is unfinished (retention
 * finishing a call that died): that call may have removed the data but died before restarting
 * the refits.
 */
export async function holdsRefitData(db: Db, openid: string): Promise<boolean> {
  const mark = await db.getById(COLLECTIONS.consents, openid);
  if (typeof mark?.dataErasedAt === 'number' && typeof mark.erasureDoneAt !== 'number' && mark.dataErasedAt >= Number(mark.erasedAt ?? 0)) return true;
  if (await db.getById(COLLECTIONS.profiles, openid)) return true;
  return (await db.find(COLLECTIONS.events, { openid }, { limit: 1, fields: { _id: true } })).length > 0;
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
