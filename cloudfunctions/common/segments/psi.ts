/**
 * Population stability index between two segment distributions (shares by segment id):
 * Σ (cur − prev) · ln(cur / prev), shares floored at `eps` so a new or vanished segment
 * counts without dividing by zero. < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 large shift.
 */

/** Shares (or counts) by segment id. */
export type Distribution = Record<string, number>;

/** Normalise counts to shares summing to 1 (empty → empty). */
export function toShares(counts: Distribution): Distribution {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!(total > 0)) return {};
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / total]));
}

/** PSI of `current` against `previous` (both counts or shares). */
export function psi(previous: Distribution, current: Distribution, eps = 1e-4): number {
  const p = toShares(previous);
  const c = toShares(current);
  const keys = new Set([...Object.keys(p), ...Object.keys(c)]);
  let sum = 0;
  for (const k of keys) {
    const a = Math.max(eps, c[k] ?? 0);
    const b = Math.max(eps, p[k] ?? 0);
    sum += (a - b) * Math.log(a / b);
  }
  return sum;
}

/** Plain label for the admin page. */
export function psiLevel(v: number): 'stable' | 'moderate' | 'large' {
  return v < 0.1 ? 'stable' : v <= 0.25 ? 'moderate' : 'large';
}
