/**
 * Small gradient-boosted regression trees with a Poisson log link and a per-row offset:
 * E[y] = exp(offset + Σ trees). Histogram splits on ≤ 32 quantile bins, Newton leaf values
 * (Σg / (Σh + λ)), row subsampling per tree (seeded), early stopping on a held-out share of the
 * rows. Trees keep raw-value thresholds, so scoring needs no bins and the model is plain JSON.
 */
import { mulberry32 } from '../random';

/** One tree, as flat arrays: node i splits on `feature[i]` at `threshold[i]` (≤ goes left), or is a leaf (feature −1). */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A fitted ensemble. */
export interface GbtModel {
  trees: Tree[];
  /** constant added to every row's log-rate (fitted before the first tree) */
  bias: number;
  learningRate: number;
  features: number;
}

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

const BINS = 32;

/** Deterministic PRNG (the shared mulberry32). */
export const rng = mulberry32;

function binEdges(col: Float64Array): number[] {
  const sorted = Float64Array.from(col).sort();
  const edges: number[] = [];
  for (let k = 1; k < BINS; k++) {
    const v = sorted[Math.floor((k * sorted.length) / BINS)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return edges; // bin j holds values ≤ edges[j] (and > edges[j−1]); the last bin the rest
}

function binColumn(col: Float64Array, edges: number[]): Uint8Array {
  const out = new Uint8Array(col.length);
  for (let i = 0; i < col.length; i++) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (col[i] <= edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
  return out;
}

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

/** Mean loss over rows: Poisson deviance / 2 (up to constants), or squared error. */
function meanLoss(
  y: ArrayLike<number>,
  f: Float64Array,
  rows: Int32Array,
  loss: 'poisson' | 'squared',
): number {
  let s = 0;
  if (loss === 'poisson') for (const i of rows) s += Math.exp(f[i]) - y[i] * f[i];
  else for (const i of rows) s += (Math.exp(f[i]) - y[i]) ** 2;
  return s / Math.max(rows.length, 1);
}

interface Ctx {
  bins: Uint8Array[];
  edges: number[][];
  g: Float64Array;
  h: Float64Array;
  maxDepth: number;
  minLeafHessian: number;
  lambda: number;
}

function growTree(ctx: Ctx, rows: Int32Array): Tree {
  const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const grow = (idx: Int32Array, depth: number): number => {
    const node = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += ctx.g[i];
      H += ctx.h[i];
    }
    t.value.push(Math.max(-1, Math.min(1, -G / (H + ctx.lambda))));
    if (depth >= ctx.maxDepth || H < 2 * ctx.minLeafHessian) return node;
    const parent = (G * G) / (H + ctx.lambda);
    let best = 1e-9;
    let bf = -1;
    let bb = -1;
    const hg = new Float64Array(BINS);
    const hh = new Float64Array(BINS);
    for (let f = 0; f < ctx.bins.length; f++) {
      hg.fill(0);
      hh.fill(0);
      const col = ctx.bins[f];
      for (const i of idx) {
        hg[col[i]] += ctx.g[i];
        hh[col[i]] += ctx.h[i];
      }
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < ctx.edges[f].length; b++) {
        gl += hg[b];
        hl += hh[b];
        const hr = H - hl;
        if (hl < ctx.minLeafHessian || hr < ctx.minLeafHessian) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + ctx.lambda) + (gr * gr) / (hr + ctx.lambda) - parent;
        if (gain > best) [best, bf, bb] = [gain, f, b];
      }
    }
    if (bf < 0) return node;
    const col = ctx.bins[bf];
    const l = idx.filter((i) => col[i] <= bb);
    const r = idx.filter((i) => col[i] > bb);
    t.feature[node] = bf;
    t.threshold[node] = ctx.edges[bf][bb];
    t.left[node] = grow(l, depth + 1);
    t.right[node] = grow(r, depth + 1);
    return node;
  };
  grow(rows, 0);
  return t;
}

/**
 * Fits E[y] = exp(offset + f(x)). `cols` is feature-major (one array per feature). The number of
 * trees is chosen on the held-out rows, then the ensemble is refitted on all rows with that many.
 */
export function fitPoissonGbt(
  cols: Float64Array[],
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  opts: GbtOptions = {},
): GbtModel {
  const n = y.length;
  const rand = rng(opts.seed ?? 1);
  const validation = opts.validation ?? 0.2;
  const groupSide = new Map<number, boolean>();
  const isVal = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const gkey = opts.groups ? opts.groups[i] : i;
    let side = groupSide.get(gkey);
    if (side === undefined) groupSide.set(gkey, (side = rand() < validation));
    isVal[i] = side ? 1 : 0;
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const train = all.filter((i) => !isVal[i]);
  const val = all.filter((i) => isVal[i] === 1);
  const best = boost(cols, y, offset, train, val, opts, rand);
  return boost(cols, y, offset, all, new Int32Array(0), { ...opts, maxTrees: best.bestTrees }, rand).model;
}

function boost(
  cols: Float64Array[],
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  train: Int32Array,
  val: Int32Array,
  opts: GbtOptions,
  rand: () => number,
): { model: GbtModel; bestTrees: number } {
  const n = y.length;
  const lr = opts.learningRate ?? 0.1;
  const maxTrees = opts.maxTrees ?? 300;
  const edges = cols.map((c) => binEdges(train.length ? Float64Array.from(train, (i) => c[i]) : c));
  const ctx: Ctx = {
    bins: cols.map((c, f) => binColumn(c, edges[f])),
    edges,
    g: new Float64Array(n),
    h: new Float64Array(n),
    maxDepth: opts.maxDepth ?? 3,
    minLeafHessian: opts.minLeafHessian ?? 5,
    lambda: opts.lambda ?? 1,
  };
  // Bias: log of (Σy + k) / (Σ exp(offset) + k) over training rows, so the total matches from the
  // start; k (a gamma prior centred on "the offset is right") keeps a shop whose training window
  // happens to hold almost no purchases from scaling every prediction to nothing.
  let sy = 0;
  let so = 0;
  for (const i of train) {
    sy += y[i];
    so += Math.exp(offset[i]);
  }
  const k = opts.priorCount ?? 5;
  const bias = Math.log((sy + k) / (so + k));
  const f = Float64Array.from({ length: n }, (_, i) => offset[i] + bias);
  const model: GbtModel = { trees: [], bias, learningRate: lr, features: cols.length };
  const loss = opts.loss ?? 'poisson';
  let bestLoss = val.length ? meanLoss(y, f, val, loss) : Infinity;
  let bestTrees = 0;
  const subsample = opts.subsample ?? 0.8;
  for (let k = 0; k < maxTrees; k++) {
    for (const i of train) {
      const mu = Math.exp(f[i]);
      ctx.g[i] = loss === 'poisson' ? mu - y[i] : (mu - y[i]) * mu;
      ctx.h[i] = loss === 'poisson' ? mu : mu * mu;
    }
    const rows = train.filter(() => rand() < subsample);
    const t = growTree(ctx, rows);
    model.trees.push(t);
    for (let i = 0; i < n; i++) {
      let j = 0;
      while (t.feature[j] >= 0) j = cols[t.feature[j]][i] <= t.threshold[j] ? t.left[j] : t.right[j];
      f[i] += lr * t.value[j];
    }
    if (val.length) {
      const l = meanLoss(y, f, val, loss);
      if (l < bestLoss - 1e-9) [bestLoss, bestTrees] = [l, k + 1];
      else if (k + 1 - bestTrees >= 30) break; // patience
    }
  }
  return { model, bestTrees };
}
