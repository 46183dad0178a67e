/**
 * The guard's comparison for a clustering: silhouette of the candidate's and the incumbent's
 * segments on the SAME held-back customers, measured in ONE space — the standardised features of
 * this shop's current customers (the candidate's standardiser, fitted on the training rows) — so
 * neither model is judged in a space of its own making. A model whose feature list differs from
 * the current spec cannot serve these rows at all and scores the silhouette's floor, -1.
 */
import { FEATURE_SPEC } from '../inference/feature-spec-hash';
import { assign, encode, fromRows, silhouette, standardiseRows, type Dense, type Matrix } from '../segment-fit';
import type { SegmentationMeta } from '../segments/meta';
import type { TransformStats } from '../segments/transform';
import { mulberry32, sampleIndices } from '../random';

/** Nearest-centroid index of every row under `meta`'s own transform, encoder and centroids. */
export function labelsUnder(meta: SegmentationMeta, raw: Matrix): Int32Array {
  const encoder: Dense[] = meta.encoder.map((L) => ({ ...L, w: Float64Array.from(L.w), b: Float64Array.from(L.b) }));
  return assign(encode(standardiseRows(raw, meta.transform), encoder), fromRows(meta.centroids)).labels;
}

/** Whether `meta` reads the feature rows of the current spec. */
export const servesCurrentSpec = (meta: SegmentationMeta): boolean => meta.featureNames?.join() === FEATURE_SPEC.features.map((f) => f.name).join();

/** Held-out silhouettes of candidate and incumbent (sample of at most `sample` rows, seeded). */
export function heldOutSilhouettes(held: Matrix, common: TransformStats, candidate: SegmentationMeta, incumbent: SegmentationMeta | null, o: { sample: number; seed: number }): { candidate: number; incumbent: number; heldOut: number } {
  const idx = sampleIndices(held.n, o.sample, mulberry32(o.seed + 31));
  const z = standardiseRows(held, common);
  const score = (meta: SegmentationMeta | null) => (meta && servesCurrentSpec(meta) ? silhouette(z, labelsUnder(meta, held), idx) : -1);
  return { candidate: score(candidate), incumbent: score(incumbent), heldOut: held.n };
}
