/**
 * The rebuild job's repair pass through the REAL wx-server-sdk against the local cloud: a customer
 * whose pending mark is stuck (the call that set it died) is repaired even when more than one
 * query page of profiles carry fresh, in-flight marks. The cloud here answers in natural order —
 * one lawful answer to an unordered query, the same first page every pass — under which a repair
 * that reads a single page of marked profiles never reaches the stuck one.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { JOB_ID, runRebuildJob } from '../../cloudfunctions/rebuild/job';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(120_000);
let local: TestCloud;

beforeAll(async () => {
  local = await startTestCloud({ resultOrder: 'natural', schema: true });
  Object.assign(process.env, local.env);
});
afterAll(() => local?.close());

it('repairs a stuck mark hidden behind a page of in-flight ones', async () => {
  const now = Date.now();
  const profiles = local.cloud.db.collection('profiles');
  // 1,001 customers whose track call is running right now, stored first …
  await profiles.insert(Array.from({ length: 1001 }, (_, i) => ({ _id: `a${String(i).padStart(4, '0')}`, openid: `a${i}`, rev: 1, d: {}, pending: { b1: now }, pendingCount: 1 })));
  // … then one whose call died an hour ago, leaving its mark.
  await profiles.insert({ _id: 'zstuck', openid: 'zstuck', rev: 1, d: {}, pending: { b1: now - 3_600_000 }, pendingCount: 1 });
  // A full rebuild finished a moment ago: only the repair pass runs.
  await local.cloud.db.collection('jobs').insert({ _id: JOB_ID, state: 'idle', cursor: '', horizonDays: null, startedAt: now - 1000, completedAt: now, leaseUntil: 0, counts: { written: 0, unchanged: 0, inflight: 0, conflict: 0 } });
  const db = new Db(loadSdk('local').database());
  const r = await runRebuildJob({ db, now: () => Date.now(), budgetMs: 30_000, retentionDays: 180 });
  expect(r.leased).toBe(true);
  expect(r.full?.state).toBe('idle');
  expect(r.repaired).toBe(1);
  expect(profiles.get('zstuck')).toMatchObject({ pendingCount: 0 });
  expect(profiles.count({ pendingCount: 1 })).toBe(1001);
});
