/**
 * Usefulness of the product's segmentation on customers seen up to a calibration end: the
 * product's fitting path (`fitSegmentation`, as the cloud refit runs it) on their model-input
 * rows, then η² of what they did in the hold-out (purchase days; spend when known) by segment,
 * beside the RFM rank-sum reference at the same K, with silhouette and Davies–Bouldin in the same
 * standardised space and bootstrap stability. One call per seed; {@link meanResult} averages.
 */
import { daviesBouldin, finalFit, fitSegmentation, makeSetup, prepareRows, scoreMethod, silhouette, type FitOptions, type Matrix } from '../../cloudfunctions/common/segment-fit';
import { etaSquared, fitRfmRanks, rfmRankGroups, type RfmInputs } from './segment-usefulness';

/** What the evaluation needs of each customer (aligned arrays). */
export interface UsefulnessInput {
  /** model-input rows (computeFeatures at the calibration end) */
  rows: number[][];
  /** R, F, M of the calibration history */
  rfm: RfmInputs[];
  /** purchase days in the hold-out */
  holdoutPurchases: number[];
  /** money spent in the hold-out; null when the data has no amounts */
  holdoutSpend: number[] | null;
}

/** Figures of one method (the product's fit or the RFM reference). */
export interface MethodFigures {
  eta2Purchases: number;
  eta2Spend: number | null;
  silhouette: number;
  daviesBouldin: number;
  stabilityAri: number;
}

/** One seed's result. */
export interface SeedResult {
  seed: number;
  k: number;
  /** the fit's segment (cluster index) of each customer */
  labels: Int32Array;
  /** bootstrap stability of plain k-means at every K the rule looked at (what it chose K by) */
  stabilityByK: { k: number; stabilityAri: number }[];
  fit: MethodFigures;
  rfm: MethodFigures;
}

/** Fit options of the evaluation (the refit's defaults: plain k-means, K chosen by the product's rule). */
export type EvalFitOptions = Omit<FitOptions, 'seed' | 'previous'>;

/** Customers by row: the RFM inputs as a 3-column matrix, so the generic scorer can refit on subsamples. */
function rfmMatrix(rfm: readonly RfmInputs[]): Matrix {
  const data = new Float64Array(rfm.length * 3);
  rfm.forEach((x, i) => data.set([x.recencyDays, x.frequency, x.monetary], i * 3));
  return { n: rfm.length, d: 3, data };
}

const rfmRows = (m: Matrix): RfmInputs[] =>
  Array.from({ length: m.n }, (_, i) => ({ recencyDays: m.data[i * 3], frequency: m.data[i * 3 + 1], monetary: m.data[i * 3 + 2] }));

/** Fit with `seed` and score both methods. */
export function evaluateSeed(input: UsefulnessInput, seed: number, o: EvalFitOptions = {}): SeedResult {
  const r = fitSegmentation(input.rows, { ...o, seed });
  const k = r.model.k;
  const setup = makeSetup(r.z, { sample: o.evalSample ?? 2500, bootstraps: o.bootstraps ?? 5, seed });
  const rfmLabels = rfmRankGroups(input.rfm, k);
  const rfmScore = scoreMethod(rfmMatrix(input.rfm), k, (x) => {
    const label = fitRfmRanks(rfmRows(x), k);
    return (rows) => label(rfmRows(rows));
  }, setup).score;
  const eta = (labels: Int32Array) => ({
    eta2Purchases: etaSquared(labels, input.holdoutPurchases),
    eta2Spend: input.holdoutSpend ? etaSquared(labels, input.holdoutSpend) : null,
  });
  return {
    seed,
    k,
    labels: r.labels,
    stabilityByK: r.quality.perK.plainKmeans.map((x) => ({ k: x.k, stabilityAri: x.stabilityAri })),
    fit: {
      ...eta(r.labels),
      silhouette: silhouette(r.z, r.labels, setup.sampleIdx),
      daviesBouldin: daviesBouldin(r.z, r.labels, k),
      stabilityAri: r.quality.shipped.stabilityAri,
    },
    rfm: {
      ...eta(rfmLabels),
      silhouette: silhouette(r.z, rfmLabels, setup.sampleIdx),
      daviesBouldin: daviesBouldin(r.z, rfmLabels, k),
      stabilityAri: rfmScore.stabilityAri,
    },
  };
}

/** η² at a forced K: the product's final k-means at each K (what the fit would give had its rule chosen that K), beside RFM. */
export function usefulnessPerK(input: UsefulnessInput, ks: readonly number[], seed: number): { k: number; eta2: number; eta2Rfm: number; minShare: number }[] {
  const { z } = prepareRows(input.rows);
  return ks.map((k) => {
    const labels = finalFit(z, k, seed).labels;
    const counts = new Array<number>(k).fill(0);
    labels.forEach((l) => counts[l]++);
    return { k, eta2: etaSquared(labels, input.holdoutPurchases), eta2Rfm: etaSquared(rfmRankGroups(input.rfm, k), input.holdoutPurchases), minShare: Math.min(...counts) / labels.length };
  });
}

const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

function meanFigures(fs: MethodFigures[]): MethodFigures {
  const spend = fs.map((f) => f.eta2Spend);
  return {
    eta2Purchases: avg(fs.map((f) => f.eta2Purchases)),
    eta2Spend: spend.every((v): v is number => v !== null) ? avg(spend) : null,
    silhouette: avg(fs.map((f) => f.silhouette)),
    daviesBouldin: avg(fs.map((f) => f.daviesBouldin)),
    stabilityAri: avg(fs.map((f) => f.stabilityAri)),
  };
}

/** Mean over seeds; `k` is the K most seeds chose (the smaller one on a tie). */
export function meanResult(rs: SeedResult[]): { k: number; ks: number[]; fit: MethodFigures; rfm: MethodFigures } {
  const ks = rs.map((r) => r.k);
  const count = (k: number) => ks.filter((x) => x === k).length;
  const k = [...ks].sort((a, b) => count(b) - count(a) || a - b)[0];
  return { k, ks, fit: meanFigures(rs.map((r) => r.fit)), rfm: meanFigures(rs.map((r) => r.rfm)) };
}
