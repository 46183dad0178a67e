/**
 * Customers who never bought, through the REAL value function (esbuild bundle, real
 * wx-server-sdk) on the local cloud: the timer's refit fits the visitor part inside the version
 * (with its held-out check on the version's meta), and the scoring pass writes a never-bought
 * customer with recent carts `profiles.value` with stage 'visitor' and no churn label; the
 * buyers' figures do not count them, the snapshot counts them apart, and the customer's own 我的
 * page shows none of it.
 */
import { buyerProfile, visitorProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
const profile = (id: string) => c.cloud.db.collection('profiles').get(id) as { value?: any } | null; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  c = await startIngestCloud(2);
  Object.assign(process.env, c.cloud.sdkEnv());
  const now = Date.now();
  const profiles = c.cloud.db.collection('profiles');
  // Buyers enough for a version to ship (as value-run.test.ts), then customers who never bought:
  // one who carted in the last days, and browsers from months ago (the visitor part's rows).
  for (let i = 0; i < 15; i++)
    profiles.insert(buyerProfile(`loyal${i}`, now, Array.from({ length: 20 }, (_, k) => 1 + i + 15 * k), { fen: 20000 }));
  for (let i = 0; i < 15; i++)
    profiles.insert(buyerProfile(`quiet${i}`, now, [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], { fen: 15000 }));
  for (let i = 0; i < 12; i++) profiles.insert(buyerProfile(`once${i}`, now, [20 + 25 * i], { fen: 9900 }));
  profiles.insert(visitorProfile('carter', now, [3, 2, 1], { cart: true }));
  for (let i = 0; i < 20; i++) profiles.insert(visitorProfile(`looker${i}`, now, [150 + 5 * i, 148 + 5 * i]));
  await c.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

it('a never-bought customer with recent carts gets first-purchase predictions (stage visitor, no churn label)', async () => {
  let scored = false;
  for (let i = 0; i < 30 && !scored; i++) {
    const r = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
    scored = r.data.score?.status === 'succeeded' && profile('loyal0')?.value?.version !== undefined;
  }
  expect(scored).toBe(true);
  const serving = (c.cloud.db.collection('model_pointers').get('value') as { serving: string }).serving;
  const v = profile('carter')!.value;
  expect(v).toMatchObject({ stage: 'visitor', version: serving });
  expect(v).not.toHaveProperty('churnRisk');
  expect(v).not.toHaveProperty('churnReason');
  expect(v.pActive).toBeGreaterThanOrEqual(0);
  expect(v.pActive).toBeLessThanOrEqual(1);
  expect(profile('looker0')!.value).toMatchObject({ stage: 'visitor', version: serving });
  // Buyers keep their shape: no stage marker, a churn label.
  expect(profile('loyal0')!.value).not.toHaveProperty('stage');
  expect(['low', 'medium', 'high']).toContain(profile('loyal0')!.value.churnRisk);
  // The version records the visitor part and its held-out check; this shop has no first purchase
  // by a browser, so the visitor part is the base rate (trees need ≥ 40 first purchases).
  const doc = c.cloud.db.collection('model_versions').find({ model: 'value', version: serving })[0] as {
    meta: { visitorCheck: { serve: string; heldOut: number } };
    dataWindow: { n: number };
  };
  expect(doc.dataWindow.n).toBe(42);
  expect(doc.meta.visitorCheck).toMatchObject({ serve: 'base', heldOut: 20 });
  const snap = c.cloud.db.collection('value_snapshots').find({})[0] as {
    buyers: number;
    visitors: { customers: number; purchases90d: number; expected90dFen: number };
  };
  expect(snap.buyers).toBe(42);
  expect(snap.visitors.customers).toBe(21);
  // The admin 客户价值 page gets the visitors' figures and how they are made.
  const page = await c.call<Reply>('admin', { action: 'valueOverview' }, 'staff_demo');
  expect(page.error).toBeUndefined();
  expect(page.data.latest.visitors).toEqual(snap.visitors);
  expect(page.data.serving.visitorCheck).toMatchObject({ serve: 'base', heldOut: 20 });
  // The customer's own 我的 page tells them nothing of it.
  const me = await c.call<Reply>('privacy', { action: 'me' }, 'carter');
  expect(me.error).toBeUndefined();
  const text = JSON.stringify(me.data);
  for (const word of ['visitor', 'stage', 'pActive', 'spend90d', 'purchases90d', '首购', '访客', '未购买'])
    expect(text).not.toContain(word);
}, 300_000);
