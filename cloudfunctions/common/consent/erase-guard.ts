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
import type { JobErasureGuard } from '../jobs/ports';
import type { JobRun } from '../jobs/types';
import { movePositionsOff } from './erase-positions';
import { ERASURE_SLACK_MS, erasedSince, lastDataErasureAt } from './erasures';

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

/**
 * The newest erasure mark `run`'s files may predate, or null: one that came after the run last
 * started over, or, never restarted, after it began (less {@link ERASURE_SLACK_MS} for clocks).
 */
export async function artifactsErased(db: Db, run: Readonly<Pick<JobRun, 'artifacts' | 'createdAt' | 'restartedAt'>>): Promise<number | null> {
  if (Object.keys(run.artifacts ?? {}).length === 0) return null;
  // Only an erasure of a customer who held data: one with nothing to delete cannot be in the files.
  const last = await lastDataErasureAt(db);
  const covered = run.restartedAt ?? run.createdAt - ERASURE_SLACK_MS - 1;
  return last > covered ? last : null;
}

/** The guard over the database the erasures write. */
export function erasureGuard(db: Db): JobErasureGuard {
  return {
    checkpointed: (run, stepStart) => positionsSaved(db, positionCustomers(run), stepStart),
    artifactsErased: (run) => artifactsErased(db, run),
  };
}
