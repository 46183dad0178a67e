/**
 * `npx tsx scripts/eval/clv-window-sign.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--hold-out]`: session 23's look at session 22's second idea
 * for the h′ = h gap (models/value/report.md, "The untested rule (session 23)"): does BG/NBD's error
 * keep its sign across the training windows? Prints only, no model: for each training cut-off of the
 * fit at the calibration end (learned.ts learnedPlan), BG/NBD refitted there, the window's actual
 * purchase days ÷ BG/NBD's expected (the level the trees' bias learns when h′ = h). With
 * `--hold-out` (data seeds already seen only) also the same ratio at the calibration end over the
 * hold-out: the level the windows would have to predict. Session 24 adds the windows' trend
 * (window-trend.ts): the weighted slope of their log ratio on the cut-off day, per 30 days, with its
 * customer-clustered standard error (and the independent-windows one), and the trend's level
 * extrapolated to the calibration end.
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { bgnbdExpected } from '../../cloudfunctions/common/value/bgnbd';
import { formatDay, historyUpTo, purchaseDaysBetween, rfmAt } from '../../cloudfunctions/common/value/history';
import { fitBgnbdAt, learnedPlan, trainingRowsAt, type CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { acquiredBy } from '../../cloudfunctions/common/value/model';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';
import { windowTrend, type TrendWindow } from './window-trend';

const USAGE =
  'usage: npx tsx scripts/eval/clv-window-sign.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--hold-out]';

async function main(): Promise<number> {
  const read = readPurchaseEval('clv-window-sign', process.argv.slice(2), USAGE, ['--hold-out']);
  if (!read) return 2;
  const a = read.args;
  const end = a.calibrationEnd;
  const horizonDays = a.holdoutEnd - end;
  const all: CustomerHistory[] = [...read.loaded.customers.values()].map((h) => ({ purchases: h }));
  const acquired = acquiredBy(all, end);
  const plan = learnedPlan(acquired, end, horizonDays);
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const trendWindows: TrendWindow[] = [];
  const ratios = plan.cutoffs.map((cut) => {
    const r = trainingRowsAt(acquired, cut, plan.horizon, { end, families, horizonDays });
    trendWindows.push({ cut, y: r.y, expected: r.offsets.map((o) => Math.exp(o)), customer: r.groups });
    let y = 0;
    let e = 0;
    for (let k = 0; k < r.y.length; k++) {
      y += r.y[k];
      e += Math.exp(r.offsets[k]);
    }
    // The log ratio's standard error from the customers' residuals about it (the delta method, as blend.ts sameSeasonLevel, undoubled).
    let v = 0;
    for (let k = 0; k < r.y.length; k++) v += (r.y[k] - (y / e) * Math.exp(r.offsets[k])) ** 2;
    return { cut, y, e, z: Math.log(y / e) / (Math.sqrt(v) / y) };
  });
  const line = ratios.map((r) => `${formatDay(r.cut)} ${(r.y / r.e).toFixed(3)} (z ${r.z.toFixed(1)})`).join(', ');
  const signs = new Set(ratios.map((r) => Math.sign(r.y - r.e)));
  const beyond = new Set(ratios.filter((r) => Math.abs(r.z) > 2).map((r) => Math.sign(r.z)));
  console.log(
    `windows h'=${plan.horizon} (h=${horizonDays}): ${line}; sign ${signs.size === 1 ? 'kept' : 'flips'}; beyond 2 s.e. ${beyond.size === 2 ? 'both ways' : beyond.size === 1 ? 'one way' : 'none'}`,
  );
  const t = windowTrend(trendWindows, end);
  console.log(
    t
      ? `trend over ${t.windows} windows: log ratio ${t.slope >= 0 ? '+' : ''}${t.slope.toFixed(4)} per 30 days, s.e. ${t.se.toFixed(4)} clustered by customer (${t.seNaive.toFixed(4)} as if independent), z ${t.z.toFixed(2)}; at the end ${Math.exp(t.levelAt).toFixed(3)} (log s.e. ${t.levelSe.toFixed(3)})`
      : 'trend: fewer than three windows with purchases',
  );
  if (a.flags.has('--hold-out')) {
    const bg = fitBgnbdAt(acquired, end);
    let y = 0;
    let e = 0;
    for (const c of all) {
      if (c.purchases.days[0] > end) continue;
      y += purchaseDaysBetween(c.purchases, end, a.holdoutEnd);
      e += bgnbdExpected(bg, rfmAt(historyUpTo(c.purchases, end), end), horizonDays / 7);
    }
    console.log(`hold-out (${formatDay(end)}, ${formatDay(a.holdoutEnd)}]: actual ÷ BG/NBD ${(y / e).toFixed(3)} (${y} / ${e.toFixed(1)})`);
  }
  return 0;
}

runEvalMain(module, main);
