/**
 * Scores a clustering method on the same footing as the others: silhouette and Davies–Bouldin
 * in the common standardised feature space (and in the method's own space), size balance, and
 * stability = mean adjusted Rand index between the full fit and fits on 80% subsamples with
 * other seeds, compared on a fixed evaluation sample.
 */
import { adjustedRand, daviesBouldin, silhouette, sizeBalance } from './metrics';
import { Matrix, takeRows } from './matrix';
import { mulberry32, sampleIndices } from '../random';

/** A method: fit on rows (its own space) and return a labeller for any rows. */
export type Fitter = (x: Matrix, seed: number) => (rows: Matrix) => Int32Array;

/** Figures of one method at one K. */
export interface MethodScore {
  k: number;
  silhouette: number;
  silhouetteOwnSpace: number;
  daviesBouldin: number;
  stabilityAri: number;
  minShare: number;
  maxShare: number;
  balanceEntropy: number;
}

/** Evaluation setup shared by all methods so their figures compare. */
export interface EvalSetup {
  /** standardised features, the common space */
  common: Matrix;
  sampleIdx: Int32Array;
  bootstraps: number;
  seed: number;
}

/** A fixed evaluation sample (silhouette is O(m²)). */
export function makeSetup(common: Matrix, opts: { sample: number; bootstraps: number; seed: number }): EvalSetup {
  return { common, sampleIdx: sampleIndices(common.n, opts.sample, mulberry32(opts.seed)), bootstraps: opts.bootstraps, seed: opts.seed };
}

/** Fit `fit` on `own` (rows aligned with setup.common) and score it. */
export function scoreMethod(own: Matrix, k: number, fit: Fitter, s: EvalSetup, ownSpace = false): { score: MethodScore; labels: Int32Array } {
  const labeller = fit(own, s.seed);
  const labels = labeller(own);
  const sampleOwn = takeRows(own, s.sampleIdx);
  const ref = labeller(sampleOwn);
  const rng = mulberry32(s.seed + 99);
  let ari = 0;
  for (let b = 0; b < s.bootstraps; b++) {
    const sub = sampleIndices(own.n, Math.floor(own.n * 0.8), rng);
    ari += adjustedRand(ref, fit(takeRows(own, sub), s.seed + 1000 * (b + 1))(sampleOwn));
  }
  const bal = sizeBalance(labels, k);
  return {
    labels,
    score: {
      k,
      silhouette: silhouette(s.common, labels, s.sampleIdx),
      silhouetteOwnSpace: ownSpace ? silhouette(own, labels, s.sampleIdx) : NaN,
      daviesBouldin: daviesBouldin(s.common, labels, k),
      stabilityAri: ari / Math.max(1, s.bootstraps),
      minShare: bal.minShare,
      maxShare: bal.maxShare,
      balanceEntropy: bal.entropy,
    },
  };
}

/**
 * Pick K: the best silhouette among Ks whose stability ARI ≥ 0.8 and whose smallest segment
 * holds ≥ 0.1% of customers (a segment must be big enough to act on; 0.1% rather than more
 * because small but real groups — the Taobao browsers are 1.1% of the training rows — must be
 * able to form); when none qualifies, the best silhouette + stability sum.
 */
export function chooseK(scores: MethodScore[]): MethodScore {
  const ok = scores.filter((s) => s.stabilityAri >= 0.8 && s.minShare >= 0.001);
  const pool = ok.length ? ok : scores;
  const key = (s: MethodScore) => (ok.length ? s.silhouette : s.silhouette + s.stabilityAri);
  return pool.reduce((a, b) => (key(b) > key(a) ? b : a));
}
