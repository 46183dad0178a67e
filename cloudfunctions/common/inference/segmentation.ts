/**
 * The segmentation model for cloud functions, on the shared registry: registered here (inputs,
 * outputs, feature-spec hash in meta.json `featureSpecHash`), loaded once per container by
 * `getModel`, plus segmentation-specific meta checks and batched scoring.
 */
import { withCurrentNames, type SegmentationMeta } from '../segments/meta';
import { NON_BUYER_SEGMENT_ID } from '../segments/non-buyers';
import { ModelLoadError } from './errors';
import { FEATURE_SPEC, featureSpecHash } from './feature-spec-hash';
import { getModel, registerModel } from './registry';
import { packFeatureRows, SegmentationInputError } from './segmentation-pre';

export { SegmentationInputError };

/** Rows per graph run. */
export const SEGMENTATION_BATCH = 1024;

registerModel({
  name: 'segmentation',
  inputs: ['features'],
  outputs: ['segment', 'distances', 'latent'],
  featureHash: featureSpecHash,
  hashField: 'featureSpecHash',
  // a refitted shop version that fails these falls back to the last good one (registry)
  checkMeta: (meta) => checkSegmentationMeta(meta as unknown as SegmentationMeta),
});

/** Scores of a batch: stable segment id and squared distance to every centroid (row-major [N,K]). */
export interface SegmentScores {
  segment: number[];
  distances: Float32Array;
  k: number;
}

/** A loaded segmentation model. */
export interface SegmentationModel {
  meta: SegmentationMeta;
  score(rows: ArrayLike<number>[]): Promise<SegmentScores>;
  /** Scores `n` rows packed row-major in `x` ([n, F] model inputs): no per-row arrays. */
  scoreMatrix(x: Float32Array | Float64Array, n: number): Promise<SegmentScores>;
}

/** Segmentation-specific checks beyond the registry's (feature names/width, segment table). */
export function checkSegmentationMeta(meta: SegmentationMeta): void {
  const names = FEATURE_SPEC.features.map((f) => f.name);
  const bad = (msg: string) => new ModelLoadError('segmentation', 'bad_meta', msg);
  if (meta.inputs?.[0]?.shape?.[1] !== names.length)
    throw bad(`meta.json input must be features [N,${names.length}]`);
  if (!Array.isArray(meta.featureNames) || meta.featureNames.join() !== names.join())
    throw bad('meta.json featureNames differ from models/feature-spec.json');
  if (!meta.transform || meta.transform.mean?.length !== names.length)
    throw bad('meta.json transform stats are missing or the wrong width');
  if (!meta.segments?.length || meta.segments.some((s, i) => s.index !== i || s.z?.length !== names.length))
    throw bad('meta.json segments must be listed in index order with z per feature');
  // the id of the fixed non-buyer group: a model using it would merge its segment with that group
  if (meta.segments.some((s) => s.id === NON_BUYER_SEGMENT_ID))
    throw bad(`meta.json segment id ${NON_BUYER_SEGMENT_ID} is reserved for customers without an order`);
}

/** The container's segmentation model (ModelLoadError when it cannot load; not cached on failure). */
export async function getSegmentationModel(): Promise<SegmentationModel> {
  const loaded = await getModel('segmentation');
  // A shop version is named by the model store (the admin 模型 card, rollbacks): profiles and
  // segment runs record that name, not the fit's own stamp inside its meta.json.
  const stored = loaded.meta as unknown as SegmentationMeta;
  // Named in today's words: profiles get today's name on the next pass (segments/meta.ts).
  const meta = withCurrentNames(loaded.source === 'store' ? { ...stored, version: loaded.version } : stored);
  checkSegmentationMeta(meta);
  const F = meta.featureNames.length;
  const K = meta.segments.length;
  const scoreMatrix = async (x: Float32Array | Float64Array, n: number): Promise<SegmentScores> => {
    if (x.length !== n * F)
      throw new SegmentationInputError(`feature matrix has ${x.length} values, the model needs ${n} × ${F}`);
    const segment = new Array<number>(n);
    const distances = new Float32Array(n * K);
    for (let s = 0; s < n; s += SEGMENTATION_BATCH) {
      const m = Math.min(SEGMENTATION_BATCH, n - s);
      const part = x.subarray(s * F, (s + m) * F);
      // float64 → float32 in one typed-array copy (the same rounding as element-wise assignment)
      const data = part instanceof Float32Array ? part : new Float32Array(part);
      const out = await loaded.run({ features: { type: 'float32', data, dims: [m, F] } });
      distances.set(out.distances.data as Float32Array, s * K);
      const seg = out.segment.data as BigInt64Array;
      for (let i = 0; i < m; i++) segment[s + i] = Number(seg[i]);
    }
    return { segment, distances, k: K };
  };
  return {
    meta,
    scoreMatrix,
    async score(rows) {
      const x = packFeatureRows(rows, F);
      return scoreMatrix(x, rows.length);
    },
  };
}
