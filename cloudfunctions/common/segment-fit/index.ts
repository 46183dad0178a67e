/**
 * Segmentation fitting core (pure TypeScript, no I/O): shared by `npm run train:segments`,
 * `npm run eval:segments` and the cloud refit job. Entry point: {@link fitSegmentation}.
 */
export { fitSegmentation, prepareRows, finalFit, buildModel, qualityOf, rfmColumns, segmenterParams, selectOptions, DEFAULT_SELECT } from './fit';
export type { FitOptions, FitQuality, FitResult, Prepared, SegmentationModel } from './fit';
export { segmentationMeta, segmentationVersion, type MetaInfo } from './meta-of';
export { exportSegmenter } from './export-onnx';
export { encode, type Dense } from './autoencoder';
export { scoreReference, standardiseRows, type SegmenterParams, type SegmenterOutput } from './reference';
export { adjustedRand, clusterMeans, daviesBouldin, silhouette, sizeBalance } from './metrics';
export { assign, kmeans, kmeansRun, type KMeansResult } from './kmeans';
export { fromRows, takeRows, zeros, row, sqDist, type Matrix } from './matrix';
export { chooseK, makeSetup, scoreMethod, type EvalSetup, type Fitter, type MethodScore } from './evaluate';
export { combineSelection, scoreAtK, selectionSample, selectModels, autoencoderEarnsPlace, type KScores, type Progress, type Selection, type SelectionSample, type SelectOptions } from './select';
export { fitRfm, type RfmColumns } from './rfm-baseline';
export { matchIdentities, profileToZ, MATCH_MAX_DISTANCE, MATCH_RELATIVE, type IdentityResult } from './identity';
export { hungarian } from './hungarian';
export { buildSegments, typicalRaw } from './build-segments';
