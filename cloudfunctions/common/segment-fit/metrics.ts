/** Cluster quality metrics: silhouette, Davies–Bouldin, adjusted Rand index, size balance. */
import { Matrix, sqDist, zeros } from './matrix';

/** Mean silhouette over the rows `idx` (distances to every other row in `idx`; O(m²)). */
export function silhouette(x: Matrix, labels: ArrayLike<number>, idx: ArrayLike<number>): number {
  const m = idx.length;
  const k = Math.max(...Array.from(idx, (i) => labels[i])) + 1;
  let total = 0;
  let counted = 0;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const i of Array.from(idx)) counts[labels[i]]++;
  for (let a = 0; a < m; a++) {
    const i = idx[a];
    sums.fill(0);
    for (let b = 0; b < m; b++) if (a !== b) sums[labels[idx[b]]] += Math.sqrt(sqDist(x, i, x, idx[b]));
    const own = labels[i];
    if (counts[own] <= 1) continue; // silhouette of a singleton is 0 by convention
    const ai = sums[own] / (counts[own] - 1);
    let bi = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) bi = Math.min(bi, sums[c] / counts[c]);
    if (!Number.isFinite(bi)) continue;
    total += (bi - ai) / Math.max(ai, bi, 1e-12);
    counted++;
  }
  return counted ? total / m : 0;
}

/** Means of rows per label. */
export function clusterMeans(x: Matrix, labels: ArrayLike<number>, k: number): { means: Matrix; counts: Float64Array } {
  const means = zeros(k, x.d);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.n; i++) {
    counts[labels[i]]++;
    for (let j = 0; j < x.d; j++) means.data[labels[i] * x.d + j] += x.data[i * x.d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < x.d; j++) means.data[c * x.d + j] /= Math.max(1, counts[c]);
  return { means, counts };
}

/** Davies–Bouldin index (lower is better), computed in the space of `x`. */
export function daviesBouldin(x: Matrix, labels: ArrayLike<number>, k: number): number {
  const { means, counts } = clusterMeans(x, labels, k);
  const scatter = new Float64Array(k);
  for (let i = 0; i < x.n; i++) scatter[labels[i]] += Math.sqrt(sqDist(x, i, means, labels[i]));
  const live = [...Array(k).keys()].filter((c) => counts[c] > 0);
  live.forEach((c) => (scatter[c] /= counts[c]));
  let sum = 0;
  for (const a of live) {
    let worst = 0;
    for (const b of live) if (a !== b) worst = Math.max(worst, (scatter[a] + scatter[b]) / Math.max(1e-12, Math.sqrt(sqDist(means, a, means, b))));
    sum += worst;
  }
  return live.length ? sum / live.length : 0;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index between two labelings of the same rows. */
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = new Map<string, number>();
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  table.forEach((v) => (index += choose2(v)));
  let sa = 0;
  let sb = 0;
  ra.forEach((v) => (sa += choose2(v)));
  rb.forEach((v) => (sb += choose2(v)));
  const expected = (sa * sb) / choose2(a.length);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Size balance: smallest and largest share, and normalised entropy (1 = perfectly even). */
export function sizeBalance(labels: ArrayLike<number>, k: number): { minShare: number; maxShare: number; entropy: number } {
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const shares = Array.from(counts, (c) => c / Math.max(1, labels.length));
  const h = -shares.reduce((s, p) => (p > 0 ? s + p * Math.log(p) : s), 0);
  return { minShare: Math.min(...shares), maxShare: Math.max(...shares), entropy: k > 1 ? h / Math.log(k) : 1 };
}
