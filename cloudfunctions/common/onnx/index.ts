/**
 * ONNX graph-building helpers (IR 8, opset 17, raw-data initializers), shared by the training
 * scripts and by cloud functions that build a model in the function (e.g. a shop's adapted
 * sentiment model). Pure code on `onnx-proto`; no runtime.
 */
export * from './tensor';
export * from './graph';
export * from './builder';
