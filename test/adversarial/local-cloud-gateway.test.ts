/**
 * Adversarial: the local cloud's browser-facing side (h5 gateway, dev pages) through real HTTP —
 * DNS rebinding, cross-site "simple" POSTs, session expiry and logout, oversize, deep, and slow
 * bodies. Each of these was open before (issue 10, findings 2, 4 and the session half of 5).
 */
import { devFetch } from '../../scripts/local-cloud';
import { startFixtureCloud, type FixtureCloud } from '../integration/runtime-cloud-helper';
import { waitUntil } from '../helpers/wait-until';
import { rawRequest, slowRequest } from './helpers';

let fc: FixtureCloud;
let host: string;
beforeAll(async () => {
  fc = await startFixtureCloud({ sessionTtlMs: 120_000 });
  host = new URL(fc.cloud.url).host;
  await fc.cloud.db.collection('admins').insert({ _id: 'o_staff', role: 'staff' });
  // A record kept after access was withdrawn (common/admin/guard.ts isStaff): not staff.
  await fc.cloud.db.collection('admins').insert({ _id: 'o_former', role: 'former' });
  await fc.cloud.invokeFunction('echo', {}); // warm
});
afterAll(() => fc?.close());

const echo = (headers: Record<string, string>, body = '{"q":1}') => rawRequest(fc.cloud.url, { method: 'POST', path: '/gateway/functions/echo', headers, body });

describe('DNS rebinding', () => {
  it('refuses a Host that is not the address the cloud listens on, on every route', async () => {
    const port = new URL(fc.cloud.url).port;
    const evil = `rebind.evil.example:${port}`;
    for (const [method, path] of [['GET', '/'], ['GET', '/dev/login'], ['GET', '/gateway/session'], ['GET', '/dev/status.json'], ['POST', '/admin'], ['POST', '/gateway/functions/echo']]) {
      const r = await rawRequest(fc.cloud.url, { method, path, headers: { host: evil, ...fc.cloud.browserHeaders('o_x'), origin: `http://${evil}` }, body: method === 'POST' ? '{}' : undefined });
      expect([path, r.status, r.json?.code]).toEqual([path, 421, 'HOST_NOT_ALLOWED']);
    }
    expect((await rawRequest(fc.cloud.url, { path: '/dev/login', headers: { host: `127.0.0.1:${Number(port) + 1}` } })).status).toBe(421);
    // The names of this server are served.
    expect((await rawRequest(fc.cloud.url, { path: '/dev/login', headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await rawRequest(fc.cloud.url, { path: '/dev/login', headers: { host } })).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-site text/plain POST to the gateway even with the victim\'s cookie, and a same-site one that is not JSON', async () => {
    let cookie = fc.cloud.browserHeaders('o_victim').cookie;
    const cross = await echo({ host, cookie, origin: 'http://evil.example', 'content-type': 'text/plain' });
    expect(cross.status).toBe(403);
    expect(cross.json.error.code).toBe('CROSS_SITE_REQUEST');
    expect((await echo({ host, cookie, 'content-type': 'application/json' })).json.error.code).toBe('CROSS_SITE_REQUEST'); // says nothing of where it is from
    expect((await echo({ host, cookie, referer: 'http://evil.example/page', 'content-type': 'application/json' })).status).toBe(403);
    const plain = await echo({ host, cookie, origin: fc.cloud.url, 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const subscribe = await rawRequest(fc.cloud.url, { method: 'POST', path: '/gateway/subscribe', headers: { host, cookie, origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{"templateIds":["tpl_price_drop"],"results":{"tpl_price_drop":"accept"}}' });
    expect(subscribe.status).toBe(403);
    expect(fc.cloud.subscribe.grant('o_victim', 'tpl_price_drop')?.available ?? 0).toBe(0);
    // Our own page (Origin, or Referer when a client sends no Origin) with JSON is served.
    cookie = fc.cloud.browserHeaders('o_victim').cookie;
    expect((await echo({ host, cookie, origin: fc.cloud.url, 'content-type': 'application/json' })).status).toBe(200);
    expect((await echo({ host, cookie, referer: `${fc.cloud.url}/pages/index/index`, 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('refuses a cross-site sign-in (login CSRF) and cross-site logout', async () => {
    const login = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/login', headers: { host, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'openid=o_attacker' });
    expect(login.status).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
    const textLogin = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/login', headers: { host, origin: fc.cloud.url, 'content-type': 'text/plain' }, body: 'openid=o_attacker' });
    expect(textLogin.status).toBe(415);
    const cookie = fc.cloud.browserHeaders('o_victim').cookie;
    const logout = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/logout', headers: { host, cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(logout.status).toBe(403);
    expect((await rawRequest(fc.cloud.url, { path: '/gateway/session', headers: { host, cookie } })).status).toBe(200);
  });

  it('keeps the outbox and timer triggers for staff and signed tools', async () => {
    const anon = await rawRequest(fc.cloud.url, { path: '/dev/outbox.json', headers: { host } });
    expect(anon.status).toBe(401);
    const trigger = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/trigger/ticker', headers: { host, origin: 'http://evil.example', 'content-type': 'text/plain' } });
    expect(trigger.status).toBe(401);
    const customer = fc.cloud.browserHeaders('o_customer').cookie;
    expect((await rawRequest(fc.cloud.url, { path: '/dev/outbox.json', headers: { host, cookie: customer } })).status).toBe(403);
    // A former staff member (admins record without the staff role) is refused like the functions refuse them.
    const former = fc.cloud.browserHeaders('o_former').cookie;
    expect((await rawRequest(fc.cloud.url, { path: '/dev/outbox.json', headers: { host, cookie: former } })).status).toBe(403);
    expect((await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/trigger/ticker', headers: { host, cookie: former, origin: fc.cloud.url, 'content-type': 'application/json' } })).status).toBe(403);
    const rejectLater = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/subscribe/reject-later', headers: { host, cookie: former, origin: fc.cloud.url, 'content-type': 'application/json' }, body: '{"openid":"o_victim","templateIds":["tpl_price_drop"]}' });
    expect(rejectLater.status).toBe(403);
    const staff = fc.cloud.browserHeaders('o_staff').cookie;
    expect((await rawRequest(fc.cloud.url, { path: '/dev/outbox.json', headers: { host, cookie: staff } })).status).toBe(200);
    expect((await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/trigger/ticker', headers: { host, cookie: staff, origin: 'http://evil.example', 'content-type': 'application/json' } })).status).toBe(403);
    expect((await devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/outbox.json')).status).toBe(200);
    const forged = await rawRequest(fc.cloud.url, { path: '/dev/outbox.json', headers: { host, authorization: 'TC3-HMAC-SHA256 Credential=x/2026-01-01/tcb/tc3_request, SignedHeaders=content-type;host, Signature=' + '0'.repeat(64) } });
    expect(forged.status).toBe(401);
  });
});

describe('the subscribe-message ban switch (43107)', () => {
  it('is an operator tool: a former staff member is refused, a signed tool bans the app or some templates and lifts it', async () => {
    const former = fc.cloud.browserHeaders('o_former').cookie;
    const refused = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/subscribe/ban', headers: { host, cookie: former, origin: fc.cloud.url, 'content-type': 'application/json' }, body: '{"on":true}' });
    expect(refused.status).toBe(403);
    expect(fc.cloud.subscribe.bannedFor('tpl_price_drop')).toBe(false); // off by default
    const ban = (json: Record<string, unknown>) => devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/subscribe/ban', 'POST', json);
    expect((await ban({ on: 'yes' })).status).toBe(400);
    expect((await ban({ on: true, templateIds: [] })).status).toBe(400);
    expect((await ban({ on: true, templateIds: ['tpl_price_drop'] })).status).toBe(200);
    expect([fc.cloud.subscribe.bannedFor('tpl_price_drop'), fc.cloud.subscribe.bannedFor('tpl_back_in_stock')]).toEqual([true, false]);
    expect((await ban({ on: true })).status).toBe(200);
    expect(fc.cloud.subscribe.bannedFor('tpl_back_in_stock')).toBe(true);
    expect((await fc.cloud.subscribe.send({ touser: 'o_anyone', template_id: 'tpl_back_in_stock', data: {} })).errcode).toBe(43107);
    expect((await ban({ on: false })).status).toBe(200);
    expect(fc.cloud.subscribe.bannedFor('tpl_price_drop')).toBe(false);
  });
});

describe('sessions', () => {
  const signIn = async (openid: string) => {
    const r = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/login', headers: { host, origin: fc.cloud.url, 'content-type': 'application/x-www-form-urlencoded' }, body: `openid=${openid}` });
    expect(r.status).toBe(303);
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    return set.split(';')[0];
  };
  const whoami = (cookie: string) => rawRequest(fc.cloud.url, { path: '/gateway/session', headers: { host, cookie } });

  it('logout revokes the session on the server: a copied cookie no longer works', async () => {
    const cookie = await signIn('o_logout');
    const copy = cookie;
    expect((await whoami(copy)).json.openid).toBe('o_logout');
    const out = await rawRequest(fc.cloud.url, { method: 'POST', path: '/dev/logout', headers: { host, cookie, origin: fc.cloud.url, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(out.status).toBe(303);
    expect((await whoami(copy)).status).toBe(401);
    expect((await echo({ host, cookie: copy, origin: fc.cloud.url, 'content-type': 'application/json' })).status).toBe(401);
    // A GET cannot sign anyone out (an <img src> on another site).
    const other = await signIn('o_stays');
    await rawRequest(fc.cloud.url, { path: '/dev/logout', headers: { host, cookie: other } });
    expect((await whoami(other)).status).toBe(200);
  });

  it('expires a session after its lifetime, whatever the cookie says', async () => {
    // Its own cloud with 3 s sessions: the suite's other sessions must outlive a loaded machine.
    const short = await startFixtureCloud({ sessionTtlMs: 3_000 });
    try {
      const shortHost = new URL(short.cloud.url).host;
      const login = await rawRequest(short.cloud.url, { method: 'POST', path: '/dev/login', headers: { host: shortHost, origin: short.cloud.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'openid=o_expiry' });
      const cookie = String(login.headers['set-cookie']).split(';')[0];
      const ask = () => rawRequest(short.cloud.url, { path: '/gateway/session', headers: { host: shortHost, cookie } });
      expect((await ask()).status).toBe(200);
      const late = await waitUntil(async () => {
        const r = await ask();
        return r.status === 200 ? null : r;
      }, { what: 'the session to expire', intervalMs: 250 });
      expect(late.status).toBe(401);
      expect(late.json.error.code).toBe('UNAUTHENTICATED');
    } finally {
      await short.close();
    }
  });
});

describe('bounded input', () => {
  const cookie = () => fc.cloud.browserHeaders('o_bounds').cookie;
  const base = () => ({ host, cookie: cookie(), origin: fc.cloud.url, 'content-type': 'application/json' });

  it('refuses a body over the function\'s limit (16 KB by default) with 413, and serves one under it', async () => {
    const pad = (n: number) => JSON.stringify({ pad: 'x'.repeat(n) });
    const big = await echo(base(), pad(17 * 1024));
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await echo(base(), pad(15 * 1024))).status).toBe(200);
  });

  it('refuses 40 parallel 5 MB bodies from Content-Length alone, before a byte of them is read', async () => {
    const head = (i: number) =>
      `POST /gateway/functions/echo HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${fc.cloud.url}\r\nContent-Type: application/json\r\nCookie: ${cookie()}\r\nContent-Length: ${5 * 1024 * 1024}\r\nX-N: ${i}\r\n\r\n`;
    const t0 = Date.now();
    const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => slowRequest(fc.cloud.url, head(i), { waitMs: 20_000 })));
    for (const o of outs) expect(o.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(Date.now() - t0).toBeLessThan(15_000); // answered without waiting for bodies that never come
  });

  it('cuts a chunked upload off at the limit instead of reading it to the end', async () => {
    const chunk = 'x'.repeat(8 * 1024);
    const body = `{"pad":"${chunk.repeat(3)}`; // 24 KB and never finished
    const head = `POST /gateway/functions/echo HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${fc.cloud.url}\r\nContent-Type: application/json\r\nCookie: ${cookie()}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n`;
    const o = await slowRequest(fc.cloud.url, head, { waitMs: 8_000 });
    expect(o.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(o.ms).toBeLessThan(8_000);
  });

  it('answers JSON nested 6 000 deep with 400 JSON_TOO_DEEP, not a 500 stack overflow', async () => {
    const deep = `{"a":${'['.repeat(6000)}${']'.repeat(6000)}}`;
    const r = await echo(base(), deep);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('JSON_TOO_DEEP');
    expect((await echo(base(), `{"a":${'['.repeat(30)}${']'.repeat(30)}}`)).status).toBe(200);
  });

  it('drops a partial body and a trickle of headers within seconds, not 300 s', async () => {
    const [body, headers] = await Promise.all([
      slowRequest(fc.cloud.url, `POST /gateway/functions/echo HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${fc.cloud.url}\r\nContent-Type: application/json\r\nCookie: ${cookie()}\r\nContent-Length: 100\r\n\r\n{"a":`, { waitMs: 25_000 }),
      slowRequest(fc.cloud.url, `GET /dev/login HTTP/1.1\r\nHost: ${host}\r\nX-Slow: 1\r\n`, { waitMs: 25_000 }),
    ]);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.ms).toBeLessThan(15_000);
    expect(headers.closed).toBe(true);
    expect(headers.ms).toBeLessThan(15_000);
  });
});
