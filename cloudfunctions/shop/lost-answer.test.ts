/**
 * An order insert that the database stored but whose answer never came: wx-server-sdk reports it
 * as -501001 (the code a duplicate `_id` arrives with too), -501002 or -1
 * (common/db/duplicate-key.ts), and the read-back finds the order there. It is this call's own
 * (insertUnique's write-id) and stands: it must keep its stock and its facts, not answer as if
 * another call had placed it — nor give its units back, whatever code the lost answer came with.
 */
import { settleStaleHolds } from '../common/catalog/stock-holds';
import { DB_SYS_ERR } from '../common/db/duplicate-key';
import { LOST_ANSWERS, loseAddAnswersAs } from '../common/db/testing/lost-answer';
import { memorySdk } from '../common/db/testing/memory-sdk';
import { Db } from '../common/db/wx-db';
import { dbOrderStore, dbProductStore } from './db-ports';
import { createOrder } from './handlers';
import type { ShopContext } from './ports';
import type { Order } from './schema';

const GRACE = 60_000;

/**
 * A shop on the in-memory SDK whose `orders` inserts are stored and then answered `answer`; with
 * `failedReads`, that many reads of `orders` right after such an insert fail as well (the same
 * outage): 1 the insert's read-back, 2 also the call's later ask (`isOwn`).
 */
function lossyShop(answer: unknown, failedReads = 0) {
  const sdk = loseAddAnswersAs(answer, memorySdk(), 'orders');
  if (failedReads) failReadsAfterAdd(sdk, 'orders', failedReads);
  const db = new Db(sdk);
  sdk.tables.set('products', new Map([['p1', { _id: 'p1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 }]]));
  const facts: string[] = [];
  let n = 0;
  const ctx: ShopContext = {
    openid: 'u1',
    now: 1,
    products: dbProductStore(db, sdk),
    orders: dbOrderStore(db),
    newOrderId: () => `o${++n}`,
    recordFacts: async (o) => {
      facts.push(o._id);
      return 'recorded';
    },
    log: () => undefined,
  };
  const stock = () => Number(sdk.tables.get('products')!.get('p1')!.stock);
  const orders = () => [...(sdk.tables.get('orders')?.values() ?? [])] as unknown as Order[];
  return { sdk, ctx, stock, orders, facts };
}

/** The first `reads` queries on `coll` after each of its inserts answer -501001 (a request timeout). */
function failReadsAfterAdd(sdk: ReturnType<typeof memorySdk>, coll: string, reads: number): void {
  const collection = sdk.collection.bind(sdk);
  let failing = 0;
  const failOnce = (q: ReturnType<ReturnType<typeof collection>['where']>): typeof q => ({
    ...q,
    limit: (n: number) => failOnce(q.limit(n)),
    field: (f: Record<string, boolean>) => failOnce(q.field(f)),
    async get() {
      if (!failing) return q.get();
      failing--;
      throw { errCode: DB_SYS_ERR, errMsg: 'collection.get:fail -501001 request timeout' };
    },
  });
  sdk.collection = ((name: string) => {
    const c = collection(name);
    if (name !== coll) return c;
    return {
      ...c,
      where: (w: Record<string, unknown>) => failOnce(c.where(w)),
      async add(a: Parameters<typeof c.add>[0]) {
        try {
          return await c.add(a);
        } finally {
          failing = reads;
        }
      },
    };
  }) as typeof sdk.collection;
}

describe.each(Object.entries(LOST_ANSWERS))('createOrder after an insert whose answer was lost (%s)', (_code, answer) => {
  it.each([
    ['with an order key', 'checkout-1'],
    ['without one (an older app)', undefined],
  ])('%s: the stored order is this call\'s own - it keeps its stock and records its facts', async (_name, orderKey) => {
    const s = lossyShop(answer);
    const o = await createOrder({ action: 'createOrder', ...(orderKey ? { orderKey } : {}), items: [{ productId: 'p1', quantity: 2 }] }, s.ctx);
    expect(s.orders().map((x) => x._id)).toEqual([o._id]);
    expect(s.stock()).toBe(3);
    expect(s.facts).toEqual([o._id]);
    expect(o.facts).toBe('recorded');
  });

  it.each([
    ['with an order key', 'checkout-1'],
    ['without one (an older app)', undefined],
  ])("%s, and the read-back failing too: the order that stands keeps its stock", async (_name, orderKey) => {
    // The insert was stored, its answer lost, and the read that would have told whose it is
    // failed as well: the order stands all the same, so its units must stay taken.
    const s = lossyShop(answer, 1);
    const out = await createOrder({ action: 'createOrder', ...(orderKey ? { orderKey } : {}), items: [{ productId: 'p1', quantity: 2 }] }, s.ctx).catch((e: unknown) => e);
    expect(s.orders()).toHaveLength(1);
    expect(s.stock()).toBe(3);
    expect(out).toMatchObject({ _id: s.orders()[0]._id, facts: 'recorded' });
    // Told by the insert's write-id (Db.isOwnWrite), not by a marker of its own on the order.
    expect(s.orders()[0]).not.toHaveProperty('attempt');
  });

  it.each([
    ['with an order key', 'checkout-1'],
    ['without one (an older app)', undefined],
  ])('%s, the read-back failing and the later ask too: still unknown, so the units stay held until someone knows', async (_name, orderKey) => {
    // Stored, answer lost, read-back failed, and the call's own ask (isOwn) failed as well: the
    // order may be this call's, so giving its units back would sell them twice.
    const s = lossyShop(answer, 2);
    const req = { action: 'createOrder' as const, ...(orderKey ? { orderKey } : {}), items: [{ productId: 'p1', quantity: 2 }] };
    const err = await createOrder(req, s.ctx).catch((e: unknown) => e);
    expect(s.orders()).toHaveLength(1);
    expect(s.stock()).toBe(3);
    // Only a checkout with a key may be retried safely; without one a retry is a second order.
    expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    if (orderKey) expect((err as Error).message).toContain('重试不会重复下单');
    else expect((err as Error).message).toMatch(/^(?!.*重试不会重复下单).*请勿重复下单/);
    if (!orderKey) {
      // Nobody retries an order without a key: the repair pass asks the order and keeps the units.
      expect(await settleStaleHolds(new Db(s.sdk), () => 10 * GRACE, 11 * GRACE, GRACE)).toBe(1);
      expect(s.stock()).toBe(3);
      expect(s.sdk.tables.get('products')!.get('p1')).toMatchObject({ held: 0, holds: {} });
      return;
    }
    // The checkout's retry finds its order and settles the hold: the units stay the order's.
    const again = await createOrder(req, s.ctx);
    expect(again._id).toBe(s.orders()[0]._id);
    expect(s.stock()).toBe(3);
    expect(s.sdk.tables.get('products')!.get('p1')).toMatchObject({ held: 0, holds: {} });
  });
});
