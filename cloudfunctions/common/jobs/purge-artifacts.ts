/**
 * Deleting the checkpoints (cloud-storage artifacts) of ended job runs: retention does it a week
 * after a run ends, and an erasure at once for every ended run that started before it (their
 * artifacts hold per-customer rows: histories, review texts with event ids). The run document
 * keeps its summary and records when its files went (`artifactsPurgedAt`); a read position kept in
 * its state goes with them.
 */
import { readKeys } from '../db/stored-keys';
import { COLLECTIONS } from '../contracts/collections';
import type { Db, Doc } from '../db/wx-db';
import type { ModelFiles } from '../model-store/ports';

/** Statuses of a run that has ended (its artifacts are no longer read). */
export const ENDED_RUN = ['succeeded', 'failed'] as const;

/** What a purge did. */
export interface ArtifactPurge {
  artifactsDeleted: number;
  done: boolean;
}

/**
 * Deletes the artifacts of every ended, not yet purged run matching `where`, 50 runs a query,
 * until none is left or `deadline` (epoch ms) passes. Files go before the document forgets them,
 * so a crash in between only means a later pass deletes already-deleted files (the port
 * tolerates "not found").
 */
export async function purgeEndedRunArtifacts(
  db: Db,
  files: Pick<ModelFiles, 'remove'>,
  where: Doc,
  o: { now: () => number; deadline: number },
): Promise<ArtifactPurge> {
  const _ = db._;
  let artifactsDeleted = 0;
  for (;;) {
    if (o.now() > o.deadline) return { artifactsDeleted, done: false };
    const runs = await db.find(
      COLLECTIONS.jobRuns,
      _.and([where, { status: _.in([...ENDED_RUN]), artifactsPurgedAt: _.exists(false) }]),
      { limit: 50, fields: { _id: true, artifacts: true } },
    );
    if (runs.length === 0) return { artifactsDeleted, done: true };
    for (const r of runs) {
      const ids = Object.values(readKeys(r.artifacts as Record<string, string> | undefined)); // a hashed name keeps its file id in {n, v}
      if (ids.length) await files.remove(ids);
      artifactsDeleted += ids.length;
      await db.updateById(COLLECTIONS.jobRuns, r._id as string, { artifacts: _.set({}), artifactsPurgedAt: o.now() });
      // A read position kept in the state (the segmentation refit's) is the last openid read.
      await db.updateWhere(COLLECTIONS.jobRuns, { _id: r._id, 'state.read.after': _.exists(true) }, { 'state.read.after': '' });
    }
  }
}
