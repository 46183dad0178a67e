/**
 * Profile → feature vector, in the order of `models/feature-spec.json` (shared with the
 * segmentation model). {@link computeRawFeatures} gives the plain values (money in yuan, days);
 * {@link computeFeatures} applies the spec's `missing`, `clip` and `transform` and is the model input.
 */
import { DAY_MS, dayIndex, dayIndexOfKey } from '../profile/day';
import type { ReducedProfile } from '../profile/types';
import { FEATURE_NAMES, FEATURE_SPEC, type FeatureSpecEntry } from './feature-spec';
import { canonicalKey, sessionKey, SERVER_SESSION_ID } from '../profile/bucket-keys';

export { FEATURE_NAMES, FEATURE_SPEC, type FeatureSpecEntry };

/** Raw feature values by name; `null` = missing (the spec's `missing` value applies). */
export type RawFeatures = Record<string, number | null>;

/** Archived all-time totals (compacted buckets) of a counter. */
function archived(p: ReducedProfile, f: 'rv' | 'rs' | 'rp' | 'rn'): number {
  return p.a?.[f] ?? 0;
}

// Reused per call (cleared first): distinct sessions (30 d) and categories (90 d).
const sessions30 = new Set<string>();
const SERVER_SESSION = canonicalKey(sessionKey(SERVER_SESSION_ID));

/**
 * Adds a day's visits to `into`: its app sessions. An order's server facts share one session id
 * on every day, and the customer placed the order in an app session of that day, so they are no
 * visit of their own (it read 「来访2次」 after one visit with a purchase); only a day with an order
 * and no recorded session (ordered on a device that does not record) counts them, once that day.
 */
function addVisits(s: Record<string, unknown>, day: string, into: Set<string>): void {
  let app = false;
  let server = false;
  for (const k in s) {
    const key = canonicalKey(k);
    if (key === SERVER_SESSION) server = true;
    else {
      app = true;
      into.add(key);
    }
  }
  if (server && !app) into.add(`${SERVER_SESSION}@${day}`);
}
const categories90 = new Set<string>();

/**
 * Plain feature values of a profile at time `asOf` (ms). One pass over the day buckets sums every
 * window at once (the segment job computes this for every profile of every pass, so it is the
 * hot loop of assignment); windows are those of windows.ts: the N UTC+8 days up to asOf's day.
 */
export function computeRawFeatures(p: ReducedProfile, asOf: number): RawFeatures {
  const today = dayIndex(asOf);
  const days = (t: number | undefined): number | null =>
    t === undefined ? null : Math.max(0, (asOf - t) / DAY_MS);
  let pu30 = 0, pu90 = 0, pu365 = 0, fen30 = 0, fen90 = 0, fen365 = 0;
  let pv30 = 0, ca30 = 0, ca90 = 0, fv90 = 0;
  let rv = archived(p, 'rv'), rs = archived(p, 'rs'), rp = archived(p, 'rp'), rn = archived(p, 'rn');
  sessions30.clear();
  categories90.clear();
  const d = p.d ?? {};
  for (const k in d) {
    if (!Object.prototype.hasOwnProperty.call(d, k)) continue;
    const idx = dayIndexOfKey(k);
    if (!(idx <= today)) continue; // NaN (not a day key) or after asOf
    const b = d[k];
    rv += b.rv ?? 0;
    rs += b.rs ?? 0;
    rp += b.rp ?? 0;
    rn += b.rn ?? 0;
    const age = today - idx; // 0 = asOf's day
    if (age >= 365) continue;
    pu365 += b.pu ?? 0;
    fen365 += b.fen ?? 0;
    if (age >= 90) continue;
    pu90 += b.pu ?? 0;
    fen90 += b.fen ?? 0;
    ca90 += b.ca ?? 0;
    fv90 += b.fv ?? 0;
    if (b.c) for (const c in b.c) categories90.add(canonicalKey(c)); // old and new keys of one category: one
    if (age >= 30) continue;
    pu30 += b.pu ?? 0;
    fen30 += b.fen ?? 0;
    pv30 += b.pv ?? 0;
    ca30 += b.ca ?? 0;
    if (b.s) addVisits(b.s, k, sessions30);
  }
  return {
    recency_days: days(p.lastPurchaseAt),
    has_purchased: typeof p.lastPurchaseAt === 'number' ? 1 : 0,
    frequency_30d: pu30,
    frequency_90d: pu90,
    frequency_365d: pu365,
    monetary_30d: fen30 / 100,
    monetary_90d: fen90 / 100,
    monetary_365d: fen365 / 100,
    sessions_30d: sessions30.size,
    product_views_30d: pv30,
    cart_adds_30d: ca30,
    cart_conversion_90d: ca90 === 0 ? 0 : Math.min(1, pu90 / ca90),
    favorites_90d: fv90,
    review_count: rv,
    sentiment_mean: rs === 0 ? null : rp / rs / 1000,
    negative_share: rs === 0 ? 0 : rn / rs,
    tenure_days: days(p.firstSeenAt) ?? 0,
    days_since_active: days(p.lastActiveAt),
    category_breadth: categories90.size,
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
