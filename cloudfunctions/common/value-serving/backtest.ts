/**
 * The guard's evidence for a value-model candidate: a back-test on the shop's own history. Cut
 * the history `horizonDays` before the end of the data window; the candidate procedure is fitted
 * on the data up to the cut only, and it and the incumbent both predict each customer's purchase
 * days in (cut, end] from the purchases up to the cut. The customers judged are those who had
 * bought by the cut. RMSE decides (lower is better), as eval:clv reports it.
 *
 * The incumbent is the serving version as it stands: its parameters were fitted on a window that
 * may reach past the cut, which can only flatter it, so a candidate that wins has won fairly.
 * With no version serving the incumbent is "no prediction" (zero purchases for everyone).
 */
import { historyUpTo, purchaseDaysBetween } from '../value/history';
import type { CustomerHistory } from '../value/learned';
import { countMetrics, type CountMetrics } from '../value/metrics';
import { fitValueModel, predictValue, type ValueModel } from '../value/model';

/** The back-test of one candidate. */
export interface Backtest {
  /** cut day and the last day of data (day numbers), and the horizon between them */
  cut: number;
  end: number;
  horizonDays: number;
  /** customers judged (bought on or before the cut) */
  heldOut: number;
  candidate: CountMetrics;
  /** BG/NBD alone, fitted at the same cut (the field's baseline; recorded, not the guard's rule) */
  bgnbd: CountMetrics;
  /** the incumbent's figures; null when nothing serves (then the incumbent predicts zero) */
  incumbent: CountMetrics | null;
  /** RMSE of predicting zero purchases for everyone */
  zeroRmse: number;
  /** purchase days in (cut, end]: what happened, and what the candidate predicted */
  actualTotal: number;
  predictedTotal: number;
}

/** What the back-test judges: the customers who had bought by the cut, cut there, and what they did after. */
export interface BacktestInputs {
  cut: number;
  end: number;
  horizonDays: number;
  /** histories up to the cut (nothing after it reaches the candidate: its fit and inputs stop there) */
  seen: CustomerHistory[];
  /** purchase days in (cut, end], per judged customer */
  actual: number[];
}

/** The judged customers and their outcomes. */
export function backtestInputs(
  customers: readonly CustomerHistory[],
  o: { end: number; horizonDays: number },
): BacktestInputs {
  const cut = o.end - o.horizonDays;
  const judged = customers.filter((c) => c.purchases.days.length > 0 && c.purchases.days[0] <= cut);
  return {
    cut,
    end: o.end,
    horizonDays: o.horizonDays,
    seen: judged.map((c) => ({
      purchases: historyUpTo(c.purchases, cut),
      behaviour: c.behaviour?.filter((b) => b.day <= cut),
    })),
    actual: judged.map((c) => purchaseDaysBetween(c.purchases, cut, o.end)),
  };
}

/** The candidate's fit options at the cut (the refit steps the same fit). */
export const backtestFitOptions = (i: BacktestInputs, seed = 1) => ({ end: i.cut, horizonDays: i.horizonDays, seed });

/** Judges the candidate `model` (fitted on `i.seen` at the cut) and the incumbent. */
export function backtestVerdict(i: BacktestInputs, model: ValueModel | null, incumbent: ValueModel | null): Backtest {
  const { actual, seen, cut } = i;
  const base = {
    cut,
    end: i.end,
    horizonDays: i.horizonDays,
    heldOut: seen.length,
    actualTotal: actual.reduce((t, a) => t + a, 0),
  };
  const zeroRmse = Math.sqrt(actual.reduce((s, a) => s + a * a, 0) / Math.max(actual.length, 1));
  if (!model || seen.length === 0) {
    const none = countMetrics([], []);
    return { ...base, candidate: none, bgnbd: none, incumbent: null, zeroRmse, predictedTotal: 0 };
  }
  const preds = predictValue(model, seen, cut);
  const expected = (p: (typeof preds)[number]) => p?.expectedPurchases ?? 0;
  return {
    ...base,
    candidate: countMetrics(preds.map(expected), actual),
    bgnbd: countMetrics(
      preds.map((p) => p?.bgnbdExpectedPurchases ?? 0),
      actual,
    ),
    incumbent: incumbent ? countMetrics(predictValue(incumbent, seen, cut).map(expected), actual) : null,
    zeroRmse,
    predictedTotal: Math.round(preds.reduce((t, p) => t + expected(p), 0) * 1000) / 1000,
  };
}

/** Runs the back-test in one go: `incumbent` is the serving model, or null when none serves. */
export function backtestValue(
  customers: readonly CustomerHistory[],
  o: { end: number; horizonDays: number; incumbent: ValueModel | null; seed?: number },
): Backtest {
  const i = backtestInputs(customers, o);
  const model = i.seen.length ? fitValueModel(i.seen, backtestFitOptions(i, o.seed)) : null;
  return backtestVerdict(i, model, o.incumbent);
}
