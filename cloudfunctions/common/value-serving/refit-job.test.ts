/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * refit:value on the job runner with in-memory ports: one step per tick, every tick a fresh
 * handler (a new container: nothing decoded survives), and a tick killed in the middle of the
 * final fit's trees — after it wrote its checkpoint artifact, before the run recorded it.
 */
import crypto from 'node:crypto';
import { buyerProfile, seasonalBuyerProfiles, shortHistoryBuyerProfiles } from '../../../test/helpers/profiles';
import { createJobRunner, memoryJobPorts, type JobHandler, type StepContext } from '../jobs';
import { tickStepByStep } from '../jobs/step-ticks';
import { createModelStore, memoryModelStorePorts } from '../model-store';
import { dayIndex } from '../profile/day';
import type { ProfileDoc } from '../profile/types';
import { formatDay } from '../value/history';
import { historyOfProfile } from '../value/profile-history';
import { backtestValue, fitGuardedValueModel } from './backtest';
import { HORIZON_DAYS, REFIT_KIND, valueRefitHandler } from './refit-job';
import type { ValueModel } from '../value/model';
import { MODEL_FILE, servedValueModel, VALUE_MODEL } from './served-model';

// Per test: the slowest took 200 s at load 12-14 with the CPU shared (172 s for the whole file in a
// CI run at nice 0); CI machines reach load 20.
jest.setTimeout(900_000);

const NOW = Date.UTC(2026, 11, 1, 4);

/**
 * 240 buyers: regulars, lapsed regulars and one-off buyers over the last ~420 days (enough for a
 * back-test like the fit, so the guard's blend ships with the model, and enough training rows in
 * both fits for trees: common/value/young-shop.ts).
 */
function profiles(): ProfileDoc[] {
  return Array.from({ length: 240 }, (_, i) => {
    const id = `u${String(i).padStart(4, '0')}`;
    const gap = 9 + (i % 7) * 6;
    const stop = i % 4 === 0 ? 150 + (i % 5) * 20 : 1 + (i % 9);
    const days: number[] = [];
    for (let d = 420 - (i % 60); d >= stop; d -= gap + (i % 3)) days.push(d);
    return buyerProfile(id, NOW, days, { fen: 1000 + (i % 13) * 700 });
  });
}

/**
 * A shop that grew (backtest.test.ts `grown`, in days ago): 40 buyers over the last 800 days and
 * 260 more joining 100–350 days ago. A year ago only the 40 had bought: the back-test's fit then
 * had too few rows for trees (young-shop.ts), today's has enough.
 */
function grownProfiles(): ProfileDoc[] {
  return Array.from({ length: 300 }, (_, i) => {
    const start = i < 40 ? i % 30 : 450 + ((i * 37) % 250);
    const gap = 9 + (i % 6) * 8 + (i % 4);
    const stop = i % 5 === 0 ? start + 120 : 800;
    const days: number[] = [];
    for (let d = start; d <= Math.min(stop, 800); d += gap) days.push(800 - d);
    return buyerProfile(`g${String(i).padStart(4, '0')}`, NOW, days.reverse(), { fen: 10000 });
  });
}

/** `memoryMb`: the instance's memory, as the value function reads it (memory-budget.ts). */
function setup(memoryMb = 256, make: () => ProfileDoc[] = profiles, season = false) {
  let clock = NOW;
  const docs = make().sort((a, b) => (a._id < b._id ? -1 : 1));
  const store = createModelStore(memoryModelStorePorts(() => new Date(clock)));
  const jobPorts = memoryJobPorts(() => clock);
  const handler = () =>
    valueRefitHandler(
      {
        data: { pageProfiles: async (after, limit) => docs.filter((d) => d._id > after).slice(0, limit) },
        store,
        served: () => servedValueModel(store),
        now: () => clock,
        memoryMb: () => memoryMb,
      },
      { pageSize: 50, chunkMs: 0, season },
    );
  return { docs, store, jobPorts, handler, advance: (ms: number) => (clock += ms) };
}
type Setup = ReturnType<typeof setup>;

/** One step per tick (each step takes 1 ms of a 1 ms budget), a fresh handler per tick. */
const runToEnd = (s: Setup, wrap: (h: JobHandler) => JobHandler = (h) => h) =>
  tickStepByStep({
    jobPorts: s.jobPorts,
    advance: s.advance,
    handler: () => wrap(s.handler()),
    gapMs: 60_000,
    maxTicks: 2000,
  });

async function servedBytes(s: Setup): Promise<Buffer> {
  const { serving } = await s.store.state(VALUE_MODEL);
  const file = serving!.files.find((f) => f.name === MODEL_FILE)!;
  return s.store.download(file.fileID);
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('refit:value in bounded steps', () => {
  /** What one uninterrupted guarded fit (eval:clv's call) makes of the same profiles. */
  const uninterrupted = () =>
    JSON.stringify(
      fitGuardedValueModel(profiles().map(historyOfProfile), {
        end: dayIndex(NOW),
        horizonDays: HORIZON_DAYS,
        seed: 1,
      }).model,
    );

  it('fits in many one-step ticks to exactly the one-call guarded fit’s model, judged by the one-call back-test', async () => {
    const s = setup();
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    const { r, phases } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    const count = (p: string) => phases.filter((x) => x === p).length;
    // read pages, then many back-test and fit steps (cut-offs, binning, tree chunks), then publish
    expect(count('read')).toBeGreaterThanOrEqual(4);
    expect(count('backtest')).toBeGreaterThan(10);
    expect(count('fit')).toBeGreaterThan(10);
    const [run] = await createJobRunner(s.jobPorts).runs(REFIT_KIND, 1);
    expect(run.result).toMatchObject({ outcome: 'promoted' });
    const histories = s.docs.map(historyOfProfile);
    const today = dayIndex(NOW);
    expect((await servedBytes(s)).toString('utf8')).toBe(uninterrupted());
    const { serving } = await s.store.state(VALUE_MODEL);
    const bt = backtestValue(histories, { end: today, horizonDays: HORIZON_DAYS, incumbent: null });
    expect(serving!.meta.backtest).toMatchObject({
      candidate: bt.candidate,
      heldOut: bt.heldOut,
      likeTheFit: true,
    });
    // The served model predicts with the blend its back-test chose.
    expect(JSON.parse((await servedBytes(s)).toString('utf8')).blend).toEqual(bt.blend);
    expect(serving!.meta.maxStepSeconds).toBeGreaterThan(0);
  });

  it('ships only what its back-test judged: trees fitted today but none a year ago serve as scale · BG/NBD, and meta says so', async () => {
    // With the last-season set asked for: an untested blend ships none (season-fit.ts seasonPlanOf).
    const s = setup(256, grownProfiles, true);
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    const { r } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    const served = JSON.parse((await servedBytes(s)).toString('utf8')) as ValueModel;
    const one = fitGuardedValueModel(s.docs.map(historyOfProfile), { end: dayIndex(NOW), horizonDays: HORIZON_DAYS, seed: 1, season: true });
    expect(one.backtest?.judgedTrees).toBe(0);
    expect(served.season).toBeUndefined();
    expect(JSON.stringify(served)).toBe(JSON.stringify(one.model));
    expect(served.learned.gbt.trees.length).toBeGreaterThan(0);
    expect(served.blend).toEqual(one.model.blend);
    expect(served.blend).toMatchObject({ weight: 0, untested: true });
    const { serving } = await s.store.state(VALUE_MODEL);
    expect((serving!.meta.backtest as { blend: unknown }).blend).toEqual(served.blend);
    // The back-test decided it before the fit: no last-season trees were trained only to be dropped.
    const [run] = await createJobRunner(s.jobPorts).runs(REFIT_KIND, 1);
    expect(Object.keys(run.artifacts).filter((n) => n.includes('season'))).toEqual([]);
  });

  it('a shop too big for the instance’s memory ends before its first fit step, saying which memory to set', async () => {
    // A few hundred customers need ~175 MB by the measured lines: a 128 MB instance must not start
    // the fit (it would die in a step, and every timer tick would die again at the same step).
    const s = setup(128);
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    const { r, phases } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    expect(phases).not.toContain('visitors');
    expect(phases).not.toContain('fit');
    const [run] = await createJobRunner(s.jobPorts).runs(REFIT_KIND, 1);
    expect(run.result).toMatchObject({
      outcome: 'too_big_for_memory',
      customers: s.docs.length,
      memoryMb: 128,
      summary: expect.stringMatching(
        new RegExp(`^${s.docs.length} 位客户训练约需 1\\d\\d MB 内存，value 云函数只有 128 MB：请在云开发控制台把它的内存调到 256 MB$`),
      ),
    });
    expect(Object.keys(run.artifacts).filter((n) => !n.startsWith('histories-'))).toEqual([]);
    expect((await s.store.state(VALUE_MODEL)).serving).toBeNull();
  });

  /**
   * Runs until an invocation dies right after uploading a checkpoint whose name matches `artifact`
   * (before the run recorded it); returns the runner, the lost checkpoint and the dead run.
   */
  async function killOnceAfter(s: Setup, artifact: RegExp) {
    let killed = 0;
    let lost = '';
    const dying = (h: JobHandler): JobHandler => ({
      kind: REFIT_KIND,
      step: (ctx) =>
        h.step({
          ...ctx,
          run: ctx.run,
          timeLeft: ctx.timeLeft,
          getArtifact: ctx.getArtifact,
          putArtifact: async (name, content) => {
            const id = await ctx.putArtifact(name, content);
            if (!killed && artifact.test(name)) {
              killed++;
              lost = name.replace(/\.gz$/, '');
              await new Promise(() => {});
            }
            return id;
          },
        } as StepContext),
    });
    const runner = createJobRunner(s.jobPorts);
    // bounded by time, not by a count of 5 ms turns: each step takes what it takes on a loaded machine
    for (const deadline = Date.now() + 600_000; !killed && Date.now() < deadline;) {
      const h = dying(s.handler());
      void runner.tick(
        { kind: REFIT_KIND, step: (ctx) => h.step(ctx).finally(() => s.advance(1)) },
        { budgetMs: 1 },
      );
      await new Promise((res) => setTimeout(res, 5));
      s.advance(1000);
    }
    expect(killed).toBe(1);
    const [dead] = await runner.runs(REFIT_KIND, 1);
    expect(dead.phase).toBe('fit');
    expect(Object.keys(dead.artifacts)).toContain(`${lost}.gz`); // uploaded, but the run still points before it
    expect((dead.state.fit as { pass: string }).pass).not.toBe(lost);
    expect((await runner.tick(s.handler(), { budgetMs: 1 })).status).toBe('busy'); // its lease holds
    s.advance(70_000);
    return { runner, lost, dead };
  }

  it('a tick killed mid-fit (checkpoint artifact written, not recorded) resumes to the identical model', async () => {
    const s = setup();
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    // The invocation dies right after uploading a tree checkpoint of the final fit (select pass).
    const { runner, dead } = await killOnceAfter(s, /^fit-select-[12]\.bin\.gz$/);
    expect((dead.state.fit as { pass: string }).pass).toMatch(/^fit-select-[012]\.bin$/);
    const { r } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    const [run] = await runner.runs(REFIT_KIND, 1);
    expect(run.invocations).toBe(run.steps + 1); // one step per invocation, plus the dead one
    expect(sha(await servedBytes(s))).toBe(sha(Buffer.from(uninterrupted())));
  });

  it('a short history ships the Pareto/NBD-hybrid level, stepped to the one-call guarded fit’s model; meta.level says so', async () => {
    const s = setup(256, () => shortHistoryBuyerProfiles(NOW));
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    const { r, phases } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    expect(phases).toContain('publish');
    const one = fitGuardedValueModel(s.docs.map(historyOfProfile), { end: dayIndex(NOW), horizonDays: HORIZON_DAYS, seed: 1 });
    expect(one.backtest).toBeNull();
    expect(one.model.level?.factor).toBeGreaterThan(0);
    const [version] = await s.store.history(VALUE_MODEL, 1);
    const file = version.files.find((f) => f.name === MODEL_FILE)!;
    expect((await s.store.download(file.fileID)).toString('utf8')).toBe(JSON.stringify(one.model));
    expect(version.meta.level).toEqual(one.model.level);
  });

  it('a seasonal shop ships last season’s trees mixed in; a tick killed in their pass resumes to the one-call guarded fit’s model', async () => {
    const s = setup(512, () => seasonalBuyerProfiles(NOW), true);
    await createJobRunner(s.jobPorts).start(REFIT_KIND, { requestedBy: 'timer' });
    const { runner, dead } = await killOnceAfter(s, /^fit-season-select-[12]\.bin\.gz$/);
    expect(dead.state.fit).toMatchObject({ stage: 'season-select' });
    const { r, phases } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    expect(phases).toContain('publish');
    const [run] = await runner.runs(REFIT_KIND, 1);
    expect(run.invocations).toBe(run.steps + 1);
    expect(run.result).toMatchObject({ outcome: expect.stringMatching(/^(promoted|rejected)$/) });
    const histories = s.docs.map(historyOfProfile);
    const one = fitGuardedValueModel(histories, { end: dayIndex(NOW), horizonDays: HORIZON_DAYS, seed: 1, season: true });
    expect(one.backtest?.likeTheFit).toBe(true); // a blend is set before the season mix
    const expected = one.model;
    expect(expected.season?.learned.gbt.trees.length).toBeGreaterThan(0);
    const [version] = await s.store.history(VALUE_MODEL, 1);
    const file = version.files.find((f) => f.name === MODEL_FILE)!;
    expect((await s.store.download(file.fileID)).toString('utf8')).toBe(JSON.stringify(expected));
    // The version's meta tells the admin page about them (value-overview.ts guard.season).
    expect(version.meta.season).toEqual({
      weight: 0.5,
      scale: expected.season!.scale,
      trees: expected.season!.learned.gbt.trees.length,
      cutoffs: expected.season!.learned.cutoffs.map(formatDay),
      trainingRows: expected.season!.learned.trainingRows,
    });
  });
});
