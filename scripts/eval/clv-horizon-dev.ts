/**
 * `npx tsx scripts/eval/clv-horizon-dev.ts (--file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--cutoffs D[:E],…] [--half A|B] | --world NAME [--data-seed S]
 * [--customers N]) [--seeds N] [--first-seed S]`: session 19's test of the h/h′ rule
 * (models/value/report.md, "The hybrid level and a long horizon (session 19)"). For each cut-off (or
 * the world's own split) and model seed, fits the product's model once (fitGuardedValueModel, as
 * eval:clv does) and scores, on the same fit, the shipped model (level × trees), the trees without
 * the level (`none`) and the rule (`h-ratio`: the level only when h ≥ 2·h′; level-horizon-rule.ts).
 * Prints per seed h′, h/h′ and the level, each split's figures (means over seeds) with the
 * calibration rows, a `SUMMARY` JSON line per split, and the pooled Δ against shipped.
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { formatDay } from '../../cloudfunctions/common/value/history';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { devCutoff, DevScores, printPooled } from './dev-cutoff';
import { readDevInput } from './dev-input';
import { horizonVariants, keepsLevel, HORIZON_VARIANTS } from './level-horizon-rule';
import type { CutoffErrors } from './pooled-bootstrap';
import { runEvalMain } from './purchase-eval-args';
import { GENERATED_WORLDS } from './sim/world-registry';

const USAGE =
  'usage: npx tsx scripts/eval/clv-horizon-dev.ts (--file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--cutoffs D[:E],...] [--half A|B] | --world NAME [--data-seed S] [--customers N]) [--seeds N] [--first-seed S]';
const MODELS = ['bgnbd', ...HORIZON_VARIANTS] as const;
type Model = (typeof MODELS)[number];
const COMPARED = ['none', 'h-ratio'] as const;

async function main(): Promise<number> {
  const input = readDevInput('clv-horizon-dev', process.argv.slice(2), USAGE, GENERATED_WORLDS);
  if (!input) return 2;
  const { all, ids, half, seeds, firstSeed } = input;
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const pooled = new Map(COMPARED.map((v) => [v, [] as CutoffErrors[]]));
  for (const { end, holdoutEnd } of input.splits) {
    const h = holdoutEnd - end;
    const cut = devCutoff(all, ids, end, holdoutEnd, half);
    const { seen } = cut;
    const scores = new DevScores<Model>(MODELS, cut);
    for (let s = firstSeed; s < firstSeed + seeds; s++) {
      const { model, backtest } = fitGuardedValueModel(seen, { end, horizonDays: h, families, seed: s });
      const preds = predictValue(model, seen);
      const shipped = preds.map((p) => p?.expectedPurchases ?? 0);
      const bg = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
      const raw = predictValue({ ...model, level: undefined }, seen).map((p) => p?.expectedPurchases ?? 0);
      const level = model.level?.factor ?? 1;
      const hPrime = model.learned.trainingHorizonDays;
      const v = horizonVariants(raw, level, h, hPrime);
      // `shipped` must be the product's own prediction (a back-test's blend would break level × raw).
      if (v.shipped.some((e, k) => Math.abs(e - shipped[k]) > 1e-9 * Math.max(1, shipped[k])))
        throw new Error(`${formatDay(end)} seed ${s}: level × trees is not the shipped prediction`);
      console.log(
        `${formatDay(end)} seed ${s}: h=${h} h'=${hPrime} h/h'=${(h / hPrime).toFixed(2)} trees=${model.learned.gbt.trees.length} level ${model.level ? level.toFixed(4) : 'none'} back-test ${backtest ? 'yes' : 'none'}; h-ratio ${keepsLevel(h, hPrime) ? 'keeps' : 'drops'} the level`,
      );
      if (s === firstSeed) scores.push('bgnbd', bg);
      for (const k of HORIZON_VARIANTS) scores.push(k, v[k]);
    }
    for (const k of COMPARED) pooled.get(k)!.push(scores.pooledErrors(k));
    scores.report(`${input.label}: ${formatDay(end)} → ${formatDay(holdoutEnd)} (${h} days) customers=${cut.actual.length}${half ? ` (half ${half})` : ''} seeds=${firstSeed}-${firstSeed + seeds - 1}`, seeds);
  }
  printPooled(pooled, all.length, `${input.splits.length} split(s) × ${seeds} seed(s)`);
  return 0;
}

runEvalMain(module, main);
