/**
 * `npx tsx scripts/eval/level-horizon-table.ts (--file F.csv --id COL --date COL --calibration-end D
 * --holdout-end D --splits D:E,… [--actual] | --worlds [--data-seed S])`: session 18's look at the h/h′ lead
 * (models/value/report.md, "The hybrid level and the horizon (session 18)"). For each split prints
 * the horizon h, the history, the training horizon h′ (learned.ts trainingCutoffs), h/h′, whether the
 * hybrid level acts (h′ < h), and the level factor F the product would fit there (BG/NBD and
 * Pareto/NBD on the data up to the cut-off; hybrid-level.ts). No trees are fitted and nothing after
 * a cut-off is read, except with `--actual`: then, for hold-outs that end by --calibration-end, BG/NBD's
 * and the hybrid's totals against the actual purchase days (dev data only; no rule is scored).
 */
import { formatDay, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import { firstPurchaseDay, fitBgnbdAt, learnedPlan, type CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { acquiredBy, fitLevel } from '../../cloudfunctions/common/value/model';
import { parsePurchaseDay } from './purchase-dates';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';
import { GENERATED_WORLDS } from './sim/world-registry';

const USAGE =
  'usage: npx tsx scripts/eval/level-horizon-table.ts (--file F.csv --id COL --date COL --calibration-end D --holdout-end D --splits D:E,... [--actual] | --worlds [--data-seed S])';

const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)} %`;

/**
 * One row: the split's horizons and, where the level acts, its factor; with `readUpTo`, when the
 * hold-out ends by then, also BG/NBD's and the hybrid's total error against the actual purchase days
 * of the same customers (no trees: the level's claim about the total, not the shipped model's).
 */
function row(label: string, all: readonly CustomerHistory[], end: number, holdoutEnd: number, readUpTo?: number): string {
  const h = holdoutEnd - end;
  const acquired = acquiredBy(all, end);
  const history = end - firstPurchaseDay(acquired);
  const plan = learnedPlan(acquired, end, h);
  const acts = plan.horizon < h;
  const level = acts ? fitLevel(acquired, { end, horizonDays: h }, fitBgnbdAt(acquired, end)) : undefined;
  const f = level === undefined ? (acts ? 'none' : '—') : level.factor.toFixed(4);
  let totals = '';
  if (readUpTo !== undefined) {
    if (!level || holdoutEnd > readUpTo) totals = ' — | — |';
    else {
      let actual = 0;
      for (const c of all) if (c.purchases.days[0] <= end) actual += purchaseDaysBetween(c.purchases, end, holdoutEnd);
      totals = ` ${pct(level.bgnbdTotal / actual - 1)} | ${pct(level.hybridTotal / actual - 1)} |`;
    }
  }
  return `| ${label} | ${formatDay(end)} → ${formatDay(holdoutEnd)} | ${h} | ${history} | ${plan.horizon} | ${(h / plan.horizon).toFixed(2)} | ${(h / history).toFixed(2)} | ${acts ? 'yes' : 'no'} | ${f} |${totals}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const actual = argv.includes('--actual');
  const head = '| split | cut-off → end | h | history | h′ | h/h′ | h/history | level acts | F |';
  console.log(actual ? `${head} BG/NBD total | hybrid total |\n|---|---|---|---|---|---|---|---|---|---|---|` : `${head}\n|---|---|---|---|---|---|---|---|---|`);
  if (argv.includes('--worlds')) {
    const seed = Number(argv.includes('--data-seed') ? argv[argv.indexOf('--data-seed') + 1] : 1);
    for (const [name, make] of Object.entries(GENERATED_WORLDS)) {
      const w = make(6000, seed);
      const all = w.customers.map((c) => ({ purchases: { days: c.days, amounts: c.amounts } }));
      console.log(row(`${name} (${seed})`, all, parsePurchaseDay(w.calibrationEnd), parsePurchaseDay(w.holdoutEnd)));
    }
    return 0;
  }
  const read = readPurchaseEval('level-horizon-table', argv, USAGE, ['--actual'], ['splits']);
  if (!read) return 2;
  const all = [...read.loaded.customers.values()].map((purchases) => ({ purchases }));
  for (const s of (read.args.values.get('splits') ?? '').split(',').filter(Boolean)) {
    const [d, e] = s.split(':');
    // Actual counts are read only for hold-outs ending by --calibration-end (never a test period).
    console.log(row(s, all, parsePurchaseDay(d), parsePurchaseDay(e), actual ? read.args.calibrationEnd : undefined));
  }
  return 0;
}

runEvalMain(module, main);
