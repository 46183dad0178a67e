/**
 * The ONE file that touches onnxruntime-node. Everything else works with plain typed arrays, so
 * pre/post-processing is testable without the native runtime.
 */
// onnxruntime-node is pinned to 1.16.3: the last release that runs on glibc 2.17 (the WeChat
// cloud function runtime, CentOS 7); 1.17+ needs glibc 2.27/2.28. See package.json.
import * as ort from 'onnxruntime-node';

/** A tensor handed to / returned from the runtime. */
export interface TensorData {
  type: 'float32' | 'float64' | 'int64' | 'int32';
  data: Float32Array | Float64Array | BigInt64Array | Int32Array;
  dims: readonly number[];
}

/** A created session: names plus a run function on plain tensors. */
export interface BackendSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

/**
 * Creates a session from an .onnx file or from model bytes (e.g. a shop's adapted model built in
 * the function): one intra-op thread (a function container has ~1 vCPU).
 */
export async function createSession(source: string | Uint8Array): Promise<BackendSession> {
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  const session =
    typeof source === 'string'
      ? await ort.InferenceSession.create(source, options)
      : await ort.InferenceSession.create(source, options);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const input: Record<string, ort.Tensor> = {};
      for (const [k, t] of Object.entries(feeds)) input[k] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await session.run(input);
      const res: Record<string, TensorData> = {};
      for (const [k, t] of Object.entries(out)) {
        res[k] = { type: t.type as TensorData['type'], data: t.data as TensorData['data'], dims: t.dims };
      }
      return res;
    },
  };
}
