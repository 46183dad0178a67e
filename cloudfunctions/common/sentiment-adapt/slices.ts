/**
 * Deterministic slices of a shop's rated reviews: which ones the guard holds back. A review's
 * slice follows from the hash of its key alone, not from a random draw or its rank, so a refit
 * next week holds back the same reviews it held back today (plus its share of the new ones): the
 * guard never scores a review an earlier fit trained on. The hash is independent of the label, so
 * both classes are held back in proportion (approximately; the guard checks each class is
 * represented).
 *
 * A shop's key is the text the model sees ({@link reviewSliceKey}), not the review's id: shops
 * repeat short texts (默认好评, 很好, 质量不错) across many reviews, and with id keys the guard
 * scored copies of texts the correction had just been fitted on, which flatters any adaptation.
 */
import { prepareText, SENTIMENT_FEATURE_SPEC } from '../text';
import { hashString } from '../text/hash';

/** Hash namespace of the slice assignment (any constant; changing it reshuffles every shop). */
const SLICE_SEED = 0x5e17a0d1;

/** Where one review goes. */
export interface Slice {
  /** True: held back for the guard, never fitted on. */
  holdout: boolean;
}

/** The slice of the review with key `key`. */
export function sliceOf(key: string, holdoutShare: number): Slice {
  return { holdout: (hashString(key, SLICE_SEED) & 0xffff) < holdoutShare * 0x10000 };
}

/** The slice key of a shop review: its normalised, clipped text, so identical texts share a side. */
export function reviewSliceKey(text: string): string {
  return prepareText(text, SENTIMENT_FEATURE_SPEC);
}
