/**
 * A run whose checkpoint files may hold a customer erased since it began starts over. Its files
 * (purchase histories, review rows keyed by `<openid>:<eventId>` with their text) are rows of
 * every customer read; whether hers can be among them each kind answers from its position, its
 * read's end or its rows (erasure-scope.ts). Rewriting each kind's files without her would need
 * each kind's format (value's histories carry no openid), so a run that may hold her discards
 * them all and begins its first phase again, reading only what remains. The erasure does the same
 * for runs between ticks (consent/erase-runs.ts); the runner asks after each checkpoint and after
 * a failed step, so a step that read her before the erasure and stored its file after it is
 * caught too. Names stay on the run (only added, jobs/wx-ports.ts):
 * the restarted run writes each name to a new folder, and retention deletes a missing file
 * tolerantly.
 */
import type { CheckedStep, JobDb, JobErasureGuard } from './ports';
import type { ModelFiles } from '../model-store/ports';
import type { JobRun } from './types';

/** A run's work as it stands before its first step (runner.ts newJobRun). */
export const RESTARTED = { phase: 'start', cursor: null, state: {}, readEndedAt: null } as const;

/**
 * Restarts `run` (held under `leaseId`) when an erasure may be in its files; true when it did.
 * The files go before the run forgets its progress: dying in between leaves a run whose next step
 * finds a file missing, fails, and is restarted here then.
 */
export async function restartIfErased(
  d: { db: JobDb; files: Pick<ModelFiles, 'remove'>; erasures?: JobErasureGuard; now: () => number },
  run: JobRun,
  leaseId: string,
  step?: CheckedStep,
): Promise<boolean> {
  const checkedAt = d.now();
  const { at, placed } = (await d.erasures?.artifactsErased(run, step)) ?? { at: null };
  // What was asked is covered now (the runner saves it with its next write of the run).
  if (step) run.erasuresCheckedAt = checkedAt;
  if (placed) run.erasuresPlaced = placed;
  if (at === undefined || at === null) return false;
  const ids = [...new Set(Object.values(run.artifacts))];
  if (ids.length) await d.files.remove(ids);
  Object.assign(run, { ...RESTARTED, state: {}, restartedAt: at });
  await d.db.saveRun(run._id, leaseId, { ...RESTARTED, state: {}, restartedAt: at, ...checkedField(run), updatedAt: d.now() });
  return true;
}

/** The run's `erasuresCheckedAt` and `erasuresPlaced` as a patch (empty when it never asked). */
export const checkedField = (run: Readonly<JobRun>): Partial<JobRun> => ({
  ...(typeof run.erasuresCheckedAt === 'number' ? { erasuresCheckedAt: run.erasuresCheckedAt } : {}),
  ...(Array.isArray(run.erasuresPlaced) ? { erasuresPlaced: run.erasuresPlaced } : {}),
});
