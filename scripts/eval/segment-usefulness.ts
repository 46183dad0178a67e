/**
 * How useful a segmentation is: η² — the share of the variance of an outcome (each customer's
 * hold-out purchase days, or spend) that their segment explains — and the spreadsheet reference
 * it is compared with: RFM segments, K equal groups by the sum of the recency, frequency and
 * monetary ranks (ties share their average rank).
 */

/** η² = between-segment sum of squares / total sum of squares (0 when the outcome is constant). */
export function etaSquared(labels: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = y.length;
  if (labels.length !== n) throw new Error(`${labels.length} labels for ${n} outcomes`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += (y[i] - mean) ** 2;
    sum.set(labels[i], (sum.get(labels[i]) ?? 0) + y[i]);
    count.set(labels[i], (count.get(labels[i]) ?? 0) + 1);
  }
  let between = 0;
  for (const [g, s] of sum) {
    const c = count.get(g) as number;
    between += c * (s / c - mean) ** 2;
  }
  return total > 0 ? between / total : 0;
}

/** Ranks 1..n, ascending, ties sharing their average rank. */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** What the RFM reference reads per customer, as of the calibration end. */
export interface RfmInputs {
  /** days since the last purchase (smaller = better) */
  recencyDays: number;
  /** purchase days */
  frequency: number;
  /** money spent */
  monetary: number;
}

/**
 * K equal groups (0 = weakest … K−1 = best) by the sum of the R, F and M ranks (recency ranked
 * so that the most recent buyer ranks highest); customers with equal sums keep input order.
 */
export function rfmRankGroups(c: readonly RfmInputs[], k: number): Int32Array {
  const r = averageRanks(c.map((x) => -x.recencyDays));
  const f = averageRanks(c.map((x) => x.frequency));
  const m = averageRanks(c.map((x) => x.monetary));
  const score = c.map((_, i) => r[i] + f[i] + m[i]);
  const order = Array.from({ length: c.length }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
  const out = new Int32Array(c.length);
  order.forEach((i, pos) => (out[i] = Math.floor((pos * k) / c.length)));
  return out;
}

/** Mid-rank of `v` among sorted values (1-based; ties share their average rank). */
function midRank(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < v) lo = m + 1;
    else hi = m;
  }
  let end = lo;
  while (end < sorted.length && sorted[end] === v) end++;
  return end > lo ? (lo + end + 1) / 2 : lo + 0.5;
}

/**
 * The RFM reference as a labeller fitted on some customers and applied to any: ranks of R, F and
 * M among the fitted customers, group cuts at the K-quantiles of their rank sums. On the fitted
 * customers it gives the groups of {@link rfmRankGroups} up to ties at a cut; on others it is
 * what a refit on a subsample would say (stability).
 */
export function fitRfmRanks(fit: readonly RfmInputs[], k: number): (rows: readonly RfmInputs[]) => Int32Array {
  const sorted = (f: (x: RfmInputs) => number) => Float64Array.from(fit, f).sort();
  const r = sorted((x) => -x.recencyDays);
  const f = sorted((x) => x.frequency);
  const m = sorted((x) => x.monetary);
  const score = (x: RfmInputs) => midRank(r, -x.recencyDays) + midRank(f, x.frequency) + midRank(m, x.monetary);
  const scores = Float64Array.from(fit, score).sort();
  // group g starts at position ⌈g·n/K⌉, as in rfmRankGroups
  const cuts = Array.from({ length: k - 1 }, (_, q) => scores[Math.ceil(((q + 1) * scores.length) / k)]);
  return (rows) => Int32Array.from(rows, (x) => {
    const s = score(x);
    let g = 0;
    while (g < cuts.length && s >= cuts[g]) g++;
    return g;
  });
}
