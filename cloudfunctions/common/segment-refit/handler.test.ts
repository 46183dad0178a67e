/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../jobs';
import { tickStepByStep } from '../jobs/step-ticks';
import { createModelStore, memoryModelStorePorts, SHIPPED } from '../model-store';
import type { SegmentationMeta } from '../segments/meta';
import { FINAL_RESTARTS, KIND, MIN_CUSTOMERS, REFIT_SELECT } from './config';
import { segmentationRefitHandler } from './handler';
import { forgetRefitData } from './refit-data';
import { browseOnlyProfiles, shopProfiles } from './testing/shop-profiles';

const AS_OF = Date.UTC(2026, 11, 1);
const shipped = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../models/segmentation/meta.json'), 'utf8'),
) as SegmentationMeta;

/** A shop of `n` buyers and `browsers` visitors who never bought. */
async function setup(n: number, browsers = 0) {
  let clock = AS_OF;
  const { db } = memoryDb();
  const docs = [...browseOnlyProfiles(browsers, AS_OF), ...shopProfiles(n, AS_OF)];
  for (let i = 0; i < docs.length; i += 500) await db.insert(COLLECTIONS.profiles, docs.slice(i, i + 500));
  const sp = memoryModelStorePorts(() => new Date(clock));
  const store = createModelStore(sp);
  const jobPorts = memoryJobPorts(() => clock);
  const env = { db, store, now: () => clock, shippedMeta: () => shipped };
  const handler = segmentationRefitHandler(env);
  const advance = (ms: number) => (clock += ms);
  return { db, store, jobPorts, env, handler, advance, runner: createJobRunner(jobPorts) };
}

/** Tick until the run ends (each tick a fresh runner and a cold data cache: a new container). */
const runToEnd = (s: Awaited<ReturnType<typeof setup>>, handler: JobHandler = s.handler) =>
  tickStepByStep({
    jobPorts: s.jobPorts,
    advance: s.advance,
    handler: () => handler,
    gapMs: 300_000,
    maxTicks: 100,
    beforeTick: forgetRefitData,
  });

const lastRun = async (s: Awaited<ReturnType<typeof setup>>) => (await s.runner.runs(KIND, 1))[0];

describe('refit:segmentation', () => {
  afterEach(forgetRefitData);

  it('fits the shop\'s buyers in one-step ticks, beats the shipped model on held-back buyers, and serves', async () => {
    // 400 visitors who never bought are the non-buyer group: not in the fit, not in the guard
    const s = await setup(1500, 400);
    await s.runner.start(KIND, { requestedBy: 'timer', params: { asOf: AS_OF } });
    const { r, ticks, phases } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    const kSteps = REFIT_SELECT.kMax - REFIT_SELECT.kMin + 1;
    expect(ticks).toBe(1 + kSteps + FINAL_RESTARTS + 2);
    expect(new Set(phases)).toEqual(new Set(['select', 'fit', 'publish', 'guard']));
    const run = await lastRun(s);
    expect(run.result).toMatchObject({ outcome: 'promoted', customers: 1500, serving: run.result?.version });
    const ev = run.result?.evaluation as {
      candidate: number;
      incumbent: number;
      incumbentVersion: string;
      heldOut: number;
    };
    expect(ev.incumbentVersion).toBe(SHIPPED);
    expect(ev.candidate).toBeGreaterThan(ev.incumbent + 0.01);
    expect(ev.heldOut).toBeGreaterThan(200);
    expect(ev.heldOut).toBeLessThan(350); // a fifth of the 1,500 buyers, not of 1,900 customers
    const { pointer, serving } = await s.store.state('segmentation');
    expect(pointer?.serving).toBe(run.result?.version);
    const meta = serving?.meta as unknown as SegmentationMeta;
    expect(meta.segments.length).toBe(run.result?.k);
    expect(meta.identity.previousVersion).toBe(shipped.version);
    expect(serving?.files.map((f) => f.name).sort()).toEqual(['meta.json', 'model.onnx']);
    expect(serving?.dataWindow).toMatchObject({ n: 1500, to: new Date(AS_OF).toISOString() });
  }, 300_000);

  it('a run killed mid-step resumes from its last checkpoint to exactly the same model', async () => {
    const a = await setup(900);
    await a.runner.start(KIND, { requestedBy: 'timer', params: { asOf: AS_OF, seed: 5 } });
    const clean = await runToEnd(a);
    const cleanMeta = (await a.store.state('segmentation')).serving?.meta as unknown as SegmentationMeta;

    const b = await setup(900);
    await b.runner.start(KIND, { requestedBy: 'timer', params: { asOf: AS_OF, seed: 5 } });
    let killed = 0;
    // The 3rd restart of the final fit never returns: the invocation is dead, its lease lapses.
    const dying: JobHandler = {
      kind: KIND,
      step: (ctx) =>
        ctx.run.phase === 'fit' && (ctx.run.state as { restart?: number }).restart === 3 && !killed++
          ? new Promise(() => {})
          : b.handler.step(ctx),
    };
    // ticks until one of them dies (real time: each step takes what it takes on a loaded machine)
    for (const deadline = Date.now() + 120_000; !killed && Date.now() < deadline;) {
      void createJobRunner(b.jobPorts).tick(dying, { budgetMs: 1 });
      await new Promise((res) => setTimeout(res, 50));
      b.advance(1000);
    }
    expect(killed).toBe(1);
    expect((await createJobRunner(b.jobPorts).tick(b.handler)).status).toBe('busy'); // the dead lease still holds
    b.advance(70_000);
    const resumed = await runToEnd(b);
    expect(resumed.r.status).toBe('succeeded');
    const run = await lastRun(b);
    expect(run.invocations).toBeGreaterThan(resumed.ticks);
    const meta = (await b.store.state('segmentation')).serving?.meta as unknown as SegmentationMeta;
    expect(meta.centroids).toEqual(cleanMeta.centroids);
    expect(meta.segments.map((x) => [x.id, x.name])).toEqual(cleanMeta.segments.map((x) => [x.id, x.name]));
    expect(run.result?.evaluation).toEqual((await lastRun(a)).result?.evaluation);
    expect(clean.r.status).toBe('succeeded');
  }, 300_000);

  it('a refit on the same customers keeps every segment id and does not replace the serving version', async () => {
    const s = await setup(900);
    await s.runner.start(KIND, { requestedBy: 'timer', params: { asOf: AS_OF } });
    await runToEnd(s);
    const first = await lastRun(s);
    const firstMeta = (await s.store.state('segmentation')).serving?.meta as unknown as SegmentationMeta;
    await s.runner.start(KIND, { requestedBy: 'staff:s1', params: { asOf: AS_OF } });
    await runToEnd(s);
    const second = await lastRun(s);
    expect(second.result).toMatchObject({ outcome: 'rejected', serving: first.result?.version });
    const cand = (await s.store.version('segmentation', second.result?.version as string))
      ?.meta as unknown as SegmentationMeta;
    expect(cand.identity).toMatchObject({
      previousVersion: firstMeta.version,
      added: [],
      retired: [],
      renamed: [],
    });
    expect(cand.segments.map((x) => [x.id, x.name])).toEqual(firstMeta.segments.map((x) => [x.id, x.name]));
  }, 300_000);

  it(`below ${MIN_CUSTOMERS} buyers the shipped model stays and nothing is published, however many visitors`, async () => {
    const s = await setup(MIN_CUSTOMERS - 1, 300);
    await s.runner.start(KIND, { requestedBy: 'timer' });
    const { r } = await runToEnd(s);
    expect(r.status).toBe('succeeded');
    expect((await lastRun(s)).result).toMatchObject({ outcome: 'cold_start', customers: MIN_CUSTOMERS - 1 });
    expect(await s.store.history('segmentation')).toEqual([]);
  });
});
