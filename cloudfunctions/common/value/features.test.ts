import { bgnbdExpected, bgnbdPAlive } from './bgnbd';
import {
  behaviourFeatures,
  customerFeatures,
  FEATURE_FAMILIES,
  FEATURE_NAMES,
  featureNames,
  type BehaviourDay,
} from './features';
import { rfmAt } from './history';

const bgnbd = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.16 };
const day = (d: number, views: number, carts = 0, favourites = 0, sessions = 1): BehaviourDay => ({
  day: d,
  views,
  carts,
  favourites,
  sessions,
  scoredReviews: 0,
  positiveSum: 0,
});

describe('behaviour family', () => {
  it('computes every column by hand, from days on or before the cut-off only', () => {
    const cut = 100;
    const bs = [
      { ...day(60, 50, 5, 5, 3), scoredReviews: 2, positiveSum: 1.5 }, // older than 30 days: only "since" and sentiment
      day(75, 10, 2, 1, 2),
      day(95, 4, 1, 0, 1), // the last purchase day below is 95
      day(96, 6, 0, 2, 1),
      day(99, 3, 3, 1, 1),
      day(100, 7, 0, 0, 2),
      day(101, 99, 99, 99, 9), // after the cut-off: ignored
    ];
    const cols = Object.fromEntries(
      FEATURE_NAMES.behaviour.map((n, i) => [n, behaviourFeatures(bs, cut, 95)[i]]),
    );
    expect(cols).toEqual({
      views_30: 10 + 4 + 6 + 3 + 7,
      carts_30: 2 + 1 + 3,
      favourites_30: 1 + 2 + 1,
      sessions_30: 2 + 1 + 1 + 1 + 2,
      days_since_active: 0,
      views_7: 4 + 6 + 3 + 7,
      carts_7: 1 + 3,
      mean_sentiment: 0.75,
      views_1: 7,
      carts_1: 0,
      views_2: 10,
      carts_2: 3,
      favourites_2: 1,
      days_since_cart: 1,
      carts_since_purchase: 3, // carts on days 96..100, after the purchase day 95
    });
  });

  it('says "never" with 9999 days and counts every cart when nothing was bought', () => {
    const cols = behaviourFeatures([day(10, 5, 2), day(12, 1)], 20);
    const at = (n: string) => cols[FEATURE_NAMES.behaviour.indexOf(n)];
    expect(at('days_since_active')).toBe(8);
    expect(at('days_since_cart')).toBe(10);
    expect(at('carts_since_purchase')).toBe(2);
    expect(at('views_1') + at('views_2') + at('mean_sentiment')).toBe(-1);
    expect(behaviourFeatures([], 20)[FEATURE_NAMES.behaviour.indexOf('days_since_cart')]).toBe(9999);
  });
});

describe('purchase-history families', () => {
  // Purchase days 10, 40, 60, 100 with 200, 100, 300, 400; cut-off at 120, horizon 90.
  const h = { days: [10, 40, 60, 100], amounts: [200, 100, 300, 400] };
  const ctx = {
    cut: 120,
    horizonDays: 90,
    bgnbd,
    families: FEATURE_FAMILIES.filter((f) => f !== 'behaviour'),
  };

  it('are the values computed by hand, and behaviour data does not touch them', () => {
    const { row, bgnbdExpected: e } = customerFeatures(h, ctx);
    const expected = bgnbdExpected(bgnbd, rfmAt(h, 120), 90 / 7);
    const gaps = [30, 20, 40];
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - 30) ** 2, 0) / 3);
    expect(e).toBe(expected);
    expect(row).toEqual([
      3,
      20,
      90 / 110, // rfm
      110, // tenure
      30,
      sd / 30,
      20 / 30, // regularity
      Math.log1p(1000),
      Math.log1p(250),
      400 / 250, // spend
      1,
      3,
      4,
      0,
      0, // period: last 30/90/180 days, same season last year, previous year
      Math.log(expected / (90 / 7)),
      bgnbdPAlive(bgnbd, rfmAt(h, 120)), // bgnbd
    ]);
    expect(customerFeatures(h, ctx, [day(119, 40, 4, 1)]).row).toEqual(row);
  });

  it('lead the full row unchanged, with the behaviour family appended last', () => {
    const without = customerFeatures(h, ctx).row;
    const behaviour = [day(119, 40, 4, 1), day(120, 2, 1)];
    const full = customerFeatures(h, { ...ctx, families: FEATURE_FAMILIES }, behaviour).row;
    expect(full.slice(0, without.length)).toEqual(without);
    expect(full.slice(without.length)).toEqual(behaviourFeatures(behaviour, 120, 100));
    expect(featureNames(FEATURE_FAMILIES).slice(without.length)).toEqual([...FEATURE_NAMES.behaviour]);
  });
});
