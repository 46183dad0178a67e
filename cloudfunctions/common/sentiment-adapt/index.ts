/**
 * A shop's own sentiment model, adapted from its rated reviews (pure code; the refit job and
 * `npm run eval:sentiment -- --adapt` both run it): fit a correction of the base model, guard it
 * on held-back reviews, export it as the same ONNX graph the base uses.
 */
export {
  adaptSentiment,
  ADAPT_POLICY,
  type AdaptPolicy,
  type AdaptOutcome,
  type AdaptReason,
  type RatedReview,
  guardRule,
} from './adapt';
export { fitCorrection, CORRECTION_DEFAULTS, type Correction, type CorrectionOptions } from './fit';
export { reviewSliceKey, sliceOf, type Slice } from './slices';
export { buildShopSentimentModel, type ShopRatedReview, type ShopSentimentModel } from './shop-model';
export {
  runSentimentRefit,
  adaptShopSentiment,
  publishShopSentiment,
  ratedReviews,
  ratingLabel,
  reviewCustomer,
  type AdaptedSentiment,
  MAX_REFIT_REVIEWS,
  MAX_REVIEWS_PER_CUSTOMER,
  type SentimentRefitPorts,
  type SentimentRefitResult,
} from './refit';
