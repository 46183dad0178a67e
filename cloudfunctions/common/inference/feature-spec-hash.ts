/**
 * One hashing function for "which feature spec was this model trained on": sha256 of the
 * canonical JSON of models/feature-spec.json (object keys sorted, no whitespace). Training
 * writes it into meta.json; the registry recomputes it from the spec bundled with the code and
 * refuses to load a model whose hash differs.
 */
import { createHash } from 'node:crypto';
import featureSpec from '../../../models/feature-spec.json';

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the canonical JSON of `spec`. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/** The feature spec bundled with this code (typed in common/features/feature-spec). */
export { FEATURE_SPEC } from '../features/feature-spec';

/** Hash of the bundled models/feature-spec.json. */
export const featureSpecHash = (): string => specHash(featureSpec);
