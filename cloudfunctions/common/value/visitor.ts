/**
 * The visitor (first-purchase) part of the value model: for customers who have not bought yet
 * but were seen (viewed, carted, favourited, came in a session, reviewed), the expected purchase
 * days in the horizon, from their behaviour alone. Recency and frequency of purchases say nothing
 * about them — every one of them has none — and they are often most of a shop's customers.
 *
 * Trained like the buyers' model, inside the shop's own history and at the SAME cut-offs: at each
 * cut-off c′ the rows are the customers with no purchase on or before c′ but some activity on or
 * before it; features use days ≤ c′ only; the target counts purchase days in (c′, c′ + h′] ⊆
 * (…, end]. Poisson trees (the product's learner) on the offset log(shop's base rate), so a tree
 * that finds nothing leaves the base rate. Few first purchases → the base rate alone.
 */
import { behaviourFeatures, FEATURE_NAMES, type BehaviourDay } from './features';
import { fitPoissonGbt, type GbtModel } from './gbt';
import { compileGbt, compiledMargins } from './gbt-compiled';
import { purchaseDaysBetween } from './history';
import { LEARNER_OPTIONS, type CustomerHistory } from './learned';

/** Columns of a visitor row: the behaviour family, then how long and how often they were seen. */
export const VISITOR_FEATURE_NAMES: readonly string[] = [
  ...FEATURE_NAMES.behaviour,
  'seen_days',
  'active_days_30',
  'active_days',
];

/**
 * Fewer first purchases than this in the training rows → base rate only. The learner's leaves need
 * a Poisson hessian (≈ expected purchases) of at least LEARNER_OPTIONS.minLeafHessian = 20, so a
 * split needs ≥ 40 first purchases to exist at all; below that every tree is a stump.
 */
export const MIN_VISITOR_BUYERS = 40;
/**
 * Fewer training rows than this → no visitor part at all: a base rate from a handful of browsers
 * (one row, say, when the shop's only browser looked once) says nothing (as MIN_BUYERS for buyers).
 */
export const MIN_VISITOR_ROWS = 30;
/**
 * Training rows are capped at about this many (a deterministic share of the visitors, the same at
 * every cut-off) so the fit is one bounded step: 30,000 rows took 5.8 s at load 3.9, 60,000 took
 * 9.9 s at load 4.2 (100,000 simulated customers, /tmp script in the closing note).
 */
export const MAX_VISITOR_ROWS = 30_000;

/** The stored visitor part (`ValueModel.visitor`). */
export interface VisitorModel {
  featureNames: string[];
  /** expected purchase days per visitor in the training horizon (pooled over the cut-offs) */
  baseRate: number;
  trainingHorizonDays: number;
  cutoffs: number[];
  rows: number;
  /** training rows with a purchase in their window */
  buyers: number;
  /** mean spend of the first purchase day in the training windows (history's unit; null: none) */
  meanFirstSpend: number | null;
  /** 'trees': gbt ranks visitors; 'base_rate': everyone gets the base rate */
  basis: 'trees' | 'base_rate';
  /** why the trees are not used (basis 'base_rate') */
  reason?: 'few_buyers' | 'not_better_than_constant' | 'not_requested';
  gbt?: GbtModel;
}

const active = (b: BehaviourDay) => b.views + b.carts + b.favourites + b.sessions + b.scoredReviews > 0;

/** Whether the customer is a visitor at `cut`: no purchase on or before it, some activity on or before it. */
export function isVisitorAt(c: CustomerHistory, cut: number): boolean {
  if (c.purchases.days.length > 0 && c.purchases.days[0] <= cut) return false;
  for (const b of c.behaviour ?? []) if (b.day <= cut && active(b)) return true;
  return false;
}

/** A visitor's row at `cut` (only days ≤ cut are read). */
export function visitorFeatures(bs: readonly BehaviourDay[], cut: number): number[] {
  let first = Infinity;
  let days30 = 0;
  let days = 0;
  for (const b of bs) {
    if (b.day > cut || !active(b)) continue;
    first = Math.min(first, b.day);
    days++;
    if (b.day > cut - 30) days30++;
  }
  return [...behaviourFeatures(bs, cut), cut - first, days30, days];
}

/** Deterministic keep/drop of customer `i` at share `p` (same customers at every cut-off). */
const kept = (i: number, p: number, seed: number) => (((Math.imul(i + 1, 2654435761) ^ seed) >>> 0) / 2 ** 32) < p;

/** Visitor rows at each cut-off, with targets in (c′, min(c′ + h′, end)] and the first day's spend. */
export function visitorRows(
  customers: readonly CustomerHistory[],
  plan: { cutoffs: number[]; horizon: number },
  end: number,
  seed = 1,
): { rows: number[][]; y: number[]; groups: number[]; firstSpend: number[] } {
  let n = 0;
  for (const cut of plan.cutoffs) for (const c of customers) if (isVisitorAt(c, cut)) n++;
  const share = n > MAX_VISITOR_ROWS ? MAX_VISITOR_ROWS / n : 1;
  const out = { rows: [] as number[][], y: [] as number[], groups: [] as number[], firstSpend: [] as number[] };
  for (const cut of plan.cutoffs) {
    const to = Math.min(cut + plan.horizon, end);
    customers.forEach((c, i) => {
      if (!isVisitorAt(c, cut) || (share < 1 && !kept(i, share, seed))) return;
      out.rows.push(visitorFeatures(c.behaviour ?? [], cut));
      // Targets stop at min(cut + h′, end): nothing after the end is read.
      const y = purchaseDaysBetween(c.purchases, cut, to);
      out.y.push(y);
      out.groups.push(i);
      if (y > 0) out.firstSpend.push(c.purchases.amounts[c.purchases.days.findIndex((d) => d > cut)]);
    });
  }
  return out;
}

/**
 * Fits the visitor part on histories (cut at `end` by the caller or not: nothing after `end` is
 * read) at the buyers' model's cut-offs. `trees: false` stores the base rate only. Undefined with
 * fewer than MIN_VISITOR_ROWS rows (a shop without behaviour data: nothing to say about non-buyers).
 */
export function fitVisitorModel(
  customers: readonly CustomerHistory[],
  plan: { cutoffs: number[]; horizon: number },
  o: { end: number; seed?: number; trees?: boolean },
): VisitorModel | undefined {
  const r = visitorRows(customers, plan, o.end, o.seed ?? 1);
  const n = r.y.length;
  if (n < MIN_VISITOR_ROWS) return undefined;
  const buyers = r.y.filter((v) => v > 0).length;
  const total = r.y.reduce((s, v) => s + v, 0);
  const base: VisitorModel = {
    featureNames: [...VISITOR_FEATURE_NAMES],
    baseRate: total / n,
    trainingHorizonDays: plan.horizon,
    cutoffs: [...plan.cutoffs],
    rows: n,
    buyers,
    meanFirstSpend: r.firstSpend.length ? r.firstSpend.reduce((s, v) => s + v, 0) / r.firstSpend.length : null,
    basis: 'base_rate',
  };
  if (o.trees === false) return { ...base, reason: 'not_requested' };
  if (buyers < MIN_VISITOR_BUYERS) return { ...base, reason: 'few_buyers' };
  const width = VISITOR_FEATURE_NAMES.length;
  const cols = Array.from({ length: width }, (_, f) => Float64Array.from(r.rows, (row) => row[f]));
  const offset = new Float64Array(n).fill(Math.log(base.baseRate));
  const gbt = fitPoissonGbt(cols, r.y, offset, { ...LEARNER_OPTIONS, groups: r.groups, seed: o.seed ?? 1 });
  return { ...base, basis: 'trees', gbt };
}

/** Feature rows of the customers who are visitors at `cut`, in one flat buffer (row k at k × width). */
export function visitorMatrix(
  customers: readonly CustomerHistory[],
  cut: number,
): { index: number[]; rows: Float64Array; width: number } {
  const width = VISITOR_FEATURE_NAMES.length;
  const index: number[] = [];
  const rows: number[][] = [];
  customers.forEach((c, i) => {
    if (!isVisitorAt(c, cut)) return;
    index.push(i);
    rows.push(visitorFeatures(c.behaviour ?? [], cut));
  });
  const flat = new Float64Array(index.length * width);
  rows.forEach((r, k) => flat.set(r, k * width));
  return { index, rows: flat, width };
}

/** Expected purchase days in (cut, cut + horizonDays] of the customers who are visitors at `cut`. */
export function predictVisitors(
  m: VisitorModel,
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
): { index: number[]; expected: number[] } {
  if (m.featureNames.join() !== VISITOR_FEATURE_NAMES.join())
    throw new Error(`visitor model columns ${m.featureNames.join()} differ from this code's: refit`);
  const x = visitorMatrix(customers, cut);
  const { index } = x;
  // A first purchase is rare over any horizon a shop uses, so the rate scales with the horizon.
  const scale = horizonDays / m.trainingHorizonDays;
  const margins = new Float64Array(index.length);
  if (m.basis === 'trees' && m.gbt) compiledMargins(compileGbt(m.gbt), x.rows, x.width, index.length, margins);
  const expected = index.map((_, k) => m.baseRate * Math.exp(margins[k]) * scale);
  return { index, expected };
}
