import { mulberry32 } from '../../cloudfunctions/common/random';
import type { BehaviourDay } from '../../cloudfunctions/common/value/features';
import type { TaobaoSample } from './taobao-users';
import { evaluateWindow } from './taobao-window';

/**
 * 300 users over days 0..9 who browse every day; a user who carts on a day buys in the next two
 * days with probability 0.7 (else 0.1), and a past purchase says nothing. Behaviour must win.
 */
function sample(): TaobaoSample {
  const rand = mulberry32(5);
  const users = Array.from({ length: 300 }, () => {
    const behaviour: BehaviourDay[] = [];
    const buys = new Set<number>();
    for (let day = 0; day <= 9; day++) {
      const carts = rand() < 0.3 ? 1 : 0;
      behaviour.push({ day, views: 3, carts, favourites: 0, sessions: 1, scoredReviews: 0, positiveSum: 0 });
      if (rand() < (carts ? 0.7 : 0.1)) buys.add(day + 1 + Math.floor(rand() * 2));
    }
    const days = [...buys].filter((d) => d <= 9).sort((a, b) => a - b);
    return { purchases: { days, amounts: days.map(() => 0) }, behaviour };
  });
  return { users, lastDay: 9, firstPurchaseDay: 1 };
}

describe('a two-day window of the Taobao buy task', () => {
  it('finds the cart signal that recency/frequency cannot see, with an interval above zero', () => {
    const w = evaluateWindow(sample(), 9, 1, 200)!;
    expect(w.cutoffs).toBe(5); // features up to day 7; cut-offs 5, 4, 3, 2, 1 (the first purchase day)
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(w.seedAucs.behaviour)).toBeGreaterThan(mean(w.seedAucs.rf_trees) + 0.1);
    expect(w.vsRfTrees.lo).toBeGreaterThan(0);
    expect(w.activeInWindow).toBe(300);
    expect(w.product.customers).toBeGreaterThan(100);
    // Every user is either a customer the product scores or one who never bought.
    expect(w.neverBought.users + w.product.customers).toBe(300);
  });

  it('has nothing to train on without an earlier cut-off', () => {
    expect(evaluateWindow(sample(), 4, 1, 200)).toBeNull();
  });
});
