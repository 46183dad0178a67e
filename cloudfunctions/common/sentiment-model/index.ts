/**
 * The sentiment model as data: the linear ensemble and its TypeScript reference, the ONNX graph
 * that serves it, reading a graph back into weights, and the metrics the guard and the reports use.
 * Pure code shared by training (scripts/train/sentiment) and functions that adapt a shop's model.
 */
export { memberLogits, ensembleProbability, type EnsembleMember, type SentimentEnsemble } from './ensemble';
export { exportSentimentOnnx, SENTIMENT_IO } from './graph';
export { ensembleFromOnnx } from './from-onnx';
export { binaryMetrics, expectedCalibrationError, type BinaryMetrics } from './metrics';
export { nbRatios, type Example } from './nb';
