/**
 * The job runner's side of an erasure (jobs/ports.ts JobErasureGuard). The erasure moves every
 * paging position off the customer (erase-positions.ts), but a step that read the customer before
 * the erasure's mark and checkpoints after that move writes the customer's id back. Because the
 * mark comes first, such a step sees it when it asks after its checkpoint (one indexed query,
 * usually empty) and moves the position off itself.
 */
import type { Db } from '../db/wx-db';
import type { JobErasureGuard } from '../jobs/ports';
import type { JobRun } from '../jobs/types';
import { movePositionsOff } from './erase-positions';
import { erasedSince } from './erasures';

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

/** The guard over the database the erasures write. */
export function erasureGuard(db: Db): JobErasureGuard {
  return {
    async checkpointed(run, stepStart) {
      const ids = positionCustomers(run);
      if (ids.length === 0) return;
      const erased = await erasedSince(db, stepStart);
      for (const id of ids) if (erased(id)) await movePositionsOff(db, id);
    },
  };
}
