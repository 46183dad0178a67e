/**
 * Order fences (common/catalog/order-fence.ts) are removed once they can no longer matter.
 *
 * A fence keeps an order id from ever holding an order: a call's insert of that id that timed out
 * may still commit late, and must find the id taken. Such a write lives no longer than its call
 * (60 s, the functions' limit) plus the SDK's retry of the request. A customer's keyed retry is not
 * bounded that way: the app keeps a checkout's key until an order comes back or the cart changes
 * (miniprogram/src/services/pending-checkout.ts: no expiry, across restarts). That retry does not
 * need the fence, though: the shop reads every id of the checkout at once and returns an order
 * under any of them, and places a new one under the first id that holds nothing
 * (shop/checkout-order-id.ts). So a fence matters only while a write of its id may still be in
 * flight: it is kept {@link FENCE_KEEP_MS}, far longer than that, and the daily pass deletes
 * older ones page by page. A removal says again what made the page (a fence, older than the cut),
 * so an order stored under the id after another pass removed the fence is never deleted.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { epochBefore } from '../common/db/epoch-range';
import type { PassContext } from './policies';
import { purgeWhere } from './purge';

/** How long a fence stays: a week, against a write that lives at most minutes. */
export const FENCE_KEEP_MS = 7 * 86_400_000;

/** What one pass removed. */
export interface OrderFencesReport {
  removed: number;
  done: boolean;
}

/** Deletes fences older than {@link FENCE_KEEP_MS} until none is left or the deadline passes. */
export function purgeOrderFences(o: PassContext): Promise<OrderFencesReport> {
  const _ = o.db._;
  return purgeWhere({
    db: o.db,
    collection: COLLECTIONS.orders,
    // Bounded below: orders have no `fencedAt`, and a bare `lt` may select them too where missing
    // sorts lowest (common/db/epoch-range.ts); and a fence has no items (order-fence.ts isOrderFence).
    field: 'fencedAt',
    cond: epochBefore(_, o.now() - FENCE_KEEP_MS),
    where: { items: _.exists(false) },
    now: o.now,
    deadline: o.deadline,
    pageSize: 100,
  });
}
