/**
 * `npx tsx scripts/eval/clv-level-dev.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--seeds N] [--first-seed S] [--half A|B]`: the hybrid
 * level's calibration question on one split (session 14, models/value/report.md "Where the hybrid
 * level puts its volume"). Fits the product's model once per seed (fitGuardedValueModel, as
 * eval:clv does) and scores the level variants fixed in advance on the same fit — they differ only
 * in how the fit's level is applied to the learned model's expectation L (the trees and BG/NBD
 * stay), so one fit per seed judges them all:
 * - `shipped`   L × F, F = Σ hybrid ÷ Σ BG/NBD (hybrid-level.ts; checked against predictValue)
 * - `none`      L (the model before the level)
 * - `per-group` L × F_g, F_g = Σ_g hybrid ÷ Σ_g BG/NBD within the customer's calibration frequency
 *               group g (0…6, 7+): one-time buyers get 1, each repeater group Pareto/NBD's level
 * - `on-learned` L × Σ hybrid ÷ Σ L: the hybrid total as the target, on the learned model's output
 * - `x0-only`   L × F for one-time buyers, L for repeaters
 * - `x0-bg-level`, `x0-uncorrected` one-time buyers at BG/NBD's level (level-variants.ts)
 * - `group-window-level` (with `--group-window`): the trees refitted with each training window's
 *               level taken out per group, x = 0 and x ≥ 1 (group-window-trees.ts), × F — one more
 *               tree fit per seed, the same BG/NBD, level and seed
 * - `hx-customer`, `hx-half`, `hx-group`, `h″-only` (with `--horizon-slope`): session 15's
 *               question, the trees' correction extended from two training horizons (h″ = h′/2
 *               and h′) to h (horizon-slope.ts) — one more tree fit per seed, × F
 * Every factor is computed over all customers (the fit sees them all, as the level does); the
 * figures, the table and `customers` are of the judged ones (one half with `--half`). Prints, per
 * variant, the mean over seeds of each figure and of each frequency group's mean prediction.
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { historyUpTo, purchaseDaysBetween, rfmAt } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { countMetrics, type CountMetrics } from '../../cloudfunctions/common/value/metrics';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { paretoNbdExpected } from '../../cloudfunctions/common/value/pareto-nbd';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { idHalf, parseIdHalf } from './id-half';
import { trainLearnedGroupWindow } from './group-window-trees';
import {
  slopeFactor,
  slopeVariants,
  SLOPE_VARIANTS,
  trainLearnedShortHorizon,
  type SlopeVariant,
} from './horizon-slope';
import { GROUPS, levelVariants, VARIANTS, type Variant } from './level-variants';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/clv-level-dev.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N] [--first-seed S] [--half A|B] [--group-window] [--horizon-slope]';

async function main(): Promise<number> {
  const read = readPurchaseEval(
    'clv-level-dev',
    process.argv.slice(2),
    USAGE,
    ['--group-window', '--horizon-slope'],
    ['half', 'first-seed'],
  );
  if (!read) return 2;
  const a = read.args;
  const half = parseIdHalf(a.values.get('half'));
  const firstSeed = Number(a.values.get('first-seed') ?? 1);
  const groupWindow = a.flags.has('--group-window');
  const horizonSlope = a.flags.has('--horizon-slope');
  const customers: CustomerHistory[] = [];
  const judged: boolean[] = [];
  for (const [id, h] of read.loaded.customers)
    if (h.days[0] <= a.calibrationEnd) {
      customers.push({ purchases: h });
      judged.push(!half || idHalf(id) === half);
    }
  const horizonDays = a.holdoutEnd - a.calibrationEnd;
  const seen = customers.map((c) => ({ purchases: historyUpTo(c.purchases, a.calibrationEnd) }));
  const rfm = seen.map((c) => rfmAt(c.purchases, a.calibrationEnd));
  const group = rfm.map((r) => Math.min(GROUPS - 1, r.x));
  const actualAll = customers.map((c) => purchaseDaysBetween(c.purchases, a.calibrationEnd, a.holdoutEnd));
  const pick = <T>(v: readonly T[]) => v.filter((_, i) => judged[i]);
  const actual = pick(actualAll);
  const judgedGroup = pick(group);
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  type Key = Variant | SlopeVariant | 'bgnbd' | 'hybrid' | 'group-window-level';
  const metrics = new Map<Key, CountMetrics[]>();
  const tables = new Map<string, number[][]>();
  const push = (k: Key, pred: readonly number[]) => {
    const judgedPred = pick(pred);
    metrics.set(k, [...(metrics.get(k) ?? []), countMetrics(judgedPred, actual)]);
    const t = Array.from({ length: GROUPS }, () => 0);
    judgedPred.forEach((p, i) => (t[judgedGroup[i]] += p));
    tables.set(k, [...(tables.get(k) ?? []), t]);
  };
  for (let s = firstSeed; s < firstSeed + a.seeds; s++) {
    const { model } = fitGuardedValueModel(seen, { end: a.calibrationEnd, horizonDays, families, seed: s });
    const preds = predictValue(model, seen);
    const bg = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
    const L = predictValue({ ...model, level: undefined }, seen).map((p) => p?.expectedPurchases ?? 0);
    const lv = model.level;
    if (!lv) {
      console.log(`seed ${s}: no hybrid level on this split (h' = h or no trees): nothing to compare`);
      return 0;
    }
    const weeks = horizonDays / 7;
    const hybrid = rfm.map((r, i) => (r.x === 0 ? bg[i] : paretoNbdExpected(lv.pnbd, r, weeks)));
    const v = levelVariants(L, bg, hybrid, group);
    // The variant `shipped` must be the product's own prediction, float for float.
    const off = preds.findIndex((p, i) => p !== null && p.expectedPurchases !== v.shipped[i]);
    if (off >= 0) throw new Error(`seed ${s}: shipped variant differs from predictValue at customer ${off}`);
    console.log(
      `seed ${s}: level factor ${lv.factor.toFixed(4)} trees=${model.learned.gbt.trees.length} h'=${model.learned.trainingHorizonDays}`,
    );
    if (s === firstSeed) {
      push('bgnbd', bg);
      push('hybrid', hybrid);
    }
    for (const k of VARIANTS) push(k, v[k]);
    if (groupWindow) {
      const learned = trainLearnedGroupWindow(seen, {
        end: a.calibrationEnd,
        horizonDays,
        families,
        seed: s,
      });
      const g = predictValue({ ...model, learned }, seen).map((p) => p?.expectedPurchases ?? 0);
      console.log(`seed ${s}: group-window-level trees=${learned.gbt.trees.length}`);
      push('group-window-level', g);
    }
    if (horizonSlope) {
      const short = trainLearnedShortHorizon(seen, { end: a.calibrationEnd, horizonDays, families, seed: s });
      // The same guard, BG/NBD and offset at the end; only the trees differ (no level: F is applied per variant).
      const LA = predictValue({ ...model, learned: short, level: undefined }, seen).map(
        (p) => p?.expectedPurchases ?? 0,
      );
      const sf = slopeFactor(horizonDays, model.learned.trainingHorizonDays, short.trainingHorizonDays);
      console.log(
        `seed ${s}: h''=${short.trainingHorizonDays} trees=${short.gbt.trees.length} slope factor ${sf.toFixed(3)}`,
      );
      const hv = slopeVariants(L, LA, lv.factor, group, sf);
      for (const k of SLOPE_VARIANTS) push(k, hv[k]);
    }
  }
  const bgm = metrics.get('bgnbd')![0];
  const n = Array.from({ length: GROUPS }, () => 0);
  const act = Array.from({ length: GROUPS }, () => 0);
  judgedGroup.forEach((g, i) => {
    n[g]++;
    act[g] += actual[i];
  });
  console.log(
    `customers=${actual.length}${half ? ` (half ${half} of ${customers.length})` : ''} horizon_days=${horizonDays} seeds=${firstSeed}-${firstSeed + a.seeds - 1}`,
  );
  console.log('| model | RMSE | ÷ BG/NBD | AUC | − BG/NBD | aggregate % |');
  console.log('|---|---|---|---|---|---|');
  for (const [k, ms] of metrics) {
    const avg = (f: keyof CountMetrics) => ms.reduce((s, m) => s + m[f], 0) / ms.length;
    console.log(
      `| ${k} | ${avg('rmse').toFixed(4)} | ${(avg('rmse') / bgm.rmse).toFixed(4)} | ${avg('auc_buys_again').toFixed(4)} | ${(avg('auc_buys_again') - bgm.auc_buys_again).toFixed(4)} | ${avg('aggregate_error_pct').toFixed(1)} |`,
    );
  }
  console.log(`\n| x | customers | actual | ${[...tables.keys()].join(' | ')} |`);
  console.log(`|---|---|---|${[...tables.keys()].map(() => '---|').join('')}`);
  for (let g = 0; g < GROUPS; g++) {
    const cells = [...tables.values()].map((ts) =>
      (ts.reduce((s, t) => s + t[g], 0) / ts.length / n[g]).toFixed(3),
    );
    console.log(
      `| ${g === GROUPS - 1 ? '7+' : g} | ${n[g]} | ${(act[g] / n[g]).toFixed(3)} | ${cells.join(' | ')} |`,
    );
  }
  return 0;
}

runEvalMain(module, main);
