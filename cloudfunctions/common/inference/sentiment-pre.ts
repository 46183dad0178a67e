/**
 * Sentiment pre-processing (pure): raw texts → padded `ids` [B,L] int64 and `weights` [B,L]
 * float32, where a text's n real ids each weigh 1/sqrt(n) and padding weighs 0.
 */
import { featurizeReview, type FeatureIds } from '../text';
import type { TensorData } from './backend';

/** A batch ready for the graph. */
export interface SentimentBatch {
  ids: TensorData;
  weights: TensorData;
}

/** Packs featurised texts into padded tensors (L ≥ 1, so an empty text is all padding). */
export function packSentimentBatch(features: readonly FeatureIds[]): SentimentBatch {
  const B = features.length;
  let L = 1;
  for (const f of features) if (f.length > L) L = f.length;
  const ids = new BigInt64Array(B * L);
  // Bucket ids are non-negative int32: write the low 32 bits through an Int32 view (little-endian
  // platforms, which is every onnxruntime-node target) instead of one BigInt per id.
  const lo = new Int32Array(ids.buffer);
  const weights = new Float32Array(B * L);
  features.forEach((f, b) => {
    const s = f.length > 0 ? 1 / Math.sqrt(f.length) : 0;
    const row = b * L;
    for (let k = 0; k < f.length; k++) {
      lo[2 * (row + k)] = f[k];
      weights[row + k] = s;
    }
  });
  return {
    ids: { type: 'int64', data: ids, dims: [B, L] },
    weights: { type: 'float32', data: weights, dims: [B, L] },
  };
}

/** Featurises and packs raw review texts. */
export function encodeSentimentBatch(texts: readonly string[]): SentimentBatch {
  return packSentimentBatch(texts.map((t) => featurizeReview(t)));
}

/**
 * Splits featurised texts into batches of at most `size`, grouping texts of similar length so a
 * batch pads little. Returns, per batch, the original indices of its texts.
 */
export function planBatches(features: readonly FeatureIds[], size: number): number[][] {
  if (features.length <= size) return [features.map((_, i) => i)];
  const order = features.map((_, i) => i).sort((a, b) => features[a].length - features[b].length || a - b);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}
