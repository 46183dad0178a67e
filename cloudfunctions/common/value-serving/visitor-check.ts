/**
 * The held-out check of the visitor (first-purchase) part, on the same back-test cut as the
 * buyers' guard: fit the visitor part on the data up to `end − horizon` only, predict for the
 * customers who were visitors at that cut, and compare with who bought in (cut, end]. The trees
 * serve only if they beat the constant (the shop's base rate) there: AUC above 0.5 AND a lower
 * mean Poisson deviance than the base rate's. Otherwise the version carries the base rate alone.
 * It never blocks the buyers' model (their guard is backtest.ts).
 */
import { historyUpTo, purchaseDaysBetween } from '../value/history';
import type { CustomerHistory } from '../value/learned';
import { auc } from '../value/metrics';
import { acquiredBy, fitVisitorPart } from '../value/model';
import { isVisitorAt, predictVisitors } from '../value/visitor';

/** Fewer held-out first purchases than this cannot tell trees from a constant: base rate only. */
export const MIN_CHECK_BUYERS = 20;

/** What the version records (`meta.visitorCheck`) and the fit follows. */
export interface VisitorCheck {
  cut: number;
  end: number;
  /** visitors at the cut, and how many of them bought in (cut, end] */
  heldOut: number;
  buyers: number;
  /** AUC of the visitor part's predictions (null: no trees, or nobody/everybody bought) */
  auc: number | null;
  /** mean Poisson deviance of the predictions and of the base rate */
  deviance: number | null;
  constantDeviance: number | null;
  /** predicted and actual first-purchase days in (cut, end] */
  predictedTotal: number;
  actualTotal: number;
  /** what the fit at the end should store: trees, or the base rate alone */
  serve: 'trees' | 'base';
  why: 'beats_constant' | 'not_better_than_constant' | 'few_buyers' | 'no_trees' | 'no_visitors';
}

const devianceOf = (pred: readonly number[], y: readonly number[]) => {
  let d = 0;
  y.forEach((v, i) => {
    const mu = Math.max(pred[i], 1e-12);
    d += 2 * ((v > 0 ? v * Math.log(v / mu) : 0) - (v - mu));
  });
  return d / Math.max(y.length, 1);
};

/** Runs the check on the shop's histories (buyers and visitors) with the data window ending at `end`. */
export function visitorCheck(
  customers: readonly CustomerHistory[],
  o: { end: number; horizonDays: number; seed?: number },
): VisitorCheck {
  const cut = o.end - o.horizonDays;
  const seen = customers.map((c) => ({
    purchases: historyUpTo(c.purchases, cut),
    behaviour: c.behaviour?.filter((b) => b.day <= cut),
  }));
  const acquired = acquiredBy(seen, cut);
  const held = customers.map((c, i) => i).filter((i) => isVisitorAt(customers[i], cut));
  const actual = held.map((i) => purchaseDaysBetween(customers[i].purchases, cut, o.end));
  const buyers = actual.filter((a) => a > 0).length;
  const actualTotal = actual.reduce((s, a) => s + a, 0);
  const base = { cut, end: o.end, heldOut: held.length, buyers, actualTotal };
  const empty = { auc: null, deviance: null, constantDeviance: null, predictedTotal: 0 };
  const visitor = fitVisitorPart(seen, acquired, { end: cut, horizonDays: o.horizonDays, seed: o.seed ?? 1 });
  if (!visitor || held.length === 0) return { ...base, ...empty, serve: 'base', why: 'no_visitors' };
  const heldSeen = held.map((i) => seen[i]);
  const pred = predictVisitors(visitor, heldSeen, cut, o.horizonDays).expected;
  const constant = visitor.baseRate * (o.horizonDays / visitor.trainingHorizonDays);
  const figures = {
    auc: visitor.basis === 'trees' && buyers > 0 && buyers < held.length ? auc(pred, actual.map((a) => a > 0)) : null,
    deviance: devianceOf(pred, actual),
    constantDeviance: devianceOf(
      held.map(() => constant),
      actual,
    ),
    predictedTotal: Math.round(pred.reduce((s, p) => s + p, 0) * 1000) / 1000,
  };
  if (visitor.basis !== 'trees') return { ...base, ...figures, serve: 'base', why: 'no_trees' };
  if (buyers < MIN_CHECK_BUYERS) return { ...base, ...figures, serve: 'base', why: 'few_buyers' };
  const beats = (figures.auc ?? 0) > 0.5 && figures.deviance < figures.constantDeviance;
  return { ...base, ...figures, serve: beats ? 'trees' : 'base', why: beats ? 'beats_constant' : 'not_better_than_constant' };
}
