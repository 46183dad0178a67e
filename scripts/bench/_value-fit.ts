/**
 * The value fit as the refit job runs it (common/value/fit-steps.ts), measured end to end: steps
 * in 40 s ticks (the value/refit functions' budget; a step starts only while the tick has budget
 * left, as the job runner does), every tick a new container (its decoded artifacts are dropped and
 * re-read from the artifacts, held here in memory as the encoded buffers cloud storage would hold).
 */
import os from 'node:os';
import { fitResult, fitStart, fitStep, seasonResult, type SteppedFit } from '../../cloudfunctions/common/value/fit-steps';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { withSeason } from '../../cloudfunctions/common/value/season-fit';

/** Budget of one invocation (common/jobs DEFAULT_BUDGET_MS). */
const TICK_MS = 40_000;

/** What the stepped fit cost. */
export interface ValueFitMeasure {
  model: ValueModel;
  seconds: number;
  /** CPU seconds of this process (a busy machine stretches the wall clock, much less the CPU time) */
  cpuSeconds: number;
  maxStepSeconds: number;
  maxStepCpuSeconds: number;
  /** the stage of the slowest step (base, rows, select, final) */
  maxStepStage: string;
  /** the slowest step of last season's trees (stages season-…), and the mix step (withSeason) */
  maxSeasonStepSeconds: number;
  steps: number;
  ticks: number;
  /** largest artifact written, bytes */
  maxArtifactBytes: number;
}

/**
 * Fits `customers` at `end` (horizon 90 days, seed 1) in steps and ticks; with `season`, last
 * season's trees too, mixed in as the refit's last fit step does (no blend: no back-test here).
 */
export async function measureValueFit(
  customers: readonly CustomerHistory[],
  end: number,
  season = false,
): Promise<ValueFitMeasure> {
  const files = new Map<string, Buffer>();
  const f: SteppedFit = {
    prefix: 'fit-',
    opts: { end, horizonDays: 90, seed: 1 },
    customers: async () => customers,
    artifacts: {
      put: async (name, b) => files.set(name, b),
      get: async (name) => files.get(name) as Buffer,
    },
    cache: new Map(),
    season,
  };
  let p = fitStart();
  let maxStep = 0;
  let maxSeason = 0;
  let maxStepCpu = 0;
  let maxStage = '';
  const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  const cpu0 = process.cpuUsage();
  let ticks = 0;
  const t0 = performance.now();
  while (p.stage !== 'done') {
    ticks++;
    f.cache.clear();
    const tick0 = performance.now();
    while (p.stage !== 'done' && performance.now() - tick0 < TICK_MS) {
      const s0 = performance.now();
      const c0 = process.cpuUsage();
      const stage = p.stage;
      p = await fitStep(f, p);
      const sec = (performance.now() - s0) / 1000;
      maxStepCpu = Math.max(maxStepCpu, cpu(process.cpuUsage(c0)));
      if (sec > maxStep) [maxStep, maxStage] = [sec, stage];
      if (stage.startsWith('season') || p.stage.startsWith('season')) maxSeason = Math.max(maxSeason, sec);
    }
    console.log(
      `fit tick ${ticks}: stage ${p.stage}, ${p.steps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`,
    );
  }
  const trees = await seasonResult(f, p);
  const m0 = performance.now();
  const model = trees ? withSeason(await fitResult(f, p), customers, trees) : await fitResult(f, p);
  const mixSeconds = (performance.now() - m0) / 1000;
  if (trees) console.log(`fit: last season's trees mixed in in ${mixSeconds.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`);
  const seconds = (performance.now() - t0) / 1000;
  return {
    model,
    maxSeasonStepSeconds: Math.max(maxSeason, trees ? mixSeconds : 0),
    seconds,
    cpuSeconds: cpu(process.cpuUsage(cpu0)),
    maxStepSeconds: maxStep,
    maxStepCpuSeconds: maxStepCpu,
    maxStepStage: maxStage,
    steps: p.steps,
    ticks,
    maxArtifactBytes: Math.max(...[...files.values()].map((b) => b.length)),
  };
}
