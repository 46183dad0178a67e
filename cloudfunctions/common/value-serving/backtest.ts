/**
 * The guard's evidence for a value-model candidate: a back-test on the shop's own history. The
 * window is the same calendar window a year earlier — (end − 365, end − 365 + horizon], the season
 * the model will be asked about — when the history before it is long enough for a fit like the one
 * at the end (`likeTheFit`); otherwise the most recent one, (end − horizon, end]. The candidate
 * procedure is fitted on the data up to the cut only, and it and the incumbent both predict each
 * customer's purchase days in the window from the purchases up to the cut. The customers judged
 * are those who had bought by the cut. RMSE decides (lower is better), as eval:clv reports it.
 *
 * The incumbent is the serving version as it stands: its parameters were fitted on a window that
 * may reach past the cut, which can only flatter it, so a candidate that wins has won fairly.
 * With no version serving the incumbent is "no prediction" (zero purchases for everyone).
 *
 * The same back-test chooses how much of the learned model ships (common/value/blend.ts), and on
 * the same-season window how far to scale it: the candidate's figures are those of the chosen
 * blend, which is what the fit at the end of the data then predicts with (weight and scale are
 * chosen on this back-test, so its figure is a little flattered; the learned model alone is
 * recorded beside it). A back-test of another procedure (too short a history before its cut to
 * train on the real horizon) chooses no blend.
 */
import { chooseBlend, blendExpected, type ValueBlend } from '../value/blend';
import type { FeatureFamily } from '../value/features';
import { historyUpTo, purchaseDaysBetween } from '../value/history';
import { firstPurchaseDay, trainingCutoffs, type CustomerHistory } from '../value/learned';
import { countMetrics, type CountMetrics } from '../value/metrics';
import { fitValueModel, predictValue, type FitValueOptions, type ValueModel } from '../value/model';
import { fitSeason, SEASON_BY_DEFAULT } from '../value/season-fit';

/** The back-test of one candidate. */
export interface Backtest {
  /** the window (cut, end] (day numbers) and its length */
  cut: number;
  end: number;
  horizonDays: number;
  /** true when the window is the same season a year before the data's end (see backtestWindow) */
  seasonal: boolean;
  /** true when the fit at the cut is the same procedure as the one at the end: only then is a blend chosen */
  likeTheFit: boolean;
  /** customers judged (bought on or before the cut) */
  heldOut: number;
  /** the candidate as it ships: the learned model blended with BG/NBD by `blend` */
  candidate: CountMetrics;
  /** the learned model alone */
  learnedAlone: CountMetrics;
  /** the blend the fit at the end predicts with (see shippedBlend) */
  blend: ValueBlend;
  /** trees of the candidate fitted at the cut (0: a young shop's fit, BG/NBD alone; absent: runs from before) */
  judgedTrees?: number;
  /**
   * true when the fit at the cut had no trees although the young-shop rule allowed them (early
   * stopping kept none): its learned part was a level alone, BG/NBD × exp(bias); absent otherwise
   * and on runs from before
   */
  judgedStopped?: true;
  /** BG/NBD alone, fitted at the same cut (the field's baseline) */
  bgnbd: CountMetrics;
  /** the incumbent's figures; null when nothing serves (then the incumbent predicts zero) */
  incumbent: CountMetrics | null;
  /** RMSE of predicting zero purchases for everyone */
  zeroRmse: number;
  /** purchase days in the window: what happened, and what the candidate predicted */
  actualTotal: number;
  predictedTotal: number;
}

/** Days in a year, for "the same season last year". */
export const YEAR_DAYS = 365;

/**
 * Whether a fit at `cut` is the same procedure as the fit at the end: it trains on the real
 * horizon (learned.ts trainingCutoffs — history before the cut about 8/3 of the horizon or more).
 * Only such a back-test says how the shipped model will do; a shorter history trains on a shorter
 * horizon, a different procedure.
 */
export function likeTheFit(firstDay: number, cut: number, horizonDays: number): boolean {
  return cut > firstDay && trainingCutoffs(firstDay, cut, horizonDays).horizon === horizonDays;
}

/**
 * The back-test window for data ending at `end`: the same calendar window a year earlier when
 * the history before it allows a fit like the one at the end, else the last `horizonDays` days.
 */
export function backtestWindow(
  firstDay: number,
  end: number,
  horizonDays: number,
): { cut: number; end: number; seasonal: boolean } {
  const yearAgo = end - YEAR_DAYS;
  if (horizonDays <= YEAR_DAYS && likeTheFit(firstDay, yearAgo, horizonDays))
    return { cut: yearAgo, end: yearAgo + horizonDays, seasonal: true };
  return { cut: end - horizonDays, end, seasonal: false };
}

/** What the back-test judges: the customers who had bought by the cut, cut there, and what they did after. */
export interface BacktestInputs {
  cut: number;
  end: number;
  horizonDays: number;
  seasonal: boolean;
  likeTheFit: boolean;
  /** histories up to the cut (nothing after it reaches the candidate: its fit and inputs stop there) */
  seen: CustomerHistory[];
  /** purchase days in (cut, end], per judged customer */
  actual: number[];
}

/** The judged customers and their outcomes, in the window `backtestWindow` picks. */
export function backtestInputs(
  customers: readonly CustomerHistory[],
  o: { end: number; horizonDays: number },
): BacktestInputs {
  const first = firstPurchaseDay(customers);
  const { cut, end, seasonal } = backtestWindow(first, o.end, o.horizonDays);
  const judged = customers.filter((c) => c.purchases.days.length > 0 && c.purchases.days[0] <= cut);
  return {
    cut,
    end,
    horizonDays: o.horizonDays,
    seasonal,
    likeTheFit: likeTheFit(first, cut, o.horizonDays),
    seen: judged.map((c) => ({
      purchases: historyUpTo(c.purchases, cut),
      behaviour: c.behaviour?.filter((b) => b.day <= cut),
    })),
    actual: judged.map((c) => purchaseDaysBetween(c.purchases, cut, end)),
  };
}

/**
 * The candidate's fit options at the cut (the refit steps the same fit). The judged customers are
 * all buyers, so no visitor part (visitor-check.ts judges that one on the visitors).
 */
export const backtestFitOptions = (
  i: BacktestInputs,
  seed = 1,
  families?: readonly FeatureFamily[],
): FitValueOptions => ({
  end: i.cut,
  horizonDays: i.horizonDays,
  seed,
  ...(families ? { families } : {}),
  visitor: 'none',
});

/** Judges the candidate `model` (fitted on `i.seen` at the cut) and the incumbent; chooses the blend. */
export function backtestVerdict(
  i: BacktestInputs,
  model: ValueModel | null,
  incumbent: ValueModel | null,
): Backtest {
  const { actual, seen, cut } = i;
  const base = {
    cut,
    end: i.end,
    horizonDays: i.horizonDays,
    seasonal: i.seasonal,
    likeTheFit: i.likeTheFit,
    heldOut: seen.length,
    actualTotal: actual.reduce((t, a) => t + a, 0),
  };
  const zeroRmse = Math.sqrt(actual.reduce((s, a) => s + a * a, 0) / Math.max(actual.length, 1));
  if (!model || seen.length === 0) {
    const none = countMetrics([], []);
    const blend = chooseBlend([], [], []);
    return {
      ...base,
      candidate: none,
      learnedAlone: none,
      blend,
      bgnbd: none,
      incumbent: null,
      zeroRmse,
      predictedTotal: 0,
    };
  }
  // The candidate is the learned model alone here (no blend yet): its blend is chosen below.
  const preds = predictValue({ ...model, blend: undefined }, seen, cut);
  const learned = preds.map((p) => p?.expectedPurchases ?? 0);
  const bgnbd = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
  const blend = chooseBlend(learned, bgnbd, actual, { rescale: i.seasonal, choose: i.likeTheFit });
  const shipped = learned.map((l, k) => blendExpected(blend, l, bgnbd[k]));
  return {
    ...base,
    candidate: countMetrics(shipped, actual),
    learnedAlone: countMetrics(learned, actual),
    blend,
    judgedTrees: model.learned.gbt.trees.length,
    ...(stoppedAtZero(model) ? { judgedStopped: true as const } : {}),
    bgnbd: countMetrics(bgnbd, actual),
    incumbent: incumbent
      ? countMetrics(
          predictValue(incumbent, seen, cut).map((p) => p?.expectedPurchases ?? 0),
          actual,
        )
      : null,
    zeroRmse,
    predictedTotal: Math.round(shipped.reduce((t, v) => t + v, 0) * 1000) / 1000,
  };
}

/** A fit with no trees that the young-shop rule did not cause: early stopping kept none. */
const stoppedAtZero = (m: ValueModel): boolean => m.learned.gbt.trees.length === 0 && m.young?.buyers !== 'bgnbd';

/** Runs the back-test in one go: `incumbent` is the serving model, or null when none serves. */
export function backtestValue(
  customers: readonly CustomerHistory[],
  o: {
    end: number;
    horizonDays: number;
    incumbent: ValueModel | null;
    seed?: number;
    families?: readonly FeatureFamily[];
  },
): Backtest {
  const i = backtestInputs(customers, o);
  const model = i.seen.length ? fitValueModel(i.seen, backtestFitOptions(i, o.seed, o.families)) : null;
  return backtestVerdict(i, model, o.incumbent);
}

/**
 * The blend the model fitted at the end ships with (both the refit's and eval:clv's path): none
 * without a back-test like the fit; the back-test's blend, unless that back-test's fit had no
 * trees — then the version ships scale · BG/NBD (weight 0, `untested`), whatever the fit at the
 * end has, so one back-test verdict always ships the same thing:
 * - a young shop's fit at the cut (BG/NBD alone, young-shop.ts): the weight it chose says nothing
 *   about trees fitted since. On 300-customer simulated shops whose year-ago back-test was young,
 *   trees shipped untested cost up to 1.13× BG/NBD's RMSE where BG/NBD is the truth
 *   (models/value/history/public-corpora-and-tiny-shops.md, "Tiny shops: the guard shipped trees
 *   it never judged");
 * - a fit whose early stopping kept no trees (`stopped`): its level alone was judged, and that
 *   level is noise where it happens. Shipping the end's level lost in 5 of 6 runs where the end
 *   grew trees (variant L), and BG/NBD in place of the end's level did no harm where it kept none
 *   (variant C; models/value/report.md, "The untested rule (session 23)").
 */
export function shippedBlend(bt: Backtest | null | undefined): ValueBlend | undefined {
  if (!bt?.likeTheFit || !bt.blend) return undefined;
  if (bt.judgedTrees === 0) return { ...bt.blend, weight: 0, untested: true, ...(bt.judgedStopped ? { stopped: true as const } : {}) };
  return bt.blend;
}

/**
 * Whether last season's trees fitted at the end could ship beside the blend `bt` leads to. Not
 * when that blend is untested ({@link shippedBlend}: the back-test's fit had no trees): season-fit.ts
 * seasonPlanOf gives an untested blend no set, so the refit need not train one.
 */
export const seasonCanShip = (bt: Backtest | null | undefined): boolean => shippedBlend(bt)?.untested !== true;

/**
 * The product's fit with its guard, in one call (eval:clv): the back-test, then the fit at `end`
 * predicting with the blend the back-test chose, then — with `season` — the last-season set on
 * top of that blend (common/value/season-fit.ts; its scale keeps the blended total). The refit job
 * steps the same fits and sets the blend, and the season set's scale, when it publishes. Without a
 * back-test like the fit (too short a history) the learned model ships alone and no back-test is
 * run (backtest null); such a history is also too short for a last-season set.
 */
export function fitGuardedValueModel(
  customers: readonly CustomerHistory[],
  o: {
    end: number;
    horizonDays: number;
    seed?: number;
    families?: readonly FeatureFamily[];
    /** fit the last-season set (season-fit.ts) where the shop's history allows one (default SEASON_BY_DEFAULT) */
    season?: boolean;
  },
): { model: ValueModel; backtest: Backtest | null } {
  const { season = SEASON_BY_DEFAULT, ...fit } = o;
  const seed = o.seed ?? 1;
  const first = firstPurchaseDay(customers);
  const window = backtestWindow(first, o.end, o.horizonDays);
  const backtest = likeTheFit(first, window.cut, o.horizonDays)
    ? backtestValue(customers, { ...fit, incumbent: null })
    : null;
  const fitted = fitValueModel(customers, { ...fit, seed });
  const blend = shippedBlend(backtest);
  const model = blend ? { ...fitted, blend } : fitted;
  return {
    model: season ? fitSeason(model, customers, seed) : model,
    backtest: backtest && blend ? { ...backtest, blend } : backtest,
  };
}
