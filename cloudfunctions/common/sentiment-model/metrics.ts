/**
 * Classification metrics for binary sentiment: accuracy, balanced accuracy (mean of the two class
 * recalls) and macro-F1 — cross-domain sets are imbalanced (waimai is 2:1 negative), where plain
 * accuracy rewards a model that leans to the majority class — plus per-class F1, ECE, log-loss.
 */

/** Metrics of probabilities `p` (of positive) against labels `y`. */
export interface BinaryMetrics {
  n: number;
  accuracy: number;
  f1_pos: number;
  f1_neg: number;
  /** Mean of the recall on positives and the recall on negatives. */
  balanced_accuracy: number;
  /** Mean of f1_pos and f1_neg. */
  macro_f1: number;
  ece: number;
  logloss: number;
}

/** Expected calibration error with `bins` equal-width bins over the predicted class's confidence. */
export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 15): number {
  const cnt = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const pred = p[i] >= 0.5 ? 1 : 0;
    const c = pred ? p[i] : 1 - p[i];
    const b = Math.min(bins - 1, Math.floor(c * bins));
    cnt[b]++;
    conf[b] += c;
    acc[b] += pred === y[i] ? 1 : 0;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b] > 0) e += Math.abs(acc[b] - conf[b]) / p.length;
  return e;
}

/** All metrics (label = p ≥ 0.5). */
export function binaryMetrics(p: ArrayLike<number>, y: ArrayLike<number>): BinaryMetrics {
  let tp = 0,
    tn = 0,
    fp = 0,
    fn = 0,
    ll = 0;
  for (let i = 0; i < p.length; i++) {
    const pred = p[i] >= 0.5 ? 1 : 0;
    if (pred === 1 && y[i] === 1) tp++;
    else if (pred === 0 && y[i] === 0) tn++;
    else if (pred === 1) fp++;
    else fn++;
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
    ll -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  const f1 = (t: number, f1s: number, f2s: number) => (t === 0 ? 0 : (2 * t) / (2 * t + f1s + f2s));
  const n = p.length;
  const recall = (t: number, miss: number) => (t + miss === 0 ? 0 : t / (t + miss));
  const f1Pos = f1(tp, fp, fn);
  const f1Neg = f1(tn, fn, fp);
  return {
    n,
    accuracy: n ? (tp + tn) / n : 0,
    f1_pos: f1Pos,
    f1_neg: f1Neg,
    balanced_accuracy: (recall(tp, fn) + recall(tn, fp)) / 2,
    macro_f1: (f1Pos + f1Neg) / 2,
    ece: expectedCalibrationError(p, y),
    logloss: n ? ll / n : 0,
  };
}
