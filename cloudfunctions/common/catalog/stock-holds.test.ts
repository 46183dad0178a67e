import { COLLECTIONS } from '../contracts/collections';
import { isStoredName, storedKey } from '../db/stored-keys';
import { memoryDb } from '../db/testing/memory-sdk';
import { isOrderFence } from './order-fence';
import { adoptHold, holdsFor, releaseHold, returnStock, settleStaleHolds, takeStock, withoutHolds } from './stock-holds';

const NOW = Date.UTC(2026, 11, 5, 12);
const GRACE = 120_000;

async function shelf() {
  const { db, tables } = memoryDb();
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机绿茶', stock: 10 }]);
  const p1 = () => tables.get(COLLECTIONS.products)!.get('p1')!;
  return { db, p1 };
}

it('a take records who holds what; giving back or releasing twice changes nothing more', async () => {
  const { db, p1 } = await shelf();
  expect(await takeStock(db, 'p1', 'a1', { orderId: 'o1', quantity: 3, at: NOW })).toBe(true);
  expect(await takeStock(db, 'p1', 'a1', { orderId: 'o1', quantity: 3, at: NOW })).toBe(false);
  expect(await takeStock(db, 'p1', 'a2', { orderId: 'o2', quantity: 8, at: NOW })).toBe(false);
  expect(p1()).toMatchObject({ stock: 7, held: 1, holds: { a1: { orderId: 'o1', quantity: 3, at: NOW, attempt: 'a1' } } });
  await returnStock(db, 'p1', 'a1', 3);
  await returnStock(db, 'p1', 'a1', 3);
  expect(p1()).toMatchObject({ stock: 10, held: 0, holds: {} });
  await takeStock(db, 'p1', 'a3', { orderId: 'o3', quantity: 2, at: NOW });
  await releaseHold(db, 'p1', 'a3');
  await releaseHold(db, 'p1', 'a3');
  expect(p1()).toMatchObject({ stock: 8, held: 0, holds: {} });
  expect(withoutHolds(p1())).toEqual({ _id: 'p1', name: '有机绿茶', stock: 8 });
});

it('the repair pass gives back holds of calls that died before their order, keeps the units of stored orders, and leaves live calls alone', async () => {
  const { db, p1 } = await shelf();
  await takeStock(db, 'p1', 'dead', { orderId: 'o1', quantity: 1, at: NOW - GRACE - 1 });
  await takeStock(db, 'p1', 'placed', { orderId: 'o2', quantity: 2, at: NOW - GRACE - 1 });
  // An order placed before the attempt became the insert's write-id: its `attempt` field says.
  await db.insert(COLLECTIONS.orders, [{ _id: 'o2', attempt: 'placed' }]);
  // The same order id stored by another call (a retry with the same key): this call's units go back.
  await takeStock(db, 'p1', 'lostRace', { orderId: 'o2', quantity: 3, at: NOW - GRACE - 1 });
  await takeStock(db, 'p1', 'live', { orderId: 'o4', quantity: 1, at: NOW - 1000 });
  // An order told by its insert's write-id (shop createOrder: the call's attempt), and a lost race for it.
  await takeStock(db, 'p1', 'written', { orderId: 'o5', quantity: 1, at: NOW - GRACE - 1 });
  await takeStock(db, 'p1', 'lostToo', { orderId: 'o5', quantity: 1, at: NOW - GRACE - 1 });
  await db.insertUnique(COLLECTIONS.orders, { _id: 'o5' }, { writeId: 'written' });
  expect(p1().stock).toBe(1);
  expect(await settleStaleHolds(db, () => NOW, NOW + 10_000, GRACE)).toBe(5);
  expect(p1()).toMatchObject({ stock: 6, held: 1 });
  expect(Object.keys(p1().holds)).toEqual(['live']);
  expect(await settleStaleHolds(db, () => NOW, NOW + 10_000, GRACE)).toBe(0);
});

it('a retry takes over an earlier call’s hold once: the units stay off the shelf, the earlier call is named, the clock restarts', async () => {
  const { db, p1 } = await shelf();
  await takeStock(db, 'p1', 'a1', { orderId: 'k1', quantity: 10, at: NOW - GRACE - 1 });
  const [h] = await holdsFor(db, ['p1'], 'k1');
  expect(await adoptHold(db, h, 'a2', NOW)).toBe(true);
  expect(await adoptHold(db, h, 'a3', NOW)).toBe(false);
  expect(p1()).toMatchObject({ stock: 0, held: 1, holds: { a2: { orderId: 'k1', quantity: 10, at: NOW, attempt: 'a2', from: ['a1'] } } });
  expect(Object.keys(p1().holds)).toEqual(['a2']);
  // The earlier call's insert landing late owns the units: the repair pass keeps them with its order.
  await db.insertUnique(COLLECTIONS.orders, { _id: 'k1' }, { writeId: 'a1' });
  expect(await settleStaleHolds(db, () => NOW + GRACE + 1, NOW + GRACE + 10_000, GRACE)).toBe(1);
  expect(p1()).toMatchObject({ stock: 0, held: 0, holds: {} });
});

it('an attempt id that is not a legal field name is stored under its encoded key, and read and settled by it', async () => {
  const { db, p1 } = await shelf();
  expect(await takeStock(db, 'p1', 'ab-cd', { orderId: 'o1', quantity: 2, at: NOW - GRACE - 1 })).toBe(true);
  expect(Object.keys(p1().holds)).toEqual([storedKey('ab-cd')]);
  expect(Object.keys(p1().holds).every(isStoredName)).toBe(true);
  expect(await holdsFor(db, ['p1'], 'o1')).toEqual([expect.objectContaining({ attempt: 'ab-cd', key: storedKey('ab-cd'), quantity: 2 })]);
  await returnStock(db, 'p1', 'ab-cd', 2);
  expect(p1()).toMatchObject({ stock: 10, held: 0, holds: {} });
  await takeStock(db, 'p1', 'x.y', { orderId: 'o2', quantity: 1, at: NOW - GRACE - 1 });
  await db.insertUnique(COLLECTIONS.orders, { _id: 'o2' }, { writeId: 'x.y' });
  expect(await settleStaleHolds(db, () => NOW, NOW + 10_000, GRACE)).toBe(1);
  expect(p1()).toMatchObject({ stock: 9, held: 0, holds: {} });
});

it('the repair pass fences an order id before it gives back the units, so an insert landing later than any grace is refused', async () => {
  const { db, p1 } = await shelf();
  await takeStock(db, 'p1', 'late', { orderId: 'o9', quantity: 4, at: NOW - GRACE - 1 });
  expect(await settleStaleHolds(db, () => NOW, NOW + 10_000, GRACE)).toBe(1);
  expect(p1()).toMatchObject({ stock: 10, held: 0, holds: {} });
  const fence = await db.getById(COLLECTIONS.orders, 'o9');
  expect(isOrderFence(fence)).toBe(true);
  // The timed-out insert commits now: the id is taken, nothing stands without its stock.
  expect(await db.insertUnique(COLLECTIONS.orders, { _id: 'o9', openid: 'u1', items: [] }, { writeId: 'late' })).toBe(false);
  expect(await db.getById(COLLECTIONS.orders, 'o9')).toEqual(fence);
});
