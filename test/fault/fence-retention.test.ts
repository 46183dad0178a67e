/**
 * The retention pass's removal of order fences (retention/order-fences.ts), through the REAL
 * wx-server-sdk, under faults: reads lagging the writes by 10 minutes (the stale-read fault), two
 * passes at once (an overlapping timer tick), a pass stopped by its deadline. A fence younger than
 * FENCE_KEEP_MS must never be removed — a write of its id may still be in flight — and neither may
 * an order stored under an id whose old fence another pass removed. Old fences do go.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { FENCE_KEEP_MS, purgeOrderFences } from '../../cloudfunctions/retention/order-fences';
import type { PassContext } from '../../cloudfunctions/retention/policies';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

const O = COLLECTIONS.orders;
const LAG = 10 * 60_000;
const NOW = Date.UTC(2026, 11, 6, 12);

let t: TestCloud;
let orders: WxSdk;
let db: Db;

beforeAll(async () => {
  t = await startTestCloud({ schema: true, staleReadMs: LAG });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  const sdk = loadSdk('local');
  db = new Db(sdk.database());
  orders = sdk.database().collection(O);
});
afterAll(() => t?.close());

const order = (id: string): Doc => ({ _id: id, openid: 'u1', items: [{ productId: 'p1', name: '有机绿茶', priceFen: 5800, quantity: 1 }], amountFen: 5800, status: 'paid', createdAt: NOW - 400 * 86_400_000, facts: 'done' });
const pass = (o: Partial<PassContext> = {}) => purgeOrderFences({ db, files: undefined as never, now: () => NOW, deadline: NOW + 60_000, ...o });
/** The `_id`s stored now (the in-process handle reads the current state, not the lagging one). */
const stored = (prefix: string): string[] => t.cloud.db.collection(O).find({}).map((d) => String(d._id)).filter((id) => id.startsWith(prefix)).sort();

it('around the bound, with two passes at once: only fences older than the bound go, each once; orders stay', async () => {
  const ages = { old30d: 30 * 86_400_000, justOld: FENCE_KEEP_MS + 1, atBound: FENCE_KEEP_MS, justYoung: FENCE_KEEP_MS - 1, young1h: 3_600_000, fresh: 0, future: -60_000 };
  await orders.add({ data: [...Object.entries(ages).map(([k, age]) => ({ _id: `a-${k}`, fencedAt: NOW - age })), order('a-order')] });
  t.cloud.replica?.catchUp();
  const [x, y] = await Promise.all([pass(), pass()]);
  expect(x.removed + y.removed).toBe(2);
  expect(stored('a-')).toEqual(['a-atBound', 'a-fresh', 'a-future', 'a-justYoung', 'a-order', 'a-young1h']);
});

it('a lagging read shows an old fence where the id now holds a young fence or an order: neither is removed', async () => {
  await orders.add({ data: [{ _id: 'b-refenced', fencedAt: NOW - 30 * 86_400_000 }, { _id: 'b-ordered', fencedAt: NOW - 30 * 86_400_000 }] });
  t.cloud.replica?.catchUp();
  // Another pass removed both; the repair pass fenced one id anew, a checkout's retry placed an
  // order under the other. Reads still show the old fences.
  for (const id of ['b-refenced', 'b-ordered']) await orders.doc(id).remove();
  await orders.add({ data: [{ _id: 'b-refenced', fencedAt: NOW - 60_000 }, order('b-ordered')] });
  expect((await orders.where({ _id: 'b-refenced' }).get()).data).toEqual([{ _id: 'b-refenced', fencedAt: NOW - 30 * 86_400_000 }]);
  // Nothing of the page could go, and the pass says it is done: those ids hold no old fence.
  expect(await pass()).toEqual({ removed: 0, done: true });
  expect(t.cloud.db.collection(O).find({ _id: 'b-refenced' })).toEqual([{ _id: 'b-refenced', fencedAt: NOW - 60_000 }]);
  expect(t.cloud.db.collection(O).find({ _id: 'b-ordered' })).toMatchObject([{ items: [{ productId: 'p1' }] }]);
  t.cloud.replica?.catchUp();
});

it('a pass stopped by its deadline leaves the rest, and the next pass finishes it', async () => {
  await orders.add({ data: Array.from({ length: 150 }, (_, i) => ({ _id: `c-${String(i).padStart(3, '0')}`, fencedAt: NOW - 8 * 86_400_000 })) });
  t.cloud.replica?.catchUp();
  // The clock passes the deadline after the first page.
  let reads = 0;
  const first = await pass({ now: () => (++reads <= 2 ? NOW : NOW + 1), deadline: NOW });
  expect(first).toEqual({ removed: 100, done: false });
  expect(stored('c-')).toHaveLength(50);
  t.cloud.replica?.catchUp();
  expect(await pass()).toEqual({ removed: 50, done: true });
  expect(stored('c-')).toEqual([]);
});
