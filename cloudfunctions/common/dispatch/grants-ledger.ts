/**
 * The grants ledger (`grants`, `_id` = `${openid}:${templateId}`): how many one-time
 * subscribe-message grants a customer has left per template. Written server-side only: the client
 * reports `requestSubscribeMessage` results (accept → available + 1); the dispatcher consumes one
 * grant with a conditional atomic update BEFORE sending, so nothing is ever sent without one.
 */
import { z } from 'zod';
import { COLLECTIONS } from '../contracts/collections';
import { id } from '../contracts/events';
import type { Db } from '../db/wx-db';
import { ledgerAction } from './send-policy';

/** `_id` of a grants document. */
export const grantId = (openid: string, templateId: string): string => `${openid}:${templateId}`;

/** What the client sends after `wx.requestSubscribeMessage` (≤ 3 templates per call, as WeChat). */
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

/** Applies one customer's subscribe results; answers the new `available` per template. */
export async function recordSubscribe(
  db: Db,
  openid: string,
  input: RecordSubscribeInput,
  knownTemplates: Set<string>,
  now = Date.now(),
): Promise<Record<string, number>> {
  const _ = db._;
  const out: Record<string, number> = {};
  for (const r of input.results) {
    if (!knownTemplates.has(r.templateId)) continue; // not one of the merchant's templates: ignore
    const gid = grantId(openid, r.templateId);
    await db.insertUnique(COLLECTIONS.grants, {
      _id: gid,
      openid,
      templateId: r.templateId,
      available: 0,
      accepted: 0,
      rejected: 0,
      consumed: 0,
      lastResultAt: now,
    });
    const accept = r.result === 'accept';
    await db.updateById(COLLECTIONS.grants, gid, {
      ...(accept ? { available: _.inc(1), accepted: _.inc(1) } : { rejected: _.inc(1) }),
      lastResult: r.result,
      lastResultAt: now,
    });
    const doc = await db.getById(COLLECTIONS.grants, gid);
    out[r.templateId] = Number((doc as { available?: number } | null)?.available ?? 0);
  }
  return out;
}

/** Consumes one grant if (and only if) one is available — atomic; false means "do not send". */
export async function consumeGrant(
  db: Db,
  openid: string,
  templateId: string,
  now = Date.now(),
): Promise<boolean> {
  const _ = db._;
  const consumed = await db.updateWhere(
    COLLECTIONS.grants,
    { _id: grantId(openid, templateId), available: _.gt(0) },
    { available: _.inc(-1), consumed: _.inc(1), lastConsumedAt: now },
  );
  return consumed === 1;
}

/** Brings the ledger in line with WeChat's final answer `code` for a consumed grant. */
export async function settleGrant(db: Db, openid: string, templateId: string, code: number): Promise<void> {
  const _ = db._;
  const action = ledgerAction(code);
  const gid = grantId(openid, templateId);
  if (action === 'zero') await db.updateById(COLLECTIONS.grants, gid, { available: 0, lastErrorCode: code });
  else if (action === 'refund')
    await db.updateById(COLLECTIONS.grants, gid, {
      available: _.inc(1),
      consumed: _.inc(-1),
      lastErrorCode: code,
    });
}
