/**
 * Housekeeping of model versions' files in cloud storage. A version's document stays forever (it
 * is the audit trail the 模型 card lists: who fitted what, on which window, and why it was or was
 * not promoted); its files go when nothing can serve them any more:
 * - a rejected candidate after two weeks;
 * - a retired version after a month, unless it is among the newest few retired versions of its
 *   model (staff may roll back to those) or is the registry's fallback (`lastGood`).
 * The serving version is never touched. A purged version is marked `filesPurgedAt`, and the
 * store refuses to roll back to it.
 * A version still `uploading` after the lease is a publish that died between writing its document
 * and making it a candidate: its files (those stored) go, then the document too — it never held a
 * model anyone judged, and keeping it would show a version that never was.
 * A candidate the guard never judged (its refit ended before the guard step) after
 * UNJUDGED_CANDIDATE_DAYS, unless its run is still running: its files go and it is marked
 * `abandoned` (模型 shows 未评估，已清理), so staff see why it never served.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Db } from '../common/db/wx-db';
import { isStalledUpload, storedMs as asMs, UNJUDGED_CANDIDATE_DAYS, type PointerDoc, type VersionDoc } from '../common/model-store/types';
import { DAY_MS } from '../common/profile/day';
import { REJECTED_FILE_DAYS, RETIRED_FILE_DAYS, RETIRED_KEEP, type PassContext } from './policies';

/** What one pass did. */
export interface ModelFilesReport {
  versionsPurged: number;
  filesDeleted: number;
  /** `uploading` versions of dead publishes deleted (files, then document). */
  uploadsCleared: number;
  /** Candidates never judged, their files deleted and marked `abandoned`. */
  candidatesAbandoned: number;
  done: boolean;
}

/** Versions of one model whose files may go now (pure; `versions` newest first or in any order). */
export function expiredVersions(versions: VersionDoc[], pointer: PointerDoc | null, now: number): VersionDoc[] {
  const keep = new Set([pointer?.serving, pointer?.lastGood].filter((v): v is string => !!v));
  const retired = versions
    .filter((v) => v.status === 'retired')
    .sort((a, b) => asMs(b.retiredAt ?? b.createdAt) - asMs(a.retiredAt ?? a.createdAt));
  for (const v of retired.slice(0, RETIRED_KEEP)) keep.add(v.version);
  return versions.filter((v) => {
    if (keep.has(v.version) || v.files.length === 0 || (v as { filesPurgedAt?: unknown }).filesPurgedAt) return false;
    if (v.status === 'rejected') return now - asMs(v.createdAt) > REJECTED_FILE_DAYS * DAY_MS;
    if (v.status === 'retired') return now - asMs(v.retiredAt ?? v.createdAt) > RETIRED_FILE_DAYS * DAY_MS;
    return false;
  });
}

/** Versions whose publish died before it made them candidates (pure). */
export function staleUploads(versions: VersionDoc[], now: number): VersionDoc[] {
  return versions.filter((v) => isStalledUpload(v, now));
}

/**
 * Candidates the guard never judged and never will (pure): older than UNJUDGED_CANDIDATE_DAYS,
 * their refit run (`producedBy`) not among `running`, neither serving nor the fallback.
 */
export function unjudgedCandidates(
  versions: VersionDoc[],
  pointer: PointerDoc | null,
  running: ReadonlySet<string>,
  now: number,
): VersionDoc[] {
  const keep = new Set([pointer?.serving, pointer?.lastGood].filter((v): v is string => !!v));
  return versions.filter(
    (v) =>
      v.status === 'candidate' &&
      !keep.has(v.version) &&
      !(v.producedBy && running.has(v.producedBy)) &&
      now - asMs(v.createdAt) > UNJUDGED_CANDIDATE_DAYS * DAY_MS,
  );
}

/** Which of the runs `ids` are still running (they may still judge their candidate). */
async function runningOf(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // By id in batches of 100 (one `in` query may answer 100 documents): a running run missed here
  // would lose the candidate it is still judging.
  const runs = await db.findByIds(COLLECTIONS.jobRuns, ids, { status: true });
  return new Set([...runs.values()].filter((r) => r.status === 'running').map((r) => String(r._id)));
}

/** Deletes the files of every expired version of every model, until done or `deadline`. */
export async function purgeModelFiles(o: PassContext): Promise<ModelFilesReport> {
  const { db } = o;
  let versionsPurged = 0;
  let filesDeleted = 0;
  let uploadsCleared = 0;
  let candidatesAbandoned = 0;
  const pointers = (await db.find(COLLECTIONS.modelPointers, {}, { limit: 100 })) as PointerDoc[];
  // Only versions whose files are still there can expire: read them all (few — the policy keeps
  // them few — but not a newest-1000 window, which would leave an old version's files forever
  // once a model has more than 1000 versions, e.g. three years of daily refits).
  const live = (await db.findAll(COLLECTIONS.modelVersions, { filesPurgedAt: db._.exists(false) })) as VersionDoc[];
  const byModel = new Map<string, VersionDoc[]>();
  for (const v of live) {
    const list = byModel.get(v.model);
    if (list) list.push(v);
    else byModel.set(v.model, [v]);
  }
  for (const v of staleUploads(live, o.now())) {
    if (o.now() > o.deadline) return { versionsPurged, filesDeleted, uploadsCleared, candidatesAbandoned, done: false };
    // Files first (chunks of 50, missing ones are fine: never uploaded), then the document that
    // names them; a pass dying between the two finds the document again next time.
    await o.files.remove(v.files.map((f) => f.fileID));
    filesDeleted += v.files.length;
    uploadsCleared += await db.removeWhere(COLLECTIONS.modelVersions, { _id: v._id, status: 'uploading' });
  }
  const running = await runningOf(db, [...new Set(live.filter((v) => v.status === 'candidate' && v.producedBy).map((v) => v.producedBy as string))]);
  for (const [model, versions] of [...byModel].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pointer = pointers.find((p) => p._id === model) ?? null;
    for (const v of unjudgedCandidates(versions, pointer, running, o.now())) {
      if (o.now() > o.deadline) return { versionsPurged, filesDeleted, uploadsCleared, candidatesAbandoned, done: false };
      // Files first, then the mark (only while still a candidate); a pass dying between the two
      // finds the candidate again and deletes the missing files without complaint.
      await o.files.remove(v.files.map((f) => f.fileID));
      filesDeleted += v.files.length;
      const at = new Date(o.now());
      candidatesAbandoned += await db.updateWhere(
        COLLECTIONS.modelVersions,
        { _id: v._id, status: 'candidate' },
        { status: 'abandoned', abandonedAt: at, files: [], filesPurgedAt: at },
      );
    }
    for (const v of expiredVersions(versions, pointer, o.now())) {
      if (o.now() > o.deadline) return { versionsPurged, filesDeleted, uploadsCleared, candidatesAbandoned, done: false };
      await o.files.remove(v.files.map((f) => f.fileID));
      filesDeleted += v.files.length;
      await db.updateById(COLLECTIONS.modelVersions, v._id, { files: [], filesPurgedAt: new Date(o.now()) });
      versionsPurged++;
    }
  }
  return { versionsPurged, filesDeleted, uploadsCleared, candidatesAbandoned, done: true };
}
