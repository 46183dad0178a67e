/**
 * `npm run eval:taobao-buy [-- FILE.csv]`: on the Taobao user-behaviour sample
 * (user_id,item_id,category_id,behavior_type,timestamp), predicts who buys in the last two days
 * from everything before them, with the learned model's trees trained only on earlier cut-offs
 * (features up to c′, target = bought in (c′, c′+2]). Compared with the same trees given only
 * purchase recency/frequency, and with a plain recency/frequency ranking. AUC is the mean over
 * seeds. Last line JSON {"users","buyers","auc","auc_rf_trees","auc_rf_rank","seconds"}.
 */
import fs from 'node:fs';
import { behaviourFeatures, type BehaviourDay } from '../../cloudfunctions/common/value/features';
import { fitPoissonGbt, gbtMargin } from '../../cloudfunctions/common/value/gbt';
import { auc } from '../../cloudfunctions/common/value/metrics';
import { parseCsv } from './csv';

const DEFAULT_FILE = '../shared/data/behavior/taobao_user_behavior_sample.csv';
const BEIJING_MS = 8 * 3_600_000;

interface User {
  buys: Set<number>;
  days: Map<number, BehaviourDay>;
  /** per day, items carted and items bought (a cart not yet bought is a strong sign) */
  carted: Map<number, Set<string>>;
  bought: Map<number, Set<string>>;
}

function load(text: string): Map<string, User> {
  const rows = parseCsv(text);
  const h = rows[0];
  const [iu, ii, ib, it] = ['user_id', 'item_id', 'behavior_type', 'timestamp'].map((c) => h.indexOf(c));
  if ([iu, ii, ib, it].some((i) => i < 0))
    throw new Error('expected columns user_id,item_id,behavior_type,timestamp');
  const users = new Map<string, User>();
  for (const r of rows.slice(1)) {
    if (r.length < h.length) continue;
    const day = Math.floor((Number(r[it]) * 1000 + BEIJING_MS) / 86_400_000);
    let u = users.get(r[iu]);
    if (!u)
      users.set(r[iu], (u = { buys: new Set(), days: new Map(), carted: new Map(), bought: new Map() }));
    let d = u.days.get(day);
    if (!d)
      u.days.set(
        day,
        (d = { day, views: 0, carts: 0, favourites: 0, sessions: 1, scoredReviews: 0, positiveSum: 0 }),
      );
    const kind = r[ib];
    if (kind === 'pv') d.views++;
    else if (kind === 'cart') {
      d.carts++;
      (u.carted.get(day) ?? u.carted.set(day, new Set()).get(day)!).add(r[ii]);
    } else if (kind === 'fav') d.favourites++;
    else if (kind === 'buy') {
      u.buys.add(day);
      (u.bought.get(day) ?? u.bought.set(day, new Set()).get(day)!).add(r[ii]);
    }
  }
  return users;
}

/** Purchase recency/frequency columns at a cut-off. */
function rfRow(u: User, cut: number): number[] {
  let n = 0;
  let last = -Infinity;
  for (const d of u.buys)
    if (d <= cut) {
      n++;
      last = Math.max(last, d);
    }
  return [n, last === -Infinity ? 99 : cut - last];
}

/** Behaviour columns: the profile family plus the last two days and carts not yet bought. */
function behaviourRow(u: User, cut: number): number[] {
  const days = [...u.days.values()].filter((d) => d.day <= cut);
  const on = (k: number) => u.days.get(cut - k);
  const carted = new Set<string>();
  const bought = new Set<string>();
  for (const [d, s] of u.carted) if (d <= cut) s.forEach((i) => carted.add(i));
  for (const [d, s] of u.bought) if (d <= cut) s.forEach((i) => bought.add(i));
  let open = 0;
  for (const i of carted) if (!bought.has(i)) open++;
  return [
    ...behaviourFeatures(days, cut),
    on(0)?.views ?? 0,
    on(0)?.carts ?? 0,
    on(1)?.views ?? 0,
    on(1)?.carts ?? 0,
    (on(0)?.favourites ?? 0) + (on(1)?.favourites ?? 0),
    open,
  ];
}

const boughtIn = (u: User, from: number, to: number) => [...u.buys].some((d) => d > from && d <= to);

function main(): number {
  const file = process.argv[2] ?? DEFAULT_FILE;
  if (!fs.existsSync(file)) {
    console.error(`eval:taobao-buy: no such file: ${file}`);
    return 2;
  }
  const t0 = performance.now();
  const users = [...load(fs.readFileSync(file, 'utf8')).values()];
  let lastDay = -Infinity;
  for (const u of users) for (const d of u.days.keys()) lastDay = Math.max(lastDay, d);
  const cut = lastDay - 2; // predict (cut, lastDay]: the last two days
  const build = (c: number, withBehaviour: boolean) =>
    users.map((u) => (withBehaviour ? [...rfRow(u, c), ...behaviourRow(u, c)] : rfRow(u, c)));
  const cols = (rows: number[][]) => rows[0].map((_, f) => Float64Array.from(rows, (r) => r[f]));
  const label = users.map((u) => boughtIn(u, cut, lastDay));
  const seeds = 5;
  const score = (withBehaviour: boolean) => {
    const trainCuts = [cut - 2, cut - 3, cut - 4];
    const rows = trainCuts.flatMap((c) => build(c, withBehaviour));
    const y = trainCuts.flatMap((c) => users.map((u) => (boughtIn(u, c, c + 2) ? 1 : 0)));
    const groups = trainCuts.flatMap(() => users.map((_, i) => i));
    const test = build(cut, withBehaviour);
    let sum = 0;
    for (let s = 1; s <= seeds; s++) {
      const m = fitPoissonGbt(cols(rows), y, new Array(y.length).fill(0), {
        seed: s,
        groups,
        minLeafHessian: 20,
        learningRate: 0.05,
        maxDepth: 2,
      });
      sum += auc(
        test.map((r) => gbtMargin(m, r)),
        label,
      );
    }
    return sum / seeds;
  };
  const learned = score(true);
  const rfTrees = score(false);
  // Plain ranking: more purchase days first, then the more recent last purchase.
  const rfRank = auc(
    users.map((u) => {
      const [n, rec] = rfRow(u, cut);
      return n - rec / 100;
    }),
    label,
  );
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  console.log(
    JSON.stringify({
      users: users.length,
      buyers: label.filter(Boolean).length,
      auc: r4(learned),
      auc_rf_trees: r4(rfTrees),
      auc_rf_rank: r4(rfRank),
      seconds: r4((performance.now() - t0) / 1000),
    }),
  );
  return 0;
}

if (require.main === module) process.exit(main());
