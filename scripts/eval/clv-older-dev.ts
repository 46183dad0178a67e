/**
 * `npx tsx scripts/eval/clv-older-dev.ts (--file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--cutoffs D[:E],…] [--half A|B] | --world NAME [--data-seed S]
 * [--customers N]) [--seeds N] [--first-seed S]`: session 17's population check (models/value/report.md,
 * "The trees on an older population (session 17)"). For each cut-off (or the simulated world's own
 * split) and seed, fits the product's model once (fitGuardedValueModel, as eval:clv does), runs the
 * check (older-population.ts) and scores the shipped model and each variant on the hold-out. Prints
 * the check per seed, each cut-off's figures (means over seeds) with the calibration rows, a
 * `SUMMARY` JSON line per cut-off, and each variant's pooled Δ with its bootstrap interval.
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { formatDay } from '../../cloudfunctions/common/value/history';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { devCutoff, DevScores, printPooled } from './dev-cutoff';
import { readDevInput } from './dev-input';
import { olderExpected, olderPopulation, OLDER_VARIANTS } from './older-population';
import type { CutoffErrors } from './pooled-bootstrap';
import { runEvalMain } from './purchase-eval-args';
import { pickWorlds } from './sim/world-registry';

const USAGE =
  'usage: npx tsx scripts/eval/clv-older-dev.ts (--file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--cutoffs D[:E],...] [--half A|B] | --world NAME [--data-seed S] [--customers N]) [--seeds N] [--first-seed S]';
const MODELS = ['bgnbd', 'shipped', ...OLDER_VARIANTS] as const;
type Model = (typeof MODELS)[number];

/** The simulated worlds the plan judges (the burst worlds, and the existing ones where the check can act). */
const WORLDS = pickWorlds(['burst-bgnbd-6m', 'burst-bgnbd-9m', 'burst-slowing-6m', 'burst-slowing-9m', 'bgnbd-cdnow-shape', 'cyclic-seasonal-1y']);

async function main(): Promise<number> {
  const input = readDevInput('clv-older-dev', process.argv.slice(2), USAGE, WORLDS);
  if (!input) return 2;
  const { all, ids, half, seeds, firstSeed } = input;
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const pooled = new Map(OLDER_VARIANTS.map((v) => [v, [] as CutoffErrors[]]));
  for (const { end, holdoutEnd } of input.splits) {
    const horizonDays = holdoutEnd - end;
    const cut = devCutoff(all, ids, end, holdoutEnd, half);
    const { seen } = cut;
    const scores = new DevScores<Model>(MODELS, cut);
    for (let s = firstSeed; s < firstSeed + seeds; s++) {
      const { model, backtest } = fitGuardedValueModel(seen, { end, horizonDays, families, seed: s });
      const preds = predictValue(model, seen);
      const shipped = preds.map((p) => p?.expectedPurchases ?? 0);
      const bg = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
      const check = olderPopulation(model, seen);
      // The check acts only where the trees ship unjudged: no back-test like the fit.
      const acts = !backtest && check.fires;
      const raw = predictValue({ ...model, level: undefined }, seen).map((p) => p?.expectedPurchases ?? 0);
      const level = model.level?.factor ?? 1;
      if (!backtest && raw.some((r, k) => Math.abs(level * r - shipped[k]) > 1e-9 * Math.max(1, shipped[k])))
        throw new Error(`${formatDay(end)} seed ${s}: level × trees is not the shipped prediction`);
      console.log(
        `${formatDay(end)} seed ${s}: h'=${model.learned.trainingHorizonDays} trees=${model.learned.gbt.trees.length} level ${level.toFixed(4)} back-test ${backtest ? 'yes (check does not act)' : 'none'}; oldest row ${check.oldestRowTenure} d, scored ${check.scored}, older ${check.beyond} (${(100 * check.share).toFixed(1)} %), silent longer than any row ${(100 * check.recencyShare).toFixed(1)} %: ${acts ? 'FIRES' : 'quiet'}`,
      );
      if (s === firstSeed) scores.push('bgnbd', bg);
      scores.push('shipped', shipped);
      for (const v of OLDER_VARIANTS)
        scores.push(
          v,
          acts
            ? raw.map((l, k) => olderExpected(v, check, { learned: l, bgnbd: bg[k], tenure: check.tenure[k], level }))
            : shipped,
        );
    }
    for (const v of OLDER_VARIANTS) pooled.get(v)!.push(scores.pooledErrors(v));
    scores.report(`${input.label}: ${formatDay(end)} → ${formatDay(holdoutEnd)} (${horizonDays} days) customers=${cut.actual.length}${half ? ` (half ${half})` : ''} seeds=${firstSeed}-${firstSeed + seeds - 1}`, seeds);
  }
  printPooled(pooled, all.length, `${input.splits.length} cut-off(s) × ${seeds} seed(s)`);
  return 0;
}

runEvalMain(module, main);
