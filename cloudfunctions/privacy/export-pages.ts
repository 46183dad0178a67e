/**
 * The export's pages: every part (grants, orders, outbox, …, events) is walked by `_id` keyset in a
 * fixed order, and one answer holds as much as fits its byte budget — so no part, however long,
 * makes an answer exceed CloudBase's 1 MB. The cursor names the part and the last `_id` answered in
 * it (`outbox@<id>`); a bare id is an events cursor of the earlier format.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import type { Db, Doc } from '../common/db/wx-db';

/** The parts in page order, with their collections (all keyed by `openid`). */
export const EXPORT_PARTS = [
  ['grants', COLLECTIONS.grants],
  ['orders', COLLECTIONS.orders],
  ['outbox', COLLECTIONS.outbox],
  ['segmentHistory', COLLECTIONS.segmentHistory],
  ['deadLetters', COLLECTIONS.deadLetters],
  ['subscribePushes', COLLECTIONS.subscribePushes],
  ['events', COLLECTIONS.events],
] as const;

/** A part's key in the answer. */
export type ExportPart = (typeof EXPORT_PARTS)[number][0];

/** Documents read per database answer (the cloud's page cap; Db.keysetPage halves it past 1 MB). */
const READ = 1000;

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

/** Where a cursor points: the part's index and the last `_id` answered in it. */
export function parseExportCursor(cursor: string | undefined): { part: number; after?: string } {
  if (!cursor) return { part: 0 };
  const at = cursor.indexOf('@');
  const part = at > 0 ? EXPORT_PARTS.findIndex(([k]) => k === cursor.slice(0, at)) : -1;
  if (part < 0) return { part: EXPORT_PARTS.length - 1, after: cursor };
  return { part, after: cursor.slice(at + 1) || undefined };
}

/** The parts' documents from `cursor` on, as many as fit `budget` bytes (at least one), and where to go on. */
export async function exportParts(
  db: Db,
  openid: string,
  cursor: string | undefined,
  budget: number,
): Promise<{ parts: Record<ExportPart, Doc[]>; nextCursor: string | null }> {
  const parts = Object.fromEntries(EXPORT_PARTS.map(([k]) => [k, [] as Doc[]])) as Record<ExportPart, Doc[]>;
  const from = parseExportCursor(cursor);
  let used = 0;
  for (let i = from.part; i < EXPORT_PARTS.length; i++) {
    const [key, coll] = EXPORT_PARTS[i];
    let after = i === from.part ? from.after : undefined;
    for (;;) {
      const { docs, last } = await db.keysetPage(coll, { openid }, { after, limit: READ });
      for (const doc of docs) {
        const size = jsonBytes(doc) + 1;
        if (used + size > budget && used > 0) return { parts, nextCursor: `${key}@${after ?? ''}` };
        parts[key].push(doc);
        used += size;
        after = doc._id as string;
      }
      if (last || docs.length === 0) break;
    }
  }
  return { parts, nextCursor: null };
}
