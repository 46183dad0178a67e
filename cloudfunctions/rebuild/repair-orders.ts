/**
 * The repair of orders whose purchase facts never reached the event stream: `shop.createOrder`
 * stores the order with `facts: 'pending'` and clears it once its events are recorded; a call
 * that died (or a database error) in between leaves the order pending. After the in-flight grace
 * period this pass records them (idempotent ids: an order half-recorded before is not counted
 * twice) — the profile then carries their pending mark, and the profile repair recomputes it if
 * this pass dies too.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { wxConsentStore, wxEventStore, wxProfileStore } from '../common/db/wx-ports';
import type { Db } from '../common/db/wx-db';
import { recordOrderFacts, type OrderForFacts } from '../common/facts/order-facts';
import { IN_FLIGHT_GRACE_MS } from './rebuild-one';

const PAGE = 100;

/** Records the facts of stuck orders until `deadline`; returns how many were repaired. */
export async function repairOrderFacts(db: Db, now: () => number, deadline: number): Promise<number> {
  const stuck = await db.find(
    COLLECTIONS.orders,
    { facts: 'pending', createdAt: db._.lt(now() - IN_FLIGHT_GRACE_MS) },
    { orderBy: ['createdAt', 'asc'], limit: PAGE },
  );
  const ports = { events: wxEventStore(db), profiles: wxProfileStore(db), consents: wxConsentStore(db) };
  let n = 0;
  for (const order of stuck) {
    if (now() > deadline) break;
    // An erased customer's order past its retention names no one (retention/order-identities.ts):
    // nobody's profile to record it into.
    const facts = typeof order.openid === 'string' ? await recordOrderFacts(order as OrderForFacts, ports, now()) : 'no-consent';
    await db.updateById(COLLECTIONS.orders, order._id as string, { facts });
    n++;
  }
  return n;
}
