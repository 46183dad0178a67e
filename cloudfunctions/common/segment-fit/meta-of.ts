/** meta.json of a fitted segmentation (the shape the segment function reads: segments/meta.ts). */
import { featureSpecHash } from '../inference/feature-spec-hash';
import type { SegmentationMeta } from '../segments/meta';
import { typicalRaw } from './build-segments';
import type { FitQuality, SegmentationModel } from './fit';

/** Provenance of a fit. */
export interface MetaInfo {
  version: string;
  createdAt: string;
  data: SegmentationMeta['data'];
  /** extra metrics merged into `metrics` (e.g. parityMaxAbs, heldOut) */
  metrics?: Record<string, unknown>;
}

/** Version string `seg-YYYYMMDDhhmm-<hash6>` from a creation time and a data hash. */
export const segmentationVersion = (createdAt: string, hash: string): string => `seg-${createdAt.slice(0, 16).replace(/[-:T]/g, '')}-${hash.slice(0, 6)}`;

/** Build meta.json for a model. */
export function segmentationMeta(m: SegmentationModel, q: FitQuality, info: MetaInfo): SegmentationMeta {
  const names = m.transform.names;
  const latentDim = m.centroids.d;
  return {
    name: 'segmentation',
    version: info.version,
    createdAt: info.createdAt,
    inputs: [{ name: 'features', dtype: 'float32', shape: ['N', names.length] }],
    outputs: [
      { name: 'segment', dtype: 'int64', shape: ['N'] },
      { name: 'distances', dtype: 'float32', shape: ['N', m.k] },
      { name: 'latent', dtype: 'float32', shape: ['N', latentDim] },
    ],
    featureSpecHash: featureSpecHash(),
    featureNames: names,
    transform: m.transform,
    typical: typicalRaw(m.transform).map((v) => Number(v.toFixed(4))),
    method: m.method,
    latentDim,
    encoder: m.encoder.map((L) => ({ inDim: L.inDim, outDim: L.outDim, w: Array.from(L.w), b: Array.from(L.b), relu: L.relu })),
    centroids: [...Array(m.k).keys()].map((c) => Array.from(m.centroids.data.subarray(c * latentDim, (c + 1) * latentDim))),
    segments: m.segments,
    metrics: { ...q, ...info.metrics },
    identity: m.identity,
    data: info.data,
  };
}
