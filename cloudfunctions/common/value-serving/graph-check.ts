/**
 * A refit's ONNX graph of the trees (common/value/onnx-trees.ts) must give what the TypeScript
 * trees give on the shop's own customers before the version is published: run in onnxruntime on
 * up to `m` real feature rows at the data window's end — buyers' rows for the learned part, and
 * visitors' rows for the visitor part when it ranks by trees — every margin within
 * VALUE_GRAPH_TOLERANCE of `compiledMargins`. A wrong graph never reaches the model store. Loaded
 * lazily by the refit's publish step, so the function's cold start does not load onnxruntime.
 */
import { createSession } from '../inference/backend';
import { compileGbt, compiledMargins } from '../value/gbt-compiled';
import { featureMatrix, type CustomerHistory, type FeatureMatrix } from '../value/learned';
import type { ValueModel } from '../value/model';
import {
  SEASON_GRAPH_OUTPUT,
  VALUE_GRAPH_TOLERANCE,
  VISITOR_GRAPH_INPUT,
  visitorLogRate,
} from '../value/onnx-trees';
import { visitorMatrix } from '../value/visitor';

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
  /** the same for the visitor trees (absent: the version's visitor part has no trees) */
  visitors?: { rows: number; worstMargin: number; worstExpected: number };
  /** the last-season trees' margins on the buyers' rows (absent: the version has no season set) */
  season?: { rows: number; worstMargin: number };
}

/** Evenly spaced `m` of `xs`. */
const spaced = <T>(xs: readonly T[], m: number): T[] => {
  const take = Math.min(m, xs.length);
  return Array.from({ length: take }, (_, i) => xs[Math.floor((i * xs.length) / take)]);
};

/** Worst relative difference of graph margins from the TypeScript trees' (NaN: a row lost). */
function worstMargin(margin: Float32Array, ref: Float64Array): number {
  let w = margin.length === ref.length ? 0 : NaN;
  for (let k = 0; k < ref.length; k++) w = Math.max(w, Math.abs(margin[k] - ref[k]) / Math.max(1, Math.abs(ref[k])));
  return w;
}

/** Worst relative differences of graph margins/expectations from the TypeScript trees' (NaN: a row lost). */
function worst(margin: Float32Array, expected: Float64Array, ref: Float64Array, logBase: (k: number) => number) {
  let worstExpected = 0;
  for (let k = 0; k < ref.length; k++) {
    const e = Math.exp(logBase(k) + ref[k]);
    worstExpected = Math.max(worstExpected, Math.abs(expected[k] - e) / Math.max(e, 1e-12));
  }
  return { worstMargin: worstMargin(margin, ref), worstExpected };
}

/** Worst relative margin difference of the last-season trees on the buyers' rows (NaN: none in the graph). */
function seasonWorst(model: ValueModel, x: FeatureMatrix, graph: Float32Array | undefined): number {
  const s = model.season!.learned;
  // The graph feeds the season trees the buyers' rows: trees on other columns cannot be checked.
  if (!graph || s.featureNames.join() !== model.learned.featureNames.join()) return NaN;
  const n = x.index.length;
  const ref = new Float64Array(n);
  compiledMargins(compileGbt(s.gbt), x.rows, x.width, n, ref);
  return worstMargin(graph, ref);
}

/**
 * Checks `bytes` against `model`'s trees on up to `m` of `customers` (evenly spaced) at day `cut`
 * (the last-season trees too, when the version has them), and its visitor trees on up to `m` of
 * `visitors` (customers who had not bought by `cut`).
 */
export async function checkValueGraph(
  bytes: Uint8Array,
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
  m = 2000,
  visitors: readonly CustomerHistory[] = [],
): Promise<ValueGraphParity> {
  const x = featureMatrix(spaced(customers, m), cut, model.horizonDays, model.bgnbd, model.learned.families);
  const n = x.index.length;
  const ref = new Float64Array(n);
  compiledMargins(compileGbt(model.learned.gbt), x.rows, x.width, n, ref);
  const v = model.visitor?.basis === 'trees' ? model.visitor : undefined;
  const vx = v ? visitorMatrix(spaced(visitors, m), cut) : null;
  const session = await createSession(bytes);
  const out = await session.run({
    features: { type: 'float64', data: x.rows, dims: [n, x.width] },
    offset: { type: 'float64', data: x.offsets, dims: [n] },
    ...(vx ? { [VISITOR_GRAPH_INPUT]: { type: 'float64', data: vx.rows, dims: [vx.index.length, vx.width] } } : {}),
  });
  const buyers = worst(out.margin.data as Float32Array, out.expected.data as Float64Array, ref, (k) => x.offsets[k]);
  let visitorParity: ValueGraphParity['visitors'];
  if (v?.gbt && vx) {
    const vn = vx.index.length;
    const vref = new Float64Array(vn);
    compiledMargins(compileGbt(v.gbt), vx.rows, vx.width, vn, vref);
    const logRate = visitorLogRate(v, model.horizonDays);
    const vOut = out.visitor_margin;
    const w = vOut
      ? worst(vOut.data as Float32Array, out.visitor_expected.data as Float64Array, vref, () => logRate)
      : { worstMargin: NaN, worstExpected: NaN };
    visitorParity = { rows: vn, ...w };
  }
  const season = model.season
    ? { rows: n, worstMargin: seasonWorst(model, x, out[SEASON_GRAPH_OUTPUT]?.data as Float32Array | undefined) }
    : undefined;
  // NaN (a graph that lost a row, or has no visitor trees) must fail too: NaN is "not within".
  if (!(buyers.worstMargin <= VALUE_GRAPH_TOLERANCE))
    throw new ValueGraphParityError(
      `value graph disagrees with the trees: worst margin difference ${buyers.worstMargin} over ${n} rows (tolerance ${VALUE_GRAPH_TOLERANCE})`,
    );
  if (visitorParity && !(visitorParity.worstMargin <= VALUE_GRAPH_TOLERANCE))
    throw new ValueGraphParityError(
      `value graph disagrees with the visitor trees: worst margin difference ${visitorParity.worstMargin} over ${visitorParity.rows} rows (tolerance ${VALUE_GRAPH_TOLERANCE})`,
    );
  if (season && !(season.worstMargin <= VALUE_GRAPH_TOLERANCE))
    throw new ValueGraphParityError(
      `value graph disagrees with the last-season trees: worst margin difference ${season.worstMargin} over ${n} rows (tolerance ${VALUE_GRAPH_TOLERANCE})`,
    );
  return {
    rows: n,
    ...buyers,
    tolerance: VALUE_GRAPH_TOLERANCE,
    ...(visitorParity ? { visitors: visitorParity } : {}),
    ...(season ? { season } : {}),
  };
}
