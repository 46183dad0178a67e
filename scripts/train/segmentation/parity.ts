/** ONNX-vs-reference check run at the end of training (the unit test does the same on synthetic data). */
import * as ort from 'onnxruntime-node';
import { scoreReference, takeRows, type Matrix, type SegmenterParams } from '../../../cloudfunctions/common/segment-fit';
import { makeRng, sampleIndices } from './rng';

/** Max |Δ| over latent and distances (relative for distances > 1) on up to `m` rows; throws above 1e-5. */
export async function checkParity(bytes: Uint8Array, raw: Matrix, p: SegmenterParams, m: number): Promise<number> {
  const rows = takeRows(raw, sampleIndices(raw.n, m, makeRng(123)));
  const ref = scoreReference(rows, p);
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.data), [rows.n, rows.d]) });
  const lat = out.latent.data as Float32Array;
  const dist = out.distances.data as Float32Array;
  let max = 0;
  ref.latent.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - lat[i]))));
  ref.distances.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - dist[i]) / Math.max(1, Math.abs(v)))));
  if (max > 1e-5) throw new Error(`ONNX parity failed: max |Δ| ${max} > 1e-5`);
  return max;
}
