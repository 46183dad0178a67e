/**
 * How long Qunxiang keeps what it derives, beside raw events (QX_RETENTION_DAYS, default 180).
 * Chosen so every screen keeps what it draws (the trend charts read the newest 30–100 runs or
 * days) and a year-on-year comparison still has its year, while nothing grows without bound.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Db } from '../common/db/wx-db';
import type { ModelFiles } from '../common/model-store/ports';

/** Documents of `collection` whose numeric epoch-ms `field` is older than `days` are deleted. */
export interface AgePolicy {
  collection: string;
  field: string;
  days: number;
}

/** Derived history kept 400 days: a year plus room for a same-season comparison. */
export const AGE_POLICIES: readonly AgePolicy[] = [
  { collection: COLLECTIONS.segmentRuns, field: 'finishedAt', days: 400 },
  { collection: COLLECTIONS.segmentHistory, field: 'at', days: 400 },
  { collection: COLLECTIONS.valueSnapshots, field: 'at', days: 400 },
];

/** Resumable-job intermediates (checkpoints) are useless once a run has ended; kept a week for diagnosis. */
export const RUN_ARTIFACT_DAYS = 7;
/** Finished job runs (their summaries) are kept half a year; the newest of each kind always stays. */
export const RUN_DOC_DAYS = 180;
/** Files of a rejected candidate are kept two weeks (to inspect why it lost), then deleted. */
export const REJECTED_FILE_DAYS = 14;
/**
 * Files of retired versions: the newest few stay, so staff can roll back; older ones go after a
 * month. The serving version and the registry's fallback (`lastGood`) are never touched.
 */
export const RETIRED_KEEP = 3;
export const RETIRED_FILE_DAYS = 30;

/**
 * Staff's rule-segment export files are handed out only as a link that works 10 minutes
 * (admin/export-file.ts EXPORT_LINK_S); nothing reads one after that. An hour, then deleted.
 */
export const EXPORT_FILE_MS = 60 * 60_000;
/**
 * How long a retention pass holds a rule's export name while it deletes the expired file
 * (retention/export-files.ts): a fresh export of that rule waits it out (one storage call).
 */
export const EXPORT_PURGE_LEASE_MS = 60_000;

/** What every housekeeping part works with: the database, cloud storage, a clock and a deadline (epoch ms). */
export interface PassContext {
  db: Db;
  files: ModelFiles;
  now: () => number;
  deadline: number;
}
