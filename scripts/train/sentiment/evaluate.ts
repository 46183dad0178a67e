/** Scores reviews with the TS reference of the ensemble and breaks metrics down by slice. */
import type { Review } from './data';
import { ensembleProbability, type SentimentEnsemble } from '../../../cloudfunctions/common/sentiment-model';
import { binaryMetrics, type BinaryMetrics } from '../../../cloudfunctions/common/sentiment-model';

/** A featurised review (ids from the shared featurizer). */
export interface Scored extends Review {
  ids: Int32Array;
}

/** Metrics of the whole set plus accuracy per `slice` value (e.g. category). */
export interface SliceReport {
  overall: BinaryMetrics;
  perSlice: Record<string, { n: number; accuracy: number }>;
}

/** Evaluates `model` on `rows`, with per-slice accuracy keyed by `slice(row)`. */
export function evaluate(
  model: SentimentEnsemble,
  rows: readonly Scored[],
  slice: (r: Review) => string,
): SliceReport {
  const p = rows.map((r) => ensembleProbability(model, r.ids));
  const y = rows.map((r) => r.label);
  const perSlice: SliceReport['perSlice'] = {};
  const acc: Record<string, [number, number]> = {};
  rows.forEach((r, i) => {
    const k = slice(r);
    const a = (acc[k] ??= [0, 0]);
    a[0]++;
    if ((p[i] >= 0.5 ? 1 : 0) === r.label) a[1]++;
  });
  for (const k of Object.keys(acc).sort()) perSlice[k] = { n: acc[k][0], accuracy: acc[k][1] / acc[k][0] };
  return { overall: binaryMetrics(p, y), perSlice };
}
