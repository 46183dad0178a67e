/**
 * Test support: drive a job one step per tick until it ends, as the slowest possible host would —
 * each step costs 1 ms of a 1 ms budget, each tick is a fresh runner (a new container), and the
 * clock jumps `gapMs` between ticks. Resumption from every checkpoint is then exercised.
 */
import { createJobRunner, type TickResult } from './runner';
import type { JobPorts } from './ports';
import type { JobHandler } from './types';

/** What {@link tickStepByStep} needs. */
export interface StepTickOptions {
  jobPorts: JobPorts;
  /** Moves the test clock the runner and handler read. */
  advance: (ms: number) => void;
  /** The handler for the next tick (a new one per tick imitates a cold container). */
  handler: () => JobHandler;
  /** Clock jump between ticks (a timer's period). */
  gapMs: number;
  maxTicks: number;
  /** Runs before each tick (e.g. drop a per-container cache). */
  beforeTick?: () => void;
}

/** Ticks until the run succeeds; throws if it fails or does not finish within `maxTicks`. */
export async function tickStepByStep(
  o: StepTickOptions,
): Promise<{ r: TickResult; ticks: number; phases: string[] }> {
  const phases: string[] = [];
  for (let t = 0; t < o.maxTicks; t++) {
    o.beforeTick?.();
    const h = o.handler();
    const timed: JobHandler = { kind: h.kind, step: (ctx) => h.step(ctx).finally(() => o.advance(1)) };
    const r = await createJobRunner(o.jobPorts).tick(timed, { budgetMs: 1 });
    phases.push(r.phase as string);
    o.advance(o.gapMs);
    if (r.status === 'failed') throw new Error(`run failed in ${r.phase}: ${r.error}`);
    if (r.status === 'succeeded') return { r, ticks: t + 1, phases };
  }
  throw new Error('did not finish');
}
