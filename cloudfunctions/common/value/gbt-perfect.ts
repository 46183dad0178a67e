/**
 * The page layout of gbt-compiled.ts. Each row's value of feature f is first replaced by its RANK
 * among the distinct thresholds used on f (how many are below it; trees grown on ≤ 32 quantile
 * bins use few), and every tree is padded to a perfect binary tree of its ensemble's depth whose
 * splits hold their threshold's rank. `x ≤ t_j` ⇔ `rank(x) ≤ j`, so the walk takes exactly the
 * same branches, but as integer arithmetic without jumps. Several ensembles on the same columns
 * (the shipped trees and last season's) share one threshold table, so a page of rows is ranked
 * once for all of them.
 */
import type { GbtModel, Tree } from './gbt';

/** Deepest ensemble laid out as perfect trees (2^6 leaves per tree). */
export const MAX_PERFECT_DEPTH = 6;

/** The distinct thresholds of feature f, ascending: cuts[cutStart[f] .. cutStart[f + 1]). */
export interface CutTable {
  cuts: Float64Array;
  cutStart: Int32Array;
}

/** Trees padded to perfect binary trees of one depth (splits in heap order, then leaves). */
export interface PerfectTrees {
  depth: number;
  trees: number;
  /** per tree, 2^depth − 1 splits: feature, and the rank of the threshold in its {@link CutTable} */
  feature: Int32Array;
  rank: Int32Array;
  /** per tree, 2^depth leaves: learning rate × leaf value */
  leaf: Float64Array;
}

function treeDepth(t: Tree, i = 0): number {
  return t.feature[i] < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[i]), treeDepth(t, t.right[i]));
}

/** The depth of the deepest tree of `m`. */
export function ensembleDepth(m: GbtModel): number {
  let depth = 0;
  for (const t of m.trees) depth = Math.max(depth, treeDepth(t));
  return depth;
}

/** A padded split: every rank is below it, so it goes left (both sides hold the same leaf anyway). */
const ALWAYS_LEFT = 1 << 30;

// Written as plain loops: this runs once per container on the first scoring call, before the
// JIT has warmed up, where closures and recursion cost most (the first score is in the cold start).

/**
 * The thresholds of every split of `models` on columns 0 … width − 1, and each threshold's rank
 * among its feature's (rankOf[f]).
 */
export function cutTable(
  models: readonly GbtModel[],
  width: number,
): { table: CutTable; rankOf: Map<number, number>[] } {
  const byFeature: number[][] = [];
  for (let f = 0; f < width; f++) byFeature.push([]);
  for (const m of models)
    for (const t of m.trees)
      for (let i = 0; i < t.feature.length; i++)
        if (t.feature[i] >= 0) byFeature[t.feature[i]].push(t.threshold[i]);
  const cutStart = new Int32Array(width + 1);
  const rankOf: Map<number, number>[] = [];
  const cuts: number[] = [];
  for (let f = 0; f < width; f++) {
    const sorted = Float64Array.from(new Set(byFeature[f])).sort();
    const ranks = new Map<number, number>();
    for (let r = 0; r < sorted.length; r++) {
      ranks.set(sorted[r], r);
      cuts.push(sorted[r]);
    }
    rankOf.push(ranks);
    cutStart[f + 1] = cutStart[f] + sorted.length;
  }
  return { table: { cuts: Float64Array.from(cuts), cutStart }, rankOf };
}

/** `m` padded to perfect trees of `depth`, its thresholds ranked by `rankOf` (see {@link cutTable}). */
export function perfectTrees(
  m: GbtModel,
  depth: number,
  rankOf: readonly Map<number, number>[],
): PerfectTrees {
  const splits = (1 << depth) - 1;
  const leaves = 1 << depth;
  const p: PerfectTrees = {
    depth,
    trees: m.trees.length,
    feature: new Int32Array(m.trees.length * splits),
    rank: new Int32Array(m.trees.length * splits),
    leaf: new Float64Array(m.trees.length * leaves),
  };
  // Heap slots (children of s: 2s+1, 2s+2), parent before children: each slot's node comes from
  // its parent's (a leaf above the bottom is copied down to every slot below it).
  const nodeAt = new Int32Array(splits + leaves);
  for (let k = 0; k < m.trees.length; k++) {
    const t = m.trees[k];
    nodeAt[0] = 0;
    for (let slot = 0; slot < splits + leaves; slot++) {
      const node = nodeAt[slot];
      if (slot >= splits) {
        p.leaf[k * leaves + slot - splits] = m.learningRate * t.value[node];
        continue;
      }
      const leaf = t.feature[node] < 0;
      // A leaf above the bottom: a split on feature 0 that always goes left; both sides hold the leaf.
      p.feature[k * splits + slot] = leaf ? 0 : t.feature[node];
      p.rank[k * splits + slot] = leaf ? ALWAYS_LEFT : rankOf[t.feature[node]].get(t.threshold[node])!;
      nodeAt[2 * slot + 1] = leaf ? node : t.left[node];
      nodeAt[2 * slot + 2] = leaf ? node : t.right[node];
    }
  }
  return p;
}

/**
 * Ranks of `n` rows of `width` columns (row after row in `rows`) on the table's features, written
 * feature after feature: ranks[f · n + r]. rank(x) = number of thresholds below x; NaN is above
 * all of them (x ≤ t is false, as in gbtMargin).
 */
export function rankRows(t: CutTable, rows: Float64Array, width: number, n: number, ranks: Int32Array): void {
  const { cuts, cutStart } = t;
  const used = cutStart.length - 1;
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < used; f++) {
      const x = rows[r * width + f];
      const lo = cutStart[f];
      const hi = cutStart[f + 1];
      let k = lo;
      while (k < hi && !(x <= cuts[k])) k++;
      ranks[f * n + r] = k - lo;
    }
  }
}

/**
 * bias + the trees of `p` for `n` ranked rows, written to `out`. Tree after tree over the page:
 * each row still adds the trees in order, so the sums are bit-identical to `gbtMargin`'s.
 */
export function walkPerfect(
  p: PerfectTrees,
  ranks: Int32Array,
  n: number,
  bias: number,
  out: Float64Array,
): void {
  out.fill(bias, 0, n);
  const { depth, feature, rank, leaf, trees } = p;
  const splits = (1 << depth) - 1;
  // Depth 3 takes the trees four at a time; the rest (fewer than four) go through the loop below.
  const from = depth === 3 ? walkDepth3(p, ranks, n, out) : 0;
  for (let k = from, base = from * splits; k < trees; k++, base += splits) {
    const f0 = feature[base] * n;
    const r0 = rank[base];
    const lbase = base + k - splits;
    for (let r = 0; r < n; r++) {
      // right (1) exactly when rank(x) > the split's rank: the sign bit of their difference.
      let i = 1 + ((r0 - ranks[f0 + r]) >>> 31);
      for (let d = 1; d < depth; d++) {
        const j = base + i;
        i = 2 * i + 1 + ((rank[j] - ranks[feature[j] * n + r]) >>> 31);
      }
      out[r] += leaf[lbase + i];
    }
  }
}

/**
 * {@link walkPerfect}'s trees of depth 3 (the learner's default, gbt.ts), four per pass over the
 * page, written out with each tree's first two levels held in locals; returns how many it walked
 * (a multiple of four). On the 100,000-customer season fit (299 + 296 trees) both sets' margins
 * took about half the time of the loop over levels.
 * Tree k's splits are slots 7k … 7k + 6 (root; its children 1, 2; theirs 3 … 6), and slot
 * i = 7 … 14 below them is its leaf 8k + i − 7. A child is right (1) when the row's rank is above
 * the split's: the sign bit of their difference.
 */
function walkDepth3(p: PerfectTrees, ranks: Int32Array, n: number, out: Float64Array): number {
  const { feature, rank, leaf, trees } = p;
  let k = 0;
  for (; k + 3 < trees; k += 4) {
    const a = 7 * k;
    const b = a + 7;
    const c = a + 14;
    const d = a + 21;
    const a0 = feature[a] * n;
    const a1 = feature[a + 1] * n;
    const a2 = feature[a + 2] * n;
    const b0 = feature[b] * n;
    const b1 = feature[b + 1] * n;
    const b2 = feature[b + 2] * n;
    const c0 = feature[c] * n;
    const c1 = feature[c + 1] * n;
    const c2 = feature[c + 2] * n;
    const d0 = feature[d] * n;
    const d1 = feature[d + 1] * n;
    const d2 = feature[d + 2] * n;
    const ra0 = rank[a];
    const ra1 = rank[a + 1];
    const ra2 = rank[a + 2];
    const rb0 = rank[b];
    const rb1 = rank[b + 1];
    const rb2 = rank[b + 2];
    const rc0 = rank[c];
    const rc1 = rank[c + 1];
    const rc2 = rank[c + 2];
    const rd0 = rank[d];
    const rd1 = rank[d + 1];
    const rd2 = rank[d + 2];
    const la = 8 * k - 7;
    for (let r = 0; r < n; r++) {
      let i =
        (ra0 - ranks[a0 + r]) >>> 31
          ? 5 + ((ra2 - ranks[a2 + r]) >>> 31)
          : 3 + ((ra1 - ranks[a1 + r]) >>> 31);
      i = 2 * i + 1 + ((rank[a + i] - ranks[feature[a + i] * n + r]) >>> 31);
      let j =
        (rb0 - ranks[b0 + r]) >>> 31
          ? 5 + ((rb2 - ranks[b2 + r]) >>> 31)
          : 3 + ((rb1 - ranks[b1 + r]) >>> 31);
      j = 2 * j + 1 + ((rank[b + j] - ranks[feature[b + j] * n + r]) >>> 31);
      let u =
        (rc0 - ranks[c0 + r]) >>> 31
          ? 5 + ((rc2 - ranks[c2 + r]) >>> 31)
          : 3 + ((rc1 - ranks[c1 + r]) >>> 31);
      u = 2 * u + 1 + ((rank[c + u] - ranks[feature[c + u] * n + r]) >>> 31);
      let v =
        (rd0 - ranks[d0 + r]) >>> 31
          ? 5 + ((rd2 - ranks[d2 + r]) >>> 31)
          : 3 + ((rd1 - ranks[d1 + r]) >>> 31);
      v = 2 * v + 1 + ((rank[d + v] - ranks[feature[d + v] * n + r]) >>> 31);
      // Left to right: the same additions in the same order as one tree at a time.
      out[r] = out[r] + leaf[la + i] + leaf[la + 8 + j] + leaf[la + 16 + u] + leaf[la + 24 + v];
    }
  }
  return k;
}
