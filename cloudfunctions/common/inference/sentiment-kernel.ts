/**
 * Small-batch evaluation of the SERVED sentiment model without an onnxruntime call. One graph run
 * costs ~20–40 µs of fixed overhead (tensor wrapping, N-API, session bookkeeping) while the model
 * itself is ~130 gathers, so a one-review call (the track function's) spends most of its time in
 * that overhead. The kernel reads W and b from the same model.onnx the session serves, checks the
 * graph is exactly the op chain it implements (else it is not used), and computes what the graph
 * computes: positive = mean_k σ(b_k + s·Σ_l W[id_l, k]), s = 1/sqrt(n). A parity test holds it to
 * the onnxruntime output (sentiment-kernel.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedModel } from './registry';
import { readOnnxGraph } from './sentiment-onnx-read';

/** The op chain export.ts writes; any other graph is served by onnxruntime only. */
export const SENTIMENT_GRAPH_OPS = ['Gather', 'Unsqueeze', 'MatMul', 'Squeeze', 'Add', 'Sigmoid', 'ReduceMean'];

/** Calls of at most this many texts use the kernel; larger ones go to onnxruntime (batched MatMul wins there). */
export const SENTIMENT_KERNEL_MAX_BATCH = 8;

/** The served model's weights, evaluated in TypeScript. */
export interface SentimentKernel {
  buckets: number;
  members: number;
  /** Probability of positive for one text's bucket ids (as the graph's `positive`). */
  positive(ids: Int32Array): number;
}

/** Builds the kernel from ONNX bytes, or null when the graph is not the expected op chain. */
export function sentimentKernelFromOnnx(bytes: Uint8Array): SentimentKernel | null {
  const g = readOnnxGraph(bytes);
  if (g.ops.join(',') !== SENTIMENT_GRAPH_OPS.join(',')) return null;
  const W = g.floats.get('W');
  const b = g.floats.get('b');
  if (!W || !b || W.dims.length !== 2 || b.dims.length !== 1) return null;
  const [V, K] = W.dims;
  if (b.dims[0] !== K || W.data.length !== V * K) return null;
  const w = W.data;
  const bias = b.data;
  const z = new Float64Array(K);
  return {
    buckets: V,
    members: K,
    positive(ids) {
      const n = ids.length;
      const s = n > 0 ? Math.fround(1 / Math.sqrt(n)) : 0;
      z.fill(0);
      for (let l = 0; l < n; l++) {
        const row = ids[l] * K;
        for (let k = 0; k < K; k++) z[k] += w[row + k];
      }
      let p = 0;
      for (let k = 0; k < K; k++) p += 1 / (1 + Math.exp(-(bias[k] + s * z[k])));
      return p / K;
    },
  };
}

const kernels = new WeakMap<LoadedModel, SentimentKernel | null | 'next-call'>();
let enabled = true;

/** Turns the kernel off/on (benchmarks and parity tests compare it with onnxruntime). */
export function setSentimentKernelEnabled(on: boolean): void {
  enabled = on;
}

/**
 * The kernel for a loaded model (built once per loaded model, from its own file), or null when
 * disabled or the graph is not the expected one. A read failure also yields null: onnxruntime
 * then serves every call, so a kernel problem never takes scoring down. The first call of a
 * container is served by onnxruntime (its session is loaded anyway) and the kernel is built on the
 * second: reading W (~8 MB) costs ~10 ms that should not land on the cold start.
 */
export function sentimentKernel(model: LoadedModel): SentimentKernel | null {
  if (!enabled) return null;
  let k = kernels.get(model);
  if (k === undefined) {
    kernels.set(model, 'next-call');
    return null;
  }
  if (k === 'next-call') {
    try {
      k = sentimentKernelFromOnnx(fs.readFileSync(path.join(model.dir, model.meta.modelFile)));
    } catch {
      k = null;
    }
    kernels.set(model, k);
  }
  return k;
}
