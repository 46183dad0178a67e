/**
 * The shop's actions, pure over {@link ShopContext} ports. Money is integer fen and always
 * computed here from the catalog: the client sends only product ids and quantities.
 */
import { isOrderFence, type OrderFence } from '../common/catalog/order-fence';
import type { HeldStock } from '../common/catalog/stock-holds';
import { QxError } from '../common/contracts/errors';
import { readOneMore } from '../common/contracts/read-one-more';
import { InsertOutcomeUnknownError } from '../common/db/write-id';
import { settleCheckoutHolds } from './checkout-holds';
import { checkoutOrderId } from './checkout-order-id';
import type { ShopContext } from './ports';
import { MAX_UNITS_PER_PRODUCT, PAGE_SIZE, type CreateOrderRequest, type ListProductsRequest, type Order, type OrderLine, type Product } from './schema';
import merchantTemplates from './templates.json';

export { keyedOrderId } from './checkout-order-id';

/** A page of products. */
export interface ProductPage {
  products: Product[];
  page: number;
  hasMore: boolean;
}

export async function listProducts(req: ListProductsRequest, ctx: ShopContext): Promise<ProductPage> {
  const q = req.q?.trim() || undefined;
  const from = req.after !== undefined ? { after: req.after } : { skip: req.page * PAGE_SIZE };
  const { items, more } = await readOneMore(PAGE_SIZE, (limit) => ctx.products.list({ categoryId: req.categoryId, q }, from, limit));
  return { products: items, page: req.page, hasMore: more };
}

export async function getProduct(productId: string, ctx: ShopContext): Promise<Product> {
  const [p] = await ctx.products.getMany([productId]);
  if (!p) throw new QxError('NOT_FOUND', '商品不存在或已下架');
  return p;
}

/** Merges repeated lines of the same product (one stock check per product). */
function mergeLines(items: CreateOrderRequest['items']): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(it.productId, (m.get(it.productId) ?? 0) + it.quantity);
  return m;
}

/**
 * Places an order: lines merged per product and capped at {@link MAX_UNITS_PER_PRODUCT}, prices
 * from the catalog, and everything that can be checked — existence, the cap, the amount, stock as
 * read — checked BEFORE any unit is reserved, so an order that is bound to fail holds no stock,
 * not even for a moment. Then stock is taken product by product (single-document conditional
 * updates — the cloud database has no multi-document transactions), each take recording this
 * call's hold (common/catalog/stock-holds.ts), and every held unit is given back in the same call
 * if a later step fails (a race for the last unit, the order insert), so an order is all or
 * nothing. A retry of a checkout takes over the holds its earlier calls left for the same order id
 * and line instead of taking new units: only one insert of the id can land, so the units serve
 * whichever does (with one unit left, the retry of a call whose answer timed out is not told
 * 库存不足 because of its own hold). What earlier calls still hold once the order is stored goes
 * back then (checkout-holds.ts), and the rebuild timer settles the rest. Once the order is stored
 * the holds are dropped. Finally the order's purchase facts are recorded by the server
 * (common/facts/order-facts.ts); if that fails the order stands and the repair pass records them.
 */
export async function createOrder(req: CreateOrderRequest, ctx: ShopContext): Promise<Order> {
  const wanted = mergeLines(req.items);
  const productIds = [...wanted.keys()];
  // A checkout already placed under this key (a retry whose answer was lost) gets its order back.
  const { orderId, placed } = req.orderKey ? await checkoutOrderId(ctx.openid, req.orderKey, productIds, ctx) : { orderId: ctx.newOrderId(), placed: null };
  if (placed) {
    // Earlier calls of this checkout that died holding stock: their units go back now.
    await settleCheckoutHolds(placed, placed.items.map((l) => l.productId), ctx);
    return placed;
  }
  const over = [...wanted].filter(([, q]) => q > MAX_UNITS_PER_PRODUCT).map(([productId]) => productId);
  if (over.length)
    throw new QxError('INVALID_INPUT', `每件商品每单最多 ${MAX_UNITS_PER_PRODUCT} 件：${over.join(', ')}`, {
      productIds: over,
      maxUnitsPerProduct: MAX_UNITS_PER_PRODUCT,
    });
  const found = new Map((await ctx.products.getMany(productIds)).map((p) => [p._id, p]));
  const missing = productIds.filter((id) => !found.has(id));
  if (missing.length) throw new QxError('NOT_FOUND', `商品不存在或已下架：${missing.join(', ')}`, { missing });
  const lines: OrderLine[] = [...wanted].map(([productId, quantity]) => {
    const p = found.get(productId) as Product;
    return { productId, name: p.name, categoryId: p.categoryId, quantity, priceFen: p.priceFen };
  });
  const amountFen = lines.reduce((s, l) => s + l.priceFen * l.quantity, 0);
  if (!Number.isSafeInteger(amountFen)) throw new QxError('INVALID_INPUT', '订单金额超出范围');
  // Earlier calls' holds for this very order id and line: this call's units if it can take them over.
  const adoptable = req.orderKey ? adoptableHolds(lines, await ctx.products.holdsFor(productIds, orderId)) : new Map<string, HeldStock>();
  const short = lines.find((l) => !adoptable.has(l.productId) && (found.get(l.productId) as Product).stock < l.quantity);
  if (short) throw new QxError('CONFLICT', `「${short.name}」库存不足`, { productId: short.productId });

  // Lines whose take was sent and not refused: one whose answer was lost may hold stock too.
  const tried: OrderLine[] = [];
  // Lines whose earlier hold this call took over (or may have: an answer lost): never given back
  // before the order id tells whose they are — an earlier call's insert may still land with them.
  const adopted = new Set<string>();
  const order: Order = {
    _id: orderId,
    openid: ctx.openid,
    items: lines,
    amountFen,
    status: 'paid',
    createdAt: ctx.now,
    facts: 'pending',
  };
  // This call's id: the key of its stock holds and the write-id of its order insert, so whoever
  // settles a hold later asks the order whether this call stored it (stock-holds.ts).
  const attempt = ctx.newOrderId();
  // Holds to take over first (they cannot run short); then the tightest line: if a concurrent
  // order wins a race, we fail before holding the others.
  const slack = (l: OrderLine) => (adoptable.has(l.productId) ? -Infinity : (found.get(l.productId) as Product).stock - l.quantity);
  // The units are the order's once it is stored. A hold left by a failure here: the repair pass.
  const releaseHolds = async (): Promise<void> => {
    try {
      for (const l of lines) await ctx.products.releaseHold(l.productId, attempt);
    } catch (err) {
      ctx.log(`order ${orderId}: stock holds kept; the rebuild repair pass drops them`, err);
    }
  };
  // This call stored the order: its holds are dropped, and what earlier calls of the same
  // checkout still hold goes back now instead of at the repair pass (checkout-holds.ts).
  const placedNow = async (): Promise<Order> => {
    await releaseHolds();
    if (req.orderKey) await settleCheckoutHolds(order, productIds, ctx, attempt);
    return withFacts(order, ctx);
  };
  try {
    for (const l of [...lines].sort((a, b) => slack(a) - slack(b))) {
      tried.push(l);
      const h = adoptable.get(l.productId);
      if (h) {
        adopted.add(l.productId);
        if (await ctx.products.adoptHold(h, attempt, ctx.now)) continue;
        // Gone: given back or taken over by another call meanwhile. Take new units instead.
        adopted.delete(l.productId);
      }
      if (!(await ctx.products.takeStock(l.productId, l.quantity, { attempt, orderId, at: ctx.now }))) {
        // Answered "not taken" (the conditional update changed nothing): this call holds none of
        // it, so it is not given back — a racing loser sends one stock update, not two.
        tried.pop();
        throw new QxError('CONFLICT', `「${l.name}」库存不足`, { productId: l.productId });
      }
    }
    // True also when this very insert was stored and only its answer lost (insertUnique knows its
    // own write): then the order is ours and keeps its stock.
    if (!(await ctx.orders.insert(order, attempt)))
      throw new QxError('CONFLICT', '这个订单正在提交', { orderId });
  } catch (err) {
    // The insert's outcome unknown (its answer lost and the read-back failed, or it timed out and
    // the order was not there yet — a timed-out write may still commit later): ask again. An order
    // stored by this very insert keeps its units and gets its facts instead of being sold again.
    // Another call's order under the id means ours can never land: give back below. Still absent,
    // or the ask failing: unknown, so the holds stay for whoever can tell (the checkout's retry,
    // checkout-holds.ts, or the repair pass, which fences the id first: common/catalog/order-fence.ts),
    // since giving the units back while this call's order may yet stand would sell them twice.
    if (err instanceof InsertOutcomeUnknownError) {
      // Present first, then whose: a document under the id never changes once stored, whereas an
      // insert landing between "not ours" and "present" would make our own order read as another's.
      let own = false;
      let stored: Order | OrderFence | null;
      try {
        stored = await ctx.orders.get(orderId);
        if (stored) own = await ctx.orders.isOwn(orderId, attempt);
      } catch (askErr) {
        ctx.log(`order ${orderId}: insert outcome still unknown; stock holds kept for the retry or the repair pass`, askErr);
        throw outcomeUnknown(orderId, !!req.orderKey);
      }
      if (own) return placedNow();
      if (!stored) {
        ctx.log(`order ${orderId}: not stored yet after a timed-out insert; stock holds kept for the retry or the repair pass`, err);
        throw outcomeUnknown(orderId, !!req.orderKey);
      }
    }
    // Give back in the same call what this call took: a failed order holds nothing once it has
    // answered. What it took over is settled below once the id tells whose it is, or else kept.
    for (const l of tried) if (!adopted.has(l.productId)) await ctx.products.returnStock(l.productId, l.quantity, attempt);
    // The same checkout racing this call placed it (it took the stock, or the order id first), or
    // the repair pass fenced the id: this try can never land, and the retry uses the next id.
    const won = req.orderKey ? await ctx.orders.get(orderId) : null;
    if (won) {
      await settleCheckoutHolds(won, productIds, ctx);
      if (isOrderFence(won)) throw new QxError('CONFLICT', '上一次提交已超时取消，请重新提交订单', { orderId });
      return won;
    }
    throw err;
  }
  return placedNow();
}

/** Per line, an earlier call's hold of the same order id and quantity (the first found). */
function adoptableHolds(lines: OrderLine[], earlier: HeldStock[]): Map<string, HeldStock> {
  const m = new Map<string, HeldStock>();
  for (const l of lines) {
    const h = earlier.find((e) => e.productId === l.productId && e.quantity === l.quantity);
    if (h) m.set(l.productId, h);
  }
  return m;
}

/**
 * The answer when this call cannot tell whether its order was stored. With an order key a retry of
 * the same checkout is safe — it gets the order back if it landed, or places it once — so the app
 * keeps the checkout and asks again. Without one (an older app) a retry is a new order: the order
 * may already stand, so the customer is told not to submit again rather than that it is safe.
 */
function outcomeUnknown(orderId: string, keyed: boolean): QxError {
  const message = keyed ? '订单提交结果暂未确认，请稍后重试（重试不会重复下单）' : '订单提交结果暂未确认，订单可能已经提交成功，请勿重复下单';
  return new QxError('OUTCOME_UNKNOWN', message, { orderId });
}

/** Records the order's facts; a failure never undoes a placed order (the repair pass retries). */
async function withFacts(order: Order, ctx: ShopContext): Promise<Order> {
  try {
    const facts = await ctx.recordFacts(order);
    await ctx.orders.setFacts(order._id, facts);
    return { ...order, facts };
  } catch (err) {
    ctx.log(`order ${order._id}: purchase facts not recorded; the rebuild repair pass will`, err);
    return order;
  }
}

/** Orders the review page lists, newest first. */
export const ORDERS_LISTED = 50;

/**
 * The customer's newest {@link ORDERS_LISTED} orders; `more` says older ones exist, so the review
 * page can say it lists only the newest (it stopped at 50, silently).
 */
export async function listOrders(ctx: ShopContext): Promise<{ orders: Order[]; more: boolean }> {
  const { items, more } = await readOneMore(ORDERS_LISTED, (limit) => ctx.orders.listByOpenid(ctx.openid, limit));
  return { orders: items, more };
}

/** A template the customer can subscribe to (service notices only). */
export interface TemplateInfo {
  use: string;
  templateId: string;
  title: string;
  description: string;
}

export function listTemplates(): { templates: TemplateInfo[] } {
  return { templates: merchantTemplates.templates.map(({ use, templateId, title, description }) => ({ use, templateId, title, description })) };
}
