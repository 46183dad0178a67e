/**
 * The raw feature values the segment job stores on each profile (`features`, by name in
 * models/feature-spec.json order, plain units: days, counts, yuan; null = missing) with the time
 * they were computed at (`featuresAt`, ms). The admin portrait averages them in the database and
 * campaign filters read them, so both see exactly what the model scored.
 *
 * Day-valued features (days since …) grow by one per day whatever the customer does. Rewriting
 * every profile on every pass just for that would cost a write per customer per pass, so the job
 * rewrites features only when something else moved or they are {@link FEATURES_MAX_AGE_MS} old;
 * readers that need today's figure age them with {@link agedFeatures}.
 */
import spec from '../../../models/feature-spec.json';

/** Stored features: feature name → raw value (null when missing). */
export type StoredFeatures = Record<string, number | null>;

/** Feature names in spec order. */
export const STORED_FEATURE_NAMES: string[] = spec.features.map((f) => f.name);

/** Features that count days up to the scoring time: they grow with the clock alone. */
export const DAY_FEATURES: ReadonlySet<string> = new Set([
  'recency_days',
  'tenure_days',
  'days_since_active',
]);

/** Stored features are rewritten at least this often even when nothing else changed. */
export const FEATURES_MAX_AGE_MS = 86_400_000;

const DAY_MS = 86_400_000;
/** Values are stored with 3 decimals (≈ 1.5 minutes for days; fen for yuan). */
const round = (v: number): number => Math.round(v * 1000) / 1000;
/** Two stored values are the same figure within this (rounding). */
const TOLERANCE = 0.002;

const stored = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? round(v) : null;

/** The object to store from raw values by name (spec order; non-finite → null). */
export function toStoredFeatures(raw: Record<string, number | null | undefined>): StoredFeatures {
  const out: StoredFeatures = {};
  for (const name of STORED_FEATURE_NAMES) out[name] = stored(raw[name]);
  return out;
}

/** The same from a row of raw values in spec order (NaN = missing), e.g. a row of assignProfiles. */
export function storedFeaturesOfRow(row: ArrayLike<number>): StoredFeatures {
  const out: StoredFeatures = {};
  STORED_FEATURE_NAMES.forEach((name, j) => (out[name] = stored(row[j])));
  return out;
}

/** Stored features as they stand at `asOf`: day-valued ones advanced by the time since `at`. */
export function agedFeatures(stored: StoredFeatures, at: number, asOf: number): StoredFeatures {
  const days = Math.max(0, (asOf - at) / DAY_MS);
  const out: StoredFeatures = { ...stored };
  for (const name of DAY_FEATURES) {
    const v = out[name];
    if (typeof v === 'number') out[name] = round(v + days);
  }
  return out;
}

const isStored = (v: unknown): v is StoredFeatures =>
  !!v && typeof v === 'object' && !Array.isArray(v) && STORED_FEATURE_NAMES.every((n) => n in (v as object));

/**
 * Must the job rewrite a profile's stored features? Yes when there are none (or an old layout),
 * when they are {@link FEATURES_MAX_AGE_MS} old, or when any value differs from `next` other than
 * by the clock moving on.
 */
export function featuresStale(
  stored: unknown,
  storedAt: unknown,
  next: StoredFeatures,
  asOf: number,
): boolean {
  if (!isStored(stored) || typeof storedAt !== 'number' || !Number.isFinite(storedAt)) return true;
  if (asOf - storedAt >= FEATURES_MAX_AGE_MS) return true;
  const aged = agedFeatures(stored, storedAt, asOf);
  return STORED_FEATURE_NAMES.some((n) => {
    const a = stored[n];
    const b = next[n];
    if (a === null || b === null) return a !== b;
    return Math.abs(a - b) > TOLERANCE && Math.abs((aged[n] as number) - b) > TOLERANCE;
  });
}
