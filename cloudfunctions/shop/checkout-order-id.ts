/**
 * The order id of a checkout (the app's `orderKey`), and its next one once the repair pass has
 * fenced it.
 *
 * Why generations: a checkout's call whose insert timed out keeps its stock held, and the app
 * keeps the key (OUTCOME_UNKNOWN: "retry, it will not order twice"). If no retry comes within the
 * grace period, the repair pass fences the id (common/catalog/order-fence.ts) and gives the units
 * back: that try can never land. A retry after that must still place the order once, as promised;
 * it cannot under the fenced id, so it walks to the checkout's next id — the same for every retry
 * of the key, so two retries still race for one insert and one order.
 */
import crypto from 'node:crypto';
import { isOrderFence } from '../common/catalog/order-fence';
import { QxError } from '../common/contracts/errors';
import { settleCheckoutHolds } from './checkout-holds';
import type { ShopContext } from './ports';
import type { Order } from './schema';

/**
 * Most ids one checkout walks. Each fence needs a try whose insert timed out and no retry for the
 * whole grace period, so a second is already rare; past this the key is refused (the app keeps it
 * until an order comes, so the customer changes the cart, which is a new checkout).
 */
export const MAX_CHECKOUT_IDS = 8;

/**
 * The order id of checkout `orderKey` of customer `openid` (its `generation`th, 0 first): the same
 * for every retry of it, another customer's for their same key, and not derivable without the openid.
 */
export function keyedOrderId(openid: string, orderKey: string, generation = 0): string {
  const seed = generation === 0 ? `${openid}\n${orderKey}` : `${openid}\n${orderKey}\n${generation}`;
  return `k${crypto.createHash('sha256').update(seed).digest('hex').slice(0, 40)}`;
}

/**
 * The checkout's order id and what is stored under it (null: nothing yet). Every id the checkout
 * may use is read at once: an order under any of them is the checkout's (one per key), returned
 * whatever lies below it; otherwise the first id with nothing stored, passing fences. Below an
 * order or a fence an id may hold nothing because the daily retention pass removed an old fence
 * (retention/order-fences.ts): a walk that stopped at the first empty id would place a second
 * order there. What fenced ids' calls still hold on `productIds` is given back on the way (nothing
 * of a fenced id can be an order's).
 */
export async function checkoutOrderId(openid: string, orderKey: string, productIds: string[], ctx: ShopContext): Promise<{ orderId: string; placed: Order | null }> {
  const ids = Array.from({ length: MAX_CHECKOUT_IDS }, (_, generation) => keyedOrderId(openid, orderKey, generation));
  const stored = await ctx.orders.getEach(ids);
  for (const doc of stored.values()) if (isOrderFence(doc)) await settleCheckoutHolds(doc, productIds, ctx);
  const placed = ids.map((id) => stored.get(id)).find((doc): doc is Order => !!doc && !isOrderFence(doc));
  if (placed) return { orderId: placed._id, placed };
  const orderId = ids.find((id) => !stored.has(id));
  if (orderId === undefined) throw new QxError('CONFLICT', '这个订单多次提交均未确认，请修改购物车后重新下单', { orderKey });
  return { orderId, placed: null };
}
