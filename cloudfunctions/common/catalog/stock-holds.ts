/**
 * Stock reserved by an order call, recorded in the product document by the same atomic update
 * that takes it: `holds.<key>` = {@link StockHold}, and `held` counts the holds (the repair
 * pass's query). The cloud database has no multi-document transactions, so `shop.createOrder`
 * takes stock product by product before it stores the order; a call that dies in between (a
 * timeout, a killed container) cannot give the units back itself. The hold says which call took
 * how much for which order, so:
 * - the call gives back only what it holds (a lost answer to its own take included), once;
 * - once its order is stored, it drops its holds (the units now belong to the order);
 * - a retry of the same checkout (same order id) may take over an earlier call's hold instead of
 *   taking new units ({@link adoptHold}): only one insert of the order's `_id` can land, so the
 *   units serve whichever does; the hold then lists the earlier calls in `from`;
 * - the rebuild timer's repair pass settles holds older than any call can live: held for an order
 *   that the call (or one in `from`) stored → dropped; otherwise the order id is fenced
 *   (order-fence.ts) so no late insert can land, and the units go back on the shelf.
 * Keys are the call's `attempt` (a random id, never an openid), stored with the stored-keys rule
 * (db/stored-keys.ts) and read back whatever way they were stored: a hold names its attempt in its
 * value too, and every update of a hold found by reading goes to the key it was read under.
 */
import { COLLECTIONS } from '../contracts/collections';
import { nameOfKey, storedKey } from '../db/stored-keys';
import type { Db, Doc } from '../db/wx-db';
import { fenceOrder } from './order-fence';

/** One call's reservation of one product. */
export interface StockHold {
  /** The order the call was placing. */
  orderId: string;
  quantity: number;
  /** When the call took the stock, or took it over (ms). */
  at: number;
  /** The call's attempt (the key may be its encoded form, or a hash). Absent on holds stored before. */
  attempt?: string;
  /** Earlier calls of the same checkout whose hold this call took over: their insert may own the units too. */
  from?: string[];
}

/** A hold as read from its product: where it is stored, for whom, and for which calls' inserts. */
export interface HeldStock {
  productId: string;
  /** The field under `holds` it is stored in (as read: old documents' keys included). */
  key: string;
  attempt: string;
  orderId: string;
  quantity: number;
  at: number;
  /** {@link StockHold.from}: whose insert, besides `attempt`'s, these units serve. */
  from: string[];
}

const P = COLLECTIONS.products;
const path = (key: string): string => `holds.${key}`;
const keyOf = (attempt: string): string => path(storedKey(attempt));

/** Takes `hold.quantity` units for call `attempt` if that many are left; false otherwise. */
export async function takeStock(db: Db, productId: string, attempt: string, hold: StockHold): Promise<boolean> {
  const _ = db._;
  const k = keyOf(attempt);
  const where = { _id: productId, stock: _.gte(hold.quantity), [k]: _.exists(false) };
  return (await db.updateWhere(P, where, { stock: _.inc(-hold.quantity), [k]: _.set({ ...hold, attempt }), held: _.inc(1) })) === 1;
}

async function giveBack(db: Db, productId: string, field: string, quantity: number): Promise<void> {
  const _ = db._;
  await db.updateWhere(P, { _id: productId, [field]: _.exists(true) }, { stock: _.inc(quantity), [field]: _.remove(), held: _.inc(-1) });
}

async function drop(db: Db, productId: string, field: string): Promise<void> {
  const _ = db._;
  await db.updateWhere(P, { _id: productId, [field]: _.exists(true) }, { [field]: _.remove(), held: _.inc(-1) });
}

/** Gives back what call `attempt` holds of `productId` (`quantity`, as taken); nothing when it holds none. */
export const returnStock = (db: Db, productId: string, attempt: string, quantity: number): Promise<void> =>
  giveBack(db, productId, keyOf(attempt), quantity);

/** Drops call `attempt`'s hold of `productId`, keeping the units taken: its order was stored. */
export const releaseHold = (db: Db, productId: string, attempt: string): Promise<void> => drop(db, productId, keyOf(attempt));

/** Gives back the units of hold `h` (as read), if it is still there. */
export const returnHeld = (db: Db, h: HeldStock): Promise<void> => giveBack(db, h.productId, path(h.key), h.quantity);

/** Drops hold `h` (as read), keeping its units: its order was stored. */
export const releaseHeld = (db: Db, h: HeldStock): Promise<void> => drop(db, h.productId, path(h.key));

/**
 * Call `attempt` takes over hold `h` (an earlier call's, for the same order id) if it is still
 * there: in one update the hold moves to `attempt`'s key, keeping its units, with `h`'s calls in
 * `from` (their insert, landing late, owns the units as much as this call's) and `at` now (a
 * call is running with it: the repair pass must not judge it before this call has ended).
 */
export async function adoptHold(db: Db, h: HeldStock, attempt: string, at: number): Promise<boolean> {
  const _ = db._;
  const mine = keyOf(attempt);
  const hold: StockHold = { orderId: h.orderId, quantity: h.quantity, at, attempt, from: [h.attempt, ...h.from] };
  const where = { _id: h.productId, [path(h.key)]: _.exists(true), [mine]: _.exists(false) };
  return (await db.updateWhere(P, where, { [path(h.key)]: _.remove(), [mine]: _.set(hold) })) === 1;
}

/**
 * Where order `orderId` stands for the calls `attempts`: stored by one of them, by another writer
 * (an order or a fence), or absent. Whether it is there is asked first: a document under the id
 * never changes whose it is once stored, so the write-id questions after that cannot race an
 * insert landing (asked the other way round, an insert landing between "not ours" and "present"
 * would read as another's, and its units would go back while it stands). "Absent" gives the units
 * back, so it comes from the primary, never from a read that may lag the order's insert
 * (presentOnPrimary, and isOwnWrite).
 */
async function standing(db: Db, orderId: string, attempts: string[]): Promise<'placed' | 'taken' | 'absent'> {
  const O = COLLECTIONS.orders;
  const stored = await db.getById(O, orderId);
  if (!stored && !(await db.presentOnPrimary(O, { _id: orderId }))) return 'absent';
  if (stored && attempts.includes(stored.attempt as string)) return 'placed';
  for (const a of attempts) if (await db.isOwnWrite(O, orderId, a)) return 'placed';
  // Read lagging: an order placed before the attempt became its write-id, asked of the primary.
  if (!stored && (await db.presentOnPrimary(O, { _id: orderId, attempt: db._.in(attempts) }))) return 'placed';
  return 'taken';
}

/**
 * Whether order `orderId` was stored by one of `attempts`: the order's write-id is the call's
 * attempt (shop createOrder). Orders placed before that carry the attempt in their `attempt` field.
 */
export const placedBy = async (db: Db, orderId: string, attempts: string[]): Promise<boolean> =>
  (await standing(db, orderId, attempts)) === 'placed';

/** The holds of product document `p`, as stored (new, encoded or old keys). */
export function holdsOf(p: Doc): HeldStock[] {
  return Object.entries((p.holds ?? {}) as Record<string, StockHold>).map(([key, h]) => ({
    productId: p._id as string,
    key,
    attempt: h.attempt ?? nameOfKey(key) ?? key,
    orderId: h.orderId,
    quantity: h.quantity,
    at: h.at,
    from: h.from ?? [],
  }));
}

/** Every call's hold on `productIds` for order `orderId`. */
export async function holdsFor(db: Db, productIds: string[], orderId: string): Promise<HeldStock[]> {
  if (productIds.length === 0) return [];
  const products = await db.find(P, { _id: db._.in(productIds) }, { limit: productIds.length, fields: { holds: true } });
  return products.flatMap(holdsOf).filter((h) => h.orderId === orderId);
}

/** A product document without its holds (what customers and staff see). */
export function withoutHolds<T extends Doc>(doc: T): T {
  const { holds: _h, held: _n, ...rest } = doc;
  return rest as T;
}

/**
 * Settles every hold older than `graceMs` (a call holding it has ended, one way or another) until
 * `deadline`: the units stay with an order its calls stored, and go back otherwise — but only once
 * the order id is fenced (order-fence.ts): a call's insert that timed out may still commit, later
 * than any grace period, and must then find the id taken instead of standing without its stock.
 * A fence whose own outcome is unknown leaves the hold to the next pass. Answers how many holds
 * it settled.
 */
export async function settleStaleHolds(db: Db, now: () => number, deadline: number, graceMs: number): Promise<number> {
  let n = 0;
  for await (const page of db.pages(P, { held: db._.gt(0) }, { pageSize: 100, fields: { holds: true } })) {
    for (const h of page.flatMap(holdsOf)) {
      if (now() > deadline) return n;
      if (h.at >= now() - graceMs) continue;
      const calls = [h.attempt, ...h.from];
      // Stored (by these calls or another): no insert of the id can land any more. Absent: fence,
      // then ask again — an insert may have landed between the question and the fence.
      let where = await standing(db, h.orderId, calls);
      if (where === 'absent') {
        const fence = await fenceOrder(db, h.orderId, now());
        if (fence === 'unknown') continue;
        // Our fence stands: nobody's order can. Refused: a document holds the id — whose?
        where = fence === 'fenced' ? 'taken' : await standing(db, h.orderId, calls);
        if (where === 'absent') continue; // refused for a reason other than the id: the next pass
      }
      if (where === 'placed') await releaseHeld(db, h);
      else await returnHeld(db, h);
      n++;
    }
  }
  return n;
}
