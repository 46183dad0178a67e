/**
 * Bad input never takes the gateway or dev routes down: random methods, paths, cookies and bodies
 * get an HTTP answer (never a 5xx other than function failures), and the server keeps serving.
 */
import fc from 'fast-check';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let cloud: FixtureCloud;
beforeAll(async () => {
  cloud = await startFixtureCloud();
});
afterAll(() => cloud?.close());

const paths = fc.oneof(
  fc.constantFrom('/gateway/functions/echo', '/gateway/functions/', '/gateway/subscribe', '/gateway/session', '/gateway/x', '/dev/login', '/dev/logout', '/dev/outbox', '/dev/outbox.json', '/dev/trigger/ticker', '/dev/status.json', '/'),
  fc.string({ maxLength: 40 }).map((s) => `/gateway/functions/${encodeURIComponent(s)}`),
  fc.string({ maxLength: 40 }).map((s) => `/dev/${encodeURIComponent(s)}`),
);
const bodies = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.json().map((j) => j),
  fc.record({ templateIds: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), results: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })) }).map((o) => JSON.stringify(o)),
);

it('answers every request and stays up', async () => {
  const good = cloud.cloud.sessionCookieFor('o_fuzz');
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), paths, bodies, fc.oneof(fc.constant(good), fc.string({ maxLength: 60 })), async (method, p, body, cookie) => {
      const res = await fetch(`${cloud.cloud.url}${p}`, {
        method,
        headers: { cookie: cookie.replace(/[^\x20-\x7e]/g, ''), 'content-type': 'application/json', origin: cloud.cloud.url },
        body: method === 'GET' ? undefined : body,
        redirect: 'manual',
      });
      await res.arrayBuffer();
      // 502/504 are function outcomes (echo runs the event); 500 would be a gateway bug.
      expect(res.status).not.toBe(500);
      expect(res.status).toBeLessThan(600);
    }),
    { numRuns: 120 },
  );
  const ok = await fetch(`${cloud.cloud.url}/gateway/functions/echo`, { method: 'POST', headers: cloud.cloud.browserHeaders('o_fuzz'), body: '{}' });
  expect(ok.status).toBe(200);
});
