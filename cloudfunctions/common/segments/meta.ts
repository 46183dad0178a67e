/**
 * Shape of models/segmentation/meta.json, read by the segment function (naming, reasons,
 * distribution) and written by scripts/train/segmentation.
 */
import { currentSegmentName } from './display-name';
import type { TransformStats } from './transform';

/** One segment of the shipped model. `id` is stable across retraining; `index` is its column in `distances`. */
export interface SegmentDef {
  id: number;
  index: number;
  /** Chinese name shown to staff */
  name: string;
  /** naming rule that produced the name (e.g. `dormant`) */
  rule: string;
  /** plain Chinese explanation derived from the centroid vs the population */
  explanation: string;
  /** training customers in the segment and their share */
  size: number;
  share: number;
  /** centroid profile in raw feature units (back-transformed mean of members), by feature name */
  profile: Record<string, number>;
  /** centroid in the standardised feature space (mean z of members), spec order */
  z: number[];
}

/** Encoder weights ([in,out] row-major) kept for the TypeScript reference and audits. */
export interface EncoderLayer {
  inDim: number;
  outDim: number;
  w: number[];
  b: number[];
  relu: boolean;
}

/** models/segmentation/meta.json */
export interface SegmentationMeta {
  name: 'segmentation';
  version: string;
  createdAt: string;
  inputs: { name: string; dtype: 'float32'; shape: [string, number] }[];
  outputs: { name: string; dtype: 'int64' | 'float32'; shape: (string | number)[] }[];
  featureSpecHash: string;
  featureNames: string[];
  transform: TransformStats;
  /** typical raw value per feature: back-transform of the population mean (what z = 0 means) */
  typical: number[];
  method: 'autoencoder+kmeans' | 'kmeans';
  latentDim: number;
  encoder: EncoderLayer[];
  /** centroids in the latent space, in `index` order */
  centroids: number[][];
  segments: SegmentDef[];
  metrics: Record<string, unknown>;
  identity: {
    previousVersion: string | null;
    kept: number[];
    renamed: { id: number; from: string; to: string }[];
    added: number[];
    retired: number[];
    /** distance (z units) of each matched pair */
    distances?: { id: number; distance: number }[];
  };
  data: { source: string; hash: string; rows: number };
}

/**
 * `meta` with its segments named in today's words (display-name.ts currentSegmentName): a version
 * fitted before a rule was renamed stores the old name, and what reads it — the segment pass that
 * writes `segmentName`, the admin's catalog, the next refit's identity — says today's.
 */
export function withCurrentNames<M extends { segments: ReadonlyArray<{ name: string }> }>(meta: M): M {
  if (meta.segments.every((s) => currentSegmentName(s.name) === s.name)) return meta;
  return { ...meta, segments: meta.segments.map((s) => ({ ...s, name: currentSegmentName(s.name) })) };
}
