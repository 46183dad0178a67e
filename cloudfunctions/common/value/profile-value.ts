/**
 * The predictions a profile carries (`profiles.value`), from a fitted value model: expected
 * purchase days and spend (fen) in the next 90 days, the chance of buying at all in them, and
 * the churn risk with its reason. Customers who have not bought yet but were seen get the
 * visitor part's predictions (stage 'visitor', no churn risk: who never bought cannot churn) when
 * the model has one; profiles with neither get none.
 */
import { churnRisk, type ChurnFacts, type ChurnRisk } from './churn';
import type { CustomerHistory } from './learned';
import { predictValue, type ValueModel, type ValuePrediction } from './model';
import { predictVisitors } from './visitor';

/** A buyer's predictions, stored on the profile as `value` (field names read by audience rules: see COORD 19:16). */
export interface BuyerValue {
  /** absent on buyers (their stored shape predates the visitor part) */
  stage?: undefined;
  purchases90d: number;
  /** probability of at least one purchase in the horizon (Poisson on the expected count) */
  pActive: number;
  spend90dFen: number;
  churnRisk: ChurnRisk;
  /**
   * plain Chinese reason, for staff only, in the words of this pass: kept for readers deployed
   * before `churnFacts`; ours word the facts (churn.ts storedChurn)
   */
  churnReason: string;
  /** what the reason says (absent on values stored before it) */
  churnFacts?: ChurnFacts;
  at: number;
  version: string;
}

/** A visitor's predictions (never bought, seen): first purchases in the horizon, no churn risk. */
export interface VisitorValue {
  stage: 'visitor';
  purchases90d: number;
  /** probability of a first purchase in the horizon */
  pActive: number;
  spend90dFen: number;
  at: number;
  version: string;
}

/** What `profiles.value` holds. */
export type ProfileValue = BuyerValue | VisitorValue;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Predictions for customers at day `today` (their histories may run to `today`). */
export function profileValues(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  today: number,
  at: number,
  version: string,
): (ProfileValue | null)[] {
  const preds = predictValue(model, customers, today);
  const out: (ProfileValue | null)[] = new Array<ProfileValue | null>(customers.length).fill(null);
  for (let i = 0; i < preds.length; i++) {
    const p = preds[i];
    if (p) out[i] = buyerValue(p, customers[i].purchases.days, today, model.horizonDays, at, version);
  }
  if (model.visitor) {
    const v = predictVisitors(model.visitor, customers, today, model.horizonDays);
    const spend = model.visitor.meanFirstSpend ?? 0;
    for (let k = 0; k < v.index.length; k++)
      out[v.index[k]] = visitorValue(v.expected[k], spend, at, version);
  }
  return out;
}

/** A buyer's stored value from the model's prediction at `today` (`days`: all purchase days). */
export function buyerValue(
  p: ValuePrediction,
  days: readonly number[],
  today: number,
  horizonDays: number,
  at: number,
  version: string,
): BuyerValue {
  let n = days.length;
  while (n > 0 && days[n - 1] > today) n--;
  const pActive = 1 - Math.exp(-p.expectedPurchases);
  const risk = churnRisk({
    purchaseDays: n,
    daysSinceLastPurchase: today - days[n - 1],
    meanGapDays: n > 1 ? (days[n - 1] - days[0]) / (n - 1) : null,
    pActive,
    expectedPurchases: p.expectedPurchases,
    horizonDays,
  });
  return {
    purchases90d: round3(p.expectedPurchases),
    pActive: round3(pActive),
    spend90dFen: Math.round(p.expectedSpend ?? 0),
    churnRisk: risk.level,
    churnReason: risk.reason,
    churnFacts: risk.facts,
    at,
    version,
  };
}

/** A visitor's stored value from the expected first purchases (`spend`: the mean first spend, fen). */
export const visitorValue = (expected: number, spend: number, at: number, version: string): VisitorValue => ({
  stage: 'visitor',
  purchases90d: round3(expected),
  pActive: round3(1 - Math.exp(-expected)),
  spend90dFen: Math.round(expected * spend),
  at,
  version,
});
