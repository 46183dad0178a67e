/**
 * The rebuild job through the REAL wx-server-sdk against the local cloud: a customer whose profile
 * counts more events than one rebuild may load is skipped, and the pass goes on. `rebuild-one`
 * holds all of a customer's events in memory (~320 B each) and must finish inside the function's
 * limits; a client sending 100 events a call at any rate could otherwise make one customer the
 * place where every daily pass runs out of memory or time, for good.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { runRebuildJob } from '../../cloudfunctions/rebuild/job';
import { MAX_REBUILD_EVENTS } from '../../cloudfunctions/rebuild/rebuild-one';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(120_000);
let local: TestCloud;

beforeAll(async () => {
  local = await startTestCloud({ schema: true });
  Object.assign(process.env, local.env);
});
afterAll(() => local?.close());

it('skips a customer with more events than a rebuild may load, and rebuilds the next one', async () => {
  const now = Date.now();
  const day = dayKey(now);
  const view = (openid: string, i: number) => ({
    _id: `${openid}:e${i}`, openid, eventId: `e${i}`, name: 'product_view', ts: now - i, clientTs: now - i, receivedAt: now,
    sessionId: 's1', deviceId: 'd1', seq: i, props: { productId: 'p1', categoryId: 'c1' },
  });
  const profiles = local.cloud.db.collection('profiles');
  const events = local.cloud.db.collection('events');
  // The flooder's batches counted more events than a rebuild may hold (a few are stored here).
  await profiles.insert({ _id: 'a_flood', openid: 'a_flood', rev: 7, d: { [day]: { e: MAX_REBUILD_EVENTS + 1 } } });
  await events.insert([view('a_flood', 1), view('a_flood', 2)]);
  // After it in the pass: a customer whose profile disagrees with its events.
  await profiles.insert({ _id: 'b_next', openid: 'b_next', rev: 1, d: {} });
  await events.insert([view('b_next', 1)]);
  const db = new Db(loadSdk('local').database());
  const r = await runRebuildJob({ db, now: () => Date.now(), budgetMs: 30_000, retentionDays: 180, start: { horizonDays: null } });
  expect(r.full).toMatchObject({ state: 'idle', counts: { oversized: 1, written: 1 } });
  expect(profiles.get('a_flood')).toMatchObject({ rev: 7, d: { [day]: { e: MAX_REBUILD_EVENTS + 1 } } });
  expect((profiles.get('b_next') as { d: Record<string, { e: number }> }).d[day].e).toBe(1);
});
