/**
 * Staff's rule-segment export files (admin/rule-segments.ts) once their link has expired: every
 * named file whose export began more than {@link EXPORT_FILE_MS} ago is deleted (a file already
 * gone is deleted tolerantly). Nothing reads such a file, and this also takes the one a dead
 * export left: stored, then the call died before it could check for an erasure that ran meanwhile
 * (exportAnswer's own check covers every export that lives). Every rule of the collection in
 * `_id` pages (keyset), so none is passed over however many have exports.
 *
 * Each export's own file (admin/export-names.ts) is deleted, THEN its name dropped: nothing else
 * ever writes that path, so no fresh file can be hit however slow the pass, and a pass dying in
 * between leaves a name whose file the next pass (or an erasure) deletes again.
 *
 * Rules exported before that keep one file per rule at ONE path, which an export of the previous
 * release may still write during a rolling deploy: that removal is claimed first, conditional on
 * the `exportedAt` the pass read (a fresh export named since: skipped), with a short lease the old
 * export's naming respects; the name stays, and `exportPurged` marks it so later passes skip it.
 * A pass stalled past its lease between claim and removal can still delete such a fresh file (a
 * dead link, never a file left unnamed): only while old `admin` instances serve.
 */
import { EXPORT_FILES, exportNamePath, exportNames } from '../common/admin/export-names';
import { COLLECTIONS } from '../common/contracts/collections';
import type { Doc } from '../common/db/wx-db';
import { EXPORT_FILE_MS, EXPORT_PURGE_LEASE_MS, type PassContext } from './policies';

/** What one pass did. */
export interface ExportFilesReport {
  /** Export files deleted (names whose file was already gone count too). */
  exportFilesDeleted: number;
}

const R = COLLECTIONS.ruleSegments;

/** Deletes the export files older than their use: each export's own, and those of rules exported before. */
export async function purgeExportFiles(o: PassContext): Promise<ExportFilesReport> {
  let deleted = 0;
  // Every rule (staff's, a few dozen): one walk reads both forms of name.
  const fields = { _id: true, exportFileId: true, exportedAt: true, exportPurged: true, [EXPORT_FILES]: true };
  for await (const page of o.db.pages(R, {}, { pageSize: 100, fields })) {
    for (const rule of page) {
      for (const [exportId, name] of exportNames(rule)) {
        if (o.now() > o.deadline) return { exportFilesDeleted: deleted };
        if (name.at >= o.now() - EXPORT_FILE_MS) continue;
        await o.files.remove([name.fileID]);
        await o.db.updateById(R, String(rule._id), { [exportNamePath(exportId)]: o.db._.remove() });
        deleted++;
      }
      if (rule.exportFileId === undefined || rule.exportPurged !== undefined) continue;
      if (o.now() > o.deadline) return { exportFilesDeleted: deleted };
      // No `exportedAt`: named before exports recorded when they began, so long expired.
      if (Number(rule.exportedAt) >= o.now() - EXPORT_FILE_MS) continue;
      if (await purgeOne(o, rule)) deleted++;
    }
  }
  return { exportFilesDeleted: deleted };
}

/** Claims rule `rule`'s expired file (as read) and deletes it; false when a fresh export named it since. */
async function purgeOne(o: PassContext, rule: Doc): Promise<boolean> {
  const _ = o.db._;
  const until = o.now() + EXPORT_PURGE_LEASE_MS;
  const asRead = { exportFileId: rule.exportFileId, exportedAt: rule.exportedAt === undefined ? _.exists(false) : rule.exportedAt };
  if ((await o.db.updateWhere(R, { _id: rule._id, ...asRead }, { exportPurgeUntil: until })) !== 1) return false;
  await o.files.remove([String(rule.exportFileId)]);
  // Conditional on this pass's lease: an export that named after it lapsed keeps its fresh state.
  await o.db.updateWhere(R, { _id: rule._id, exportPurgeUntil: until }, { exportPurgeUntil: _.remove(), exportPurged: true });
  return true;
}
