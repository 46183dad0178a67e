/**
 * The value method on simulated shops unlike CDNOW (worlds.ts documents each process), through the
 * product's guarded fit — the code path eval:clv runs. A regression guard for changes to the
 * learned model: on regular, seasonal buying (two shapes) the guarded model must clearly beat BG/NBD
 * and get the season's total about right; where BG/NBD is the truth it must not lose. Smaller shops than
 * clv-sim's (1,500 customers, one seed) keep it to seconds; the figures are deterministic.
 */
import { FEATURE_FAMILIES } from '../../../cloudfunctions/common/value/features';
import { historyUpTo, purchaseDaysBetween } from '../../../cloudfunctions/common/value/history';
import { countMetrics } from '../../../cloudfunctions/common/value/metrics';
import { predictValue } from '../../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../../cloudfunctions/common/value-serving/backtest';
import { parsePurchaseDay } from '../purchase-dates';
import { newYearGiftsWorld } from './festival-worlds';
import { bgnbdWorld, cyclicSeasonalWorld, giftWholesaleWorld, type SimWorld } from './worlds';

function evaluate(w: SimWorld) {
  const end = parsePurchaseDay(w.calibrationEnd);
  const holdout = parsePurchaseDay(w.holdoutEnd);
  const customers = w.customers.filter((c) => c.days[0] <= end);
  const seen = customers.map((c) => ({ purchases: historyUpTo(c, end) }));
  const actual = customers.map((c) => purchaseDaysBetween(c, end, holdout));
  const fit = fitGuardedValueModel(seen, {
    end,
    horizonDays: holdout - end,
    seed: 1,
    families: FEATURE_FAMILIES.filter((f) => f !== 'behaviour'), // as eval:clv: purchases only
  });
  const preds = predictValue(fit.model, seen);
  // The same fit without its last-season set (what shipped before it), for comparison.
  const withoutSeason = predictValue({ ...fit.model, season: undefined }, seen);
  return {
    fit,
    withoutSeason: countMetrics(
      withoutSeason.map((p) => p?.expectedPurchases ?? 0),
      actual,
    ),
    learned: countMetrics(
      preds.map((p) => p?.expectedPurchases ?? 0),
      actual,
    ),
    bgnbd: countMetrics(
      preds.map((p) => p?.bgnbdExpectedPurchases ?? 0),
      actual,
    ),
  };
}

describe('the value method on simulated shops', () => {
  it('regular seasonal buyers: beats BG/NBD and gets the Christmas quarter’s total (same-season back-test)', () => {
    const r = evaluate(cyclicSeasonalWorld(1500, 1));
    expect(r.fit.backtest?.seasonal).toBe(true);
    expect(r.fit.backtest?.likeTheFit).toBe(true);
    expect(r.learned.rmse).toBeLessThan(0.95 * r.bgnbd.rmse);
    expect(r.bgnbd.aggregate_error_pct).toBeLessThan(-15); // what BG/NBD alone misses
    expect(Math.abs(r.learned.aggregate_error_pct)).toBeLessThan(10);
    expect(r.learned.auc_buys_again).toBeGreaterThan(r.bgnbd.auc_buys_again - 0.005);
  }, 300_000);

  it('a gift wholesaler whose every account follows the season: the other-shops RMSE goal and the peak’s total', () => {
    const r = evaluate(giftWholesaleWorld(1500, 1));
    expect(r.fit.backtest?.seasonal).toBe(true);
    expect(r.bgnbd.aggregate_error_pct).toBeLessThan(-20); // the November peak BG/NBD cannot see
    expect(r.learned.rmse).toBeLessThan(0.85 * r.bgnbd.rmse);
    expect(Math.abs(r.learned.aggregate_error_pct)).toBeLessThan(10);
    expect(r.learned.auc_buys_again).toBeGreaterThan(r.bgnbd.auc_buys_again - 0.005);
  }, 300_000);

  it('a pure BG/NBD world with CDNOW’s parameters and a long history: no worse than BG/NBD', () => {
    const r = evaluate(bgnbdWorld(1500, 1, true));
    expect(r.fit.backtest?.likeTheFit).toBe(true);
    expect(r.learned.rmse).toBeLessThan(1.02 * r.bgnbd.rmse);
    expect(r.learned.auc_buys_again).toBeGreaterThan(r.bgnbd.auc_buys_again - 0.01);
  }, 300_000);

  it('New Year gift buyers (a world defined before any model ran on it): the last-season set ranks them, at the same total', () => {
    // Fixed from session 5's one-time judgement (models/value/history/seasonal-shops.md, "Session 5"):
    // not tuned here.
    const r = evaluate(newYearGiftsWorld(1500, 1));
    const season = r.fit.model.season;
    expect(season?.learned.cutoffs.length).toBe(5);
    expect(season?.weight).toBe(0.5);
    expect(r.learned.auc_buys_again).toBeGreaterThan(r.withoutSeason.auc_buys_again + 0.01);
    expect(r.learned.aggregate_error_pct).toBeCloseTo(r.withoutSeason.aggregate_error_pct, 6);
  }, 300_000);
});
