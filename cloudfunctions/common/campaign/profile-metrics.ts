/**
 * Reads the few profile figures campaign filters use, whatever layout the profile stores its
 * features in: an object by feature name (what the segment job writes, with `featuresAt`), or an
 * array in feature-spec order (models/feature-spec.json, raw values: days, counts, yuan).
 */
import spec from '../../../models/feature-spec.json';
import { computeRawFeatures } from '../features/compute-features';
import type { ReducedProfile } from '../profile/types';
import { agedFeatures, type StoredFeatures } from '../segments/stored-features';

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

/** Stored features still describe the profile's data: scored at its current `rev`. */
const storedIsCurrent = (p: Record<string, unknown>): boolean =>
  p.features !== undefined &&
  (typeof p.rev !== 'number' || p.segmentedRev === undefined || p.segmentedRev === p.rev);

/**
 * Every raw feature of one profile document at `asOf` (null when missing). Stored features (the
 * values the segmentation model scored) are used while they describe the profile's current data,
 * their day counts advanced to `asOf` when they carry `featuresAt`. A profile without them, or
 * changed since it was scored (the next sweep catches up within minutes), is computed from its
 * day buckets at `asOf`, exactly as the segmentation model will see it.
 */
export function currentFeatures(profile: Record<string, unknown>, asOf = Date.now()): Record<string, number | null> {
  if (!storedIsCurrent(profile) && profile.d && typeof profile.d === 'object') {
    profile = { features: computeRawFeatures(profile as unknown as ReducedProfile, asOf) };
  } else if (
    profile.features &&
    typeof profile.features === 'object' &&
    !Array.isArray(profile.features) &&
    typeof profile.featuresAt === 'number'
  ) {
    profile = { ...profile, features: agedFeatures(profile.features as StoredFeatures, profile.featuresAt, asOf) };
  }
  const out: Record<string, number | null> = {};
  for (const name of NAMES) out[name] = feature(profile, name);
  return out;
}

/** The filter figures of one profile document (null when the profile lacks one). */
export function profileMetrics(profile: Record<string, unknown>, asOf = Date.now()): ProfileMetrics {
  const f = currentFeatures(profile, asOf);
  return {
    sentiment: f.sentiment_mean,
    recencyDays: f.recency_days,
    frequency90d: f.frequency_90d,
    monetary90d: f.monetary_90d,
  };
}
