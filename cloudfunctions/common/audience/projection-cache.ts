/**
 * The audience rows the admin's rule preview evaluates: built once by paging every profile and
 * its consent, then kept in the container for {@link PROJECTION_TTL_MS}. A preview per keystroke
 * is then a pass over memory (100k rows: tens of ms), never a database scan per keystroke.
 * Staff may force a rebuild (`refresh`); a container that has not built it pays one build.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { audienceRow, type AudienceRow } from './audience-row';

/** Rows are rebuilt after this long: segment runs move profiles every 10 minutes. */
export const PROJECTION_TTL_MS = 5 * 60_000;
const PAGE = 1000;

/** A built projection. */
export interface Projection {
  rows: AudienceRow[];
  builtAt: number;
  buildMs: number;
}

let cached: Promise<Projection> | null = null;
let cachedAt = 0;

/** Pages profiles by `_id` and joins their consents into rows (asOf = build time). */
export async function buildProjection(db: Db, now = Date.now()): Promise<Projection> {
  const t0 = Date.now();
  const rows: AudienceRow[] = [];
  let after = '';
  for (;;) {
    const page = await db.find(COLLECTIONS.profiles, { _id: db._.gt(after) }, { orderBy: ['_id', 'asc'], limit: PAGE });
    if (!page.length) break;
    const consents = await db.findByIds(COLLECTIONS.consents, page.map((p) => String(p._id)));
    for (const p of page) rows.push(audienceRow(p, consents.get(String(p._id)) ?? null, now));
    after = String(page[page.length - 1]._id);
    if (page.length < PAGE) break;
  }
  return { rows, builtAt: now, buildMs: Date.now() - t0 };
}

/** The container's projection, rebuilt when older than the TTL or on `refresh`. */
export function cachedProjection(db: Db, { refresh = false, now = Date.now() } = {}): Promise<Projection> {
  if (!cached || refresh || now - cachedAt > PROJECTION_TTL_MS) {
    cachedAt = now;
    cached = buildProjection(db, now);
    cached.catch(() => {
      cached = null; // a failed build is not kept: the next call retries
    });
  }
  return cached;
}
