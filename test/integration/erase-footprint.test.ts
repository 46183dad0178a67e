/**
 * PIPL art. 45/47 through the REAL functions and SDK: one customer leaves a footprint through
 * every path a customer can (consent, tracked views and a review, an order through `shop`, a
 * subscribe grant pushed by WeChat, a campaign notice, a segment pass, the value, sentiment and
 * segmentation refits, a full rebuild), exports it, deletes it — and then EVERY collection and
 * EVERY stored file of the cloud (gzip unpacked) is scanned for their openid and their review
 * text. What remains must be on the allow-list below, each with its reason; the export must
 * cover every collection the scan found them in before the deletion (and say what it cannot
 * hand over: training intermediates, which the deletion purges).
 */
import { campaignDoc, TPL } from './dispatch-fixtures';
import { buyerProfile } from '../helpers/profiles';
import { describeFindings, scanCollections, scanStorage, unexplained, type Allowed, type Finding } from '../helpers/footprint';
import { ev, startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(300_000);
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const STAFF = 'staff_demo';
const ERIN = 'erin_footprint';
const REVIEW = '这款茶叶香气独特回甘明显艾琳专属评语';
const MARKS = [ERIN, REVIEW];
let c: IngestCloud;
const call = (fn: string, event: unknown, openid?: string, source?: 'wx_client' | 'wx_trigger') =>
  c.call<Reply>(fn, event, openid, source);

/** Ticks a refit kind (as staff, through the refit or value function) until its run ends. */
async function refitToEnd(model: 'value' | 'sentiment' | 'segmentation'): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect((await call('admin', { action: 'modelRefit', model }, STAFF)).error).toBeUndefined();
  const kind = `refit:${model}`;
  const deadline = Date.now() + 4 * 60_000;
  let run: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  while (Date.now() < deadline) {
    [run] = c.cloud.db.collection('job_runs').find({ kind }).sort((a, b) => Number(b.createdAt) - Number(a.createdAt));
    if (run && run.status !== 'running') return run;
    const r =
      model === 'value'
        ? await call('value', { action: 'refit' }, STAFF)
        : await call('refit', { action: 'tick', kind }, STAFF);
    expect(r.error).toBeUndefined();
    if (r.data?.status === 'busy') await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${kind} did not end`);
}

/** Other customers: enough buyers and rated reviews that every refit reads a real shop. */
async function seedShop(now: number): Promise<void> {
  const profiles = c.cloud.db.collection('profiles');
  for (let i = 0; i < 40; i++)
    await profiles.insert(
      buyerProfile(`other${String(i).padStart(2, '0')}`, now, [3 + i, 40 + i, 90 + 2 * i], { fen: 10000 + 500 * i }),
    );
  const events = c.cloud.db.collection('events');
  const docs = Array.from({ length: 320 }, (_, i) => ({
    _id: `other${i % 40}:rv${i}`,
    openid: `other${String(i % 40).padStart(2, '0')}`,
    name: 'review_submit',
    ts: now - 3_600_000 - i * 1000,
    props: { productId: 'p1', text: i % 2 ? `很好很满意${i}` : `太差了失望${i}`, rating: i % 2 ? 5 : 1 },
  }));
  await events.insert(docs);
}

/** Every path a customer's data can take. */
async function footprint(): Promise<void> {
  expect((await call('privacy', { action: 'setConsent', version: 1 }, ERIN)).ok).toBe(true);
  const tracked = await call(
    'track',
    {
      events: [
        ev(),
        ev({ name: 'review_submit', props: { productId: 'p1', categoryId: 'c1', text: REVIEW, rating: 5 } }),
      ],
    },
    ERIN,
  );
  expect(tracked.data.accepted).toBe(2);
  // A purchase history older than today (a trusted import) so the value refit has a buyer to fit.
  const DAY = 86_400_000;
  const buy = (d: number) =>
    ev({
      name: 'purchase',
      clientTs: Date.now() - d * DAY,
      props: { orderId: `h${d}`, amountFen: 9900, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 9900 }] },
    });
  expect((await c.importAs<Reply>(ERIN, [buy(20), buy(60), buy(120)])).data.accepted).toBe(3);
  const order = await call('shop', { action: 'createOrder', items: [{ productId: 'p2', quantity: 1 }] }, ERIN);
  expect(order.data?.facts).toBe('recorded');
  // WeChat's popup push (wxpush) is the only source of a grant.
  await c.cloud.subscribe.registerGrants(ERIN, { [TPL]: 'accept' }, { push: true });
  await c.cloud.push.drain();
  expect(c.cloud.db.collection('grants').get(`${ERIN}:${TPL}`)).toMatchObject({ available: 1 });
  expect((await call('segment', { action: 'run' }, STAFF)).ok).toBe(true);
  const seg = c.cloud.db.collection('profiles').get(ERIN) as { segment: number };
  await c.cloud.db.collection('campaigns').insert(campaignDoc('camp1', { segments: [seg.segment], holdoutPct: 0 }));
  expect((await call('dispatch', { action: 'run' }, STAFF)).ok).toBe(true);
  await c.cloud.push.drain(); // WeChat's "sent" push: the delivery record
  expect(c.cloud.db.collection('outbox').count({ openid: ERIN, status: 'sent' })).toBe(1);
  await refitToEnd('value');
  await refitToEnd('sentiment');
  await refitToEnd('segmentation');
  let r = await call('rebuild', { action: 'start', horizonDays: null }, undefined, 'wx_trigger');
  for (let i = 0; i < 10 && r.ok && r.data.full.state === 'running'; i++)
    r = await call('rebuild', {}, undefined, 'wx_trigger');
  expect(r.ok).toBe(true);
}

/** What may remain after the deletion, and why (each also handed over by the export). */
const ALLOWED: Allowed[] = [
  {
    reason: 'orders: transaction records the merchant must keep by law (PIPL art. 47 exception); in the export',
    matches: (f) => f.kind === 'db' && f.where === 'orders' && f.doc?.openid === ERIN,
  },
  {
    reason: 'outbox: proof of the notices sent, and what keeps a campaign from sending twice; in the export',
    matches: (f) => f.kind === 'db' && f.where === 'outbox' && f.doc?.openid === ERIN,
  },
  {
    reason: 'consents: the consent choice itself (deleteMyData keeps it, PIPL art. 15), with the erasure time; in the export',
    matches: (f) => f.kind === 'db' && f.where === 'consents' && f.id === ERIN,
  },
];

/** The export's key for a collection the scan found the customer in. */
const EXPORT_KEY: Record<string, string> = {
  events: 'events',
  profiles: 'profile',
  consents: 'consent',
  grants: 'grants',
  orders: 'orders',
  outbox: 'outbox',
  segment_history: 'segmentHistory',
  dead_letters: 'deadLetters',
  subscribe_pushes: 'subscribePushes',
};

let before: Finding[] = [];
let exported: any; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  c = await startStaffCloud(STAFF, 3);
  await c.cloud.db.collection('products').update({ _id: 'p2' }, { $set: { stock: 10, priceFen: 4200 } });
  await seedShop(Date.now());
  await footprint();
  before = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  exported = (await call('privacy', { action: 'exportMyData' }, ERIN)).data;
  const del = await call('privacy', { action: 'deleteMyData' }, ERIN);
  expect(del.ok).toBe(true);
}, 600_000);
afterAll(async () => c?.close());

it('the footprint reached every store the paths write', () => {
  const where = new Set(before.map((f) => (f.kind === 'db' ? f.where : f.where.split('/')[0])));
  for (const w of ['events', 'profiles', 'consents', 'grants', 'orders', 'outbox', 'subscribe_pushes', 'segment_history'])
    expect([w, where.has(w)]).toEqual([w, true]);
  // Stored files: the refits' intermediates carry the openid, and the sentiment refit's the text.
  const files = before.filter((f) => f.kind === 'file');
  expect(files.some((f) => f.marks.includes(ERIN))).toBe(true);
  expect(files.some((f) => f.marks.includes(REVIEW))).toBe(true);
});

it('after deleteMyData only allow-listed data remains, each with its reason', () => {
  const after = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  expect(describeFindings(unexplained(after, ALLOWED))).toEqual([]);
  // The review text is nowhere, not even pseudonymised.
  expect(describeFindings(after.filter((f) => f.marks.includes(REVIEW)))).toEqual([]);
});

it('the export covers every collection the customer was found in and says what it cannot hand over', () => {
  for (const f of before.filter((x) => x.kind === 'db')) {
    const key = EXPORT_KEY[f.where];
    if (key) {
      const part = exported[key];
      expect([f.where, JSON.stringify(part ?? null).includes(String(f.id))]).toEqual([f.where, true]);
    } else {
      // Not the customer's own record (a job's intermediate, say): the export must name the store.
      expect([f.where, exported.notices.some((n: { store: string }) => n.store === f.where)]).toEqual([f.where, true]);
    }
  }
  if (before.some((f) => f.kind === 'file'))
    expect(exported.notices.some((n: { store: string }) => n.store === 'storage')).toBe(true);
});
