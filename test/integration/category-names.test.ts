/**
 * Category names, through the REAL admin and privacy functions and SDK: staff read the shop's
 * category names in segment portraits (and the CSV), customers in 我的 — never a raw id — even when
 * one category holds more products than a single query page returns.
 */
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { STAFF, startFixtureCloud, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

import type { Reply } from '../helpers/reply';
let fx: Fixture;
const call = (fn: string, event: unknown, openid: string) =>
  fx.cloud.invokeFunction(fn, event, { openid, source: 'wx_client' }) as Promise<Reply>;

beforeAll(async () => {
  fx = await startFixtureCloud();
  const db = fx.cloud.db;
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  // 150 products of one category come first: a 100-document page would hold no other category.
  const products = Array.from({ length: 150 }, (_, i) => ({
    _id: `dress${i}`,
    name: `连衣裙${i}`,
    priceFen: 9900,
    categoryId: 'cwomen',
    categoryName: '女装',
  }));
  products.push({ _id: 'tea1', name: '绿茶', priceFen: 5800, categoryId: 'ctea', categoryName: '茶叶' });
  await db.collection('products').insert(products);
  const today = dayKey(Date.now());
  // Interest keys are 'c' + categoryId; 'cgone' is a category no product carries any more.
  const profile = (openid: string) => ({
    _id: openid,
    openid,
    rev: 1,
    segment: 1,
    firstSeenAt: Date.now() - 3600_000,
    lastActiveAt: Date.now() - 60_000,
    d: { [today]: { pv: 6, c: { ccwomen: 5, cctea: 3, ccgone: 1 } } },
  });
  await db.collection('profiles').insert([profile('u1'), profile('u2')]);
  await db.collection('consents').insert({ _id: 'u1', openid: 'u1', granted: true, version: 1 });
});
afterAll(() => fx?.close());

describe('category names', () => {
  it('segment portraits and the CSV name categories the way the shop does', async () => {
    const s = await call('admin', { action: 'segments', refresh: true }, STAFF);
    expect(s.error).toBeUndefined();
    const top = s.data.segments[0].topCategories;
    expect(top.map((c: { categoryId: string }) => c.categoryId)).toEqual(['cwomen', 'ctea', 'cgone']);
    expect(top.map((c: { categoryName?: string }) => c.categoryName)).toEqual(['女装', '茶叶', undefined]);
    expect(s.data.population.topCategories[1].categoryName).toBe('茶叶');
    const csv = (await call('admin', { action: 'segmentsCsv' }, STAFF)).data.csv as string;
    expect(csv).toContain('女装:');
    expect(csv).toContain('茶叶:');
  });

  it('我的 names every top category, however many products the biggest one has', async () => {
    const me = await call('privacy', { action: 'me' }, 'u1');
    expect(me.error).toBeUndefined();
    const names = me.data.topCategories.map((c: { name: string }) => c.name);
    expect(names).toEqual(['女装', '茶叶', '品类cgone']);
  });

  it('the campaign and rule editors offer every category of a catalog larger than their product page', async () => {
    // 150 + 60 dresses, the tea, then shoes: 212 products, the shoes beyond any 200 of them.
    const more = Array.from({ length: 60 }, (_, i) => ({ _id: `dress${150 + i}`, name: `连衣裙${150 + i}`, priceFen: 9900, categoryId: 'cwomen', categoryName: '女装' }));
    await fx.cloud.db.collection('products').insert([...more, { _id: 'shoe1', name: '跑鞋', priceFen: 39900, categoryId: 'cshoes', categoryName: '鞋' }]);
    const o = await call('admin', { action: 'editorOptions' }, STAFF);
    expect(o.error).toBeUndefined();
    expect(o.data.categories).toEqual(['cshoes', 'ctea', 'cwomen']);
    expect(o.data.products).toHaveLength(200);
  });
});
