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
  const weights = new Float32Array(B * L);
  features.forEach((f, b) => {
    const s = f.length > 0 ? 1 / Math.sqrt(f.length) : 0;
    const row = b * L;
    for (let k = 0; k < f.length; k++) {
      ids[row + k] = BigInt(f[k]);
      weights[row + k] = s;
    }
  });
  return { ids: { type: 'int64', data: ids, dims: [B, L] }, weights: { type: 'float32', data: weights, dims: [B, L] } };
}

/** Featurises and packs raw review texts. */
export function encodeSentimentBatch(texts: readonly string[]): SentimentBatch {
  return packSentimentBatch(texts.map((t) => featurizeReview(t)));
}
