/**
 * One two-day window of the Taobao buy task: who buys in (end − 2, end], from data up to end − 2.
 * Every model is the value model's learner (`LEARNER_OPTIONS`, Poisson trees) on the value model's
 * feature code, trained only at earlier cut-offs (features ≤ c′, target = bought in (c′, c′+2],
 * c′+2 ≤ the cut). Also the value model itself (`fitValueModel`, the product's path with BG/NBD
 * as offset) on the customers who had bought by the cut, which is whom the product scores, and
 * its visitor part (fitted in the same call on every user) on those who had not bought by the cut.
 */
import { FEATURE_FAMILIES, type FeatureFamily } from '../../cloudfunctions/common/value/features';
import { fitPoissonGbt } from '../../cloudfunctions/common/value/gbt';
import { compileGbt, compiledMargin } from '../../cloudfunctions/common/value/gbt-compiled';
import { historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import { LEARNER_OPTIONS } from '../../cloudfunctions/common/value/learned';
import { auc } from '../../cloudfunctions/common/value/metrics';
import { fitValueModel, predictValue } from '../../cloudfunctions/common/value/model';
import type { YoungShop } from '../../cloudfunctions/common/value/young-shop';
import { predictVisitors } from '../../cloudfunctions/common/value/visitor';
import { visitorCheck } from '../../cloudfunctions/common/value-serving/visitor-check';
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
    /** fitValueModel as it ships (the young-shop rule on), and with the rule off (what shipped before it) */
    withBehaviour: number[];
    beforeRule: number[];
    ruleVsBefore: AucDifference;
    /** the rule's record for this window (undefined: it changed nothing) */
    young: YoungShop | undefined;
    withoutBehaviour: number[];
    bgnbd: number;
    /**
     * fitValueModel's visitor part on the users it predicts for (no purchase by the cut, seen
     * before it): AUC per seed, and against the base rate (a constant, AUC 0.5) with its interval
     */
    visitors: {
      users: number;
      buyers: number;
      basis: string;
      trainingRows: number;
      auc: number[];
      vsBaseRate: AucDifference;
      /** the refit's held-out check at cut − horizon (data ≤ the cut): would the trees serve? */
      check: { serve: 'trees' | 'base'; why: string; auc: number | null };
    } | null;
  };
}

function valueModelAucs(sample: TaobaoSample, cut: number, end: number, seeds: number, resamples: number) {
  const customers = sample.users.filter((u) => u.purchases.days.length > 0 && u.purchases.days[0] <= cut);
  const label = customers.map((u) => purchaseDaysBetween(u.purchases, cut, end) > 0);
  let bgnbd = NaN;
  const visitorRuns: number[][] = [];
  let visitorIndex: number[] = [];
  let visitorModel: { basis: string; rows: number } | null = null;
  // With behaviour, the model is fitted on EVERY user, as the product reads every profile: the
  // buyers' parts see the same customers (acquiredBy), the visitor part the rest.
  let young: YoungShop | undefined;
  const scores: number[][] = [];
  const run = (families: readonly FeatureFamily[], all: boolean, youngShop = true) =>
    Array.from({ length: seeds }, (_, s) => {
      const model = fitValueModel(all ? sample.users : customers, {
        end: cut,
        horizonDays: HORIZON,
        families,
        seed: s + 1,
        youngShop,
      });
      const p = predictValue(model, customers);
      if (all) scores.push(p.map((x) => x!.expectedPurchases));
      if (all && youngShop) young = model.young;
      bgnbd = auc(
        p.map((x) => x!.bgnbdExpectedPurchases),
        label,
      );
      if (all && youngShop && model.visitor) {
        const v = predictVisitors(model.visitor, sample.users, cut, HORIZON);
        visitorIndex = v.index;
        visitorRuns.push(v.expected);
        visitorModel = { basis: model.visitor.basis, rows: model.visitor.rows };
      }
      return auc(
        p.map((x) => x!.expectedPurchases),
        label,
      );
    });
  const withBehaviour = run(FEATURE_FAMILIES, true);
  const beforeRule = run(FEATURE_FAMILIES, true, false);
  const ruleVsBefore = aucDifference(scores.slice(0, seeds), scores.slice(seeds), label, resamples);
  const vLabel = visitorIndex.map((i) => purchaseDaysBetween(sample.users[i].purchases, cut, end) > 0);
  const vm = visitorModel as { basis: string; rows: number } | null;
  return {
    customers: customers.length,
    buyers: label.filter(Boolean).length,
    withBehaviour,
    beforeRule,
    ruleVsBefore,
    young,
    withoutBehaviour: run(
      FEATURE_FAMILIES.filter((f) => f !== 'behaviour'),
      false,
    ),
    bgnbd,
    visitors: vm
      ? {
          users: visitorIndex.length,
          buyers: vLabel.filter(Boolean).length,
          basis: vm.basis,
          trainingRows: vm.rows,
          auc: visitorRuns.map((r) => auc(r, vLabel)),
          vsBaseRate: aucDifference(visitorRuns, [visitorIndex.map(() => 0)], vLabel, resamples),
          check: checkAt(sample, cut),
        }
      : null,
  };
}

/** The product's held-out check, on data up to the cut only (histories cut there). */
function checkAt(sample: TaobaoSample, cut: number) {
  const seen = sample.users.map((u) => ({
    purchases: historyUpTo(u.purchases, cut),
    behaviour: u.behaviour?.filter((b) => b.day <= cut),
  }));
  const c = visitorCheck(seen, { end: cut, horizonDays: HORIZON });
  return { serve: c.serve, why: c.why, auc: c.auc };
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
    product: valueModelAucs(sample, cut, end, seeds, resamples),
  };
}
