/**
 * Adversarial: the grants ledger believes WeChat, not the client. Through the real gateway, the
 * real function runtime and the real wx-server-sdk: client claims add nothing, a client cannot
 * call the push receiver, only WeChat's popup push grants (once, however often it is retried),
 * a later 拒收 stops sends, and campaign results count what WeChat says it delivered.
 */
import { devFetch } from '../../scripts/local-cloud/auth/sign-request';
import type { WxPushEvent } from '../../scripts/local-cloud/openapi/message-push';
import { campaignDoc, startFixtureCloud, STAFF, TPL, type Fixture } from '../integration/dispatch-fixtures';

jest.setTimeout(120_000);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixtureCloud();
  await fx.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  await fx.cloud.db.collection('products').insert({ _id: 'p1', name: '有机高山绿茶', priceFen: 5800, categoryId: 'tea' });
});
afterAll(() => fx?.close());

const grant = (openid: string, tpl = TPL) => fx.cloud.db.collection('grants').get(`${openid}:${tpl}`);
const available = (openid: string, tpl = TPL) => Number(grant(openid, tpl)?.available ?? 0);

/** POST to the h5 gateway as `openid` (what any browser can send). */
async function gateway(openid: string, path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${fx.cloud.url}${path}`, {
    method: 'POST',
    headers: { cookie: fx.cloud.sessionCookieFor(openid), 'content-type': 'application/json', origin: fx.cloud.url },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

function popup(openid: string, list: WxPushEvent['List'], createTime = 1_700_000_000): WxPushEvent {
  return { ToUserName: 'gh_qx0000local', FromUserName: openid, CreateTime: createTime, MsgType: 'event', Event: 'subscribe_msg_popup_event', List: list };
}

describe('grants come from WeChat, not the client', () => {
  it('33 client claims add 0 grants; one popup accept push adds exactly one', async () => {
    const who = 'o_adv_claims';
    for (let i = 0; i < 33; i++) {
      const r = await gateway(who, '/gateway/functions/dispatch', {
        action: 'recordSubscribe',
        results: [{ templateId: TPL, result: 'accept' }],
      });
      expect(r.body.result).toMatchObject({ ok: true, data: { available: { [TPL]: 0 } } });
    }
    expect(available(who)).toBe(0);
    expect(fx.cloud.subscribe.grant(who, TPL)).toBeNull(); // WeChat holds 0 as well
    // The customer answers the (h5 stand-in) popup: WeChat records it and pushes the popup event.
    const ans = await gateway(who, '/gateway/subscribe', { templateIds: [TPL], results: { [TPL]: 'accept' } });
    expect(ans.body).toMatchObject({ errMsg: 'requestSubscribeMessage:ok', [TPL]: 'accept' });
    expect(available(who)).toBe(1);
    const last = fx.cloud.push.history.at(-1)!;
    expect(last).toMatchObject({ outcome: 'success', event: { Event: 'subscribe_msg_popup_event', FromUserName: who, MsgType: 'event' } });
    expect(Array.isArray(last.event.List)).toBe(false); // one item: an object, as WeChat sends it
  });

  it('refuses a client callFunction to the receiver, even with a perfect push body', async () => {
    const who = 'o_adv_forger';
    const forged = popup(who, { TemplateId: TPL, SubscribeStatusString: 'accept', PopupScene: '0' });
    const r = await gateway(who, '/gateway/functions/wxpush', forged);
    expect(r.body.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A devtools/in-process call and a function-to-function call are not the platform's push either.
    for (const source of ['wx_devtools', 'wx_client', 'wx_trigger'] as const) {
      const out = await fx.cloud.invokeFunction('wxpush', forged, { openid: who, source });
      expect(out).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // The platform's SOURCE with somebody else's OPENID does not pass either.
    const other = await fx.cloud.invokeFunction('wxpush', forged, { openid: 'o_someone_else', source: 'wx_msgpush' });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(available(who)).toBe(0);
  });

  it('is idempotent: a retried push grants once; an array List grants per accepted item', async () => {
    const who = 'o_adv_retry';
    const ev = popup(who, { TemplateId: TPL, SubscribeStatusString: 'accept', PopupScene: '0' }, 1_700_000_100);
    for (let i = 0; i < 3; i++) expect(await fx.cloud.push.deliver(ev)).toBe('success');
    expect(available(who)).toBe(1);
    // WeChat pushes again after 5 s without an answer, while the first call may still run: the
    // same push applied concurrently still grants once.
    const again = popup('o_adv_race', { TemplateId: TPL, SubscribeStatusString: 'accept', PopupScene: '0' }, 1_700_000_150);
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => fx.cloud.push.deliver(again)));
    expect(outcomes).toEqual(['success', 'success', 'success', 'success']);
    expect(available('o_adv_race')).toBe(1);
    const many = popup(
      who,
      [
        { TemplateId: TPL, SubscribeStatusString: 'accept', PopupScene: '0' },
        { TemplateId: 'tpl_back_in_stock', SubscribeStatusString: 'reject', PopupScene: '0' },
        { TemplateId: 'tpl_order_status', SubscribeStatusString: 'accept', PopupScene: '0' },
      ],
      1_700_000_200,
    );
    expect(await fx.cloud.push.deliver(many)).toBe('success');
    expect(await fx.cloud.push.deliver(many)).toBe('success');
    expect(available(who)).toBe(2);
    expect(available(who, 'tpl_order_status')).toBe(1);
    expect(grant(who, 'tpl_back_in_stock')).toMatchObject({ available: 0, rejected: 1 });
  });

  it('a 拒收 and a popup accept in the same second block, whichever WeChat pushes first; a later accept reopens', async () => {
    const at = 1_700_000_400;
    const reject = (who: string): WxPushEvent => ({ ...popup(who, { TemplateId: TPL, SubscribeStatusString: 'reject' }, at), Event: 'subscribe_msg_change_event' });
    const accept = (who: string, t = at) => popup(who, { TemplateId: TPL, SubscribeStatusString: 'accept', PopupScene: '0' }, t);
    for (const [who, order] of [['o_adv_tie_ra', [reject, accept]], ['o_adv_tie_ar', [accept, reject]]] as const) {
      await fx.cloud.push.deliver(accept(who, at - 60)); // a grant from a minute before
      for (const ev of order) expect(await fx.cloud.push.deliver(ev(who))).toBe('success');
      expect(grant(who)).toMatchObject({ available: 0, blocked: true });
      expect(await fx.cloud.push.deliver(accept(who, at + 1))).toBe('success');
      expect(grant(who)).toMatchObject({ available: 1, blocked: false });
    }
  });

  it('answers success to events it does not handle, and changes nothing', async () => {
    const ev = { ToUserName: 'gh_qx0000local', FromUserName: 'o_adv_other', CreateTime: 1_700_000_300, MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: 'x' };
    expect(await fx.cloud.invokeFunction('wxpush', ev, { openid: 'o_adv_other', source: 'wx_msgpush' })).toBe('success');
    const bad = { ...popup('o_adv_other', [] as never), List: [] };
    expect(await fx.cloud.invokeFunction('wxpush', bad, { openid: 'o_adv_other', source: 'wx_msgpush' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(fx.cloud.db.collection('grants').find({ openid: 'o_adv_other' })).toHaveLength(0);
  });
});

describe('a campaign sends per WeChat grant and counts what WeChat delivered', () => {
  const who = 'o_adv_campaign';
  const run = () => fx.cloud.invokeFunction('dispatch', { action: 'run' }, { source: 'wx_trigger' });
  const results = async (id: string) =>
    ((await fx.cloud.invokeFunction('admin', { action: 'campaignResults', id }, { openid: STAFF, source: 'wx_client' })) as { ok: boolean; data: Json }).data;

  beforeAll(async () => {
    const now = Date.now();
    await fx.cloud.db.collection('profiles').insert({ _id: who, openid: who, rev: 1, d: {}, segment: 1, segmentName: '新客', segmentedAt: now, features: {} });
    await fx.cloud.db.collection('consents').insert({ _id: who, version: 1, granted: true, grantedAt: now, personalization: true });
  });

  it('h5 subscribe → popup push → grant → send → sent push → 已送达 counted', async () => {
    await gateway(who, '/gateway/subscribe', { templateIds: [TPL], results: { [TPL]: 'accept' } });
    expect(available(who)).toBe(1);
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c_adv_1', { segments: [], holdoutPct: 0 }));
    await run();
    await fx.cloud.push.drain();
    const row = fx.cloud.db.collection('outbox').get(`c_adv_1:${who}`) as Json;
    expect(row).toMatchObject({ status: 'sent', delivery: { code: 0, status: 'success' } });
    expect(row.msgId).toBeTruthy();
    const sentPush = fx.cloud.push.history.find((h) => h.event.Event === 'subscribe_msg_sent_event' && h.event.FromUserName === who)!;
    expect(sentPush.event.List).toMatchObject({ MsgID: row.msgId, ErrorCode: '0', ErrorStatus: 'success' });
    expect(await results('c_adv_1')).toMatchObject({ sent: 1, delivered: 1, deliveryPending: 0 });
    expect(available(who)).toBe(0);
  });

  it('a recipient sending thousands of opens is one open, and the results do not read them all', async () => {
    // push_open is the client's own claim: a modified client can send any number for the campaign.
    const at = Date.now();
    await fx.cloud.db.collection('events').insert(
      Array.from({ length: 3000 }, (_, i) => ({ _id: `${who}:open${i}`, openid: who, eventId: `open${i}`, name: 'push_open', ts: at + i, props: { campaignId: 'c_adv_1' } })),
    );
    let eventRows = 0;
    const wrapped = ['database.getDocument', 'database.aggregateDocuments'].map((action) => {
      const original = fx.cloud.registry.resolve(action)!;
      fx.cloud.registry.register(action, async (req) => {
        const out = await original(req);
        const list = (out as { body?: { data?: { list?: unknown[] } } }).body?.data?.list;
        if (req.body.collectionName === 'events' && Array.isArray(list)) eventRows += list.length;
        return out;
      });
      return [action, original] as const;
    });
    try {
      expect(await results('c_adv_1')).toMatchObject({ delivered: 1, opens: 1, openRate: 1 });
    } finally {
      for (const [action, original] of wrapped) fx.cloud.registry.register(action, original);
    }
    expect(eventRows).toBeLessThan(100);
  });

  it('a delivery WeChat reports as refused is not counted as delivered', async () => {
    await gateway(who, '/gateway/subscribe', { templateIds: [TPL], results: { [TPL]: 'accept' } });
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c_adv_2', { segments: [], holdoutPct: 0, frequencyCap: { max: 5, windowHours: 24 } }));
    await run();
    await fx.cloud.push.drain();
    const row = fx.cloud.db.collection('outbox').get(`c_adv_2:${who}`) as Json;
    // WeChat's receipt for this message says the customer refused it (a second push, later).
    const ev: WxPushEvent = {
      ToUserName: 'gh_qx0000local',
      FromUserName: who,
      CreateTime: Math.floor(Date.now() / 1000) + 5,
      MsgType: 'event',
      Event: 'subscribe_msg_sent_event',
      List: { TemplateId: TPL, MsgID: `${row.msgId}-b`, ErrorCode: '20004', ErrorStatus: 'fail:user refuse to accept the msg' },
    };
    await fx.cloud.db.collection('outbox').update({ _id: row._id }, { $set: { msgId: `${row.msgId}-b` }, $unset: { delivery: '' } });
    expect(await fx.cloud.push.deliver(ev)).toBe('success');
    expect(fx.cloud.db.collection('outbox').get(row._id)).toMatchObject({ delivery: { code: 20004 } });
    expect(await results('c_adv_2')).toMatchObject({ sent: 1, delivered: 0, undeliveredByCode: { '20004': 1 } });
  });

  it('a later 拒收 from the notice card (change event) stops further sends', async () => {
    await gateway(who, '/gateway/subscribe', { templateIds: [TPL], results: { [TPL]: 'accept' } });
    expect(available(who)).toBe(1);
    // An operator tool: an unsigned request from our own origin is refused, a signed one works.
    const anon = await fetch(`${fx.cloud.url}/dev/subscribe/reject-later`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: fx.cloud.url },
      body: JSON.stringify({ openid: who, templateIds: [TPL] }),
    });
    expect(anon.status).toBe(401);
    expect(available(who)).toBe(1);
    const r = await devFetch(fx.cloud.url, fx.cloud.credentials, '/dev/subscribe/reject-later', 'POST', { openid: who, templateIds: [TPL] });
    expect(await r.json()).toMatchObject({ ok: true, rejected: [TPL] });
    expect(fx.cloud.push.history.at(-1)!.event).toMatchObject({ Event: 'subscribe_msg_change_event', List: { TemplateId: TPL, SubscribeStatusString: 'reject' } });
    expect(grant(who)).toMatchObject({ available: 0, blocked: true });
    const sendsBefore = fx.cloud.subscribe.outbox({ touser: who }).length;
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c_adv_3', { segments: [], holdoutPct: 0 }));
    await run();
    await fx.cloud.push.drain();
    // Skipped for lack of a grant before any claim (targeting), so no outbox entry and no send.
    expect((fx.cloud.db.collection('outbox').get(`c_adv_3:${who}`) as { status?: string } | null)?.status).not.toBe('sent');
    expect(fx.cloud.subscribe.outbox({ touser: who })).toHaveLength(sendsBefore);
  });
});
