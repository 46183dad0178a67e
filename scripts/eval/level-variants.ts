/**
 * The ways of applying the hybrid level (common/value/hybrid-level.ts) that session 14 compared on
 * the dev splits (clv-level-dev.ts; models/value/report.md, "Where the hybrid level puts its
 * volume"). Each takes the learned model's expectation L before the level and changes only how the
 * level multiplies it: the trees and BG/NBD stay.
 */

/** The variants, in the order the runner prints them. */
export const VARIANTS = [
  'shipped',
  'none',
  'per-group',
  'on-learned',
  'x0-only',
  'x0-bg-level',
  'x0-uncorrected',
] as const;
/** One variant's name. */
export type Variant = (typeof VARIANTS)[number];
/** Calibration frequency groups: repeat purchase days 0…6 and 7+ (as Fader & Hardie tabulate). */
export const GROUPS = 8;

/**
 * Each variant's expectations from L, BG/NBD's and the hybrid's expectations (BG/NBD's for x = 0,
 * Pareto/NBD's for repeaters) and each customer's frequency group (0…GROUPS − 1):
 * - `shipped`    L × F, F = Σ hybrid ÷ Σ BG/NBD (the product's level)
 * - `none`       L
 * - `per-group`  L × Σ_g hybrid ÷ Σ_g BG/NBD within the customer's group g
 * - `on-learned` L × Σ hybrid ÷ Σ L (the hybrid's total, taken against the learned model's)
 * - `x0-only`    L × F for one-time buyers (group 0), L for repeaters
 * - `x0-bg-level` one-time buyers' L rescaled to BG/NBD's group total (the trees rank within the
 *                group, BG/NBD sets its level), then × F; repeaters L × F (second question of
 *                session 14: "One-time buyers on the dev splits")
 * - `x0-uncorrected` one-time buyers BG/NBD × F (no trees), repeaters L × F
 */
export function levelVariants(
  L: readonly number[],
  bg: readonly number[],
  hybrid: readonly number[],
  group: readonly number[],
): Record<Variant, number[]> {
  const sum = (v: readonly number[]) => v.reduce((s, e) => s + e, 0);
  const F = sum(hybrid) / sum(bg);
  const gh = new Array<number>(GROUPS).fill(0);
  const gb = new Array<number>(GROUPS).fill(0);
  group.forEach((g, i) => {
    gh[g] += hybrid[i];
    gb[g] += bg[i];
  });
  const onLearned = sum(hybrid) / sum(L);
  const x0 = (v: readonly number[]) => v.reduce((s, e, i) => (group[i] === 0 ? s + e : s), 0);
  const x0Level = x0(L) > 0 ? x0(bg) / x0(L) : 1;
  return {
    shipped: L.map((l) => l * F),
    none: [...L],
    'per-group': L.map((l, i) => l * (gb[group[i]] > 0 ? gh[group[i]] / gb[group[i]] : 1)),
    'on-learned': L.map((l) => l * onLearned),
    'x0-only': L.map((l, i) => (group[i] === 0 ? l * F : l)),
    'x0-bg-level': L.map((l, i) => (group[i] === 0 ? l * x0Level * F : l * F)),
    'x0-uncorrected': L.map((l, i) => (group[i] === 0 ? bg[i] * F : l * F)),
  };
}
