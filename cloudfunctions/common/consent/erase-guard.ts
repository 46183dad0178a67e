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
import type { CheckedStep, JobErasureGuard } from '../jobs/ports';
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
 * itself restarted the run if they held her, but its read of the run may have lagged). Without a
 * step (a failed one): any data erasure since the run last started over, since the failure may be
 * a file the erasure deleted.
 */
export async function artifactsErased(db: Db, files: ScopeFiles, run: Readonly<JobRun>, step?: CheckedStep): Promise<number | null> {
  if (Object.keys(run.artifacts ?? {}).length === 0) return null;
  const covered = run.restartedAt ?? run.createdAt - ERASURE_SLACK_MS - 1;
  if (!step) {
    const last = await lastDataErasureAt(db);
    return last > covered ? last : null;
  }
  const since = (run.erasuresCheckedAt ?? run.restartedAt ?? run.createdAt) - ERASURE_SLACK_MS;
  const marks = await dataErasuresSince(db, since);
  if (marks === null) return lastDataErasureAt(db);
  const read = readsCustomers(run.kind, step.prev.phase);
  for (const m of marks) {
    const overlapped = read && (m.doneAt === undefined || step.stepStart <= m.doneAt + ERASURE_SLACK_MS);
    if (await runMayHold(overlapped ? run : step.prev, m.who, files)) return Math.max(...marks.map((x) => x.at));
  }
  return null;
}

/** The guard over the database the erasures write and the runs' files. */
export function erasureGuard(db: Db, files: ScopeFiles = {}): JobErasureGuard {
  return {
    checkpointed: (run, stepStart) => positionsSaved(db, positionCustomers(run), stepStart),
    artifactsErased: (run, step) => artifactsErased(db, files, run, step),
  };
}
