/**
 * `npm run eval:segments -- --file F.csv --id COL --date COL [--amount COL] --calibration-end
 * YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N] [--per-k]`: is the product's segmentation useful? Builds
 * each customer's profile as of the calibration end (the product's reducer and feature spec),
 * fits the segmentation through the product's refit path on those customers only, and measures
 * how much of the variance of their hold-out purchase days their segment explains (η²), beside
 * RFM rank-sum groups at the same K. File conventions as eval:clv. Prints one line per seed, the
 * mean over seeds, and as the last line {"customers","k","eta2_holdout_purchases",
 * "eta2_rfm_same_k","silhouette","stability_ari"} (means over seeds; k = the K most seeds chose).
 * `--per-k` also prints η² at every K of the product's range (K forced; seed 1), to show how much
 * the verdict depends on the K the rule picks.
 */
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';
import { usefulnessInput } from './purchase-usefulness-input';
import { DEFAULT_SELECT } from '../../cloudfunctions/common/segment-fit';
import { evaluateSeed, meanResult, usefulnessPerK, type MethodFigures, type SeedResult } from './segment-eval';

const USAGE =
  'usage: npm run eval:segments -- --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N] [--per-k]';

const r4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4);
const fig = (f: MethodFigures) =>
  `eta2_purchases=${r4(f.eta2Purchases)} eta2_spend=${r4(f.eta2Spend)} silhouette=${r4(f.silhouette)} davies_bouldin=${r4(f.daviesBouldin)} stability_ari=${r4(f.stabilityAri)}`;

async function main(): Promise<number> {
  const t0 = performance.now();
  const read = readPurchaseEval('eval:segments', process.argv.slice(2), USAGE, ['--per-k']);
  if (!read) return 2;
  const { args: a, loaded } = read;
  const input = usefulnessInput(loaded.customers.values(), a.calibrationEnd, a.holdoutEnd, a.amount !== undefined);
  const n = input.rows.length;
  if (n < 50) {
    console.error(`eval:segments: ${n} customers bought on or before the calibration end; at least 50 are needed to fit segments`);
    return 2;
  }
  console.log(`customers=${n} rows=${loaded.rows} non_positive_rows=${loaded.nonPositive} holdout_days=${a.holdoutEnd - a.calibrationEnd}`);
  const per: SeedResult[] = [];
  for (let s = 1; s <= a.seeds; s++) {
    const r = evaluateSeed(input, s);
    per.push(r);
    console.log(`seed ${s}: k=${r.k} segments: ${fig(r.fit)}`);
    console.log(`seed ${s}: k=${r.k} RFM ranks: ${fig(r.rfm)}`);
  }
  if (a.flags.has('--per-k')) {
    const ks = Array.from({ length: DEFAULT_SELECT.kMax - DEFAULT_SELECT.kMin + 1 }, (_, i) => DEFAULT_SELECT.kMin + i);
    const stab = new Map(per[0].stabilityByK.map((x) => [x.k, x.stabilityAri]));
    for (const x of usefulnessPerK(input, ks, 1))
      console.log(`K=${x.k} (forced, seed 1): eta2_purchases=${r4(x.eta2)} rfm=${r4(x.eta2Rfm)} ratio=${(x.eta2 / x.eta2Rfm).toFixed(2)} smallest=${(100 * x.minShare).toFixed(1)}% stability_ari=${r4(stab.get(x.k) ?? null)}`);
  }
  const m = meanResult(per);
  console.log(`mean over ${a.seeds} seed(s), K chosen per seed ${m.ks.join(',')}: ratio η²/RFM = ${(m.fit.eta2Purchases / m.rfm.eta2Purchases).toFixed(3)}; seconds=${((performance.now() - t0) / 1000).toFixed(1)}`);
  console.log(
    JSON.stringify({
      customers: n,
      k: m.k,
      eta2_holdout_purchases: r4(m.fit.eta2Purchases),
      eta2_rfm_same_k: r4(m.rfm.eta2Purchases),
      silhouette: r4(m.fit.silhouette),
      stability_ari: r4(m.fit.stabilityAri),
    }),
  );
  return 0;
}

runEvalMain(module, main);
