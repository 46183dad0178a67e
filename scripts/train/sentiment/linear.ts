/**
 * Sparse logistic regression trained with AdaGrad (lazy L2 on touched weights). An example is a
 * set of bucket ids with one shared scale s (e.g. 1/sqrt(n)); feature j's value is s·v[j], where
 * v is 1 (binary) or the NB log-count ratio (NBSVM-style). z = b + s·Σ w[j]·v[j].
 */
import { mulberry32 } from './rng';

import type { Example } from '../../../cloudfunctions/common/sentiment-model';

export { nbRatios, type Example } from '../../../cloudfunctions/common/sentiment-model';

/** Hyper-parameters. */
export interface LinearOptions {
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
  /** Per-example scale: 'sqrt' → 1/sqrt(n), 'none' → 1. */
  scale: 'sqrt' | 'none';
  /** Optional per-bucket feature values (NB ratios); default 1. */
  values?: Float32Array;
  /**
   * Feature dropout (0 = off): each update sees every feature with probability 1−p, scaled by
   * 1/(1−p), so no single n-gram can carry an example — a regulariser aimed at domain shift.
   */
  dropout?: number;
  /** Average the weights of the epoch-end snapshots from this epoch on (1-based; 0 = off). */
  averageFrom?: number;
  onEpoch?: (epoch: number, done: number) => void;
  onProgress?: (done: number) => void;
}

/** A trained linear model in "effective weight" form: z = bias + s·Σ weight[j]. */
export interface LinearModel {
  weight: Float32Array;
  bias: number;
  scale: 'sqrt' | 'none';
}

/** Per-example scale. */
export function exampleScale(n: number, scale: 'sqrt' | 'none'): number {
  return scale === 'sqrt' ? 1 / Math.sqrt(Math.max(1, n)) : 1;
}

/** The logit of a linear model for one example (the TS reference the ONNX graph must equal). */
export function linearLogit(m: LinearModel, ids: Int32Array): number {
  let z = 0;
  for (let k = 0; k < ids.length; k++) z += m.weight[ids[k]];
  return m.bias + exampleScale(ids.length, m.scale) * z;
}

/** Trains one model. */
export function trainLinear(examples: readonly Example[], buckets: number, o: LinearOptions): LinearModel {
  const w = new Float32Array(buckets);
  const G = new Float32Array(buckets).fill(1e-6);
  let b = 0;
  let Gb = 1e-6;
  const v = o.values;
  const rand = mulberry32(o.seed);
  const order = Array.from(examples.keys());
  const avgFrom = o.averageFrom ?? 0;
  const avg = avgFrom > 0 ? new Float64Array(buckets) : null;
  let avgB = 0;
  let snapshots = 0;
  let done = 0;
  const drop = o.dropout ?? 0;
  let keep = new Uint8Array(1024);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of order) {
      const ex = examples[idx];
      const s = exampleScale(ex.ids.length, o.scale) / (1 - drop);
      const n = ex.ids.length;
      if (n > keep.length) keep = new Uint8Array(n);
      for (let k = 0; k < n; k++) keep[k] = drop > 0 && rand() < drop ? 0 : 1;
      let z = b;
      for (let k = 0; k < n; k++) {
        if (!keep[k]) continue;
        const j = ex.ids[k];
        z += s * w[j] * (v ? v[j] : 1);
      }
      const p = 1 / (1 + Math.exp(-z));
      const g = p - ex.label;
      for (let k = 0; k < n; k++) {
        if (!keep[k]) continue;
        const j = ex.ids[k];
        const grad = g * s * (v ? v[j] : 1) + o.l2 * w[j];
        G[j] += grad * grad;
        w[j] -= (o.lr * grad) / Math.sqrt(G[j]);
      }
      Gb += g * g;
      b -= (o.lr * g) / Math.sqrt(Gb);
      if (++done % 2000 === 0) o.onProgress?.(done);
    }
    if (avg && epoch + 1 >= avgFrom) {
      for (let j = 0; j < buckets; j++) avg[j] += w[j];
      avgB += b;
      snapshots++;
    }
    o.onEpoch?.(epoch + 1, done);
  }
  if (avg && snapshots > 0) {
    for (let j = 0; j < buckets; j++) w[j] = avg[j] / snapshots;
    b = avgB / snapshots;
  }
  // Fold the fixed feature values into the weights: the exported model only needs w·v.
  if (v) for (let j = 0; j < buckets; j++) w[j] *= v[j];
  return { weight: w, bias: b, scale: o.scale };
}
