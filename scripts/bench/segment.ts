/**
 * `npm run bench -- segment [--rows N] [--reps R]`: segmentation throughput on one thread.
 *
 * Workload: profiles resampled (seeded, with replacement) from the real behaviour data
 * (../shared/data/behavior: Taobao sample + CDNOW snapshots), folded by the product's reducer.
 * Figures (medians of R repetitions):
 * - onnx_rows_per_s_b1024 / _b1: session.run only, input pre-packed, batch 1024 / 1 (goal ≥ 100,000/s)
 * - features_per_s: computeFeatures(profile, asOf) (common/features)
 * - end_to_end_per_s: segment assignment end to end — profile → raw features → transform → packing →
 *   ONNX → segment name and reasons, through assignProfiles as score-page.ts runs it (minus database
 *   I/O); `npm run bench -- segments` publishes the same path. The ONNX-only rates say how much of it is the model.
 * - session_create_ms: cold load through the registry (meta.json checks + InferenceSession)
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { computeFeatures, FEATURE_NAMES } from '../../cloudfunctions/common/features';
import { assignProfiles } from '../../cloudfunctions/common/inference/assign-profiles';
import { getModel } from '../../cloudfunctions/common/inference/registry';
import { getSegmentationModel } from '../../cloudfunctions/common/inference/segmentation';
import { resolveModelDir } from '../../cloudfunctions/common/inference/segmentation-model';
import { behaviorProfiles } from './_behavior-profiles';
import type { Bench } from './main';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const arg = (args: string[], flag: string, d: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : d);

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const rows = arg(args, '--rows', 102_400);
    const reps = arg(args, '--reps', 5);
    const { profiles, asOf } = behaviorProfiles(rows);
    const dir = resolveModelDir('segmentation');

    const model = await getSegmentationModel();
    const sessionCreateMs = (await getModel('segmentation')).loadMs;
    const F = FEATURE_NAMES.length;

    const featTimes: number[] = [];
    let inputs: number[][] = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      inputs = profiles.map((p, i) => computeFeatures(p, asOf[i]));
      featTimes.push(performance.now() - t);
    }
    const packed = new Float32Array(rows * F);
    inputs.forEach((row, i) => packed.set(row, i * F));

    const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const onnxRate = async (batch: number, limit: number) => {
      const times: number[] = [];
      const n = Math.min(rows, limit);
      for (let r = 0; r < reps; r++) {
        const t = performance.now();
        for (let s = 0; s < n; s += batch) {
          const m = Math.min(batch, n - s);
          await session.run({ features: new ort.Tensor('float32', packed.subarray(s * F, (s + m) * F), [m, F]) });
        }
        times.push(performance.now() - t);
      }
      return n / (median(times) / 1000);
    };
    const b1024 = await onnxRate(1024, rows);
    const b1 = await onnxRate(1, 20_000);

    const e2eTimes: number[] = [];
    const e2eN = Math.min(rows, 20_480);
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      // the segment job's own path (score-page.ts), one page of 1,000 at a time
      for (let s = 0; s < e2eN; s += 1000) await assignProfiles(model, profiles.slice(s, Math.min(e2eN, s + 1000)), asOf.slice(s, s + 1000));
      e2eTimes.push(performance.now() - t);
    }

    const figures = {
      measures: 'one thread, in process: profile → features → ONNX → name and reasons (no database I/O)',
      model_version: model.meta.version,
      method: model.meta.method,
      k: model.meta.segments.length,
      rows,
      reps,
      threads: 1,
      onnx_rows_per_s_b1024: Math.round(b1024),
      onnx_rows_per_s_b1: Math.round(b1),
      goal_rows_per_s: 100_000, // applies to end_to_end_per_s
      features_per_s: Math.round(rows / (median(featTimes) / 1000)),
      features_us_per_profile: Number(((median(featTimes) * 1000) / rows).toFixed(2)),
      end_to_end_per_s: Math.round(e2eN / (median(e2eTimes) / 1000)),
      session_create_ms: Number(sessionCreateMs.toFixed(1)),
    };
    console.log(`segment assignment end to end: ${figures.end_to_end_per_s.toLocaleString()} profiles/s (goal ≥ 100,000)`);
    console.log(`ONNX session only: batch 1024 ${figures.onnx_rows_per_s_b1024.toLocaleString()}/s, batch 1: ${figures.onnx_rows_per_s_b1.toLocaleString()}/s`);
    console.log(`features: ${figures.features_per_s.toLocaleString()} profiles/s (${figures.features_us_per_profile} µs each); end to end: ${figures.end_to_end_per_s.toLocaleString()}/s; session create ${figures.session_create_ms} ms`);
    return figures;
  },
};

export default bench;
