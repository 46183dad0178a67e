/**
 * The value model served through the REAL function (esbuild bundle, child process, real
 * wx-server-sdk) against the local cloud: the timer opens the daily refit (`refit:value` on the
 * job runner), the model store's guard ships the first version (a back-test against no
 * prediction), and the scoring pass writes the SERVING version's predictions on every buyer plus
 * the day's snapshot. Staff refits (a direct call with tiny budgets that resumes across calls, or
 * admin `modelRefit`, which ticks the run at once) are judged against the serving version. A promotion or a rollback changes
 * `profiles.value.version` after the next pass; rolling back to none removes the predictions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { readKeys } from '../../cloudfunctions/common/db/stored-keys';
import {
  createModelStore,
  wxModelStorePorts,
  type ModelStore,
} from '../../cloudfunctions/common/model-store';
import { loadSdk } from '../helpers/local-cloud';
import { buyerProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
let store: ModelStore;
const STAFF = 'staff_demo';
const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
const tickTimer = () => c.call<Reply>('value', timer, undefined, 'wx_trigger');
const admin = (event: unknown) => c.call<Reply>('admin', event, STAFF);
const profile = (id: string) => c.cloud.db.collection('profiles').get(id) as { value?: any } | null; // eslint-disable-line @typescript-eslint/no-explicit-any
const pointer = () =>
  c.cloud.db.collection('model_pointers').get('value') as { serving: string | null } | null;

/** Timer calls until a scoring pass with the serving version has finished; answers the calls made. */
async function untilScored(limit = 30): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    const r = await tickTimer();
    expect(r.error).toBeUndefined();
    const serving = pointer()?.serving ?? undefined;
    if (r.data.score?.status === 'succeeded' && profile('loyal00')?.value?.version === serving) return i;
  }
  throw new Error(`no finished pass after ${limit} timer calls`);
}

beforeAll(async () => {
  c = await startIngestCloud(2);
  Object.assign(process.env, c.cloud.sdkEnv());
  store = createModelStore(wxModelStorePorts(new Db(loadSdk('local').database()), loadSdk('local')));
  const now = Date.now();
  const profiles = c.cloud.db.collection('profiles');
  // Regular buyers still buying, regular buyers gone quiet, one-off buyers, and a browser.
  for (let i = 0; i < 15; i++)
    profiles.insert({
      ...buyerProfile(
        `loyal${String(i).padStart(2, '0')}`,
        now,
        Array.from({ length: 20 }, (_, k) => 1 + i + 15 * k),
        {
          fen: 20000 + 1000 * i,
        },
      ),
      segment: 1,
      // Old stored data on purpose, for half of them (loyal00 first): passes before the rename
      // wrote 高价值忠诚客户 on profiles the segment job has not rewritten yet.
      segmentName: i % 2 === 0 ? '高价值忠诚客户' : '忠诚高消费客户',
    });
  for (let i = 0; i < 15; i++)
    profiles.insert(
      buyerProfile(`quiet${String(i).padStart(2, '0')}`, now, [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], {
        fen: 15000,
      }),
    );
  for (let i = 0; i < 12; i++)
    profiles.insert(buyerProfile(`once${String(i).padStart(2, '0')}`, now, [20 + 25 * i], { fen: 9900 }));
  profiles.insert({ _id: 'browser', openid: 'browser', rev: 1, d: { d20240101: { pv: 3 } } });
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

describe('value function on the model store and the job runner', () => {
  let v1 = '';

  it('timer: the first refit ships through the guard and the pass scores every buyer with it', async () => {
    await untilScored();
    v1 = pointer()?.serving as string;
    expect(v1).toMatch(/^\d{8}-\d{6}-[0-9a-z]{4}$/);
    const doc = (await store.version('value', v1))!;
    expect(doc.status).toBe('serving');
    expect(doc.dataWindow).toMatchObject({ n: 42, to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(doc.evaluation).toMatchObject({
      metric: 'rmse',
      incumbentVersion: 'shipped',
      passed: true,
      heldOut: 39,
    });
    expect(doc.evaluation!.candidate).toBeLessThan(doc.evaluation!.incumbent);
    expect(doc.meta).toMatchObject({ horizonDays: 90, backtest: { heldOut: 39 } });
    // The version carries the trees as an ONNX graph, checked in the function (onnxruntime) on
    // the shop's buyers against the TypeScript trees before it was published.
    expect(doc.files.map((f) => f.name).sort()).toEqual(['meta.json', 'model.json', 'value.onnx']);
    const parity = (doc.meta as { graph: { file: string; parity: { rows: number; worstMargin: number } } }).graph;
    expect(parity.file).toBe('value.onnx');
    expect(parity.parity.rows).toBe(42);
    expect(parity.parity.worstMargin).toBeLessThanOrEqual(1e-6);
    // 42 buyers give far fewer training rows than trees need (common/value/young-shop.ts): the
    // version predicts buyers by BG/NBD alone and records why, for the 客户价值 page.
    expect(doc.meta).toMatchObject({ young: { buyers: 'bgnbd', need: { rows: 1000, positives: 200 } } });
    expect((doc.meta as { young: { rows: number } }).young.rows).toBeLessThan(1000);
    // Both fits still ran as bounded steps (pages, BG/NBD, spend, visitors), none near 15 s.
    const [refitRun] = c.cloud.db.collection('job_runs').find({ kind: 'refit:value' }) as Array<{
      steps: number;
    }>;
    expect(refitRun.steps).toBeGreaterThan(10);
    expect(doc.meta.maxStepSeconds).toBeGreaterThan(0);
    expect(doc.meta.maxStepSeconds).toBeLessThan(15);
    const loyal = profile('loyal00')!.value;
    const quiet = profile('quiet00')!.value;
    expect(loyal).toMatchObject({ version: v1, churnRisk: 'low' });
    expect(quiet).toMatchObject({ version: v1, churnRisk: 'high' });
    expect(quiet.churnReason).toMatch(/^已\d+天未购买，以往约每15天购买一次/);
    expect(loyal.spend90dFen).toBeGreaterThan(quiet.spend90dFen);
    expect(profile('browser')!.value).toBeUndefined();
    const snap = c.cloud.db.collection('value_snapshots').find({})[0] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(snap).toMatchObject({ version: v1, buyers: 42, risk: { high: expect.any(Number) } });
    expect(snap.spendHistogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(42);
    // One segment, one name: today's, whichever name each member's profile still carries.
    expect(snap.bySegment.find((s: { segment: string }) => s.segment === '1')).toMatchObject({
      name: '忠诚高消费客户',
      customers: 15,
    });
    expect(JSON.stringify(snap)).not.toContain('高价值忠诚客户');
    // The admin 客户价值 page reads the snapshot and says which version serves.
    const page = await admin({ action: 'valueOverview' });
    expect(page.data).toMatchObject({
      serving: {
        version: v1,
        dataWindow: { n: 42 },
        evaluation: { metric: 'rmse', heldOut: 39 },
        // A shop of under a year: the back-test is the last 90 days and chooses no blend.
        guard: { seasonal: false, likeTheFit: false, weight: 1, scale: 1, space: 'log' },
      },
      lastRefit: null,
      pass: { status: 'succeeded', version: v1 },
      latest: { version: v1, buyers: 42, atRiskHighValue: snap.atRiskHighValue },
      trend: [{ day: snap.day, buyers: 42, atRiskHighValue: snap.atRiskHighValue, version: v1 }],
    });
    // A snapshot a pass wrote before the rename (old stored data on purpose): the answer names its segment today.
    const snaps = c.cloud.db.collection('value_snapshots');
    const bySegment = snap.bySegment as Array<{ segment: string; name: string | null }>;
    await snaps.update({ _id: snap._id }, { $set: { bySegment: bySegment.map((s) => (s.segment === '1' ? { ...s, name: '高价值忠诚客户' } : s)) } });
    const renamed = (await admin({ action: 'valueOverview' })).data.latest.bySegment as typeof bySegment;
    expect(renamed.find((s) => s.segment === '1')?.name).toBe('忠诚高消费客户');
    await snaps.update({ _id: snap._id }, { $set: { bySegment } });
    const { guard, dataWindow } = page.data.serving;
    expect(guard.to).toBe(dataWindow.to);
    expect(Date.parse(guard.to) - Date.parse(guard.from)).toBe(90 * 86_400_000);
    expect((await c.call<Reply>('admin', { action: 'valueOverview' }, 'loyal00')).error?.code).toBe(
      'FORBIDDEN',
    );
    expect((await admin({ action: 'valueOverview', days: 0 })).error?.code).toBe('INVALID_INPUT');
    // Nothing is due on the next call the same day: no refit, no pass.
    const again = await tickTimer();
    expect(again.data.refit).toMatchObject({ status: 'idle', started: false });
    expect(again.data.score).toMatchObject({ status: 'idle', started: false });
  }, 240_000);

  it('staff refit resumes across calls within tiny budgets and is judged against the serving version', async () => {
    // A 300 ms budget with one profile per step: the reads alone take many checkpointed calls.
    let r = await c.call<Reply>('value', { action: 'refit', budgetMs: 300, pageSize: 1 }, STAFF);
    expect(r.error).toBeUndefined();
    expect(r.data.refit.started).toBe(true);
    let calls = 1;
    while (!['succeeded', 'failed'].includes(r.data.refit.status) && calls < 200) {
      r = await c.call<Reply>('value', { action: 'refit', budgetMs: 300, pageSize: 1 }, STAFF);
      calls++;
    }
    expect(r.data.refit.status).toBe('succeeded');
    expect(calls).toBeGreaterThan(1);
    const run = c.cloud.db.collection('job_runs').get(r.data.refit.runId) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(run).toMatchObject({ kind: 'refit:value', requestedBy: `staff:${STAFF}`, status: 'succeeded' });
    expect(run.invocations).toBeGreaterThan(1);
    expect(Object.keys(readKeys(run.artifacts))).toEqual(
      expect.arrayContaining(['histories-0.json.gz', 'bt-buyers-model.json.gz', 'fit-model.json.gz']),
    );
    const judged = (await store.version('value', run.result.version))!;
    expect(judged.evaluation).toMatchObject({ metric: 'rmse', incumbentVersion: v1, heldOut: 39 });
    expect(judged.status).toBe(judged.evaluation!.passed ? 'serving' : 'rejected');
    // A rejected refit is named on the 客户价值 page with the figures it lost by; one that serves is not.
    expect((await admin({ action: 'valueOverview' })).data.lastRefit).toEqual(
      judged.status === 'rejected'
        ? { version: judged.version, status: 'rejected', createdAt: expect.any(String), evaluation: judged.evaluation }
        : null,
    );
    const s = await c.call<Reply>('value', { action: 'status' }, STAFF);
    expect(s.data).toMatchObject({
      refit: { runId: run._id, status: 'succeeded' },
      serving: { version: pointer()!.serving },
    });
    // The instance knows its container's memory (config.json memorySize, the local cloud's heap rule).
    const configured = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../cloudfunctions/value/config.json'), 'utf8'));
    expect(s.data.memory.mb / (configured.memorySize ?? 256)).toBeCloseTo(1, 1);
    expect(s.data.memory.maxRefitCustomers).toBeGreaterThan(1000);
  }, 300_000);

  it('admin modelRefit works on the run at once; the timer finishes it and the 模型 card names the new version', async () => {
    // Nothing serving, so the staff refit is judged against no prediction and ships.
    expect((await admin({ action: 'modelRollback', model: 'value', to: 'shipped' })).ok).toBe(true);
    // The shop has grown: 200 more regular buyers, enough training rows for trees (young-shop.ts),
    // so the refit has many steps to spread over the calls.
    const now = Date.now();
    for (let i = 0; i < 200; i++)
      c.cloud.db.collection('profiles').insert(
        buyerProfile(
          `grown${String(i).padStart(3, '0')}`,
          now,
          Array.from({ length: 12 }, (_, k) => 2 + (i % 20) + 20 * k),
          { fen: 5000 },
        ),
      );
    // A small budget, so the request starts and advances the run but leaves work for the timer.
    const opened = await admin({ action: 'modelRefit', model: 'value', budgetMs: 300 });
    expect(opened.error).toBeUndefined();
    expect(opened.data).toMatchObject({
      created: true,
      tick: { runId: opened.data.runId, status: 'progress' },
    });
    expect(opened.data.tick.steps).toBeGreaterThan(0);
    const atRequest = c.cloud.db.collection('job_runs').get(opened.data.runId) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(atRequest).toMatchObject({ status: 'running', invocations: 1, requestedBy: `staff:${STAFF}` });
    expect(atRequest.steps).toBe(opened.data.tick.steps);
    const lastRefit = async () =>
      (await admin({ action: 'models' })).data.find((m: { model: string }) => m.model === 'value').lastRefit;
    let timerCalls = 0;
    for (; timerCalls < 20 && (await lastRefit()).status === 'running'; timerCalls++) {
      const r = await tickTimer();
      expect(r.data.refit).toMatchObject({ runId: opened.data.runId, started: false });
    }
    expect(timerCalls).toBeGreaterThan(0);
    const run = c.cloud.db.collection('job_runs').get(opened.data.runId) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(run.result).toMatchObject({ outcome: 'promoted' });
    expect(run.invocations).toBe(1 + timerCalls);
    const models = await admin({ action: 'models' });
    const value = models.data.find((m: { model: string }) => m.model === 'value');
    expect(value).toMatchObject({
      label: '客户价值',
      serving: {
        source: 'shop',
        version: run.result.version,
        dataWindow: { n: 242 },
        evaluation: { metric: 'rmse', incumbentVersion: 'shipped' },
      },
      lastRefit: {
        runId: opened.data.runId,
        status: 'succeeded',
        requestedBy: `staff:${STAFF}`,
        result: { summary: '回测胜过不预测，已上线' },
      },
    });
    expect(pointer()!.serving).toBe(run.result.version);
    expect(run.result.version).not.toBe(v1);
    // Grown past the young-shop rule for buyers: trees, no family left out (one browser still
    // gives the visitor part too few rows, and the record says so).
    expect((await store.version('value', run.result.version))!.meta).toMatchObject({
      young: { buyers: 'trees', dropped: [], visitors: 'few_rows' },
    });
  }, 300_000);

  it('a promotion and a rollback change profiles.value.version after the next pass', async () => {
    const before = pointer()!.serving as string;
    const bytes = (await store.version('value', before))!.files.find((f) => f.name === 'model.json')!;
    const model = await store.download(bytes.fileID);
    const cand = await store.publishCandidate({
      model: 'value',
      files: {
        'model.json': model,
        'meta.json': Buffer.from(JSON.stringify({ model: 'value', horizonDays: 90 })),
      },
      dataWindow: { from: '2025-01-01', to: '2026-12-01', n: 42 },
    });
    const g = await store.guard({
      model: 'value',
      version: cand.version,
      evaluation: { metric: 'rmse', candidate: 0.5, incumbent: 0.6, heldOut: 39, incumbentVersion: before },
      rule: { higherIsBetter: false, minHeldOut: 30 },
    });
    expect(g.promoted).toBe(true);
    await untilScored();
    expect(profile('quiet03')!.value.version).toBe(cand.version);
    const back = await admin({ action: 'modelRollback', model: 'value', to: before, note: '测试回滚' });
    expect(back.data).toMatchObject({ serving: before });
    await untilScored();
    expect(profile('once05')!.value.version).toBe(before);
    // Back to no model: the next pass removes the withdrawn predictions instead of leaving them.
    expect((await admin({ action: 'modelRollback', model: 'value', to: 'shipped' })).ok).toBe(true);
    await untilScored();
    expect(profile('loyal00')!.value).toBeUndefined();
    expect(profile('quiet03')!.value).toBeUndefined();
  }, 300_000);

  it('refuses customers and malformed requests with stable codes', async () => {
    expect((await c.call<Reply>('value', { action: 'refit' }, 'loyal00')).error?.code).toBe('FORBIDDEN');
    expect((await c.call<Reply>('value', { action: 'explode' }, STAFF)).error?.code).toBe('INVALID_INPUT');
  });
});
