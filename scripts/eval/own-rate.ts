/**
 * Session 16's question (models/value/report.md, "The heaviest buyers' own rate"): BG/NBD's
 * per-purchase dropout forecasts a customer who will buy 20 more times to leave during the horizon
 * with a large probability, and on CDNOW the heaviest buyers bought a sixth more than that. These
 * blend the learned model's expectation L with the customer's own rate without dropout inside the
 * horizon, by a credibility weight that grows with the evidence x.
 */
import { bgnbdPAlive, type BgnbdParams } from '../../cloudfunctions/common/value/bgnbd';
import type { RfmSummary } from '../../cloudfunctions/common/value/history';

/** The variants, in the order the runner prints them (`own-only` is a reference, not a candidate). */
export const OWN_VARIANTS = ['own-k30', 'own-backtest', 'own-only'] as const;
/** One variant's name. */
export type OwnVariant = (typeof OWN_VARIANTS)[number];
/** The credibility constants the back-test chooses from (Infinity: weight 0, the shipped model). */
export const K_GRID: readonly number[] = [3, 10, 30, 100, Infinity];

/**
 * P(alive) × (r + x) ÷ (α + T) × weeks: BG/NBD's posterior mean rate of a customer who is alive,
 * times its P(alive) at the cut-off, with no dropout inside the horizon.
 */
export function ownRateExpected(p: BgnbdParams, c: RfmSummary, weeks: number): number {
  return (bgnbdPAlive(p, c) * (p.r + c.x) * weeks) / (p.alpha + c.T);
}

/** x ÷ (x + K); 0 for K = Infinity (and for one-time buyers). */
export const credibilityWeight = (x: number, K: number): number => (Number.isFinite(K) ? x / (x + K) : 0);

/** F × ((1 − w) L + w O), w = credibilityWeight(x, K), per customer. */
export function ownBlend(
  L: readonly number[],
  O: readonly number[],
  x: readonly number[],
  F: number,
  K: number,
): number[] {
  return L.map((l, i) => {
    const w = credibilityWeight(x[i], K);
    return F * ((1 - w) * l + w * O[i]);
  });
}

/**
 * The back-test's K: each K's blend of BG/NBD's expectation and the own rate over one window,
 * rescaled to the window's realised total (only the shape is judged: a young window's level does
 * not carry, learned.ts windowLevel), scored by squared error; the lowest wins, ties to the larger K.
 */
export function chooseK(
  bg: readonly number[],
  O: readonly number[],
  x: readonly number[],
  y: readonly number[],
  grid: readonly number[] = K_GRID,
): { K: number; sse: number[] } {
  const total = y.reduce((s, v) => s + v, 0);
  const sse = grid.map((K) => {
    const b = ownBlend(bg, O, x, 1, K);
    const sum = b.reduce((s, v) => s + v, 0);
    const scale = sum > 0 ? total / sum : 1;
    return b.reduce((s, v, i) => s + (v * scale - y[i]) ** 2, 0);
  });
  let best = 0;
  // Ties (within rounding) go to the larger K, the smaller change.
  sse.forEach((v, i) => {
    if (v <= sse[best] * (1 + 1e-12) && grid[i] >= grid[best]) best = i;
  });
  return { K: grid[best], sse };
}

/** Each variant's expectations from L (before the level), the own rate O, x, the level F and the back-test's K. */
export function ownVariants(
  L: readonly number[],
  O: readonly number[],
  x: readonly number[],
  F: number,
  backtestK: number,
): Record<OwnVariant, number[]> {
  return {
    'own-k30': ownBlend(L, O, x, F, 30),
    'own-backtest': ownBlend(L, O, x, F, backtestK),
    'own-only': L.map((l, i) => F * (x[i] > 0 ? O[i] : l)),
  };
}

