/**
 * Orders stored the old way — customers erased by releases before the erasure marked their orders
 * — through the REAL wx-server-sdk against the local cloud: retention's daily pass finds who was
 * erased and when from the consent record's erasure mark (a deletion) or the withdrawal's salted
 * tombstone, marks those orders `erasedAt` with that time in a walk that resumes across calls and
 * does nothing twice, and three years after each order the strip takes the openid off. Orders of a
 * customer never erased, and an order placed after coming back, stay as they were.
 */
import { tombstoneId } from '../../cloudfunctions/common/consent/policy';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import { housekeeping } from '../../cloudfunctions/retention/housekeeping';
import { BACKFILL_ID, backfillOrderErasures } from '../../cloudfunctions/retention/order-erasure-backfill';
import { ORDER_KEEP_DAYS } from '../../cloudfunctions/retention/order-identities';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

jest.setTimeout(60_000);
const DAY = 86_400_000;
const T = Date.UTC(2024, 0, 10, 4);
const DORA_ERASED = T + 20 * DAY; // deleteMyData, consent kept (the record has the mark)
const WENDY_ERASED = T + 25 * DAY; // withdrawConsent (only the tombstone is left)

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

/** An order as releases before 422f5ed stored it: openid, no `erasedAt`. */
const order = (id: string, openid: string, createdAt: number): Doc => ({
  _id: id, openid, items: [{ productId: 'p1', name: '有机绿茶', categoryId: 'tea', priceFen: 5800, quantity: 1 }], amountFen: 5800, status: 'paid', createdAt, facts: 'recorded',
});
const stored = (id: string): Doc => t.cloud.db.collection(COLLECTIONS.orders).find({ _id: id })[0];

it('marks the orders of earlier erasures from the consent mark or the tombstone, resumably and once; the strip then takes their openid', async () => {
  await db.insert(COLLECTIONS.consents, [
    { _id: 'dora', openid: 'dora', version: 1, granted: true, grantedAt: T - DAY, personalization: true, erasedAt: DORA_ERASED, erasureDoneAt: DORA_ERASED, updatedAt: DORA_ERASED },
    { _id: tombstoneId('wendy'), tombstone: true, withdrawnAt: WENDY_ERASED, erasedAt: WENDY_ERASED },
    // Wendy agreed again later and ordered once more.
    { _id: 'wendy', openid: 'wendy', version: 1, granted: true, grantedAt: T + 60 * DAY, personalization: true, updatedAt: T + 60 * DAY },
    { _id: 'bea', openid: 'bea', version: 1, granted: true, grantedAt: T - DAY, personalization: true, updatedAt: T - DAY },
  ]);
  // 250 orders of other customers around theirs: the walk takes three pages.
  const others = Array.from({ length: 250 }, (_, i) => order(`o-m${String(i).padStart(3, '0')}`, `m${i % 30}`, T + i * 3_600_000));
  await db.insert(COLLECTIONS.orders, [
    ...others,
    order('o-dora-1', 'dora', T), order('o-dora-2', 'dora', T + 10 * DAY), order('o-dora-3', 'dora', T + 30 * DAY),
    order('o-wendy-1', 'wendy', T + 5 * DAY), order('o-wendy-2', 'wendy', T + 70 * DAY),
    order('o-bea-1', 'bea', T),
  ]);

  // A call whose time runs out after its first page stops there, and the next one resumes.
  let calls = 0;
  const first = await backfillOrderErasures({ db, files: wxModelFiles(sdk), now: () => (calls++ < 2 ? T + 100 * DAY : T + 101 * DAY), deadline: T + 100 * DAY + 1 });
  expect(first.done).toBe(false);
  const state = t.cloud.db.collection(COLLECTIONS.jobs).get(BACKFILL_ID);
  expect(state).toMatchObject({ after: expect.any(String) });
  expect(state?.doneAt).toBeUndefined();
  const at = T + 101 * DAY;
  const r = await housekeeping({ db, files: wxModelFiles(sdk), now: () => at, deadline: at + 50_000 });
  expect(r.orderBackfill.done).toBe(true);
  expect(first.marked + r.orderBackfill.marked).toBe(3);
  expect(stored('o-dora-1')).toMatchObject({ openid: 'dora', erasedAt: DORA_ERASED });
  expect(stored('o-dora-2')).toMatchObject({ openid: 'dora', erasedAt: DORA_ERASED });
  expect(stored('o-wendy-1')).toMatchObject({ openid: 'wendy', erasedAt: WENDY_ERASED });
  // Placed after the erasure (she came back), or never erased: untouched.
  for (const id of ['o-dora-3', 'o-wendy-2', 'o-bea-1', 'o-m000', 'o-m249']) expect([id, stored(id).erasedAt]).toEqual([id, undefined]);
  expect(t.cloud.db.collection(COLLECTIONS.jobs).get(BACKFILL_ID)).toMatchObject({ doneAt: at });

  // Done: later passes walk nothing again.
  expect((await housekeeping({ db, files: wxModelFiles(sdk), now: () => at + DAY, deadline: at + DAY + 50_000 })).orderBackfill).toEqual({ marked: 0, done: true });

  // Three years after each order its openid goes; the others keep theirs.
  const strip = (now: number) => housekeeping({ db, files: wxModelFiles(sdk), now: () => now, deadline: now + 50_000 });
  expect((await strip(T + 5 * DAY + ORDER_KEEP_DAYS * DAY + 1)).erasedOrders).toEqual({ stripped: 2, done: true });
  expect(stored('o-dora-1').openid).toBeUndefined();
  expect(stored('o-wendy-1').openid).toBeUndefined();
  expect(stored('o-dora-2').openid).toBe('dora');
  expect((await strip(T + 80 * DAY + ORDER_KEEP_DAYS * DAY)).erasedOrders).toEqual({ stripped: 1, done: true });
  expect(stored('o-dora-2').openid).toBeUndefined();
  for (const [id, who] of [['o-dora-3', 'dora'], ['o-wendy-2', 'wendy'], ['o-bea-1', 'bea']]) expect(stored(id).openid).toBe(who);
});
