/**
 * A real mini-program call carries WeChat's injected `userInfo: {appId, openId}` in its event
 * (the local cloud injects it for `wx_client`, replacing any the client wrote). Every function a
 * client calls must serve such a call, and act for the context's OPENID whatever the event
 * claims. Before requestOf (platform-event.ts), admin, shop and dispatch's recordSubscribe
 * refused every real client call (INVALID_INPUT: unrecognised key userInfo).
 */
import fc from 'fast-check';
import { dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, isRefusal, Tally } from '../helpers/boundary-fuzz';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
const STAFF = 'o_staff';
const claim = { userInfo: { openId: 'o_victim', appId: 'wx_other_app' } };
const call = (name: string, event: Record<string, unknown>, openid: string) => c.call<Reply>(name, { ...event, ...claim }, openid);

beforeAll(async () => {
  c = await startIngestCloud(1);
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
});
afterAll(() => c?.close());

it('admin serves staff and knows them by the context', async () => {
  const r = await call('admin', { action: 'whoami' }, STAFF);
  expect(r).toEqual({ ok: true, data: { openid: STAFF, role: 'staff' } });
  expect((await call('admin', { action: 'whoami' }, 'o_customer')).error?.code).toBe('FORBIDDEN');
});

it('shop lists and orders for the caller', async () => {
  // The orders this call adds (the gateway test below stores orders too, and may run first).
  const orders = c.cloud.db.collection('orders');
  const had = new Set(orders.find({}, { limit: 1000 }).map((o) => o._id));
  expect((await call('shop', { action: 'listProducts' }, 'o_buyer')).ok).toBe(true);
  const order = await call('shop', { action: 'createOrder', items: [{ productId: 'p1', quantity: 2 }] }, 'o_buyer');
  expect(order.ok).toBe(true);
  expect(orders.find({}, { limit: 1000 }).filter((o) => !had.has(o._id)).map((o) => o.openid)).toEqual(['o_buyer']);
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
  const grants = c.cloud.db.collection('grants').count();
  const r = await call('dispatch', { action: 'recordSubscribe', results: [{ templateId: 'tpl1', result: 'accept' }] }, 'o_user');
  expect(r.ok).toBe(true);
  expect(r.data).toMatchObject({ ledger: 'wechat_push_only' });
  expect(c.cloud.db.collection('grants').count()).toBe(grants);
});

describe('through the h5 gateway (the local route a client uses)', () => {
  const targets = {
    shop: { actions: ['listProducts', 'createOrder', 'listOrders'], valid: [{ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }] }, { action: 'listOrders' }] },
    privacy: { actions: ['getConsent', 'setConsent', 'exportMyData', 'me'], valid: [{ action: 'setConsent', version: 1 }, { action: 'me' }] },
    track: { actions: [], valid: [{ events: [ev()] }] },
    admin: { actions: ['whoami', 'overview'], valid: [{ action: 'whoami' }] },
  } as const;
  const CODES = ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_ACTION', 'NOT_FOUND', 'CONFLICT', 'CONSENT_REQUIRED', 'FORBIDDEN'] as const;

  it('answers any body with a function answer (success or a declared code) or a transport refusal, and a refusal writes nothing', async () => {
    const seen = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(targets) as Array<keyof typeof targets>)).chain((fn) => hostileEvent({ actions: [...targets[fn].actions], valid: targets[fn].valid.map((v) => ({ ...v })) }).map((e) => [fn, e] as const)),
        fc.constantFrom({}, { userInfo: { openId: 'o_victim' } }, { openid: 'o_victim' }),
        async ([fn, raw], claim) => {
          const event = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, ...claim } : raw;
          const before = dbFingerprint(c.cloud);
          const res = await fetch(`${c.cloud.url}/gateway/functions/${fn}`, { method: 'POST', headers: c.cloud.browserHeaders('o_gateway'), body: JSON.stringify(event) });
          const body = (await res.json()) as { result?: unknown; error?: { code: string } };
          if (res.status !== 200) {
            // The gateway's own refusals (body too large or too deep, not an object): nothing reaches the function.
            expect([400, 413]).toContain(res.status);
            seen.add({ ok: false, error: { code: `HTTP ${res.status} ${body.error?.code}` } });
            expect(dbFingerprint(c.cloud)).toBe(before);
            return;
          }
          const reply = seen.add(body.result);
          expectDeclaredAnswer(reply, CODES);
          if (isRefusal(reply)) expect(dbFingerprint(c.cloud)).toBe(before);
          // The session's user, never one named in the body: no order or consent appears for anyone else.
          expect(c.cloud.db.collection('orders').count({ openid: 'o_victim' })).toBe(0);
          expect(c.cloud.db.collection('consents').get('o_victim')).toBeNull();
        },
      ),
      { numRuns: fuzzRuns(80) },
    );
    console.info(`[boundary/gateway] ${seen}`);
    expect(seen.counts.ok).toBeGreaterThan(0);
  }, 120_000);
});
