/**
 * Profile → feature vector, in the order of `models/feature-spec.json` (shared with the
 * segmentation model). {@link computeRawFeatures} gives the plain values (money in yuan, days);
 * {@link computeFeatures} applies the spec's `missing`, `clip` and `transform` and is the model input.
 */
import { DAY_MS } from '../profile/day';
import type { ReducedProfile } from '../profile/types';
import { FEATURE_NAMES, FEATURE_SPEC, type FeatureSpecEntry } from './feature-spec';
import { indexBuckets, windowDistinct, windowSum } from './windows';

export { FEATURE_NAMES, FEATURE_SPEC, type FeatureSpecEntry };

/** Raw feature values by name; `null` = missing (the spec's `missing` value applies). */
export type RawFeatures = Record<string, number | null>;

/** Archived all-time totals (compacted buckets) of a counter. */
function archived(p: ReducedProfile, f: 'rv' | 'rs' | 'rp' | 'rn'): number {
  return p.a?.[f] ?? 0;
}

/** Plain feature values of a profile at time `asOf` (ms). */
export function computeRawFeatures(p: ReducedProfile, asOf: number): RawFeatures {
  const ib = indexBuckets(p, asOf);
  const all = Infinity;
  const days = (t: number | undefined): number | null =>
    t === undefined ? null : Math.max(0, (asOf - t) / DAY_MS);
  const ca90 = windowSum(ib, 'ca', 90);
  const rv = windowSum(ib, 'rv', all) + archived(p, 'rv');
  const rs = windowSum(ib, 'rs', all) + archived(p, 'rs');
  const rp = windowSum(ib, 'rp', all) + archived(p, 'rp');
  const rn = windowSum(ib, 'rn', all) + archived(p, 'rn');
  return {
    recency_days: days(p.lastPurchaseAt),
    frequency_30d: windowSum(ib, 'pu', 30),
    frequency_90d: windowSum(ib, 'pu', 90),
    frequency_365d: windowSum(ib, 'pu', 365),
    monetary_30d: windowSum(ib, 'fen', 30) / 100,
    monetary_90d: windowSum(ib, 'fen', 90) / 100,
    monetary_365d: windowSum(ib, 'fen', 365) / 100,
    sessions_30d: windowDistinct(ib, 's', 30).size,
    product_views_30d: windowSum(ib, 'pv', 30),
    cart_adds_30d: windowSum(ib, 'ca', 30),
    cart_conversion_90d: ca90 === 0 ? 0 : Math.min(1, windowSum(ib, 'pu', 90) / ca90),
    favorites_90d: windowSum(ib, 'fv', 90),
    review_count: rv,
    sentiment_mean: rs === 0 ? null : rp / rs / 1000,
    negative_share: rs === 0 ? 0 : rn / rs,
    tenure_days: days(p.firstSeenAt) ?? 0,
    days_since_active: days(p.lastActiveAt),
    category_breadth: windowDistinct(ib, 'c', 90).size,
  };
}

/** Applies one spec entry: missing value, clip, transform. */
export function transformFeature(f: FeatureSpecEntry, raw: number | null): number {
  const v = raw === null || !Number.isFinite(raw) ? (f.missing ?? f.clip[1]) : raw;
  const c = Math.min(f.clip[1], Math.max(f.clip[0], v));
  return f.transform === 'log1p' ? Math.log1p(c) : c;
}

/** The model input vector of a profile at `asOf` (ms), in feature-spec order. */
export function computeFeatures(p: ReducedProfile, asOf: number): number[] {
  const raw = computeRawFeatures(p, asOf);
  return FEATURE_SPEC.features.map((f) => {
    if (!(f.name in raw)) throw new Error(`feature ${f.name} of the spec has no implementation`);
    return transformFeature(f, raw[f.name]);
  });
}
