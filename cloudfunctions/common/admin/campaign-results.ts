/**
 * A campaign's effect: sends WeChat accepted, messages WeChat DELIVERED (its
 * `subscribe_msg_sent_event`, recorded by `wxpush`; an accepted send is not a delivery), failures
 * by error code, opens (`push_open` events carrying the
 * campaign id), conversions (a purchase within the window after the send — or, for the holdout
 * group, after the moment they would have been sent) and uplift of the DELIVERED group against
 * the holdout with a 95% CI.
 */
import { upliftCI } from '../campaign/uplift';
import { COLLECTIONS } from '../contracts/collections';
import type { Db, Doc } from '../db/wx-db';
import type { OutboxDoc } from '../dispatch/outbox';
import { deliveriesOf } from '../wxpush/push-log';
import { getCampaign } from './campaigns';
import type { CampaignResults } from '../contracts/admin-replies';

export type { CampaignResults };

/** Events of `name` for `openids` since `since`, grouped by openid (batched `in` queries). */
async function eventsBy(
  db: Db,
  name: string,
  openids: string[],
  since: number,
  extra: Record<string, unknown> = {},
): Promise<Map<string, Doc[]>> {
  const _ = db._;
  const out = new Map<string, Doc[]>();
  for (let i = 0; i < openids.length; i += 100) {
    const part = openids.slice(i, i + 100);
    // Every match exactly once: these pages used to skip through an unordered query.
    for (const e of await db.findAll(COLLECTIONS.events, { openid: _.in(part), name, ts: _.gte(since), ...extra }))
      out.set(String(e.openid), [...(out.get(String(e.openid)) ?? []), e]);
  }
  return out;
}

/**
 * Which of `openids` opened campaign `id` since `since`: one row per customer, however many
 * `push_open` events they sent — the event is the client's own claim, so a modified client can send
 * any number of them, and reading them all would let one recipient make the results unreadable.
 */
async function openersOf(db: Db, openids: string[], since: number, id: string): Promise<Set<string>> {
  const _ = db._;
  const out = new Set<string>();
  for (let i = 0; i < openids.length; i += 100) {
    const part = openids.slice(i, i + 100);
    const rows = await db.aggregateAll(
      COLLECTIONS.events,
      (p) => p.match({ openid: _.in(part), name: 'push_open', ts: _.gte(since), 'props.campaignId': id }).group({ _id: '$openid' }),
      { max: part.length + 1 },
    );
    for (const r of rows) out.add(String(r._id));
  }
  return out;
}

/** Computes the results of campaign `id`. */
export async function campaignResults(db: Db, id: string): Promise<CampaignResults> {
  const c = await getCampaign(db, id);
  const rows = (await db.findAll(COLLECTIONS.outbox, { campaignId: id })) as OutboxDoc[];
  const windowMs = (c.conversionWindowHours ?? 72) * 3600_000;
  const sent = rows.filter((r) => r.status === 'sent');
  // The sent-event records are the truth; the copy on the outbox entry may lag behind them.
  const records = await deliveriesOf(
    db,
    sent.flatMap((r) => (r.msgId ? [r.msgId] : [])),
  );
  const codeOf = (r: OutboxDoc): number | undefined =>
    r.msgId && records.has(r.msgId) ? Number(records.get(r.msgId)!.errorCode) : r.delivery?.code;
  const delivered = sent.filter((r) => codeOf(r) === 0);
  const undeliveredByCode: Record<string, number> = {};
  for (const r of sent) {
    const c = codeOf(r);
    if (c !== undefined && c !== 0) undeliveredByCode[String(c)] = (undeliveredByCode[String(c)] ?? 0) + 1;
  }
  const held = rows.filter((r) => r.group === 'holdout');
  const failedByCode: Record<string, number> = {};
  for (const r of rows)
    if (r.status === 'failed')
      failedByCode[String(r.errorCode ?? -1)] = (failedByCode[String(r.errorCode ?? -1)] ?? 0) + 1;
  const ref = (r: OutboxDoc): number => r.sentAt ?? r.claimedAt;
  // A loop, not Math.min(...rows): spreading 200,000 sends as arguments overflows the stack.
  let since = Date.now();
  for (const r of delivered) since = Math.min(since, ref(r));
  for (const r of held) since = Math.min(since, ref(r));
  const [opens, purchases] = await Promise.all([
    openersOf(
      db,
      delivered.map((r) => r.openid),
      since,
      id,
    ),
    eventsBy(
      db,
      'purchase',
      [...delivered, ...held].map((r) => r.openid),
      since,
    ),
  ]);
  const converted = (r: OutboxDoc): boolean =>
    (purchases.get(r.openid) ?? []).some((e) => Number(e.ts) >= ref(r) && Number(e.ts) <= ref(r) + windowMs);
  const convT = delivered.filter(converted).length;
  const convH = held.filter(converted).length;
  return {
    campaignId: id,
    claimed: rows.length,
    sent: sent.length,
    delivered: delivered.length,
    undeliveredByCode,
    deliveryPending: sent.filter((r) => codeOf(r) === undefined).length,
    failedByCode,
    unknown: rows.filter((r) => r.status === 'unknown').length,
    skippedNoGrant: rows.filter((r) => r.status === 'skipped').length,
    optedOut: rows.filter((r) => r.status === 'opted_out').length,
    holdout: held.length,
    opens: opens.size,
    openRate: delivered.length ? opens.size / delivered.length : null,
    conversions: { treatment: convT, holdout: convH, windowHours: c.conversionWindowHours ?? 72 },
    uplift: upliftCI({ conversions: convT, size: delivered.length }, { conversions: convH, size: held.length }),
  };
}
