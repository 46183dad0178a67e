/**
 * The shop's correction of the base sentiment model. The base's mean member logit z_b and a naive
 * Bayes score z_n from the shop's own rated reviews are stacked by a 3-parameter logistic
 * regression: z = a·z_b + β·z_n + c. β is fitted on CROSS-FITTED naive Bayes scores (each review
 * scored by NB ratios learned without it), so β measures how well the shop's evidence generalises,
 * not how well it memorises; c absorbs the shop's class prior (most shops are mostly positive).
 * Both parts are linear in the same hashed buckets, so the result is ONE linear member
 * W' = a·W̄ + β·r, b' = a·b̄ + c — the same graph as the base model (half its size).
 */
import { memberLogits, type SentimentEnsemble } from '../sentiment-model/ensemble';
import { nbRatios, type Example } from '../sentiment-model/nb';
import { fitDenseLogistic } from './logistic';

/** Fitting knobs (defaults chosen on our own splits, see models/sentiment/report.md). */
export interface CorrectionOptions {
  /** Additive smoothing of the naive Bayes counts. */
  alpha: number;
  /** L2 pull of (a, β) toward (1, 0), in units of log-loss per review summed. */
  l2: number;
}

/** The defaults the product runs. */
export const CORRECTION_DEFAULTS: CorrectionOptions = { alpha: 1, l2: 1 };

/** Stacking coefficients of a fitted correction (recorded on the model card). */
export interface Correction {
  a: number;
  beta: number;
  c: number;
}

/** Mean of the base members' weights and biases (z_b is linear in them). */
function meanMember(base: SentimentEnsemble): { weight: Float32Array; bias: number } {
  const K = base.members.length;
  const weight = new Float32Array(base.buckets);
  let bias = 0;
  for (const m of base.members) {
    for (let j = 0; j < base.buckets; j++) weight[j] += m.weight[j] / K;
    bias += m.bias / K;
  }
  return { weight, bias };
}

/** s·Σ r[id] with s = 1/sqrt(n), the graph's per-text scale. */
function nbScore(r: Float32Array, ids: Int32Array): number {
  if (ids.length === 0) return 0;
  let z = 0;
  for (let k = 0; k < ids.length; k++) z += r[ids[k]];
  return z / Math.sqrt(ids.length);
}

/**
 * Fits the correction on `examples` (fold[i] in [0, folds) for cross-fitting) and returns the
 * adapted single-member model plus its coefficients.
 */
export function fitCorrection(
  base: SentimentEnsemble,
  examples: readonly Example[],
  fold: readonly number[],
  options: CorrectionOptions = CORRECTION_DEFAULTS,
): { model: SentimentEnsemble; correction: Correction } {
  const V = base.buckets;
  const folds = Math.max(...fold) + 1;
  const zb = examples.map((e) => {
    const zs = memberLogits(base, e.ids);
    return zs.reduce((a, z) => a + z, 0) / zs.length;
  });
  const zn = new Array<number>(examples.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const r = nbRatios(
      examples.filter((_, i) => fold[i] !== f),
      V,
      options.alpha,
    );
    examples.forEach((e, i) => {
      if (fold[i] === f) zn[i] = nbScore(r, e.ids);
    });
  }
  const fit = fitDenseLogistic(
    examples.map((_, i) => [zb[i], zn[i]]),
    examples.map((e) => e.label),
    [1, 0],
    options.l2,
  );
  const [a, beta] = fit.coef;
  const c = fit.intercept;
  const r = nbRatios(examples, V, options.alpha);
  const mean = meanMember(base);
  const weight = new Float32Array(V);
  for (let j = 0; j < V; j++) weight[j] = a * mean.weight[j] + beta * r[j];
  return {
    model: { buckets: V, members: [{ name: 'adapted', weight, bias: a * mean.bias + c }] },
    correction: { a, beta, c },
  };
}
