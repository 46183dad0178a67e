/**
 * Review sentiment for cloud functions: `scoreSentiment(texts)` featurises with the shared text
 * module, runs the registered "sentiment" ONNX model and returns calibrated probabilities.
 */
import type { TensorData } from './backend';
import { getModel, registerModel } from './registry';
import { featurizeReview, sentimentFeaturizerHash } from '../text';
import { packSentimentBatch, planBatches } from './sentiment-pre';
import { decodeSentiment, type SentimentScore } from './sentiment-post';

export type { SentimentScore } from './sentiment-post';

/** Thrown when scoreSentiment gets something other than an array of strings. */
export class SentimentInputError extends TypeError {
  override name = 'SentimentInputError';
}

/** Texts per graph run: bounds padding waste and tensor size for very large calls. */
export const SENTIMENT_BATCH = 256;

registerModel({
  name: 'sentiment',
  inputs: ['ids', 'weights'],
  outputs: ['positive'],
  featureHash: sentimentFeaturizerHash,
});

/**
 * Scores reviews. Rejects with a ModelLoadError when the model cannot load (callers decide the
 * fallback, e.g. store the review unscored) and with SentimentInputError on bad input.
 */
export async function scoreSentiment(texts: string[]): Promise<SentimentScore[]> {
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
    throw new SentimentInputError('scoreSentiment expects an array of strings');
  }
  const model = await getModel('sentiment');
  const threshold = typeof model.meta.threshold === 'number' ? model.meta.threshold : 0.5;
  return scoreSentimentWith(model, texts, threshold);
}

/** Anything that runs a sentiment graph (a registry model, or a session of a shop's adapted model). */
export interface SentimentRunner {
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

/**
 * Featurises `texts` and scores them with `runner` in length-grouped batches: the one scoring
 * path shared by the served base model and a shop's adapted model (same graph inputs/outputs).
 */
export async function scoreSentimentWith(
  runner: SentimentRunner,
  texts: readonly string[],
  threshold = 0.5,
): Promise<SentimentScore[]> {
  const features = texts.map((t) => featurizeReview(t));
  const out: SentimentScore[] = new Array(texts.length);
  for (const batch of planBatches(features, SENTIMENT_BATCH)) {
    const { ids, weights } = packSentimentBatch(batch.map((i) => features[i]));
    const res = await runner.run({ ids, weights });
    decodeSentiment(res.positive.data as Float32Array, batch.length, threshold).forEach(
      (s, k) => (out[batch[k]] = s),
    );
  }
  return out;
}
