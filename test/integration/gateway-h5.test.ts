/**
 * The h5 gateway and dev sign-in: identity only from the signed session cookie, never from the
 * payload; subscribe prompts register one-time grants; static h5 with SPA fallback; bad input
 * gets clear errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let fc: FixtureCloud;
let h5: string;
beforeAll(async () => {
  h5 = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-h5-'));
  fs.mkdirSync(path.join(h5, 'js'));
  fs.writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>h5 app</title>');
  fs.writeFileSync(path.join(h5, 'js', 'app.js'), 'console.log(1)');
  fc = await startFixtureCloud({ h5Dir: h5 });
  await fc.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
  await fc.cloud.db.collection('consents').insert({ _id: 'o_seeded', version: 1, granted: true });
  await fc.cloud.db.collection('profiles').insert({ _id: 'o_grouped', openid: 'o_grouped', segment: 2, segmentName: '活跃买家' });
});
afterAll(async () => {
  await fc?.close();
  fs.rmSync(h5, { recursive: true, force: true });
});

const url = (p: string) => `${fc.cloud.url}${p}`;

async function signIn(openid: string): Promise<string> {
  const res = await fetch(url('/dev/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: fc.cloud.url },
    body: new URLSearchParams({ openid, next: '/pages/index/index' }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/pages/index/index');
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^qx_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  return setCookie.split(';')[0];
}

const call = (name: string, body: string, cookie?: string) =>
  fetch(url(`/gateway/functions/${name}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: fc.cloud.url, ...(cookie ? { cookie } : {}) },
    body,
  });

it('refuses a call without a session (401 envelope), or with a forged one', async () => {
  const res = await call('echo', '{}');
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ errCode: 401, error: { code: 'UNAUTHENTICATED' } });
  const forged = Buffer.from(JSON.stringify({ openid: 'staff_demo', iat: Date.now() })).toString('base64url');
  expect((await call('echo', '{}', `qx_session=${forged}.AAAA`)).status).toBe(401);
});

it('takes the identity from the session and ignores openid in the payload', async () => {
  const cookie = await signIn('o_gw_user');
  const res = await call('echo', JSON.stringify({ openid: 'staff_demo', OPENID: 'staff_demo', userInfo: { openId: 'staff_demo' }, q: 1 }), cookie);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { event: Record<string, unknown>; ctx: Record<string, unknown> }; requestID: string; errMsg: string };
  expect(body.errMsg).toBe('cloud.callFunction:ok');
  expect(body.requestID).toEqual(expect.any(String));
  expect(body.result.ctx).toMatchObject({ OPENID: 'o_gw_user', SOURCE: 'wx_client' });
  // WeChat injects userInfo into a client call's event, replacing the client's own (invocation-env.ts).
  expect(body.result.event).toEqual({ openid: 'staff_demo', OPENID: 'staff_demo', q: 1, userInfo: { appId: body.result.ctx.APPID, openId: 'o_gw_user' } });
  expect(body.result.ctx.APPID).toEqual(expect.any(String));
  const me = await fetch(url('/gateway/session'), { headers: { cookie } });
  expect(await me.json()).toMatchObject({ openid: 'o_gw_user' });
});

it('answers bad requests with clear errors and keeps serving', async () => {
  const cookie = await signIn('o_gw_user');
  const bad = await call('echo', '{not json', cookie);
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  expect((await call('echo', '[1,2]', cookie)).status).toBe(400);
  expect((await call('nope', '{}', cookie)).status).toBe(404);
  expect((await call('..%2F..%2Fetc', '{}', cookie)).status).toBe(400);
  expect((await call('%E0%A4%A', '{}', cookie)).status).toBe(400);
  expect((await fetch(url('/gateway/functions/echo'), { method: 'GET' })).status).toBe(404);
  const timeout = await call('slow', JSON.stringify({ ms: 5000 }), cookie);
  expect(timeout.status).toBe(504);
  const badLogin = await fetch(url('/dev/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: fc.cloud.url },
    body: 'openid=%3Cscript%3E',
  });
  expect(badLogin.status).toBe(400);
  expect(await badLogin.text()).not.toContain('<script>');
  expect((await call('echo', '{}', cookie)).status).toBe(200);
});

it('registers one-time grants from the subscribe stand-in', async () => {
  const cookie = await signIn('o_gw_sub');
  const post = (body: unknown) =>
    fetch(url('/gateway/subscribe'), { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: fc.cloud.url }, body: JSON.stringify(body) });
  const res = await post({ templateIds: ['tpl_price_drop', 'tpl_order_status', 'tpl_x'], results: { tpl_price_drop: 'accept', tpl_order_status: 'reject' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ errMsg: 'requestSubscribeMessage:ok', tpl_price_drop: 'accept', tpl_order_status: 'reject', tpl_x: 'filter' });
  expect(fc.cloud.subscribe.grant('o_gw_sub', 'tpl_price_drop')).toMatchObject({ available: 1, accepted: 1 });
  expect(fc.cloud.subscribe.grant('o_gw_sub', 'tpl_order_status')).toMatchObject({ available: 0, rejected: 1 });
  const tooMany = await post({ templateIds: ['a', 'b', 'c', 'd'], results: {} });
  expect(tooMany.status).toBe(400);
  expect(await tooMany.json()).toMatchObject({ errCode: 20003 });
  expect((await post({ templateIds: [] })).status).toBe(400);
  expect((await post({ templateIds: ['tpl_price_drop'], results: { tpl_price_drop: 'yes' } })).status).toBe(400);
  const anon = await fetch(url('/gateway/subscribe'), { method: 'POST', headers: fc.cloud.browserHeaders(), body: '{}' });
  expect(anon.status).toBe(401);
  // The granted user can now receive one message.
  const sent = (await fc.cloud.invokeFunction('notify', {
    touser: 'o_gw_sub',
    templateId: 'tpl_price_drop',
    data: { thing1: { value: '绿茶' }, amount2: { value: '58元' }, amount3: { value: '72元' }, thing4: { value: '已降价' } },
  })) as { ok: boolean };
  expect(sent.ok).toBe(true);
});

it('lists staff and seeded customers on the sign-in page and signs out', async () => {
  const page = await (await fetch(url('/dev/login'))).text();
  expect(page).toContain('开发登录');
  expect(page).toContain('商家员工');
  expect(page).toContain('staff_demo');
  expect(page).toContain('o_seeded');
  // Notes in the page's words: the role and a segmented customer's segment by name.
  expect(page).toContain('角色：员工');
  expect(page).not.toContain('角色：staff');
  expect(page).toContain('分群：活跃买家');
  const out = await fetch(url('/dev/logout'), {
    method: 'POST',
    headers: { origin: fc.cloud.url, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  expect(out.status).toBe(303);
  expect(out.headers.get('set-cookie')).toMatch(/qx_session=; .*Max-Age=0/);
});

it('serves the h5 app with SPA fallback and no path escapes', async () => {
  const root = await fetch(url('/'));
  expect(root.status).toBe(200);
  expect(await root.text()).toContain('h5 app');
  expect(await (await fetch(url('/js/app.js'))).text()).toBe('console.log(1)');
  expect(await (await fetch(url('/pages/product/index?id=1'))).text()).toContain('h5 app');
  expect((await fetch(url('/js/missing.js'))).status).toBe(404);
  const escape = await fetch(url('/%2e%2e/%2e%2e/etc/passwd'));
  expect(await escape.text()).not.toContain('root:');
});

it('answers the favicon request of every browser page with an icon, not a 404 in the console', async () => {
  for (const p of ['/favicon.ico', '/favicon.svg']) {
    const res = await fetch(url(p));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  }
  expect((await fetch(url('/favicon.icox'))).status).toBe(404);
  expect((await fetch(url('/favicon.ico'), { method: 'POST', headers: { origin: fc.cloud.url } })).status).toBe(405);
});
