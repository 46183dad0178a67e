/** Synthetic model-input rows for tests of the fitting code (not shipped). */
import { FEATURE_SPEC } from '../../inference/feature-spec-hash';
import { mulberry32 } from '../../random';

/** Model-input rows of three well-separated groups (heavy buyers, lapsed, browsers). */
export function syntheticRows(n: number, seed: number): number[][] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const g = i % 3;
    return FEATURE_SPEC.features.map((f, j) => {
      const hi = f.transform === 'log1p' ? Math.log1p(f.clip[1]) : f.clip[1];
      const centre = hi * [0.15, 0.5, 0.85][(g + j) % 3];
      return Math.min(hi, Math.max(0, centre + (rng() - 0.5) * 0.1 * hi));
    });
  });
}
