/**
 * `npx tsx scripts/eval/clv-short-guard-dev.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--cutoffs D[:E],D[:E],…] [--seeds N] [--first-seed S] [--half A|B]`:
 * session 16's second question (models/value/report.md, "The trees on an older population").
 * For each cut-off D (hold-out to E, default --holdout-end) and seed, fits the product's model once
 * (fitGuardedValueModel, as eval:clv does; checked float for float against predictValue) and the
 * short-history back-test (short-backtest.ts beside it) on (D − h′, D], and scores the shipped
 * model and `short-guard` (the shipped model with the back-test's blend) on the hold-out. Prints
 * each cut-off's figures (means over seeds), the back-test's choice, the calibration rows, and the
 * pooled Δ over the cut-offs and seeds with its paired bootstrap interval over customers.
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { formatDay } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { shortBacktest } from './short-backtest';
import { devCutoff, DevScores } from './dev-cutoff';
import { parseIdHalf } from './id-half';
import { pooledInterval, type CutoffErrors } from './pooled-bootstrap';
import { parsePurchaseDay } from './purchase-dates';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/clv-short-guard-dev.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--cutoffs D[:E],...] [--seeds N] [--first-seed S] [--half A|B]';
const MODELS = ['bgnbd', 'shipped', 'short-guard', 'no-level'] as const;

async function main(): Promise<number> {
  const read = readPurchaseEval('clv-short-guard-dev', process.argv.slice(2), USAGE, [], ['half', 'first-seed', 'cutoffs']);
  if (!read) return 2;
  const a = read.args;
  const half = parseIdHalf(a.values.get('half'));
  const firstSeed = Number(a.values.get('first-seed') ?? 1);
  const splits = (a.values.get('cutoffs')?.split(',') ?? []).map((s) => {
    const [d, e] = s.split(':');
    return { end: parsePurchaseDay(d), holdoutEnd: e ? parsePurchaseDay(e) : a.holdoutEnd };
  });
  if (!splits.length) splits.push({ end: a.calibrationEnd, holdoutEnd: a.holdoutEnd });
  const ids = [...read.loaded.customers.keys()];
  const all: CustomerHistory[] = ids.map((id) => ({ purchases: read.loaded.customers.get(id)! }));
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const pooled: CutoffErrors[] = [];
  for (const { end, holdoutEnd } of splits) {
    const horizonDays = holdoutEnd - end;
    const cut = devCutoff(all, ids, end, holdoutEnd, half);
    const { seen } = cut;
    const scores = new DevScores(MODELS, cut);
    for (let s = firstSeed; s < firstSeed + a.seeds; s++) {
      const { model, backtest } = fitGuardedValueModel(seen, { end, horizonDays, families, seed: s });
      const preds = predictValue(model, seen);
      if (!model.level || backtest) throw new Error(`${formatDay(end)}: no hybrid level or a back-test like the fit: the guard acts already`);
      const hPrime = model.learned.trainingHorizonDays;
      const bt = shortBacktest(seen, { end, trainingHorizon: hPrime, seed: s, families });
      const shipped = preds.map((p) => p?.expectedPurchases ?? 0);
      const guarded = predictValue({ ...model, blend: bt.blend }, seen).map((p) => p?.expectedPurchases ?? 0);
      const noLevel = predictValue({ ...model, level: undefined }, seen).map((p) => p?.expectedPurchases ?? 0);
      const bg = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
      console.log(
        `${formatDay(end)} seed ${s}: h'=${hPrime} level ${model.level.factor.toFixed(4)} trees=${model.learned.gbt.trees.length}; back-test ${formatDay(bt.cut)}–${formatDay(end)}: judged ${bt.judged}, trees ${bt.judgedTrees}, level ${bt.level.toFixed(4)}, w=${bt.blend.weight}${bt.blend.untested ? ' (untested)' : ''}, RMSE learned/bgnbd/blended ${bt.blend.rmse.learned.toFixed(4)}/${bt.blend.rmse.bgnbd.toFixed(4)}/${bt.blend.rmse.blended.toFixed(4)}, totals actual/learned/bgnbd ${bt.actualTotal}/${bt.learnedTotal.toFixed(0)}/${bt.bgnbdTotal.toFixed(0)}`,
      );
      if (s === firstSeed) scores.push('bgnbd', bg);
      scores.push('shipped', shipped);
      scores.push('short-guard', guarded);
      scores.push('no-level', noLevel);
    }
    const errs = scores.errors;
    pooled.push({ customer: cut.pick(cut.index), bgnbd: errs.get('bgnbd')![0], shipped: errs.get('shipped')!, variant: errs.get('short-guard')! });
    scores.print(`${formatDay(end)} → ${formatDay(holdoutEnd)} (${horizonDays} days) customers=${cut.actual.length}${half ? ` (half ${half})` : ''} seeds=${firstSeed}-${firstSeed + a.seeds - 1}`, a.seeds);
  }
  const iv = pooledInterval(pooled, all.length, { resamples: 2000, seed: 16 });
  console.log(`\npooled over ${splits.length} cut-off(s) × ${a.seeds} seed(s): short-guard Δ ${iv.delta.toFixed(5)} [${iv.low.toFixed(5)}, ${iv.high.toFixed(5)}] (95 % bootstrap over customers, 2,000, seed 16)`);
  return 0;
}

runEvalMain(module, main);
