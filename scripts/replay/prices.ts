/**
 * Prices for Taobao items, which the sample does not have. Each item gets a price drawn from the
 * REAL per-CD price distribution of CDNOW (dollar_value / number_of_cds over rows with a positive
 * value), read as yuan and stored as integer fen. The draw is a hash of (seed, itemId), so an
 * item keeps its price wherever and in whatever order it appears.
 */
import { hash32 } from './rng';
import type { CdnowRow } from './sources';

/** Sorted per-unit prices in fen (the empirical distribution). */
export function unitPriceDistribution(rows: readonly CdnowRow[]): number[] {
  const out: number[] = [];
  for (const r of rows) if (r.cds > 0 && r.dollars > 0) out.push(Math.round((r.dollars / r.cds) * 100));
  return out.sort((a, b) => a - b);
}

/** A fallback distribution when no CDNOW file is around (quartiles of the real one, rounded). */
export const FALLBACK_PRICES_FEN = [990, 1099, 1199, 1299, 1399, 1499, 1599, 1799, 1999, 2499];

/** The seeded price of `itemId` in fen. */
export function itemPriceFen(itemId: string, dist: readonly number[], seed = 1): number {
  const d = dist.length > 0 ? dist : FALLBACK_PRICES_FEN;
  return d[hash32(itemId, seed) % d.length];
}
