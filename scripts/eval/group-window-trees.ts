/**
 * The `group-window-level` variant of session 14's second question (models/value/report.md, "One-time
 * buyers on the dev splits"): the learned model's trees trained exactly as `trainLearned` trains them,
 * except that when h′ < h each training window's level is taken out per group — one-time buyers
 * (x = 0 at the cut-off) and repeaters separately — instead of once for the window. The trees then
 * learn who buys more or less than BG/NBD expects within each group, and at the end both groups get
 * BG/NBD's level. An experiment for the dev runner; the product trains with `trainLearned`.
 */
import { featureNames } from '../../cloudfunctions/common/value/features';
import { fitPoissonGbt } from '../../cloudfunctions/common/value/gbt';
import { historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import {
  fitBgnbdAt,
  learnedGbtOptions,
  learnedModelOf,
  learnedPlan,
  rowsAt,
  windowLevel,
  type CustomerHistory,
  type LearnedValueModel,
  type TrainOptions,
} from '../../cloudfunctions/common/value/learned';

/** Offsets with the window level of each group (x = 0 / x ≥ 1) taken out, as windowLevel does for all. */
export function groupWindowOffsets(
  y: readonly number[],
  offsets: readonly number[],
  oneTime: readonly boolean[],
): number[] {
  const levelOf = (want: boolean) => {
    const k = y.map((_, i) => i).filter((i) => oneTime[i] === want);
    return windowLevel(
      k.map((i) => y[i]),
      k.map((i) => offsets[i]),
    );
  };
  const l0 = levelOf(true);
  const l1 = levelOf(false);
  return offsets.map((o, i) => o + (oneTime[i] ? l0 : l1));
}

/** trainLearned with {@link groupWindowOffsets} in place of the window's one level (h′ < h only). */
export function trainLearnedGroupWindow(
  customers: readonly CustomerHistory[],
  opts: TrainOptions,
): LearnedValueModel {
  const plan = learnedPlan(customers, opts.end, opts.horizonDays);
  const short = plan.horizon < opts.horizonDays && opts.families.includes('bgnbd');
  const rows: number[][] = [];
  const y: number[] = [];
  const offsets: number[] = [];
  const groups: number[] = [];
  for (const cut of plan.cutoffs) {
    const at = rowsAt(customers, cut, plan.horizon, fitBgnbdAt(customers, cut), opts.families);
    const yy = at.index.map((ci) =>
      purchaseDaysBetween(customers[ci].purchases, cut, Math.min(cut + plan.horizon, opts.end)),
    );
    const oneTime = at.index.map((ci) => historyUpTo(customers[ci].purchases, cut).days.length === 1);
    const off = short ? groupWindowOffsets(yy, at.offsets, oneTime) : at.offsets;
    rows.push(...at.rows);
    y.push(...yy);
    offsets.push(...off);
    groups.push(...at.index);
  }
  const width = featureNames(opts.families).length;
  const cols = Array.from({ length: width }, (_, f) => Float64Array.from(rows, (r) => r[f]));
  const gbt = fitPoissonGbt(cols, y, offsets, learnedGbtOptions(opts, groups));
  return learnedModelOf(opts, gbt, plan, rows.length);
}
