/**
 * Refit runs still in flight at an erasure: those whose checkpoint files may hold the customer's
 * rows (jobs/erasure-scope.ts: a value or segmentation read already past her openid, or ended
 * after her data began; her review rows in a sentiment run's parts) lose their files now and
 * start over from their first phase, reading only what remains (jobs/erasure-restart.ts explains
 * why not a rewrite without her). The others go on: what they read from now on no longer holds
 * her. A tick working on the run meanwhile checkpoints over the reset, then finds the erasure
 * itself (its check after each checkpoint) and restarts the run again; a step that read her
 * before the erasure and stores its file after this is caught by that check too.
 */
import { COLLECTIONS } from '../contracts/collections';
import { readKeys } from '../db/stored-keys';
import type { Db } from '../db/wx-db';
import { RESTARTED } from '../jobs/erasure-restart';
import { runMayHold, type ErasedCustomer, type RunSnapshot } from '../jobs/erasure-scope';
import type { ModelFiles } from '../model-store/ports';

/**
 * Deletes the files of every running run not yet restarted for the erasure marked at `at` whose
 * files may hold `who`, and restarts it; answers the files deleted. Asked before the walks'
 * positions move off her (erase-positions.ts moves a position naming her to the one before).
 */
export async function restartRunsInFlight(
  db: Db,
  files: Pick<ModelFiles, 'remove'> & Partial<Pick<ModelFiles, 'download'>>,
  at: number,
  who: ErasedCustomer,
): Promise<number> {
  const _ = db._;
  const runs = await db.findAll(COLLECTIONS.jobRuns, { status: 'running' }, {
    fields: { _id: true, kind: true, phase: true, cursor: true, state: true, artifacts: true, readEndedAt: true, restartedAt: true },
  });
  let deleted = 0;
  for (const r of runs) {
    const artifacts = readKeys(r.artifacts as Record<string, string> | undefined);
    const ids = [...new Set(Object.values(artifacts))];
    if (ids.length === 0 || (typeof r.restartedAt === 'number' && r.restartedAt >= at)) continue;
    const run = { ...r, artifacts } as unknown as RunSnapshot;
    if (!(await runMayHold(run, who, files))) continue;
    await files.remove(ids);
    deleted += ids.length;
    await db.updateWhere(COLLECTIONS.jobRuns, { _id: r._id, status: 'running' }, { ...RESTARTED, state: _.set({}), restartedAt: at, updatedAt: at });
  }
  return deleted;
}
