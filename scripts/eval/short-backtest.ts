/**
 * The guard for a short history (session 16, second question; models/value/report.md, "The trees
 * on an older population (session 16, second question)"). When the history is too short for a
 * back-test like the fit (value-serving/backtest.ts likeTheFit), no blend is chosen and the trees ship unjudged
 * under the hybrid level. On CDNOW with the data ending 1997-07-01 (h = 91, h′ = 68) they put the
 * repeaters' mean correction at 1.35 against 1.05–1.11 in every training window, and the total
 * 26 % too high (BG/NBD +4.8 %).
 *
 * This back-test judges the same kind of fit on the last h′ days: the procedure is fitted on the
 * data up to cut = end − h′ with horizon h′ (its own rule gives a training horizon shorter than h′
 * there, so it too takes each window at its own level and gets a hybrid level, like the fit at the
 * end), and the weight w of F₀ · learned^w · BG/NBD^(1 − w) is chosen on (cut, end] by RMSE
 * (blend.ts chooseBlend, no scale). The fit at the end then ships F · learned^w · BG/NBD^(1 − w).
 * Nothing after `end` is read; the window is inside the data the fit at the end may see.
 *
 * Evaluation only, outside the product tree: under the plan fixed before it ran it lost (07-01 unchanged, the
 * trees won that window on every seed; D2 0.0014× worse, AUC −0.0019). A window inside the data
 * sees the trees on a younger population than the end's. Kept for the runner beside it
 * (clv-short-guard-dev.ts) and the next attempt.
 */
import { chooseBlend, type ValueBlend } from '../../cloudfunctions/common/value/blend';
import type { FeatureFamily } from '../../cloudfunctions/common/value/features';
import { historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { fitValueModel, predictValue } from '../../cloudfunctions/common/value/model';

/** What the short-history back-test found. */
export interface ShortBacktest {
  /** the window (cut, end] and its length h′ (the fit at the end's training horizon) */
  cut: number;
  end: number;
  horizonDays: number;
  /** customers judged (bought by the cut) */
  judged: number;
  /** trees of the fit at the cut (0: BG/NBD alone, nothing judged about trees) */
  judgedTrees: number;
  /** the hybrid level of the fit at the cut (1 when it has none) */
  level: number;
  /** the chosen blend (weight 0 when the fit at the cut had no trees: `untested`) */
  blend: ValueBlend;
  /** purchase days in the window, and what the fit at the cut predicted at w = 1 and w = 0 */
  actualTotal: number;
  learnedTotal: number;
  bgnbdTotal: number;
}

/**
 * The back-test on (end − trainingHorizon, end] for a fit at `end` whose training horizon is
 * `trainingHorizon` (< its real horizon). `customers` are histories the fit at `end` sees.
 */
export function shortBacktest(
  customers: readonly CustomerHistory[],
  o: { end: number; trainingHorizon: number; seed?: number; families?: readonly FeatureFamily[] },
): ShortBacktest {
  const cut = o.end - o.trainingHorizon;
  const judged = customers.filter((c) => c.purchases.days.length > 0 && c.purchases.days[0] <= cut);
  const seen = judged.map((c) => ({
    purchases: historyUpTo(c.purchases, cut),
    behaviour: c.behaviour?.filter((b) => b.day <= cut),
  }));
  const actual = judged.map((c) => purchaseDaysBetween(c.purchases, cut, o.end));
  const model = fitValueModel(seen, {
    end: cut,
    horizonDays: o.trainingHorizon,
    seed: o.seed ?? 1,
    ...(o.families ? { families: o.families } : {}),
    visitor: 'none',
  });
  const level = model.level?.factor ?? 1;
  // The trees and BG/NBD at the cut, both at the cut's level: the weight is then the one the fit
  // at the end ships under its own level (F · L^w · BG^(1−w) = (F·L)^w · (F·BG)^(1−w)).
  const preds = predictValue({ ...model, level: undefined, blend: undefined }, seen, cut);
  const learned = preds.map((p) => level * (p?.expectedPurchases ?? 0));
  const bgnbd = preds.map((p) => level * (p?.bgnbdExpectedPurchases ?? 0));
  const trees = model.learned.gbt.trees.length;
  const chosen = chooseBlend(learned, bgnbd, actual, { rescale: false, choose: true });
  const sum = (v: readonly number[]) => v.reduce((t, x) => t + x, 0);
  return {
    cut,
    end: o.end,
    horizonDays: o.trainingHorizon,
    judged: judged.length,
    judgedTrees: trees,
    level,
    blend: trees === 0 ? { ...chosen, weight: 0, untested: true } : chosen,
    actualTotal: sum(actual),
    learnedTotal: sum(learned),
    bgnbdTotal: sum(bgnbd),
  };
}
