/**
 * `npm run bench -- coldstart [--runs 7] [--with-sdk]`: cold start of a function container's
 * inference path. Bundles cloudfunctions/common/inference with esbuild (onnxruntime-node external,
 * like a deployed function) next to a copy of models/, then in N fresh `node` processes measures:
 * require(bundle) → create the sentiment session (+ segmentation when
 * models/segmentation/model.onnx exists) → first inference of each. Medians; goal < 300 ms.
 * `--with-sdk` also inlines wx-server-sdk in the bundle, as every deployed function does
 * (scripts/build/bundle-function.ts keeps only native onnxruntime-node external).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleLikeAFunction } from './_function-bundle';
import type { Bench } from './main';

const ROOT = path.resolve(__dirname, '../..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Entry of the bundle: what a function does on its first invocation. */
const SEGMENTATION_MODULE = path.join(ROOT, 'cloudfunctions/common/inference/segmentation.ts');

/** Imports the segmentation module when it exists, so its own registerModel() call is what runs. */
const ENTRY = (withSegmentationModule: boolean, withSdk: boolean) => `
${withSdk ? "import 'wx-server-sdk';" : ''}
${withSegmentationModule ? `import '${SEGMENTATION_MODULE.replace(/\.ts$/, '')}';` : ''}
import fs from 'node:fs';
import path from 'node:path';
import { getModel, registerModel, registeredModels, scoreSentiment } from '${ROOT}/cloudfunctions/common/inference';
import { featureSpecHash, FEATURE_SPEC } from '${ROOT}/cloudfunctions/common/inference/feature-spec-hash';

export async function firstInvocation(): Promise<Record<string, number>> {
  const t0 = performance.now();
  const hasSeg = fs.existsSync(path.join(__dirname, 'models', 'segmentation', 'model.onnx'));
  if (hasSeg && !registeredModels().includes('segmentation')) {
    registerModel({ name: 'segmentation', inputs: ['features'], outputs: ['segment'], featureHash: featureSpecHash, hashField: 'featureSpecHash' });
  }
  const [sent, seg] = await Promise.all([getModel('sentiment'), hasSeg ? getModel('segmentation') : null]);
  const t1 = performance.now();
  await scoreSentiment(['物流很快，质量不错']);
  if (seg) {
    const F = FEATURE_SPEC.features.length;
    await seg.run({ features: { type: 'float32', data: new Float32Array(F), dims: [1, F] } });
  }
  const t2 = performance.now();
  return { sessions_ms: t1 - t0, first_inference_ms: t2 - t1, sentiment_load_ms: sent.loadMs, segmentation_load_ms: seg ? seg.loadMs : -1 };
}
`;

// The SDK (with --with-sdk) is inside the bundle, so its load is part of bundle_require_ms.
const CHILD = (bundle: string) => `
const t0 = performance.now();
const b = require(${JSON.stringify(bundle)});
const t1 = performance.now();
b.firstInvocation().then((r) => {
  const t2 = performance.now();
  console.log(JSON.stringify({ bundle_require_ms: t1 - t0, ...r, total_ms: t2 - t0 }));
});
`;

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const runsAt = args.indexOf('--runs');
    const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
    const withSdk = args.includes('--with-sdk');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-coldstart-'));
    try {
      fs.writeFileSync(path.join(dir, 'entry.ts'), ENTRY(fs.existsSync(SEGMENTATION_MODULE), withSdk));
      const bundle = path.join(dir, 'index.js');
      await bundleLikeAFunction(path.join(dir, 'entry.ts'), bundle);
      for (const m of ['sentiment', 'segmentation']) {
        const src = path.join(ROOT, 'models', m);
        if (fs.existsSync(path.join(src, 'model.onnx'))) {
          fs.mkdirSync(path.join(dir, 'models', m), { recursive: true });
          for (const f of ['model.onnx', 'meta.json'])
            fs.copyFileSync(path.join(src, f), path.join(dir, 'models', m, f));
        }
      }
      // Models resolve next to the bundle, as deployed: drop any QX_MODELS_DIR override.
      const { QX_MODELS_DIR: _ignored, ...rest } = process.env;
      const env = { ...rest, NODE_PATH: path.join(ROOT, 'node_modules') };
      const samples: Record<string, number>[] = [];
      const wall: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const out = execFileSync(process.execPath, ['-e', CHILD(bundle)], { env, encoding: 'utf8' });
        wall.push(performance.now() - t);
        samples.push(JSON.parse(out.trim().split('\n').pop()!));
      }
      const med = (k: string) => Math.round(median(samples.map((s) => s[k])) * 10) / 10;
      const figures = {
        runs,
        with_sdk: withSdk,
        segmentation_included: samples[0].segmentation_load_ms >= 0,
        bundle_bytes: fs.statSync(bundle).size,
        median_total_ms: med('total_ms'),
        median_bundle_require_ms: med('bundle_require_ms'),
        median_sessions_ms: med('sessions_ms'),
        median_first_inference_ms: med('first_inference_ms'),
        median_process_wall_ms: Math.round(median(wall)),
        goal_ms: 300,
      };
      console.log(
        `coldstart: median ${figures.median_total_ms} ms in-process (require ${figures.median_bundle_require_ms} + sessions ${figures.median_sessions_ms} + first inference ${figures.median_first_inference_ms}), process wall ${figures.median_process_wall_ms} ms, ${runs} runs`,
      );
      return figures;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
