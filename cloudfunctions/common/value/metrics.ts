/**
 * How well predicted purchase counts match what happened: RMSE, MAE, the AUC of the prediction
 * as a ranking of "bought again at least once", and the aggregate error in percent.
 */

/** The figures eval:clv reports for one model. */
export interface CountMetrics {
  rmse: number;
  mae: number;
  auc_buys_again: number;
  aggregate_error_pct: number;
}

/** AUC of `score` against binary `label` (Mann–Whitney; tied scores count one half). */
export function auc(score: readonly number[], label: readonly boolean[]): number {
  const idx = score.map((_, i) => i).sort((i, j) => score[i] - score[j]);
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e + 1 < idx.length && score[idx[e + 1]] === score[idx[k]]) e++;
    const mid = (k + e) / 2 + 1; // average 1-based rank of the tie block
    for (let t = k; t <= e; t++)
      if (label[idx[t]]) {
        pos++;
        rankSum += mid;
      }
    k = e + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** All four figures for predictions against actual counts. */
export function countMetrics(pred: readonly number[], actual: readonly number[]): CountMetrics {
  let se = 0;
  let ae = 0;
  let sp = 0;
  let sa = 0;
  pred.forEach((p, i) => {
    se += (p - actual[i]) ** 2;
    ae += Math.abs(p - actual[i]);
    sp += p;
    sa += actual[i];
  });
  const n = Math.max(pred.length, 1);
  return {
    rmse: Math.sqrt(se / n),
    mae: ae / n,
    auc_buys_again: auc(
      pred,
      actual.map((a) => a > 0),
    ),
    aggregate_error_pct: sa > 0 ? (100 * (sp - sa)) / sa : NaN,
  };
}
