/**
 * The checkout exploration, on any database backend (in-memory SDK, or the real wx-server-sdk
 * against the local cloud): one customer's checkout of two products with an orderKey, crashed at
 * every request; the app's retries with the same key and the rebuild timer's repair pass recover.
 * Each world has its own customer and products (`tag`), so worlds can share one database.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import type { CrashPlan, Exploration } from '../../../cloudfunctions/common/db/testing/crash-points';
import { wxConsentStore, wxEventStore, wxProfileStore } from '../../../cloudfunctions/common/db/wx-ports';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { recordOrderFacts } from '../../../cloudfunctions/common/facts/order-facts';
import { runRebuildJob } from '../../../cloudfunctions/rebuild/job';
import { IN_FLIGHT_GRACE_MS } from '../../../cloudfunctions/rebuild/rebuild-one';
import { dbOrderStore, dbProductStore } from '../../../cloudfunctions/shop/db-ports';
import { createOrder, keyedOrderId } from '../../../cloudfunctions/shop/handlers';
import type { ShopContext } from '../../../cloudfunctions/shop/ports';
import type { CreateOrderRequest } from '../../../cloudfunctions/shop/schema';
import { consentOf, expectProfileIsFoldOfEvents, NOW } from './world';

/** A database for one world: `db` crashes under the plan, `raw` does not. */
export interface ShopBackend {
  world(plan: CrashPlan): Promise<{ db: Db; raw: Db }>;
}

const STOCK = [5, 3];
let worlds = 0;

function shopCtx(db: Db, openid: string, ids: () => string): ShopContext {
  const facts = { events: wxEventStore(db), profiles: wxProfileStore(db), consents: wxConsentStore(db) };
  return {
    openid,
    now: NOW,
    products: dbProductStore(db, db.sdk),
    orders: dbOrderStore(db),
    newOrderId: ids,
    recordFacts: (order) => recordOrderFacts(order, facts, NOW),
    log: () => undefined,
  };
}

async function world(b: ShopBackend, plan: CrashPlan) {
  const { db, raw } = await b.world(plan);
  const tag = `${++worlds}`;
  const openid = `u${tag}`;
  const products = [`p1x${tag}`, `p2x${tag}`];
  await raw.insert(COLLECTIONS.products, [
    { _id: products[0], name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: STOCK[0] },
    { _id: products[1], name: '紫砂壶', categoryId: 'ware', categoryName: '茶具', priceFen: 26800, stock: STOCK[1] },
  ]);
  await consentOf(raw, openid);
  let n = 0;
  const ids = () => `o${tag}x${++n}`;
  const checkout: CreateOrderRequest = {
    action: 'createOrder',
    orderKey: `checkout-${tag}`,
    items: [
      { productId: products[0], quantity: 2 },
      { productId: products[1], quantity: 1 },
    ],
  };
  // Each world's repair pass runs later than the last one's: the job's lease is per call.
  const recoverAt = NOW + IN_FLIGHT_GRACE_MS + 60_000 + worlds * 1000;
  return { db, raw, openid, products, checkout, recoverAt, ctx: shopCtx(db, openid, ids), retryCtx: shopCtx(raw, openid, ids) };
}
/** One checkout world. */
export type ShopWorld = Awaited<ReturnType<typeof world>>;

/**
 * The app retries the same checkout until it gets an answer, and the rebuild timer ticks. Stock
 * held by calls that died is back on the shelf only after that tick: with little stock the
 * retries may be told 库存不足 until then, so a customer still without an order tries again after
 * it. `crashing`: on the world's crashing database (the recovery's own death is explored).
 */
async function recover(w: ShopWorld, crashing = false): Promise<void> {
  const ctx = crashing ? w.ctx : w.retryCtx;
  let answered = false;
  const retries = async (): Promise<unknown> => {
    let lastErr: unknown;
    for (let i = 0; i < 3; i++) {
      try {
        await createOrder(w.checkout, ctx);
      } catch (err) {
        lastErr = err;
        continue;
      }
      // The first answered retry leaves no call's stock held for its order, whichever earlier
      // calls died holding some: the shelf is right at once, not only after the repair pass.
      if (!crashing && !answered) await expectNoHoldsOf(w, 'the first answered retry');
      answered = true;
      return undefined;
    }
    return lastErr;
  };
  // A repair pass that died holds the rebuild lease until it lapses: the next tick comes later.
  let at = crashing ? w.recoverAt : w.recoverAt + 10 * 60_000;
  const tick = async (): Promise<void> => {
    const r = await runRebuildJob({ db: crashing ? w.db : w.raw, now: () => at, budgetMs: 30_000, retentionDays: 180 });
    if (!r.leased) throw new Error('the repair pass did not get the rebuild lease');
    at += 60_000;
  };
  const failed = await retries();
  await tick();
  if (!failed) return;
  const again = await retries();
  if (again) throw again;
  await tick();
}

/** Throws when a stock hold is left on the checkout's products, or their stock is not initial − sold. */
async function expectNoHoldsOf(w: ShopWorld, after: string): Promise<void> {
  const products = await w.raw.findByIds(COLLECTIONS.products, w.products);
  const held = [...products.values()].filter((p) => p.held || Object.keys(p.holds ?? {}).length);
  if (held.length) throw new Error(`stock holds left after ${after}: ${JSON.stringify(held.map((p) => [p._id, p.held, p.holds]))}`);
  const stock = w.products.map((p) => products.get(p)?.stock);
  const want = [STOCK[0] - 2, STOCK[1] - 1];
  if (JSON.stringify(stock) !== JSON.stringify(want)) throw new Error(`stock ${JSON.stringify(stock)} after ${after}, want ${JSON.stringify(want)}`);
}

async function check(w: ShopWorld): Promise<void> {
  const { raw } = w;
  const orders = await raw.find(COLLECTIONS.orders, { openid: w.openid }, { limit: 10 });
  // The checkout's first id, or its next one when the repair pass fenced the first (a call that
  // died holding stock, no retry answered before the pass: checkout-order-id.ts).
  const ids = [0, 1, 2].map((g) => keyedOrderId(w.openid, w.checkout.orderKey!, g));
  const id = orders[0]?._id as string;
  if (orders.length !== 1 || !ids.includes(id)) throw new Error(`orders ${JSON.stringify(orders.map((o) => o._id))}, want one of the checkout's: ${ids.join(', ')}`);
  if (orders[0].facts === 'pending') throw new Error("the order's facts are still pending after the repair pass");
  await expectNoHoldsOf(w, 'the repair pass');
  const facts = (await raw.find(COLLECTIONS.events, { openid: w.openid }, { limit: 10 })).map((e) => e.eventId).sort();
  if (JSON.stringify(facts) !== JSON.stringify([`order_submit:${id}`, `purchase:${id}`])) throw new Error(`stored facts ${JSON.stringify(facts)}`);
  await expectProfileIsFoldOfEvents(raw, w.openid);
}

/** The checkout exploration on backend `b`. */
export function shopExploration(b: ShopBackend, deep = false): Exploration<ShopWorld> {
  return { setup: (plan) => world(b, plan), run: (w) => createOrder(w.checkout, w.ctx), recover, check, pairs: deep, recoveryCrashes: deep };
}
