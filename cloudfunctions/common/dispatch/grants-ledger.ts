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
import {
  evictions,
  KEYS_KEPT,
  LEGACY_KEYS,
  notInLegacyArray,
  pushedPath,
  pushedValue,
  remembers,
  type PushKeysDoc,
} from './push-keys';
import { ledgerAction } from './send-policy';

/** `_id` of a grants document. */
export const grantId = (openid: string, templateId: string): string => `${openid}:${templateId}`;

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
    // The array the release before the map reads (push-keys.ts, "rolling deploy"): an old instance
    // given a document without it would read its `neq` on a missing field (neq-missing.ts).
    pushKeys: [],
    updatedAt: Date.now(),
  });
  // Documents written before pushes fed the ledger have no blockedAt: give them the "never" block,
  // so `blockedAt < at` below needs no reading of a missing field (lt-missing.ts). The push keys
  // need none: their condition is `exists(false)`, which holds on a document without the map.
  await db.updateWhere(COLLECTIONS.grants, { _id: gid, blockedAt: db._.exists(false) }, { blockedAt: 0 });
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
 * and recording the key happen atomically, so a retried push can never count twice; the same
 * update drops the oldest keys past KEYS_KEPT. The key is asked and recorded in both forms
 * (push-keys.ts): `pushed.<key>` does not exist, and the `pushKeys` array the release before the
 * map reads and writes does not hold it — asked as CloudBase documents it, `nor` of the array's
 * element match, never `neq` — so a push an old instance applied during a rolling deploy, even
 * between this read and this update, is not applied again here, and one applied here is in the
 * array the old instance asks. The read first only spares the update and finds the keys to drop.
 * `at` is the push's CreateTime (seconds); an accept not newer than the last block is stale.
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
  const read = async () => (await db.getById(COLLECTIONS.grants, gid)) as PushKeysDoc | null;
  const before = await read();
  if (remembers(before, key)) return 'duplicate';
  const fields: Record<string, unknown> = { _id: gid, [pushedPath(key)]: _.exists(false) };
  // Strictly older: CreateTime counts seconds, so an accept in the very second of a 拒收 is stale
  // too, whichever arrives first — the tie goes to the refusal, and the ledger ends the same in
  // either arrival order (WeChat does not document the order of its pushes).
  if (staleIfBlockedAfter) fields.blockedAt = _.lt(at);
  const now = Date.now();
  const n = await db.updateWhere(COLLECTIONS.grants, _.and([fields, notInLegacyArray(_, key)]), {
    ...data,
    lastResultAt: at * 1000,
    updatedAt: now,
    ...Object.fromEntries(evictions(before).map((path) => [path, _.remove()])),
    [pushedPath(key)]: _.set(pushedValue(key, now)),
    [LEGACY_KEYS]: _.push({ each: [key], slice: -KEYS_KEPT }),
  });
  if (n === 1) return 'applied';
  return remembers(await read(), key) ? 'duplicate' : 'stale';
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
 * Stamps kept per list on a grants document (`consumptions`, `refunds`; newest last). A stamp is
 * read while its claim is in flight or stale (a lease): 64 later consumptions of one customer's
 * template in that time would take 64 of their taps on the popup.
 */
export const STAMPS_KEPT = 64;

/**
 * Consumes one grant if (and only if) one is available — atomic; false means "do not send".
 * `by` (unique per claim and invocation) is stamped as `lastConsumedBy` and added to the
 * document's `consumptions` in the same update: that entry is the consumption's own ledger line,
 * so a consumption whose answer was lost can be told from one that never happened, and given back,
 * whoever consumed the same grant since ({@link consumedBy}, {@link refundConsumption}).
 */
export async function consumeGrant(
  db: Db,
  openid: string,
  templateId: string,
  now = Date.now(),
  by?: string,
): Promise<boolean> {
  const _ = db._;
  const stamp = by ? { lastConsumedBy: by, consumptions: _.push({ each: [by], slice: -STAMPS_KEPT }) } : {};
  const consumed = await db.updateWhere(
    COLLECTIONS.grants,
    { _id: grantId(openid, templateId), available: _.gt(0), blocked: notBlocked(_) },
    { available: _.inc(-1), consumed: _.inc(1), lastConsumedAt: now, updatedAt: now, ...stamp },
  );
  return consumed === 1;
}

/**
 * What a give-back leaves as `lastConsumedBy` when the consumption it gives back is still the last
 * one: the release before the `refunds` list wrote it on every give-back and reads it alone (a
 * stale claim whose grant shows it is released), so this release writes it too.
 */
export const refundedStamp = (by: string): string => `${by}#refunded`;

/**
 * Gives back the consumption stamped `by` if it happened and was not given back yet: a conditional
 * update on its own entry in `consumptions` (moved to `refunds`), so it is never given back twice,
 * never takes another claim's consumption, and is found whatever consumed the grant since (a later
 * `lastConsumedBy` hid it before). `extra` is written with it (a send's error code).
 * `consumptions: by` matches an array holding `by` (CloudBase "匹配数组中的元素": `where({ numbers: 20 })`).
 *
 * While `lastConsumedBy` is still `by`, the same update also turns it into {@link refundedStamp}:
 * the release before the list (a rolling deploy) reads only that field, and finding `by` there it
 * would keep the claim this give-back leaves behind (if taking it back fails) and close it
 * `unknown`, losing the customer's notice. One update, not a second one after the give-back, so no
 * process can die between the two. When another consumption came since, `lastConsumedBy` is that
 * one's stamp and stays: an old instance reading that consumption back (its answer lost) would
 * otherwise find it gone, and neither send nor give its grant back. The second update then gives
 * the grant back alone (an old tick may close this claim `unknown`: README, "Updating a running
 * environment").
 */
export async function refundConsumption(
  db: Db,
  openid: string,
  templateId: string,
  by: string,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const _ = db._;
  const where = { _id: grantId(openid, templateId), consumptions: by };
  const giveBack = (): Record<string, unknown> => ({
    available: _.inc(1),
    consumed: _.inc(-1),
    consumptions: _.pull(by),
    refunds: _.push({ each: [by], slice: -STAMPS_KEPT }),
    ...extra,
    updatedAt: Date.now(),
  });
  const marked = await db.updateWhere(COLLECTIONS.grants, { ...where, lastConsumedBy: by }, { ...giveBack(), lastConsumedBy: refundedStamp(by) });
  return marked === 1 || (await db.updateWhere(COLLECTIONS.grants, where, giveBack())) === 1;
}

/** Whether the consumption stamped `by` happened and was not given back (a read-back). */
export async function consumedBy(db: Db, openid: string, templateId: string, by: string): Promise<boolean> {
  const doc = await db.getById(COLLECTIONS.grants, grantId(openid, templateId));
  return Array.isArray(doc?.consumptions) && doc.consumptions.includes(by);
}

/**
 * Brings the ledger in line with WeChat's final answer `code` for the grant consumed as `by`: a
 * give-back addresses that consumption's own entry (never another's, never twice).
 */
export async function settleGrant(db: Db, openid: string, templateId: string, code: number, by?: string): Promise<void> {
  const action = ledgerAction(code);
  const gid = grantId(openid, templateId);
  if (action === 'zero') await db.updateById(COLLECTIONS.grants, gid, { available: 0, lastErrorCode: code, updatedAt: Date.now() });
  else if (action === 'refund') {
    if (by) await refundConsumption(db, openid, templateId, by, { lastErrorCode: code });
    else await refundGrant(db, openid, templateId, { lastErrorCode: code });
  }
}

/** Gives back a grant consumed without a stamp (a caller that does not stamp its consumption). */
export async function refundGrant(db: Db, openid: string, templateId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const _ = db._;
  await db.updateById(COLLECTIONS.grants, grantId(openid, templateId), {
    available: _.inc(1),
    consumed: _.inc(-1),
    ...extra,
    updatedAt: Date.now(),
  });
}
