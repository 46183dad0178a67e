/**
 * The daily ingestion quota through the real track function and the real wx-server-sdk against
 * the local cloud, with several containers. The customer's day is first brought near the quota by
 * writing its count (`q`) — sending 20,000 events would only make the test slow, not truer.
 *
 * What is exact: concurrent batches from any number of containers never take the day past the
 * quota, and the batches marked are exactly the ones with room when their claim was decided (one
 * conditional update on one document). What is approximate (test/adversarial/ingest-flood): the
 * burst guard and the "known full" memo are per container.
 */
import { DAILY_EVENT_QUOTA, nextBeijingDay } from '../../cloudfunctions/track/quota';
import { dayKey } from '../../cloudfunctions/common/profile/day';
import type { Reply } from '../helpers/reply';
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(3);
});
afterAll(async () => c?.close());

type TrackAnswer = { ok: boolean; data?: { accepted: number }; error?: { code: string; message: string; details?: Record<string, unknown> } };
const profile = (openid: string) => c.cloud.db.collection('profiles').get(openid) as { q?: { day: string; n: number } } | undefined;
const stored = (openid: string) => c.cloud.db.collection('events').count({ openid, origin: { $ne: 'server' } });

/** A consenting customer with one batch stored, whose day is then set to `left` events from the quota. */
async function nearQuota(openid: string, left: number): Promise<string> {
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, openid)).ok).toBe(true);
  expect((await c.call<TrackAnswer>('track', { events: [ev()] }, openid)).ok).toBe(true);
  const day = dayKey(Date.now());
  await c.cloud.db.collection('profiles').update({ _id: openid }, { 'q.n': DAILY_EVENT_QUOTA - left });
  expect(profile(openid)?.q).toEqual({ day, n: DAILY_EVENT_QUOTA - left });
  return day;
}

it('concurrent batches from several containers: exactly the room left is stored, the rest refused whole', async () => {
  const who = 'u_quota';
  const day = await nearQuota(who, 50);
  const batches = Array.from({ length: 12 }, () => Array.from({ length: 10 }, () => ev()));
  const answers = await Promise.all(batches.map((events) => c.call<TrackAnswer>('track', { events }, who)));
  // A Beijing midnight during the test starts a new day with room: nothing left to check then.
  if (dayKey(Date.now()) !== day) return;
  const accepted = answers.filter((a) => a.ok);
  const refused = answers.filter((a) => !a.ok);
  expect(accepted).toHaveLength(5);
  expect(accepted.every((a) => a.data?.accepted === 10)).toBe(true);
  expect(refused.map((a) => a.error?.code)).toEqual(Array(7).fill('RATE_LIMITED'));
  for (const r of refused) {
    expect(r.error?.details).toMatchObject({ scope: 'day', limit: DAILY_EVENT_QUOTA });
    expect(r.error?.details?.retryAt).toBe(nextBeijingDay(Date.now()));
    expect(r.error?.message).toContain('均未保存');
  }
  expect(profile(who)?.q).toEqual({ day, n: DAILY_EVENT_QUOTA });
  expect(stored(who)).toBe(1 + 50);
  // Nothing refused left a pending mark behind.
  expect(c.cloud.db.collection('profiles').get(who)).toMatchObject({ pendingCount: 0 });
});

it('a batch too large for the room left is refused whole, a smaller one that fits goes on; orders are never limited', async () => {
  const who = 'u_quota_room';
  const day = await nearQuota(who, 3);
  const big = await c.call<TrackAnswer>('track', { events: Array.from({ length: 4 }, () => ev()) }, who);
  const small = await c.call<TrackAnswer>('track', { events: Array.from({ length: 3 }, () => ev()) }, who);
  if (dayKey(Date.now()) !== day) return;
  expect(big.error).toMatchObject({ code: 'RATE_LIMITED', details: { used: DAILY_EVENT_QUOTA - 3 } });
  expect(small).toMatchObject({ ok: true, data: { accepted: 3 } });
  expect(stored(who)).toBe(1 + 3);
  // The day is full; the shop still records the customer's order (a server fact).
  const placed = await c.call<Reply>('shop', { action: 'createOrder', items: [{ productId: 'p2', quantity: 1 }] }, who);
  expect(placed.ok).toBe(true);
  expect(placed.data.facts).toBe('recorded');
  expect(c.cloud.db.collection('events').count({ openid: who, origin: 'server' })).toBeGreaterThan(0);
  expect(profile(who)?.q).toEqual({ day, n: DAILY_EVENT_QUOTA });
});

it('a customer whose profile predates the quota (no `q`) and a new customer both start counting', async () => {
  const fresh = 'u_quota_new';
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, fresh)).ok).toBe(true);
  const r = await c.call<TrackAnswer>('track', { events: [ev(), ev()] }, fresh);
  const day = dayKey(Date.now());
  expect(r.ok).toBe(true);
  expect(profile(fresh)?.q).toEqual({ day, n: 2 });
  await c.cloud.db.collection('profiles').update({ _id: fresh }, { $unset: { q: '' } });
  expect((await c.call<TrackAnswer>('track', { events: [ev()] }, fresh)).ok).toBe(true);
  expect(profile(fresh)?.q).toEqual({ day: dayKey(Date.now()), n: 1 });
});

it('a day full yesterday starts over today (the new-day form resets the count through the SDK)', async () => {
  const who = 'u_quota_yesterday';
  const day = await nearQuota(who, 0);
  await c.cloud.db.collection('profiles').update({ _id: who }, { 'q.day': 'd20000101' });
  // Every container's first batch: whichever form it tries first, the day resets once.
  const answers = await Promise.all([0, 1, 2].map(() => c.call<TrackAnswer>('track', { events: [ev(), ev()] }, who)));
  expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
  if (dayKey(Date.now()) !== day) return;
  expect(profile(who)?.q).toEqual({ day, n: 6 });
});
