/**
 * Fitting the last-season set (season-ensemble.ts) onto a fitted, blended value model — ONE copy
 * for both paths: eval:clv's guarded fit (value-serving/backtest.ts fitGuardedValueModel) trains
 * it in one go ({@link fitSeason}); the refit job steps the same training (fit-steps.ts, byte-
 * identical to `trainLearned` with {@link seasonPlanOf} and {@link seasonTrainOptions}) and sets
 * the scale with {@link withSeason} when it publishes, once the blend is known.
 */
import { acquiredBy, expectationsAt, type ValueModel } from './model';
import { firstPurchaseDay, trainLearned, type CustomerHistory, type LearnedValueModel, type TrainOptions } from './learned';
import { lastSeasonPlan, seasonMix, SEASON_WEIGHT } from './season-ensemble';

/**
 * Whether the product's fits (eval:clv's fitGuardedValueModel and refit:value) fit the last-season
 * set when not told: ONE constant, so the two paths cannot disagree.
 */
export const SEASON_BY_DEFAULT = true;

/**
 * The last-season cut-offs for `model` fitted on `acquired` (the customers who had bought by its
 * end), or null: no trees in the shipped model (a young shop, or early stopping at 0), a blend
 * that ships BG/NBD because its back-test judged no trees (`untested`, value-serving/backtest.ts
 * shippedBlend: the version predicts only what was judged, and the last-season trees would bring
 * half of an unjudged correction back), or too short a history for last year's season
 * (season-ensemble.ts lastSeasonPlan). The refit asks again once its blend is known.
 */
export function seasonPlanOf(
  model: ValueModel,
  acquired: readonly CustomerHistory[],
): { cutoffs: number[]; horizon: number } | null {
  if (model.learned.gbt.trees.length === 0 || model.blend?.untested) return null;
  return lastSeasonPlan(firstPurchaseDay(acquired), model.end, model.horizonDays);
}

/** The last-season trees' training options: the shipped trees' families, the fit's seed. */
export const seasonTrainOptions = (model: ValueModel, seed = 1): TrainOptions => ({
  end: model.end,
  horizonDays: model.horizonDays,
  families: model.learned.families,
  seed,
});

/**
 * `model` (its blend set, no season yet) with the last-season trees `learned` mixed in at
 * `weight`, scaled so the total over the customers acquired by the model's end is the model's own
 * (Σ shipped ÷ Σ mix, computed here once and stored: scoring in pages gives the same numbers).
 */
export function withSeason(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  learned: LearnedValueModel,
  weight = SEASON_WEIGHT,
): ValueModel {
  const acquired = acquiredBy(customers, model.end);
  const x = expectationsAt({ ...model, season: { learned, weight, scale: 1 } }, acquired, model.end);
  let sumShipped = 0;
  let sumMix = 0;
  x.index.forEach((_, k) => {
    sumShipped += x.shipped[k];
    sumMix += seasonMix(x.shipped[k], x.season![k], weight);
  });
  return { ...model, season: { learned, weight, scale: sumMix > 0 ? sumShipped / sumMix : 1 } };
}

/** `model` with its last-season set trained in one go on `customers`; unchanged when there is no plan. */
export function fitSeason(model: ValueModel, customers: readonly CustomerHistory[], seed = 1): ValueModel {
  const acquired = acquiredBy(customers, model.end);
  const plan = seasonPlanOf(model, acquired);
  if (!plan) return model;
  return withSeason(model, acquired, trainLearned(acquired, seasonTrainOptions(model, seed), plan));
}
