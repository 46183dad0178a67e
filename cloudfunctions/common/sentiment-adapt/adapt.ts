/**
 * Adapting the sentiment model to one shop from the ratings its customers gave (1–2 stars
 * negative, 4–5 positive, 3 left out — the caller maps ratings to labels). The GUARD: a stratified
 * share of the reviews is held back, the correction is fitted on the rest, and the adapted model
 * ships only if its balanced accuracy on the held-back reviews beats the base model's by the
 * margin; otherwise the base keeps serving. The model that ships is the one the guard scored.
 */
import { ensembleProbability, type SentimentEnsemble } from '../sentiment-model/ensemble';
import { binaryMetrics, type BinaryMetrics } from '../sentiment-model/metrics';
import type { Example } from '../sentiment-model/nb';
import { CORRECTION_DEFAULTS, fitCorrection, type Correction, type CorrectionOptions } from './fit';
import { judge, type GuardRule } from '../model-store/guard';
import { sliceOf } from './slices';

/** One rated review, featurised. `key` (the review id) fixes its slice across refits. */
export interface RatedReview extends Example {
  key: string;
}

/** When adaptation is tried and when it ships (justified in models/sentiment/report.md). */
export interface AdaptPolicy {
  /** Fewer rated reviews than this: adaptation is not tried, the base serves. */
  minReviews: number;
  /** Fewer reviews of either class than this: not tried (the guard could not judge that class). */
  minPerClass: number;
  /** Share of the reviews held back for the guard. */
  holdoutShare: number;
  /**
   * Ship only if adapted balanced accuracy ≥ base balanced accuracy + margin on the holdout
   * (0: strictly greater).
   */
  margin: number;
}

/** Fewest reviews of each class in the held-back slice for the guard to judge. */
const MIN_HELD_PER_CLASS = 5;

/** The policy the product runs. */
export const ADAPT_POLICY: AdaptPolicy = {
  minReviews: 300,
  minPerClass: 30,
  holdoutShare: 0.2,
  margin: 0,
};

/** The model store's guard rule for this policy (balanced accuracy, higher is better). */
export function guardRule(policy: AdaptPolicy): GuardRule {
  return { higherIsBetter: true, minGain: policy.margin, minHeldOut: 2 * MIN_HELD_PER_CLASS };
}

/** Why the outcome is what it is (stable codes for the model card). */
export type AdaptReason = 'too_few_reviews' | 'too_few_per_class' | 'guard_rejected' | 'guard_passed';

/** The result of one adaptation attempt. */
export interface AdaptOutcome {
  adapted: boolean;
  reason: AdaptReason;
  /** Reviews given / fitted on / held back. */
  n: number;
  nFit: number;
  nHoldout: number;
  /**
   * Holdout metrics of both models and how many held-back reviews of each class they were
   * measured on (absent when adaptation was not tried): staff are told when a class is too small
   * for the two figures to mean anything.
   */
  guard?: { base: BinaryMetrics; adapted: BinaryMetrics; margin: number; negatives: number; positives: number };
  correction?: Correction;
  /**
   * Positions (in the reviews given) of those held back for the guard, when it judged: the
   * publishing step scores the incumbent on exactly these.
   */
  heldIndex?: number[];
  /** The adapted model; present only when it passed the guard. */
  model?: SentimentEnsemble;
}

/** Runs one adaptation attempt of `base` on a shop's rated reviews. */
export function adaptSentiment(
  base: SentimentEnsemble,
  reviews: readonly RatedReview[],
  policy: AdaptPolicy = ADAPT_POLICY,
  options: CorrectionOptions = CORRECTION_DEFAULTS,
): AdaptOutcome {
  const n = reviews.length;
  const nPos = reviews.filter((r) => r.label === 1).length;
  const empty = { n, nFit: 0, nHoldout: 0 };
  if (n < policy.minReviews) return { adapted: false, reason: 'too_few_reviews', ...empty };
  if (Math.min(nPos, n - nPos) < policy.minPerClass)
    return { adapted: false, reason: 'too_few_per_class', ...empty };
  const slices = reviews.map((r) => sliceOf(r.key, policy.holdoutShare));
  const fitSet = reviews.filter((_, i) => !slices[i].holdout);
  const held = reviews.filter((_, i) => slices[i].holdout);
  const heldPos = held.filter((r) => r.label === 1).length;
  // The guard needs both classes held back to measure balanced accuracy at all.
  if (Math.min(heldPos, held.length - heldPos) < MIN_HELD_PER_CLASS)
    return { adapted: false, reason: 'too_few_per_class', ...empty };
  const { model, correction } = fitCorrection(base, fitSet, options);
  const y = held.map((r) => r.label);
  const baseM = binaryMetrics(
    held.map((r) => ensembleProbability(base, r.ids)),
    y,
  );
  const adaptedM = binaryMetrics(
    held.map((r) => ensembleProbability(model, r.ids)),
    y,
  );
  // The model store's verdict rule (the same one its guard applies when the job publishes).
  const verdict = judge(
    {
      metric: 'balanced_accuracy',
      candidate: adaptedM.balanced_accuracy,
      incumbent: baseM.balanced_accuracy,
      heldOut: held.length,
      incumbentVersion: 'base',
    },
    guardRule(policy),
  );
  const pass = verdict.passed;
  return {
    adapted: pass,
    reason: pass ? 'guard_passed' : 'guard_rejected',
    n,
    nFit: fitSet.length,
    nHoldout: held.length,
    guard: { base: baseM, adapted: adaptedM, margin: policy.margin, negatives: held.length - heldPos, positives: heldPos },
    correction,
    heldIndex: slices.flatMap((sl, i) => (sl.holdout ? [i] : [])),
    ...(pass ? { model } : {}),
  };
}
