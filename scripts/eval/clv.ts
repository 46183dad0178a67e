/**
 * `npm run eval:clv -- --file F.csv --id COL --date COL [--amount COL] --calibration-end
 * YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N] [--ablation] [--no-guard] [--half A|B] [--season-ensemble|--no-season-ensemble] [--pnbd]`: fits the value model (the
 * product's code path) on purchases up to the calibration end, predicts each customer's purchase
 * days in (calibration end, holdout end], and compares with what happened. Prints the calibration
 * table by calibration-period repeat frequency (as Fader & Hardie show it), and as the last line
 * {"customers","rmse","mae","auc_buys_again","aggregate_error_pct","bgnbd":{…},"seconds"}; the
 * learned model's figures are the mean over seeds, `seconds` the whole run (reading included).
 * `--pnbd` adds Pareto/NBD (clv-pnbd.ts), the field's other baseline, for reference only: a `pnbd`
 * line and a "pnbd":{…} block after "bgnbd". It is opt-in because its fit costs about ten times
 * BG/NBD's (a minute at 100,000 customers; models/value/history/structure-experiments.md,
 * Pareto/NBD's "Cost").
 *
 * As in the product, the learned model goes through its guard (value-serving/backtest.ts): a
 * back-test inside the calibration period — the same calendar window a year before when the
 * history allows, else the last hold-out-length window — chooses its blend with BG/NBD and, on the
 * same-season window, a scale (common/value/blend.ts), so a shop where the learned correction
 * loses gets BG/NBD or a mix. With too short a history for a back-test like the fit (CDNOW's
 * classic split) there is none. `--no-guard` shows the learned model alone (diagnosis).
 *
 * `--half A|B` judges only one fixed half of the customers (id-half.ts), for design choices that
 * must not read the other half: the fit is the same (everyone's calibration period), every figure,
 * the table and `customers` are of that half alone.
 *
 * The last-season set (fitGuardedValueModel `season`; common/value/season-fit.ts): the guarded
 * prediction mixed with trees trained on last year's same season, scaled to the guarded total, on
 * shops with the history for it (others predict as without it). Whether it is on unless told is
 * season-fit.ts SEASON_BY_DEFAULT, the refit's default too; `--season-ensemble` /
 * `--no-season-ensemble` force it on / off. With it, a "season ensemble off (shipped)" line gives
 * the same fits without the set.
 */
import os from 'node:os';
import { LEVEL_Z } from '../../cloudfunctions/common/value/blend';
import { FEATURE_FAMILIES, type FeatureFamily } from '../../cloudfunctions/common/value/features';
import { formatDay, historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { countMetrics, type CountMetrics } from '../../cloudfunctions/common/value/metrics';
import { fitValueModel, predictValue, type ValueModel } from '../../cloudfunctions/common/value/model';
import type { SeasonEnsemble } from '../../cloudfunctions/common/value/season-ensemble';
import { fitSeason, SEASON_BY_DEFAULT } from '../../cloudfunctions/common/value/season-fit';
import { fitGuardedValueModel, type Backtest } from '../../cloudfunctions/common/value-serving/backtest';
import { paretoNbdBaseline, paretoNbdLine } from './clv-pnbd';
import { calibrationTable } from './clv-table';
import { servedForm } from './clv-served';
import { idHalf, parseIdHalf, type IdHalf } from './id-half';
import { readPurchaseEval, runEvalMain, type PurchaseEvalArgs } from './purchase-eval-args';

const USAGE =
  'usage: npm run eval:clv -- --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N] [--ablation] [--no-guard] [--half A|B] [--season-ensemble|--no-season-ensemble] [--pnbd]';

/** Parsed command line. */
export interface ClvArgs extends Omit<PurchaseEvalArgs, 'flags' | 'values'> {
  ablation: boolean;
  guard: boolean;
  /** the guarded fit's last-season set (season-fit.ts; default SEASON_BY_DEFAULT) */
  seasonEnsemble: boolean;
  /** also fit and judge Pareto/NBD (reference only) */
  pnbd: boolean;
  /** judge only this half of the customers (the fit sees them all) */
  half?: IdHalf;
}

const mean = (ms: CountMetrics[]): CountMetrics => {
  const avg = (k: keyof CountMetrics) => ms.reduce((s, m) => s + m[k], 0) / ms.length;
  return {
    rmse: avg('rmse'),
    mae: avg('mae'),
    auc_buys_again: avg('auc_buys_again'),
    aggregate_error_pct: avg('aggregate_error_pct'),
  };
};

const r4 = (m: CountMetrics) =>
  Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]),
  ) as unknown as CountMetrics;

/**
 * Runs the product's fit (with its guard unless `--no-guard`) over seeds with the given families;
 * returns mean metrics and the first seed's predictions, of the customers `judged` (all of them, or
 * one half). Only purchases up to the calibration end reach the fit.
 */
function runLearned(
  customers: CustomerHistory[],
  a: ClvArgs,
  actual: number[],
  families: readonly FeatureFamily[],
  judged: readonly boolean[],
) {
  const horizonDays = a.holdoutEnd - a.calibrationEnd;
  const seen = customers.map((c) => ({ purchases: historyUpTo(c.purchases, a.calibrationEnd) }));
  const per: CountMetrics[] = [];
  const guards: (Backtest | null)[] = [];
  const seasons: (SeasonEnsemble | null)[] = [];
  const shippedPer: CountMetrics[] = [];
  let first: { learned: number[]; bgnbd: number[]; model: ValueModel } | undefined;
  for (let s = 1; s <= a.seeds; s++) {
    const opts = { end: a.calibrationEnd, horizonDays, families, seed: s };
    const season = a.seasonEnsemble;
    let model: ValueModel;
    if (a.guard) {
      const fit = fitGuardedValueModel(seen, { ...opts, season });
      model = fit.model;
      guards.push(fit.backtest);
    } else model = season ? fitSeason(fitValueModel(seen, opts), seen, s) : fitValueModel(seen, opts);
    const all = predictValue(model, seen);
    const expected = all.map((p) => p?.expectedPurchases ?? 0);
    if (season) {
      seasons.push(model.season ?? null);
      // Beside it, the same fit without the last-season set (the method before it).
      const shipped = model.season ? predictValue({ ...model, season: undefined }, seen) : all;
      shippedPer.push(
        countMetrics(
          shipped.filter((_, i) => judged[i]).map((p) => p?.expectedPurchases ?? 0),
          actual,
        ),
      );
    }
    const preds = all.filter((_, i) => judged[i]);
    const learned = expected.filter((_, i) => judged[i]);
    per.push(countMetrics(learned, actual));
    first ??= { learned, bgnbd: preds.map((p) => p?.bgnbdExpectedPurchases ?? 0), model };
  }
  return { metrics: mean(per), per, guards, seasons, shippedPer, ...(first as NonNullable<typeof first>) };
}

async function main(): Promise<number> {
  const read = readPurchaseEval(
    'eval:clv',
    process.argv.slice(2),
    USAGE,
    ['--ablation', '--no-guard', '--season-ensemble', '--no-season-ensemble', '--pnbd'],
    ['half'],
  );
  if (!read) return 2;
  const { flags, values, ...common } = read.args;
  let half: IdHalf | undefined;
  try {
    half = parseIdHalf(values.get('half'));
  } catch (e) {
    console.error(`eval:clv: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const a: ClvArgs = {
    ...common,
    ablation: flags.has('--ablation'),
    guard: !flags.has('--no-guard'),
    seasonEnsemble: flags.has('--season-ensemble') || (SEASON_BY_DEFAULT && !flags.has('--no-season-ensemble')),
    pnbd: flags.has('--pnbd'),
    half,
  };
  const { loaded } = read;
  const customers: CustomerHistory[] = [];
  const judged: boolean[] = [];
  for (const [id, h] of loaded.customers)
    if (h.days[0] <= a.calibrationEnd) {
      customers.push({ purchases: h });
      judged.push(!half || idHalf(id) === half);
    }
  if (customers.length === 0) {
    console.error('eval:clv: no customer bought on or before the calibration end');
    return 2;
  }
  // Judged customers only (all of them without --half): the fit below still sees every customer.
  const judgedCustomers = customers.filter((_, i) => judged[i]);
  const actual = judgedCustomers.map((c) => purchaseDaysBetween(c.purchases, a.calibrationEnd, a.holdoutEnd));
  const buyers = actual.filter((n) => n > 0).length;
  if (buyers === 0 || buyers === actual.length)
    // AUC needs both kinds (and the aggregate error a non-zero total): those keys print null.
    console.error(
      `eval:clv: ${buyers === 0 ? 'no' : 'every'} customer (of ${actual.length}) bought in the hold-out (${formatDay(a.calibrationEnd)}, ${formatDay(a.holdoutEnd)}]: auc_buys_again is undefined (null)${buyers === 0 ? ', and so is aggregate_error_pct' : ''}`,
    );
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const run = runLearned(customers, a, actual, families, judged);
  const bg = countMetrics(run.bgnbd, actual);
  const b = run.model.bgnbd;
  const pn = a.pnbd
    ? paretoNbdBaseline(
        customers.map((c) => historyUpTo(c.purchases, a.calibrationEnd)),
        a.calibrationEnd,
        a.holdoutEnd - a.calibrationEnd,
        judged,
      )
    : null;
  console.log(
    `customers=${judgedCustomers.length}${half ? ` (half ${half} of ${customers.length}, fitted on all)` : ''} rows=${loaded.rows} non_positive_rows=${loaded.nonPositive} empty_id_rows=${loaded.emptyId} unreadable_rows=${loaded.unreadable} horizon_days=${a.holdoutEnd - a.calibrationEnd}`,
  );
  console.log(
    `bgnbd r=${b.r.toFixed(4)} alpha=${b.alpha.toFixed(4)} a=${b.a.toFixed(4)} b=${b.b.toFixed(4)} ll=${b.logLikelihood.toFixed(2)}`,
  );
  if (pn) console.log(paretoNbdLine(pn.fit));
  console.log(
    `learned cutoffs=${run.model.learned.cutoffs.length} training_horizon_days=${run.model.learned.trainingHorizonDays} rows=${run.model.learned.trainingRows} trees=${run.model.learned.gbt.trees.length}`,
  );
  // The trees counted above may not be what predicts (an untested blend ships scale · BG/NBD).
  console.log(servedForm(run.model));
  const lv = run.model.level;
  // The level depends on BG/NBD and Pareto/NBD at the end only, so it is the same for every seed.
  if (lv)
    console.log(
      `level (h' < h): hybrid ÷ BG/NBD total = ${lv.factor.toFixed(4)} (Pareto/NBD r=${lv.pnbd.r.toFixed(4)} alpha=${lv.pnbd.alpha.toFixed(4)} s=${lv.pnbd.s.toFixed(4)} beta=${lv.pnbd.beta.toFixed(4)} ll=${lv.pnbd.logLikelihood.toFixed(2)})`,
    );
  run.guards.forEach((g, i) =>
    console.log(
      g
        ? `guard seed ${i + 1}: back-test (${formatDay(g.cut)}, ${formatDay(g.end)}]${g.seasonal ? ' (same season a year before)' : ''} judged=${g.heldOut} rmse learned=${g.blend.rmse.learned.toFixed(4)} bgnbd=${g.blend.rmse.bgnbd.toFixed(4)} chosen=${g.blend.rmse.blended.toFixed(4)} -> learned weight ${g.blend.weight}${g.blend.space === 'log' ? ' (log mix)' : ''}, scale ${g.blend.scale.toFixed(3)}${g.blend.untested ? (g.blend.stopped ? ' (the back-test fit kept no trees, only a level: BG/NBD ships)' : ' (the back-test fit had no trees: BG/NBD ships, the trees were not judged)') : ''}${g.blend.sameSeason ? ` (same-season total ratio ${g.blend.sameSeason.ratio.toFixed(3)}, log s.e. ${g.blend.sameSeason.se.toFixed(3)}: ${g.blend.sameSeason.verdict === 'noise' ? `within ${LEVEL_Z} s.e., not tried` : `beyond ${LEVEL_Z} s.e., ${g.blend.sameSeason.verdict === 'applied' ? 'scaled' : 'scaling lost on RMSE'}`})` : ''}`
        : `guard seed ${i + 1}: no back-test like the fit (less than 8/3 of the horizon of history before any window): the learned model alone`,
    ),
  );
  // The last-season set, per seed; on a shop with no plan for it (CDNOW) one line says so.
  if (run.seasons.length && run.seasons.every((e) => !e))
    console.log('season ensemble: none (no last-season plan or no trees): the guarded model alone');
  else
    run.seasons.forEach((e, i) =>
      console.log(
        e
          ? `season ensemble seed ${i + 1}: last-season cut-offs ${e.learned.cutoffs.map(formatDay).join(',')} trees=${e.learned.gbt.trees.length} weight ${e.weight} scale ${e.scale.toFixed(4)}`
          : `season ensemble seed ${i + 1}: none (no last-season plan or no trees): the shipped model alone`,
      ),
    );
  // Beside the ensemble, the same fits without it (the method before it), mean over seeds.
  if (run.seasons.some((e) => e))
    console.log(`season ensemble off (shipped): ${JSON.stringify(r4(mean(run.shippedPer)))}`);
  run.per.forEach((m, i) => console.log(`seed ${i + 1}: ${JSON.stringify(r4(m))}`));
  console.log(calibrationTable(judgedCustomers, a.calibrationEnd, actual, run.bgnbd, run.learned));
  if (a.ablation) {
    console.log('ablation (learned model without one family; mean over seeds):');
    for (const fam of families) {
      const m = runLearned(
        customers,
        a,
        actual,
        families.filter((f) => f !== fam),
        judged,
      ).metrics;
      console.log(`  without ${fam}: ${JSON.stringify(r4(m))}`);
    }
  }
  // The whole run: performance.now() counts from the process's start (reading and startup included).
  const seconds = performance.now() / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  // CPU seconds (user + system): the figure a shared machine's load distorts least.
  const cpu = process.cpuUsage();
  console.log(
    `run seconds=${seconds.toFixed(1)} cpu_seconds=${((cpu.user + cpu.system) / 1e6).toFixed(1)} peak_rss_mb=${rss.toFixed(0)} load_avg=${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join('/')}`,
  );
  console.log(
    JSON.stringify({
      customers: judgedCustomers.length,
      ...r4(run.metrics),
      bgnbd: r4(bg),
      ...(pn ? { pnbd: r4(countMetrics(pn.expected, actual)) } : {}),
      seconds: Math.round(seconds * 100) / 100,
      // Additive, only with the stderr WARNING: the export ends well before the hold-out does
      // (purchase-eval-args holdoutCoverage); a tail of a few quiet days is only noted.
      ...(read.coverage.loud ? { holdout_uncovered_days: read.coverage.uncoveredDays } : {}),
    }),
  );
  return 0;
}

runEvalMain(module, main);
