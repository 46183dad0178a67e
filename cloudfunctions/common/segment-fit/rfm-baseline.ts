/**
 * Baseline: plain RFM quantile segments. Recency, frequency (365 d) and money (365 d) are each
 * scored 1–3 by tertile; the total score (3–9) is cut into K groups at its quantiles. Thresholds
 * are fitted on the rows given, so a subsample refit measures stability like any other method.
 */
import { Matrix } from './matrix';

/** Column indices of R, F and M in the raw feature rows. */
export interface RfmColumns {
  recency: number;
  frequency: number;
  monetary: number;
}

function quantiles(values: number[], qs: number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  return qs.map((q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]);
}

const tertile = (v: number, cuts: number[]) => 1 + (v > cuts[0] ? 1 : 0) + (v > cuts[1] ? 1 : 0);

/** Fit the RFM quantile labeller with K groups on raw rows. */
export function fitRfm(raw: Matrix, k: number, cols: RfmColumns): (rows: Matrix) => Int32Array {
  const col = (m: Matrix, j: number) => Array.from({ length: m.n }, (_, i) => m.data[i * m.d + j]);
  const rCuts = quantiles(col(raw, cols.recency).map((v) => -v), [1 / 3, 2 / 3]);
  const fCuts = quantiles(col(raw, cols.frequency), [1 / 3, 2 / 3]);
  const mCuts = quantiles(col(raw, cols.monetary), [1 / 3, 2 / 3]);
  const total = (m: Matrix, i: number) =>
    tertile(-m.data[i * m.d + cols.recency], rCuts) + tertile(m.data[i * m.d + cols.frequency], fCuts) + tertile(m.data[i * m.d + cols.monetary], mCuts);
  const totals = Array.from({ length: raw.n }, (_, i) => total(raw, i));
  const cuts = quantiles(totals, Array.from({ length: k - 1 }, (_, q) => (q + 1) / k));
  return (rows) => {
    const out = new Int32Array(rows.n);
    for (let i = 0; i < rows.n; i++) {
      const t = total(rows, i);
      out[i] = cuts.filter((c) => t > c).length;
    }
    return out;
  };
}
