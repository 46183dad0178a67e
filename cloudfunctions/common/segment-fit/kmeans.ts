/** k-means with k-means++ seeding and several restarts (best inertia wins). Seeded. */
import { mulberry32, Rng } from '../random';
import { Matrix, sqDist, zeros } from './matrix';

/** A k-means solution. */
export interface KMeansResult {
  centroids: Matrix;
  labels: Int32Array;
  inertia: number;
}

function seedPlusPlus(x: Matrix, k: number, rng: Rng): Matrix {
  const c = zeros(k, x.d);
  const first = Math.floor(rng() * x.n);
  c.data.set(x.data.subarray(first * x.d, (first + 1) * x.d), 0);
  const best = new Float64Array(x.n).fill(Infinity);
  for (let m = 1; m < k; m++) {
    let total = 0;
    for (let i = 0; i < x.n; i++) {
      best[i] = Math.min(best[i], sqDist(x, i, c, m - 1));
      total += best[i];
    }
    let r = rng() * total;
    let pick = x.n - 1;
    for (let i = 0; i < x.n; i++) {
      r -= best[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    c.data.set(x.data.subarray(pick * x.d, (pick + 1) * x.d), m * x.d);
  }
  return c;
}

/** Nearest-centroid labels and total inertia. */
export function assign(x: Matrix, c: Matrix, labels = new Int32Array(x.n)): { labels: Int32Array; inertia: number } {
  let inertia = 0;
  for (let i = 0; i < x.n; i++) {
    let bd = Infinity;
    let bj = 0;
    for (let j = 0; j < c.n; j++) {
      const dd = sqDist(x, i, c, j);
      if (dd < bd) {
        bd = dd;
        bj = j;
      }
    }
    labels[i] = bj;
    inertia += bd;
  }
  return { labels, inertia };
}

function lloyd(x: Matrix, c: Matrix, maxIter: number): KMeansResult {
  const labels = new Int32Array(x.n);
  let inertia = Infinity;
  for (let it = 0; it < maxIter; it++) {
    const r = assign(x, c, labels);
    const sums = zeros(c.n, x.d);
    const counts = new Float64Array(c.n);
    for (let i = 0; i < x.n; i++) {
      counts[labels[i]]++;
      for (let k = 0; k < x.d; k++) sums.data[labels[i] * x.d + k] += x.data[i * x.d + k];
    }
    for (let j = 0; j < c.n; j++) {
      if (counts[j] === 0) continue; // keep an empty cluster's centroid where it was
      for (let k = 0; k < x.d; k++) c.data[j * x.d + k] = sums.data[j * x.d + k] / counts[j];
    }
    if (inertia - r.inertia <= 1e-9 * Math.max(1, inertia)) {
      inertia = r.inertia;
      break;
    }
    inertia = r.inertia;
  }
  const final = assign(x, c, labels);
  return { centroids: c, labels: final.labels, inertia: final.inertia };
}

/** Best of `restarts` k-means++ runs. */
export function kmeans(x: Matrix, k: number, opts: { seed: number; restarts?: number; maxIter?: number }): KMeansResult {
  const rng = mulberry32(opts.seed);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.restarts ?? 5); r++) {
    const res = lloyd(x, seedPlusPlus(x, k, rng), opts.maxIter ?? 100);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best as KMeansResult;
}

/**
 * ONE k-means++ start and its Lloyd iterations, seeded by `seed` alone: a resumable job runs the
 * restarts of a final fit as separate steps and keeps the best (lowest inertia) between them.
 */
export const kmeansRun = (x: Matrix, k: number, seed: number, maxIter = 100): KMeansResult => lloyd(x, seedPlusPlus(x, k, mulberry32(seed)), maxIter);
