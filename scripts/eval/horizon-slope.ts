/**
 * Session 15's question (models/value/report.md, "How the correction grows with the horizon"): with
 * h′ < h the trees' correction, learned over h′ days, is applied unchanged over the horizon h. A
 * second tree set trained at h″ = round(h′/2) (same cut-offs, seed, learner and features, each
 * window at its own level) measures how the correction moves with the horizon; the variants extend
 * that move from h′ to h in log horizon. An experiment for the dev runner; the product trains one
 * set with `trainLearned`.
 */
import {
  learnedPlan,
  trainLearned,
  type CustomerHistory,
  type LearnedValueModel,
  type TrainOptions,
} from '../../cloudfunctions/common/value/learned';
import { GROUPS } from './level-variants';

/** The variants, in the order the runner prints them (`h″-only` is a reference, not a candidate). */
export const SLOPE_VARIANTS = ['hx-customer', 'hx-half', 'hx-group', 'h″-only'] as const;
/** One variant's name. */
export type SlopeVariant = (typeof SLOPE_VARIANTS)[number];

/** The shorter training horizon h″ for a training horizon h′ (at least one day). */
export const shortHorizon = (trainingHorizon: number) => Math.max(1, Math.round(trainingHorizon / 2));

/**
 * s = ln(h ÷ h′) ÷ ln(h′ ÷ h″): how many times the step from h″ to h′ (in log horizon) the step
 * from h′ to h is. 0 when h′ = h″ (a one-day training horizon gives nothing to extend).
 */
export function slopeFactor(horizon: number, trainingHorizon: number, short: number): number {
  const step = Math.log(trainingHorizon / short);
  return step > 0 ? Math.log(horizon / trainingHorizon) / step : 0;
}

/** The learned model's trees trained at h″ instead of h′: the shipped plan's cut-offs, all else equal. */
export function trainLearnedShortHorizon(
  customers: readonly CustomerHistory[],
  opts: TrainOptions,
): LearnedValueModel {
  const plan = learnedPlan(customers, opts.end, opts.horizonDays);
  return trainLearned(customers, opts, { cutoffs: plan.cutoffs, horizon: shortHorizon(plan.horizon) });
}

/**
 * Each variant's expectations from LB (the shipped learned expectation before the level), LA (the
 * h″ trees' at the end, the same offset), the shipped level F, each customer's calibration
 * frequency group (0…GROUPS − 1) and the slope factor s:
 * - `hx-customer` LB × (LB ÷ LA)^s × F — each customer's own slope extended
 * - `hx-half`     LB × (LB ÷ LA)^(s/2) × F — the same, halved against the noise of two fits
 * - `hx-group`    LB × exp(s · Δ_g) × F, Δ_g = ln(Σ_g LB ÷ Σ_g LA) — one slope per group
 * - `h″-only`     LA × F
 */
export function slopeVariants(
  LB: readonly number[],
  LA: readonly number[],
  F: number,
  group: readonly number[],
  s: number,
): Record<SlopeVariant, number[]> {
  const sb = new Array<number>(GROUPS).fill(0);
  const sa = new Array<number>(GROUPS).fill(0);
  group.forEach((g, i) => {
    sb[g] += LB[i];
    sa[g] += LA[i];
  });
  const delta = sb.map((b, g) => (b > 0 && sa[g] > 0 ? Math.log(b / sa[g]) : 0));
  const own = (i: number, k: number) => LB[i] * Math.pow(LB[i] / LA[i], k) * F;
  return {
    'hx-customer': LB.map((_, i) => own(i, s)),
    'hx-half': LB.map((_, i) => own(i, s / 2)),
    'hx-group': LB.map((l, i) => l * Math.exp(s * delta[group[i]]) * F),
    'h″-only': LA.map((l) => l * F),
  };
}
