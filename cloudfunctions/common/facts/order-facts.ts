/**
 * Orders as server facts: `shop.createOrder` (and the rebuild job's repair pass) write an order's
 * `order_submit` and `purchase` events into the event stream and apply them to the profile
 * through THE reducer (profile/delta.ts), exactly as `track` applies client events, so a full
 * rebuild from raw events equals the incremental profile. Ids derive from the order id
 * (`order_submit:<orderId>`, `purchase:<orderId>` — a `:` no client eventId can contain), so a
 * retry or a repair never counts an order twice.
 *
 * Crash safety, the same protocol as track: the profile gets a pending mark before the events
 * are stored, cleared by the atomic update that applies them; a call that dies in between leaves
 * the mark and the rebuild job's repair pass recomputes the customer from raw events. A call that
 * dies before storing the events leaves the ORDER marked `facts: 'pending'`; the repair pass
 * records such orders again (rebuild/job.ts).
 *
 * Consent: events and profiles exist only for customers with a current tracking consent. Without
 * it, or when a deletion (删除我的数据) overlapped the call or came after the order was placed (a
 * pending order the repair pass records late), the order stands (it is the shop's record) but
 * enters no profile ('no-consent').
 */
import crypto from 'node:crypto';
import { erasureOverlaps } from '../consent/erasures';
import { isCurrentConsent } from '../consent/policy';
import type { FactsState } from '../contracts/orders';
import type { ConsentStore, EventStore, ProfileStore } from '../db/ports';
import { eventDelta } from '../profile/delta';
import { SERVER_SESSION_ID } from '../profile/bucket-keys';
import type { StoredEvent } from '../profile/types';
import { combineDeltas } from '../profile/update-spec';
// The one claim rule of "stored once" (ordered or atomic batch inserts), shared with track.
import { claimEvents } from '../../track/steps/store-events';

/** What an order contributes (a stored order satisfies it). */
export interface OrderForFacts {
  _id: string;
  openid: string;
  amountFen: number;
  createdAt: number;
  items: Array<{ productId: string; categoryId: string; quantity: number; priceFen: number }>;
}

export type { FactsState };

/** Storage the recorder needs (the ingest ports). */
export interface FactsPorts {
  events: EventStore;
  profiles: ProfileStore;
  consents: ConsentStore;
}

/** The server-written events of an order (stable ids, event time = order time). */
export function orderFactDocs(order: OrderForFacts, receivedAt: number): StoredEvent[] {
  const props = {
    orderId: order._id,
    amountFen: order.amountFen,
    items: order.items.map(({ productId, categoryId, quantity, priceFen }) => ({
      productId,
      categoryId,
      quantity,
      priceFen,
    })),
  };
  return (['order_submit', 'purchase'] as const).map((name) => {
    const eventId = `${name}:${order._id}`;
    return {
      _id: `${order.openid}:${eventId}`,
      openid: order.openid,
      eventId,
      name,
      ts: order.createdAt,
      clientTs: order.createdAt,
      receivedAt,
      sessionId: SERVER_SESSION_ID,
      deviceId: 'server',
      seq: 0,
      props: structuredClone(props),
      origin: 'server',
    };
  });
}

/** Stores the docs marked with `batchId`; returns those THIS call stored (track's claim rule). */
async function storeNew(ports: FactsPorts, docs: StoredEvent[], batchId: string): Promise<StoredEvent[]> {
  const marked = docs.map((d) => ({ ...d, batchId }));
  const fates = await claimEvents((d) => ports.events.insertMany(d), marked, batchId);
  const dead = marked.find((d) => typeof fates.get(d._id) === 'object');
  // An order's two small events are never refused for themselves: a refusal is a real failure,
  // and the order's facts stay pending for the repair pass.
  if (dead) throw new Error(`order facts not stored: ${JSON.stringify(fates.get(dead._id))}`);
  return marked.filter((d) => fates.get(d._id) === 'mine');
}

/** Records `order`'s facts once; returns the new state of the order's facts. */
export async function recordOrderFacts(
  order: OrderForFacts,
  ports: FactsPorts,
  now: number,
): Promise<Exclude<FactsState, 'pending'>> {
  const { openid } = order;
  const consent = await ports.consents.get(openid);
  // Placed before (or while) the customer deleted their data: the order is kept for the law only
  // (PIPL art. 47: storage, nothing else), so a pending order the repair pass finds after the
  // erasure builds no profile and no events of hers again.
  if (!isCurrentConsent(consent) || erasureOverlaps(consent, order.createdAt)) return 'no-consent';
  const batchId = `f${crypto.randomBytes(9).toString('hex')}`;
  // A server fact: never counted on the customer's ingestion quota (track/quota.ts).
  await ports.profiles.markPending(openid, batchId, now, consent!.version, null);
  const docs = orderFactDocs(order, now);
  const mine = await storeNew(ports, docs, batchId);
  if (mine.length === 0) {
    await ports.profiles.clearPending(openid, batchId);
    return 'duplicate';
  }
  await ports.profiles.applySpec(openid, combineDeltas(mine.map(eventDelta)), batchId);
  // The withdrawal race, closed as track's confirm-consent does: withdrawn meanwhile → erase what
  // the customer has (profile first, then events: common/consent/erase-customer.ts's order), not only ours.
  // A deletion keeps consent, so its erasure mark is read too: one that overlaps this call may have
  // removed the profile before our write re-created it, so what the customer has goes again and
  // the order (kept: it is the shop's record) enters no profile.
  const after = await ports.consents.get(openid);
  if (!isCurrentConsent(after) || erasureOverlaps(after, now)) {
    await ports.profiles.remove(openid);
    await ports.events.removeCustomer(openid);
    return 'no-consent';
  }
  return 'recorded';
}
