/**
 * The audience rows the admin's rule preview evaluates: built once by paging every profile and
 * its consent, then kept in the container for {@link PROJECTION_TTL_MS}. A preview per keystroke
 * is then a pass over memory (100k rows: tens of ms), never a database scan per keystroke.
 * Staff may force a rebuild (`refresh`); a container that has not built it pays one build.
 *
 * Consent is never left to the TTL: a customer who just turned personalisation off must leave
 * every preview and member list at once (PIPL art. 24), so each use first asks for consents
 * written since the projection last looked (one indexed query, usually empty) and rebuilds those
 * customers' rows; a withdrawal (a tombstone) or a burst of changes rebuilds the whole projection.
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
  /** Consents written after this (ms) are not in the rows yet. */
  consentsSeenAt: number;
}

/** More consent changes than this since the last look: rebuild instead of patching rows. */
export const MAX_CONSENT_PATCH = 200;
/** Slack for a consent written by another container while the projection was being built. */
const CLOCK_SLACK_MS = 5_000;

let cached: Promise<Projection> | null = null;
let cachedAt = 0;

/** Pages profiles by `_id` and joins their consents into rows (asOf = build time). */
export async function buildProjection(db: Db, now = Date.now()): Promise<Projection> {
  const t0 = Date.now();
  const rows: AudienceRow[] = [];
  for await (const page of db.pages(COLLECTIONS.profiles, {}, { pageSize: PAGE })) {
    const consents = await db.findByIds(COLLECTIONS.consents, page.map((p) => String(p._id)));
    for (const p of page) rows.push(audienceRow(p, consents.get(String(p._id)) ?? null, now));
  }
  return { rows, builtAt: now, buildMs: Date.now() - t0, consentsSeenAt: now - CLOCK_SLACK_MS };
}

/**
 * Brings the rows of customers whose consent changed since `p.consentsSeenAt` up to date, in
 * place. False when the change cannot be patched (a withdrawal's tombstone carries no openid, or
 * too many changes): the caller rebuilds.
 */
export async function patchConsentChanges(db: Db, p: Projection, now: number): Promise<boolean> {
  const since = db._.gt(p.consentsSeenAt);
  // Keyset pages, not one find: the cloud may answer fewer documents than asked (a cap of 1,000,
  // or 100 as developers measured), and a short answer must not pass for "that was all". Two
  // plain conditions (an `or` cannot be paged by `_id`), both indexed.
  const pages = await Promise.all(
    [{ updatedAt: since }, { withdrawnAt: since }].map((where) => db.keysetPage(COLLECTIONS.consents, where, { limit: MAX_CONSENT_PATCH })),
  );
  const changed = [...new Map(pages.flatMap((pg) => pg.docs).map((c) => [String(c._id), c])).values()];
  if (!changed.length) return true;
  if (pages.some((pg) => !pg.last) || changed.length > MAX_CONSENT_PATCH || changed.some((c) => c.tombstone === true)) return false;
  const ids = changed.map((c) => String(c._id));
  const profiles = await db.findByIds(COLLECTIONS.profiles, ids);
  const fresh = new Map(changed.map((c) => [String(c._id), c]));
  const at = new Map(p.rows.map((r, i) => [r.openid, i]));
  const gone = new Set<string>();
  for (const id of ids) {
    const profile = profiles.get(id);
    const i = at.get(id);
    if (!profile) {
      gone.add(id); // no profile, no row: an erasure bumps the consent record, so the row goes at once
      continue;
    }
    const row = audienceRow(profile, (fresh.get(id) as never) ?? null, p.builtAt);
    if (i === undefined) p.rows.push(row);
    else p.rows[i] = row;
  }
  if (gone.size) p.rows = p.rows.filter((r) => !gone.has(r.openid));
  const latest = Math.max(...changed.map((c) => Math.max(Number(c.updatedAt ?? 0), Number(c.withdrawnAt ?? 0))));
  p.consentsSeenAt = Math.max(p.consentsSeenAt, Math.min(latest, now));
  return true;
}

function rebuild(db: Db, now: number): Promise<Projection> {
  cachedAt = now;
  const built = buildProjection(db, now);
  cached = built;
  built.catch(() => {
    if (cached === built) cached = null; // a failed build is not kept: the next call retries
  });
  return built;
}

/**
 * The container's projection: rebuilt when older than the TTL or on `refresh`, and otherwise
 * brought up to date with every consent change first (see the file comment).
 */
export async function cachedProjection(db: Db, { refresh = false, now = Date.now() } = {}): Promise<Projection> {
  if (!cached || refresh || now - cachedAt > PROJECTION_TTL_MS) return rebuild(db, now);
  const p = await cached;
  return (await patchConsentChanges(db, p, now)) ? p : rebuild(db, now);
}
