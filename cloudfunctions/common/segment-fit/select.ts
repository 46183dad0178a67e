/**
 * Model selection: for each K in range, k-means in the autoencoder's latent space and on the
 * standardised features, scored on the same footing (evaluate.ts); RFM quantile segments as the
 * plain baseline. Selection runs on a seeded subsample for speed; the final fit uses all rows.
 */
import { chooseK, makeSetup, scoreMethod, type EvalSetup, type Fitter, type MethodScore } from './evaluate';
import { assign, kmeans } from './kmeans';
import type { Matrix } from './matrix';
import { takeRows } from './matrix';
import { fitRfm, type RfmColumns } from './rfm-baseline';
import { mulberry32, sampleIndices } from '../random';

/** Progress sink (the CLI passes a cli-progress stage; functions pass nothing). */
export interface Progress {
  update(done: number, note?: string): void;
}

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

/** Scores per method and K, and each method's chosen K (`ae`/`bestAe` empty/null without an encoder). */
export interface Selection {
  ae: MethodScore[];
  plain: MethodScore[];
  rfm: MethodScore[];
  bestAe: MethodScore | null;
  bestPlain: MethodScore;
  /** RFM at the K the shipped method uses */
  rfmAtK: (k: number) => MethodScore;
}

/** The seeded selection subsample every method is scored on (so their figures compare). */
export interface SelectionSample {
  z: Matrix;
  latent: Matrix | null;
  raw: Matrix;
  rfmCols: RfmColumns;
  setup: EvalSetup;
}

/** Scores of every method at one K. */
export interface KScores {
  ae: MethodScore | null;
  plain: MethodScore;
  rfm: MethodScore;
}

const kmFitter = (k: number, restarts: number): Fitter => (x, seed) => {
  const { centroids } = kmeans(x, k, { seed, restarts, maxIter: 60 });
  return (rows) => assign(rows, centroids).labels;
};

/** Draw the selection subsample. `z` = standardised, `latent` = encoder output (null: no encoder), `raw` = model-input rows. */
export function selectionSample(z: Matrix, latent: Matrix | null, raw: Matrix, rfmCols: RfmColumns, o: SelectOptions): SelectionSample {
  const idx = sampleIndices(z.n, o.fitSample, mulberry32(o.seed + 7));
  const zs = takeRows(z, idx);
  const setup = makeSetup(zs, { sample: o.evalSample, bootstraps: o.bootstraps, seed: o.seed });
  return { z: zs, latent: latent ? takeRows(latent, idx) : null, raw: takeRows(raw, idx), rfmCols, setup };
}

/** Score every method at K (one resumable unit of work for the cloud refit). */
export function scoreAtK(s: SelectionSample, k: number, o: SelectOptions, progress?: Progress, step = 0): KScores {
  const ae = s.latent ? scoreMethod(s.latent, k, kmFitter(k, o.restarts), s.setup, true).score : null;
  if (ae) progress?.update(++step, `K=${k} autoencoder`);
  const plain = scoreMethod(s.z, k, kmFitter(k, o.restarts), s.setup).score;
  progress?.update(++step, `K=${k} plain k-means`);
  const rfm = scoreMethod(s.raw, k, (x) => fitRfm(x, k, s.rfmCols), s.setup).score;
  progress?.update(++step, `K=${k} RFM`);
  return { ae, plain, rfm };
}

/** Combine per-K scores into the selection (K chosen by {@link chooseK}). */
export function combineSelection(perK: KScores[]): Selection {
  const ae = perK.flatMap((s) => (s.ae ? [s.ae] : []));
  const plain = perK.map((s) => s.plain);
  const rfm = perK.map((s) => s.rfm);
  return {
    ae,
    plain,
    rfm,
    bestAe: ae.length ? chooseK(ae) : null,
    bestPlain: chooseK(plain),
    rfmAtK: (k) => rfm.find((r) => r.k === k) as MethodScore,
  };
}

/** Run the whole comparison for K in [kMin, kMax]. */
export function selectModels(z: Matrix, latent: Matrix | null, raw: Matrix, rfmCols: RfmColumns, o: SelectOptions, progress?: Progress): Selection {
  const s = selectionSample(z, latent, raw, rfmCols, o);
  const perK: KScores[] = [];
  const per = latent ? 3 : 2;
  for (let k = o.kMin; k <= o.kMax; k++) perK.push(scoreAtK(s, k, o, progress, (k - o.kMin) * per));
  return combineSelection(perK);
}

/**
 * Does the autoencoder earn its place? Only if, at their chosen Ks, it beats plain k-means on
 * silhouette in the common space by ≥ 0.02 without losing more than 0.05 stability, or is as good
 * (within 0.02) and clearly more stable (≥ 0.05 ARI). Otherwise the simpler model ships.
 */
export function autoencoderEarnsPlace(ae: MethodScore | null, plain: MethodScore): boolean {
  if (!ae) return false;
  const dSil = ae.silhouette - plain.silhouette;
  const dStab = ae.stabilityAri - plain.stabilityAri;
  return (dSil >= 0.02 && dStab >= -0.05) || (Math.abs(dSil) < 0.02 && dStab >= 0.05);
}
