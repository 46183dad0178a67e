/**
 * The walks' side of an erasure. The erasure moves every paging position off the customer
 * (erase-positions.ts), but a walk that read the customer before the erasure's mark and saves its
 * position after that move writes the customer's id back. Because the mark comes first, such a
 * walk sees it when it asks after its save (one indexed query, usually empty) and moves the
 * position off itself: the job runner after each checkpoint (jobs/ports.ts JobErasureGuard), the
 * rebuild, the segment pass and sweep and each campaign's dispatch after each save of their
 * position in `jobs` ({@link positionsSaved}).
 */
import type { Db } from '../db/wx-db';
import { COLLECTIONS } from '../contracts/collections';
import { readsCustomers, runMayHold, type ErasedCustomer, type ScopeFiles } from '../jobs/erasure-scope';
import type { CheckedStep, ErasureCheck, JobErasureGuard } from '../jobs/ports';
import type { JobRun } from '../jobs/types';
import { movePositionsOff } from './erase-positions';
import { ERASURE_SLACK_MS, erasedSince, lastDataErasureAt } from './erasures';
import { tombstoneId } from './policy';

/** The customers a run's stored position names: a profile id, a review event's author, the segmentation read's `after`. */
export function positionCustomers(run: Readonly<Pick<JobRun, 'cursor' | 'state'>>): string[] {
  const out: string[] = [];
  const c = run.cursor as unknown;
  if (typeof c === 'string' && c) out.push(c);
  const id = typeof c === 'object' && c !== null ? (c as { id?: unknown }).id : undefined;
  if (typeof id === 'string' && id.includes(':')) out.push(id.slice(0, id.indexOf(':')));
  const after = (run.state?.read as { after?: unknown } | undefined)?.after;
  if (typeof after === 'string' && after) out.push(after);
  return out;
}

/**
 * After a walk saved a position naming `ids` (profile ids; '' = the walk's start), read at or after
 * `since`: each one erased since then is moved off (in every walk that names them). Asks only
 * when a position names someone.
 */
export async function positionsSaved(db: Db, ids: readonly (string | null | undefined)[], since: number): Promise<void> {
  const named = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (named.length === 0) return;
  const erased = await erasedSince(db, since);
  for (const id of named) if (erased(id)) await movePositionsOff(db, id);
}

/** An erasure of a customer who held data, as {@link dataErasuresSince} finds it. */
export interface DataErasure {
  who: ErasedCustomer;
  /** Its mark (`dataErasedAt`). */
  at: number;
  /** When it finished (the record's `erasureDoneAt`; a tombstone is written after); absent: not yet. */
  doneAt?: number;
}

/** Data erasures read per check (more in one window: every run with files counts as holding one). */
const MAX_DATA_MARKS = 1000;

/** The erasures of customers who held data marked at or after `since`, or null when there are more than one check reads. */
export async function dataErasuresSince(db: Db, since: number): Promise<DataErasure[] | null> {
  const { docs, last } = await db.keysetPage(
    COLLECTIONS.consents,
    { dataErasedAt: db._.gte(since) },
    { limit: MAX_DATA_MARKS, fields: { _id: true, tombstone: true, dataErasedAt: true, dataFrom: true, erasedAt: true, erasureDoneAt: true } },
  );
  if (!last) return null;
  return docs.map((d) => {
    const id = String(d._id);
    const tomb = d.tombstone === true;
    const done = tomb ? d.erasedAt : d.erasureDoneAt;
    const who: ErasedCustomer = tomb ? { is: (o) => tombstoneId(o) === id } : { openid: id, is: (o) => o === id };
    if (typeof d.dataFrom === 'number') who.dataFrom = d.dataFrom;
    return { who, at: Number(d.dataErasedAt), ...(typeof done === 'number' ? { doneAt: done } : {}) };
  });
}

/**
 * The newest erasure mark that `run`'s checkpoint files may hold, or null. After a checkpoint
 * (`step`): the erasures marked since the run last asked (less {@link ERASURE_SLACK_MS} for
 * clocks), each placed against the run's files (jobs/erasure-scope.ts): against what the step
 * just stored when the step read customers while her erasure was unfinished or within the slack
 * of finishing (its read may have seen her), else against the files before the step (the erasure
 * itself restarted the run if they held her, but its read of the run may have lagged). A mark
 * older than that window that the run never placed was shown late by a lagging read: it is placed
 * once, against everything stored now. Without a step (a failed one): any data erasure since the
 * run last started over, since the failure may be a file the erasure deleted.
 */
export async function artifactsErased(db: Db, files: ScopeFiles, run: Readonly<JobRun>, step?: CheckedStep): Promise<ErasureCheck> {
  if (Object.keys(run.artifacts ?? {}).length === 0) return { at: null };
  const begun = run.restartedAt ?? run.createdAt;
  if (!step) {
    const last = await lastDataErasureAt(db);
    return { at: last > (run.restartedAt ?? run.createdAt - ERASURE_SLACK_MS - 1) ? last : null };
  }
  // Every mark since the pass began, so a late one is still found; only the recent ones and the
  // late ones are placed (a mark placed again at every checkpoint would restart the run once its
  // walk passes her: the starvation erasure-scope.ts removed).
  const marks = await dataErasuresSince(db, begun - ERASURE_SLACK_MS);
  if (marks === null) return { at: await lastDataErasureAt(db) };
  const recent = (run.erasuresCheckedAt ?? begun) - ERASURE_SLACK_MS;
  // The run remembers placed marks by time only (JobRun.erasuresPlaced): each entry accounts for
  // one mark of that time. When this read shows more marks of a time than were placed, which of
  // them is new cannot be told, so every mark of that time is placed again (once more at most:
  // after this check the count matches).
  const placed = new Map<number, number>();
  for (const t of run.erasuresPlaced ?? []) placed.set(t, (placed.get(t) ?? 0) + 1);
  const shown = new Map<number, number>();
  for (const m of marks) shown.set(m.at, (shown.get(m.at) ?? 0) + 1);
  const read = readsCustomers(run.kind, step.prev.phase);
  const times = marks.map((m) => m.at);
  for (const m of marks) {
    const late = m.at < recent;
    if (late && (placed.get(m.at) ?? 0) >= (shown.get(m.at) ?? 0)) continue;
    const overlapped = read && (m.doneAt === undefined || step.stepStart <= m.doneAt + ERASURE_SLACK_MS);
    if (await runMayHold(late || overlapped ? run : step.prev, m.who, files)) return { at: Math.max(...times), placed: times };
  }
  return { at: null, placed: times };
}

/** The guard over the database the erasures write and the runs' files. */
export function erasureGuard(db: Db, files: ScopeFiles = {}): JobErasureGuard {
  return {
    checkpointed: (run, stepStart) => positionsSaved(db, positionCustomers(run), stepStart),
    artifactsErased: (run, step) => artifactsErased(db, files, run, step),
  };
}
