/**
 * Where a rule segment's export files live and are named. Each export writes its OWN file,
 * `exports/rule-segments/<rule>/<export id>.csv`, and names it on the rule, in the map
 * `exportFiles` (export id → its fileID and when the export began), before storing it: every
 * erasure deletes every file named there, retention deletes each an hour after its export began
 * and only then drops its name (retention/export-files.ts).
 *
 * Why one file per export, not one per rule: at one path, a retention pass deleting the previous
 * file could delete a fresh export's file stored there after the pass's lease lapsed (a broken
 * link), and two exports of a rule in one millisecond named the same values, so one update changed
 * nothing and its export was refused. A path no other export or pass writes closes both; the
 * names are a map because every file that may exist must stay named for the next erasure.
 * Rules exported before keep `exportFileId` (one path per rule, with `exportedAt` and the purge
 * lease): read by erasures and retention as before, never written again.
 *
 * A name whose file an erasure deleted (or an export deleted as raced) carries `voidedAt`, written
 * BEFORE the removal: staff's list of exports says why the file is gone and not to use its link
 * (export-view.ts; a link to a deleted file tells staff nothing about why: it answers cloud
 * storage's English `NoSuchKey`, or still serves the file until it expires, since the storage CDN
 * is not documented to stop at once), so no file goes without its name saying so. The other way round is not exact, by choice: an export whose name an erasure marked and
 * whose upload came after that erasure's removal keeps its file (it holds nobody erased: its own
 * check refuses one that does) under a void mark, and staff export again without need. Closing
 * that needs one more read per export, which multiplied the orders
 * test/fault/interleavings/export-erasure.test.ts runs beyond what a loaded CI can afford.
 */
import { randomBytes } from 'node:crypto';

/** The map's field on a rule segment. */
export const EXPORT_FILES = 'exportFiles';

/** One named export file. */
export interface ExportName {
  fileID: string;
  /** When its export began reading (epoch ms). */
  at: number;
  /** When an erasure (or the export itself, as raced by one) marked the file for deletion. */
  voidedAt?: number;
}

/** A new export's id: time-ordered, unique, a legal stored field name (common/db/stored-keys.ts). */
export const newExportId = (now: number): string => `e${now.toString(36)}${randomBytes(6).toString('hex')}`;

/** The cloud path of export `exportId` of rule `ruleId`. */
export const exportPath = (ruleId: string, exportId: string): string => `exports/rule-segments/${ruleId}/${exportId}.csv`;

/** The dotted path of export `exportId`'s name on its rule. */
export const exportNamePath = (exportId: string): string => `${EXPORT_FILES}.${exportId}`;

/** The dotted path of export `exportId`'s void mark on its rule. */
export const exportVoidedPath = (exportId: string): string => `${EXPORT_FILES}.${exportId}.voidedAt`;

/** The named exports of a rule document (as read), export id → name; malformed entries are skipped. */
export function exportNames(rule: { exportFiles?: unknown } | null | undefined): Array<[string, ExportName]> {
  const map = rule?.exportFiles;
  if (!map || typeof map !== 'object') return [];
  return Object.entries(map as Record<string, unknown>).flatMap(([id, v]) => {
    const n = v as Partial<ExportName> | null;
    if (!n || typeof n.fileID !== 'string') return [];
    const name: ExportName = { fileID: n.fileID, at: Number(n.at) };
    if (typeof n.voidedAt === 'number') name.voidedAt = n.voidedAt;
    return [[id, name] as [string, ExportName]];
  });
}

/** Every fileID a rule document names: the map's and the single name of rules exported before. */
export function namedFileIds(rule: { exportFiles?: unknown; exportFileId?: unknown }): string[] {
  const ids = exportNames(rule).map(([, n]) => n.fileID);
  return typeof rule.exportFileId === 'string' ? [rule.exportFileId, ...ids] : ids;
}
