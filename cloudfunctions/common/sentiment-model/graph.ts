/**
 * Builds the sentiment ONNX graph: ids [B,L] int64 + weights [B,L] float (1/sqrt(n), 0 = padding)
 * → Gather(W[V,K]) → weighted sum over L (MatMul) → +bias → Sigmoid → mean over members.
 * Outputs `positive` [B,1] and the members' calibrated logits `logits` [B,K].
 */
import { DataType, GraphBuilder } from '../onnx';
import type { SentimentEnsemble } from './ensemble';

/** Graph input/output names (also written to meta.json and checked at load). */
export const SENTIMENT_IO = {
  inputs: [
    { name: 'ids', type: 'int64', dims: ['batch', 'len'] },
    { name: 'weights', type: 'float32', dims: ['batch', 'len'] },
  ],
  outputs: [
    { name: 'positive', type: 'float32', dims: ['batch', 1] },
    { name: 'logits', type: 'float32', dims: ['batch', 'members'] },
  ],
} as const;

/** Serialises the ensemble to ONNX bytes. */
export function exportSentimentOnnx(m: SentimentEnsemble, metadata: Record<string, string> = {}): Uint8Array {
  const K = m.members.length;
  const V = m.buckets;
  const W = new Float32Array(V * K);
  m.members.forEach((mem, k) => {
    for (let j = 0; j < V; j++) W[j * K + k] = mem.weight[j];
  });
  const g = new GraphBuilder('qx_sentiment');
  const ids = g.input('ids', DataType.INT64, ['batch', 'len']);
  const weights = g.input('weights', DataType.FLOAT, ['batch', 'len']);
  const emb = g.op('Gather', [g.floats('W', [V, K], W), ids], { axis: 0 }); // [B,L,K]
  // Weighted sum over L as one batched MatMul: [B,1,L] × [B,L,K] → [B,1,K] (fewer passes than Mul+ReduceSum).
  const w3 = g.op('Unsqueeze', [weights, g.int64s('axis1', [1], [1])]); // [B,1,L]
  const summed = g.op('Squeeze', [g.op('MatMul', [w3, emb]), g.int64s('squeeze_axis', [1], [1])]); // [B,K]
  g.op(
    'Add',
    [
      summed,
      g.floats(
        'b',
        [K],
        m.members.map((x) => x.bias),
      ),
    ],
    {},
    'logits',
  );
  const probs = g.op('Sigmoid', ['logits']);
  g.op('ReduceMean', [probs], { axes: [1], keepdims: 1 }, 'positive'); // opset 17: axes is an attribute
  g.output('positive', DataType.FLOAT, ['batch', 1]);
  g.output('logits', DataType.FLOAT, ['batch', K]);
  return g.encode({
    producer: 'qunxiang-train-sentiment',
    doc: 'Chinese review sentiment ensemble',
    metadata,
  });
}
