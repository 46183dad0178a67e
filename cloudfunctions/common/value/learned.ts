/**
 * The learned value model: gradient-boosted trees that correct BG/NBD multiplicatively,
 * E[purchase days in the horizon] = BG/NBD's expectation × exp(f(features)). It is trained only
 * inside the history it is given: at cut-offs c′ before the end, features use purchases ≤ c′ and
 * targets count purchase days in (c′, c′ + h′] with c′ + h′ ≤ end, BG/NBD refitted at each c′. At
 * the end the same features are computed, with BG/NBD fitted at the end and the real horizon h,
 * so the horizon is rescaled through BG/NBD's own horizon curve. When the history is too short to
 * train on the real horizon, the trees learn only who buys more or less than BG/NBD expects, not
 * how much the whole shop bought in the training windows ({@link windowLevel}).
 */
import { fitBgnbd, type BgnbdFit, type BgnbdParams } from './bgnbd';
import { customerFeaturesInto, featureNames, type BehaviourDay, type FeatureFamily } from './features';
import { fitPoissonGbtOn, type GbtModel, type GbtOptions } from './gbt';
import { compileGbts, compiledMarginsOf } from './gbt-compiled';
import { historyUpTo, purchaseDaysBetween, rfmAt, type PurchaseHistory } from './history';
import { stackRows } from './stack-rows';

/** Thrown when a stored model's feature columns are not the ones this code computes. */
export class ValueModelMismatchError extends Error {
  override name = 'ValueModelMismatchError';
}

/** A customer's whole known history (purchases, and behaviour where the shop has it). */
export interface CustomerHistory {
  purchases: PurchaseHistory;
  behaviour?: readonly BehaviourDay[];
}

/** A trained learned model (plain JSON). */
export interface LearnedValueModel {
  families: FeatureFamily[];
  featureNames: string[];
  gbt: GbtModel;
  /** training cut-offs (day numbers) and the horizon of their targets, days */
  cutoffs: number[];
  trainingHorizonDays: number;
  trainingRows: number;
}

/** Options of a training run. */
export interface TrainOptions {
  /** last day of data the model may see */
  end: number;
  /** horizon the model will be asked about, days */
  horizonDays: number;
  families: readonly FeatureFamily[];
  seed?: number;
  gbt?: GbtOptions;
}

/**
 * Cut-offs inside (first day, end]. The training horizon h′ is the real horizon when the history
 * holds at least 8/3 of it; otherwise 3/8 of the history (at least 4 weeks, at most half). A short history thus
 * trains on a shorter horizon from RECENT cut-offs rather than a long one from early cut-offs:
 * customers there have tenures like the ones scored at the end, and the horizon is rescaled through
 * BG/NBD's own horizon curve anyway. (On CDNOW, 9 months of history for a 9-month horizon,
 * h′ = 3/8 beat 1/2 — the previous rule — and 1/4; see models/value/history/cdnow.md, "The previous
 * session's horizon rule".) Up to six cut-offs h′/6 apart (more rows, customers seen at several
 * tenures), each with four weeks of history before it. The trees' correction is carried from h′ to
 * h unchanged: extending how it moves between h′/2 and h′ lost on the dev splits (models/value/
 * report.md, "How the correction grows with the horizon").
 */
export function trainingCutoffs(
  firstDay: number,
  end: number,
  horizonDays: number,
): { cutoffs: number[]; horizon: number } {
  const history = end - firstDay;
  const preferred = Math.max(28, Math.round((history * 3) / 8));
  // Never more than half the history, so the first cut-off has customers acquired before it.
  const horizon = Math.max(1, Math.min(horizonDays, preferred, Math.floor(history / 2)));
  const step = cutoffStep(horizon);
  const cutoffs: number[] = [];
  for (let k = 0; k < 6; k++) {
    const c = end - horizon - k * step;
    if (c >= firstDay + 28 || k === 0) cutoffs.push(c);
  }
  return { cutoffs, horizon };
}

/** Days between training cut-offs for a training horizon (six cut-offs span about one horizon). */
export const cutoffStep = (horizon: number) => Math.max(7, Math.round(horizon / 6));

/** The earliest purchase day among `customers` (Infinity: nobody bought). */
export function firstPurchaseDay(customers: readonly CustomerHistory[]): number {
  let first = Infinity;
  for (const c of customers) if (c.purchases.days.length) first = Math.min(first, c.purchases.days[0]);
  return first;
}

/** Feature rows of the customers acquired by a cut-off, in one flat buffer (row k at k × width). */
export interface FeatureMatrix {
  /** customers' indices, one per row */
  index: number[];
  rows: Float64Array;
  width: number;
  /** the trees' offsets: log BG/NBD expectation (or log horizon in weeks without the bgnbd family) */
  offsets: Float64Array;
  /** BG/NBD's expected purchase days in the horizon */
  bgnbd: Float64Array;
}

/** Feature rows and offsets of the customers acquired by `cut`, each history cut at `cut`. */
export function featureMatrix(
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
  bgnbd: BgnbdParams,
  families: readonly FeatureFamily[],
): FeatureMatrix {
  const width = featureNames(families).length;
  const index: number[] = [];
  const rows = new Float64Array(customers.length * width);
  const offsets = new Float64Array(customers.length);
  const expected = new Float64Array(customers.length);
  const ctx = { cut, horizonDays, bgnbd, families, memo: new Map<number, number>() };
  const bg = families.includes('bgnbd');
  customers.forEach((c, i) => {
    if (c.purchases.days.length === 0 || c.purchases.days[0] > cut) return;
    const k = index.length;
    const e = customerFeaturesInto(historyUpTo(c.purchases, cut), ctx, c.behaviour, rows, k * width);
    index.push(i);
    expected[k] = e;
    offsets[k] = bg ? Math.log(Math.max(e, 1e-9)) : Math.log(horizonDays / 7);
  });
  const n = index.length;
  return {
    index,
    rows: rows.subarray(0, n * width),
    width,
    offsets: offsets.subarray(0, n),
    bgnbd: expected.subarray(0, n),
  };
}

/** {@link featureMatrix} as one array per row (training, diagnostics). */
export function rowsAt(
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
  bgnbd: BgnbdParams,
  families: readonly FeatureFamily[],
): { index: number[]; rows: number[][]; offsets: number[]; bgnbd: number[] } {
  const m = featureMatrix(customers, cut, horizonDays, bgnbd, families);
  return {
    index: m.index,
    rows: m.index.map((_, k) => Array.from(m.rows.subarray(k * m.width, (k + 1) * m.width))),
    offsets: Array.from(m.offsets),
    bgnbd: Array.from(m.bgnbd),
  };
}

/** BG/NBD fitted on the customers acquired by `cut`, with what they did up to `cut`. */
export function fitBgnbdAt(customers: readonly CustomerHistory[], cut: number): BgnbdFit {
  const cs = customers
    .filter((c) => c.purchases.days.length > 0 && c.purchases.days[0] <= cut)
    .map((c) => rfmAt(historyUpTo(c.purchases, cut), cut));
  return fitBgnbd(cs);
}

/**
 * The learner's settings (anything `TrainOptions.gbt` does not override). The Taobao evaluation
 * trains with these too, so its figure is the product's learner, not one tuned for it.
 */
export const LEARNER_OPTIONS: Readonly<GbtOptions> = { learningRate: 0.05, minLeafHessian: 20 };

/** The training plan for these customers: cut-offs and the horizon of their targets. */
export function learnedPlan(
  customers: readonly CustomerHistory[],
  end: number,
  horizonDays: number,
): { cutoffs: number[]; horizon: number } {
  return trainingCutoffs(firstPurchaseDay(customers), end, horizonDays);
}

/**
 * Training rows of one cut-off: features ≤ cut (one column per feature, `cols[f][k]` is row k's
 * feature f), targets in (cut, cut + horizon], offsets, customer index.
 */
export interface TrainingRows {
  cols: Float64Array[];
  y: number[];
  offsets: number[];
  groups: number[];
}

/**
 * log((Σ y + k) ÷ (Σ exp(offset) + k)) over one training window: how far BG/NBD's total for the
 * window was off (k = 5 purchases keeps a nearly empty window near 0). When the history is too
 * short to train on the real horizon (h′ < h), it is added to that window's offsets, so the trees
 * see every window at its true level and learn only who buys more or less than BG/NBD expects;
 * the level at the end is then BG/NBD's, fitted on all the data (so only with the bgnbd family,
 * whose offset carries that level; without it the trees must learn the level). Why only when
 * h′ < h: a window 2–3× shorter than the horizon, at tenures younger than the ones scored, has a
 * level that does not carry. On CDNOW, inside the calibration period, every 51–62-day training window held 13–27 %
 * fewer purchases than BG/NBD forecast, yet BG/NBD was right (−0.2 %) over the 136 days after
 * 17 May; trees that learned the windows' level missed the total by −18 % on both dev splits
 * (models/value/history/cdnow.md, "Design choices on dev splits"). With a long history the windows
 * are as long as the horizon and end just before it: their level is the shop's recent one, and the
 * guard's same-season scale is chosen on top of it (taking it out there cost the seasonal simulated
 * shop 0.908× → 0.933×). One level per window still leaves the trees a one-time-buyer level from
 * young windows (low on CDNOW's dev splits); taking the level out per group (x = 0, x ≥ 1) instead
 * lost there (models/value/report.md, "One-time buyers on the dev splits").
 */
export function windowLevel(y: ArrayLike<number>, offsets: ArrayLike<number>, prior = 5): number {
  let sy = 0;
  let se = 0;
  for (let i = 0; i < y.length; i++) {
    sy += y[i];
    se += Math.exp(offsets[i]);
  }
  return Math.log((sy + prior) / (se + prior));
}

/**
 * The rows of cut-off `cut` (BG/NBD refitted on the data up to it); at the window's own level when
 * the training horizon is shorter than the real one ({@link windowLevel}).
 */
export function trainingRowsAt(
  customers: readonly CustomerHistory[],
  cut: number,
  horizon: number,
  o: Pick<TrainOptions, 'end' | 'families' | 'horizonDays'>,
): TrainingRows {
  const bg = fitBgnbdAt(customers, cut);
  const m = featureMatrix(customers, cut, horizon, bg, o.families);
  const y = m.index.map((ci) =>
    // Targets stop at cut + horizon ≤ end: nothing after the end is read.
    purchaseDaysBetween(customers[ci].purchases, cut, Math.min(cut + horizon, o.end)),
  );
  // Columns, not an array per row: six cut-offs of 500,000 customers are ~1.6 million rows.
  const cols = columnsOf(m);
  const offsets = Array.from(m.offsets);
  // Without the bgnbd family the offset is the horizon alone, with no level of its own to fall back on.
  if (horizon >= o.horizonDays || !o.families.includes('bgnbd')) return { cols, y, offsets, groups: m.index };
  // A short history: the window's level is taken out, the trees learn the differences between customers.
  const level = windowLevel(y, offsets);
  return { cols, y, offsets: offsets.map((v) => v + level), groups: m.index };
}

/** The feature matrix's columns (`cols[f][k]` = row k's feature f). */
function columnsOf(m: FeatureMatrix): Float64Array[] {
  const n = m.index.length;
  return Array.from({ length: m.width }, (_, f) => {
    const col = new Float64Array(n);
    for (let k = 0; k < n; k++) col[k] = m.rows[k * m.width + f];
    return col;
  });
}

/** The trees' options for a training run (rows of one customer stay on one side of the split). */
export const learnedGbtOptions = (opts: TrainOptions, groups: ArrayLike<number>): GbtOptions => ({
  ...LEARNER_OPTIONS,
  ...opts.gbt,
  groups,
  seed: opts.seed ?? 1,
});

/** The stored learned model around fitted trees. */
export function learnedModelOf(
  opts: TrainOptions,
  gbt: GbtModel,
  plan: { cutoffs: number[]; horizon: number },
  trainingRows: number,
): LearnedValueModel {
  return {
    families: [...opts.families],
    featureNames: featureNames(opts.families),
    gbt,
    cutoffs: plan.cutoffs,
    trainingHorizonDays: plan.horizon,
    trainingRows,
  };
}

/**
 * Trains the learned model on the histories up to `opts.end` (later purchases are ignored), at the
 * cut-offs of `plan` (default: learnedPlan's recent windows; season-ensemble.ts passes last year's).
 */
export function trainLearned(
  customers: readonly CustomerHistory[],
  opts: TrainOptions,
  plan: { cutoffs: number[]; horizon: number } = learnedPlan(customers, opts.end, opts.horizonDays),
): LearnedValueModel {
  const parts = plan.cutoffs.map((cut) => trainingRowsAt(customers, cut, plan.horizon, opts));
  // The cut-offs' rows stacked in cut-off order; each column is stacked only when binned, and the
  // cut-offs' copy of it dropped then, so no column is held twice (stack-rows.ts).
  const all = stackRows(parts, featureNames(opts.families).length, { release: true });
  const gbt = fitPoissonGbtOn(all.width, all.column, all.y, all.offsets, learnedGbtOptions(opts, all.groups));
  return learnedModelOf(opts, gbt, plan, all.n);
}

/** Expected purchase days in (cut, cut + horizon] for each customer acquired by `cut`. */
export function predictLearned(
  model: LearnedValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
  bgnbd: BgnbdParams,
): { index: number[]; expected: number[]; bgnbd: number[] } {
  const m = learnedMatrix(model, customers, cut, horizonDays, bgnbd);
  return { index: m.index, expected: learnedExpectedOn(model, m), bgnbd: Array.from(m.bgnbd) };
}

/** The feature rows `model` reads at `cut` (refused when its stored columns are not this code's). */
export function learnedMatrix(
  model: LearnedValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
  horizonDays: number,
  bgnbd: BgnbdParams,
): FeatureMatrix {
  // A model stored before a feature family changed would read the wrong columns: refuse it.
  const expected = featureNames(model.families);
  if (expected.join() !== model.featureNames.join())
    throw new ValueModelMismatchError(
      `value model columns ${model.featureNames.join()} differ from this code's ${expected.join()}: refit`,
    );
  return featureMatrix(customers, cut, horizonDays, bgnbd, model.families);
}

/**
 * exp(offset + trees) of `model` on the rows of `m` (built for its columns): a second tree set on
 * the same columns scores the same matrix (season-ensemble.ts), without computing features twice.
 */
export const learnedExpectedOn = (model: LearnedValueModel, m: FeatureMatrix): number[] =>
  learnedExpectedOnAll([model], m)[0];

/**
 * {@link learnedExpectedOn} of each of `models` (trained on the same columns) on the rows of `m`:
 * the trees are compiled as one set, so each page of rows is ranked once for all of them.
 */
export function learnedExpectedOnAll(models: readonly LearnedValueModel[], m: FeatureMatrix): number[][] {
  const n = m.index.length;
  const margins = models.map(() => new Float64Array(n));
  compiledMarginsOf(compileGbts(models.map((l) => l.gbt)), m.rows, m.width, n, margins);
  return margins.map((margin) => {
    const out: number[] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = Math.exp(m.offsets[k] + margin[k]);
    return out;
  });
}
