/**
 * Customers without an order are their own group (segments/non-buyers.ts), end to end through the
 * REAL functions and SDK on the local cloud: a visitor who only browsed (and whose client claims a
 * purchase, which track refuses) and a customer whose order the `shop` function recorded go
 * through one segment pass; the visitor is 未下单访客 (id 0) on her profile, on 我的 (worded for
 * her, no 「也常下单」), in her export, in 分群's cards, trend and CSV, among the campaign editor's
 * targets and in a campaign's reach; the buyer is in a model segment. The shop's refit counts
 * buyers only, so a shop of many visitors and few buyers does not start a refit it cannot run.
 */
import { devFetch } from '../../scripts/local-cloud/auth/sign-request';
import { browseOnlyProfiles } from '../../cloudfunctions/common/segment-refit/testing/shop-profiles';
import { NON_BUYER_SEGMENT_ID } from '../../cloudfunctions/common/segments/non-buyers';
import type { Reply } from '../helpers/reply';
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

let c: IngestCloud;
const STAFF = 'staff_demo';
const TPL = 'tpl_price_drop';
const admin = (event: Record<string, unknown>) => c.call<Reply>('admin', event, STAFF);
const view = (productId: string) => ev({ name: 'product_view', props: { productId, categoryId: 'c1' } });

beforeAll(async () => {
  c = await startIngestCloud(2);
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  for (const openid of ['visitor', 'buyer']) {
    expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, openid)).ok).toBe(true);
    expect((await c.call<Reply>('track', { events: [view('p1'), view('p2')] }, openid)).data.accepted).toBe(2);
  }
  // A client cannot make itself a buyer: purchases are the shop function's facts.
  const claim = ev({ name: 'purchase', props: { orderId: 'fake1', amountFen: 9900, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 9900 }] } });
  expect((await c.call<Reply>('track', { events: [claim] }, 'visitor')).data?.accepted ?? 0).toBe(0);
  const order = await c.call<Reply>('shop', { action: 'createOrder', items: [{ productId: 'p2', quantity: 1 }] }, 'buyer');
  expect(order.data?.facts).toBe('recorded');
  const pass = await c.call<Reply>('segment', { action: 'run' }, STAFF);
  expect(pass.error).toBeUndefined();
  expect(pass.data.status).toBe('completed');
}, 180_000);
afterAll(async () => c?.close());

describe('customers without an order', () => {
  it('the pass puts the visitor in the non-buyer group and the buyer in a model segment', () => {
    const profiles = c.cloud.db.collection('profiles');
    const visitor = profiles.get('visitor')!;
    const buyer = profiles.get('buyer')!;
    expect(visitor).toMatchObject({ segment: NON_BUYER_SEGMENT_ID, segmentName: '未下单访客', segmentPhrase: '未下单访客', segmentReasons: ['还没有在本店下过单'] });
    expect(typeof buyer.segment).toBe('number');
    expect(buyer.segment).toBeGreaterThan(NON_BUYER_SEGMENT_ID);
    const run = c.cloud.db.collection('segment_runs').find({})[0];
    expect(run.counts).toMatchObject({ [String(NON_BUYER_SEGMENT_ID)]: 1, [String(buyer.segment)]: 1 });
    expect(run.segments).toContainEqual({ id: NON_BUYER_SEGMENT_ID, name: '未下单访客', count: 1, share: 0.5 });
  });

  it('我的 words the group for her, honestly; her export names it', async () => {
    const me = (await c.call<Reply>('privacy', { action: 'me' }, 'visitor')).data;
    expect(me.segment).toMatchObject({ name: '尚未下单', reasons: ['还没有在本店下过单'] });
    expect(me.segment.explain).toContain('还没有在本店下过单');
    expect(JSON.stringify(me.segment)).not.toContain('常下单');
    const exp = (await c.call<Reply>('privacy', { action: 'exportMyData' }, 'visitor')).data;
    expect(exp.profile).toMatchObject({ segment: NON_BUYER_SEGMENT_ID, segmentName: '未下单访客' });
    expect(exp.segmentHistory).toContainEqual(expect.objectContaining({ to: NON_BUYER_SEGMENT_ID, toName: '未下单访客' }));
  });

  it('分群 counts and names it: card, catalog, trend and CSV', async () => {
    const page = await admin({ action: 'segments', refresh: true });
    expect(page.error).toBeUndefined();
    const card = page.data.segments.find((s: { id: string }) => s.id === '0');
    expect(card).toMatchObject({ size: 1 });
    expect(page.data.catalog['0']).toMatchObject({ name: '未下单访客' });
    expect(page.data.catalog['0'].explanation).toContain('还没有在本店下过单');
    // the trend's distribution is by id; the page names ids from the catalog above
    expect(page.data.trend[page.data.trend.length - 1].distribution).toMatchObject({ '0': 1 });
    const csv = await admin({ action: 'segmentsCsv' });
    expect(csv.error).toBeUndefined();
    expect(csv.data.csv).toContain('未下单访客');
  });

  it('campaigns can target it (a first-order notice): the editor offers it and the reach counts only the visitor', async () => {
    const opts = await admin({ action: 'editorOptions' });
    expect(opts.data.segments).toContainEqual(expect.objectContaining({ id: NON_BUYER_SEGMENT_ID, name: '未下单访客' }));
    const reach = await admin({ action: 'campaignAudience', segments: [NON_BUYER_SEGMENT_ID], templateId: TPL });
    expect(reach.error).toBeUndefined();
    expect(reach.data).toMatchObject({ targeted: 1, reachable: 1 });
  });
});

describe('the refit timer counts buyers', () => {
  it('600 visitors and one buyer: no refit starts (it would end in cold start on every tick)', async () => {
    const profiles = c.cloud.db.collection('profiles');
    browseOnlyProfiles(600, Date.now()).forEach((p) => profiles.insert({ ...p }));
    const res = await devFetch(c.cloud.url, c.cloud.credentials, '/dev/trigger/refit', 'POST');
    expect(res.status).toBe(200);
    const r = ((await res.json()) as { result: Reply }).result;
    expect(r.data.scheduled).toContainEqual(
      expect.objectContaining({ kind: 'refit:segmentation', start: false, reason: expect.stringContaining('本店下过单的客户 1 位') }),
    );
  });
});
