/**
 * Session 17's population check (models/value/report.md, "The trees on an older population
 * (session 17)"): how far the customers scored at the end lie outside the training rows the trees
 * learned from. With a short history no back-test like the fit exists (value-serving/backtest.ts
 * likeTheFit) and the trees ship unjudged; on CDNOW from July 1997 on every scored customer is
 * older than any training row and the trees lift repeaters beyond anything a window showed.
 *
 * The oldest training row's tenure is the latest training cut-off minus the shop's first purchase
 * day; a row's days since its last purchase are at most its tenure, so a scored customer no older
 * than that lies inside the rows' tenure and recency range, and an older one outside it in tenure.
 * The check fires when more than half the scored customers are older than every training row (a
 * fixed "most", not tuned). What it does then is one of the variants below, judged by the plan.
 *
 * Evaluation only, outside the product tree: under the plan fixed before they ran, all three
 * variants lost. The check fires on CDNOW's half A too (every customer older than every row),
 * where the level and the trees help: dropping the level cost half A 0.0026× RMSE and its total
 * (−0.0 → −8.1 %), the shrink 0.0064× (and lost the slowing burst world). Kept for the runner
 * (clv-older-dev.ts) and the next attempt.
 */
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { firstPurchaseDay } from '../../cloudfunctions/common/value/learned';
import type { ValueModel } from '../../cloudfunctions/common/value/model';

/** What the check found for one fitted model at its end. */
export interface OlderPopulation {
  /** tenure (days) of the oldest training row */
  oldestRowTenure: number;
  /** customers scored (acquired by the end) */
  scored: number;
  /** share of them silent longer than any training row could be (days since the last purchase > oldestRowTenure); reported only */
  recencyShare: number;
  /** scored customers older than every training row, and their share */
  beyond: number;
  share: number;
  /** each scored customer's tenure at the end, in the order of `customers` (NaN: not acquired by the end) */
  tenure: Float64Array;
  /** true when the model has trees and most scored customers are older than every row */
  fires: boolean;
}

/** The share above which the check fires: "most of the scored customers". */
export const OLDER_SHARE = 0.5;

/** The check for `model` (fitted at `model.end` on `customers`, histories cut there). */
export function olderPopulation(model: ValueModel, customers: readonly CustomerHistory[]): OlderPopulation {
  const first = firstPurchaseDay(customers);
  const oldestRowTenure = Math.max(...model.learned.cutoffs) - first;
  const tenure = new Float64Array(customers.length).fill(NaN);
  let scored = 0;
  let beyond = 0;
  let silent = 0;
  customers.forEach((c, i) => {
    const days = c.purchases.days.filter((d) => d <= model.end);
    if (!days.length) return;
    tenure[i] = model.end - days[0];
    scored++;
    if (tenure[i] > oldestRowTenure) beyond++;
    if (model.end - days[days.length - 1] > oldestRowTenure) silent++;
  });
  const share = scored ? beyond / scored : 0;
  return { oldestRowTenure, scored, recencyShare: scored ? silent / scored : 0, beyond, share, tenure, fires: model.learned.gbt.trees.length > 0 && share > OLDER_SHARE };
}

/** The variants judged (report: the plan). */
export const OLDER_VARIANTS = ['older-no-level', 'older-shrink', 'older-shrink-level'] as const;
/** One variant. */
export type OlderVariant = (typeof OLDER_VARIANTS)[number];

/**
 * A variant's expectation for one customer from the trees' expectation without the level
 * (`learned` = BG/NBD · exp(f)), BG/NBD's, the customer's tenure and the model's level factor
 * (1 without one). Not fired: the shipped expectation, level · learned.
 * - older-no-level: the hybrid level dropped, the trees as they are;
 * - older-shrink: the level dropped and the trees' log correction f scaled by
 *   min(1, oldest row's tenure ÷ the customer's tenure) — less of it the further outside;
 * - older-shrink-level: the same shrink, the level kept.
 */
export function olderExpected(
  v: OlderVariant,
  check: Pick<OlderPopulation, 'fires' | 'oldestRowTenure'>,
  o: { learned: number; bgnbd: number; tenure: number; level: number },
): number {
  if (!check.fires) return o.level * o.learned;
  if (v === 'older-no-level') return o.learned;
  const w = o.tenure > check.oldestRowTenure ? check.oldestRowTenure / o.tenure : 1;
  const shrunk = o.learned > 0 && o.bgnbd > 0 ? o.bgnbd * Math.pow(o.learned / o.bgnbd, w) : o.learned;
  return v === 'older-shrink' ? shrunk : o.level * shrunk;
}
