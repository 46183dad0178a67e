/**
 * The segmentation model's input transform. Its input is the feature vector of
 * `computeFeatures(profile, asOf)` (common/features: missing filled, clipped, log1p applied per
 * models/feature-spec.json); the model then fills NaN, clips to the spec's range (in the
 * transformed scale, as a guard) and standardises with stats fitted at training time.
 * The ONNX graph does exactly this; this file is the TypeScript reference and the source of
 * per-customer z-scores for reasons.
 */

import type { FeatureSpecEntry } from '../features/feature-spec';

export type { FeatureSpecEntry };

/** Fitted standardiser, stored in meta.json. Arrays are in feature-spec order, transformed scale. */
export interface TransformStats {
  names: string[];
  /** value used for NaN (the spec's `missing`, else its upper clip, like computeFeatures) */
  fill: number[];
  lo: number[];
  hi: number[];
  /** whether the feature is log1p-transformed (to print raw units) */
  log1p: boolean[];
  mean: number[];
  /** 1 where the feature is constant in the training data */
  std: number[];
}

const fwd = (f: FeatureSpecEntry, v: number) => (f.transform === 'log1p' ? Math.log1p(v) : v);

/** z-scores of one model-input vector. */
export function standardise(x: ArrayLike<number>, t: TransformStats): number[] {
  const out = new Array<number>(t.mean.length);
  for (let j = 0; j < t.mean.length; j++) {
    let v = x[j];
    if (v === undefined || v === null || Number.isNaN(v)) v = t.fill[j];
    v = Math.min(t.hi[j], Math.max(t.lo[j], v));
    out[j] = (v - t.mean[j]) / t.std[j];
  }
  return out;
}

/** Model-input scale → raw units (undo log1p). */
export function toRawUnits(v: number, j: number, t: Pick<TransformStats, 'log1p'>): number {
  return t.log1p[j] ? Math.expm1(v) : v;
}

/** z-score → raw units. */
export function zToRaw(z: ArrayLike<number>, t: TransformStats): number[] {
  return Array.from(z, (v, j) => toRawUnits(v * t.std[j] + t.mean[j], j, t));
}

/** Fit the standardiser on model-input rows (each in feature-spec order). */
export function fitTransform(rows: ArrayLike<number>[], spec: FeatureSpecEntry[]): TransformStats {
  const d = spec.length;
  const base = {
    names: spec.map((f) => f.name),
    fill: spec.map((f) => fwd(f, f.missing ?? f.clip[1])),
    lo: spec.map((f) => fwd(f, f.clip[0])),
    hi: spec.map((f) => fwd(f, f.clip[1])),
    log1p: spec.map((f) => f.transform === 'log1p'),
    mean: new Array<number>(d).fill(0),
    std: new Array<number>(d).fill(1),
  };
  const sum = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const r of rows) {
    if (r.length !== d) throw new Error(`feature row has ${r.length} values, spec has ${d}`);
    standardise(r, base).forEach((v, j) => {
      sum[j] += v;
      sq[j] += v * v;
    });
  }
  const n = Math.max(1, rows.length);
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, j) => {
    const sd = Math.sqrt(Math.max(0, s / n - mean[j] * mean[j]));
    return sd > 1e-9 ? sd : 1;
  });
  return { ...base, mean, std };
}
