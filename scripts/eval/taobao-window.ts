/**
 * One two-day window of the Taobao buy task: who buys in (end − 2, end], from data up to end − 2.
 * Every model is the value model's learner (`LEARNER_OPTIONS`, Poisson trees) on the value model's
 * feature code, trained only at earlier cut-offs (features ≤ c′, target = bought in (c′, c′+2],
 * c′+2 ≤ the cut). Also the value model itself (`fitValueModel`, the product's path with BG/NBD
 * as offset) on the customers who had bought by the cut, which is whom the product scores.
 */
import { FEATURE_FAMILIES, type FeatureFamily } from '../../cloudfunctions/common/value/features';
import { fitPoissonGbt } from '../../cloudfunctions/common/value/gbt';
import { compileGbt, compiledMargin } from '../../cloudfunctions/common/value/gbt-compiled';
import { historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import { LEARNER_OPTIONS } from '../../cloudfunctions/common/value/learned';
import { auc } from '../../cloudfunctions/common/value/metrics';
import { fitValueModel, predictValue } from '../../cloudfunctions/common/value/model';
import { aucDifference, type AucDifference } from './auc-interval';
import { taobaoCutoffs, taobaoRow, type TaobaoColumns, type TaobaoSample } from './taobao-users';

/** Length of the target window, days. */
export const HORIZON = 2;

/** Figures of one window. AUCs are means over seeds; `seedAucs` keeps each. */
export interface WindowResult {
  end: number;
  cut: number;
  buyers: number;
  cutoffs: number;
  trainingRows: number;
  /** users active (any event) in the target window */
  activeInWindow: number;
  seedAucs: Record<'rf_trees' | 'profile_behaviour' | 'behaviour' | 'behaviour_only' | 'rf_rank', number[]>;
  /** the behaviour model against the baselines, and the 8 profile columns against the trees */
  vsRfTrees: AucDifference;
  vsRfRank: AucDifference;
  profileVsRfTrees: AucDifference;
  /** the behaviour trees among users who had never bought (recency/frequency cannot rank them) */
  neverBought: { users: number; buyers: number; auc: number };
  /** the value model on the customers who had bought by the cut */
  product: {
    customers: number;
    buyers: number;
    withBehaviour: number[];
    withoutBehaviour: number[];
    bgnbd: number;
  };
}

function valueModelAucs(sample: TaobaoSample, cut: number, end: number, seeds: number) {
  const customers = sample.users.filter((u) => u.purchases.days.length > 0 && u.purchases.days[0] <= cut);
  const label = customers.map((u) => purchaseDaysBetween(u.purchases, cut, end) > 0);
  let bgnbd = NaN;
  const run = (families: readonly FeatureFamily[]) =>
    Array.from({ length: seeds }, (_, s) => {
      const model = fitValueModel(customers, { end: cut, horizonDays: HORIZON, families, seed: s + 1 });
      const p = predictValue(model, customers);
      bgnbd = auc(
        p.map((x) => x!.bgnbdExpectedPurchases),
        label,
      );
      return auc(
        p.map((x) => x!.expectedPurchases),
        label,
      );
    });
  return {
    customers: customers.length,
    buyers: label.filter(Boolean).length,
    withBehaviour: run(FEATURE_FAMILIES),
    withoutBehaviour: run(FEATURE_FAMILIES.filter((f) => f !== 'behaviour')),
    bgnbd,
  };
}

/** Evaluates the window ending `end` (null when no earlier cut-off can be trained at). */
export function evaluateWindow(
  sample: TaobaoSample,
  end: number,
  seeds: number,
  resamples: number,
): WindowResult | null {
  const { users } = sample;
  const cut = end - HORIZON;
  const cutoffs = taobaoCutoffs(cut, sample.firstPurchaseDay, HORIZON);
  if (cutoffs.length === 0) return null;
  const label = users.map((u) => purchaseDaysBetween(u.purchases, cut, end) > 0);
  const y = cutoffs.flatMap((c) =>
    users.map((u) => (purchaseDaysBetween(u.purchases, c, c + HORIZON) > 0 ? 1 : 0)),
  );
  const groups = cutoffs.flatMap(() => users.map((_, i) => i));
  /** Scores of every user at the cut, one array per seed. */
  const trees = (columns: TaobaoColumns): number[][] => {
    const rows = cutoffs.flatMap((c) => users.map((u) => taobaoRow(u, c, columns)));
    const cols = rows[0].map((_, f) => Float64Array.from(rows, (r) => r[f]));
    const test = users.map((u) => taobaoRow(u, cut, columns));
    return Array.from({ length: seeds }, (_, s) => {
      const m = compileGbt(
        fitPoissonGbt(cols, y, new Float64Array(y.length), { ...LEARNER_OPTIONS, groups, seed: s + 1 }),
      );
      return test.map((r) => compiledMargin(m, r));
    });
  };
  const scores = {
    rf_trees: trees('rf'),
    profile_behaviour: trees('rf+profile-behaviour'),
    behaviour: trees('rf+behaviour'),
    behaviour_only: trees('behaviour'),
    // Plain ranking: more purchase days first, then the more recent last purchase.
    rf_rank: [
      users.map((u) => {
        const d = historyUpTo(u.purchases, cut).days;
        return d.length ? d.length - (cut - d[d.length - 1]) / 100 : 0;
      }),
    ],
  };
  const seedAucs = Object.fromEntries(
    Object.entries(scores).map(([k, runs]) => [k, runs.map((r) => auc(r, label))]),
  ) as WindowResult['seedAucs'];
  const never = users.flatMap((u, i) => (historyUpTo(u.purchases, cut).days.length === 0 ? [i] : []));
  const neverLabel = never.map((i) => label[i]);
  const neverAuc =
    scores.behaviour.reduce(
      (sum, run) =>
        sum +
        auc(
          never.map((i) => run[i]),
          neverLabel,
        ),
      0,
    ) / seeds;
  return {
    end,
    cut,
    buyers: label.filter(Boolean).length,
    cutoffs: cutoffs.length,
    trainingRows: y.length,
    activeInWindow: users.filter((u) => (u.behaviour ?? []).some((b) => b.day > cut && b.day <= end)).length,
    seedAucs,
    vsRfTrees: aucDifference(scores.behaviour, scores.rf_trees, label, resamples),
    vsRfRank: aucDifference(scores.behaviour, scores.rf_rank, label, resamples),
    profileVsRfTrees: aucDifference(scores.profile_behaviour, scores.rf_trees, label, resamples),
    neverBought: { users: never.length, buyers: neverLabel.filter(Boolean).length, auc: neverAuc },
    product: valueModelAucs(sample, cut, end, seeds),
  };
}
