/**
 * Settling what earlier calls of the same checkout still hold, as soon as its order is stored —
 * or its order id fenced.
 *
 * Why: a checkout's first call and its retries (the same orderKey, so the same order id) each hold
 * stock (common/catalog/stock-holds.ts): a retry takes over an earlier call's hold where it can,
 * and takes new units where it cannot. Calls that died holding stock would otherwise keep their
 * units off the shelf until the rebuild timer's repair pass — never oversold, but undersold for
 * minutes, and a retry could be told 库存不足 meanwhile.
 *
 * Why it is safe before those calls are known to be dead: a call places its order only by
 * inserting the checkout's order id, and orders are never deleted (an erasure keeps them,
 * common/consent/erase-customer.ts), nor are fences while any call of their id can still run
 * (retention/order-fences.ts keeps them a week). Once a document holds the id, a call whose write-id it
 * does not carry can never place it: if it still runs, its insert answers "another's", and it
 * gives back only what it still holds — every give-back is conditional on the hold, so whichever
 * comes first gives the units back, once. A hold that served the call which stored the order (its
 * own, or one taken over from it: `from`) is dropped, keeping its units; a fence keeps none.
 */
import { isOrderFence, type OrderFence } from '../common/catalog/order-fence';
import type { ShopContext } from './ports';
import type { Order } from './schema';

/**
 * Settles the holds naming stored `order` (or fenced id) on `productIds`. `owner`: the attempt that
 * stored it, when the caller knows (it is that attempt); otherwise each hold's calls are asked of
 * the order. Never fails the checkout: what it leaves, the repair pass settles.
 */
export async function settleCheckoutHolds(order: Order | OrderFence, productIds: string[], ctx: ShopContext, owner?: string): Promise<void> {
  try {
    const holds = await ctx.products.holdsFor(productIds, order._id);
    for (const h of holds) {
      const calls = [h.attempt, ...h.from];
      const placedIt =
        !isOrderFence(order) &&
        (owner !== undefined ? calls.includes(owner) : (order.attempt !== undefined && calls.includes(order.attempt)) || (await isOwnByAny(order._id, calls, ctx)));
      if (placedIt) await ctx.products.releaseHeld(h);
      else await ctx.products.returnHeld(h);
    }
  } catch (err) {
    ctx.log(`order ${order._id}: earlier calls' stock holds kept; the rebuild repair pass settles them`, err);
  }
}

async function isOwnByAny(orderId: string, calls: string[], ctx: ShopContext): Promise<boolean> {
  for (const a of calls) if (await ctx.orders.isOwn(orderId, a)) return true;
  return false;
}
