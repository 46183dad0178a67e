/**
 * `npm run eval:taobao-buy [-- --file F.csv] [--end YYYY-MM-DD | --all-windows] [--seeds N]
 * [--resamples N]`: on the Taobao user-behaviour sample, predicts who buys in the last two days
 * (up to `--end`, default the file's last day) from everything before them (models:
 * `taobao-window.ts`). `--all-windows` evaluates every two-day window that has an earlier cut-off
 * to train at, and their mean. AUCs are means over seeds; differences carry a paired bootstrap
 * interval over users. Last line JSON
 * {"users","buyers","training_rows","auc","auc_rf_trees","auc_rf_rank",…,"vs_rf_trees","vs_rf_rank","seconds"}
 * (with --all-windows: means over windows, and "windows").
 */
import fs from 'node:fs';
import type { AucDifference } from './auc-interval';
import { formatDay, parsePurchaseDay } from './purchase-dates';
import { runEvalMain } from './purchase-eval-args';
import { loadTaobao } from './taobao-users';
import { evaluateWindow, HORIZON, type WindowResult } from './taobao-window';

const DEFAULT_FILE = '../shared/data/behavior/taobao_user_behavior_sample.csv';
const USAGE =
  'usage: npm run eval:taobao-buy [-- --file F.csv] [--end YYYY-MM-DD | --all-windows] [--seeds N] [--resamples N]';

function args(argv: string[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--all-windows') out['all-windows'] = '1';
    else if (['--file', '--end', '--seeds', '--resamples'].includes(k) && argv[i + 1] !== undefined)
      out[k.slice(2)] = argv[++i];
    else return null;
  }
  return out['all-windows'] && out.end ? null : out;
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const interval = (d: AucDifference) => ({ difference: r4(d.difference), lo: r4(d.lo), hi: r4(d.hi) });

function print(w: WindowResult, resamples: number): void {
  console.log(
    `window ${formatDay(w.cut + 1)}..${formatDay(w.end)}: features up to ${formatDay(w.cut)}, buyers=${w.buyers}, active in window=${w.activeInWindow}, cutoffs=${w.cutoffs}, training_rows=${w.trainingRows}`,
  );
  for (const [k, v] of Object.entries(w.seedAucs))
    console.log(`  ${k.padEnd(18)} AUC ${r4(mean(v))}${v.length > 1 ? ` (seed sd ${r4(sd(v))})` : ''}`);
  const show = (name: string, d: AucDifference) =>
    console.log(
      `  ${name}: ${r4(d.difference)} [${r4(d.lo)}, ${r4(d.hi)}] (95% paired bootstrap, ${resamples}; worse in ${r4(d.worse * 100)}%)`,
    );
  show('behaviour − rf trees', w.vsRfTrees);
  show('behaviour − rf rank', w.vsRfRank);
  show('profile behaviour (8 cols) − rf trees', w.profileVsRfTrees);
  const n = w.neverBought;
  console.log(
    `  behaviour trees among the ${n.users} who had never bought (${n.buyers} buy): AUC ${r4(n.auc)}`,
  );
  const p = w.product;
  console.log(
    `  value model on the ${p.customers} who had bought (${p.buyers} buy): as it ships (the young-shop rule on), with behaviour ${r4(mean(p.withBehaviour))}, without ${r4(mean(p.withoutBehaviour))}, BG/NBD ${r4(p.bgnbd)}`,
  );
  const y = p.young;
  console.log(
    `  young-shop rule: ${y ? `buyers by ${y.buyers === 'bgnbd' ? 'BG/NBD alone' : 'trees'} (${y.rows} training rows, ${y.positives} with a purchase; need ${y.need.rows}/${y.need.positives})${y.dropped.length ? `, left out: ${y.dropped.join(',')} (tracking ${y.trackingDays} d, need ${y.need.trackingDays})` : ''}` : 'changes nothing'}; before the rule ${r4(mean(p.beforeRule))}`,
  );
  show('value model: rule − before the rule', p.ruleVsBefore);
  const v = p.visitors;
  if (v) {
    console.log(
      `  value model's visitor part (${v.basis}, ${v.trainingRows} training rows) on the ${v.users} who had not bought (${v.buyers} buy): AUC ${r4(mean(v.auc))}${v.auc.length > 1 ? ` (seed sd ${r4(sd(v.auc))})` : ''}`,
    );
    show('visitor part − base rate', v.vsBaseRate);
    console.log(
      `  the refit's held-out check (data ≤ the cut) would serve: ${v.check.serve === 'trees' ? 'the trees' : 'the base rate'} (${v.check.why}, check AUC ${v.check.auc === null ? '—' : r4(v.check.auc)})`,
    );
  }
}

/** The product's visitor part: mean AUC over windows (0.5 = the base rate), and the one window's interval. */
function visitorFigures(windows: readonly WindowResult[]) {
  const vs = windows.flatMap((w) => (w.product.visitors ? [w.product.visitors] : []));
  if (vs.length === 0) return {};
  return {
    auc_value_model_visitors: r4(mean(vs.map((v) => mean(v.auc)))),
    // What the product serves: the trees where its held-out check lets them, else the base rate (0.5).
    auc_value_model_visitors_served: r4(mean(vs.map((v) => (v.check.serve === 'trees' ? mean(v.auc) : 0.5)))),
    ...(windows.length === 1 && vs.length === 1
      ? { value_model_visitors: { users: vs[0].users, buyers: vs[0].buyers, basis: vs[0].basis, vs_base_rate: interval(vs[0].vsBaseRate) } }
      : {}),
  };
}

async function main(): Promise<number> {
  const a = args(process.argv.slice(2));
  const seeds = Number(a?.seeds ?? 5);
  const resamples = Number(a?.resamples ?? 1000);
  if (!a || !Number.isInteger(seeds) || seeds < 1 || !(resamples >= 100)) {
    console.error(USAGE);
    return 2;
  }
  const file = a.file ?? DEFAULT_FILE;
  if (!fs.existsSync(file)) {
    console.error(`eval:taobao-buy: no such file: ${file}`);
    return 2;
  }
  const t0 = performance.now();
  const sample = loadTaobao(fs.readFileSync(file, 'utf8'));
  const last = a.end ? parsePurchaseDay(a.end) : sample.lastDay;
  const ends = a['all-windows']
    ? Array.from(
        { length: last - sample.firstPurchaseDay - 2 * HORIZON + 1 },
        (_, k) => sample.firstPurchaseDay + 2 * HORIZON + k,
      )
    : [last];
  const windows: WindowResult[] = [];
  for (const end of ends) {
    const w = evaluateWindow(sample, end, seeds, resamples);
    if (!w) continue;
    print(w, resamples);
    windows.push(w);
  }
  if (windows.length === 0) {
    console.error('eval:taobao-buy: no earlier cut-off to train at');
    return 2;
  }
  const m = (k: keyof WindowResult['seedAucs']) => r4(mean(windows.map((w) => mean(w.seedAucs[k]))));
  const one = windows.length === 1 ? windows[0] : null;
  console.log(
    JSON.stringify({
      users: sample.users.length,
      ...(one
        ? { buyers: one.buyers, training_rows: one.trainingRows }
        : { windows: windows.map((w) => formatDay(w.end)) }),
      auc: m('behaviour'),
      auc_rf_trees: m('rf_trees'),
      auc_rf_rank: m('rf_rank'),
      auc_profile_behaviour: m('profile_behaviour'),
      auc_behaviour_only: m('behaviour_only'),
      ...(one
        ? {
            vs_rf_trees: interval(one.vsRfTrees),
            vs_rf_rank: interval(one.vsRfRank),
            profile_behaviour_vs_rf_trees: interval(one.profileVsRfTrees),
          }
        : {}),
      auc_never_bought: r4(mean(windows.map((w) => w.neverBought.auc))),
      auc_value_model: r4(mean(windows.map((w) => mean(w.product.withBehaviour)))),
      auc_value_model_before_rule: r4(mean(windows.map((w) => mean(w.product.beforeRule)))),
      ...(one ? { value_model_rule_vs_before: interval(one.product.ruleVsBefore) } : {}),
      auc_value_model_without_behaviour: r4(mean(windows.map((w) => mean(w.product.withoutBehaviour)))),
      ...visitorFigures(windows),
      seconds: r4((performance.now() - t0) / 1000),
    }),
  );
  return 0;
}

runEvalMain(module, main);
