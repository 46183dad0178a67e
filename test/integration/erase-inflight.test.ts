/**
 * No resurrection, through the REAL functions and SDK: a customer deletes their data while a
 * value refit and a sentiment refit are mid-way (each has read them into its checkpoints) and
 * while full rebuilds run. The refits lose their checkpoints at once and start over, then finish, the scoring pass runs, retention runs once — and
 * nothing of the customer is back: no profile, no prediction, no events, no review text in any
 * stored file; only the allow-list (orders, outbox, consent record) remains. The exact
 * interleavings are unit-tested beside the writers (rebuild-erasure, score-erasure).
 */
import { describeFindings, scanCollections, scanStorage, unexplained } from '../helpers/footprint';
import { waitUntil } from '../helpers/wait-until';
import { allowedAfterDelete, customerHistory, newestRun, openRefit, refitToEnd, seedOthers, STAFF, type Reply } from './erase-fixtures';
import { startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(300_000);
let c: IngestCloud;
const ERIN = 'erin_inflight';
const REVIEW = '包装精美物流很快艾琳在途评语';

beforeAll(async () => {
  c = await startStaffCloud(STAFF, 3);
  await seedOthers(c, Date.now());
  // Older reviews enough for the sentiment refit's read phase to take several steps (5,000 a
  // step, newest first): after the first step the run has read ours and is still reading.
  await c.cloud.db.collection('events').insert(
    Array.from({ length: 12_000 }, (_, i) => ({
      _id: `old${i % 40}:rv${i}`,
      openid: `other${String(i % 40).padStart(2, '0')}`,
      name: 'review_submit',
      ts: Date.now() - 86_400_000 - i * 1000,
      props: { productId: 'p1', text: i % 2 ? `不错${i}` : `一般般${i}`, rating: i % 2 ? 4 : 2 },
    })),
  );
  await customerHistory(c, ERIN, REVIEW);
}, 120_000);
afterAll(async () => c?.close());

it('refits mid-way at the deletion bring nothing back; their checkpoints go at once and the runs start over', async () => {
  // The value refit reads one profile a step (pageSize 1) until its read cursor has passed Erin's
  // profile (its checkpoint then holds her history, which carries no openid, so no file scan can
  // see it), and no further: ~40 reads and the fit are still to come, whatever the machine's speed.
  // The budget starts at 5 ms and doubles only after a call that took no step (the lease alone
  // outlasted it, as under load), so no call runs far. Five fixed budgets of 5–80 ms took 4 steps on
  // one loaded core, and would take none when the lease takes 80 ms. 1 ms opens the run only.
  await openRefit(c, 'value', 1);
  const readErin = (run: { phase: string; cursor?: unknown }) => run.phase !== 'read' || String(run.cursor ?? '') >= ERIN;
  let budgetMs = 5;
  await waitUntil(
    async () => {
      const run = newestRun(c, 'refit:value');
      expect(run.status).toBe('running');
      if (run.phase !== 'start' && readErin(run)) return true;
      const r = await c.call<Reply>('value', { action: 'refit', budgetMs, pageSize: 1 }, STAFF);
      expect(r.error).toBeUndefined();
      if (!r.data.refit.steps) budgetMs = Math.min(budgetMs * 2, 10_000);
      return false;
    },
    { what: 'the value refit to read the customer', timeoutMs: 120_000, intervalMs: 0 },
  );
  await openRefit(c, 'sentiment', 200);
  // Ticks until the sentiment read has stored our review. The budget doubles after each tick that
  // stored nothing (a fixed 200 ms took no step in 10 ticks at load 27–30), so it stays near the
  // smallest that takes a step and the run is still reading the 12,000 older reviews.
  let sentimentBudgetMs = 200;
  await waitUntil(
    async () => {
      if (scanStorage(c.dataDir, [REVIEW]).length) return true;
      const r = await c.call<Reply>('refit', { action: 'tick', kind: 'refit:sentiment', budgetMs: sentimentBudgetMs }, STAFF);
      expect(r.error).toBeUndefined();
      if (!scanStorage(c.dataDir, [REVIEW]).length) sentimentBudgetMs = Math.min(sentimentBudgetMs * 2, 10_000);
      return false;
    },
    { what: 'the sentiment refit to read the review', timeoutMs: 120_000, intervalMs: 0 },
  );
  const value = newestRun(c, 'refit:value');
  const sentiment = newestRun(c, 'refit:sentiment');
  expect([value.status, sentiment.status]).toEqual(['running', 'running']);
  expect([value.phase, readErin(value)]).toEqual(['read', true]);
  expect(scanStorage(c.dataDir, [ERIN]).length).toBeGreaterThan(0);
  expect(scanStorage(c.dataDir, [REVIEW]).length).toBeGreaterThan(0);

  const del = await c.call<Reply>('privacy', { action: 'deleteMyData' }, ERIN);
  expect(del.ok).toBe(true);
  // Runs in flight lose their files now and start over: nothing of hers waits for retention.
  expect(del.data.deleted.artifacts).toBeGreaterThan(0);
  expect(scanStorage(c.dataDir, [REVIEW])).toEqual([]);
  for (const run of [value, sentiment])
    expect(c.cloud.db.collection('job_runs').get(run._id)).toMatchObject({ status: 'running', phase: 'start', restartedAt: expect.any(Number) });

  await refitToEnd(c, 'value');
  await refitToEnd(c, 'sentiment');
  // The scoring pass with whatever serves now.
  for (let i = 0; i < 20 && newestRun(c, 'score:value')?.status !== 'succeeded'; i++)
    expect((await c.call<Reply>('value', { action: 'refit' }, STAFF)).error).toBeUndefined();
  expect(newestRun(c, 'score:value')?.status).toBe('succeeded');
  expect(c.cloud.db.collection('profiles').get(ERIN)).toBeNull();
  expect(c.cloud.db.collection('events').count({ openid: ERIN })).toBe(0);
  // The restarted runs read only what remained: no checkpoint of theirs holds the review text.
  expect(scanStorage(c.dataDir, [REVIEW])).toEqual([]);

  const kept = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(kept.ok).toBe(true);
  for (const run of [value, sentiment])
    expect(c.cloud.db.collection('job_runs').get(run._id)).toMatchObject({ artifacts: {}, artifactsPurgedAt: expect.any(Number) });
  const after = [...scanCollections(c.cloud, [ERIN, REVIEW]), ...scanStorage(c.dataDir, [ERIN, REVIEW])];
  expect(describeFindings(unexplained(after, allowedAfterDelete(ERIN)))).toEqual([]);
});

it('deletions racing full rebuilds leave no profile and no events', async () => {
  for (let k = 0; k < 3; k++) {
    const openid = `erin_rebuild${k}`;
    await customerHistory(c, openid, `评语${k}`);
    const [rebuilt, del] = await Promise.all([
      c.call<Reply>('rebuild', { action: 'start', horizonDays: null }, undefined, 'wx_trigger'),
      c.call<Reply>('privacy', { action: 'deleteMyData' }, openid),
    ]);
    expect([rebuilt.ok, del.ok]).toEqual([true, true]);
    // Let the rebuild finish its pass.
    for (let i = 0; i < 10; i++) {
      const r = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
      if (r.data?.full?.state !== 'running') break;
    }
    expect([openid, c.cloud.db.collection('profiles').get(openid)]).toEqual([openid, null]);
    expect([openid, c.cloud.db.collection('events').count({ openid })]).toEqual([openid, 0]);
  }
});
