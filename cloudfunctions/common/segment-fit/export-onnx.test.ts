/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import * as ort from 'onnxruntime-node';
import { fitTransform } from '../segments/transform';
import { FEATURE_SPEC } from '../inference/feature-spec-hash';
import { encode, encoderOf, trainAutoencoder } from './autoencoder';
import { exportSegmenter } from './export-onnx';
import { kmeans } from './kmeans';
import { fromRows, Matrix } from './matrix';
import { scoreReference, SegmenterParams, standardiseRows } from './reference';
import { mulberry32 } from '../random';

/** Synthetic model-input rows (log1p scale), a little out of range and with NaN to exercise fill and clip. */
function rawRows(n: number, seed: number): Matrix {
  const rng = mulberry32(seed);
  return fromRows(
    Array.from({ length: n }, (_, i) =>
      FEATURE_SPEC.features.map((f, j) => {
        if ((i + j) % 37 === 0) return NaN;
        const v = f.transform === 'log1p' ? Math.floor(rng() ** 3 * f.clip[1] * 1.2) : rng() * 1.2 - 0.1;
        return f.transform === 'log1p' ? Math.log1p(Math.max(0, v)) : v;
      }),
    ),
  );
}

async function runOnnx(bytes: Uint8Array, raw: Matrix) {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(raw.data), [raw.n, raw.d]) });
  return { segment: Array.from(out.segment.data as BigInt64Array, Number), distances: out.distances.data as Float32Array, latent: out.latent.data as Float32Array };
}

describe('segmentation ONNX export', () => {
  const raw = rawRows(400, 1);
  const t = fitTransform(Array.from({ length: raw.n }, (_, i) => raw.data.subarray(i * raw.d, (i + 1) * raw.d)), FEATURE_SPEC.features);
  const z = standardiseRows(raw, t);

  it.each([
    ['autoencoder + k-means', true],
    ['plain k-means', false],
  ])('%s: graph equals the TypeScript reference within 1e-5', async (_label, withEncoder) => {
    const layers = withEncoder ? encoderOf(trainAutoencoder(z, { dims: [z.d, 16, 4, 16, z.d], epochs: 3, batch: 64, lr: 3e-3, seed: 3 })) : [];
    const km = kmeans(encode(z, layers), 4, { seed: 5, restarts: 2 });
    const p: SegmenterParams = { transform: t, encoder: layers, centroids: km.centroids, ids: [7, 3, 11, 2] };
    const ref = scoreReference(raw, p);
    const got = await runOnnx(exportSegmenter(p, { version: 'test', doc: 'test' }), raw);
    let maxLat = 0;
    let maxDist = 0;
    ref.latent.data.forEach((v, i) => (maxLat = Math.max(maxLat, Math.abs(v - got.latent[i]))));
    ref.distances.data.forEach((v, i) => (maxDist = Math.max(maxDist, Math.abs(v - got.distances[i]) / Math.max(1, Math.abs(v)))));
    expect(maxLat).toBeLessThanOrEqual(1e-5);
    expect(maxDist).toBeLessThanOrEqual(1e-5);
    const agree = ref.segment.filter((s, i) => s === got.segment[i]).length;
    // ties within float32 rounding may flip an argmin; there should be none or almost none
    expect(agree / raw.n).toBeGreaterThanOrEqual(0.995);
    expect(new Set(got.segment).size).toBeGreaterThan(1);
    expect(got.segment.every((s) => [7, 3, 11, 2].includes(s))).toBe(true);
  });
});
