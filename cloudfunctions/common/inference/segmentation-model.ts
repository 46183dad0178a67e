/**
 * The segmentation model in a cloud function: meta.json checked against the code (feature-spec
 * hash, input names/shape), ONE onnxruntime session per container (the promise is created once
 * and reused; a failed load is retried on the next call, not cached), batched scoring.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { SegmentationMeta } from '../segments/meta';
import { featureSpecHash, FEATURE_SPEC } from './feature-spec-hash';

/** The model could not be loaded (missing files, bad meta, spec mismatch, runtime error). */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** meta.json was trained on a different feature spec than the code computes. */
export class FeatureSpecMismatchError extends ModelLoadError {
  override name = 'FeatureSpecMismatchError';
}

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
}

/** Where the model files are: $QX_MODELS_DIR, the function package (`models/` beside the bundle), or the repo. */
export function resolveModelDir(name: string, from: string[] = [__dirname, process.cwd()]): string {
  if (process.env.QX_MODELS_DIR) return path.join(process.env.QX_MODELS_DIR, name);
  for (const start of from) {
    for (let dir = start, i = 0; i < 8; i++, dir = path.dirname(dir)) {
      const cand = path.join(dir, 'models', name);
      if (fs.existsSync(path.join(cand, 'meta.json'))) return cand;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new ModelLoadError(`model "${name}" not found (looked for models/${name}/meta.json above ${from.join(', ')}; set QX_MODELS_DIR)`);
}

/** Refuse a meta.json that does not fit this code. */
export function checkMeta(meta: SegmentationMeta, expectedHash = featureSpecHash()): void {
  const names = FEATURE_SPEC.features.map((f) => f.name);
  if (meta.name !== 'segmentation') throw new ModelLoadError(`meta.json is for "${meta.name}", not segmentation`);
  if (meta.featureSpecHash !== expectedHash) {
    throw new FeatureSpecMismatchError(
      `segmentation model ${meta.version} was trained on feature spec ${String(meta.featureSpecHash).slice(0, 12)}…, the code has ${expectedHash.slice(0, 12)}…: retrain with npm run train:segments`,
    );
  }
  const input = meta.inputs?.[0];
  if (!input || input.name !== 'features' || input.shape?.[1] !== names.length) throw new ModelLoadError(`meta.json input must be features [N,${names.length}]`);
  if (meta.featureNames.join() !== names.join()) throw new FeatureSpecMismatchError('meta.json feature names differ from models/feature-spec.json');
  if (!meta.segments?.length || meta.segments.some((s, i) => s.index !== i)) throw new ModelLoadError('meta.json segments must be listed in index order');
}

/** Load and check a model from `dir` (no caching; see {@link getSegmentationModel}). */
export async function loadSegmentationModel(dir: string, batch = 1024): Promise<SegmentationModel> {
  let meta: SegmentationMeta;
  try {
    meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as SegmentationMeta;
  } catch (err) {
    throw new ModelLoadError(`cannot read ${dir}/meta.json: ${(err as Error).message}`);
  }
  checkMeta(meta);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (err) {
    throw new ModelLoadError(`cannot load ${dir}/model.onnx: ${(err as Error).message}`);
  }
  const F = meta.featureNames.length;
  const K = meta.segments.length;
  return {
    meta,
    async score(rows) {
      const segment: number[] = new Array(rows.length);
      const distances = new Float32Array(rows.length * K);
      for (let s = 0; s < rows.length; s += batch) {
        const n = Math.min(batch, rows.length - s);
        const x = new Float32Array(n * F);
        for (let i = 0; i < n; i++) {
          const r = rows[s + i];
          if (r.length !== F) throw new RangeError(`feature row ${s + i} has ${r.length} values, the model needs ${F}`);
          for (let j = 0; j < F; j++) x[i * F + j] = r[j];
        }
        const out = await session.run({ features: new ort.Tensor('float32', x, [n, F]) });
        const seg = out.segment.data as BigInt64Array;
        for (let i = 0; i < n; i++) segment[s + i] = Number(seg[i]);
        distances.set(out.distances.data as Float32Array, s * K);
      }
      return { segment, distances, k: K };
    },
  };
}

let cached: Promise<SegmentationModel> | null = null;

/** The container's segmentation model: created once, reused by every invocation. */
export function getSegmentationModel(): Promise<SegmentationModel> {
  if (!cached) {
    cached = Promise.resolve()
      .then(() => loadSegmentationModel(resolveModelDir('segmentation')))
      .catch((err) => {
        cached = null; // let the next invocation try again (e.g. after a deploy fixes the files)
        throw err instanceof ModelLoadError ? err : new ModelLoadError(String((err as Error)?.message ?? err));
      });
  }
  return cached;
}
