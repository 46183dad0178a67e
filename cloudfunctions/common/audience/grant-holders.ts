/**
 * Who holds a grant of a template now (`available > 0`, not blocked): the 预计可发送 estimate's
 * last step. It used to read every such grant on every estimate — at 100k customers that is a
 * hundred database pages per click in the campaign editor. Now a container keeps the set per
 * template, like the audience projection (projection-cache.ts): built once by an `_id` keyset walk,
 * then at each use brought up to date with the grants written since it last looked (every ledger
 * write stamps `updatedAt`; one indexed query, usually empty), and rebuilt after
 * {@link HOLDERS_TTL_MS} or when more changed than one page holds (a dispatch pass consuming
 * thousands of grants).
 *
 * A deletion removes the customer's grants without a stamp, so each use also reads the erasure
 * marks written since it last looked (`consents.erasedAt`, indexed, usually empty): a deletion's
 * customer is checked against their grants document (gone while the erasure runs, so forgotten),
 * and a withdrawal (its hashed tombstone names no one) rebuilds the set once. Otherwise a customer
 * who deleted their data and came back would count as a holder for up to the TTL.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db, Doc } from '../db/wx-db';
import { grantId, notBlocked } from '../dispatch/grants-ledger';

/** The set is rebuilt after this long, as the projection is. */
export const HOLDERS_TTL_MS = 5 * 60_000;
/** More grant writes than this since the last look: rebuild instead of patching. */
export const MAX_GRANT_PATCH = 1000;
/** More erasure marks than this since the last look: rebuild. */
export const MAX_ERASURE_PATCH = 200;
/** Slack for a grant written by another container (its clock) while the set was being read. */
const CLOCK_SLACK_MS = 5_000;

/** One template's holders. */
export interface GrantHolders {
  templateId: string;
  openids: Set<string>;
  builtAt: number;
  /** Grants written after this (ms) are not in the set yet. */
  seenAt: number;
  /** Erasures marked after this (ms) are not applied to the set yet. */
  erasuresSeenAt: number;
  /** Withdrawal tombstones (`_id@erasedAt`) this set was built after: no rebuild for them again. */
  tombstonesSeen: Set<string>;
  /** Database pages the last build or patch read (the cost an estimate paid). */
  pagesRead: number;
}

/** Whether a grants document lets a send through now (the dispatcher's own condition). */
export const holdsGrant = (g: Doc): boolean => Number(g.available ?? 0) > 0 && g.blocked !== true;

const cache = new Map<string, { at: number; holders: Promise<GrantHolders> }>();

/** Walks every holder of `templateId` by `_id` (fields: openid only). */
export async function buildGrantHolders(db: Db, templateId: string, now = Date.now()): Promise<GrantHolders> {
  const _ = db._;
  const openids = new Set<string>();
  let pagesRead = 0;
  for await (const page of db.pages(COLLECTIONS.grants, { templateId, available: _.gt(0), blocked: notBlocked(_) }, { fields: { openid: true } })) {
    pagesRead++;
    for (const g of page) openids.add(String(g.openid));
  }
  return { templateId, openids, builtAt: now, seenAt: now - CLOCK_SLACK_MS, erasuresSeenAt: now - CLOCK_SLACK_MS, tombstonesSeen: new Set(), pagesRead: Math.max(pagesRead, 1) };
}

/** The erasure marks since `h.erasuresSeenAt`: one indexed query, usually empty. */
export function readErasureMarks(db: Db, h: GrantHolders): ReturnType<Db['keysetPage']> {
  return db.keysetPage(
    COLLECTIONS.consents,
    { erasedAt: db._.gt(h.erasuresSeenAt) },
    { limit: MAX_ERASURE_PATCH, fields: { tombstone: true, erasedAt: true, erasureDoneAt: true } },
  );
}

/**
 * Applies the erasures marked since `h.erasuresSeenAt`, in place: each deleted customer's
 * membership is read again from their grants document (one query for all). The withdrawal
 * tombstones found are answered, not applied: the caller rebuilds and records them.
 */
export async function patchErasures(
  db: Db,
  h: GrantHolders,
  now: number,
  read = readErasureMarks(db, h),
): Promise<{ ok: true } | { ok: false; tombstones: string[] }> {
  const { docs: marks, last } = await read;
  if (!marks.length) return { ok: true };
  const tombstones = marks.filter((m) => m.tombstone === true).map((m) => `${m._id}@${m.erasedAt}`);
  if (!last || tombstones.some((t) => !h.tombstonesSeen.has(t))) return { ok: false, tombstones };
  const ids = marks.filter((m) => m.tombstone !== true).map((m) => String(m._id));
  const grants = ids.length ? await db.findByIds(COLLECTIONS.grants, ids.map((id) => grantId(id, h.templateId))) : new Map<string, Doc>();
  for (const m of marks) {
    if (m.tombstone === true) continue;
    const id = String(m._id);
    const g = grants.get(grantId(id, h.templateId));
    // Still erasing (no erasureDoneAt): its grants may not be gone yet, so it holds none.
    if (g && typeof m.erasureDoneAt === 'number' && holdsGrant(g)) h.openids.add(id);
    else h.openids.delete(id);
  }
  // The newest mark stays in view (the slack is for other containers' clocks): reading it again
  // costs this small query, and its customer's grants document decides again.
  const latest = Math.max(...marks.map((m) => Number(m.erasedAt ?? 0)));
  h.erasuresSeenAt = Math.max(h.erasuresSeenAt, Math.min(latest, now) - CLOCK_SLACK_MS);
  return { ok: true };
}

/**
 * Applies the grants of `h.templateId` written since `h.seenAt`, in place. False when more
 * changed than {@link MAX_GRANT_PATCH}: the caller rebuilds.
 */
export async function patchGrantChanges(db: Db, h: GrantHolders, now: number): Promise<boolean> {
  // A keyset page, not one find: the cloud may answer fewer documents than asked (a cap of 1,000,
  // or 100 as developers measured), and a short answer must not pass for "that was all".
  const { docs: changed, last } = await db.keysetPage(
    COLLECTIONS.grants,
    { templateId: h.templateId, updatedAt: db._.gt(h.seenAt) },
    { limit: MAX_GRANT_PATCH, fields: { openid: true, available: true, blocked: true, updatedAt: true } },
  );
  h.pagesRead = 1;
  if (!last) return false;
  for (const g of changed) {
    if (holdsGrant(g)) h.openids.add(String(g.openid));
    else h.openids.delete(String(g.openid));
  }
  // Look again from the newest write seen (minus slack for other containers' clocks), not from
  // now: a write stamped a moment ago by a slower clock must not fall between two looks.
  const latest = Math.max(0, ...changed.map((g) => Number(g.updatedAt ?? 0)));
  h.seenAt = Math.max(h.seenAt, Math.min(latest, now) - CLOCK_SLACK_MS);
  return true;
}

function rebuild(db: Db, templateId: string, now: number, tombstones: string[] = []): Promise<GrantHolders> {
  const holders = buildGrantHolders(db, templateId, now).then((h) => {
    for (const t of tombstones) h.tombstonesSeen.add(t);
    return h;
  });
  cache.set(templateId, { at: now, holders });
  holders.catch(() => {
    if (cache.get(templateId)?.holders === holders) cache.delete(templateId); // a failed build is not kept
  });
  return holders;
}

/** The container's holders of `templateId`, brought up to date with every grant write first. */
export async function cachedGrantHolders(db: Db, templateId: string, { refresh = false, now = Date.now() } = {}): Promise<GrantHolders> {
  const hit = cache.get(templateId);
  if (!hit || refresh || now - hit.at > HOLDERS_TTL_MS) return rebuild(db, templateId, now);
  const h = await hit.holders;
  // Read beside the grant writes (no wait added), applied after them: a deletion's removals carry
  // no stamp, so its mark has the last word. A mark written in between is read at the next use.
  const marks = readErasureMarks(db, h);
  marks.catch(() => undefined); // awaited below unless the grant patch fails first
  if (!(await patchGrantChanges(db, h, now))) return rebuild(db, templateId, now);
  const erased = await patchErasures(db, h, now, marks);
  return erased.ok ? h : rebuild(db, templateId, now, erased.tombstones);
}
