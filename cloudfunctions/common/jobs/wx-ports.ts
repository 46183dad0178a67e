/**
 * The job runner's ports on wx-server-sdk: runs in `job_runs`, the per-kind slot in `jobs`
 * (`_id` = `runner:<kind>`), artifacts in cloud storage. Lease and slot changes are conditional
 * single-document updates (atomic in CloudBase and in the local cloud).
 */
import { erasureGuard } from '../consent/erase-guard';
import { COLLECTIONS } from '../contracts/collections';
import { readKeys, storedKeys } from '../db/stored-keys';
import { Db, type Doc } from '../db/wx-db';
import { replacing, wxModelFiles, type SdkStorage } from '../model-store/wx-ports';
import type { JobDb, JobPorts } from './ports';
import type { JobRun, JobSlot } from './types';

const R = COLLECTIONS.jobRuns;
const J = COLLECTIONS.jobs;
const slotId = (kind: string) => `runner:${kind}`;

/**
 * A slot with no active run stores `''`, not null: whether `{active: null}` matches a stored null is
 * not documented for CloudBase (db/null-eq.ts) — read as SQL's `= NULL` it matches nothing, and no
 * run of the kind could start again after its first.
 */
const IDLE = '';

/** "No active run": the sentinel, or a legacy slot's null (MongoDB's reading) or missing field. */
const idle = (db: Db): unknown => db._.in([IDLE, null]).or(db._.exists(false));

/**
 * Set by every slot write since the sentinel. A slot without it that stores `active: null` was
 * written before: under SQL's reading of `= NULL` no condition on `active` can find it, so such a
 * slot is taken by a condition on this marker's absence instead — every writer of this code sets
 * the marker, so of two racing starters only one can match.
 */
const MARKED = 'idleSentinel';

/** A run (or patch) as stored: artifact names (file names) escaped (db/stored-keys.ts). */
function toStored<T extends Partial<JobRun>>(run: T): Doc {
  return (run.artifacts ? { ...run, artifacts: storedKeys(run.artifacts) } : run) as unknown as Doc;
}

/**
 * A run patch as an update. Artifact names are written one by one (`artifacts.<stored key>`), never
 * as a whole map: a tick whose read of the run lagged (a replica behind the last tick's writes:
 * scripts/local-cloud/README.md, read lag) holds an older map, and writing it whole dropped a
 * checkpoint named since — a file in storage no run names, which neither retention nor an erasure
 * would ever delete. So names are only added; the ended run's files go by its `artifactsPurgedAt`.
 */
function runUpdate(db: Db, patch: Partial<JobRun>): Doc {
  const { artifacts, ...rest } = patch;
  const out = replacing(db, toStored(rest));
  for (const [key, v] of Object.entries(artifacts ? storedKeys(artifacts) : {})) out[`artifacts.${key}`] = v && typeof v === 'object' ? db._.set(v) : v;
  return out;
}

/** A stored run as the runner sees it: artifact names unescaped (old plain names as they are). */
function fromStored(doc: Doc | null): JobRun | null {
  return doc && ({ ...doc, artifacts: readKeys(doc.artifacts as Record<string, string> | undefined) } as unknown as JobRun);
}

/** {@link JobDb} on the database. */
export function wxJobDb(db: Db): JobDb {
  return {
    async getSlot(kind) {
      const d = await db.getById(J, slotId(kind));
      return d ? ({ _id: kind, active: d.active || null, lastRun: d.lastRun ?? null } as JobSlot) : null;
    },
    async swapSlot(kind, expected, next) {
      const data = { active: next.active ?? IDLE, [MARKED]: true, ...(next.lastRun ? { lastRun: next.lastRun } : {}) };
      const active = expected === null ? idle(db) : expected;
      if ((await db.updateWhere(J, { _id: slotId(kind), active }, data)) === 1) return true;
      if (expected !== null) return false;
      const slot = await db.getById(J, slotId(kind));
      if (slot) {
        // A slot from before the sentinel that stored null (read by `_id`, whatever `= NULL` means).
        // Not safe against a starter still running the code before the sentinel (a rolling deploy):
        // it could take the slot between this read and this write; jobs run on timers minutes apart.
        if (slot.active !== null || slot[MARKED] !== undefined) return false;
        return (await db.updateWhere(J, { _id: slotId(kind), [MARKED]: db._.exists(false) }, data)) === 1;
      }
      // The kind's first slot: insertUnique answers true also when this insert was stored and only
      // its answer was lost (it would otherwise read as another start's, and the runner would
      // delete the very run the slot now names).
      return db.insertUnique(J, { _id: slotId(kind), lastRun: null, ...data });
    },
    insertRun: (run) => db.insert(R, [toStored(run)]),
    removeRun: async (id) => void (await db.removeWhere(R, { _id: id })),
    getRun: async (id) => fromStored(await db.getById(R, id)),
    // Only a running run: the tick's read of the slot and the run may lag (a replica behind the last
    // writes), and a run that finished since would otherwise be leased and its last step run again.
    acquireLease: async (id, now, until, leaseId) =>
      (await db.updateWhere(R, { _id: id, status: 'running', leaseUntil: db._.lt(now) }, { leaseUntil: until, leaseId })) === 1,
    async saveRun(id, leaseId, patch) {
      if ((await db.updateWhere(R, { _id: id, leaseId }, runUpdate(db, patch))) === 1) return true;
      // The database counts MODIFIED documents: a patch that changes nothing (an artifact uploaded
      // again under its own name has the same fileID) updates none, though the lease is still ours.
      return (await db.count(R, { _id: id, leaseId })) === 1;
    },
    listRuns: async (kind, limit) =>
      (await db.find(R, { kind }, { orderBy: ['createdAt', 'desc'], limit })).map((d) => fromStored(d) as JobRun),
  };
}

/** Both ports for a function: `wxJobPorts(new Db(cloud.database()), cloud)`. */
export function wxJobPorts(db: Db, cloud: SdkStorage): JobPorts {
  const files = wxModelFiles(cloud);
  return { db: wxJobDb(db), files, erasures: erasureGuard(db, files) };
}
