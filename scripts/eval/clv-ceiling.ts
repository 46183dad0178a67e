/**
 * `npx tsx scripts/eval/clv-ceiling.ts --file F.csv --id COL --date COL [--amount COL]
 * --calibration-end D --holdout-end D`: how far ANY model on the value features could beat BG/NBD
 * on this split. It cheats on purpose — models are fitted to the hold-out itself, in 2-fold
 * cross-validation (fit on half the customers' hold-out counts, score the other half) — so the
 * figures are a ceiling for a model that may only learn inside the calibration period, not a
 * result. Diagnostic for the report; nothing in the product uses it. `--candidates` adds the table
 * of candidate feature families (`ceiling-candidates.ts`), `--only a,b` limits it to those families.
 */
import { FEATURE_FAMILIES, featureNames } from '../../cloudfunctions/common/value/features';
import { fitPoissonGbt, gbtMargin } from '../../cloudfunctions/common/value/gbt';
import { purchaseDaysBetween } from '../../cloudfunctions/common/value/history';
import { fitBgnbdAt, rowsAt, type CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { countMetrics } from '../../cloudfunctions/common/value/metrics';
import { printCandidateCeilings } from './ceiling-candidates';
import { fitPoissonGlm } from './poisson-glm';
import { readPurchaseEval } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/clv-ceiling.ts --file F.csv --id COL --date COL [--amount COL] --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--candidates [--only fam,fam]]';
const read = readPurchaseEval('clv-ceiling', process.argv.slice(2), USAGE, ['--candidates'], ['only']);
if (!read) process.exit(2);
const { args: a, loaded } = read;
const customers: CustomerHistory[] = [];
for (const h of loaded.customers.values())
  if (h.days[0] <= a.calibrationEnd) customers.push({ purchases: h });
const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
const names = featureNames(families);
const col = (n: string) => names.indexOf(n);
const at = rowsAt(
  customers,
  a.calibrationEnd,
  a.holdoutEnd - a.calibrationEnd,
  fitBgnbdAt(customers, a.calibrationEnd),
  families,
);
const y = at.index.map((i) => purchaseDaysBetween(customers[i].purchases, a.calibrationEnd, a.holdoutEnd));
const base = countMetrics(at.bgnbd, y);

/** 2-fold predictions of `fit` (trained on one half's hold-out, applied to the other half). */
function twoFold(fit: (train: number[]) => (k: number) => number): number[] {
  const pred = new Array<number>(y.length).fill(0);
  for (let fold = 0; fold < 2; fold++) {
    const score = fit(y.map((_, k) => k).filter((k) => k % 2 !== fold));
    y.forEach((_, k) => {
      if (k % 2 === fold) pred[k] = score(k);
    });
  }
  return pred;
}

// Log-scale summaries of the features for the GLM (smooth in the heavy buyers' tail).
const glmRow = (k: number) => {
  const r = at.rows[k];
  return [
    1,
    Math.log1p(r[col('repeat_days')]),
    r[col('recency_days')] / Math.max(r[col('tenure_days')], 1),
    Math.log1p(r[col('days_last_90')]),
    Math.log1p(r[col('days_last_30')]),
    r[col('bgnbd_p_alive')],
    r[col('log_mean_spend')],
    Math.log1p(r[col('mean_gap_days')] + 1),
    r[col('gap_cv')],
  ];
};
const models: Record<string, number[]> = {
  'Poisson trees (the learned model’s learner and features)': twoFold((tr) => {
    const cols = names.map((_, f) => Float64Array.from(tr, (k) => at.rows[k][f]));
    const m = fitPoissonGbt(
      cols,
      tr.map((k) => y[k]),
      tr.map((k) => at.offsets[k]),
      { learningRate: 0.05, minLeafHessian: 20, seed: 1 },
    );
    return (k) => Math.exp(at.offsets[k] + gbtMargin(m, at.rows[k]));
  }),
  'Poisson GLM on log-scale summaries, offset BG/NBD': twoFold((tr) => {
    const w = fitPoissonGlm(
      tr.map(glmRow),
      tr.map((k) => y[k]),
      tr.map((k) => at.offsets[k]),
    );
    return (k) => Math.exp(at.offsets[k] + glmRow(k).reduce((s, v, j) => s + v * w[j], 0));
  }),
};
console.log(
  `customers=${y.length} BG/NBD rmse=${base.rmse.toFixed(4)} auc=${base.auc_buys_again.toFixed(4)}`,
);
for (const [name, pred] of Object.entries(models)) {
  const m = countMetrics(pred, y);
  console.log(
    `${name}: rmse ${m.rmse.toFixed(4)} (${(m.rmse / base.rmse).toFixed(3)}× BG/NBD), auc ${m.auc_buys_again.toFixed(4)} (${(m.auc_buys_again - base.auc_buys_again >= 0 ? '+' : '') + (m.auc_buys_again - base.auc_buys_again).toFixed(4)}), aggregate ${m.aggregate_error_pct.toFixed(1)} %`,
  );
}
if (a.flags.has('--candidates'))
  printCandidateCeilings(
    { customers, index: at.index, rows: at.rows, offsets: at.offsets, bgnbd: at.bgnbd, y, cut: a.calibrationEnd, glmRow },
    base.rmse,
    base.auc_buys_again,
    a.values.get('only')?.split(','),
  );
