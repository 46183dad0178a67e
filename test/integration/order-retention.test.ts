/**
 * An erased customer's orders, through the REAL wx-server-sdk against the local cloud, with a
 * clock the test sets: kept for the law only (PIPL art. 47: storage) — the repair pass records no
 * purchase facts of an order she placed before deleting her data — and, once 电子商务法 art. 31's
 * three years from the order have run, retention's daily pass takes her openid off them. Another
 * customer's orders, and an order she placed after coming back, keep theirs.
 */
import { eraseCustomerData } from '../../cloudfunctions/common/consent/erase-customer';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import { repairOrderFacts } from '../../cloudfunctions/rebuild/repair-orders';
import { housekeeping } from '../../cloudfunctions/retention/housekeeping';
import { ORDER_KEEP_DAYS } from '../../cloudfunctions/retention/order-identities';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

jest.setTimeout(60_000);
const DAY = 86_400_000;
const T = Date.UTC(2023, 2, 1, 4); // her first order
const ERASED = T + 40 * DAY;
const BACK = T + 100 * DAY; // she agrees again and orders once more

let t: TestCloud;
let sdk: WxSdk;
let db: Db;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  db = new Db(sdk.database());
});
afterAll(() => t?.close());

const order = (id: string, openid: string, createdAt: number, facts: string): Doc => ({
  _id: id,
  openid,
  items: [{ productId: 'p1', name: '有机绿茶', categoryId: 'tea', priceFen: 5800, quantity: 1 }],
  amountFen: 5800,
  status: 'paid',
  createdAt,
  facts,
});
const consent = (openid: string): Doc => ({ _id: openid, openid, version: 1, granted: true, grantedAt: T - DAY, personalization: true, updatedAt: T - DAY });
const stored = (id: string): Doc => t.cloud.db.collection(COLLECTIONS.orders).find({ _id: id })[0];
const pass = (now: number) => housekeeping({ db, files: wxModelFiles(sdk), now: () => now, deadline: now + 50_000 });

it('storage only after the erasure, and the openid goes three years after each order', async () => {
  await db.insert(COLLECTIONS.consents, [consent('erin'), consent('bea')]);
  // Erin's second order's call died before its purchase facts were recorded (facts: 'pending').
  await db.insert(COLLECTIONS.orders, [order('o-erin-1', 'erin', T, 'recorded'), order('o-erin-2', 'erin', T + 30 * DAY, 'pending'), order('o-bea-1', 'bea', T, 'recorded')]);
  await eraseCustomerData({ db, files: wxModelFiles(sdk), openid: 'erin', now: () => ERASED });
  expect(stored('o-erin-1')).toMatchObject({ openid: 'erin', erasedAt: ERASED });
  expect(stored('o-bea-1').erasedAt).toBeUndefined();

  // The repair pass meets her pending order a day later: the order stands, nothing is built on it.
  expect(await repairOrderFacts(db, () => ERASED + DAY, ERASED + DAY + 50_000)).toBe(1);
  expect(stored('o-erin-2')).toMatchObject({ openid: 'erin', facts: 'no-consent' });
  expect(t.cloud.db.collection(COLLECTIONS.events).count({ openid: 'erin' })).toBe(0);
  expect(t.cloud.db.collection(COLLECTIONS.profiles).get('erin')).toBeNull();

  // She comes back and orders again: an order of a current customer, not erased.
  await db.insert(COLLECTIONS.orders, [order('o-erin-3', 'erin', BACK, 'recorded')]);

  // The last day of the first order's three years: everything keeps its openid.
  expect((await pass(T + ORDER_KEEP_DAYS * DAY - 1)).erasedOrders).toEqual({ stripped: 0, done: true });
  expect(stored('o-erin-1').openid).toBe('erin');
  // Its period over: that order names no one; the second still has a month to go.
  expect((await pass(T + ORDER_KEEP_DAYS * DAY + 1)).erasedOrders).toEqual({ stripped: 1, done: true });
  expect(stored('o-erin-1')).toEqual(expect.objectContaining({ amountFen: 5800, erasedAt: ERASED, createdAt: T }));
  expect(stored('o-erin-1').openid).toBeUndefined();
  expect(stored('o-erin-2').openid).toBe('erin');
  expect((await pass(T + (30 + ORDER_KEEP_DAYS) * DAY + 1)).erasedOrders).toEqual({ stripped: 1, done: true });
  expect(stored('o-erin-2').openid).toBeUndefined();

  // Long after: the other customer's order and the one Erin placed after coming back keep theirs.
  const later = await pass(BACK + 2 * ORDER_KEEP_DAYS * DAY);
  expect(later.erasedOrders).toEqual({ stripped: 0, done: true });
  expect(stored('o-bea-1').openid).toBe('bea');
  expect(stored('o-erin-3').openid).toBe('erin');
  expect(t.cloud.db.collection(COLLECTIONS.orders).find({ openid: 'erin' }).map((o: Doc) => o._id)).toEqual(['o-erin-3']);
});
