/**
 * Adversarial: a modified client sends batch after batch of VALID events as fast as the network
 * allows. Each one is a database write the merchant pays for and a raw event kept 180 days; the
 * daily quota (cloudfunctions/track/quota.ts) stops the customer's day at DAILY_EVENT_QUOTA, and
 * past it the container refuses without a database request. Real track function, real SDK, local
 * cloud. The day is brought near the quota by writing its count: 200 full batches would only make
 * the test slow.
 */
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { DAILY_EVENT_QUOTA } from '../../cloudfunctions/track/quota';
import { countDatabaseRequests } from '../../scripts/bench/_ingest-measure';
import type { Reply } from '../helpers/reply';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(1);
});
afterAll(async () => c?.close());

type Answer = { ok: boolean; data?: { accepted: number }; error?: { code: string; details?: Record<string, unknown> } };

it('a flood of valid full batches: the day stops at the quota, and refusals past it cost no database request', async () => {
  const who = 'u_flood';
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, who)).ok).toBe(true);
  expect((await c.call<Answer>('track', { events: [ev()] }, who)).ok).toBe(true);
  const day = dayKey(Date.now());
  await c.cloud.db.collection('profiles').update({ _id: who }, { 'q.n': DAILY_EVENT_QUOTA - 250 });
  const db = countDatabaseRequests(c.cloud.registry);
  const answers: Answer[] = [];
  const requests: number[] = [];
  for (let i = 0; i < 20; i++) {
    const before = db.total().requests;
    answers.push(await c.call<Answer>('track', { events: Array.from({ length: 100 }, () => ev()) }, who));
    requests.push(db.total().requests - before);
  }
  if (dayKey(Date.now()) !== day) return; // a Beijing midnight during the flood: a new day has room
  expect(answers.map((a) => (a.ok ? 'ok' : a.error?.code))).toEqual([...Array(2).fill('ok'), ...Array(18).fill('RATE_LIMITED')]);
  expect(answers[2].error?.details).toMatchObject({ scope: 'day', used: DAILY_EVENT_QUOTA - 50 });
  expect(c.cloud.db.collection('events').count({ openid: who })).toBe(1 + 200);
  expect(c.cloud.db.collection('profiles').get(who)).toMatchObject({ q: { day, n: DAILY_EVENT_QUOTA - 50 }, pendingCount: 0 });
  // The first refusal asked the profile; every later one was answered from the container's memory.
  expect(requests[2]).toBeGreaterThan(0);
  expect(requests.slice(3)).toEqual(Array(17).fill(0));
  // Room is still there for what fits, and then the day is full for good.
  expect((await c.call<Answer>('track', { events: Array.from({ length: 50 }, () => ev()) }, who)).data?.accepted).toBe(50);
  const after = await c.call<Answer>('track', { events: [ev()] }, who);
  if (dayKey(Date.now()) !== day) return;
  expect(after.error).toMatchObject({ code: 'RATE_LIMITED', details: { used: DAILY_EVENT_QUOTA } });
  expect(c.cloud.db.collection('events').count({ openid: who })).toBe(1 + 250);
});
