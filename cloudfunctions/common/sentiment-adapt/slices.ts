/**
 * Deterministic slices of a shop's rated reviews: which ones the guard holds back. A review's slice follows from the hash of its key (the review id) alone,
 * not from a random draw or its rank, so a refit next week holds back the same reviews it held
 * back today (plus its share of the new ones): the guard never scores a review an earlier fit
 * trained on. The hash is independent of the label, so both classes are held back in proportion
 * (approximately; the guard checks each class is represented).
 */
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
