/**
 * `npm run eval:taobao-buy [-- --file F.csv] [--end YYYY-MM-DD] [--seeds N] [--resamples N]`: on
 * the Taobao user-behaviour sample, predicts who buys in the last two days (up to `--end`, default
 * the file's last day) from everything before them. Every model is the value model's learner
 * (`LEARNER_OPTIONS`, Poisson trees) on the value model's feature code, trained only at earlier
 * cut-offs (features ≤ c′, target = bought in (c′, c′+2], c′+2 ≤ the cut): recency/frequency
 * alone, + the behaviour family as profiles had it (8 columns), + the intent columns (the whole
 * family), behaviour alone; and a plain recency/frequency ranking. AUCs are means over seeds;
 * differences carry a paired bootstrap interval over users. Last line JSON
 * {"users","buyers","training_rows","auc","auc_rf_trees","auc_rf_rank",…,"vs_rf_trees","vs_rf_rank","seconds"}.
 */
import fs from 'node:fs';
import { fitPoissonGbt } from '../../cloudfunctions/common/value/gbt';
import { compileGbt, compiledMargin } from '../../cloudfunctions/common/value/gbt-compiled';
import { historyUpTo, purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import { LEARNER_OPTIONS } from '../../cloudfunctions/common/value/learned';
import { auc } from '../../cloudfunctions/common/value/metrics';
import { aucDifference, type AucDifference } from './auc-interval';
import { formatDay, parsePurchaseDay } from './purchase-dates';
import { runEvalMain } from './purchase-eval-args';
import { loadTaobao, taobaoCutoffs, taobaoRow, type TaobaoColumns } from './taobao-users';

const DEFAULT_FILE = '../shared/data/behavior/taobao_user_behavior_sample.csv';
const HORIZON = 2;
const USAGE =
  'usage: npm run eval:taobao-buy [-- --file F.csv] [--end YYYY-MM-DD] [--seeds N] [--resamples N]';

function args(argv: string[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (!['--file', '--end', '--seeds', '--resamples'].includes(k) || v === undefined) return null;
    out[k.slice(2)] = v;
  }
  return out;
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const interval = (d: AucDifference) => ({ difference: r4(d.difference), lo: r4(d.lo), hi: r4(d.hi) });

async function main(): Promise<number> {
  const a = args(process.argv.slice(2));
  if (!a) {
    console.error(USAGE);
    return 2;
  }
  const file = a.file ?? DEFAULT_FILE;
  if (!fs.existsSync(file)) {
    console.error(`eval:taobao-buy: no such file: ${file}`);
    return 2;
  }
  const seeds = Number(a.seeds ?? 5);
  const resamples = Number(a.resamples ?? 1000);
  const t0 = performance.now();
  const sample = loadTaobao(fs.readFileSync(file, 'utf8'));
  const end = a.end ? parsePurchaseDay(a.end) : sample.lastDay;
  if (!Number.isInteger(seeds) || seeds < 1 || !(resamples >= 100)) {
    console.error(USAGE);
    return 2;
  }
  const { users } = sample;
  const cut = end - HORIZON; // predict (cut, end]: the last two days
  const cutoffs = taobaoCutoffs(cut, sample.firstPurchaseDay, HORIZON);
  if (cutoffs.length === 0) {
    console.error('eval:taobao-buy: no earlier cut-off to train at');
    return 2;
  }
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
  const models: Record<string, number[][]> = {
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
  const aucs = Object.fromEntries(
    Object.entries(models).map(([k, runs]) => [k, runs.map((r) => auc(r, label))]),
  );
  const vsTrees = aucDifference(models.behaviour, models.rf_trees, label, resamples);
  const vsRank = aucDifference(models.behaviour, models.rf_rank, label, resamples);
  const profileVsTrees = aucDifference(models.profile_behaviour, models.rf_trees, label, resamples);
  console.log(
    `users=${users.length} buyers=${label.filter(Boolean).length} features_up_to=${formatDay(cut)} target_to=${formatDay(end)} cutoffs=${cutoffs.length} training_rows=${y.length} seeds=${seeds}`,
  );
  for (const [k, v] of Object.entries(aucs))
    console.log(`  ${k.padEnd(18)} AUC ${r4(mean(v))}${v.length > 1 ? ` (seed sd ${r4(sd(v))})` : ''}`);
  const show = (name: string, d: AucDifference) =>
    console.log(
      `  ${name}: ${r4(d.difference)} [${r4(d.lo)}, ${r4(d.hi)}] 95% bootstrap, worse in ${r4(d.worse * 100)}% of ${resamples}`,
    );
  show('behaviour − rf trees', vsTrees);
  show('behaviour − rf rank', vsRank);
  show('profile behaviour (8 cols) − rf trees', profileVsTrees);
  console.log(
    JSON.stringify({
      users: users.length,
      buyers: label.filter(Boolean).length,
      training_rows: y.length,
      auc: r4(mean(aucs.behaviour)),
      auc_rf_trees: r4(mean(aucs.rf_trees)),
      auc_rf_rank: r4(mean(aucs.rf_rank)),
      auc_profile_behaviour: r4(mean(aucs.profile_behaviour)),
      auc_behaviour_only: r4(mean(aucs.behaviour_only)),
      vs_rf_trees: interval(vsTrees),
      vs_rf_rank: interval(vsRank),
      seconds: r4((performance.now() - t0) / 1000),
    }),
  );
  return 0;
}

runEvalMain(module, main);
