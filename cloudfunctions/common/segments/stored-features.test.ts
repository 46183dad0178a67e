import {
  agedFeatures,
  featuresStale,
  FEATURES_MAX_AGE_MS,
  STORED_FEATURE_NAMES,
  toStoredFeatures,
} from './stored-features';
import spec from '../../../models/feature-spec.json';

const DAY = 86_400_000;
const raw = (over: Record<string, number | null> = {}) => ({
  ...Object.fromEntries(spec.features.map((f) => [f.name, 1])),
  recency_days: 3.123456,
  tenure_days: 40,
  days_since_active: 1.5,
  sentiment_mean: null,
  monetary_90d: 123.456789,
  ...over,
});

describe('stored features', () => {
  it('keeps every spec feature by name, in spec order, rounded; missing → null', () => {
    const s = toStoredFeatures({ ...raw(), extra: 5, frequency_30d: NaN });
    expect(Object.keys(s)).toEqual(spec.features.map((f) => f.name));
    expect(STORED_FEATURE_NAMES).toEqual(Object.keys(s));
    expect(s.recency_days).toBe(3.123);
    expect(s.monetary_90d).toBe(123.457);
    expect(s.sentiment_mean).toBeNull();
    expect(s.frequency_30d).toBeNull();
    expect(s).not.toHaveProperty('extra');
  });

  it('ages only the day-valued features', () => {
    const s = toStoredFeatures(raw());
    const a = agedFeatures(s, 0, DAY / 2);
    expect(a.recency_days).toBeCloseTo(3.623, 6);
    expect(a.tenure_days).toBeCloseTo(40.5, 6);
    expect(a.days_since_active).toBeCloseTo(2, 6);
    expect(a.monetary_90d).toBe(s.monetary_90d);
    expect(a.sentiment_mean).toBeNull();
  });

  it('is stale when missing, old, or changed other than by the clock', () => {
    const t0 = 1_000_000;
    const s = toStoredFeatures(raw());
    expect(featuresStale(undefined, undefined, s, t0)).toBe(true);
    expect(featuresStale(s, undefined, s, t0)).toBe(true);
    expect(featuresStale([1, 2, 3], t0, s, t0)).toBe(true);
    expect(featuresStale(s, t0, s, t0)).toBe(false);
    // six hours later: day counts moved with the clock only → not stale
    const later = t0 + DAY / 4;
    const next = toStoredFeatures(
      raw({ recency_days: 3.373456, tenure_days: 40.25, days_since_active: 1.75 }),
    );
    expect(featuresStale(s, t0, next, later)).toBe(false);
    // a window sum changed → stale
    expect(featuresStale(s, t0, { ...next, frequency_90d: 0 }, later)).toBe(true);
    // missing ↔ present → stale
    expect(featuresStale(s, t0, { ...next, sentiment_mean: 0.7 }, later)).toBe(true);
    // a day count that did not move with the clock (a new purchase) → stale
    expect(featuresStale(s, t0, { ...next, recency_days: 0 }, later)).toBe(true);
    // a day count stuck at 0 (no first-seen time) is not a change
    const z = toStoredFeatures(raw({ tenure_days: 0 }));
    expect(featuresStale(z, t0, { ...z, recency_days: 3.373, days_since_active: 1.75 }, later)).toBe(false);
    // a day old → rewritten whatever
    expect(featuresStale(s, t0, s, t0 + FEATURES_MAX_AGE_MS)).toBe(true);
  });
});
