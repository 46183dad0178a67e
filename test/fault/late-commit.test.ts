/**
 * An insert answered with a timeout that the database commits LATER — after the caller's
 * read-back found nothing (the local cloud's late-commit fault, scripts/local-cloud/db/late-commit.ts),
 * through the REAL wx-server-sdk. Whether CloudBase may do this after -501002, -1 or -501001 is not
 * documented, so the product must hold under it: `Db.insertUnique` answers "unknown" (never "not
 * stored"), and the shop keeps the checkout's stock holds instead of giving them back — a
 * checkout whose order lands a moment later keeps its units (before: the units went back on the
 * shelf and the order stood without them: sold twice). The app's retry of the same checkout, or
 * the repair pass for an order without a key, settles the holds once.
 */
import { isOrderFence } from '../../cloudfunctions/common/catalog/order-fence';
import { settleStaleHolds } from '../../cloudfunctions/common/catalog/stock-holds';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { QxError } from '../../cloudfunctions/common/contracts/errors';
import { InsertOutcomeUnknownError } from '../../cloudfunctions/common/db/write-id';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { dbOrderStore, dbProductStore } from '../../cloudfunctions/shop/db-ports';
import { createOrder, keyedOrderId } from '../../cloudfunctions/shop/handlers';
import { IN_FLIGHT_GRACE_MS } from '../../cloudfunctions/rebuild/rebuild-one';
import type { ShopContext } from '../../cloudfunctions/shop/ports';
import type { CreateOrderRequest } from '../../cloudfunctions/shop/schema';
import { injectLateCommits, TIMEOUT_ANSWERS, type LateCommits, type TimeoutAnswer } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

const P = COLLECTIONS.products;
const O = COLLECTIONS.orders;
const NOW = Date.UTC(2026, 11, 6, 12);

let t: TestCloud;
let sdk: WxSdk;
let db: Db;
let late: LateCommits;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  // SILENCE: no 3 s slow-request timers left behind by the failed requests.
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  db = new Db(sdk.database());
  await sdk.database().createCollection('claims');
  late = injectLateCommits(t.cloud.registry);
});
afterAll(() => t?.close());

let worlds = 0;
/** A customer and a product with `stock` units (5), on the shared cloud. */
async function shop(stock = 5) {
  const tag = `${++worlds}`;
  const productId = `p${tag}`;
  await db.insert(P, [{ _id: productId, name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock }]);
  let n = 0;
  const ctx: ShopContext = {
    openid: `u${tag}`,
    now: NOW,
    products: dbProductStore(db, db.sdk),
    orders: dbOrderStore(db),
    newOrderId: () => `o${tag}x${++n}`,
    recordFacts: async () => 'recorded',
    log: () => undefined,
  };
  const product = async () => (await db.getById(P, productId)) as { stock: number; held?: number; holds?: object };
  const orders = async () => db.find(O, { openid: ctx.openid }, { limit: 10 });
  const req = (orderKey?: string): CreateOrderRequest => ({ action: 'createOrder', ...(orderKey ? { orderKey } : {}), items: [{ productId, quantity: 2 }] });
  return { ctx, product, orders, req };
}

/** The call's failure (an Error saying so when it answered an order). */
const failureOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error('createOrder answered an order'),
    (e: unknown) => e,
  );

/** The call's answer: an OUTCOME_UNKNOWN refusal — one the app may retry when it sent an order key. */
function expectOutcomeUnknown(err: unknown, keyed = true): void {
  expect(err).toBeInstanceOf(QxError);
  expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN', message: expect.stringContaining(keyed ? '重试不会重复下单' : '请勿重复下单') });
}

describe.each(Object.keys(TIMEOUT_ANSWERS) as TimeoutAnswer[])('an insert that timed out (%s) and commits later', (answer) => {
  it(`insertUnique: errCode ${TIMEOUT_ANSWERS[answer].errCode}, absent when read back, so unknown - and its own once it lands`, async () => {
    late.arm('claims', answer);
    const err = await db.insertUnique('claims', { _id: `c-${answer}`, v: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsertOutcomeUnknownError);
    expect(err).toMatchObject({ id: `c-${answer}`, errCode: TIMEOUT_ANSWERS[answer].errCode, readBackError: undefined });
    expect(await db.getById('claims', `c-${answer}`)).toBeNull();
    expect(await late.commit()).toEqual([{ collection: 'claims', stored: true }]);
    expect(await db.isOwnWrite('claims', `c-${answer}`, (err as InsertOutcomeUnknownError).writeId)).toBe(true);
  });

  it('createOrder keeps its stock held; the order lands, and the retry of the checkout gets it with its units', async () => {
    const s = await shop();
    late.arm(O, answer);
    const err = await failureOf(createOrder(s.req('checkout-1'), s.ctx));
    expect(await late.commit()).toEqual([{ collection: O, stored: true }]);
    // The order stands: its units must still be off the shelf (the old code had given them back).
    expect(await s.orders()).toHaveLength(1);
    expect(await s.product()).toMatchObject({ stock: 3, held: 1 });
    expectOutcomeUnknown(err);
    const again = await createOrder(s.req('checkout-1'), s.ctx);
    expect((await s.orders()).map((o) => o._id)).toEqual([again._id]);
    expect(await s.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
  });

  it('the retry comes first: it places the order once, the late insert is refused, the units are counted once', async () => {
    const s = await shop();
    late.arm(O, answer);
    expectOutcomeUnknown(await failureOf(createOrder(s.req('checkout-2'), s.ctx)));
    const placed = await createOrder(s.req('checkout-2'), s.ctx);
    expect(await s.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
    expect(await late.commit()).toEqual([{ collection: O, stored: false }]);
    expect((await s.orders()).map((o) => o._id)).toEqual([placed._id]);
    expect((await s.product()).stock).toBe(3);
  });

  it('without an order key (an older app): the repair pass, after the order landed, keeps its units', async () => {
    const s = await shop();
    late.arm(O, answer);
    const err = await failureOf(createOrder(s.req(), s.ctx));
    expect(await late.commit()).toEqual([{ collection: O, stored: true }]);
    expect(await s.product()).toMatchObject({ stock: 3, held: 1 });
    // No key: a retry would be a new order, so the answer must not call it safe.
    expectOutcomeUnknown(err, false);
    const grace = 60_000;
    expect(await settleStaleHolds(db, () => NOW + 10 * grace, NOW + 11 * grace, grace)).toBeGreaterThanOrEqual(1);
    expect(await s.orders()).toHaveLength(1);
    expect(await s.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
  });
});

describe('the retry and the repair pass after an insert that timed out (serverTimeout)', () => {
  it('with the last units held by the first call, the retry takes them over and places the order; the late insert is refused', async () => {
    const s = await shop(2);
    late.arm(O);
    expectOutcomeUnknown(await failureOf(createOrder(s.req('checkout-tight'), s.ctx)));
    expect(await s.product()).toMatchObject({ stock: 0, held: 1 });
    // Before: 「有机绿茶」库存不足 until the repair pass, the only units being its own first call's.
    const placed = await createOrder(s.req('checkout-tight'), s.ctx);
    expect(await s.product()).toMatchObject({ stock: 0, held: 0, holds: {} });
    expect(await late.commit()).toEqual([{ collection: O, stored: false }]);
    expect((await s.orders()).map((o) => o._id)).toEqual([placed._id]);
    expect(await s.product()).toMatchObject({ stock: 0, held: 0, holds: {} });
  });

  it('an insert committing after the grace period finds the order id fenced by the repair pass: no order without its stock', async () => {
    const s = await shop();
    late.arm(O);
    expectOutcomeUnknown(await failureOf(createOrder(s.req(), s.ctx)), false);
    const pass = NOW + IN_FLIGHT_GRACE_MS + 60_000;
    expect(await settleStaleHolds(db, () => pass, pass + 60_000, IN_FLIGHT_GRACE_MS)).toBe(1);
    expect(await s.product()).toMatchObject({ stock: 5, held: 0, holds: {} });
    // Before: the insert landed here, and the order stood with its 2 units back on the shelf.
    expect(await late.commit()).toEqual([{ collection: O, stored: false }]);
    expect(await s.orders()).toEqual([]);
    expect(await s.product()).toMatchObject({ stock: 5, held: 0, holds: {} });
  });

  it('a checkout retried only after its id was fenced is placed once, under its next id', async () => {
    const s = await shop();
    late.arm(O);
    expectOutcomeUnknown(await failureOf(createOrder(s.req('checkout-late'), s.ctx)));
    const pass = NOW + IN_FLIGHT_GRACE_MS + 60_000;
    expect(await settleStaleHolds(db, () => pass, pass + 60_000, IN_FLIGHT_GRACE_MS)).toBe(1);
    const first = keyedOrderId(s.ctx.openid, 'checkout-late');
    expect(isOrderFence(await db.getById(O, first))).toBe(true);
    expect(await late.commit()).toEqual([{ collection: O, stored: false }]);
    const placed = await createOrder(s.req('checkout-late'), s.ctx);
    expect(placed._id).toBe(keyedOrderId(s.ctx.openid, 'checkout-late', 1));
    expect(await createOrder(s.req('checkout-late'), s.ctx)).toMatchObject({ _id: placed._id });
    expect((await s.orders()).map((o) => o._id)).toEqual([placed._id]);
    expect(await s.product()).toMatchObject({ stock: 3, held: 0, holds: {} });
  });
});
