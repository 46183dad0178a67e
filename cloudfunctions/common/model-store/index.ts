/**
 * The model store: versions of shop-fitted models in cloud storage + `model_versions`, the serving
 * pointer in `model_pointers`, the guard, rollback. See README.md for the lifecycle.
 */
export { createModelStore, type ModelStore, type CandidateInput, type GuardResult } from './store';
export { judge, type GuardRule } from './guard';
export * from './types';
export type { ModelStoreDb, ModelFiles, ModelStorePorts } from './ports';
export { memoryModelStorePorts, memoryModelDb, memoryModelFiles } from './memory-ports';
export { wxModelStorePorts, wxModelDb, wxModelFiles, type SdkStorage } from './wx-ports';
