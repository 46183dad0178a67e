/**
 * One customer's notice: claim (unique outbox insert, the consent read beside it) → consume a
 * grant (conditional atomic update) → send with bounded retries → record every attempt and settle
 * the ledger. The order makes the two invariants structural: a send always follows a successful
 * claim (no duplicates) and a successful grant consumption (no send without a grant). And the
 * consumption is the last write before the first call, so a dead run's claim whose grant it did
 * not consume provably reached no one (stale-claims.ts): only a process dying between that write
 * and the call can leave a notice unsent for good (`unknown`; a duplicate is worse).
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { consumeGrant, consumedBy, refundConsumption, settleGrant } from './grants-ledger';
import { outboxId, type OutboxDoc, type SendAttempt } from './outbox';
import { CAMPAIGN_FAULT_CODES, decide, errorCodeOf, refusalScope, type CampaignFault } from './send-policy';
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
 * Outcome for the run's counters. `quota`: WeChat answered the app's daily limit (45009);
 * `banned`: the app's (or template's) subscribe-message ability is banned (43107); a
 * `CampaignFault`: it refused the campaign's page (41030, `page_invalid`) or template (40037,
 * `template_invalid`). In each the claim was taken back and the grant refunded, so the customer
 * stays due for the next pass.
 */
export type SendOutcome =
  | 'sent'
  | 'failed'
  | 'unknown'
  | 'no_grant'
  | 'taken'
  | 'holdout'
  | 'quota'
  | 'banned'
  | CampaignFault
  | `skip_${ConsentVeto}`;

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
 * runs beside the claim and right before each retry: the page's consents may be seconds old by
 * then, and an opt-out or withdrawal in between must stop the notice.
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
    ledgerEntry: true,
    attempts: [],
  };
  // The consent is read beside the claim (no wait added before the first attempt), and again
  // before any retry. Read before the grant's consumption, so the consumption is the last write
  // before the call: a claim whose grant was consumed and not given back either reached WeChat
  // or lost its process in that one step (stale-claims.ts can take back every other one).
  const [claimed, firstVeto] = await Promise.allSettled([
    // True also when this very claim was stored and only its answer lost (insertUnique's write-id).
    db.insertUnique(COLLECTIONS.outbox, claim as unknown as OutboxDoc & Record<string, unknown>),
    recheck?.() ?? null,
  ]);
  if (claimed.status === 'rejected') throw claimed.reason;
  if (!claimed.value) return 'taken';
  const update = (data: Partial<OutboxDoc>): Promise<number> => db.updateById(COLLECTIONS.outbox, _id, data);
  const takeBack = (): Promise<number> => db.removeWhere(COLLECTIONS.outbox, { _id, status: 'claimed' });
  if (firstVeto.status === 'rejected') {
    // The consent could not be read: whether they still allow a notice is unknown, so none goes
    // now. Nothing is consumed yet: taking the claim back leaves the customer due with their
    // grant (if that fails, the next tick finds no consumption and takes it back itself).
    await takeBack();
    throw firstVeto.reason;
  }
  if (firstVeto.value) {
    // Withdrawn or turned off since the page was read: closed, nothing consumed, nothing sent.
    await update({ status: 'opted_out', reason: firstVeto.value, finishedAt: Date.now() });
    return `skip_${firstVeto.value}`;
  }
  let consumed: boolean;
  try {
    consumed = await consumeGrant(db, msg.touser, msg.templateId, claimedAt, by);
  } catch (err) {
    // Applied with its answer lost, or not: the stamp says which (a read-back).
    const ours = await consumedBy(db, msg.touser, msg.templateId, by).catch(() => undefined);
    if (!ours) {
      // Not consumed, or unknown (the read-back failed too): no call now. Give back our
      // consumption if it happened (conditional on its own ledger entry, so never twice and
      // whatever campaign consumed the same grant since), then take the claim back so the
      // customer stays due; the next tick closing it 'unknown' would lose their notice. (If the
      // give-back fails too, the next tick has to close it 'unknown'.)
      if (ours === undefined) await refundConsumption(db, msg.touser, msg.templateId, by);
      await takeBack();
      throw err;
    }
    consumed = true; // applied, answer lost: ours, so go on and send
  }
  if (!consumed) {
    await update({ status: 'skipped', reason: 'no_grant', finishedAt: Date.now() });
    return 'no_grant';
  }
  const attempts: SendAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      let veto: ConsentVeto | null | undefined;
      try {
        veto = await recheck?.();
      } catch (err) {
        // As above, but the grant is consumed: earlier attempts were answered refusals, nothing
        // reached the customer, so it is given back (its stamp moved to `refunds`: if taking the
        // claim back fails, the next tick sees that and takes the claim back itself).
        await refundConsumption(db, msg.touser, msg.templateId, by);
        await takeBack();
        throw err;
      }
      if (veto) {
        // Nothing reached WeChat (earlier attempts were answered refusals): the grant is the
        // customer's again, and the claim is closed so this campaign never sends it to them.
        await refundConsumption(db, msg.touser, msg.templateId, by);
        await update({ status: 'opted_out', reason: veto, finishedAt: Date.now(), attempts });
        return `skip_${veto}`;
      }
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
    await settleGrant(db, msg.touser, msg.templateId, d.code, by);
    const scope = refusalScope(d.code);
    if (scope !== 'customer') {
      // Not this customer's refusal: the app's limit for today (45009), a ban of the app's
      // subscribe messages (43107) or the campaign's page or template (41030, 40037) - every send
      // of the pass would get the same answer. Nothing was delivered and the grant is given back;
      // release the claim so the next pass (tomorrow, after the ban is lifted, or after staff fix
      // the campaign) sends to them, once.
      await takeBack();
      if (scope === 'app_day') return 'quota';
      return scope === 'app_banned' ? 'banned' : CAMPAIGN_FAULT_CODES[d.code];
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
