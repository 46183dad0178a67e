/**
 * Adversarial: a modified client cannot grow a customer's profile without bound. Every session id
 * becomes a key of the profile's day bucket (the set behind sessions_30d); a client inventing 100
 * new ids per batch grew the profile ~7 KB a call, and a profile past the cloud's 1 MB answer can
 * be read by nobody — every pager of profiles (dispatch, segment, the admin's previews) fails on it
 * for the whole shop. Real track function, real SDK, local cloud.
 */
import { MAX_SESSIONS_PER_DAY } from '../../cloudfunctions/track/steps/cap-sessions';
import type { Reply } from '../helpers/reply';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(2);
});
afterAll(async () => c?.close());

type Results = { results: Array<{ status: string; code?: string }> };
const sessionsOf = (openid: string): string[] => {
  const d = (c.cloud.db.collection('profiles').get(openid)?.d ?? {}) as Record<string, { s?: Record<string, number> }>;
  return Object.values(d).flatMap((b) => Object.keys(b.s ?? {}));
};

it('caps the distinct sessions a client opens per day; the sessions already open go on', async () => {
  const who = 'u_sessions';
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, who)).ok).toBe(true);
  const at = Date.now(); // one day for every event of the test
  const honest = ev({ sessionId: 'sHonest', clientTs: at });
  expect((await c.call<{ data: Results }>('track', { events: [honest] }, who)).data.results[0].status).toBe('accepted');
  const forged = (batch: number) =>
    Array.from({ length: 100 }, (_, i) => ev({ sessionId: `${'x'.repeat(56)}b${batch}i${String(i).padStart(3, '0')}`, clientTs: at }));
  const codes: string[] = [];
  for (let b = 0; b < 3; b++) {
    const r = await c.call<{ ok: boolean; data: Results }>('track', { events: forged(b) }, who);
    expect(r.ok).toBe(true);
    codes.push(...r.data.results.map((x) => x.code ?? x.status));
  }
  expect(sessionsOf(who).length).toBeLessThanOrEqual(MAX_SESSIONS_PER_DAY);
  expect(codes.filter((x) => x === 'accepted').length).toBe(MAX_SESSIONS_PER_DAY - 1);
  expect(codes.filter((x) => x === 'TOO_MANY_SESSIONS').length).toBe(300 - (MAX_SESSIONS_PER_DAY - 1));
  // Nothing rejected was stored, and the customer's own session still counts its events.
  expect(c.cloud.db.collection('events').count({ openid: who })).toBe(MAX_SESSIONS_PER_DAY);
  const more = await c.call<{ data: Results }>('track', { events: [ev({ sessionId: 'sHonest', clientTs: at })] }, who);
  expect(more.data.results[0].status).toBe('accepted');
  expect(sessionsOf(who)).toContain('ssHonest');
});
