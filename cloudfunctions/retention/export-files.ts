/**
 * Staff's rule-segment export files (admin/rule-segments.ts) once their link has expired: every
 * named file whose export began more than {@link EXPORT_FILE_MS} ago is deleted (a file already
 * gone is deleted tolerantly; the name stays, as erasures leave it, and `exportPurged` marks it so
 * later passes skip it). Nothing reads such a file, and this also takes the one a dead export
 * left: stored, then the call died before it could check for an erasure that ran meanwhile
 * (exportAnswer's own check covers every export that lives).
 *
 * Every rule of the collection in `_id` pages (keyset), so none is passed over however many
 * have exports. A rule's export file lives at ONE path, so a fresh export of the same rule can
 * store its file there between this pass's read and its removal — and staff's fresh link would
 * 404. So the removal is claimed first, conditional on the `exportedAt` the pass read (a fresh
 * export named since: skipped), with a short lease on the rule that the export's naming respects
 * (rule-segments.ts refuses to name while a purge holds it; staff export again a moment later).
 * The name itself is never removed: an erasure still finds every file that may exist.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Doc } from '../common/db/wx-db';
import { EXPORT_FILE_MS, EXPORT_PURGE_LEASE_MS, type PassContext } from './policies';

/** What one pass did. */
export interface ExportFilesReport {
  /** Export files deleted (names whose file was already gone count too). */
  exportFilesDeleted: number;
}

const R = COLLECTIONS.ruleSegments;

/** Deletes the export files older than their use (one per rule segment at most). */
export async function purgeExportFiles(o: PassContext): Promise<ExportFilesReport> {
  const _ = o.db._;
  let deleted = 0;
  const named = { exportFileId: _.exists(true), exportPurged: _.exists(false) };
  for await (const page of o.db.pages(R, named, { pageSize: 100, fields: { _id: true, exportFileId: true, exportedAt: true } })) {
    for (const rule of page) {
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
