/**
 * Model inference for cloud functions: the registry (getModel/registerModel), its named errors,
 * and the sentiment scorer. Another model registers itself from its own module, e.g.
 *
 *   registerModel({ name: 'segmentation', inputs: ['features'], outputs: ['segment', 'distances'],
 *                   featureHash: featureSpecHash, hashField: 'featureSpecHash' });
 *   const m = await getModel('segmentation');          // once per container; ModelLoadError on failure
 *   const out = await m.run({ features: { type: 'float32', data, dims: [n, f] } });
 *
 * Shop versions (model store): `configureModelSource(storeModelSource(store))` in the function
 * entry; `getModel` then serves the pointer's version (re-read every 60 s), falling back to the
 * last good version and then the shipped model — `m.version`, `m.source`, `m.why` say which.
 *
 * Files: models/<name>/meta.json (+ meta.modelFile, default model.onnx) under $QX_MODELS_DIR,
 * `models/` beside the bundle, or the repo's models/.
 */
export {
  getModel,
  registerModel,
  registeredModels,
  forgetModels,
  configureModelSource,
  servingModels,
  POINTER_TTL_MS,
  type LoadedModel,
} from './registry';
export { storeModelSource, fetchVersionDir, versionCacheRoot, type ModelSource } from './model-source';
export type { ModelDefinition } from './model-checks';
export type { ModelMeta } from './meta';
export type { TensorData } from './backend';
export {
  ModelLoadError,
  FeatureHashMismatchError,
  ModelIoMismatchError,
  InferenceError,
  type ModelLoadReason,
} from './errors';
export { modelDirCandidates, findModelDir } from './models-dir';
export {
  scoreSentiment,
  scoreSentimentWith,
  SentimentInputError,
  SENTIMENT_BATCH,
  type SentimentScore,
  type SentimentRunner,
} from './sentiment';
export { createSession, type BackendSession } from './backend';
