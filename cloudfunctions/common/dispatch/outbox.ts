/**
 * The outbox (`outbox`, `_id` = `${campaignId}:${openid}`): one document per (campaign, customer),
 * inserted BEFORE anything is sent. The unique `_id` is the claim: whoever inserts it owns the
 * send; a second dispatcher (retry, resumed page, concurrent run) finds it taken and moves on.
 */

/**
 * Where an outbox entry stands. `unknown` = claimed by a run that died; never re-sent.
 * `skipped` = no grant left at the send; `opted_out` = the customer withdrew consent or turned
 * personalised pushes off after their page was read (`reason` says which), nothing sent.
 */
export type OutboxStatus = 'claimed' | 'sent' | 'failed' | 'skipped' | 'opted_out' | 'holdout' | 'unknown';

/** One send attempt as recorded. */
export interface SendAttempt {
  at: number;
  /** 0 = accepted by WeChat. */
  code: number;
  ms: number;
  message?: string;
}

/** An outbox document. */
export interface OutboxDoc {
  _id: string;
  campaignId: string;
  openid: string;
  templateId: string;
  /** `holdout` = control group: claimed but deliberately never sent. */
  group: 'treatment' | 'holdout';
  status: OutboxStatus;
  runOwner: string;
  claimedAt: number;
  sentAt?: number;
  finishedAt?: number;
  errorCode?: number;
  reason?: string;
  page?: string;
  /**
   * The stamp this claim's grant consumption leaves on the grants document (`lastConsumedBy`,
   * and its own entry in `consumptions`, moved to `refunds` when given back): a dead run's claim
   * without it on its grant consumed nothing, so nothing was sent.
   */
  consumeBy?: string;
  /**
   * True on claims whose consumption is recorded as its own entry in the grant's `consumptions`
   * (session 13): recovery reads that entry alone. Older claims (a rolling deploy) are read as before.
   */
  ledgerEntry?: boolean;
  /** WeChat's message id from the send answer (matches the sent event's MsgID). */
  msgId?: string;
  /** WeChat's delivery result from `subscribe_msg_sent_event` (code 0 = delivered). */
  delivery?: { code: number; status: string; at: number; record: string };
  attempts: SendAttempt[];
}

/** `_id` of the outbox entry for (campaign, customer). */
export const outboxId = (campaignId: string, openid: string): string => `${campaignId}:${openid}`;
