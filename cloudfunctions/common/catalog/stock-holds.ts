/**
 * Stock reserved by an order call, recorded in the product document by the same atomic update
 * that takes it: `holds.<attempt>` = {@link StockHold}, and `held` counts the holds (the repair
 * pass's query). The cloud database has no multi-document transactions, so `shop.createOrder`
 * takes stock product by product before it stores the order; a call that dies in between (a
 * timeout, a killed container) cannot give the units back itself. The hold says which call took
 * how much for which order, so:
 * - the call gives back only what it holds (a lost answer to its own take included), once;
 * - once its order is stored, it drops its holds (the units now belong to the order);
 * - the rebuild timer's repair pass settles holds older than any call can live: held by the order
 *   that call stored → dropped; otherwise → the units go back on the shelf.
 * Keys are the call's `attempt` (a random id), never an openid.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db, Doc } from '../db/wx-db';

/** One call's reservation of one product. */
export interface StockHold {
  /** The order the call was placing. */
  orderId: string;
  quantity: number;
  /** When the call took the stock (ms). */
  at: number;
}

const P = COLLECTIONS.products;
const key = (attempt: string): string => `holds.${attempt}`;

/** Takes `hold.quantity` units for call `attempt` if that many are left; false otherwise. */
export async function takeStock(db: Db, productId: string, attempt: string, hold: StockHold): Promise<boolean> {
  const _ = db._;
  const where = { _id: productId, stock: _.gte(hold.quantity), [key(attempt)]: _.exists(false) };
  return (await db.updateWhere(P, where, { stock: _.inc(-hold.quantity), [key(attempt)]: _.set(hold), held: _.inc(1) })) === 1;
}

/** Gives back what call `attempt` holds of `productId` (`quantity`, as taken); nothing when it holds none. */
export async function returnStock(db: Db, productId: string, attempt: string, quantity: number): Promise<void> {
  const _ = db._;
  await db.updateWhere(P, { _id: productId, [key(attempt)]: _.exists(true) }, { stock: _.inc(quantity), [key(attempt)]: _.remove(), held: _.inc(-1) });
}

/** Drops call `attempt`'s hold of `productId`, keeping the units taken: its order was stored. */
export async function releaseHold(db: Db, productId: string, attempt: string): Promise<void> {
  const _ = db._;
  await db.updateWhere(P, { _id: productId, [key(attempt)]: _.exists(true) }, { [key(attempt)]: _.remove(), held: _.inc(-1) });
}

/**
 * Whether call `attempt` stored order `orderId`: the order's write-id is the call's attempt
 * (shop createOrder). Orders placed before that carry the attempt in their `attempt` field.
 */
export async function placedBy(db: Db, orderId: string, attempt: string): Promise<boolean> {
  if (await db.isOwnWrite(COLLECTIONS.orders, orderId, attempt)) return true;
  return (await db.getById(COLLECTIONS.orders, orderId))?.attempt === attempt;
}

/** Every call's hold on `productIds` for order `orderId`. */
export async function holdsFor(
  db: Db,
  productIds: string[],
  orderId: string,
): Promise<Array<{ productId: string; attempt: string; quantity: number }>> {
  if (productIds.length === 0) return [];
  const products = await db.find(P, { _id: db._.in(productIds) }, { limit: productIds.length, fields: { holds: true } });
  return products.flatMap((p) =>
    Object.entries((p.holds ?? {}) as Record<string, StockHold>)
      .filter(([, h]) => h.orderId === orderId)
      .map(([attempt, h]) => ({ productId: p._id as string, attempt, quantity: h.quantity })),
  );
}

/** A product document without its holds (what customers and staff see). */
export function withoutHolds<T extends Doc>(doc: T): T {
  const { holds: _h, held: _n, ...rest } = doc;
  return rest as T;
}

/**
 * Settles every hold older than `graceMs` (a call holding it has ended, one way or another) until
 * `deadline`: the units stay with an order its call stored, and go back otherwise. Answers how
 * many holds it settled.
 */
export async function settleStaleHolds(db: Db, now: () => number, deadline: number, graceMs: number): Promise<number> {
  let n = 0;
  for await (const page of db.pages(P, { held: db._.gt(0) }, { pageSize: 100, fields: { holds: true } })) {
    for (const p of page) {
      for (const [attempt, hold] of Object.entries((p.holds ?? {}) as Record<string, StockHold>)) {
        if (now() > deadline) return n;
        if (hold.at >= now() - graceMs) continue;
        if (await placedBy(db, hold.orderId, attempt)) await releaseHold(db, p._id as string, attempt);
        else await returnStock(db, p._id as string, attempt, hold.quantity);
        n++;
      }
    }
  }
  return n;
}
