/**
 * A checkout's successful call settles what its earlier calls still hold (checkout-holds.ts):
 * calls that died holding stock give it back at once, and a call still running when the order is
 * stored cannot make the shelf wrong — its units go back exactly once, and it answers the order.
 */
import { memorySdk } from '../common/db/testing/memory-sdk';
import { Db } from '../common/db/wx-db';
import { dbOrderStore, dbProductStore } from './db-ports';
import { createOrder, keyedOrderId } from './handlers';
import type { ProductStore, ShopContext } from './ports';
import type { CreateOrderRequest } from './schema';

const CHECKOUT: CreateOrderRequest = {
  action: 'createOrder',
  orderKey: 'checkout-1',
  items: [
    { productId: 'p1', quantity: 2 },
    { productId: 'p2', quantity: 1 },
  ],
};

function shop(initial = [5, 3]) {
  const sdk = memorySdk();
  const db = new Db(sdk);
  sdk.tables.set(
    'products',
    new Map([
      ['p1', { _id: 'p1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: initial[0] }],
      ['p2', { _id: 'p2', name: '紫砂壶', categoryId: 'ware', categoryName: '茶具', priceFen: 26800, stock: initial[1] }],
    ]),
  );
  let n = 0;
  const ctx = (products: ProductStore = dbProductStore(db, sdk)): ShopContext => ({
    openid: 'u1',
    now: 1,
    products,
    orders: dbOrderStore(db),
    newOrderId: () => `a${++n}`,
    recordFacts: async () => 'recorded',
    log: () => undefined,
  });
  const shelf = () => ['p1', 'p2'].map((id) => sdk.tables.get('products')!.get(id)!);
  const stock = () => shelf().map((p) => p.stock);
  const holds = () => shelf().flatMap((p) => Object.keys(p.holds ?? {}));
  return { db, sdk, ctx, stock, holds };
}

it('the first call and the first retry died holding stock: the next retry gives both back as it places the order', async () => {
  // Enough that the retry can still take its units beside both dead calls' (2 + 2 + 2 ≤ 6):
  // stock held by dead calls cannot be lent to the retry before its order is stored.
  const s = shop([6, 3]);
  const orderId = keyedOrderId('u1', 'checkout-1');
  const products = dbProductStore(s.db, s.sdk);
  // Attempts are order-id-like (letters and digits): they key `holds.<attempt>`.
  for (const dead of ['dead1', 'dead2'])
    for (const l of CHECKOUT.items) await products.takeStock(l.productId, l.quantity, { attempt: dead, orderId, at: 1 });
  expect(s.stock()).toEqual([2, 1]);
  const order = await createOrder(CHECKOUT, s.ctx());
  expect(order._id).toBe(orderId);
  expect(s.stock()).toEqual([4, 2]);
  expect(s.holds()).toEqual([]);
  // A hold for another order is not this checkout's to settle.
  await products.takeStock('p1', 1, { attempt: 'other', orderId: 'o-other', at: 1 });
  await createOrder(CHECKOUT, s.ctx()); // the retry after a lost answer: gets the order back
  expect(s.holds()).toEqual(['other']);
});

it('an earlier call still running when the order is stored: its units go back once, and it answers the order', async () => {
  const s = shop();
  const base = dbProductStore(s.db, s.sdk);
  // The first call stalls after taking p1 (the tighter p2 goes first by slack: p2 3−1=2, p1 5−2=3).
  let resume!: () => void;
  const stalled = new Promise<void>((r) => (resume = r));
  let reached!: () => void;
  const atStall = new Promise<void>((r) => (reached = r));
  let takes = 0;
  const slow: ProductStore = {
    ...base,
    async takeStock(productId, quantity, hold) {
      const ok = await base.takeStock(productId, quantity, hold);
      if (++takes === 2) {
        reached();
        await stalled;
      }
      return ok;
    },
  };
  const first = createOrder(CHECKOUT, s.ctx(slow));
  await atStall;
  expect(s.stock()).toEqual([3, 2]);
  // The retry places the order and gives back what the first call holds for it.
  const order = await createOrder(CHECKOUT, s.ctx());
  expect(s.stock()).toEqual([3, 2]);
  expect(s.holds()).toEqual([]);
  resume();
  // The first call's insert finds the order another's: it gives back only what it still holds
  // (nothing), and answers the order that stands.
  expect(await first).toMatchObject({ _id: order._id });
  expect(s.stock()).toEqual([3, 2]);
  expect(s.holds()).toEqual([]);
});
