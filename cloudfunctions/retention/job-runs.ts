/**
 * Housekeeping of resumable job runs (`job_runs`): a finished run's checkpoints in cloud storage
 * are deleted a week after it ended (at once if a customer was erased after it started), and the run document itself after half a year — except the
 * newest run of each kind and any active one, which the 模型 card shows.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Db, Doc } from '../common/db/wx-db';
import { lastErasureAt } from '../common/consent/erasures';
import { ENDED_RUN, purgeEndedRunArtifacts } from '../common/jobs/purge-artifacts';
import { DAY_MS } from '../common/profile/day';
import { RUN_ARTIFACT_DAYS, RUN_DOC_DAYS, type PassContext } from './policies';

/** What one pass did. */
export interface JobRunsReport {
  artifactsDeleted: number;
  runsDeleted: number;
  done: boolean;
}

const FINISHED = [...ENDED_RUN];

/** Runs the per-kind slots (`jobs` `runner:<kind>`) still point at, which are never deleted. */
async function protectedRuns(db: Db): Promise<Set<string>> {
  // Every slot, page by page: one find may answer 100 documents, and a run a slot missed here is deleted.
  const slots = await db.findAll(COLLECTIONS.jobs, { lastRun: db._.exists(true) }, { fields: { active: true, lastRun: true } });
  const ids = new Set<string>();
  for (const s of slots as Doc[]) {
    if (!String(s._id).startsWith('runner:')) continue;
    if (typeof s.active === 'string' && s.active) ids.add(s.active);
    if (typeof s.lastRun === 'string') ids.add(s.lastRun);
  }
  return ids;
}

/** Deletes expired run artifacts, then expired run documents, until done or `deadline`. */
export async function purgeJobRuns(o: PassContext): Promise<JobRunsReport> {
  const { db } = o;
  const _ = db._;
  let runsDeleted = 0;
  // A week after a run ended its checkpoints go; at once when a customer was erased after it
  // started (the erasure purges the runs ended by then; this catches those in flight then).
  const erased = await lastErasureAt(db);
  const expired: Doc = { finishedAt: _.lt(o.now() - RUN_ARTIFACT_DAYS * DAY_MS) };
  const where = erased ? _.or([expired, { createdAt: _.lte(erased) }]) : expired;
  const purge = await purgeEndedRunArtifacts(db, o.files, where, o);
  const { artifactsDeleted } = purge;
  if (!purge.done) return { artifactsDeleted, runsDeleted, done: false };
  const keep = await protectedRuns(db);
  const docCut = o.now() - RUN_DOC_DAYS * DAY_MS;
  for (;;) {
    if (o.now() > o.deadline) return { artifactsDeleted, runsDeleted, done: false };
    const page = await db.find(
      COLLECTIONS.jobRuns,
      { status: _.in(FINISHED), finishedAt: _.lt(docCut), artifactsPurgedAt: _.exists(true), _id: _.nin([...keep]) },
      { limit: 200, fields: { _id: true } },
    );
    if (page.length === 0) return { artifactsDeleted, runsDeleted, done: true };
    runsDeleted += await db.removeWhere(COLLECTIONS.jobRuns, { _id: _.in(page.map((d) => d._id)) });
  }
}
