/**
 * The fence of an order id: a document stored under the order's `_id` that is no order, so that
 * no insert of that order can land any more.
 *
 * Why: an order insert answered with a timeout may still commit later (the local cloud's
 * late-commit fault; CloudBase does not document a bound), so the call keeps its stock holds
 * (shop createOrder, OUTCOME_UNKNOWN) and the repair pass settles them after the grace period.
 * "Absent after two minutes" is not "never": an insert committing after the pass gave the units
 * back would stand without its stock, sold twice. Whatever the database does with a late write,
 * it cannot store two documents with one `_id` — the one property every plausible behaviour keeps
 * (the local cloud refuses a late insert whose `_id` was taken). So the pass first stores the
 * fence under the id; once it stands, "absent" is final and the units are safe to give back. If
 * the order landed first, the fence is refused and the pass finds the order.
 *
 * A fence has no `openid`, `items` or `facts`: every reader of orders asks by customer (list,
 * export) or by `facts` (the repair pass), so none sees it; the checkout's own retry reads the id
 * and takes the fence as "this try never landed" ({@link isOrderFence}: it places the order under
 * the checkout's next id). A fence removed would open the id to a write still in flight, so the
 * daily retention pass removes only fences a week old (retention/order-fences.ts), long after any
 * write of the id has ended; a keyed retry after that finds its order under any of the checkout's
 * ids, or places it under the first free one (shop/checkout-order-id.ts).
 */
import { COLLECTIONS } from '../contracts/collections';
import { InsertOutcomeUnknownError } from '../db/write-id';
import type { Db } from '../db/wx-db';

/** A fenced order id (`orders`, `_id` = the order id that will never be an order). */
export interface OrderFence {
  _id: string;
  /** When the repair pass fenced it (ms). */
  fencedAt: number;
}

/** Whether a document read from `orders` is a fence, not an order. */
export const isOrderFence = (doc: object | null | undefined): doc is OrderFence => !!doc && 'fencedAt' in doc && !('items' in doc);

/**
 * Fences `orderId`: 'fenced' when the fence is stored, 'taken' when a document (an order, or an
 * earlier fence) holds the id, 'unknown' when the fence's own insert timed out or could not be read
 * back (it may land later: the next pass tries again, and finds either it or what beat it).
 */
export async function fenceOrder(db: Db, orderId: string, at: number): Promise<'fenced' | 'taken' | 'unknown'> {
  try {
    return (await db.insertUnique(COLLECTIONS.orders, { _id: orderId, fencedAt: at })) ? 'fenced' : 'taken';
  } catch (err) {
    if (err instanceof InsertOutcomeUnknownError) return 'unknown';
    throw err;
  }
}
