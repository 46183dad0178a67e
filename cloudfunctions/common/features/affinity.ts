/**
 * Category affinity: the customer's top categories over the last 90 days with normalised weights
 * (behaviour weights in profile/delta.ts). Shown in the profile; not a model input.
 */
import type { ReducedProfile } from '../profile/types';
import { categoryOfKey, type HashedCategoryIds } from '../profile/bucket-keys';
import { indexBuckets, windowWeights } from './windows';

/** One category and its share of the customer's interest (0..1). */
export interface CategoryAffinity {
  categoryId: string;
  weight: number;
}

/**
 * Top `n` categories by weight over `days` days ending at `asOf`. Ties break by stored key (stable).
 * A hashed key (a category id too long to keep in the key) shows as the id `hashed` resolved for it
 * (catalog/category-keys.ts); one left unresolved weighs in the total but has no id to show.
 */
export function categoryAffinity(p: ReducedProfile, asOf: number, n = 5, days = 90, hashed: HashedCategoryIds = {}): CategoryAffinity[] {
  const w = windowWeights(indexBuckets(p, asOf), days);
  let total = 0;
  for (const v of w.values()) total += v;
  return [...w.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .flatMap(([k, v]) => {
      const categoryId = categoryOfKey(k, hashed);
      return categoryId === undefined ? [] : [{ categoryId, weight: Math.round((v / total) * 1000) / 1000 }];
    })
    .slice(0, n);
}
