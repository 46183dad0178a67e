/**
 * Retention and rebuild together, through the REAL functions: raw events older than the retention
 * period (180 days by event time) are purged by the `retention` timer; profiles keep their history,
 * and a later full rebuild (horizon = retention) keeps the profile's buckets before the horizon
 * while recomputing the rest from raw events.
 */
import { canonicalJson } from '../../cloudfunctions/common/profile/canonical';
import { pickReduced } from '../../cloudfunctions/common/profile/compact';
import { historyOfProfile } from '../../cloudfunctions/common/value/profile-history';
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
import { sumDayCounter } from '../helpers/profiles';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
let c: IngestCloud;
const DAY = 86_400_000;

// Several function calls on a shared, loaded box: give the steps room.
jest.setTimeout(180_000);

beforeAll(async () => {
  c = await startIngestCloud(2);
});
afterAll(async () => c?.close());

/** A purchase `daysAgo` days before `now` (order `prefix` + days) for a trusted import. */
const buyAt = (now: number, prefix: string) => (daysAgo: number, fen: number) =>
  ev({
    clientTs: now - daysAgo * DAY,
    name: 'purchase',
    props: {
      orderId: `${prefix}${daysAgo}`,
      amountFen: fen,
      items: [{ productId: 'p', categoryId: 'c', quantity: 1, priceFen: fen }],
    },
  });

it('purges expired raw events, keeps profiles, and the rebuild keeps what was purged', async () => {
  await c.call('privacy', { action: 'setConsent', version: 1 }, 'r1');
  const now = Date.now();
  const buy = buyAt(now, 'o');
  // History with purchases: a trusted import.
  const r = await c.importAs<Reply>('r1', [buy(300, 1000), buy(200, 2000), buy(10, 3000), buy(1, 4000)]);
  expect(r.data.accepted).toBe(4);
  const before = canonicalJson(pickReduced(c.cloud.db.collection('profiles').get('r1') as never));

  const purge = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(purge.data).toMatchObject({ removed: 2, done: true });
  expect(c.cloud.db.collection('events').count({ openid: 'r1' })).toBe(2);
  expect(c.cloud.db.collection('jobs').get('event-retention')).toMatchObject({
    removed: 2,
    retentionDays: 180,
  });
  expect(canonicalJson(pickReduced(c.cloud.db.collection('profiles').get('r1') as never))).toBe(before);

  let rep = await c.call<Reply>('rebuild', { action: 'start', horizonDays: 180 }, undefined, 'wx_trigger');
  for (let i = 0; i < 10 && rep.data.full.state === 'running'; i++)
    rep = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
  expect(rep.data.full).toMatchObject({ state: 'idle', counts: { unchanged: 1, written: 0 } });
  expect(canonicalJson(pickReduced(c.cloud.db.collection('profiles').get('r1') as never))).toBe(before);

  // A full recompute from raw events only (horizon: all) now loses the purged purchases — which is
  // exactly why the scheduled rebuild uses the retention horizon.
  rep = await c.call<Reply>('rebuild', { action: 'start', horizonDays: null }, undefined, 'wx_trigger');
  expect(rep.data.full.counts.written).toBe(1);
  const p = c.cloud.db.collection('profiles').get('r1')!;
  const fen = sumDayCounter(p, 'fen');
  expect(fen).toBe(7000);
});

it('a call while another holds the lease does no work; an expired lease is taken over', async () => {
  const jobs = c.cloud.db.collection('jobs');
  await jobs.update({ _id: 'profile-rebuild' }, { $set: { leaseUntil: Date.now() + 60_000 } });
  const held = await c.call<Reply>('rebuild', { action: 'start' }, undefined, 'wx_trigger');
  expect(held.data).toMatchObject({ leased: false, repaired: 0, full: null });
  await jobs.update({ _id: 'profile-rebuild' }, { $set: { leaseUntil: Date.now() - 1 } });
  const taken = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
  expect(taken.data.leased).toBe(true);
  expect(jobs.get('profile-rebuild')).toMatchObject({ leaseUntil: 0 });
});

it('the daily rebuild compacts old days but keeps every purchase day the value model reads', async () => {
  await c.call('privacy', { action: 'setConsent', version: 1 }, 'r2');
  const now = Date.now();
  const buy = buyAt(now, 'q');
  const view = (daysAgo: number) =>
    ev({ clientTs: now - daysAgo * DAY, name: 'product_view', props: { productId: 'p', categoryId: 'c' } });
  // Purchases 700 and 500 days ago lie more than 400 days before the last activity (1 day ago).
  const r = await c.importAs<Reply>('r2', [buy(700, 1000), view(700), buy(500, 2000), buy(30, 3000), view(1)]);
  expect(r.data.accepted).toBe(5);
  const profiles = c.cloud.db.collection('profiles');
  const before = historyOfProfile(profiles.get('r2') as never).purchases;
  expect(before.days).toHaveLength(3);

  await c.cloud.db.collection('jobs').update({ _id: 'profile-rebuild' }, { $set: { leaseUntil: 0 } });
  let rep = await c.call<Reply>('rebuild', { action: 'start', horizonDays: 180 }, undefined, 'wx_trigger');
  for (let i = 0; i < 10 && rep.data.full.state === 'running'; i++)
    rep = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
  expect(rep.data.full.state).toBe('idle');
  const after = profiles.get('r2') as ProfileDoc;
  expect(after.a).toMatchObject({ e: 3 }); // the old days' events (two purchases, one view) are archived
  expect(historyOfProfile(after).purchases).toEqual(before);
});
