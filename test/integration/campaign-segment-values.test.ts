/**
 * The customer's segment in a subscribe message, end to end on the full local cloud: the REAL
 * segment function names real profiles (segmentName, segmentPhrase), staff save a 到货提醒
 * campaign through the admin function, and the dispatcher's sends reach WeChat's side (the
 * emulator applies WeChat's own field rules) with no 47003, every segment value in the CUSTOMER's
 * wording (好久不见, 老朋友 …), never staff's name (沉睡/流失风险 …).
 */
import { customerWording, CUSTOMER_WORDING } from '../../cloudfunctions/common/segments/customer-wording';
import { buyerProfile } from '../helpers/profiles';
import { WX_OUTBOX } from '../../scripts/local-cloud/openapi/wx-state';
import { startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';

/** A buyer profile built by the real reducer (see test/helpers/profiles). */
const profile = (id: string, now: number, buysDaysAgo: number[], fen: number) =>
  buyerProfile(id, now, buysDaysAgo, { fen, productId: 'p1', categoryId: 'tea' }) as unknown as Record<
    string,
    unknown
  >;

jest.setTimeout(120_000);

import type { Reply } from '../helpers/reply';
const TPL = 'tpl_back_in_stock';
let fx: Fixture;

const ids = Array.from({ length: 12 }, (_, i) => `sv${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  fx = await startFixtureCloud();
  const db = fx.cloud.db;
  const now = Date.now();
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  await db
    .collection('products')
    .insert({ _id: 'p1', name: '有机高山绿茶', priceFen: 5800, categoryId: 'tea' });
  await db
    .collection('profiles')
    .insert(
      ids.map((id, i) =>
        i % 3 === 0
          ? profile(id, now, [1, 5, 12, 30, 60], 30000)
          : i % 3 === 1
            ? profile(id, now, [320 + i], 900)
            : profile(id, now, [3], 4000),
      ),
    );
  await db
    .collection('consents')
    .insert(ids.map((id) => ({ _id: id, version: 1, granted: true, grantedAt: now, personalization: true })));
  for (const id of ids) {
    // WeChat registers the grant and pushes the popup event; wxpush puts it in our ledger.
    await fx.cloud.subscribe.registerGrants(id, { [TPL]: 'accept' });
  }
  const seg = (await fx.cloud.invokeFunction(
    'segment',
    { action: 'run' },
    { openid: STAFF, source: 'wx_client' },
  )) as Reply;
  expect(seg.data?.status).toBe('completed');
});
afterAll(() => fx?.close());

const admin = (event: unknown) =>
  fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;
const campaign = (data: Record<string, unknown>) => ({
  name: '绿茶到货提醒',
  kind: 'back_in_stock',
  segments: [],
  templateId: TPL,
  productId: 'p1',
  data: {
    thing1: { from: 'product', field: 'name' },
    number3: { from: 'text', value: '20' },
    time4: { from: 'sendTime', format: 'time' },
    ...data,
  },
  page: 'pages/product/index?id=p1',
  schedule: { kind: 'now' },
  quietHours: null,
  holdoutPct: 0,
});

describe('segment values in subscribe messages', () => {
  it("sends the customer's wording of their segment to phrase and thing keys; WeChat accepts every one", async () => {
    const saved = await admin({
      action: 'campaignSave',
      campaign: campaign({
        phrase2: { from: 'profile', field: 'segmentPhrase' },
        thing5: { from: 'profile', field: 'segmentName' },
      }),
    });
    expect(saved.error).toBeUndefined();
    const d = await admin({ action: 'campaignDispatch', id: saved.data._id });
    expect(d.ok).toBe(true);
    const wx = fx.cloud.db.collection(WX_OUTBOX).find({}, { limit: 1000 }) as Array<{
      touser: string;
      errcode: number;
      data: Record<string, { value: string }>;
    }>;
    expect(wx.map((e) => e.errcode).filter((c) => c !== 0)).toEqual([]);
    expect(wx.map((e) => e.touser).sort()).toEqual(ids);
    const names = new Set<string>();
    for (const e of wx) {
      const p = fx.cloud.db.collection('profiles').get(e.touser)!;
      const wording = customerWording({ phrase: p.segmentPhrase, name: p.segmentName }).name;
      expect([e.data.phrase2.value, e.data.thing5.value]).toEqual([wording, wording]);
      names.add(wording);
    }
    expect(names.size).toBeGreaterThan(1);
    const staffWords = /流失|风险|沉睡|差评|敏感|高价值/;
    expect(wx.flatMap((e) => [e.data.phrase2.value, e.data.thing5.value]).filter((v) => staffWords.test(v))).toEqual([]);
    const customerNames = Object.values(CUSTOMER_WORDING).map((w) => w.name);
    expect([...names].filter((n) => !customerNames.includes(n))).toEqual([]);
    const ours = fx.cloud.db.collection('outbox').find({ campaignId: saved.data._id }, { limit: 1000 });
    expect(ours.filter((o) => o.status !== 'sent')).toEqual([]);
  });
});
