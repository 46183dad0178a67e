/** Shared ONNX graph-building helpers (IR 8, opset 17, raw-data initializers). */
export * from './tensor';
export * from './graph';
export * from './builder';
