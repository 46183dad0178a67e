import type { BehaviourDay } from './features';
import { FEATURE_FAMILIES } from './features';
import { rng } from './gbt';
import type { CustomerHistory } from './learned';
import { fitValueModel, predictValue } from './model';
import { MIN_TREE_POSITIVES, MIN_TREE_ROWS, TRACKING_LEAD_DAYS, youngShopDecision } from './young-shop';

const seen = (day: number): BehaviourDay => ({
  day,
  views: 2,
  carts: day % 3 === 0 ? 1 : 0,
  favourites: 0,
  sessions: 1,
  scoredReviews: 0,
  positiveSum: 0,
});

/** `n` buyers over days 0..`end` (repeat buying at random rates); behaviour from `trackFrom` on, if given. */
function shop(seed: number, n: number, end: number, trackFrom?: number): CustomerHistory[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => {
    const start = Math.floor(rand() * end * 0.4);
    const rate = 0.005 + rand() * 0.06;
    const days = [start];
    for (let d = start + 1; d <= end; d++) if (rand() < rate) days.push(d);
    const c: CustomerHistory = { purchases: { days, amounts: days.map(() => 10 + Math.floor(rand() * 90)) } };
    if (trackFrom !== undefined) c.behaviour = days.filter((d) => d >= trackFrom).map(seen);
    return c;
  });
}

const OPTS = { end: 400, horizonDays: 90, seed: 1 };

describe('the young-shop rule', () => {
  it('counts the training rows the trees would get, and rows with a purchase in their window', () => {
    const cs: CustomerHistory[] = [
      { purchases: { days: [0, 15], amounts: [1, 1] } }, // at cut 10: bought, buys in (10, 20]
      { purchases: { days: [5], amounts: [1] } }, // bought, no purchase after
      { purchases: { days: [12], amounts: [1] } }, // not bought by 10: no row at 10
    ];
    const d = youngShopDecision(
      cs,
      cs,
      { cutoffs: [10, 3], horizon: 10 },
      { end: 20, families: FEATURE_FAMILIES },
    );
    // Cut 10: two rows, one positive; cut 3: one row (the first customer), no purchase in (3, 13].
    expect(d.young).toMatchObject({ rows: 3, positives: 1, buyers: 'bgnbd', cutoffs: 2, historyDays: 21 });
    expect(d.trees).toBe(false);
    expect(d.young?.trackingDays).toBeNull();
  });

  it('a shop with few buyers is predicted by BG/NBD alone, and its model says why', () => {
    const cs = shop(3, 60, 400);
    const m = fitValueModel(cs, OPTS);
    expect(m.learned.gbt.trees).toHaveLength(0);
    expect(m.learned.families).toEqual(['bgnbd']);
    expect(m.young).toMatchObject({
      buyers: 'bgnbd',
      need: { rows: MIN_TREE_ROWS, positives: MIN_TREE_POSITIVES },
    });
    expect(m.young!.rows).toBeLessThan(MIN_TREE_ROWS);
    for (const p of predictValue(m, cs)) {
      expect(Math.abs(p!.expectedPurchases - p!.bgnbdExpectedPurchases)).toBeLessThan(
        1e-12 * Math.max(1, p!.bgnbdExpectedPurchases),
      );
    }
    // The rule off: the same shop gets trees, as before the rule.
    expect(fitValueModel(cs, { ...OPTS, youngShop: false }).learned.gbt.trees.length).toBeGreaterThan(0);
  });

  it('an old shop without behaviour data fits byte for byte as with the rule off (nothing recorded)', () => {
    const cs = shop(4, 300, 400);
    const m = fitValueModel(cs, OPTS);
    expect(m.young).toBeUndefined();
    expect(m.learned.families).toEqual([...FEATURE_FAMILIES]);
    expect(JSON.stringify(m)).toBe(JSON.stringify(fitValueModel(cs, { ...OPTS, youngShop: false })));
  });

  it('behaviour tracked only recently is left out of the trees; tracked from the start, it stays', () => {
    const late = fitValueModel(shop(5, 300, 400, 340), OPTS);
    expect(late.learned.gbt.trees.length).toBeGreaterThan(0);
    expect(late.learned.families).toEqual(FEATURE_FAMILIES.filter((f) => f !== 'behaviour'));
    const earliest = Math.min(...late.learned.cutoffs);
    expect(late.young).toMatchObject({
      buyers: 'trees',
      dropped: ['behaviour'],
      trackingDays: 400 - 340 + 1,
      need: { trackingDays: 400 - (earliest - TRACKING_LEAD_DAYS) + 1 },
      // No visitor row can exist: nobody was seen before the latest cut-off.
      visitors: 'too_recent',
    });
    const early = fitValueModel(shop(5, 300, 400, 0), OPTS);
    expect(early.learned.families).toEqual([...FEATURE_FAMILIES]);
    // Seen only on their purchase days: nobody was a visitor at a cut-off, so no visitor part, and why.
    expect(early.visitor).toBeUndefined();
    expect(early.young).toMatchObject({ buyers: 'trees', dropped: [], visitors: 'few_rows', visitorRows: 0 });
  });
});
