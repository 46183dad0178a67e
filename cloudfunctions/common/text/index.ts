/**
 * Sentiment text featurisation, the single entry point used by training (scripts/train/sentiment)
 * and inference (common/inference/sentiment-pre.ts).
 */
import { featurizeNormalized, prepareText, type FeatureIds } from './featurize';
import { featurizerHash, SENTIMENT_FEATURE_SPEC, type SentimentFeatureSpec } from './spec';

export { normalizeText } from './normalize';
export { featurizeNormalized, prepareText, negationScope, clipText, type FeatureIds } from './featurize';
export {
  featurizerHash,
  FEATURIZER_VERSION,
  SENTIMENT_FEATURE_SPEC,
  type SentimentFeatureSpec,
} from './spec';

/** Thrown when a spec asks for something the shipped featurizer cannot do. */
export class FeaturizerSpecError extends Error {
  override name = 'FeaturizerSpecError';
}

/**
 * Bucket ids of one raw review. Word n-grams need a word segmenter, which the shipped code does
 * not carry (jieba's dictionary costs ~200 ms of cold start for +0.1 pp accuracy), so a spec with
 * word n-grams is refused here; experiments pass jieba tokens to featurizeNormalized directly.
 */
export function featurizeReview(
  raw: string,
  spec: SentimentFeatureSpec = SENTIMENT_FEATURE_SPEC,
): FeatureIds {
  if (spec.wordNgrams.length > 0) throw new FeaturizerSpecError('word n-grams need a segmenter; not shipped');
  return featurizeNormalized(prepareText(raw, spec), [], spec);
}

/** Hash of the featurizer this code implements with the shipped spec (compared with meta.json). */
export const sentimentFeaturizerHash = (): string => featurizerHash(SENTIMENT_FEATURE_SPEC);
