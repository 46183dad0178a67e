/**
 * The ids of one checkout once the retention pass removes old fences (retention/order-fences.ts):
 * a fenced id may later hold nothing again, below the id the checkout's order was placed under.
 * A retry of the checkout must still get that order back, never place a second one.
 */
import { memorySdk } from '../common/db/testing/memory-sdk';
import { Db } from '../common/db/wx-db';
import { QxError } from '../common/contracts/errors';
import { MAX_CHECKOUT_IDS } from './checkout-order-id';
import { dbOrderStore, dbProductStore } from './db-ports';
import { createOrder, keyedOrderId } from './handlers';
import type { ShopContext } from './ports';
import type { CreateOrderRequest } from './schema';

const CHECKOUT: CreateOrderRequest = { action: 'createOrder', orderKey: 'checkout-1', items: [{ productId: 'p1', quantity: 2 }] };
const id = (generation: number) => keyedOrderId('u1', 'checkout-1', generation);

function shop() {
  const sdk = memorySdk();
  const db = new Db(sdk);
  sdk.tables.set('products', new Map([['p1', { _id: 'p1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 }]]));
  const ctx: ShopContext = {
    openid: 'u1',
    now: 1,
    products: dbProductStore(db, sdk),
    orders: dbOrderStore(db),
    newOrderId: () => 'unused',
    recordFacts: async () => 'recorded',
    log: () => undefined,
  };
  const orders = () => [...(sdk.tables.get('orders')?.values() ?? [])].filter((d) => 'items' in d).map((d) => d._id);
  const stock = () => sdk.tables.get('products')!.get('p1')!.stock;
  return { db, ctx, orders, stock };
}

it("a retry after the first id's fence was removed gets the order placed under the next id back", async () => {
  const s = shop();
  // The first try timed out and was fenced; the retry placed the order under the next id, and its
  // answer was lost too; a week later the fence is gone.
  await s.db.insert('orders', [{ _id: id(0), fencedAt: 1 }]);
  const placed = await createOrder(CHECKOUT, s.ctx);
  expect(placed._id).toBe(id(1));
  await s.db.removeWhere('orders', { _id: id(0) });
  const again = await createOrder(CHECKOUT, s.ctx);
  expect(again).toMatchObject({ _id: id(1), amountFen: 11600 });
  expect(s.orders()).toEqual([id(1)]);
  expect(s.stock()).toBe(3);
});

it('an id emptied below a standing fence is the one the checkout places under, once', async () => {
  const s = shop();
  await s.db.insert('orders', [{ _id: id(1), fencedAt: 1 }]);
  const placed = await createOrder(CHECKOUT, s.ctx);
  expect(placed._id).toBe(id(0));
  expect((await createOrder(CHECKOUT, s.ctx))._id).toBe(id(0));
  expect(s.orders()).toEqual([id(0)]);
  expect(s.stock()).toBe(3);
});

it('every id fenced: refused, nothing taken', async () => {
  const s = shop();
  await s.db.insert('orders', Array.from({ length: MAX_CHECKOUT_IDS }, (_, g) => ({ _id: id(g), fencedAt: 1 })));
  const err = await createOrder(CHECKOUT, s.ctx).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(QxError);
  expect((err as QxError).code).toBe('CONFLICT');
  expect(s.stock()).toBe(5);
});
