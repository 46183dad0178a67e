/**
 * Refit runs still in flight at an erasure: their checkpoint files (purchase histories, review
 * rows keyed by `<openid>:<eventId>` with their text) may hold the customer's rows, so the files
 * are deleted now and the run starts over from its first phase, reading only what remains
 * (jobs/erasure-restart.ts explains why not a rewrite without her). A tick working on the run
 * meanwhile checkpoints over the reset, then sees the same mark and restarts the run itself.
 */
import { COLLECTIONS } from '../contracts/collections';
import { readKeys } from '../db/stored-keys';
import type { Db } from '../db/wx-db';
import { RESTARTED } from '../jobs/erasure-restart';
import type { ModelFiles } from '../model-store/ports';

/** Deletes the files of every running run not yet restarted for the erasure marked at `at`, and restarts it; answers the files deleted. */
export async function restartRunsInFlight(db: Db, files: Pick<ModelFiles, 'remove'>, at: number): Promise<number> {
  const _ = db._;
  const runs = await db.findAll(COLLECTIONS.jobRuns, { status: 'running' }, { fields: { _id: true, artifacts: true, restartedAt: true } });
  let deleted = 0;
  for (const r of runs) {
    const ids = [...new Set(Object.values(readKeys(r.artifacts as Record<string, string> | undefined)))];
    if (ids.length === 0 || (typeof r.restartedAt === 'number' && r.restartedAt >= at)) continue;
    await files.remove(ids);
    deleted += ids.length;
    await db.updateWhere(COLLECTIONS.jobRuns, { _id: r._id, status: 'running' }, { ...RESTARTED, state: _.set({}), restartedAt: at, updatedAt: at });
  }
  return deleted;
}
