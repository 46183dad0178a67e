/**
 * What WeChat said about the app's subscribe-message templates that reaches past one campaign, in
 * one `jobs` document (`_id` = {@link TEMPLATE_FAULTS_ID}) staff's pages read:
 * - `banned`: a send with the template was answered 43107 (the app's subscribe-message ability,
 *   or that template, banned: send-policy.ts BANNED_CODE). Dispatch stops at it and tries again
 *   each tick; the campaigns page shows a banner while any entry is left.
 * - `removed`: answered 40037 (the template is no longer the app's, e.g. deleted on the 公众平台);
 *   the editor stops offering it and the reach estimate stops counting its grants.
 * An entry is dropped when a send with that template goes through (the ban was lifted, or the
 * template is the app's again), and a removed one also when staff say they added it back.
 * A banned entry also carries the back-off of its tries (ban-backoff.ts); `lastSent` is the latest
 * send WeChat took while a ban was stored (the banner's evidence that not every template is
 * refused) and `retries` staff's 立即重试 requests.
 * Entries are arrays, not maps keyed by template id: real ids (43 characters, `-` included) are
 * not valid field names (the local cloud README, "field names"). Two writers change it — the
 * dispatcher (under its lease) and staff's 模板已恢复 (admin, no lease) — so every change is a
 * compare-and-set on `rev`: a change whose read went stale is read again and re-applied, never
 * written over the other (a cleared mark coming back, or a new refusal lost).
 */
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import { UNAVAILABLE_MESSAGE } from '../contracts/reply-of-error';
import type { Db } from '../db/wx-db';
import type { BanRetryRequest, SentThrough, TemplateFault, TemplateFaults } from '../contracts/admin-replies';
import { afterBanRefusal, banTryNow } from './ban-backoff';
import { LAG_RETRY, lagWait } from '../db/lag-wait';

export type { TemplateFault, TemplateFaults };

/** 立即重试 requests kept on the document (the newest). */
const RETRIES_KEPT = 20;

/** `_id` of the document in `jobs`. */
export const TEMPLATE_FAULTS_ID = 'subscribe-template-faults';

/** Which list a refusal goes to. */
export type TemplateFaultKind = 'banned' | 'removed';

const list = (v: unknown): TemplateFault[] =>
  Array.isArray(v) ? v.filter((x): x is TemplateFault => typeof x?.templateId === 'string') : [];

const sentThrough = (v: unknown): SentThrough | undefined => {
  const s = v as Partial<SentThrough> | null | undefined;
  return typeof s?.templateId === 'string' && typeof s.at === 'number' ? { templateId: s.templateId, at: s.at } : undefined;
};
const retries = (v: unknown): BanRetryRequest[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is BanRetryRequest => typeof x?.by === 'string' && typeof x?.at === 'number') : undefined;
const parse = (doc: Record<string, unknown> | null): TemplateFaults => ({
  banned: list(doc?.banned),
  removed: list(doc?.removed),
  lastSent: sentThrough(doc?.lastSent),
  retries: retries(doc?.retries),
});

/** The stored faults (none when the document does not exist yet). */
export async function readTemplateFaults(db: Db): Promise<TemplateFaults> {
  return parse(await db.getById(COLLECTIONS.jobs, TEMPLATE_FAULTS_ID));
}

/**
 * A change that met another writer on every try of {@link FAULTS_RETRY} (or read a replica that
 * lagged longer than its waits). It wrote nothing, so the same request again is safe: UNAVAILABLE 系统繁忙, not
 * INTERNAL, at a function's boundary (staff's 模板已恢复; the dispatcher's next tick).
 */
export class TemplateFaultsBusyError extends QxError {
  override name = 'TemplateFaultsBusyError';
  constructor() {
    super('UNAVAILABLE', UNAVAILABLE_MESSAGE, { retryable: true, reason: 'subscribe template faults: changed by another writer on every try' });
  }
}

/**
 * How a change tries again after its compare-and-set lost (another writer landed, or the read came
 * from a replica that lags): db/lag-wait.ts, a jittered back-off between tries, so a lag shorter
 * than the waits catches up and two writers do not meet again.
 */
export const FAULTS_RETRY = LAG_RETRY;

/**
 * Applies `edit` to the stored faults as a compare-and-set on `rev` (created at rev 0 when
 * missing; a document from before `rev` matches on its absence). `edit` answers false for "nothing
 * to change", which writes nothing. Answers whether it wrote.
 */
async function change(db: Db, edit: (f: TemplateFaults) => boolean, now: number): Promise<boolean> {
  const J = COLLECTIONS.jobs;
  for (let tries = 0; tries < FAULTS_RETRY.tries; tries++) {
    await lagWait(tries);
    const doc = await db.getById(J, TEMPLATE_FAULTS_ID);
    if (!doc) {
      await db.insertUnique(J, { _id: TEMPLATE_FAULTS_ID, kind: 'subscribe-template-faults', banned: [], removed: [], rev: 0, updatedAt: now });
      continue;
    }
    const f = parse(doc);
    if (!edit(f)) return false;
    const rev = typeof doc.rev === 'number' ? doc.rev : undefined;
    const n = await db.updateWhere(
      J,
      { _id: TEMPLATE_FAULTS_ID, rev: rev ?? db._.exists(false) },
      {
        banned: db._.set(f.banned),
        removed: db._.set(f.removed),
        lastSent: f.lastSent ? db._.set(f.lastSent) : null,
        ...(f.retries ? { retries: db._.set(f.retries) } : {}),
        rev: (rev ?? 0) + 1,
        updatedAt: now,
      },
    );
    if (n === 1) return true;
  }
  throw new TemplateFaultsBusyError();
}
/**
 * Records a refusal of `kind` for `templateId`, keeping the first `since`; a ban also takes its
 * back-off's next step, counted from `triedAt` (the run's start; ban-backoff.ts).
 */
export async function recordTemplateFault(
  db: Db,
  kind: TemplateFaultKind,
  templateId: string,
  campaignId: string,
  now = Date.now(),
  triedAt = now,
): Promise<void> {
  await change(
    db,
    (f) => {
      const before = f[kind].find((x) => x.templateId === templateId);
      const entry =
        kind === 'banned' ? afterBanRefusal(before, templateId, campaignId, triedAt, now) : { templateId, since: before?.since ?? now, lastSeenAt: now, campaignId };
      f[kind] = [...f[kind].filter((x) => x.templateId !== templateId), entry];
      return true;
    },
    now,
  );
}

/**
 * A send with `templateId` went through: its entries go (it is neither banned nor removed); if it
 * was banned, the other banned templates are tried now (the ban may have been the app's, lifted
 * for all); while any ban is left, the send is kept as the evidence that not everything is
 * refused. `dueAt`: when the others become due (the run's start, so this run tries them too).
 * Answers the faults as stored after it.
 */
export async function noteSentThrough(db: Db, templateId: string, now = Date.now(), dueAt = now): Promise<TemplateFaults> {
  let after: TemplateFaults | null = null;
  await change(
    db,
    (f) => {
      const wasBanned = f.banned.some((x) => x.templateId === templateId);
      const banned = f.banned.filter((x) => x.templateId !== templateId);
      f.banned = wasBanned ? banTryNow(banned, dueAt) : banned;
      f.removed = f.removed.filter((x) => x.templateId !== templateId);
      f.lastSent = f.banned.length ? { templateId, at: now } : undefined;
      after = f;
      return true;
    },
    now,
  );
  return after ?? readTemplateFaults(db);
}

/**
 * Staff's 立即重试: every banned template is tried at the next tick, its step kept (a refusal
 * then waits the next interval); the request is kept with who asked. Answers the faults after it.
 */
export async function requestBanRetry(db: Db, staff: string, now = Date.now()): Promise<TemplateFaults> {
  let after: TemplateFaults | null = null;
  await change(
    db,
    (f) => {
      f.banned = banTryNow(f.banned, now);
      f.retries = [...(f.retries ?? []), { by: staff, at: now }].slice(-RETRIES_KEPT);
      after = f;
      return true;
    },
    now,
  );
  // What was written, not a read: a lagging read would show the banner without this request.
  return after ?? readTemplateFaults(db);
}

/**
 * Drops `templateId`'s entries of `kinds` (a send with it went through: both; staff added it back:
 * `removed`). Writes nothing when there is none.
 */
export async function clearTemplateFaults(
  db: Db,
  templateId: string,
  kinds: TemplateFaultKind[] = ['banned', 'removed'],
  now = Date.now(),
): Promise<boolean> {
  return change(
    db,
    (f) => {
      if (!kinds.some((k) => f[k].some((x) => x.templateId === templateId))) return false;
      for (const k of kinds) f[k] = f[k].filter((x) => x.templateId !== templateId);
      return true;
    },
    now,
  );
}
