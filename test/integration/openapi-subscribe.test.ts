/**
 * subscribeMessage.send through the REAL `cloud.openapi.subscribeMessage.send` of a fixture
 * function: one send per one-time grant, 43101 without quota, 47003 for a value that breaks its
 * field rule, 41030 for a page that is not in the mini program, 40003 for an unknown openid, 40037
 * for an unknown template, every attempt in the outbox.
 */
import { adminFetch, devFetch } from '../../scripts/local-cloud';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

type SendOut = { ok: boolean; res?: { errCode: number; errMsg: string; msgid?: string }; errCode?: number; errMsg?: string };

let fc: FixtureCloud;
beforeAll(async () => {
  fc = await startFixtureCloud();
});
afterAll(() => fc?.close());

const priceDrop = (touser: string, over: Record<string, string> = {}) => ({
  touser,
  templateId: 'tpl_price_drop',
  page: 'pages/product/index?id=p1',
  miniprogramState: 'developer',
  data: {
    thing1: { value: over.thing1 ?? '有机高山绿茶 250g' },
    amount2: { value: over.amount2 ?? '￥58.00' },
    amount3: { value: '￥72.00' },
    thing4: { value: '您关注的商品已降价' },
  },
});

const send = (payload: unknown) => fc.cloud.invokeFunction('notify', payload, { source: 'wx_trigger' }) as Promise<SendOut>;

it('delivers once per one-time grant, then answers 43101', async () => {
  await fc.cloud.subscribe.registerGrants('o_alice', { tpl_price_drop: 'accept' });
  const first = await send(priceDrop('o_alice'));
  expect(first.ok).toBe(true);
  expect(first.res).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
  const second = await send(priceDrop('o_alice'));
  expect(second).toMatchObject({ ok: false, errCode: 43101 });
  expect(second.errMsg).toMatch(/user refuse to accept the msg/);
  expect(fc.cloud.subscribe.grant('o_alice', 'tpl_price_drop')).toMatchObject({ available: 0, accepted: 1 });
});

it('counts grants: two accepts allow two sends; a reject adds none', async () => {
  await fc.cloud.subscribe.registerGrants('o_bob', { tpl_price_drop: 'accept' });
  await fc.cloud.subscribe.registerGrants('o_bob', { tpl_price_drop: 'accept' });
  await fc.cloud.subscribe.registerGrants('o_bob', { tpl_price_drop: 'reject' });
  expect((await send(priceDrop('o_bob'))).ok).toBe(true);
  expect((await send(priceDrop('o_bob'))).ok).toBe(true);
  expect((await send(priceDrop('o_bob'))).errCode).toBe(43101);
});

it('refuses a value that breaks its field rule with 47003 and keeps the grant', async () => {
  await fc.cloud.subscribe.registerGrants('o_carol', { tpl_price_drop: 'accept' });
  const long = await send(priceDrop('o_carol', { thing1: '这是一个超过二十个字符的商品名称，肯定会被微信拒绝' }));
  expect(long).toMatchObject({ ok: false, errCode: 47003 });
  expect(long.errMsg).toMatch(/data\.thing1\.value is longer than 20 characters/);
  const amount = await send(priceDrop('o_carol', { amount2: '五十八元' }));
  expect(amount.errCode).toBe(47003);
  expect(fc.cloud.subscribe.grant('o_carol', 'tpl_price_drop')?.available).toBe(1);
});

it('refuses a page that is not in the mini program with 41030 and keeps the grant (the reference: 现网版本小程序中存在)', async () => {
  await fc.cloud.subscribe.registerGrants('o_erin', { tpl_price_drop: 'accept' });
  const typo = await send({ ...priceDrop('o_erin'), page: 'pages/products/index?id=p1' });
  expect(typo).toMatchObject({ ok: false, errCode: 41030 });
  expect(typo.errMsg).toMatch(/"pages\/products\/index" is not a page of the mini program/);
  const slash = await send({ ...priceDrop('o_erin'), page: '/pages/product/index' });
  expect(slash.errCode).toBe(41030);
  expect(fc.cloud.subscribe.grant('o_erin', 'tpl_price_drop')?.available).toBe(1);
  // A subpackage page is a page of the app too.
  expect((await send({ ...priceDrop('o_erin'), page: 'admin/overview/index' })).ok).toBe(true);
});

it("with subscribePage 'any' delivers to any page (the unchecked reading, for debugging)", async () => {
  const lax = await startFixtureCloud({ subscribePage: 'any' });
  try {
    await lax.cloud.subscribe.registerGrants('o_erin', { tpl_price_drop: 'accept' });
    const out = (await lax.cloud.invokeFunction('notify', { ...priceDrop('o_erin'), page: 'pages/products/index' }, { source: 'wx_trigger' })) as SendOut;
    expect(out.ok).toBe(true);
  } finally {
    await lax.close();
  }
});

it('answers 40003 for an openid that is not a user of the app and 40037 for an unknown template', async () => {
  const stranger = await send(priceDrop('o_never_seen'));
  expect(stranger).toMatchObject({ ok: false, errCode: 40003 });
  await fc.cloud.subscribe.registerGrants('o_frank', { tpl_price_drop: 'accept' });
  const tpl = await send({ ...priceDrop('o_frank'), templateId: 'tpl_nope' });
  expect(tpl).toMatchObject({ ok: false, errCode: 40037 });
});

it('refuses a function that does not declare the openapi permission', async () => {
  const out = (await fc.cloud.invokeFunction('noperm', priceDrop('o_alice'))) as SendOut;
  expect(out.ok).toBe(false);
  expect(out.errCode).toBe(-604101);
});

it('races: concurrent sends never spend one grant twice', async () => {
  await fc.cloud.subscribe.registerGrants('o_dave', { tpl_price_drop: 'accept' });
  const outs = await Promise.all([1, 2, 3].map(() => send(priceDrop('o_dave'))));
  expect(outs.filter((o) => o.ok)).toHaveLength(1);
  expect(outs.filter((o) => o.errCode === 43101)).toHaveLength(2);
});

it('lists every attempt in the outbox (JSON and page)', async () => {
  // Its own attempts: refused for a value (47003, the grant kept), delivered, then without quota
  // (43101); a function without the openapi permission never reaches WeChat.
  await fc.cloud.subscribe.registerGrants('o_olga', { tpl_price_drop: 'accept' });
  expect((await send(priceDrop('o_olga', { thing1: '这是一个超过二十个字符的商品名称，肯定会被微信拒绝' }))).errCode).toBe(47003);
  expect((await send(priceDrop('o_olga'))).ok).toBe(true);
  expect((await send(priceDrop('o_olga'))).errCode).toBe(43101);
  expect(((await fc.cloud.invokeFunction('noperm', priceDrop('o_olga'))) as SendOut).errCode).toBe(-604101);
  const res = await devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/outbox.json?limit=1000');
  const { entries } = (await res.json()) as { entries: Array<{ touser: string; errcode: number; fromFunction: string | null; rendered: string | null }> };
  const mine = entries.filter((e) => e.touser === 'o_olga');
  expect(mine.map((e) => e.errcode).sort()).toEqual([0, 43101, 47003]);
  expect(mine.every((e) => e.fromFunction === 'notify')).toBe(true);
  expect(mine.find((e) => e.errcode === 0)?.rendered).toContain('【降价提醒】');
  const page = await (await devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/outbox')).text();
  expect(page).toContain('订阅消息发件箱');
  expect(page).toContain('o_olga');
});

it('answers malformed wx.openApi requests with errors instead of failing', async () => {
  const post = (fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === 'string') form.append(k, v);
      else form.append(k, v, 'requestData');
    }
    return adminFetch(fc.cloud.url, fc.cloud.credentials, form);
  };
  const garbage = await post({ action: 'wx.openApi', apiName: 'subscribeMessage.send', requestData: new Blob([Buffer.from([0xff, 0xff, 0xff, 0x01])]) });
  expect(garbage.status).toBe(200);
  const { decodeOpenApiResponseJson } = await import('./openapi-wire');
  expect(decodeOpenApiResponseJson(Buffer.from(await garbage.arrayBuffer()))).toMatchObject({ errcode: 47001 });
  const missing = await post({ action: 'wx.openApi', apiName: 'subscribeMessage.send' });
  expect(await missing.json()).toMatchObject({ code: 'INVALID_PARAM' });
  const other = await post({ action: 'wx.openApi', apiName: 'wxacode.get', requestData: new Blob([Buffer.alloc(0)]) });
  expect(decodeOpenApiResponseJson(Buffer.from(await other.arrayBuffer()))).toMatchObject({ errcode: 48001 });
});
