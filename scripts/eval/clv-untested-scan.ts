/**
 * `npx tsx scripts/eval/clv-untested-scan.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--seeds N]`: session 23's measurement for the guard's
 * `untested` rule (value-serving/backtest.ts shippedBlend; models/value/report.md, "The untested
 * rule (session 23)"). Prints only, no variant and no hold-out: for each model seed, the back-test
 * the product runs (its window, the fit at the cut: young or not, trees, bias; the weight chosen on
 * the window and the RMSEs behind it) and the fit at the end (trees, bias), and whether the rule
 * fires (the back-test's fit had no trees, the end's has some) and why the back-test had none: the
 * young-shop rule (`young`: BG/NBD alone, bias 0) or early stopping (`stopped`: a bias level only).
 */
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { formatDay, historyUpTo } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { fitValueModel, type ValueModel } from '../../cloudfunctions/common/value/model';
import {
  backtestFitOptions,
  backtestInputs,
  backtestVerdict,
} from '../../cloudfunctions/common/value-serving/backtest';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/clv-untested-scan.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N]';

const why = (m: ValueModel) => (m.learned.gbt.trees.length > 0 ? 'trees' : m.young?.buyers === 'bgnbd' ? 'young' : 'stopped');

async function main(): Promise<number> {
  const read = readPurchaseEval('clv-untested-scan', process.argv.slice(2), USAGE);
  if (!read) return 2;
  const a = read.args;
  const end = a.calibrationEnd;
  const horizonDays = a.holdoutEnd - end;
  const customers: CustomerHistory[] = [];
  for (const h of read.loaded.customers.values()) if (h.days[0] <= end) customers.push({ purchases: historyUpTo(h, end) });
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const i = backtestInputs(customers, { end, horizonDays });
  if (!i.likeTheFit) {
    console.log(`scan ${a.file}: no back-test like the fit (window (${formatDay(i.cut)}, ${formatDay(i.end)}]): the rule cannot act`);
    return 0;
  }
  for (let s = 1; s <= a.seeds; s++) {
    const cutModel = fitValueModel(i.seen, backtestFitOptions(i, s, families));
    const bt = backtestVerdict(i, cutModel, null);
    const endModel = fitValueModel(customers, { end, horizonDays, families, seed: s });
    const b = bt.blend;
    const fires = cutModel.learned.gbt.trees.length === 0 && endModel.learned.gbt.trees.length > 0;
    console.log(
      `scan seed ${s}: window (${formatDay(bt.cut)}, ${formatDay(bt.end)}]${bt.seasonal ? ' same-season' : ''} judged=${bt.heldOut} ` +
        `cut: ${why(cutModel)} rows=${cutModel.learned.trainingRows} trees=${cutModel.learned.gbt.trees.length} bias=${cutModel.learned.gbt.bias.toFixed(4)} ` +
        `chosen w=${b.weight} scale=${b.scale.toFixed(3)}${b.sameSeason ? ` (same-season ${b.sameSeason.verdict})` : ''} rmse learned/bgnbd/chosen ${b.rmse.learned.toFixed(4)}/${b.rmse.bgnbd.toFixed(4)}/${b.rmse.blended.toFixed(4)}; ` +
        `end: ${why(endModel)} trees=${endModel.learned.gbt.trees.length} bias=${endModel.learned.gbt.bias.toFixed(4)}; ` +
        `rule ${fires ? `FIRES (${why(cutModel)})` : 'does not fire'}`,
    );
  }
  return 0;
}

runEvalMain(module, main);
