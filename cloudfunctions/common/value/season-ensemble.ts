/**
 * The last-season ensemble (EXPERIMENTAL, eval:clv --season-ensemble only; not in the stored
 * model): a second tree set trained on LAST YEAR'S SAME SEASON — cut-offs around end − 365, so its
 * targets fall in the calendar window the model will be asked about, a year before — mixed
 * geometrically with the shipped (guarded) prediction and scaled so the customers' total is the
 * shipped model's:
 *   scale · shipped^(1 − w) · season^w,   season = BG/NBD · exp(last-season trees),
 *   scale = Σ shipped ÷ Σ shipped^(1 − w) · season^w over the customers fitted at the end.
 * Why: trees trained on the recent months learn who buys in ANOTHER season (on the seasonal sim, the
 * spring–summer windows put Christmas shoppers 30 % below BG/NBD for a quarter they then buy
 * 80 % above it in); trees trained on last year's quarter know them, but on their own missed a
 * wholesaler's total by −15 % (models/value/report.md, "Session 4"). The shipped total carries the
 * guard's same-season scale, chosen on the product's own back-test; the hold-out never reaches it.
 * Only a shop with the history for it gets the second set: the recent windows' horizon must be the
 * real one and the earliest last-season window must have about 8/3 of the horizon of history
 * before it (as learned.ts trainingCutoffs asks of any fit on the real horizon). CDNOW never does.
 */
import type { BgnbdParams } from './bgnbd';
import {
  cutoffStep,
  firstPurchaseDay,
  predictLearned,
  trainingCutoffs,
  trainLearned,
  type CustomerHistory,
  type LearnedValueModel,
  type TrainOptions,
} from './learned';

/** Days in a year, for "the same season last year". */
export const SEASON_YEAR_DAYS = 365;

/** Weight of the last-season prediction in the geometric mix. */
export const SEASON_WEIGHT = 0.5;

/** The second tree set and how it is mixed. */
export interface SeasonEnsemble {
  learned: LearnedValueModel;
  weight: number;
  /** Σ shipped ÷ Σ mix over the customers at the fit's end (the mix keeps the shipped total) */
  scale: number;
}

/**
 * Last year's same-season cut-offs for a fit at `end` (five, end − 365 + k·step for k = 2 … −2,
 * the recent plan's step), or null when the history does not reach far enough back.
 */
export function lastSeasonPlan(
  firstDay: number,
  end: number,
  horizonDays: number,
): { cutoffs: number[]; horizon: number } | null {
  const recent = trainingCutoffs(firstDay, end, horizonDays);
  if (recent.horizon !== horizonDays) return null;
  const step = cutoffStep(horizonDays);
  if (horizonDays + 2 * step > SEASON_YEAR_DAYS) return null;
  const before = end - SEASON_YEAR_DAYS - 2 * step - firstDay;
  if (Math.round((before * 3) / 8) < horizonDays) return null;
  return { cutoffs: [2, 1, 0, -1, -2].map((k) => end - SEASON_YEAR_DAYS + k * step), horizon: horizonDays };
}

/** The geometric mix of one customer's shipped and last-season expectations, unscaled. */
export const seasonMix = (shipped: number, season: number, weight: number) =>
  shipped > 0 && season > 0 ? Math.exp((1 - weight) * Math.log(shipped) + weight * Math.log(season)) : 0;

/**
 * Trains the last-season trees on `acquired` (histories cut at `opts.end`; pass the shipped model's
 * families) and sets the scale from `shipped`, the shipped model's expectations for the same
 * customers at the end (0 where it has none). Null when the history is too short for a
 * last-season plan.
 */
export function fitSeasonEnsemble(
  acquired: readonly CustomerHistory[],
  opts: TrainOptions,
  bgnbd: BgnbdParams,
  shipped: readonly number[],
  weight = SEASON_WEIGHT,
): SeasonEnsemble | null {
  const plan = lastSeasonPlan(firstPurchaseDay(acquired), opts.end, opts.horizonDays);
  if (!plan) return null;
  const learned = trainLearned(acquired, opts, plan);
  const mixed = seasonEnsembleValues(
    { learned, weight, scale: 1 },
    acquired,
    opts.end,
    opts.horizonDays,
    bgnbd,
    shipped,
  );
  let sumShipped = 0;
  let sumMix = 0;
  mixed.forEach((m, i) => {
    sumShipped += shipped[i];
    sumMix += m;
  });
  return { learned, weight, scale: sumMix > 0 ? sumShipped / sumMix : 1 };
}

/**
 * The ensemble's expectations at `cut` for `customers`, given the shipped model's `shipped` for
 * them (same order); a customer the trees do not score (no purchase by the cut) keeps 0.
 */
export function seasonEnsembleValues(
  e: SeasonEnsemble,
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
  bgnbd: BgnbdParams,
  shipped: readonly number[],
): number[] {
  const season = predictLearned(e.learned, customers, cut, horizonDays, bgnbd);
  const out = customers.map(() => 0);
  season.index.forEach((ci, k) => (out[ci] = e.scale * seasonMix(shipped[ci], season.expected[k], e.weight)));
  return out;
}
