/**
 * Model selection: for each K in range, k-means in the autoencoder's latent space and on the
 * standardised features, scored on the same footing (evaluate.ts); RFM quantile segments as the
 * plain baseline. Selection runs on a seeded subsample for speed; the final fit uses all rows.
 */
import { chooseK, makeSetup, scoreMethod, type Fitter, type MethodScore } from './evaluate';
import { assign, kmeans } from './kmeans';
import type { Matrix } from './matrix';
import { takeRows } from './matrix';
import { fitRfm, type RfmColumns } from './rfm-baseline';
import { makeRng, sampleIndices } from './rng';
import type { Stage } from './progress';

/** Selection options. */
export interface SelectOptions {
  kMin: number;
  kMax: number;
  fitSample: number;
  evalSample: number;
  bootstraps: number;
  restarts: number;
  seed: number;
}

/** Scores per method and K, and each method's chosen K. */
export interface Selection {
  ae: MethodScore[];
  plain: MethodScore[];
  rfm: MethodScore[];
  bestAe: MethodScore;
  bestPlain: MethodScore;
  /** RFM at the K the shipped method uses */
  rfmAtK: (k: number) => MethodScore;
}

const kmFitter = (k: number, restarts: number): Fitter => (x, seed) => {
  const { centroids } = kmeans(x, k, { seed, restarts, maxIter: 60 });
  return (rows) => assign(rows, centroids).labels;
};

/** Run the comparison. `z` = standardised, `latent` = encoder output, `raw` = model-input rows. */
export function selectModels(z: Matrix, latent: Matrix, raw: Matrix, rfmCols: RfmColumns, o: SelectOptions, progress: Stage): Selection {
  const idx = sampleIndices(z.n, o.fitSample, makeRng(o.seed + 7));
  const zs = takeRows(z, idx);
  const ls = takeRows(latent, idx);
  const rs = takeRows(raw, idx);
  const setup = makeSetup(zs, { sample: o.evalSample, bootstraps: o.bootstraps, seed: o.seed });
  const ae: MethodScore[] = [];
  const plain: MethodScore[] = [];
  const rfm: MethodScore[] = [];
  let step = 0;
  for (let k = o.kMin; k <= o.kMax; k++) {
    ae.push(scoreMethod(ls, k, kmFitter(k, o.restarts), setup, true).score);
    progress.update(++step, `K=${k} autoencoder`);
    plain.push(scoreMethod(zs, k, kmFitter(k, o.restarts), setup).score);
    progress.update(++step, `K=${k} plain k-means`);
    rfm.push(scoreMethod(rs, k, (x) => fitRfm(x, k, rfmCols), setup).score);
    progress.update(++step, `K=${k} RFM`);
  }
  return {
    ae,
    plain,
    rfm,
    bestAe: chooseK(ae),
    bestPlain: chooseK(plain),
    rfmAtK: (k) => rfm.find((r) => r.k === k) as MethodScore,
  };
}

/**
 * Does the autoencoder earn its place? Only if, at their chosen Ks, it beats plain k-means on
 * silhouette in the common space by ≥ 0.02 without losing more than 0.05 stability, or is as good
 * (within 0.02) and clearly more stable (≥ 0.05 ARI). Otherwise the simpler model ships.
 */
export function autoencoderEarnsPlace(ae: MethodScore, plain: MethodScore): boolean {
  const dSil = ae.silhouette - plain.silhouette;
  const dStab = ae.stabilityAri - plain.stabilityAri;
  return (dSil >= 0.02 && dStab >= -0.05) || (Math.abs(dSil) < 0.02 && dStab >= 0.05);
}
