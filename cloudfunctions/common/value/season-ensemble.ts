/**
 * The last-season ensemble (stored as `ValueModel.season`, applied by model.ts predictValue; fitted
 * by season-fit.ts): a second tree set trained on LAST YEAR'S SAME SEASON — cut-offs around end − 365, so its
 * targets fall in the calendar window the model will be asked about, a year before — mixed
 * geometrically with the shipped (guarded) prediction and scaled so the customers' total is the
 * shipped model's:
 *   scale · shipped^(1 − w) · season^w,   season = BG/NBD · exp(last-season trees),
 *   scale = Σ shipped ÷ Σ shipped^(1 − w) · season^w over the customers fitted at the end.
 * Why: trees trained on the recent months learn who buys in ANOTHER season (on the seasonal sim, the
 * spring–summer windows put Christmas shoppers 30 % below BG/NBD for a quarter they then buy
 * 80 % above it in); trees trained on last year's quarter know them, but on their own missed a
 * wholesaler's total by −15 % (models/value/history/seasonal-shops.md, "Session 4"). The shipped total
 * carries the
 * guard's same-season scale, chosen on the product's own back-test; the hold-out never reaches it.
 * Only a shop with the history for it gets the second set: the recent windows' horizon must be the
 * real one and the earliest last-season window must have about 8/3 of the horizon of history
 * before it (as learned.ts trainingCutoffs asks of any fit on the real horizon). CDNOW never does.
 */
import { cutoffStep, trainingCutoffs, type LearnedValueModel } from './learned';

/** Days in a year, for "the same season last year". */
export const SEASON_YEAR_DAYS = 365;

/** Weight of the last-season prediction in the geometric mix. */
export const SEASON_WEIGHT = 0.5;

/** The second tree set and how it is mixed (stored as `ValueModel.season`). */
export interface SeasonEnsemble {
  /** trees trained at last year's same-season cut-offs, on the shipped trees' columns */
  learned: LearnedValueModel;
  /** weight of the last-season prediction in the geometric mix */
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
