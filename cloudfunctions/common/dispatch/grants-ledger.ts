/**
 * The grants ledger (`grants`, `_id` = `${openid}:${templateId}`): how many one-time
 * subscribe-message grants a customer has left per template. Fed ONLY by WeChat's own pushes
 * (the `wxpush` function): a `subscribe_msg_popup_event` accept adds one grant, a
 * `subscribe_msg_change_event` reject (拒收 from the service-notice card) zeroes and blocks the
 * template until the customer accepts again. What the client reports is analytics and never
 * reaches this file. The dispatcher consumes one grant with a conditional atomic update BEFORE
 * sending, so nothing is ever sent without one. Every write that can change who holds a grant
 * stamps `updatedAt`: the campaign editor's estimate follows the ledger by it
 * (audience/grant-holders.ts).
 */
import { z } from 'zod';
import { COLLECTIONS } from '../contracts/collections';
import { id } from '../contracts/events';
import type { Db } from '../db/wx-db';
import { ledgerAction } from './send-policy';

/** `_id` of a grants document. */
export const grantId = (openid: string, templateId: string): string => `${openid}:${templateId}`;

/** Push keys remembered per grant document: WeChat's retries come within seconds, not hundreds. */
const KEYS_KEPT = 64;

/**
 * What an old client still sends after `wx.requestSubscribeMessage` (kept so released app
 * versions get an answer; it adds nothing to the ledger).
 */
export const recordSubscribeInput = z
  .object({
    results: z
      .array(z.object({ templateId: id, result: z.enum(['accept', 'reject', 'ban', 'filter']) }).strict())
      .min(1)
      .max(3),
  })
  .strict();
/** Input of `recordSubscribe`. */
export type RecordSubscribeInput = z.infer<typeof recordSubscribeInput>;

/** How a push changed the ledger. */
export type LedgerChange = 'applied' | 'duplicate' | 'stale';

async function ensureDoc(db: Db, openid: string, templateId: string): Promise<string> {
  const gid = grantId(openid, templateId);
  await db.insertUnique(COLLECTIONS.grants, {
    _id: gid,
    openid,
    templateId,
    available: 0,
    accepted: 0,
    rejected: 0,
    consumed: 0,
    blocked: false,
    blockedAt: 0,
    pushKeys: [],
    updatedAt: Date.now(),
  });
  // Documents written before pushes fed the ledger have no blockedAt and no pushKeys: give them
  // the "never" block and no keys, so the conditions below need no reading of a missing field
  // (`blockedAt ≤ at`; `pushKeys ≠ key`, which CloudBase does not promise to match when absent).
  // Every document with pushKeys already has blockedAt, so this never resets a document's keys.
  await db.updateWhere(COLLECTIONS.grants, { _id: gid, blockedAt: db._.exists(false) }, { blockedAt: 0, pushKeys: [] });
  return gid;
}

/**
 * "Not blocked": `blocked` other than true, or absent (documents from before pushes fed the ledger
 * have none) — spelled out, since whether `neq` matches a missing field is not documented
 * (common/db/neq-missing.ts). A field-level or, so it fits in a plain where (keyset pages add `_id`);
 * the SDK lifts it to the query's `$or`, so a where may hold only one such or (two would merge).
 */
export const notBlocked = (_: Db['_']): unknown => _.neq(true).or(_.exists(false));

/**
 * Applies one push item in ONE conditional update: the condition "this key was not applied yet"
 * and recording the key happen atomically, so a retried push can never count twice.
 * `at` is the push's CreateTime (seconds); an accept older than the last block is stale.
 */
async function applyOnce(
  db: Db,
  openid: string,
  templateId: string,
  key: string,
  at: number,
  data: Record<string, unknown>,
  staleIfBlockedAfter: boolean,
): Promise<LedgerChange> {
  const _ = db._;
  const gid = await ensureDoc(db, openid, templateId);
  const where: Record<string, unknown> = { _id: gid, pushKeys: _.neq(key) };
  if (staleIfBlockedAfter) where.blockedAt = _.lte(at);
  const n = await db.updateWhere(COLLECTIONS.grants, where, {
    ...data,
    lastResultAt: at * 1000,
    updatedAt: Date.now(),
    pushKeys: _.push({ each: [key], slice: -KEYS_KEPT }),
  });
  if (n === 1) return 'applied';
  const doc = (await db.getById(COLLECTIONS.grants, gid)) as { pushKeys?: string[] } | null;
  return (doc?.pushKeys ?? []).includes(key) ? 'duplicate' : 'stale';
}

/** A popup accept: exactly one one-time grant. */
export function applyAccept(db: Db, openid: string, templateId: string, key: string, at: number): Promise<LedgerChange> {
  const _ = db._;
  return applyOnce(
    db,
    openid,
    templateId,
    key,
    at,
    { available: _.inc(1), accepted: _.inc(1), blocked: false, lastResult: 'accept' },
    true,
  );
}

/** A popup reject (recorded), or a later reject from the notice card (zeroes and blocks). */
export function applyReject(
  db: Db,
  openid: string,
  templateId: string,
  key: string,
  at: number,
  via: 'popup' | 'change',
): Promise<LedgerChange> {
  const _ = db._;
  const data: Record<string, unknown> = { rejected: _.inc(1), lastResult: via === 'change' ? 'reject_later' : 'reject' };
  if (via === 'change') Object.assign(data, { available: 0, blocked: true, blockedAt: at });
  return applyOnce(db, openid, templateId, key, at, data, false);
}

/** Grants left per template of one customer (read only). */
export async function availableOf(db: Db, openid: string, templateIds: string[]): Promise<Record<string, number>> {
  const docs = await db.findByIds(
    COLLECTIONS.grants,
    templateIds.map((t) => grantId(openid, t)),
  );
  return Object.fromEntries(templateIds.map((t) => [t, Number(docs.get(grantId(openid, t))?.available ?? 0)]));
}

/**
 * Consumes one grant if (and only if) one is available — atomic; false means "do not send".
 * `by` (unique per claim and invocation) is stamped as `lastConsumedBy`, so a consumption whose
 * answer was lost can be told from one that never happened ({@link consumedBy}).
 */
export async function consumeGrant(
  db: Db,
  openid: string,
  templateId: string,
  now = Date.now(),
  by?: string,
): Promise<boolean> {
  const _ = db._;
  const consumed = await db.updateWhere(
    COLLECTIONS.grants,
    { _id: grantId(openid, templateId), available: _.gt(0), blocked: notBlocked(_) },
    { available: _.inc(-1), consumed: _.inc(1), lastConsumedAt: now, updatedAt: now, ...(by ? { lastConsumedBy: by } : {}) },
  );
  return consumed === 1;
}

/** What a refund leaves as `lastConsumedBy` for the consumption stamped `by`: given back, unsent. */
export const refundedStamp = (by: string): string => `${by}#refunded`;

/**
 * Gives back the consumption stamped `by`, if it happened and is still the last one: one
 * conditional update, so it is never given back twice nor takes back another's consumption.
 * For a consumption whose answer and read-back were both lost (sendOne, no call made).
 */
export async function refundConsumption(db: Db, openid: string, templateId: string, by: string): Promise<boolean> {
  const _ = db._;
  const n = await db.updateWhere(
    COLLECTIONS.grants,
    { _id: grantId(openid, templateId), lastConsumedBy: by },
    { available: _.inc(1), consumed: _.inc(-1), lastConsumedBy: refundedStamp(by), updatedAt: Date.now() },
  );
  return n === 1;
}

/** Whether the last consumption of the customer's grant was the one stamped `by` (a read-back). */
export async function consumedBy(db: Db, openid: string, templateId: string, by: string): Promise<boolean> {
  return (await db.getById(COLLECTIONS.grants, grantId(openid, templateId)))?.lastConsumedBy === by;
}

/** Brings the ledger in line with WeChat's final answer `code` for a consumed grant. */
export async function settleGrant(db: Db, openid: string, templateId: string, code: number): Promise<void> {
  const action = ledgerAction(code);
  const gid = grantId(openid, templateId);
  if (action === 'zero') await db.updateById(COLLECTIONS.grants, gid, { available: 0, lastErrorCode: code, updatedAt: Date.now() });
  else if (action === 'refund') await refundGrant(db, openid, templateId, { lastErrorCode: code });
}

/** Gives back a grant consumed for a send WeChat never received or never used. */
export async function refundGrant(db: Db, openid: string, templateId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const _ = db._;
  await db.updateById(COLLECTIONS.grants, grantId(openid, templateId), {
    available: _.inc(1),
    consumed: _.inc(-1),
    ...extra,
    updatedAt: Date.now(),
  });
}
