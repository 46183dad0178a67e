/**
 * Jest environment for suites that run onnxruntime-node. The native binding returns typed arrays
 * from Node's main realm, while jest's sandbox has its own Float32Array etc., so
 * onnxruntime-common's `instanceof` checks fail ("A float32 tensor's data must be type of ...").
 * Sharing the main realm's typed-array constructors with the sandbox fixes that.
 * Use with a docblock: `/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js *\/`.
 */
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const SHARED = [
  'ArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OrtEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
