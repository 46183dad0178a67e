/**
 * One invocation of the value function's jobs in a fresh process, for the memory figures of
 * `npm run bench -- value` (_value-memory.ts bundles this file like a deployed function: the
 * value function's entry with wx-server-sdk is loaded first, so its memory counts as it does in a
 * container). Reads a job file (argv[2]):
 * - `score`: the scoring pass (valueScoreHandler, pages of 500 read from page files as the
 *   database hands them over; writes go nowhere) over every page with the given model;
 * - `refit`: one 40 s tick of `refit:value` (valueRefitHandler: read, back-test, visitor check,
 *   stepped fit, publish) resumed from the run file, artifacts as files (cloud storage).
 * Before each step the process's peak RSS is reset to its current RSS (/proc/self/clear_refs),
 * so each step's peak is what that step needed on top of what the invocation already held.
 * Prints one JSON line: the steps' peaks (MB), the run file is updated for the next tick.
 */
import fs from 'node:fs';
import path from 'node:path';
import '../../cloudfunctions/value/index';
import { newJobRun } from '../../cloudfunctions/common/jobs/runner';
import type { JobRun, StepContext, StepOutcome } from '../../cloudfunctions/common/jobs/types';
import { createModelStore, memoryModelStorePorts } from '../../cloudfunctions/common/model-store';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
import { valueRefitHandler, valueScoreHandler } from '../../cloudfunctions/common/value-serving';
import type { ValueModel } from '../../cloudfunctions/common/value/model';
import type { MemoryJob, StepMemory } from './_value-memory';

const MB = 1024 * 1024;
const status = () => fs.readFileSync('/proc/self/status', 'utf8');
const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status())?.[1] ?? NaN);
const resetPeak = () => fs.writeFileSync('/proc/self/clear_refs', '5');

function pageProfiles(dir: string, page: number) {
  return async (after: string, limit: number): Promise<ProfileDoc[]> => {
    const start = after === '' ? 0 : Number(after.slice(1)) + 1;
    const out: ProfileDoc[] = [];
    for (let k = start / page; out.length < limit; k++) {
      const file = path.join(dir, `page-${k}.json`);
      if (!fs.existsSync(file)) break;
      out.push(...(JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileDoc[]));
    }
    return out;
  };
}

async function runSteps(
  step: (run: JobRun) => Promise<StepOutcome>,
  run: JobRun,
  until: () => boolean,
): Promise<{ run: JobRun; steps: StepMemory[]; done: boolean }> {
  const steps: StepMemory[] = [];
  let done = false;
  while (!done && !until()) {
    resetPeak();
    const t0 = performance.now();
    const phase = run.phase;
    const stage = (run.state.fit as { stage?: string } | undefined)?.stage;
    const out = await step(run);
    steps.push({
      phase,
      ...(stage ? { stage } : {}),
      rssMb: kb('VmHWM') / 1024,
      heapMb: process.memoryUsage().heapUsed / MB,
      seconds: (performance.now() - t0) / 1000,
    });
    if (out.done) done = true;
    else run = { ...run, phase: out.phase ?? run.phase, cursor: out.cursor ?? run.cursor, state: out.state ?? run.state };
    // The second publish step needs the store of the first; the measure ends at the candidate.
    if (run.phase === 'publish' && run.state.candidate) done = true;
  }
  return { run, steps, done };
}

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as MemoryJob;
  const baseMb = kb('VmRSS') / 1024;
  const data = {
    pageProfiles: pageProfiles(job.pagesDir, job.page),
    writeValue: async () => undefined,
    clearValue: async () => undefined,
    saveSnapshot: async () => undefined,
  };
  const blank = (kind: string): JobRun => newJobRun(`${kind}@bench`, kind, 'bench', {}, job.now);
  const ctxOf = (run: JobRun): StepContext => ({
    run,
    timeLeft: () => Infinity,
    putArtifact: async (name, content) => {
      fs.writeFileSync(path.join(job.artifactsDir as string, name), content);
      return name;
    },
    getArtifact: async (name) => fs.readFileSync(path.join(job.artifactsDir as string, name)),
  });
  let result: { run: JobRun; steps: StepMemory[]; done: boolean };
  if (job.mode === 'score') {
    const model = JSON.parse(fs.readFileSync(job.modelFile as string, 'utf8')) as ValueModel;
    const h = valueScoreHandler({ data, served: async () => ({ model, version: 'bench' }), now: () => job.now });
    result = await runSteps((run) => h.step(ctxOf(run)), blank('score:value'), () => false);
  } else {
    const runFile = job.runFile as string;
    const run = fs.existsSync(runFile) ? (JSON.parse(fs.readFileSync(runFile, 'utf8')) as JobRun) : blank('refit:value');
    // A new handler per invocation, as the function makes one per call (its cache dies with it).
    const h = valueRefitHandler(
      { data, store: createModelStore(memoryModelStorePorts()), served: async () => null, now: () => job.now },
      { season: job.season === true },
    );
    const t0 = performance.now();
    result = await runSteps((r) => h.step(ctxOf(r)), run, () => performance.now() - t0 >= (job.tickMs ?? 40_000));
    fs.writeFileSync(runFile, JSON.stringify(result.run));
  }
  process.stdout.write(
    JSON.stringify({ baseMb, peakMb: kb('VmHWM') / 1024, steps: result.steps, done: result.done }) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
