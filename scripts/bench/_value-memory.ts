/**
 * Memory of the value function's jobs, for `npm run bench -- value`: the scoring pass and a whole
 * `refit:value` run (read, back-test, visitor check, stepped fit, publish), each invocation in a
 * fresh Node process that has loaded the value function's bundle with wx-server-sdk, as a container
 * does (_value-memory-child.ts). The refit runs in 40 s ticks, one process per tick, artifacts on
 * disk in between (cloud storage), so one tick's garbage never inflates the next — and within a
 * tick the steps share what the handler cached, as they do in the function.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DAY_MS } from '../../cloudfunctions/common/profile/day';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { readFunctionDef } from '../local-cloud/functions/function-config';
import { heapLimitArgs } from '../local-cloud/functions/memory-limit';
import { bundleLikeAFunction } from './_function-bundle';

const ROOT = path.resolve(__dirname, '../..');
/** Profiles per page file (the scoring pass reads 500 per step, the refit 1,000). */
const PAGE = 500;

/** What the parent asks for. */
export interface MemoryJob {
  mode: 'score' | 'refit';
  /** page-<k>.json files of `page` profiles each, ids `p0000000`… in order */
  pagesDir: string;
  page: number;
  /** refit: the run (phase, cursor, state) between ticks, and the artifacts folder */
  runFile?: string;
  artifactsDir?: string;
  /** score: the served model.json */
  modelFile?: string;
  /** the clock (epoch ms) */
  now: number;
  tickMs?: number;
  /** refit: with last season's trees (RefitOptions.season) */
  season?: boolean;
}

/** One step's figures. */
export interface StepMemory {
  phase: string;
  stage?: string;
  /** peak RSS during the step, MB */
  rssMb: number;
  /** V8 heap used after the step, MB */
  heapMb: number;
  seconds: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

interface ChildOut {
  baseMb: number;
  steps: StepMemory[];
  done: boolean;
}

/**
 * Peak-memory figures (MB) of refitting `customers` at day `end`, then of scoring them with the
 * model that refit made (the version the function would serve).
 */
export async function valueMemory(o: {
  customers: readonly CustomerHistory[];
  end: number;
  profileOf: (c: CustomerHistory) => Pick<ProfileDoc, 'd'>;
  node: string;
  /** the container size, MB (default: the value function's config.json memorySize) */
  memoryMb?: number;
  /** the refit fits last season's trees too (RefitOptions.season) */
  season?: boolean;
}): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-value-memory-'));
  try {
    const pagesDir = path.join(dir, 'pages');
    const artifactsDir = path.join(dir, 'artifacts');
    fs.mkdirSync(pagesDir);
    fs.mkdirSync(artifactsDir);
    for (let k = 0; k * PAGE < o.customers.length; k++) {
      const page = o.customers.slice(k * PAGE, (k + 1) * PAGE).map((c, i) => ({
        _id: `p${String(k * PAGE + i).padStart(7, '0')}`,
        openid: `p${k * PAGE + i}`,
        rev: 1,
        ...o.profileOf(c),
      }));
      fs.writeFileSync(path.join(pagesDir, `page-${k}.json`), JSON.stringify(page));
    }
    const bundle = path.join(dir, 'child.js');
    await bundleLikeAFunction(path.join(__dirname, '_value-memory-child.ts'), bundle);
    // onnxruntime-node is external to function bundles: resolve it from the repository.
    const env = { ...process.env, NODE_NO_WARNINGS: '1', NODE_PATH: path.join(ROOT, 'node_modules') };
    const now = o.end * DAY_MS + 4 * 3_600_000; // noon of the last day, shop time (UTC+8)
    // The V8 heap an instance of the value function gets (its config.json memorySize), as in the local cloud.
    const memoryMb = o.memoryMb ?? readFunctionDef(path.join(ROOT, 'cloudfunctions/value')).memoryMb;
    const child = (job: MemoryJob): ChildOut => {
      const file = path.join(dir, 'job.json');
      fs.writeFileSync(file, JSON.stringify(job));
      const argv = [...heapLimitArgs(memoryMb), bundle, file];
      const out = execFileSync(o.node, argv, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
      return JSON.parse(out.trim().split('\n').pop() as string) as ChildOut;
    };

    const refitSteps: StepMemory[] = [];
    let ticks = 0;
    for (let done = false; !done; ) {
      const r = child({
        mode: 'refit',
        pagesDir,
        page: PAGE,
        artifactsDir,
        runFile: path.join(dir, 'run.json'),
        now,
        season: o.season,
      });
      refitSteps.push(...r.steps);
      if (process.env.QX_MEMORY_STEPS) fs.appendFileSync(process.env.QX_MEMORY_STEPS, r.steps.map((x) => JSON.stringify(x)).join('\n') + '\n');
      done = r.done;
      ticks++;
      const top = Math.max(...r.steps.map((s) => s.rssMb));
      console.log(
        `memory: refit tick ${ticks}: ${r.steps.length} steps, peak ${top.toFixed(0)} MB, now ${r.steps.at(-1)?.phase}/${r.steps.at(-1)?.stage ?? ''} (load ${os.loadavg()[0].toFixed(1)})`,
      );
      if (ticks > 200) throw new Error('bench value memory: the refit did not finish in 200 ticks');
    }
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { state: { model?: string } };
    // The refit's model (gzipped in storage, as a run's artifacts are): the served model.json.
    const stored = path.join(artifactsDir, run.state.model ?? 'fit-model.json');
    const modelFile = path.join(dir, 'model.json');
    fs.writeFileSync(modelFile, fs.existsSync(stored) ? fs.readFileSync(stored) : gunzipSync(fs.readFileSync(`${stored}.gz`)));
    const score = child({ mode: 'score', pagesDir, page: PAGE, modelFile, now });
    const fitSteps = refitSteps.filter((s) => s.phase === 'fit' || s.phase === 'backtest');
    const top = (xs: StepMemory[]) => xs.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
    const topFit = top(fitSteps);
    const topRefit = top(refitSteps);
    const sizes = fs.readdirSync(artifactsDir).map((f) => fs.statSync(path.join(artifactsDir, f)).size);
    return {
      memory_customers: o.customers.length,
      memory_limit_mb: memoryMb,
      idle_rss_mb: round(score.baseMb),
      score_peak_rss_mb: round(Math.max(...score.steps.map((s) => s.rssMb))),
      score_peak_heap_mb: round(Math.max(...score.steps.map((s) => s.heapMb))),
      fit_peak_step_rss_mb: round(topFit.rssMb),
      fit_peak_step: `${topFit.phase}/${topFit.stage ?? ''}`,
      refit_peak_rss_mb: round(topRefit.rssMb),
      refit_peak_step: `${topRefit.phase}/${topRefit.stage ?? ''}`,
      refit_peak_heap_mb: round(Math.max(...refitSteps.map((s) => s.heapMb))),
      refit_memory_ticks: ticks,
      fit_checkpoint_max_mb: round(Math.max(...sizes) / 1e6),
      refit_artifacts_total_mb: round(sizes.reduce((a, b) => a + b, 0) / 1e6),
    };
  } finally {
    if (process.env.QX_MEMORY_KEEP) console.log(`memory: artifacts kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
