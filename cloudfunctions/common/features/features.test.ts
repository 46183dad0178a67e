import { orderFactDocs } from '../facts/order-facts';
import { foldEvents } from '../profile/apply';
import type { StoredEvent } from '../profile/types';
import { categoryAffinity } from './affinity';
import { computeFeatures, computeRawFeatures, FEATURE_NAMES, FEATURE_SPEC } from './compute-features';
import { qualityFlags } from './quality';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2024, 5, 30, 4); // 2024-06-30 12:00 UTC+8
let n = 0;
function ev(
  daysAgo: number,
  name: StoredEvent['name'],
  props: Record<string, unknown>,
  extra: Partial<StoredEvent> = {},
): StoredEvent {
  const ts = AS_OF - daysAgo * DAY;
  n++;
  return {
    _id: `u:${n}`,
    openid: 'u',
    eventId: String(n),
    name,
    ts,
    clientTs: ts,
    receivedAt: ts,
    sessionId: `s${daysAgo}`,
    deviceId: 'd',
    seq: n,
    props,
    ...extra,
  };
}
const buy = (daysAgo: number, fen: number, cat = 'c1') =>
  ev(daysAgo, 'purchase', {
    orderId: `o${daysAgo}`,
    amountFen: fen,
    items: [{ productId: 'p', categoryId: cat, quantity: 1, priceFen: fen }],
  });
const view = (daysAgo: number, cat = 'c1') =>
  ev(daysAgo, 'product_view', { productId: 'p', categoryId: cat });
const cart = (daysAgo: number) =>
  ev(daysAgo, 'add_to_cart', { productId: 'p', categoryId: 'c2', quantity: 1, priceFen: 100 });

const profile = foldEvents([
  buy(2, 12_345),
  buy(40, 10_000, 'c3'),
  buy(200, 5_000),
  buy(500, 99_999), // outside every window
  view(1),
  view(1),
  view(29, 'c2'),
  view(31, 'c4'), // just outside 30 days
  cart(3),
  cart(60),
  ev(10, 'favorite', { productId: 'p', categoryId: 'c1', on: true }),
  ev(5, 'review_submit', { productId: 'p', categoryId: 'c1', text: '好', rating: 5 }, { sentiment: 900 }),
  ev(6, 'review_submit', { productId: 'p', text: '差', rating: 1 }, { sentiment: 200 }),
  ev(7, 'review_submit', { productId: 'p', text: '一般', rating: 3 }),
]);

describe('computeRawFeatures (golden)', () => {
  it('computes every spec feature from day buckets at asOf', () => {
    expect(computeRawFeatures(profile, AS_OF)).toEqual({
      recency_days: 2,
      has_purchased: 1,
      frequency_30d: 1,
      frequency_90d: 2,
      frequency_365d: 3,
      monetary_30d: 123.45,
      monetary_90d: 223.45,
      monetary_365d: 273.45,
      sessions_30d: 8, // days 1,2,3,5,6,7,10,29
      product_views_30d: 3,
      cart_adds_30d: 1,
      cart_conversion_90d: 1, // 2 purchases / 2 cart adds
      favorites_90d: 1,
      review_count: 3,
      sentiment_mean: 0.55,
      negative_share: 0.5,
      tenure_days: 500,
      days_since_active: 1,
      category_breadth: 4, // c1, c2, c3, c4 (reviews without a category add none)
    });
  });

  it('is the model input after missing → clip → log1p, in spec order', () => {
    const x = computeFeatures(profile, AS_OF);
    expect(x).toHaveLength(FEATURE_SPEC.features.length);
    expect(FEATURE_NAMES[0]).toBe('recency_days');
    expect(x[0]).toBeCloseTo(Math.log1p(2), 12);
    expect(x[FEATURE_NAMES.indexOf('cart_conversion_90d')]).toBe(1);
    expect(x[FEATURE_NAMES.indexOf('monetary_365d')]).toBeCloseTo(Math.log1p(273.45), 12);
  });

  it('uses the spec missing values for a brand-new customer', () => {
    const raw = computeRawFeatures({ d: {} }, AS_OF);
    expect(raw.recency_days).toBeNull();
    expect(raw.has_purchased).toBe(0);
    expect(raw.sentiment_mean).toBeNull();
    const x = computeFeatures({ d: {} }, AS_OF);
    expect(x[FEATURE_NAMES.indexOf('recency_days')]).toBeCloseTo(Math.log1p(400), 12);
    expect(x[FEATURE_NAMES.indexOf('has_purchased')]).toBe(0);
    expect(x[FEATURE_NAMES.indexOf('sentiment_mean')]).toBe(0.5);
    expect(x[FEATURE_NAMES.indexOf('days_since_active')]).toBeCloseTo(Math.log1p(3650), 12);
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it('tells a customer who never bought from one whose last purchase is past the recency cap', () => {
    const longAgo = foldEvents([buy(0, 1000)]);
    const at = AS_OF + 600 * DAY;
    const gone = computeFeatures(longAgo, at);
    const never = computeFeatures(foldEvents([view(0)]), at);
    const r = FEATURE_NAMES.indexOf('recency_days');
    const h = FEATURE_NAMES.indexOf('has_purchased');
    expect(gone[r]).toBe(never[r]); // both at the cap …
    expect([gone[h], never[h]]).toEqual([1, 0]); // … and still told apart
  });

  it('ignores buckets after asOf', () => {
    expect(computeRawFeatures(profile, AS_OF - 3 * DAY).frequency_30d).toBe(0);
  });
});

describe('quality flags', () => {
  it('precise / reliable / timely with documented thresholds', () => {
    const q = qualityFlags(profile, AS_OF);
    // 14 events, but purchases on 3 days within the year (2, 40 and 200 days ago)
    expect(q).toMatchObject({ precise: true, reliable: true, timely: true, events: 14, purchaseDays365: 3 });
    expect(qualityFlags(foldEvents([view(1), view(2), view(3), buy(4, 100)]), AS_OF).reliable).toBe(false);
    expect(qualityFlags(profile, AS_OF + 40 * DAY).timely).toBe(false);
    const many = foldEvents(Array.from({ length: 25 }, (_, i) => view(i % 5)));
    expect(qualityFlags(many, AS_OF).reliable).toBe(true);
    const skewed = foldEvents([view(1), ev(1, 'app_show', {}, { skewed: true })]);
    expect(qualityFlags(skewed, AS_OF).precise).toBe(false);
  });

  it('counts purchase days for a buyer with purchase events only (imported orders): 3 days are enough', () => {
    const eight = foldEvents([1, 20, 40, 60, 90, 120, 200, 300].map((d) => buy(d, 2970)));
    expect(qualityFlags(eight, AS_OF)).toMatchObject({ reliable: true, events: 8, purchaseDays365: 8 });
    expect(qualityFlags(foldEvents([3, 30, 60].map((d) => buy(d, 1000))), AS_OF).reliable).toBe(true);
    // Two purchase days, or three on one day, are not.
    expect(qualityFlags(foldEvents([3, 30].map((d) => buy(d, 1000))), AS_OF)).toMatchObject({ reliable: false, purchaseDays365: 2 });
    expect(qualityFlags(foldEvents([3, 3, 3].map((d) => buy(d, 1000))), AS_OF)).toMatchObject({ reliable: false, purchaseDays365: 1 });
    // Purchases older than a year do not count.
    expect(qualityFlags(foldEvents([400, 430, 460].map((d) => buy(d, 1000))), AS_OF).reliable).toBe(false);
  });
});

describe('category affinity', () => {
  it('ranks categories by behaviour weight over 90 days, normalised', () => {
    const a = categoryAffinity(profile, AS_OF);
    // c1: buy 5 + view 1 + view 1 + fav 2 + review 2 = 11; c2: view 1 + cart 3 + cart 3 = 7; c3: 5; c4: 1
    expect(a.map((x) => x.categoryId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(a[0].weight).toBeCloseTo(11 / 24, 3);
  });
});

describe('visits (sessions_30d) with orders as server facts', () => {
  const order = (daysAgo: number, id: string) =>
    orderFactDocs(
      { _id: id, openid: 'u', amountFen: 1499, createdAt: AS_OF - daysAgo * DAY, items: [{ productId: 'p', categoryId: 'c1', quantity: 1, priceFen: 1499 }] },
      AS_OF,
    );

  it('does not count an order placed in an app session as a second visit (it read 来访2次 after one visit)', () => {
    const p = foldEvents([view(0), cart(0), ...order(0, 'o1')]);
    expect(computeRawFeatures(p, AS_OF).sessions_30d).toBe(1);
  });

  it('counts a day with an order and no recorded session as one visit, each such day once', () => {
    const p = foldEvents([...order(1, 'o1'), ...order(1, 'o2'), ...order(3, 'o3'), view(5)]);
    expect(computeRawFeatures(p, AS_OF).sessions_30d).toBe(3); // days 1 and 3 (orders only), day 5
  });
});
