/**
 * The end of an erased customer's orders' retention. An erasure keeps her orders — transaction
 * records the law asks the shop to keep (电子商务法 art. 31: at least three years from the
 * transaction's completion) — marked `erasedAt` and used for nothing but storage (PIPL art. 47).
 * Once that period has run from the order (an order is paid when placed and nothing later
 * completes it: its `createdAt` is its completion), the daily pass removes the openid from it. The
 * order stays for the shop's books — items, amounts, time — naming no one: its `_id` is a hash of
 * the openid with the checkout's random key, which the shop never stored, so it leads back to no
 * one either.
 */
import { COLLECTIONS } from '../common/contracts/collections';
import { epochBefore } from '../common/db/epoch-range';
import type { PassContext } from './policies';
import { purgeWhere } from './purge';

/**
 * How long an erased customer's order keeps her openid, from the order: three years, counted as
 * 1,096 days, which no three-year span exceeds (it holds at most one 29 February).
 */
export const ORDER_KEEP_DAYS = 3 * 365 + 1;

/** What one pass did. */
export interface OrderIdentitiesReport {
  /** Orders whose openid was removed. */
  stripped: number;
  done: boolean;
}

/** Removes the openid from every erased customer's order older than {@link ORDER_KEEP_DAYS}, until the deadline. */
export async function stripErasedOrders(o: PassContext): Promise<OrderIdentitiesReport> {
  const _ = o.db._;
  const r = await purgeWhere({
    db: o.db,
    collection: COLLECTIONS.orders,
    // Bounded below (epochBefore): fences have no `createdAt`, and missing may sort lowest.
    field: 'createdAt',
    cond: epochBefore(_, o.now() - ORDER_KEEP_DAYS * 86_400_000),
    where: { erasedAt: _.gt(0), openid: _.exists(true) },
    set: { openid: _.remove() },
    now: o.now,
    deadline: o.deadline,
    pageSize: 100,
  });
  return { stripped: r.removed, done: r.done };
}
