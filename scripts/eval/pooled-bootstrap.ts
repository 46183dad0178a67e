/**
 * The pooled evidence of session 16's plan (models/value/report.md, "The heaviest buyers' own
 * rate"): one variant against the shipped model over several dev cut-offs and model seeds, as the
 * mean of (RMSE_variant − RMSE_shipped) ÷ RMSE_BG/NBD, with a paired bootstrap over customers.
 * The same heavy buyers recur in every cut-off, so a resample draws customers, not rows, and
 * keeps each drawn customer in every cut-off and seed.
 */
// Seeded (mulberry32), so the interval is the same on every run.
import { mulberry32 } from '../../cloudfunctions/common/random';

/** One cut-off's per-customer squared errors; `customer[k]` is row k's index among all customers. */
export interface CutoffErrors {
  customer: readonly number[];
  bgnbd: Float64Array;
  /** per seed: the shipped model's and the variant's squared errors, row by row */
  shipped: readonly Float64Array[];
  variant: readonly Float64Array[];
}

/** The pooled Δ with customer multiplicities `m` (all 1: the data as it is). */
export function pooledDelta(cuts: readonly CutoffErrors[], m: ArrayLike<number>): number {
  let sum = 0;
  let k = 0;
  for (const c of cuts) {
    let n = 0;
    let bg = 0;
    const ship = new Array<number>(c.shipped.length).fill(0);
    const vari = new Array<number>(c.variant.length).fill(0);
    for (let r = 0; r < c.customer.length; r++) {
      const w = m[c.customer[r]];
      if (!w) continue;
      n += w;
      bg += w * c.bgnbd[r];
      for (let s = 0; s < ship.length; s++) {
        ship[s] += w * c.shipped[s][r];
        vari[s] += w * c.variant[s][r];
      }
    }
    const rmseBg = Math.sqrt(bg / n);
    for (let s = 0; s < ship.length; s++) {
      sum += (Math.sqrt(vari[s] / n) - Math.sqrt(ship[s] / n)) / rmseBg;
      k++;
    }
  }
  return sum / k;
}

/** Pooled Δ and its percentile interval over `resamples` bootstrap draws of the `customers` ids. */
export function pooledInterval(
  cuts: readonly CutoffErrors[],
  customers: number,
  o: { resamples: number; seed: number; level?: number },
): { delta: number; low: number; high: number } {
  const rand = mulberry32(o.seed);
  const ones = new Uint32Array(customers).fill(1);
  const draws: number[] = [];
  const m = new Uint32Array(customers);
  for (let b = 0; b < o.resamples; b++) {
    m.fill(0);
    for (let i = 0; i < customers; i++) m[Math.floor(rand() * customers)]++;
    draws.push(pooledDelta(cuts, m));
  }
  draws.sort((p, q) => p - q);
  const tail = (1 - (o.level ?? 0.95)) / 2;
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.round(q * (draws.length - 1))))];
  return { delta: pooledDelta(cuts, ones), low: at(tail), high: at(1 - tail) };
}
