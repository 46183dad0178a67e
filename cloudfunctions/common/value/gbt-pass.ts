/**
 * One boosting pass of the Poisson trees as a resumable computation: `startPass` fixes the bias and
 * the margins, `advancePass` adds trees until told to stop, and everything a later call needs (the
 * trees so far, the margins, the generator's state, the early-stopping record) is in {@link GbtPass}
 * — so a refit can add trees in chunks across invocations and end with the ensemble an
 * uninterrupted fit builds, bit for bit (gbt.ts composes the same pieces).
 *
 * Splits are searched on ≤ 32 quantile bins. The data is binned once per pass, row-major, and a
 * node's histograms of every feature are built in ONE pass over its rows: each bin's sums still
 * accumulate in row order, so they are the very sums a feature-by-feature loop gives.
 */
import { Mulberry32 } from '../random';

/** Bins per feature (quantile edges; bin j holds values ≤ edges[j], the last bin the rest). */
export const BINS = 32;

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

interface Grow {
  bins: Uint8Array;
  F: number;
  /** features whose rows are not all in one bin (the others can never split: skipping them changes nothing) */
  active: Int32Array;
  edges: number[][];
  g: Float64Array;
  h: Float64Array;
  hist: Float64Array;
  opts: PassOptions;
}

/** Grows one tree on `rows`; `split[i]` is node i's bin (for applying the tree to binned rows). */
function growTree(c: Grow, rows: Int32Array): { tree: Tree; split: number[] } {
  const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const split: number[] = [];
  const { bins, F, active, g, h, hist, opts } = c;
  const A = active.length;
  const grow = (idx: Int32Array, depth: number): number => {
    const node = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    split.push(-1);
    const deep = depth >= opts.maxDepth;
    if (!deep) hist.fill(0);
    let G = 0;
    let H = 0;
    // hist[2 (f·BINS + b)] = Σg, [… + 1] = Σh of the node's rows in that bin, in row order.
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      const gi = g[i];
      const hi = h[i];
      G += gi;
      H += hi;
      if (deep) continue;
      const base = i * F;
      for (let a = 0; a < A; a++) {
        const f = active[a];
        const at = (f * BINS + bins[base + f]) * 2;
        hist[at] += gi;
        hist[at + 1] += hi;
      }
    }
    t.value.push(Math.max(-1, Math.min(1, -G / (H + opts.lambda))));
    if (deep || H < 2 * opts.minLeafHessian) return node;
    const parent = (G * G) / (H + opts.lambda);
    let best = 1e-9;
    let bf = -1;
    let bb = -1;
    for (let a = 0; a < A; a++) {
      const f = active[a];
      let gl = 0;
      let hl = 0;
      const nb = c.edges[f].length;
      for (let b = 0; b < nb; b++) {
        const at = (f * BINS + b) * 2;
        gl += hist[at];
        hl += hist[at + 1];
        const hr = H - hl;
        if (hl < opts.minLeafHessian || hr < opts.minLeafHessian) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + opts.lambda) + (gr * gr) / (hr + opts.lambda) - parent;
        if (gain > best) [best, bf, bb] = [gain, f, b];
      }
    }
    if (bf < 0) return node;
    let nl = 0;
    for (let k = 0; k < idx.length; k++) if (bins[idx[k] * F + bf] <= bb) nl++;
    const l = new Int32Array(nl);
    const r = new Int32Array(idx.length - nl);
    for (let k = 0, a = 0, z = 0; k < idx.length; k++) {
      const i = idx[k];
      if (bins[i * F + bf] <= bb) l[a++] = i;
      else r[z++] = i;
    }
    t.feature[node] = bf;
    t.threshold[node] = c.edges[bf][bb];
    split[node] = bb;
    t.left[node] = grow(l, depth + 1);
    t.right[node] = grow(r, depth + 1);
    return node;
  };
  grow(rows, 0);
  return { tree: t, split };
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
  const n = bins.n;
  const F = bins.features;
  const c: Grow = {
    bins: bins.bins,
    F,
    active: activeFeatures(bins),
    edges: bins.edges,
    g: new Float64Array(n),
    h: new Float64Array(n),
    hist: new Float64Array(F * BINS * 2),
    opts,
  };
  const rand = Mulberry32.resume(p.rand);
  const f = p.f;
  const lr = opts.learningRate;
  const picked = new Int32Array(train.length);
  while (!p.done) {
    for (let k = 0; k < train.length; k++) {
      const i = train[k];
      const mu = Math.exp(f[i]);
      c.g[i] = opts.loss === 'poisson' ? mu - y[i] : (mu - y[i]) * mu;
      c.h[i] = opts.loss === 'poisson' ? mu : mu * mu;
    }
    let m = 0;
    for (let k = 0; k < train.length; k++) if (rand.next() < opts.subsample) picked[m++] = train[k];
    const { tree: t, split } = growTree(c, picked.subarray(0, m));
    p.model.trees.push(t);
    for (let i = 0; i < n; i++) {
      let j = 0;
      while (t.feature[j] >= 0) j = bins.bins[i * F + t.feature[j]] <= split[j] ? t.left[j] : t.right[j];
      f[i] += lr * t.value[j];
    }
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
