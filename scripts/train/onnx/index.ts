/** The ONNX graph helpers live in cloudfunctions/common/onnx (functions build graphs too). */
export * from '../../../cloudfunctions/common/onnx';
