/**
 * `npx tsx scripts/eval/clv-own-rate-dev.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D [--cutoffs D,D,…] [--seeds N] [--first-seed S] [--half A|B]`:
 * session 16's question (models/value/report.md, "The heaviest buyers' own rate"). For each cut-off
 * (default: the calibration end) and seed, fits the product's model once (fitGuardedValueModel, as
 * eval:clv does) and scores, on the same fit, the shipped model (checked float for float against
 * predictValue) and the own-rate variants (own-rate.ts). Prints each cut-off's figures (means over
 * seeds), the calibration rows x = 0…6, 7–19 and ≥ 20, and each variant's pooled Δ over the
 * cut-offs and seeds with its paired bootstrap interval over customers (pooled-bootstrap.ts).
 */
import { bgnbdExpected } from '../../cloudfunctions/common/value/bgnbd';
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import { formatDay, historyUpTo, purchaseDaysBetween, rfmAt } from '../../cloudfunctions/common/value/history';
import { fitBgnbdAt, type CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { devCutoff, DevScores } from './dev-cutoff';
import { parseIdHalf } from './id-half';
import { chooseK, ownRateExpected, ownVariants, OWN_VARIANTS } from './own-rate';
import { pooledInterval, type CutoffErrors } from './pooled-bootstrap';
import { parsePurchaseDay } from './purchase-dates';
import { readPurchaseEval, runEvalMain } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/clv-own-rate-dev.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--cutoffs D,D,...] [--seeds N] [--first-seed S] [--half A|B]';
const MODELS = ['bgnbd', 'shipped', ...OWN_VARIANTS] as const;

async function main(): Promise<number> {
  const read = readPurchaseEval('clv-own-rate-dev', process.argv.slice(2), USAGE, [], ['half', 'first-seed', 'cutoffs']);
  if (!read) return 2;
  const a = read.args;
  const half = parseIdHalf(a.values.get('half'));
  const firstSeed = Number(a.values.get('first-seed') ?? 1);
  const cutoffs = (a.values.get('cutoffs')?.split(',') ?? []).map((d) => parsePurchaseDay(d));
  if (!cutoffs.length) cutoffs.push(a.calibrationEnd);
  const ids = [...read.loaded.customers.keys()];
  const all: CustomerHistory[] = ids.map((id) => ({ purchases: read.loaded.customers.get(id)! }));
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const pooled = new Map<string, CutoffErrors[]>(OWN_VARIANTS.map((v) => [v, []]));
  const heavy = new Map<string, { all: number; top: number }>(OWN_VARIANTS.map((v) => [v, { all: 0, top: 0 }]));
  for (const end of cutoffs) {
    const horizonDays = a.holdoutEnd - end;
    const cut = devCutoff(all, ids, end, a.holdoutEnd, half);
    const { seen, rfm } = cut;
    const x = rfm.map((r) => r.x);
    const scores = new DevScores(MODELS, cut);
    let backtestK = NaN;
    for (let s = firstSeed; s < firstSeed + a.seeds; s++) {
      const { model } = fitGuardedValueModel(seen, { end, horizonDays, families, seed: s });
      const preds = predictValue(model, seen);
      const lv = model.level;
      if (!lv) throw new Error(`${end}: no hybrid level (h' = h or no trees): the variants do not act`);
      const bg = preds.map((p) => p?.bgnbdExpectedPurchases ?? 0);
      const L = predictValue({ ...model, level: undefined }, seen).map((p) => p?.expectedPurchases ?? 0);
      const hPrime = model.learned.trainingHorizonDays;
      if (s === firstSeed) {
        // The back-test: the latest training window (c′, end], BG/NBD refitted at c′, shape only.
        const c0 = end - hPrime;
        const at = seen.flatMap((c, k) => (c.purchases.days[0] <= c0 ? [k] : []));
        const p0 = fitBgnbdAt(seen, c0);
        const r0 = at.map((k) => rfmAt(historyUpTo(seen[k].purchases, c0), c0));
        const y0 = at.map((k) => purchaseDaysBetween(seen[k].purchases, c0, end));
        const bt = chooseK(
          r0.map((r) => bgnbdExpected(p0, r, hPrime / 7)),
          r0.map((r) => ownRateExpected(p0, r, hPrime / 7)),
          r0.map((r) => r.x),
          y0,
        );
        backtestK = bt.K;
        console.log(`${formatDay(end)}: back-test window ${formatDay(c0)}–${formatDay(end)} K=${bt.K} sse=${bt.sse.map((v) => v.toFixed(0)).join('/')}`);
        scores.push('bgnbd', bg);
      }
      const O = rfm.map((r) => ownRateExpected(model.bgnbd, r, horizonDays / 7));
      const v = ownVariants(L, O, x, lv.factor, backtestK);
      const shipped = L.map((l) => l * lv.factor);
      const off = preds.findIndex((p, k) => p !== null && p.expectedPurchases !== shipped[k]);
      if (off >= 0) throw new Error(`seed ${s}: shipped differs from predictValue at customer ${off}`);
      console.log(`${formatDay(end)} seed ${s}: h'=${hPrime} level ${lv.factor.toFixed(4)} trees=${model.learned.gbt.trees.length}`);
      scores.push('shipped', shipped);
      for (const k of OWN_VARIANTS) scores.push(k, v[k]);
    }
    const customer = cut.pick(cut.index);
    const errs = scores.errors;
    for (const k of OWN_VARIANTS) {
      pooled.get(k)!.push({ customer, bgnbd: errs.get('bgnbd')![0], shipped: errs.get('shipped')!, variant: errs.get(k)! });
      const h = heavy.get(k)!;
      errs.get(k)!.forEach((e, s) =>
        e.forEach((v, r) => {
          const d = v - errs.get('shipped')![s][r];
          h.all += d;
          if (cut.x[r] >= 20) h.top += d;
        }),
      );
    }
    scores.print(`${formatDay(end)} → ${formatDay(a.holdoutEnd)} (${horizonDays} days) customers=${cut.actual.length}${half ? ` (half ${half})` : ''} seeds=${firstSeed}-${firstSeed + a.seeds - 1} backtest K=${backtestK}`, a.seeds);
  }
  console.log(`\npooled over ${cutoffs.length} cut-off(s) × ${a.seeds} seed(s): Δ = mean (RMSE_variant − RMSE_shipped) ÷ RMSE_BG/NBD, 95 % bootstrap over customers (2,000, seed 16)`);
  for (const k of OWN_VARIANTS) {
    const iv = pooledInterval(pooled.get(k)!, all.length, { resamples: 2000, seed: 16 });
    const h = heavy.get(k)!;
    console.log(`${k}: Δ ${iv.delta.toFixed(5)} [${iv.low.toFixed(5)}, ${iv.high.toFixed(5)}]; share of Σ squared-error difference on x ≥ 20: ${(h.all !== 0 ? (100 * h.top) / h.all : 0).toFixed(0)} %`);
  }
  return 0;
}

runEvalMain(module, main);
