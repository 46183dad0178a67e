/**
 * The shop's value model as one fitted object: BG/NBD (the baseline), Gamma–Gamma (spend per
 * purchase) and the learned correction, all fitted on the history up to `end` — the data window
 * the model is versioned by. The evaluation command and the product both fit through here.
 */
import { bgnbdPAlive, type BgnbdFit } from './bgnbd';
import { blendExpected, type ValueBlend } from './blend';
import { FEATURE_FAMILIES, type FeatureFamily } from './features';
import { expectedSpendPerPurchase, fitGammaGamma, type GammaGammaParams } from './gamma-gamma';
import { historyUpTo, rfmAt, type PurchaseHistory } from './history';
import { hybridLevel, levelApplies, levelled, rfmAtEnd, type ValueLevel } from './hybrid-level';
import {
  fitBgnbdAt,
  learnedExpectedOn,
  learnedExpectedOnAll,
  learnedMatrix,
  learnedPlan,
  trainLearned,
  type CustomerHistory,
  type LearnedValueModel,
  type TrainOptions,
} from './learned';
import { seasonMix, type SeasonEnsemble } from './season-ensemble';
import { fitParetoNbd } from './pareto-nbd';
import { fitVisitorModel, type VisitorModel } from './visitor';
import { bgnbdOnlyLearned, youngShopDecision, type YoungShop, type YoungShopDecision } from './young-shop';

/** A fitted value model. */
export interface ValueModel {
  /** last day of data seen (day number) and the horizon it predicts, days */
  end: number;
  horizonDays: number;
  bgnbd: BgnbdFit;
  gammaGamma: GammaGammaParams | null;
  learned: LearnedValueModel;
  /**
   * The back-test's blend of the learned model with BG/NBD (blend.ts); absent = the learned model
   * alone (models stored before the guard existed).
   */
  blend?: ValueBlend;
  /** customers who have not bought yet (visitor.ts); absent: no predictions for them */
  visitor?: VisitorModel;
  /** why a young shop is predicted with less (young-shop.ts); absent: the rule changed nothing */
  young?: YoungShop;
  /**
   * the last-season trees mixed into the blended expectation (season-ensemble.ts, fitted by
   * season-fit.ts); absent: no plan for them (short history, h′ < h, no trees) or stored before them
   */
  season?: SeasonEnsemble;
  /**
   * The Pareto/NBD-hybrid level of a short-history fit (hybrid-level.ts: h′ < h only, so never
   * together with `blend` or `season`); absent: BG/NBD's level (every model stored before it)
   */
  level?: ValueLevel;
}

/** Fit options. */
export interface FitValueOptions {
  end: number;
  horizonDays: number;
  /** feature families for the learned part (default: all) */
  families?: readonly FeatureFamily[];
  seed?: number;
  /**
   * The visitor (first-purchase) part: 'trees' (default), 'base' (the shop's base rate only, e.g.
   * when the back-test found the trees no better than a constant) or 'none' (not fitted).
   */
  visitor?: 'trees' | 'base' | 'none';
  /** the young-shop rule (young-shop.ts); default on, `false` fits as if the shop were old enough */
  youngShop?: boolean;
}

/** The histories cut at `end`, of the customers who had bought by then. */
export function acquiredBy(customers: readonly CustomerHistory[], end: number): CustomerHistory[] {
  // Cut every history first: nothing after the end can reach any part of the fit.
  const seen = customers.map((c) => ({
    purchases: historyUpTo(c.purchases, end),
    behaviour: c.behaviour?.filter((b) => b.day <= end),
  }));
  return seen.filter((c) => c.purchases.days.length > 0);
}

/** Gamma–Gamma on the acquired customers' repeat spend. */
export const fitSpend = (acquired: readonly CustomerHistory[]) =>
  fitGammaGamma(acquired.map((c) => spendSummary(c)));

/** The learned part's training options for a fit. */
export const trainOptions = (opts: FitValueOptions): TrainOptions => ({
  end: opts.end,
  horizonDays: opts.horizonDays,
  families: opts.families ?? FEATURE_FAMILIES,
  seed: opts.seed,
});

/**
 * The young-shop rule for a fit (young-shop.ts): which families the trees get, whether there are
 * trees at all, and the record of why. With the rule off, every family and trees always.
 */
export function youngShopFor(
  customers: readonly CustomerHistory[],
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
): YoungShopDecision {
  const families = [...trainOptions(opts).families];
  if (opts.youngShop === false || acquired.length === 0) return { families, trees: true };
  const plan = learnedPlan(acquired, opts.end, opts.horizonDays);
  return youngShopDecision(customers, acquired, plan, { end: opts.end, families });
}

/** `opts` with the families the young-shop rule left to the trees. */
export const decidedOptions = (opts: FitValueOptions, d: YoungShopDecision): FitValueOptions =>
  d.young ? { ...opts, families: d.families } : opts;

/** The learned part as decided: trees on the decided families, or BG/NBD alone. */
export function decidedLearned(
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
  d: YoungShopDecision,
): LearnedValueModel {
  if (!d.trees) return bgnbdOnlyLearned(learnedPlan(acquired, opts.end, opts.horizonDays), d.young?.rows ?? 0);
  return trainLearned(acquired, trainOptions(decidedOptions(opts, d)));
}

/** Fits all three parts on the customers' histories up to `opts.end` (fit-steps.ts: the same, resumable). */
export function fitValueModel(customers: readonly CustomerHistory[], opts: FitValueOptions): ValueModel {
  const acquired = acquiredBy(customers, opts.end);
  const bgnbd = fitBgnbdAt(acquired, opts.end);
  const gammaGamma = fitSpend(acquired);
  const decision = youngShopFor(customers, acquired, opts);
  const learned = decidedLearned(acquired, opts, decision);
  const level = levelPlanned(acquired, opts, decision) ? fitLevel(acquired, opts, bgnbd) : undefined;
  const model = buyersModelOf(opts, bgnbd, gammaGamma, learned, level);
  return withVisitorPart(withYoung(model, decision), customers, acquired, opts);
}

/** The buyers' model from its parts (fit-steps.ts builds it the same way, key for key). */
export const buyersModelOf = (
  opts: FitValueOptions,
  bgnbd: BgnbdFit,
  gammaGamma: GammaGammaParams | null,
  learned: LearnedValueModel,
  level: ValueLevel | undefined,
): ValueModel => ({
  end: opts.end,
  horizonDays: opts.horizonDays,
  bgnbd,
  gammaGamma,
  learned,
  ...(level ? { level } : {}),
});

/** Whether the fit gets the hybrid level (hybrid-level.ts), as the young-shop rule decided it. */
export function levelPlanned(
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
  d: YoungShopDecision,
): boolean {
  if (acquired.length === 0) return false;
  const plan = learnedPlan(acquired, opts.end, opts.horizonDays);
  return levelApplies(plan, opts.horizonDays, trainOptions(decidedOptions(opts, d)).families, d.trees);
}

/** Pareto/NBD at the end and the hybrid level (fit-steps.ts steps the same fit across calls). */
export function fitLevel(
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
  bgnbd: BgnbdFit,
): ValueLevel | undefined {
  const rfm = rfmAtEnd(acquired, opts.end);
  return hybridLevel(rfm, opts.horizonDays, bgnbd, fitParetoNbd(rfm));
}

/** `model` with the young-shop record, when the rule changed something. */
export const withYoung = (model: ValueModel, d: YoungShopDecision): ValueModel =>
  d.young ? { ...model, young: d.young } : model;

/**
 * The visitor part fitted at the buyers' model's own cut-offs, from all `customers` (buyers or
 * not: nothing after `opts.end` is read); undefined when not asked for or nobody was a visitor.
 */
export function fitVisitorPart(
  customers: readonly CustomerHistory[],
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
): VisitorModel | undefined {
  if (opts.visitor === 'none' || acquired.length === 0) return undefined;
  const plan = learnedPlan(acquired, opts.end, opts.horizonDays);
  return fitVisitorModel(customers, plan, { end: opts.end, seed: opts.seed, trees: opts.visitor !== 'base' });
}

/** `model` with the visitor part added (the buyers' parts are not touched). */
export function withVisitorPart(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  acquired: readonly CustomerHistory[],
  opts: FitValueOptions,
): ValueModel {
  const visitor = fitVisitorPart(customers, acquired, opts);
  return visitor ? { ...model, visitor } : model;
}

/** Repeat purchase days and their mean amount (Gamma–Gamma's input). */
export function spendSummary(c: CustomerHistory): { x: number; meanAmount: number } {
  const a = c.purchases.amounts;
  const x = a.length - 1;
  if (x < 1) return { x: 0, meanAmount: 0 };
  let s = 0;
  for (let i = 1; i < a.length; i++) s += a[i];
  return { x, meanAmount: s / x };
}

/** Predictions for one customer. */
export interface ValuePrediction {
  /** the model's expectation (the learned model, blended with BG/NBD as the back-test chose) */
  expectedPurchases: number;
  bgnbdExpectedPurchases: number;
  pAlive: number;
  /** expected spend over the horizon, in the history's amount unit; null without spend data */
  expectedSpend: number | null;
}

/**
 * Each customer's expectation at `cut` before the last-season mix (the learned model blended with
 * BG/NBD as the back-test chose) and, when the model has a season set, the last-season trees'
 * (BG/NBD × exp(trees), on the same feature rows): `index` lists the customers acquired by `cut`.
 */
export function expectationsAt(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
): { index: number[]; bgnbd: Float64Array; shipped: number[]; season: number[] | null } {
  const m = learnedMatrix(model.learned, customers, cut, model.horizonDays, model.bgnbd);
  const s = model.season?.learned;
  // The season set is trained on the shipped trees' columns, so it reads the same rows: both
  // sets are scored on them together (one ranking of each page for both).
  const sameRows = s && s.featureNames.join() === model.learned.featureNames.join();
  const [learned, both] = sameRows ? learnedExpectedOnAll([model.learned, s], m) : [learnedExpectedOn(model.learned, m)];
  // The hybrid level multiplies the learned model's expectation after the guard's blend and scale
  // and before any season mix. A level comes only with h′ < h; a blend and a season set only with
  // h′ = h (a back-test like the fit, a last-season plan), so at most one of them acts
  // (hybrid-level.ts). Spend follows the expectation; BG/NBD's own figures stay BG/NBD's.
  const shipped = learned.map((l, k) => levelled(model.level, blendExpected(model.blend, l, m.bgnbd[k])));
  const season = !s
    ? null
    : (both ?? learnedExpectedOn(s, learnedMatrix(s, customers, cut, model.horizonDays, model.bgnbd)));
  return { index: m.index, bgnbd: m.bgnbd, shipped, season };
}

/** Predicts for customers at `cut` (default: the model's end) over the model's horizon. */
export function predictValue(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut = model.end,
): (ValuePrediction | null)[] {
  const out: (ValuePrediction | null)[] = new Array<ValuePrediction | null>(customers.length).fill(null);
  const x = expectationsAt(model, customers, cut);
  const mix = model.season;
  // A plain loop, no closure per customer: this runs once per profile on every scoring page.
  for (let k = 0; k < x.index.length; k++) {
    const h = historyUpTo(customers[x.index[k]].purchases, cut);
    const expected =
      mix && x.season ? mix.scale * seasonMix(x.shipped[k], x.season[k], mix.weight) : x.shipped[k];
    out[x.index[k]] = {
      expectedPurchases: expected,
      bgnbdExpectedPurchases: x.bgnbd[k],
      pAlive: bgnbdPAlive(model.bgnbd, rfmAt(h, cut)),
      expectedSpend: expectedSpend(model, h, expected),
    };
  }
  return out;
}

/** `expected` purchase days times Gamma–Gamma's spend per purchase (else the mean spend); null without spend data. */
function expectedSpend(model: ValueModel, h: PurchaseHistory, expected: number): number | null {
  const perPurchase = model.gammaGamma
    ? expectedSpendPerPurchase(model.gammaGamma, spendSummary({ purchases: h }))
    : null;
  let total = 0;
  for (const a of h.amounts) total += a;
  const fallback = total / h.amounts.length;
  return fallback > 0 ? expected * (perPurchase ?? fallback) : null;
}
