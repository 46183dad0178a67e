/**
 * Settling what earlier calls of the same checkout still hold, as soon as its order is stored.
 *
 * Why: a checkout's first call and its retries (the same orderKey, so the same order id) each take
 * stock under a hold of their own (common/catalog/stock-holds.ts). Calls that died after taking
 * stock used to keep their units off the shelf until the rebuild timer's repair pass — never
 * oversold, but undersold for minutes, and a retry could be told 库存不足 meanwhile.
 *
 * Why it is safe before those calls are known to be dead: a call places its order only by
 * inserting the checkout's order id, and orders are never deleted (an erasure keeps them,
 * common/consent/erase-customer.ts). Once that order is stored, a call whose write-id it does not
 * carry can never place it: if it still runs, its insert answers "another's", and it gives back
 * only what it still holds — `returnStock` is conditional on the hold, so whichever of the two
 * comes first gives the units back, once. A hold such a call takes after this settle is its own
 * to give back (or the repair pass's). The hold of the call that stored the order is dropped,
 * keeping its units.
 */
import type { ShopContext } from './ports';
import type { Order } from './schema';

/**
 * Settles the holds naming stored `order` on its products. `owner`: the attempt that stored it,
 * when the caller knows (it is that attempt); otherwise each hold's attempt is asked of the order.
 * Never fails the checkout: what it leaves, the repair pass settles.
 */
export async function settleCheckoutHolds(order: Order, ctx: ShopContext, owner?: string): Promise<void> {
  try {
    const holds = await ctx.products.holdsFor(order.items.map((l) => l.productId), order._id);
    for (const h of holds) {
      const placedIt =
        owner !== undefined
          ? h.attempt === owner
          : order.attempt === h.attempt || (await ctx.orders.isOwn(order._id, h.attempt));
      if (placedIt) await ctx.products.releaseHeld(h);
      else await ctx.products.returnHeld(h);
    }
  } catch (err) {
    ctx.log(`order ${order._id}: earlier calls' stock holds kept; the rebuild repair pass settles them`, err);
  }
}
