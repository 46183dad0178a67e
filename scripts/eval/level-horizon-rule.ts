/**
 * Session 19's candidate (models/value/report.md, "The hybrid level and a long horizon (session
 * 19)"): keep the hybrid level only when the real horizon h is at least T times the training
 * horizon h′. Session 17 left the lead (the level hurts at h/h′ 1.05–1.54, CDNOW from late June
 * on; helps on half A at 2.68); session 18 fixed what T could be (any T in (1.54, 2.67) gives the
 * same CDNOW figures) and T = 2 is a round number inside it, fixed before the long-hold-out burst
 * worlds ran. Evaluation only, until the plan's rule says otherwise.
 */

/** The threshold: the level is kept when h ≥ LEVEL_MIN_RATIO · h′. */
export const LEVEL_MIN_RATIO = 2;

/** The variants the runner (clv-horizon-dev.ts) scores beside BG/NBD. */
export const HORIZON_VARIANTS = ['shipped', 'none', 'h-ratio'] as const;
/** One variant. */
export type HorizonVariant = (typeof HORIZON_VARIANTS)[number];

/** Whether the rule keeps the level for a real horizon `h` over a training horizon `hPrime` (days). */
export const keepsLevel = (h: number, hPrime: number, ratio = LEVEL_MIN_RATIO): boolean => h >= ratio * hPrime;

/**
 * Each variant's expectations from the trees' expectation without the level (`raw`, BG/NBD ·
 * e^f) and the model's level factor (1 without one): `shipped` level · raw; `none` raw (session
 * 17's older-no-level wherever its check fired); `h-ratio` shipped when {@link keepsLevel}, else raw.
 */
export function horizonVariants(raw: readonly number[], level: number, h: number, hPrime: number): Record<HorizonVariant, number[]> {
  const shipped = raw.map((r) => level * r);
  return { shipped, none: [...raw], 'h-ratio': keepsLevel(h, hPrime) ? shipped : [...raw] };
}
