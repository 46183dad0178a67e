/**
 * The TypeScript reference of the exported graph: model-input features → standardise → encoder →
 * squared distances → nearest centroid's stable id. The ONNX parity test compares against this.
 */
import { standardise, TransformStats } from '../segments/transform';
import { Dense, encode } from './autoencoder';
import { fromRows, Matrix, sqDist } from './matrix';

/** Everything the graph is built from. */
export interface SegmenterParams {
  transform: TransformStats;
  /** encoder layers; empty = plain k-means on the standardised features */
  encoder: Dense[];
  /** [K, latentDim] in index order */
  centroids: Matrix;
  /** stable segment id per centroid index */
  ids: number[];
}

/** Output of the reference (same names as the graph's outputs). */
export interface SegmenterOutput {
  segment: number[];
  distances: Matrix;
  latent: Matrix;
}

/** Standardised rows of raw feature rows. */
export const standardiseRows = (raw: Matrix, t: TransformStats): Matrix =>
  fromRows(Array.from({ length: raw.n }, (_, i) => standardise(raw.data.subarray(i * raw.d, (i + 1) * raw.d), t)));

/** Run the reference on raw feature rows. */
export function scoreReference(raw: Matrix, p: SegmenterParams): SegmenterOutput {
  const latent = encode(standardiseRows(raw, p.transform), p.encoder);
  const K = p.centroids.n;
  const distances: Matrix = { n: raw.n, d: K, data: new Float64Array(raw.n * K) };
  const segment: number[] = [];
  for (let i = 0; i < raw.n; i++) {
    let best = 0;
    for (let k = 0; k < K; k++) {
      const dd = sqDist(latent, i, p.centroids, k);
      distances.data[i * K + k] = dd;
      if (dd < distances.data[i * K + best]) best = k;
    }
    segment.push(p.ids[best]);
  }
  return { segment, distances, latent };
}
