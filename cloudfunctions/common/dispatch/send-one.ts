/**
 * One customer's notice: claim (unique outbox insert) → consume a grant (conditional atomic
 * update) → send with bounded retries → record every attempt and settle the ledger.
 * The order makes the two invariants structural: a send always follows a successful claim (no
 * duplicates) and a successful grant consumption (no send without a grant).
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { consumeGrant, consumedBy, refundedStamp, refundGrant, settleGrant } from './grants-ledger';
import { outboxId, type OutboxDoc, type SendAttempt } from './outbox';
import { DAILY_QUOTA_CODE, decide, errorCodeOf } from './send-policy';
import { deliveriesOf, markDelivery } from '../wxpush/push-log';

/** subscribeMessage.send arguments. */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** Sends one message; throws (with `errCode`) when WeChat refuses. */
export type Sender = (msg: SubscribeMessage) => Promise<unknown>;

/** Retry settings. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
}

/**
 * Outcome for the run's counters. `quota`: WeChat answered the app's daily limit (45009) - the
 * claim was taken back and the grant refunded, so the customer stays due for the next pass.
 */
export type SendOutcome = 'sent' | 'failed' | 'unknown' | 'no_grant' | 'taken' | 'holdout' | 'quota' | `skip_${ConsentVeto}`;

/** The customer's own say stopping a send: consent gone, or personalised pushes turned off. */
export type ConsentVeto = 'no_consent' | 'personalization_off';

/** Asks the customer's consent again (null: still allowed); read right before each attempt. */
export type ConsentRecheck = () => Promise<ConsentVeto | null>;

/** WeChat's message id in a send answer (`msgid`; the SDK passes it through). */
export function msgIdOf(res: unknown): string | undefined {
  const r = res as { msgid?: unknown; msgId?: unknown } | null;
  const v = r?.msgid ?? r?.msgId;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** A sent event that arrived before we wrote msgId: copy its result onto the outbox entry now. */
async function copyEarlyDelivery(db: Db, msgId: string): Promise<void> {
  const rec = (await deliveriesOf(db, [msgId])).get(msgId);
  if (rec) await markDelivery(db, msgId, Number(rec.errorCode), String(rec.errorStatus ?? ''), rec.createTime);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Records a holdout member (claimed, never sent); 'taken' when already decided earlier. A claim
 * stored with its answer lost is this run's (insertUnique's write-id), so it counts as a hold-out.
 */
export async function claimHoldout(
  db: Db,
  campaignId: string,
  openid: string,
  templateId: string,
  owner: string,
  now = Date.now(),
): Promise<SendOutcome> {
  const doc: OutboxDoc = {
    _id: outboxId(campaignId, openid),
    campaignId,
    openid,
    templateId,
    group: 'holdout',
    status: 'holdout',
    runOwner: owner,
    claimedAt: now,
    finishedAt: now,
    attempts: [],
  };
  return (await db.insertUnique(COLLECTIONS.outbox, doc as unknown as OutboxDoc & Record<string, unknown>))
    ? 'holdout'
    : 'taken';
}

/**
 * Claims, consumes a grant and sends one message. `recheck` (the customer's consent, read again)
 * runs right before each attempt: the page's consents may be seconds old by then, and an opt-out
 * or withdrawal in between must stop the notice.
 */
export async function sendOne(
  db: Db,
  send: Sender,
  msg: SubscribeMessage,
  campaignId: string,
  owner: string,
  retry: RetryPolicy,
  recheck?: ConsentRecheck,
): Promise<SendOutcome> {
  const _id = outboxId(campaignId, msg.touser);
  const claimedAt = Date.now();
  const by = `${owner}/${_id}`;
  const claim: OutboxDoc = {
    _id,
    campaignId,
    openid: msg.touser,
    templateId: msg.templateId,
    group: 'treatment',
    status: 'claimed',
    runOwner: owner,
    claimedAt,
    page: msg.page,
    consumeBy: by,
    attempts: [],
  };
  // True also when this very claim was stored and only its answer lost (insertUnique's write-id).
  if (!(await db.insertUnique(COLLECTIONS.outbox, claim as unknown as OutboxDoc & Record<string, unknown>))) return 'taken';
  const update = (data: Partial<OutboxDoc>): Promise<number> => db.updateById(COLLECTIONS.outbox, _id, data);
  // The consent is read beside the grant's consumption (no extra wait before the first attempt),
  // and again before any retry.
  const [consumed, firstVeto] = await Promise.allSettled([consumeGrant(db, msg.touser, msg.templateId, claimedAt, by), recheck?.() ?? null]);
  if (consumed.status === 'rejected' && !(await consumedBy(db, msg.touser, msg.templateId, by))) {
    // The consumption failed before the store (or the read-back says so): nothing consumed,
    // nothing sent. Take the claim back so the customer stays due, instead of the next tick
    // closing it 'unknown' and losing their notice.
    await db.removeWhere(COLLECTIONS.outbox, { _id, status: 'claimed' });
    throw consumed.reason;
  }
  // A consumption applied with its answer lost is ours (the read-back found our stamp): go on.
  if (consumed.status === 'fulfilled' && !consumed.value) {
    await update({ status: 'skipped', reason: 'no_grant', finishedAt: Date.now() });
    return 'no_grant';
  }
  const attempts: SendAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    let veto: ConsentVeto | null | undefined;
    try {
      if (attempt > 1) veto = await recheck?.();
      else if (firstVeto.status === 'rejected') throw firstVeto.reason;
      else veto = firstVeto.value;
    } catch (err) {
      // The consent could not be read: whether they still allow a notice is unknown, so none goes
      // now. Nothing reached WeChat, so the grant is theirs again and the claim is taken back:
      // the customer stays due for the next pass (an open claim is closed 'unknown', never resent).
      // The refund marks the stamp refunded: if taking the claim back fails, the next tick sees
      // the grant given back and takes the claim back itself (stale-claims.ts).
      await refundGrant(db, msg.touser, msg.templateId, { lastConsumedBy: refundedStamp(by) });
      await db.removeWhere(COLLECTIONS.outbox, { _id, status: 'claimed' });
      throw err;
    }
    if (veto) {
      // Nothing reached WeChat (earlier attempts, if any, were answered refusals): the grant is
      // the customer's again, and the claim is closed so this campaign never sends it to them.
      await refundGrant(db, msg.touser, msg.templateId);
      await update({ status: 'opted_out', reason: veto, finishedAt: Date.now(), attempts });
      return `skip_${veto}`;
    }
    const t0 = Date.now();
    let code = 0;
    let message: string | undefined;
    let msgId: string | undefined;
    try {
      msgId = msgIdOf(await send(msg));
    } catch (err) {
      code = errorCodeOf(err);
      message = String((err as Error)?.message ?? err).slice(0, 200);
    }
    attempts.push({ at: t0, code, ms: Date.now() - t0, ...(message ? { message } : {}) });
    const d = decide(code, attempt, retry.maxAttempts, retry.baseDelayMs);
    if (d.kind === 'retry') {
      await update({ attempts });
      await sleep(d.delayMs);
      continue;
    }
    const finishedAt = Date.now();
    if (d.kind === 'sent') {
      // Accepted is not delivered: WeChat's subscribe_msg_sent_event (wxpush) says which it was.
      await update({ status: 'sent', sentAt: t0, finishedAt, attempts, ...(msgId ? { msgId } : {}) });
      if (msgId) await copyEarlyDelivery(db, msgId);
      return 'sent';
    }
    if (d.kind === 'ambiguous') {
      // The grant stays consumed: WeChat may have delivered and used it.
      await update({
        status: 'unknown',
        errorCode: d.code,
        finishedAt,
        attempts,
        reason: '发送结果未知（不重发）',
      });
      return 'unknown';
    }
    await settleGrant(db, msg.touser, msg.templateId, d.code);
    if (d.code === DAILY_QUOTA_CODE) {
      // The app's limit, not this customer's refusal: every send today would get the same answer.
      // Nothing was delivered; release the claim so the next pass (tomorrow) sends to them.
      await db.removeWhere(COLLECTIONS.outbox, { _id, status: 'claimed' });
      return 'quota';
    }
    await update({
      status: 'failed',
      errorCode: d.code,
      finishedAt,
      attempts,
      reason: d.kind === 'permanent' ? d.reason : `重试 ${attempt} 次仍失败`,
    });
    return 'failed';
  }
}
