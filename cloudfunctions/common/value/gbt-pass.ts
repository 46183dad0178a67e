/**
 * One boosting pass of the Poisson trees as a resumable computation: `startPass` fixes the bias and
 * the margins, `advancePass` adds trees until told to stop, and everything a later call needs (the
 * trees so far, the margins, the generator's state, the early-stopping record) is in {@link GbtPass}
 * — so a refit can add trees in chunks across invocations and end with the ensemble an
 * uninterrupted fit builds, bit for bit (gbt.ts composes the same pieces).
 *
 * Splits are searched on ≤ 32 quantile bins. The data is binned once per pass, row-major; the
 * trees are grown by gbt-grow.ts.
 */
import { Mulberry32 } from '../random';
import { addTree, BINS, grower, growTree, type Tree } from './gbt-grow';

export { BINS, type Tree } from './gbt-grow';

/** A fitted ensemble. */
export interface GbtModel {
  trees: Tree[];
  /** constant added to every row's log-rate (fitted before the first tree) */
  bias: number;
  learningRate: number;
  features: number;
}

/** Rows binned for a pass: `bins[i * features + f]` is row i's bin of feature f. */
export interface GbtBins {
  n: number;
  features: number;
  bins: Uint8Array;
  edges: number[][];
}

/** The tree knobs of a pass (gbt.ts fills the defaults). */
export interface PassOptions {
  learningRate: number;
  maxTrees: number;
  maxDepth: number;
  minLeafHessian: number;
  lambda: number;
  subsample: number;
  loss: 'poisson' | 'squared';
  priorCount: number;
}

/** What a pass reads and never changes. */
export interface PassData {
  bins: GbtBins;
  y: ArrayLike<number>;
  /** rows the trees are grown on, and rows held out for early stopping (may be empty) */
  train: Int32Array;
  val: Int32Array;
  opts: PassOptions;
}

/** A pass in progress: plain data, checkpointed between chunks of trees. */
export interface GbtPass {
  model: GbtModel;
  /** each row's log-rate so far (offset + bias + trees) */
  f: Float64Array;
  /** state of the row-subsampling generator */
  rand: number;
  bestLoss: number;
  bestTrees: number;
  done: boolean;
}

function binEdges(col: Float64Array): number[] {
  const sorted = Float64Array.from(col).sort();
  const edges: number[] = [];
  for (let k = 1; k < BINS; k++) {
    const v = sorted[Math.floor((k * sorted.length) / BINS)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return edges;
}

function binOf(v: number, edges: number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bins feature-major columns: edges are the quantiles of `edgeRows` (all rows when empty), every
 * row is binned. A row goes left of a split at edges[f][b] exactly when its bin is ≤ b, so the
 * trees can be applied to the bins during training and to raw values when scoring.
 */
export function binRows(cols: readonly Float64Array[], n: number, edgeRows: Int32Array): GbtBins {
  return binColumns(cols.length, n, edgeRows, (f) => cols[f]);
}

/**
 * {@link binRows} with the columns made one at a time by `column(f)`: a caller holding the rows in
 * parts (a stepped fit's cut-offs) needs one whole column at once, not every column twice.
 */
export function binColumns(
  width: number,
  n: number,
  edgeRows: Int32Array,
  column: (f: number) => Float64Array,
): GbtBins {
  return binColumnsFor([edgeRows], width, n, column)[0];
}

/**
 * {@link binColumns} for several sets of edge rows at once (a fit's select and final passes),
 * asking `column(f)` once per feature: the same bins as one binColumns call per set.
 */
export function binColumnsFor(
  edgeRowSets: readonly Int32Array[],
  width: number,
  n: number,
  column: (f: number) => Float64Array,
): GbtBins[] {
  const out = edgeRowSets.map(() => ({ n, features: width, bins: new Uint8Array(n * width), edges: [] as number[][] }));
  for (let f = 0; f < width; f++) {
    const c = column(f);
    edgeRowSets.forEach((edgeRows, s) => {
      const { bins, edges } = out[s];
      const e = binEdges(edgeRows.length ? Float64Array.from(edgeRows, (i) => c[i]) : c);
      for (let i = 0; i < n; i++) bins[i * width + f] = binOf(c[i], e);
      edges.push(e);
    });
  }
  return out;
}

/** Mean loss over rows: Poisson deviance / 2 (up to constants), or squared error. */
function meanLoss(
  y: ArrayLike<number>,
  f: Float64Array,
  rows: Int32Array,
  loss: PassOptions['loss'],
): number {
  let s = 0;
  if (loss === 'poisson')
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      s += Math.exp(f[i]) - y[i] * f[i];
    }
  else
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      s += (Math.exp(f[i]) - y[i]) ** 2;
    }
  return s / Math.max(rows.length, 1);
}

/**
 * Starts a pass: bias log((Σy + k) / (Σ exp(offset) + k)) over the training rows, so the total
 * matches from the start; k (a gamma prior centred on "the offset is right") keeps a shop whose
 * training window holds almost no purchases from scaling every prediction to nothing.
 */
export function startPass(d: PassData, offset: ArrayLike<number>, rand: number): GbtPass {
  let sy = 0;
  let so = 0;
  for (let k = 0; k < d.train.length; k++) {
    const i = d.train[k];
    sy += d.y[i];
    so += Math.exp(offset[i]);
  }
  const bias = Math.log((sy + d.opts.priorCount) / (so + d.opts.priorCount));
  const f = Float64Array.from({ length: d.bins.n }, (_, i) => offset[i] + bias);
  return {
    model: { trees: [], bias, learningRate: d.opts.learningRate, features: d.bins.features },
    f,
    rand,
    bestLoss: d.val.length ? meanLoss(d.y, f, d.val, d.opts.loss) : Infinity,
    bestTrees: 0,
    done: d.opts.maxTrees <= 0,
  };
}

/**
 * Features with rows in more than one bin. In a feature whose rows all share one bin, every
 * candidate split leaves one side empty (its Hessian sum is exactly 0: the same sums in the same
 * order), so it is never chosen — e.g. the behaviour columns of a shop without behaviour data.
 */
function activeFeatures(b: GbtBins): Int32Array {
  const out: number[] = [];
  for (let f = 0; f < b.features; f++) {
    const first = b.bins[f];
    for (let i = 1; i < b.n; i++)
      if (b.bins[i * b.features + f] !== first) {
        out.push(f);
        break;
      }
  }
  return Int32Array.from(out);
}

/**
 * Adds trees to `p` (in place) until the pass is done or `stop()` says so after a tree. The
 * number of trees is capped by `maxTrees`; with held-out rows, 30 trees without a better held-out
 * loss end the pass (patience) and `bestTrees` records the best count.
 */
export function advancePass(p: GbtPass, d: PassData, stop: () => boolean = () => false): GbtPass {
  const { bins, y, train, val, opts } = d;
  const c = grower(bins, activeFeatures(bins), bins.n, train.length, opts);
  const rand = Mulberry32.resume(p.rand);
  const f = p.f;
  const lr = opts.learningRate;
  const poisson = opts.loss === 'poisson';
  const { g, h, rows } = c;
  while (!p.done) {
    // The rows are drawn first, so only their gradients are computed (no other row's is read).
    let m = 0;
    for (let k = 0; k < train.length; k++) if (rand.next() < opts.subsample) rows[m++] = train[k];
    for (let k = 0; k < m; k++) {
      const i = rows[k];
      const mu = Math.exp(f[i]);
      g[i] = poisson ? mu - y[i] : (mu - y[i]) * mu;
      h[i] = poisson ? mu : mu * mu;
    }
    const { tree: t, split } = growTree(c, m);
    p.model.trees.push(t);
    addTree(c, t, split, lr, f);
    const trees = p.model.trees.length;
    if (val.length) {
      const l = meanLoss(y, f, val, opts.loss);
      if (l < p.bestLoss - 1e-9) [p.bestLoss, p.bestTrees] = [l, trees];
      else if (trees - p.bestTrees >= 30) p.done = true; // patience
    }
    if (trees >= opts.maxTrees) p.done = true;
    p.rand = rand.state;
    if (!p.done && stop()) break;
  }
  p.rand = rand.state;
  return p;
}
