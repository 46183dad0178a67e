/**
 * A refit's ONNX graph of the learned part (common/value/onnx-trees.ts) must give what the
 * TypeScript trees give on the shop's own customers before the version is published: run in
 * onnxruntime on up to `m` real feature rows at the data window's end, every margin within
 * VALUE_GRAPH_TOLERANCE of `compiledMargins`. A wrong graph never reaches the model store. Loaded
 * lazily by the refit's publish step, so the function's cold start does not load onnxruntime.
 */
import { createSession } from '../inference/backend';
import { compileGbt, compiledMargins } from '../value/gbt-compiled';
import { featureMatrix, type CustomerHistory } from '../value/learned';
import type { ValueModel } from '../value/model';
import { VALUE_GRAPH_TOLERANCE } from '../value/onnx-trees';

/** Thrown when the graph and the TypeScript trees disagree (the refit fails; nothing is published). */
export class ValueGraphParityError extends Error {
  override name = 'ValueGraphParityError';
}

/** What the check saw (stored in the version's meta). */
export interface ValueGraphParity {
  rows: number;
  /** largest |graph − TypeScript| / max(1, |TypeScript|) over the rows' margins */
  worstMargin: number;
  /** largest relative difference of the expected purchase days */
  worstExpected: number;
  tolerance: number;
}

/** Checks `bytes` against `model`'s trees on up to `m` of `customers` (evenly spaced) at day `cut`. */
export async function checkValueGraph(
  bytes: Uint8Array,
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
  m = 2000,
): Promise<ValueGraphParity> {
  const take = Math.min(m, customers.length);
  const sample = Array.from({ length: take }, (_, i) => customers[Math.floor((i * customers.length) / take)]);
  const x = featureMatrix(sample, cut, model.horizonDays, model.bgnbd, model.learned.families);
  const n = x.index.length;
  const ref = new Float64Array(n);
  compiledMargins(compileGbt(model.learned.gbt), x.rows, x.width, n, ref);
  const session = await createSession(bytes);
  const out = await session.run({
    features: { type: 'float64', data: x.rows, dims: [n, x.width] },
    offset: { type: 'float64', data: x.offsets, dims: [n] },
  });
  const margin = out.margin.data as Float32Array;
  const expected = out.expected.data as Float64Array;
  let worstMargin = 0;
  let worstExpected = 0;
  for (let k = 0; k < n; k++) {
    worstMargin = Math.max(worstMargin, Math.abs(margin[k] - ref[k]) / Math.max(1, Math.abs(ref[k])));
    const e = Math.exp(x.offsets[k] + ref[k]);
    worstExpected = Math.max(worstExpected, Math.abs(expected[k] - e) / Math.max(e, 1e-12));
  }
  // NaN (a graph that lost a row) must fail too: compare so that NaN is "not within".
  if (!(worstMargin <= VALUE_GRAPH_TOLERANCE) || margin.length !== n)
    throw new ValueGraphParityError(
      `value graph disagrees with the trees: worst margin difference ${worstMargin} over ${n} rows (tolerance ${VALUE_GRAPH_TOLERANCE})`,
    );
  return { rows: n, worstMargin, worstExpected, tolerance: VALUE_GRAPH_TOLERANCE };
}
