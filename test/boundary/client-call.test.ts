/**
 * A real mini-program call carries WeChat's injected `userInfo: {appId, openId}` in its event
 * (the local cloud injects it for `wx_client`, replacing any the client wrote). Every function a
 * client calls must serve such a call, and act for the context's OPENID whatever the event
 * claims. Before requestOf (platform-event.ts), admin, shop and dispatch's recordSubscribe
 * refused every real client call (INVALID_INPUT: unrecognised key userInfo).
 */
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
let c: IngestCloud;
const STAFF = 'o_staff';
const claim = { userInfo: { openId: 'o_victim', appId: 'wx_other_app' } };
const call = (name: string, event: Record<string, unknown>, openid: string) => c.call<Reply>(name, { ...event, ...claim }, openid);

beforeAll(async () => {
  c = await startIngestCloud(1);
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
}, 60_000);
afterAll(() => c?.close());

it('admin serves staff and knows them by the context', async () => {
  const r = await call('admin', { action: 'whoami' }, STAFF);
  expect(r).toEqual({ ok: true, data: { openid: STAFF, role: 'staff' } });
  expect((await call('admin', { action: 'whoami' }, 'o_customer')).error?.code).toBe('FORBIDDEN');
});

it('shop lists and orders for the caller', async () => {
  expect((await call('shop', { action: 'listProducts' }, 'o_buyer')).ok).toBe(true);
  const order = await call('shop', { action: 'createOrder', items: [{ productId: 'p1', quantity: 2 }] }, 'o_buyer');
  expect(order.ok).toBe(true);
  expect(c.cloud.db.collection('orders').find({}).map((o) => o.openid)).toEqual(['o_buyer']);
  expect((await call('shop', { action: 'listOrders' }, 'o_victim')).data).toEqual(expect.objectContaining({ orders: [] }));
});

it('privacy and track act for the caller', async () => {
  expect((await call('privacy', { action: 'setConsent', version: 1 }, 'o_user')).ok).toBe(true);
  expect(c.cloud.db.collection('consents').get('o_victim')).toBeNull();
  const t = await call('track', { events: [ev()] }, 'o_user');
  expect(t.data).toMatchObject({ accepted: 1 });
  expect(c.cloud.db.collection('events').count({ openid: 'o_victim' })).toBe(0);
  expect((await call('privacy', { action: 'me' }, 'o_user')).ok).toBe(true);
});

it("dispatch answers a customer's recordSubscribe from the ledger, never from the claim", async () => {
  const r = await call('dispatch', { action: 'recordSubscribe', results: [{ templateId: 'tpl1', result: 'accept' }] }, 'o_user');
  expect(r.ok).toBe(true);
  expect(r.data).toMatchObject({ ledger: 'wechat_push_only' });
  expect(c.cloud.db.collection('grants').count()).toBe(0);
});
