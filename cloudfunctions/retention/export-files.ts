/**
 * Staff's rule-segment export files (admin/rule-segments.ts) once their link has expired: every
 * named file whose export began more than {@link EXPORT_FILE_MS} ago is deleted (a file already
 * gone is deleted tolerantly; the name stays, as erasures leave it). Nothing reads such a file, and
 * this also takes the one a dead export left: stored, then the call died before it could check for
 * an erasure that ran meanwhile (exportAnswer's own check covers every export that lives).
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { EXPORT_FILE_MS, type PassContext } from './policies';

/** What one pass did. */
export interface ExportFilesReport {
  /** Export files deleted (names whose file was already gone count too). */
  exportFilesDeleted: number;
}

/** Deletes the export files older than their use (one per rule segment at most). */
export async function purgeExportFiles(o: PassContext): Promise<ExportFilesReport> {
  const rules = await o.db.find(
    COLLECTIONS.ruleSegments,
    { exportFileId: o.db._.exists(true) },
    { limit: 1000, fields: { _id: true, exportFileId: true, exportedAt: true } },
  );
  const cut = o.now() - EXPORT_FILE_MS;
  // No `exportedAt`: named before exports recorded when they began, so long expired.
  const old = rules.filter((r) => !(Number(r.exportedAt) >= cut));
  if (old.length) await o.files.remove(old.map((r) => String(r.exportFileId)));
  return { exportFilesDeleted: old.length };
}
