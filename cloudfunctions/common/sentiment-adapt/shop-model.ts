/**
 * The whole adaptation step as the product runs it, from the base model's ONNX bytes and a shop's
 * rated review texts to the adapted model's ONNX bytes (or the decision to keep the base). The
 * refit job and `npm run eval:sentiment -- --adapt` both call this one function.
 */
import { createHash } from 'node:crypto';
import { ensembleFromOnnx, exportSentimentOnnx } from '../sentiment-model';
import { featurizeReview, sentimentFeaturizerHash } from '../text';
import { adaptSentiment, ADAPT_POLICY, type AdaptOutcome, type AdaptPolicy } from './adapt';
import { reviewSliceKey } from './slices';

/** A shop's rated review: its id, text, and label from the rating (1–2 stars 0, 4–5 stars 1). */
export interface ShopRatedReview {
  key: string;
  text: string;
  label: 0 | 1;
}

/** The outcome plus, when the guard passed, the adapted graph (same inputs/outputs as the base). */
export interface ShopSentimentModel {
  outcome: AdaptOutcome;
  onnx?: Uint8Array;
  /** sha256 of the base model the adaptation started from (the card shows what it corrects). */
  baseSha256: string;
}

/** Adapts the base model (ONNX bytes) to a shop's rated reviews; pure apart from hashing. */
export function buildShopSentimentModel(
  baseOnnx: Uint8Array,
  reviews: readonly ShopRatedReview[],
  policy: AdaptPolicy = ADAPT_POLICY,
): ShopSentimentModel {
  const baseSha256 = createHash('sha256').update(baseOnnx).digest('hex');
  const base = ensembleFromOnnx(baseOnnx);
  const outcome = adaptSentiment(
    base,
    reviews.map((r) => ({ key: reviewSliceKey(r.text), ids: featurizeReview(r.text), label: r.label })),
    policy,
  );
  if (!outcome.adapted || !outcome.model) return { outcome, baseSha256 };
  const onnx = exportSentimentOnnx(outcome.model, {
    featurizer_hash: sentimentFeaturizerHash(),
    adapted_from: baseSha256,
    adapt_n: String(outcome.n),
    correction: JSON.stringify(outcome.correction),
  });
  return { outcome, onnx, baseSha256 };
}
