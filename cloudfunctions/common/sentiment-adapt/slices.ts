/**
 * Deterministic slices of a shop's rated reviews: the guard's held-back share and the
 * cross-fitting folds. A review's slice follows from the hash of its key (the review id) alone,
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
  /** Cross-fitting fold in [0, folds) for reviews that are fitted on (−1 for the held back). */
  fold: number;
}

/** The slice of the review with key `key`. */
export function sliceOf(key: string, holdoutShare: number, folds: number): Slice {
  const h = hashString(key, SLICE_SEED);
  // Low 16 bits decide the holdout; the rest picks the fold (independent of the holdout draw).
  if ((h & 0xffff) < holdoutShare * 0x10000) return { holdout: true, fold: -1 };
  return { holdout: false, fold: (h >>> 16) % folds };
}
