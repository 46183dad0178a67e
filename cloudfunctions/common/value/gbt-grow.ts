/**
 * Growing one tree of a boosting pass (gbt-pass.ts). A node's histograms of every feature are built
 * in ONE pass over its rows, in row order: each bin's sums accumulate in the order a
 * feature-by-feature loop over the node's rows gives, so the splits are the ones that loop finds.
 * Of two children that need histograms, only the smaller is built; the other is the parent's minus
 * it, and its split is taken only when certain to be the direct build's (gbt-hist.ts; otherwise it
 * is built directly). The node's rows are a range of one buffer, partitioned in place (stably: each
 * side keeps row order), and every array is allocated once per pass, not per node or per tree.
 */
import { bestSplit, BINS, certainSplit, deriveHist, directErrors, type NodeHist, type Totals } from './gbt-hist';

export { BINS } from './gbt-hist';

/** One tree, as flat arrays: node i splits on `feature[i]` at `threshold[i]` (≤ goes left), or is a leaf (feature −1). */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** The knobs growing a tree reads. */
export interface GrowOptions {
  maxDepth: number;
  minLeafHessian: number;
  lambda: number;
}

/** What growing trees reads, and the scratch it reuses: one per pass (see {@link grower}). */
export interface Grower {
  /** row-major bins: `bins[i * F + f]` */
  bins: Uint8Array;
  F: number;
  /** features whose rows are not all in one bin (the others can never split: skipping them changes nothing) */
  active: Int32Array;
  /** each active feature's number of edges (its last bin has no split) */
  nbins: Int32Array;
  edges: number[][];
  /** each row's gradient and Hessian (only the rows a tree is grown on are read) */
  g: Float64Array;
  h: Float64Array;
  /** the tree's rows; a node's rows are one range of it */
  rows: Int32Array;
  /** holds a node's right-hand rows while it is partitioned */
  scratch: Int32Array;
  /** histogram buffers: the root's, then two per depth */
  hists: Float64Array[];
  /** derive the larger child's histograms by subtraction (false: build every node's directly) */
  subtract: boolean;
  /** derived histograms whose split was in doubt and that were built directly after all */
  rebuilt: number;
  opts: GrowOptions;
}

/** A grower for `n` rows binned `F` wide (row-major), of which at most `maxRows` grow a tree. */
export function grower(
  bins: { bins: Uint8Array; features: number; edges: number[][] },
  active: Int32Array,
  n: number,
  maxRows: number,
  opts: GrowOptions,
  subtract = true,
): Grower {
  const size = active.length * BINS * 2;
  return {
    bins: bins.bins,
    F: bins.features,
    active,
    nbins: Int32Array.from(active, (f) => bins.edges[f].length),
    edges: bins.edges,
    g: new Float64Array(n),
    h: new Float64Array(n),
    rows: new Int32Array(maxRows),
    scratch: new Int32Array(maxRows),
    hists: Array.from({ length: 1 + 2 * Math.max(0, opts.maxDepth) }, () => new Float64Array(size)),
    subtract,
    rebuilt: 0,
    opts,
  };
}

/** Σg, Σh, Σ|g| of rows[lo, hi) in row order, and (with `hist`) their histograms. */
function sums(c: Grower, lo: number, hi: number, hist: Float64Array | null): Totals {
  const { bins, F, active, g, h, rows } = c;
  const A = active.length;
  let G = 0;
  let H = 0;
  let absG = 0;
  if (!hist) {
    for (let k = lo; k < hi; k++) {
      const i = rows[k];
      const gi = g[i];
      G += gi;
      H += h[i];
      absG += Math.abs(gi);
    }
    return { G, H, absG, n: hi - lo };
  }
  hist.fill(0);
  for (let k = lo; k < hi; k++) {
    const i = rows[k];
    const gi = g[i];
    const hi_ = h[i];
    G += gi;
    H += hi_;
    absG += Math.abs(gi);
    const base = i * F;
    for (let a = 0; a < A; a++) {
      const at = ((a << 5) + bins[base + active[a]]) << 1;
      hist[at] += gi;
      hist[at + 1] += hi_;
    }
  }
  return { G, H, absG, n: hi - lo };
}

/** A direct build of rows[lo, hi)'s histograms into `out`. */
function direct(c: Grower, lo: number, hi: number, out: Float64Array): [Totals, NodeHist] {
  const t = sums(c, lo, hi, out);
  return [t, { hist: out, direct: true, ...directErrors(t) }];
}

/** Moves rows[lo, hi) whose bin of `f` is ≤ b to the front, each side in row order; returns the boundary. */
function partition(c: Grower, lo: number, hi: number, f: number, b: number): number {
  const { bins, F, rows, scratch } = c;
  let l = lo;
  let r = 0;
  for (let k = lo; k < hi; k++) {
    const i = rows[k];
    if (bins[i * F + f] <= b) rows[l++] = i;
    else scratch[r++] = i;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

/** The totals of rows[lo, hi) whose bin of `f` is ≤ b and of the others (each side in row order). */
function sidesOf(c: Grower, lo: number, hi: number, f: number, b: number): [Totals, Totals] {
  const { bins, F, rows, g, h } = c;
  const l = { G: 0, H: 0, absG: 0, n: 0 };
  const r = { G: 0, H: 0, absG: 0, n: 0 };
  for (let k = lo; k < hi; k++) {
    const i = rows[k];
    const s = bins[i * F + f] <= b ? l : r;
    s.G += g[i];
    s.H += h[i];
    s.n++;
  }
  return [l, r];
}

/** A node's split on its histograms: the direct build's, rebuilding them when a derived one is in doubt. */
function splitOf(c: Grower, lo: number, hi: number, t: Totals, nh: NodeHist): [number, number] {
  if (!nh.direct) {
    const sure = certainSplit(nh, c.nbins, t, c.opts);
    if (sure) return sure;
    c.rebuilt++;
    Object.assign(nh, direct(c, lo, hi, nh.hist)[1]);
  }
  return bestSplit(nh.hist, c.nbins, t.G, t.H, c.opts);
}

/**
 * Grows one tree on c.rows[0, m) (in row order); `split[i]` is node i's bin (for applying the tree
 * to binned rows). Nodes are numbered depth-first, left before right.
 */
export function growTree(c: Grower, m: number): { tree: Tree; split: number[] } {
  const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const split: number[] = [];
  const { maxDepth, minLeafHessian, lambda } = c.opts;
  // A node's totals, and its histograms when it is above the deepest level.
  const grow = (lo: number, hi: number, depth: number, tot: Totals, nh: NodeHist | null): number => {
    const node = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    split.push(-1);
    t.value.push(Math.max(-1, Math.min(1, -tot.G / (tot.H + lambda))));
    if (!nh || tot.H < 2 * minLeafHessian) return node;
    const [ba, bb] = splitOf(c, lo, hi, tot, nh);
    if (ba < 0) return node;
    const bf = c.active[ba];
    t.feature[node] = bf;
    t.threshold[node] = c.edges[bf][bb];
    split[node] = bb;
    // Leaves below: their totals only, and no row needs to move.
    if (depth + 1 >= maxDepth) {
      const [L, R] = sidesOf(c, lo, hi, bf, bb);
      t.left[node] = grow(lo, lo, depth + 1, L, null);
      t.right[node] = grow(hi, hi, depth + 1, R, null);
      return node;
    }
    const mid = partition(c, lo, hi, bf, bb);
    const [L, R] = children(c, lo, mid, hi, depth + 1, tot, nh);
    t.left[node] = grow(lo, mid, depth + 1, L[0], L[1]);
    t.right[node] = grow(mid, hi, depth + 1, R[0], R[1]);
    return node;
  };
  const root = 0 < maxDepth ? direct(c, 0, m, c.hists[0]) : ([sums(c, 0, m, null), null] as const);
  grow(0, m, 0, root[0], root[1]);
  return { tree: t, split };
}

type Child = readonly [Totals, NodeHist | null];

/** The children's totals, and (above the deepest level) their histograms: the smaller built, the other derived. */
function children(
  c: Grower,
  lo: number,
  mid: number,
  hi: number,
  depth: number,
  pt: Totals,
  parent: NodeHist,
): [Child, Child] {
  const [lb, rb] = [c.hists[2 * depth - 1], c.hists[2 * depth]];
  if (!c.subtract) return [direct(c, lo, mid, lb), direct(c, mid, hi, rb)];
  const leftSmall = mid - lo <= hi - mid;
  const small = leftSmall ? direct(c, lo, mid, lb) : direct(c, mid, hi, rb);
  const big: Child = [
    leftSmall ? sums(c, mid, hi, null) : sums(c, lo, mid, null),
    deriveHist(parent, pt, small[1], leftSmall ? rb : lb),
  ];
  return leftSmall ? [small, big] : [big, small];
}

/** f[i] += lr · (row i's leaf value) for every row (the tree applied to the bins; `split` as growTree's). */
export function addTree(c: Grower, t: Tree, split: number[], lr: number, f: Float64Array): void {
  const { bins, F } = c;
  const feature = Int32Array.from(t.feature);
  const at = Int32Array.from(split);
  const left = Int32Array.from(t.left);
  const right = Int32Array.from(t.right);
  // The same product lr · value the row-by-row sum added.
  const step = Float64Array.from(t.value, (v) => lr * v);
  for (let i = 0; i < f.length; i++) {
    const base = i * F;
    let j = 0;
    while (feature[j] >= 0) j = bins[base + feature[j]] <= at[j] ? left[j] : right[j];
    f[i] += step[j];
  }
}
