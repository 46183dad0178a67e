/**
 * Reads that lag the writes (the local cloud's stale-read fault, scripts/local-cloud/db/stale-reads.ts),
 * through the REAL wx-server-sdk. CloudBase does not document read-your-writes, so a read right
 * after a write may miss it. The product's read-back paths must not take such a miss as final:
 * `Db.insertUnique` after a failed insert (whatever its errCode, -502001 included), `Db.isOwnWrite`,
 * and the stock-hold repair pass, which would give back the units of an order that stands. Their
 * "absent" now comes from the primary (`Db.presentOnPrimary`, an update that counts what it finds).
 * The lag is 10 minutes, far longer than the test, so no load makes a write visible early.
 */
import { settleStaleHolds, takeStock } from '../../cloudfunctions/common/catalog/stock-holds';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { DbError, InsertOutcomeUnknownError } from '../../cloudfunctions/common/db/wx-db';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { dbOrderStore, dbProductStore } from '../../cloudfunctions/shop/db-ports';
import { createOrder } from '../../cloudfunctions/shop/handlers';
import type { ShopContext } from '../../cloudfunctions/shop/ports';
import { TcbError, type ActionHandler } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

const P = COLLECTIONS.products;
const O = COLLECTIONS.orders;
const LAG = 10 * 60_000;
const NOW = Date.UTC(2026, 11, 6, 12);

let t: TestCloud;
let sdk: WxSdk;
let db: Db;
/** How the next insert into `claims`/orders is answered (the handler wraps the real one). */
let answer: 'as-is' | 'duplicate-as-502001' | 'stored-then-502001' | 'stored-then-timeout' = 'as-is';

beforeAll(async () => {
  t = await startTestCloud({ schema: true, staleReadMs: LAG });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  db = new Db(sdk.database());
  await sdk.database().createCollection('claims');
  const insert = t.cloud.registry.resolve('database.insertDocument') as ActionHandler;
  t.cloud.registry.register('database.insertDocument', async (req) => {
    const mode = answer;
    answer = 'as-is';
    if (mode === 'as-is') return insert(req);
    if (mode === 'duplicate-as-502001')
      return insert(req).catch((e: unknown) => {
        throw e instanceof TcbError && e.code === 'DATABASE_DUPLICATE_WRITE' ? new TcbError('DATABASE_REQUEST_FAILED', e.message) : e;
      });
    await insert(req);
    if (mode === 'stored-then-502001') throw new TcbError('DATABASE_REQUEST_FAILED', 'database request failed');
    return { kind: 'json', body: { code: 'SERVER_TIMEOUT', message: 'service response timeout' } };
  });
});
afterAll(() => t?.close());

it('the fault: queries, counts and aggregations miss the last writes; updates see them; catchUp shows them', async () => {
  const c = sdk.database().collection('claims');
  await c.add({ data: { _id: 'seen-later', v: 1 } });
  expect((await c.where({ _id: 'seen-later' }).get()).data).toEqual([]);
  expect((await c.where({ v: 1 }).count()).total).toBe(0);
  expect((await c.aggregate().match({ v: 1 }).limit(10).end()).list).toEqual([]);
  expect((await c.where({ _id: 'seen-later' }).update({ data: { v: 2 } })).stats.updated).toBe(1);
  expect(t.cloud.db.collection('claims').find({ _id: 'seen-later' })).toMatchObject([{ v: 2 }]);
  t.cloud.replica?.catchUp();
  expect((await c.where({ _id: 'seen-later' }).get()).data).toEqual([{ _id: 'seen-later', v: 2 }]);
});

describe('Db.insertUnique: a read-back that misses is not final', () => {
  it("another writer's document, not yet visible, answered -501001 (the duplicate's code): the claim is theirs", async () => {
    await db.insert('claims', [{ _id: 'k1', by: 'other' }]);
    expect(await db.insertUnique('claims', { _id: 'k1', by: 'me' })).toBe(false);
  });

  it("another writer's document answered -502001: theirs, not a failure", async () => {
    await db.insert('claims', [{ _id: 'k2', by: 'other' }]);
    answer = 'duplicate-as-502001';
    expect(await db.insertUnique('claims', { _id: 'k2', by: 'me' })).toBe(false);
  });

  it('this very insert, stored and answered -502001 or a timeout: ours', async () => {
    answer = 'stored-then-502001';
    expect(await db.insertUnique('claims', { _id: 'k3', by: 'me' })).toBe(true);
    answer = 'stored-then-timeout';
    expect(await db.insertUnique('claims', { _id: 'k4', by: 'me' })).toBe(true);
    // The probe the primary was asked with is the database layer's own: no reader sees it.
    t.cloud.replica?.catchUp();
    expect(await db.getById('claims', 'k3')).toEqual({ _id: 'k3', by: 'me' });
  });

  it('nothing stored: a -502001 refusal stays a failure, a timeout stays unknown', async () => {
    const refuse = t.cloud.registry.resolve('database.insertDocument') as ActionHandler;
    t.cloud.registry.register('database.insertDocument', async () => {
      throw new TcbError('DATABASE_REQUEST_FAILED', 'refused');
    });
    try {
      const err = await db.insertUnique('claims', { _id: 'k5' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DbError);
      expect(err).not.toBeInstanceOf(InsertOutcomeUnknownError);
      t.cloud.registry.register('database.insertDocument', async () => ({ kind: 'json', body: { code: 'SERVER_TIMEOUT', message: 'service response timeout' } }));
      expect(await db.insertUnique('claims', { _id: 'k5' }).catch((e: unknown) => e)).toBeInstanceOf(InsertOutcomeUnknownError);
    } finally {
      t.cloud.registry.register('database.insertDocument', refuse);
    }
  });
});

it('Db.isOwnWrite right after the write: ours; another’s or absent: not', async () => {
  const writeId = 'w-own-1';
  expect(await db.insertUnique('claims', { _id: 'k6' }, { writeId })).toBe(true);
  expect(await db.getById('claims', 'k6')).toBeNull(); // the replica has not got it
  expect(await db.isOwnWrite('claims', 'k6', writeId)).toBe(true);
  expect(await db.isOwnWrite('claims', 'k6', 'w-other')).toBe(false);
  expect(await db.isOwnWrite('claims', 'nobody', writeId)).toBe(false);
});

describe('the stock-hold repair pass', () => {
  let n = 0;
  /** A product with 5 units, 2 of them held an hour ago by call `attempt` for order `orderId` (visible to reads). */
  async function held() {
    const tag = `${++n}`;
    const productId = `sp${tag}`;
    await db.insert(P, [{ _id: productId, name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 }]);
    const attempt = `att${tag}`;
    const orderId = `so${tag}`;
    expect(await takeStock(db, productId, attempt, { orderId, quantity: 2, at: NOW - 3_600_000 })).toBe(true);
    t.cloud.replica?.catchUp();
    const order = { _id: orderId, openid: `u${tag}`, items: [{ productId, name: '有机绿茶', priceFen: 5800, quantity: 2 }], amountFen: 11600, status: 'paid', createdAt: NOW, facts: 'done' };
    const product = () => t.cloud.db.collection(P).find({ _id: productId })[0];
    const settle = () => settleStaleHolds(db, () => NOW, NOW + 60_000, 60_000);
    return { attempt, order, product, settle };
  }

  it('keeps the units of an order its call stored, which reads do not show yet', async () => {
    const h = await held();
    expect(await db.insertUnique(O, h.order, { writeId: h.attempt })).toBe(true);
    expect(await settle(h)).toBe(1);
    expect(h.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
  });

  it('keeps them for an order of the older form (its attempt in a field)', async () => {
    const h = await held();
    await db.insert(O, [{ ...h.order, attempt: h.attempt }]);
    expect(await settle(h)).toBe(1);
    expect(h.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
  });

  it('gives them back when no order stands', async () => {
    const h = await held();
    expect(await settle(h)).toBe(1);
    expect(h.product()).toMatchObject({ stock: 5, held: 0, holds: {} });
  });
});

it('shop createOrder whose order was stored but answered -502001: the order keeps its units', async () => {
  await db.insert(P, [{ _id: 'cp1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 }]);
  t.cloud.replica?.catchUp();
  let k = 0;
  const ctx: ShopContext = {
    openid: 'u-co',
    now: NOW,
    products: dbProductStore(db, db.sdk),
    orders: dbOrderStore(db),
    newOrderId: () => `co${++k}`,
    recordFacts: async () => 'recorded',
    log: () => undefined,
  };
  answer = 'stored-then-502001';
  const placed = await createOrder({ action: 'createOrder', orderKey: 'k-co', items: [{ productId: 'cp1', quantity: 2 }] }, ctx);
  expect(t.cloud.db.collection(O).find({ openid: 'u-co' }).map((o) => o._id)).toEqual([placed._id]);
  expect(t.cloud.db.collection(P).find({ _id: 'cp1' })[0]).toMatchObject({ stock: 3, held: 0, holds: {} });
});

const settle = (h: { settle: () => Promise<number> }) => h.settle();
