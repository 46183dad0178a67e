/**
 * The ONE segmentation fitting path, used by `npm run train:segments` and by the cloud refit:
 * model-input rows (computeFeatures output) → standardise → [autoencoder] → K chosen by
 * silhouette + bootstrap stability (evaluate.ts) → final k-means on all rows → segment names,
 * explanations and stable ids matched against the previous model.
 * Pure and deterministic for a seed. The pieces are exported so a resumable job can run them in
 * separate steps; {@link fitSegmentation} composes them in one call.
 */
import type { SegmentationMeta, SegmentDef } from '../segments/meta';
import { fitTransform, type TransformStats } from '../segments/transform';
import { FEATURE_SPEC } from '../inference/feature-spec-hash';
import { encode, encoderOf, reconstructionMse, trainAutoencoder, type Dense } from './autoencoder';
import { buildSegments } from './build-segments';
import type { MethodScore } from './evaluate';
import { kmeans, type KMeansResult } from './kmeans';
import { fromRows, type Matrix } from './matrix';
import { standardiseRows, type SegmenterParams } from './reference';
import type { RfmColumns } from './rfm-baseline';
import { autoencoderEarnsPlace, selectModels, type Progress, type Selection, type SelectOptions } from './select';

/** Selection defaults (those of `npm run train:segments` without --quick). */
export const DEFAULT_SELECT: Omit<SelectOptions, 'seed'> = { kMin: 3, kMax: 8, fitSample: 20000, evalSample: 2500, bootstraps: 5, restarts: 4 };

/** Options of a fit. */
export interface FitOptions extends Partial<Omit<SelectOptions, 'seed'>> {
  seed: number;
  /** the model serving now: its segment ids and names are kept where centroids match */
  previous?: SegmentationMeta | null;
  /** also train an autoencoder and keep it only if it earns its place; omitted = plain k-means */
  autoencoder?: { epochs: number; onEpoch?: (epoch: number, loss: number) => void } | null;
  /** progress of the K selection (steps: 2 or 3 per K) */
  progress?: Progress;
}

/** A fitted segmentation: everything the graph and meta.json are built from. */
export interface SegmentationModel {
  method: SegmentationMeta['method'];
  transform: TransformStats;
  /** encoder layers; empty = plain k-means on the standardised features */
  encoder: Dense[];
  /** [K, latentDim] in index order */
  centroids: Matrix;
  k: number;
  /** ids, names, explanations, sizes, centroid profiles (index order) */
  segments: SegmentDef[];
  identity: SegmentationMeta['identity'];
}

/** Quality figures of a fit (all on the same footing: common standardised space, same samples). */
export interface FitQuality {
  shipped: MethodScore;
  plainKmeans: MethodScore;
  autoencoder: MethodScore | null;
  rfm: MethodScore;
  autoencoderKept: boolean;
  autoencoderMse: number | null;
  perK: { autoencoder: MethodScore[]; plainKmeans: MethodScore[]; rfm: MethodScore[] };
}

/** Result of {@link fitSegmentation}. */
export interface FitResult {
  model: SegmentationModel;
  quality: FitQuality;
  /** final cluster index of every input row */
  labels: Int32Array;
  /** model-input rows and their standardised form */
  raw: Matrix;
  z: Matrix;
}

/** Prepared rows: fitted standardiser, raw and standardised matrices. */
export interface Prepared {
  transform: TransformStats;
  raw: Matrix;
  z: Matrix;
}

/** Fit the standardiser and standardise (rows in feature-spec order). */
export function prepareRows(rows: ArrayLike<number>[]): Prepared {
  const transform = fitTransform(rows, FEATURE_SPEC.features);
  const raw = fromRows(rows);
  return { transform, raw, z: standardiseRows(raw, transform) };
}

/** Columns of recency, frequency and money (the RFM baseline). */
export function rfmColumns(t: TransformStats): RfmColumns {
  return { recency: t.names.indexOf('recency_days'), frequency: t.names.indexOf('frequency_365d'), monetary: t.names.indexOf('monetary_365d') };
}

/** The final k-means on all rows of the chosen space. */
export const finalFit = (space: Matrix, k: number, seed: number): KMeansResult => kmeans(space, k, { seed: seed + 11, restarts: 8, maxIter: 100 });

/** Named segments with stable ids from a final clustering. */
export function buildModel(p: Prepared, km: KMeansResult, encoder: Dense[], previous: SegmentationMeta | null): SegmentationModel {
  const k = km.centroids.n;
  const { segments, identity } = buildSegments(p.z, km.labels, k, p.transform, previous);
  return { method: encoder.length ? 'autoencoder+kmeans' : 'kmeans', transform: p.transform, encoder, centroids: km.centroids, k, segments, identity };
}

/** Quality of the shipped choice from a selection. */
export function qualityOf(s: Selection, keepAe: boolean, aeMse: number | null): FitQuality {
  const shipped = keepAe && s.bestAe ? s.bestAe : s.bestPlain;
  return { shipped, plainKmeans: s.bestPlain, autoencoder: s.bestAe, rfm: s.rfmAtK(shipped.k), autoencoderKept: keepAe, autoencoderMse: aeMse, perK: { autoencoder: s.ae, plainKmeans: s.plain, rfm: s.rfm } };
}

/** Everything the ONNX graph is built from. */
export const segmenterParams = (m: SegmentationModel): SegmenterParams => ({ transform: m.transform, encoder: m.encoder, centroids: m.centroids, ids: m.segments.map((s) => s.id) });

/** Selection options of a fit (defaults filled in). */
export function selectOptions(o: FitOptions): SelectOptions {
  const pick = (k: keyof typeof DEFAULT_SELECT) => o[k] ?? DEFAULT_SELECT[k];
  return { kMin: pick('kMin'), kMax: pick('kMax'), fitSample: pick('fitSample'), evalSample: pick('evalSample'), bootstraps: pick('bootstraps'), restarts: pick('restarts'), seed: o.seed };
}

/** Fit a segmentation on model-input rows in one call. */
export function fitSegmentation(rows: ArrayLike<number>[], o: FitOptions): FitResult {
  const sel = selectOptions(o);
  const p = prepareRows(rows);
  const d = p.z.d;
  const layers = o.autoencoder ? trainAutoencoder(p.z, { dims: [d, 16, 4, 16, d], epochs: o.autoencoder.epochs, batch: 256, lr: 3e-3, seed: o.seed, onEpoch: o.autoencoder.onEpoch }) : null;
  const encoder = layers ? encoderOf(layers) : [];
  const latent = layers ? encode(p.z, encoder) : null;
  const s = selectModels(p.z, latent, p.raw, rfmColumns(p.transform), sel, o.progress);
  const keepAe = autoencoderEarnsPlace(s.bestAe, s.bestPlain);
  const quality = qualityOf(s, keepAe, layers ? reconstructionMse(p.z, layers) : null);
  const km = finalFit(keepAe && latent ? latent : p.z, quality.shipped.k, o.seed);
  const model = buildModel(p, km, keepAe ? encoder : [], o.previous ?? null);
  return { model, quality, labels: km.labels, raw: p.raw, z: p.z };
}
