/**
 * The last-season ensemble (season-ensemble.ts, fitted by season-fit.ts): which shops get a
 * last-season plan, the geometric mix by hand, the shipped total kept, and nothing after the fit's
 * end read.
 */
import { cyclicSeasonalWorld } from '../../../scripts/eval/sim/worlds';
import { parsePurchaseDay } from '../../../scripts/eval/purchase-dates';
import { FEATURE_FAMILIES } from './features';
import { historyUpTo } from './history';
import type { CustomerHistory } from './learned';
import { fitValueModel, predictValue, type ValueModel } from './model';
import { lastSeasonPlan, seasonMix, SEASON_WEIGHT } from './season-ensemble';
import { fitSeason } from './season-fit';

describe('the last-season plan', () => {
  it('needs the real horizon and ~8/3 of it before last year’s earliest window', () => {
    // CDNOW's classic split: 272 days of history for 273 days ahead.
    expect(lastSeasonPlan(0, 272, 273)).toBeNull();
    // 91 days ahead: step 15; the earliest window (end − 395) needs 242 days before it.
    expect(lastSeasonPlan(0, 637, 91)).toEqual({ cutoffs: [302, 287, 272, 257, 242], horizon: 91 });
    expect(lastSeasonPlan(0, 636, 91)).toBeNull();
    expect(lastSeasonPlan(100, 737, 91)?.cutoffs).toEqual([402, 387, 372, 357, 342]);
    // A horizon that, with the windows' spread, passes a year has no "same season last year".
    expect(lastSeasonPlan(0, 3000, 340)).toBeNull();
  });
});

describe('the geometric mix', () => {
  it('is shipped^(1−w) · season^w, and zero when either is zero', () => {
    expect(seasonMix(4, 1, 0.5)).toBeCloseTo(2, 12);
    expect(seasonMix(8, 1, 1 / 3)).toBeCloseTo(4, 12);
    expect(seasonMix(3, 7, 0)).toBeCloseTo(3, 12);
    expect(seasonMix(0, 7, 0.5)).toBe(0);
    expect(seasonMix(3, 0, 0.5)).toBe(0);
  });
});

describe('fitting the ensemble', () => {
  const world = cyclicSeasonalWorld(900, 5);
  const end = parsePurchaseDay(world.calibrationEnd);
  const horizonDays = parsePurchaseDay(world.holdoutEnd) - end;
  const seen: CustomerHistory[] = world.customers
    .filter((c) => c.days[0] <= end)
    .map((c) => ({ purchases: historyUpTo(c, end) }));
  const opts = { end, horizonDays, seed: 1, families: FEATURE_FAMILIES.filter((f) => f !== 'behaviour') };
  const model = fitValueModel(seen, { ...opts, visitor: 'none' });
  const expectedOf = (m: ValueModel) => predictValue(m, seen).map((p) => p?.expectedPurchases ?? 0);
  const shipped = expectedOf(model);
  const fitted = fitSeason(model, seen, 1);

  it('trains on last year’s season and keeps the shipped model’s total', () => {
    const e = fitted.season;
    expect(e).toBeDefined();
    expect(e!.learned.cutoffs).toEqual([2, 1, 0, -1, -2].map((k) => end - 365 + k * 15));
    expect(e!.learned.trainingHorizonDays).toBe(horizonDays);
    expect(e!.learned.featureNames).toEqual(model.learned.featureNames);
    expect(e!.weight).toBe(SEASON_WEIGHT);
    const mixed = expectedOf(fitted);
    const sum = (v: readonly number[]) => v.reduce((s, x) => s + x, 0);
    expect(sum(mixed) / sum(shipped)).toBeCloseTo(1, 9);
    // It is a different prediction from the shipped one, not a copy of it.
    expect(mixed.some((m, i) => Math.abs(m - shipped[i]) > 0.05 * shipped[i])).toBe(true);
    // The rest of the model is untouched.
    expect({ ...fitted, season: undefined }).toEqual({ ...model, season: undefined });
  }, 120_000);

  it('reads nothing after the end, and a shop without a year of history before the windows gets none', () => {
    const later = seen.map((c) => ({
      purchases: { days: [...c.purchases.days, end + 10], amounts: [...c.purchases.amounts, 1] },
    }));
    // Histories running past the end: targets stop at the end, features at each cut-off.
    expect(fitSeason(model, later, 1)).toEqual(fitted);
    const young = seen.filter((c) => c.purchases.days[0] > end - 300);
    expect(fitSeason(model, young, 1)).toBe(model);
    // No trees in the shipped model (a young shop's): no season set either.
    const noTrees = { ...model, learned: { ...model.learned, gbt: { ...model.learned.gbt, trees: [] } } };
    expect(fitSeason(noTrees, seen, 1)).toBe(noTrees);
    // A blend that ships BG/NBD because its back-test judged no trees: nothing unjudged is added.
    const untested: ValueModel = {
      ...model,
      blend: { weight: 0, scale: 1, judged: 50, rmse: { learned: 1, bgnbd: 1, blended: 1 }, space: 'log', untested: true },
    };
    expect(fitSeason(untested, seen, 1)).toBe(untested);
  }, 120_000);
});
