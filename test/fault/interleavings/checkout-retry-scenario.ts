/**
 * A checkout's first call timed out on its order insert (OUTCOME_UNKNOWN, its stock held, the
 * insert held by the database to commit later), and then, in every order their requests can take
 * (cloudfunctions/common/db/testing/interleavings.ts): the customer's retry of the same checkout,
 * the late commit of the first call's insert, and the rebuild timer's repair pass (the first call's
 * holds older than the grace period by then). Tight stock: the first call holds the last units of
 * its first product, so the retry has only them.
 *
 * Afterwards the held insert commits if it did not race (later than the grace period), the app
 * retries until it gets an order, the repair pass runs once everything is stale. Then:
 * exactly one order of the checkout, the one every answer named; each product's stock = initial −
 * the order's units, no hold left (never oversold, no unit lost); the retry answered an order or a
 * retryable refusal, and with no repair pass racing it, an order.
 *
 * On any database backend (in-memory SDK, or the real wx-server-sdk against the local cloud with
 * its late-commit fault): each world has its own customer and products, so worlds can share one.
 */
import { settleStaleHolds } from '../../../cloudfunctions/common/catalog/stock-holds';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { QxError } from '../../../cloudfunctions/common/contracts/errors';
import type { Gate, Interleavings, Outcome } from '../../../cloudfunctions/common/db/testing/interleavings';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { IN_FLIGHT_GRACE_MS } from '../../../cloudfunctions/rebuild/rebuild-one';
import { dbOrderStore, dbProductStore } from '../../../cloudfunctions/shop/db-ports';
import { createOrder } from '../../../cloudfunctions/shop/handlers';
import type { ShopContext } from '../../../cloudfunctions/shop/ports';
import type { CreateOrderRequest, Order } from '../../../cloudfunctions/shop/schema';
import { NOW } from '../crash-points/world';

/** Where the worlds live. */
export interface RetryBackend {
  /** A database for a new world (memory: a fresh one; the local cloud: the shared one). */
  database(): Promise<Db>;
  /** `db` with the requests `gated` says waiting at `gate` first. */
  gated(db: Db, gate: Gate, gated: (collection: string, op: string) => boolean): Db;
  /** Runs `call` on `db` with its first order insert answered by a timeout and held; answers the commit of what is held. */
  holdingOrderInsert(db: Db, call: (db: Db) => Promise<unknown>): Promise<() => Promise<void>>;
  /**
   * Reads lag the writes (the local cloud's stale-read fault): `catchUp` makes every write so far
   * visible. The race then runs on reads that miss each other's writes (and the late commit), and
   * the retry may be refused (retryably) by a stock it read too late; the app's retries and the
   * checks read after a catch-up.
   */
  lagging?: { catchUp(): void };
}

/** Which of the three race (the first call's held insert commits at the end otherwise), on which shelf. */
export interface RetryRace {
  retry: boolean;
  commit: boolean;
  /** The repair pass; 'writes': only its product updates and its fence wait at the gate (its reads go with the step before). */
  pass: boolean | 'writes';
  /** Per product of the checkout: [stock, units wanted]. The first call holds them all. */
  shelf: Array<[number, number]>;
}

let worlds = 0;

/** The shop on `db`; the order's facts update on `factsDb` (it commutes with everything here: nobody else reads or writes `facts`). */
function ctxOf(db: Db, openid: string, now: number, ids: () => string, factsDb = db): ShopContext {
  return {
    openid,
    now,
    products: dbProductStore(db, db.sdk),
    orders: { ...dbOrderStore(db), setFacts: dbOrderStore(factsDb).setFacts },
    newOrderId: ids,
    recordFacts: async () => 'recorded',
    log: () => undefined,
  };
}

async function world(b: RetryBackend, race: RetryRace) {
  const db = await b.database();
  const tag = `r${++worlds}`;
  const openid = `u${tag}`;
  const products = race.shelf.map((_, i) => `p${i + 1}x${tag}`);
  await db.insert(
    COLLECTIONS.products,
    race.shelf.map(([stock], i) => ({ _id: products[i], name: `商品${i + 1}`, categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock })),
  );
  b.lagging?.catchUp();
  let n = 0;
  const ids = () => `a${tag}x${++n}`;
  const checkout: CreateOrderRequest = {
    action: 'createOrder',
    orderKey: `checkout-${tag}`,
    items: products.map((productId, i) => ({ productId, quantity: race.shelf[i][1] })),
  };
  // The first call, long enough ago that its holds are past the grace period when the pass runs.
  let first: unknown;
  const commit = await b.holdingOrderInsert(db, (d) => createOrder(checkout, ctxOf(d, openid, NOW - 10 * 60_000, ids)).catch((e: unknown) => (first = e)));
  if (!(first instanceof QxError) || first.code !== 'OUTCOME_UNKNOWN') throw new Error(`the first call answered ${String(first)}, not OUTCOME_UNKNOWN`);
  // The race reads what was there before it (the first call's holds), and lags its own writes.
  b.lagging?.catchUp();
  let committed = false;
  const commitOnce = async (): Promise<void> => {
    if (committed) return;
    committed = true;
    await commit();
  };
  return { db, openid, products, checkout, ids, commitOnce };
}
type RetryWorld = Awaited<ReturnType<typeof world>>;

async function check(b: RetryBackend, race: RetryRace, w: RetryWorld, outcomes: Outcome[]): Promise<void> {
  const [retried] = race.retry ? outcomes : [];
  if (retried && !retried.ok) {
    const e = retried.error;
    if (!(e instanceof QxError) || e.code !== 'CONFLICT') throw new Error(`the retry failed with ${String(e)}, not a retryable refusal`);
    if (!race.pass && !b.lagging) throw new Error(`with no repair pass racing it, the retry was refused: ${e.message}`);
  }
  // Not raced: the held insert commits now, later than the grace period the pass went by.
  if (!race.commit) await w.commitOnce();
  // The app retries until an order comes (a fence moves the checkout to its next id).
  let order: Order | undefined;
  b.lagging?.catchUp();
  for (let i = 0; i < 3 && !order; i++, b.lagging?.catchUp()) order = await createOrder(w.checkout, ctxOf(w.db, w.openid, NOW + 1000, w.ids)).catch(() => undefined);
  if (!order) throw new Error('the app’s retries got no order');
  if (retried?.ok && (retried.value as Order)._id !== order._id) throw new Error(`the retry answered ${(retried.value as Order)._id}, a later one ${order._id}`);
  b.lagging?.catchUp();
  await settleStaleHolds(w.db, () => NOW + 3_600_000, NOW + 3_700_000, IN_FLIGHT_GRACE_MS);
  b.lagging?.catchUp();
  const orders = await w.db.find(COLLECTIONS.orders, { openid: w.openid }, { limit: 10 });
  if (orders.length !== 1 || orders[0]._id !== order._id) throw new Error(`orders ${JSON.stringify(orders.map((o) => o._id))}, want one: ${order._id}`);
  const shelf = await w.db.findByIds(COLLECTIONS.products, w.products);
  for (const [i, id] of w.products.entries()) {
    const p = shelf.get(id)!;
    const want = race.shelf[i][0] - race.shelf[i][1];
    if (p.stock !== want || p.held || Object.keys(p.holds ?? {}).length)
      throw new Error(`${id}: stock ${p.stock} (want ${want}), held ${p.held}, holds ${JSON.stringify(p.holds)}`);
  }
}

/** What the three share: every request on products and orders (an update of an order asks the primary whether it is there). */
const SHARED = (collection: string): boolean => collection === COLLECTIONS.products || collection === COLLECTIONS.orders;
const WRITES = (collection: string, op: string): boolean => (collection === COLLECTIONS.products && op === 'update') || (collection === COLLECTIONS.orders && op === 'add');

/** The exploration of `race` on backend `b`. */
export function retryExploration(b: RetryBackend, race: RetryRace): Interleavings<RetryWorld> {
  const ops: Interleavings<RetryWorld>['ops'] = [];
  if (race.retry) ops.push((w, gate) => createOrder(w.checkout, ctxOf(b.gated(w.db, gate, SHARED), w.openid, NOW, w.ids, w.db)));
  if (race.commit) ops.push(async (w, gate) => {
    await gate('late commit');
    await w.commitOnce();
  });
  if (race.pass) ops.push((w, gate) => settleStaleHolds(b.gated(w.db, gate, race.pass === 'writes' ? WRITES : SHARED), () => NOW, NOW + 60_000, IN_FLIGHT_GRACE_MS));
  return { setup: () => world(b, race), ops, check: (w, outcomes) => check(b, race, w, outcomes) };
}
