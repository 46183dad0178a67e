/** A seeded random shop for the value model's unit tests (learned.test.ts, hybrid-level.test.ts). */
import { rng } from './gbt';
import type { CustomerHistory } from './learned';

/** Customers with weekly-ish random purchases over days 0..400. */
export function randomShop(seed: number, n: number): CustomerHistory[] {
  const rand = rng(seed);
  const out: CustomerHistory[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(rand() * 150);
    const rate = 0.005 + rand() * 0.08;
    const stop = start + Math.floor(rand() * 400);
    const days: number[] = [start];
    for (let d = start + 1; d <= 400 && d <= stop; d++) if (rand() < rate) days.push(d);
    out.push({ purchases: { days, amounts: days.map(() => 10 + Math.floor(rand() * 90)) } });
  }
  return out;
}
