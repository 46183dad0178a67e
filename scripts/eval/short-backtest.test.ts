import { BLEND_WEIGHTS } from '../../cloudfunctions/common/value/blend';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { trainingCutoffs, firstPurchaseDay } from '../../cloudfunctions/common/value/learned';
import { randomShop as shop } from '../../cloudfunctions/common/value/random-shop.test-helper';
import { shortBacktest } from './short-backtest';

const END = 400;
const H = 273;

/** The shop's purchases in (from, to] replaced by one on day `to` (amounts kept aligned). */
function changedAfter(customers: readonly CustomerHistory[], from: number, to: number): CustomerHistory[] {
  return customers.map((c) => {
    const keep = c.purchases.days.map((d) => d <= from);
    const days = [...c.purchases.days.filter((_, k) => keep[k]), to];
    const amounts = [...c.purchases.amounts.filter((_, k) => keep[k]), 1];
    return { purchases: { days, amounts } };
  });
}

describe('the short-history back-test', () => {
  const customers = shop(5, 250);
  const { horizon } = trainingCutoffs(firstPurchaseDay(customers), END, H);
  const bt = shortBacktest(customers, { end: END, trainingHorizon: horizon, seed: 1 });

  it('judges the fit at end − h′ on (end − h′, end], with a short plan and a level of its own', () => {
    expect(horizon).toBeLessThan(H);
    expect(bt.cut).toBe(END - horizon);
    expect(bt.horizonDays).toBe(horizon);
    expect(bt.judged).toBe(customers.filter((c) => c.purchases.days[0] <= bt.cut).length);
    expect(bt.judgedTrees).toBeGreaterThan(0);
    expect(bt.level).not.toBe(1);
    expect(BLEND_WEIGHTS).toContain(bt.blend.weight);
    expect(bt.blend.rmse.blended).toBeLessThanOrEqual(Math.min(bt.blend.rmse.learned, bt.blend.rmse.bgnbd) + 1e-12);
  });

  it('reads nothing after the cut for its predictions and nothing after the end at all', () => {
    // Every purchase in (cut, end] replaced by one on the end day, and one more after the end: the
    // predictions are the same, and the window counts exactly the one on the end day per customer.
    const later = changedAfter(customers, bt.cut, END).map((c) => ({
      purchases: { days: [...c.purchases.days, END + 5], amounts: [...c.purchases.amounts, 1] },
    }));
    const other = shortBacktest(later, { end: END, trainingHorizon: horizon, seed: 1 });
    expect(other.learnedTotal).toBe(bt.learnedTotal);
    expect(other.bgnbdTotal).toBe(bt.bgnbdTotal);
    expect(other.judged).toBe(bt.judged);
    expect(other.actualTotal).toBe(bt.judged);
    expect(bt.actualTotal).not.toBe(bt.judged);
  }, 240_000);

  it('ships BG/NBD alone when the fit at the cut had no trees to judge (a young shop there)', () => {
    const small = shop(7, 40);
    const { horizon: h } = trainingCutoffs(firstPurchaseDay(small), END, H);
    const young = shortBacktest(small, { end: END, trainingHorizon: h, seed: 1 });
    expect(young.judgedTrees).toBe(0);
    expect(young.blend).toMatchObject({ weight: 0, untested: true });
  });
});
