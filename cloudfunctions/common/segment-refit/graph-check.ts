/**
 * The graph built inside the function must assign exactly what the TypeScript reference assigns
 * (as train:segments' parity check does) before it is published: a wrong graph never reaches the
 * model store, let alone the segment function.
 */
import { createSession } from '../inference/backend';
import { scoreReference, takeRows, type Matrix, type SegmenterParams } from '../segment-fit';

/** Share of `rows` (at most `m`) on which graph and reference agree; throws below 99.5%. */
export async function checkGraph(bytes: Uint8Array, rows: Matrix, p: SegmenterParams, m = 2000): Promise<number> {
  const idx = Int32Array.from({ length: Math.min(m, rows.n) }, (_, i) => Math.floor((i * rows.n) / Math.min(m, rows.n)));
  const sample = takeRows(rows, idx);
  const ref = scoreReference(sample, p).segment;
  const session = await createSession(bytes);
  const out = await session.run({ features: { type: 'float32', data: Float32Array.from(sample.data), dims: [sample.n, sample.d] } });
  const got = Array.from(out.segment.data as BigInt64Array, Number);
  const agree = got.filter((s, i) => s === ref[i]).length / Math.max(1, sample.n);
  // float32 rounding may flip a tie between two centroids; anything more is a wrong graph
  if (agree < 0.995) throw new Error(`segmentation graph disagrees with the reference on ${((1 - agree) * 100).toFixed(2)}% of rows`);
  return agree;
}
