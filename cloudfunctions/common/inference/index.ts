/**
 * Model inference for cloud functions: the registry (getModel/registerModel), its named errors,
 * and the sentiment scorer. Segmentation adds its own module beside these and registers itself.
 */
export { getModel, registerModel, registeredModels, forgetModels, type LoadedModel } from './registry';
export type { ModelDefinition } from './model-checks';
export type { ModelMeta } from './meta';
export type { TensorData } from './backend';
export { ModelLoadError, FeatureHashMismatchError, ModelIoMismatchError, InferenceError, type ModelLoadReason } from './errors';
export { modelDirCandidates, findModelDir } from './models-dir';
export { scoreSentiment, SentimentInputError, SENTIMENT_BATCH, type SentimentScore } from './sentiment';
