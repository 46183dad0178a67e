/**
 * refit_seconds_100k for `npm run bench -- segments`: the in-function segmentation refit
 * (`refit:segmentation`, common/segment-refit) of N profiles of real behaviour, run by the job
 * runner exactly as the refit function's timer does — ticks of a 40 s budget, one step at a time,
 * checkpoints and artifacts — until the run ends. Every tick starts with a cold data cache, as a
 * fresh container would (worst case: the features are downloaded and standardised again).
 * Profiles come from memory (an `_id`-ordered pager) and artifacts/model files from memory ports:
 * the figure is the function's own work, not the database's or the storage's round trips.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../../cloudfunctions/common/jobs';
import { createModelStore, memoryModelStorePorts } from '../../cloudfunctions/common/model-store';
import { KIND } from '../../cloudfunctions/common/segment-refit/config';
import { segmentationRefitHandler } from '../../cloudfunctions/common/segment-refit/handler';
import type { ProfilePager } from '../../cloudfunctions/common/segment-refit/read-profiles';
import { forgetRefitData } from '../../cloudfunctions/common/segment-refit/refit-data';
import type { SegmentationMeta } from '../../cloudfunctions/common/segments/meta';
import type { Db } from '../../cloudfunctions/common/db/wx-db';
import type { ReducedProfile } from '../../cloudfunctions/common/profile';
import { pageAfter } from './_id-paged-sdk';

/** Figures of one refit. */
export interface RefitMeasure {
  refit_seconds_100k: number;
  refit_rows: number;
  refit_ticks: number;
  refit_steps: number;
  refit_max_step_seconds: number;
  refit_phase_seconds: Record<string, number>;
  refit_outcome: string;
  refit_k: number | null;
  load_avg_1m: number;
}

const shipped = (): SegmentationMeta => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;

/** Refit `profiles` (scored as of `asOf`) in budgeted ticks; figures summed over all steps. */
export async function measureRefit(profiles: ReducedProfile[], asOf: number, o: { budgetMs?: number; seed?: number } = {}): Promise<RefitMeasure> {
  const docs = profiles.map((p, i) => ({ ...p, _id: `c${String(i).padStart(7, '0')}` }));
  const pager: ProfilePager = async (after, limit) => pageAfter(docs, after, limit);
  const store = createModelStore(memoryModelStorePorts());
  const jobs = memoryJobPorts();
  const inner = segmentationRefitHandler({ db: null as unknown as Db, store, now: Date.now, shippedMeta: shipped, pageProfiles: pager });
  const phases: Record<string, number> = {};
  let maxStep = 0;
  let steps = 0;
  const timed: JobHandler = {
    kind: KIND,
    async step(ctx) {
      const t = performance.now();
      try {
        return await inner.step(ctx);
      } finally {
        const s = (performance.now() - t) / 1000;
        const phase = ctx.run.phase === 'start' ? 'read' : ctx.run.phase;
        phases[phase] = (phases[phase] ?? 0) + s;
        maxStep = Math.max(maxStep, s);
        steps++;
      }
    },
  };
  await createJobRunner(jobs).start(KIND, { requestedBy: 'bench', params: { asOf, seed: o.seed ?? 20240601 } });
  let ticks = 0;
  let total = 0;
  for (;;) {
    forgetRefitData();
    const t = performance.now();
    const r = await createJobRunner(jobs).tick(timed, { budgetMs: o.budgetMs ?? 40_000 });
    total += (performance.now() - t) / 1000;
    ticks++;
    if (r.status === 'failed') throw new Error(`refit failed in ${r.phase}: ${r.error}`);
    if (r.status === 'succeeded') break;
    if (ticks > 50) throw new Error('refit did not finish in 50 ticks');
  }
  const [run] = await createJobRunner(jobs).runs(KIND, 1);
  const round = (v: number) => Number(v.toFixed(2));
  return {
    refit_seconds_100k: round(total),
    refit_rows: docs.length,
    refit_ticks: ticks,
    refit_steps: steps,
    refit_max_step_seconds: round(maxStep),
    refit_phase_seconds: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)])),
    refit_outcome: String(run?.result?.outcome),
    refit_k: typeof run?.result?.k === 'number' ? run.result.k : null,
    load_avg_1m: Number(os.loadavg()[0].toFixed(2)),
  };
}
