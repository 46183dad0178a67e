import type { CustomerHistory } from '../value/learned';
import { backtestValue } from './backtest';

/** Customers buying every `gap` days from day 0 to `last` (amounts ¥100). */
function shop(n: number, last: number): CustomerHistory[] {
  return Array.from({ length: n }, (_, i) => {
    const gap = 14 + (i % 5) * 7;
    const days: number[] = [];
    for (let d = i % 11; d <= last - (i % 3) * 60; d += gap) days.push(d);
    return { purchases: { days, amounts: days.map(() => 10000) } };
  });
}

describe('value back-test', () => {
  it('nothing after the cut reaches the candidate, only the actual counts', () => {
    const a = shop(36, 400);
    const b = a.map((c) => ({
      purchases: {
        days: [...c.purchases.days.filter((d) => d <= 310), 315, 320],
        amounts: [...c.purchases.amounts.filter((_, k) => c.purchases.days[k] <= 310), 1, 1],
      },
    }));
    const ra = backtestValue(a, { end: 400, horizonDays: 90, incumbent: null });
    const rb = backtestValue(b, { end: 400, horizonDays: 90, incumbent: null });
    expect(ra.cut).toBe(310);
    expect(ra.heldOut).toBe(rb.heldOut);
    // The same predictions on both; only what happened after the cut differs.
    expect(rb.predictedTotal).toBe(ra.predictedTotal);
    expect(rb.predictedTotal).toBeGreaterThan(0);
    expect(rb.actualTotal).not.toBe(ra.actualTotal);
  });

  it('judges only customers who had bought by the cut, against the incumbent when one serves', () => {
    const customers = [...shop(30, 300), { purchases: { days: [250], amounts: [5000] } }];
    const first = backtestValue(customers, { end: 300, horizonDays: 90, incumbent: null });
    expect(first.heldOut).toBe(30);
    expect(first.incumbent).toBeNull();
  });
});
