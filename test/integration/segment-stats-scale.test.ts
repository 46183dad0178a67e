/**
 * Segment statistics on a shop with more groups than WeChat cloud answers from an aggregation
 * without a final limit (20): 8 segments × 5 sentiment bins and 8 × 30 (segment, category) pairs,
 * through the REAL admin function and SDK against the local cloud, which answers 20 the way the
 * real one does. Sizes, bins and top categories must still count every customer.
 */
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { STAFF, startFixtureCloud, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

import type { Reply } from '../helpers/reply';
let fx: Fixture;
const SEGMENTS = 8;
const BINS = 5;
const CATEGORIES = 30;

beforeAll(async () => {
  fx = await startFixtureCloud();
  const db = fx.cloud.db;
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  await db.collection('products').insert(
    Array.from({ length: CATEGORIES }, (_, k) => ({
      _id: `item${k}`,
      name: `商品${k}`,
      priceFen: 1000,
      categoryId: `cat${k}`,
      categoryName: `品类名${k}`,
    })),
  );
  const today = dayKey(Date.now());
  const profiles = [];
  for (let s = 1; s <= SEGMENTS; s++)
    for (let b = 0; b < BINS; b++)
      for (let r = 0; r < 2; r++) {
        const id = `u${s}_${b}_${r}`;
        // Each segment's heaviest category is cat<s> (weight 50); every customer also saw four others.
        const c: Record<string, number> = { [`ccat${s}`]: 50 };
        for (let j = 0; j < 4; j++) c[`ccat${(s * 7 + b * 3 + r + j * 5) % CATEGORIES}`] = 1;
        profiles.push({
          _id: id,
          openid: id,
          rev: 1,
          segment: s,
          d: { [today]: { pv: 5, c } },
          features: { sentiment_mean: (b + 0.5) / BINS, monetary_90d: 100 * s },
        });
      }
  await db.collection('profiles').insert(profiles);
});
afterAll(() => fx?.close());

it('counts every customer, bin and category however many groups the aggregations make', async () => {
  const r = (await fx.cloud.invokeFunction(
    'admin',
    { action: 'segments', refresh: true },
    { openid: STAFF, source: 'wx_client' },
  )) as Reply;
  expect(r.error).toBeUndefined();
  const { segments, population } = r.data;
  expect(population.size).toBe(SEGMENTS * BINS * 2);
  expect(segments).toHaveLength(SEGMENTS);
  for (const s of segments) {
    expect(s.size).toBe(BINS * 2);
    expect(s.sentimentBins).toEqual([2, 2, 2, 2, 2]);
    expect(s.means.monetary_90d).toBeCloseTo(100 * Number(s.id), 6);
    expect(s.topCategories[0]).toMatchObject({ categoryId: `cat${s.id}`, categoryName: `品类名${s.id}` });
  }
  expect(population.sentimentBins).toEqual([16, 16, 16, 16, 16]);
});

it('counts a customer not segmented yet as `none`, without sorting on the segment they lack', async () => {
  // The category pass sorts its (segment, category) groups by segment among other keys; a profile
  // without `segment` must not make that sort ask where a missing field goes (the local cloud
  // refuses such a sort by default: scripts/local-cloud/db/sort-missing.ts).
  await fx.cloud.db.collection('profiles').insert({ _id: 'fresh', openid: 'fresh', rev: 1, d: { [dayKey(Date.now())]: { pv: 1, c: { ccat3: 9 } } } });
  try {
    const r = (await fx.cloud.invokeFunction('admin', { action: 'segments', refresh: true }, { openid: STAFF, source: 'wx_client' })) as Reply;
    expect(r.error).toBeUndefined();
    const none = r.data.segments.find((s: { id: string }) => s.id === 'none');
    expect(none).toMatchObject({ size: 1, topCategories: [{ categoryId: 'cat3', weight: 1 }] });
    expect(r.data.population.size).toBe(SEGMENTS * BINS * 2 + 1);
  } finally {
    await fx.cloud.db.collection('profiles').remove({ _id: 'fresh' });
  }
});
