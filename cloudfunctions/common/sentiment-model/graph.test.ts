/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import * as ort from 'onnxruntime-node';
import { packSentimentBatch } from '../inference/sentiment-pre';
import { ensembleProbability, memberLogits, type SentimentEnsemble } from './ensemble';
import { exportSentimentOnnx } from './graph';
import { ensembleFromOnnx } from './from-onnx';
import { mulberry32 } from '../../../scripts/lib/random';

function randomEnsemble(buckets: number, K: number, seed: number): SentimentEnsemble {
  const r = mulberry32(seed);
  return {
    buckets,
    members: Array.from({ length: K }, (_, k) => ({
      name: `m${k}`,
      weight: Float32Array.from({ length: buckets }, () => (r() - 0.5) * 4),
      bias: (r() - 0.5) * 2,
    })),
  };
}

describe('sentiment ONNX export parity', () => {
  it('ORT output equals the TypeScript reference within 1e-5 (random model, ragged batch)', async () => {
    const m = randomEnsemble(1024, 3, 5);
    const bytes = exportSentimentOnnx(m);
    const s = await ort.InferenceSession.create(bytes);
    const r = mulberry32(9);
    const feats = Array.from({ length: 40 }, (_, i) => {
      const n = i === 0 ? 0 : Math.floor(r() * 300);
      return Int32Array.from(new Set(Array.from({ length: n }, () => Math.floor(r() * 1024)))).sort();
    });
    const { ids, weights } = packSentimentBatch(feats);
    const out = await s.run({
      ids: new ort.Tensor('int64', ids.data as BigInt64Array, ids.dims),
      weights: new ort.Tensor('float32', weights.data as Float32Array, weights.dims),
    });
    const pos = out.positive.data as Float32Array;
    const logits = out.logits.data as Float32Array;
    expect(out.positive.dims).toEqual([40, 1]);
    let maxDiff = 0;
    feats.forEach((f, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(pos[i] - ensembleProbability(m, f)));
      memberLogits(m, f).forEach((z, k) =>
        expect(Math.abs(logits[i * 3 + k] - z)).toBeLessThan(1e-4 * Math.max(1, Math.abs(z))),
      );
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('round-trips weights through the ONNX file', () => {
    const m = randomEnsemble(64, 2, 1);
    const back = ensembleFromOnnx(exportSentimentOnnx(m));
    expect(back.buckets).toBe(64);
    expect(Array.from(back.members[1].weight)).toEqual(Array.from(m.members[1].weight));
    expect(back.members[0].bias).toBeCloseTo(m.members[0].bias, 6);
  });
});
