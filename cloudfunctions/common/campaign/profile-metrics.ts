/**
 * Reads the few profile figures campaign filters use, whatever layout the profile stores its
 * features in: an object by feature name, or an array in feature-spec order
 * (models/feature-spec.json, raw values: days, counts, yuan).
 */
import spec from '../../../models/feature-spec.json';
import { computeRawFeatures } from '../features/compute-features';
import type { ReducedProfile } from '../profile/types';

/** Figures campaign filters can test. */
export interface ProfileMetrics {
  sentiment: number | null;
  recencyDays: number | null;
  frequency90d: number | null;
  monetary90d: number | null;
}

const NAMES = spec.features.map((f) => f.name);

function feature(profile: Record<string, unknown>, name: string): number | null {
  const f = profile.features;
  let v: unknown;
  if (Array.isArray(f)) v = f[NAMES.indexOf(name)];
  else if (f && typeof f === 'object') v = (f as Record<string, unknown>)[name];
  if (v === undefined) v = profile[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The filter figures of one profile document (null when the profile lacks one). Profiles that do
 * not carry stored features are computed from their day buckets at `asOf`, exactly as the
 * segmentation model sees them.
 */
export function profileMetrics(profile: Record<string, unknown>, asOf = Date.now()): ProfileMetrics {
  if (profile.features === undefined && profile.d && typeof profile.d === 'object') {
    const raw = computeRawFeatures(profile as unknown as ReducedProfile, asOf);
    profile = { features: raw };
  }
  return {
    sentiment: feature(profile, 'sentiment_mean'),
    recencyDays: feature(profile, 'recency_days'),
    frequency90d: feature(profile, 'frequency_90d'),
    monetary90d: feature(profile, 'monetary_90d'),
  };
}
