/**
 * Small gradient-boosted regression trees with a Poisson log link and a per-row offset:
 * E[y] = exp(offset + Σ trees). Histogram splits on ≤ 32 quantile bins, Newton leaf values
 * (Σg / (Σh + λ)), row subsampling per tree (seeded), early stopping on a held-out share of the
 * rows. Trees keep raw-value thresholds, so scoring needs no bins and the model is plain JSON.
 */
import { mulberry32, Mulberry32 } from '../random';
import { advancePass, binColumnsFor, startPass, type GbtModel, type PassData, type PassOptions } from './gbt-pass';

export type { GbtModel, Tree } from './gbt-pass';

/** Training knobs (defaults suit a few thousand to a few hundred thousand rows). */
export interface GbtOptions {
  maxTrees?: number;
  learningRate?: number;
  maxDepth?: number;
  minLeafHessian?: number;
  lambda?: number;
  subsample?: number;
  /** share of rows held out for early stopping */
  validation?: number;
  /** rows sharing a group go to the same side of the early-stopping split (e.g. one customer at several cut-offs) */
  groups?: ArrayLike<number>;
  seed?: number;
  /**
   * 'poisson' (deviance) or 'squared' (squared error of the count under the log link, fitted by
   * Gauss–Newton): the latter weighs heavy buyers as RMSE does.
   */
  loss?: 'poisson' | 'squared';
  /** pseudo-count of the prior on the overall scale (default 5 purchases) */
  priorCount?: number;
}

/** Deterministic PRNG (the shared mulberry32). */
export const rng = mulberry32;

/** Log-rate of one row under the model (offset excluded). */
export function gbtMargin(m: GbtModel, row: ArrayLike<number>): number {
  let s = m.bias;
  for (const t of m.trees) {
    let i = 0;
    while (t.feature[i] >= 0) i = row[t.feature[i]] <= t.threshold[i] ? t.left[i] : t.right[i];
    s += m.learningRate * t.value[i];
  }
  return s;
}

/** The defaults of the knobs a pass uses. */
export function passOptions(opts: GbtOptions): PassOptions {
  return {
    learningRate: opts.learningRate ?? 0.1,
    maxTrees: opts.maxTrees ?? 300,
    maxDepth: opts.maxDepth ?? 3,
    minLeafHessian: opts.minLeafHessian ?? 5,
    lambda: opts.lambda ?? 1,
    subsample: opts.subsample ?? 0.8,
    loss: opts.loss ?? 'poisson',
    priorCount: opts.priorCount ?? 5,
  };
}

/**
 * The early-stopping split: rows sharing a group go to the same side. Draws from `rand` (the
 * fit's one generator, which the passes then continue).
 */
export function splitRows(
  n: number,
  rand: Mulberry32,
  opts: Pick<GbtOptions, 'groups' | 'validation'>,
): { train: Int32Array; val: Int32Array } {
  const validation = opts.validation ?? 0.2;
  const groupSide = new Map<number, boolean>();
  const isVal = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const gkey = opts.groups ? opts.groups[i] : i;
    let side = groupSide.get(gkey);
    if (side === undefined) groupSide.set(gkey, (side = rand.next() < validation));
    isVal[i] = side ? 1 : 0;
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return { train: all.filter((i) => !isVal[i]), val: all.filter((i) => isVal[i] === 1) };
}

/** Every row index 0..n−1 (the final pass trains on all rows). */
export const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/**
 * Fits E[y] = exp(offset + f(x)). `cols` is feature-major (one array per feature). The number of
 * trees is chosen on the held-out rows (the "select" pass), then the ensemble is refitted on all
 * rows with that many (the "final" pass). fit-steps.ts runs the same passes in checkpointed chunks.
 */
export function fitPoissonGbt(
  cols: Float64Array[],
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  opts: GbtOptions = {},
): GbtModel {
  return fitPoissonGbtOn(cols.length, (f) => cols[f], y, offset, opts);
}

/**
 * {@link fitPoissonGbt} with feature-major columns made one at a time by `column(f)`, asked for
 * once each: both passes' bins are made before the first tree (bins do not depend on the trees),
 * so a caller that stacks the columns on demand never holds them all at once (learned.ts).
 */
export function fitPoissonGbtOn(
  width: number,
  column: (f: number) => Float64Array,
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  opts: GbtOptions = {},
): GbtModel {
  const n = y.length;
  const rand = new Mulberry32(opts.seed ?? 1);
  const { train, val } = splitRows(n, rand, opts);
  const po = passOptions(opts);
  // Select: edges from the training rows; final: from all rows (an empty set of edge rows).
  const [selectBins, finalBins] = binColumnsFor([train, new Int32Array(0)], width, n, column);
  const select: PassData = { bins: selectBins, y, train, val, opts: po };
  const chosen = advancePass(startPass(select, offset, rand.state), select);
  const all = allRows(n);
  const final: PassData = {
    bins: finalBins,
    y,
    train: all,
    val: new Int32Array(0),
    opts: { ...po, maxTrees: chosen.bestTrees },
  };
  return advancePass(startPass(final, offset, chosen.rand), final).model;
}
