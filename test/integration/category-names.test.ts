/**
 * Category names, through the REAL admin and privacy functions and SDK: staff read the shop's
 * category names in segment portraits (and the CSV), customers in 我的 — never a raw id — even when
 * one category holds more products than a single query page returns.
 */
import { UNLISTED_CATEGORY } from '../../cloudfunctions/common/catalog/category-names';
import { categoryKey } from '../../cloudfunctions/common/profile/bucket-keys';
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { STAFF, startFixtureCloud, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

const LONG_TEA = 'premium-organic-longjing-green-tea';
const LONG_GONE = 'limited-edition-autumn-collection-2026';
const LONG_ITEM = 'gift-box-with-handwritten-card-set';

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
  // Ids too long for their key (stored hashed): one the catalog carries, one only u3's events do.
  await db.collection('products').insert({ _id: 'lj1', name: '明前龙井', priceFen: 29900, categoryId: LONG_TEA, categoryName: '龙井' });
  const ts = Date.now() - 120_000;
  const ev = (id: string, name: string, props: Record<string, unknown>) => ({ _id: `u3:${id}`, openid: 'u3', eventId: id, name, ts, props });
  await db.collection('events').insert([
    ev('e1', 'product_view', { productId: 'gone1', categoryId: LONG_GONE }),
    ev('e2', 'purchase', { orderId: 'o1', amountFen: 100, items: [{ productId: 'gone2', categoryId: LONG_ITEM, quantity: 1, priceFen: 100 }] }),
  ]);
  await db.collection('profiles').insert({
    ...profile('u3'),
    segment: 2,
    d: { [today]: { pv: 6, c: { [categoryKey(LONG_TEA)]: 6, [categoryKey(LONG_GONE)]: 3, [categoryKey(LONG_ITEM)]: 2, cctea: 1 } } },
  });
  await db.collection('consents').insert({ _id: 'u3', openid: 'u3', granted: true, version: 1 });
});
afterAll(() => fx?.close());

describe('category names', () => {
  it('segment portraits and the CSV name categories the way the shop does', async () => {
    const s = await call('admin', { action: 'segments', refresh: true }, STAFF);
    expect(s.error).toBeUndefined();
    const top = s.data.segments[0].topCategories;
    expect(top.map((c: { categoryId: string }) => c.categoryId)).toEqual(['cwomen', 'ctea', 'cgone']);
    // cgone: no product carries it any more, and nothing else names it — said so, not a bare id
    expect(top.map((c: { categoryName?: string }) => c.categoryName)).toEqual(['女装', '茶叶', '已下架类目（cgone）']);
    expect(s.data.population.topCategories[1].categoryName).toBe('茶叶');
    const csv = (await call('admin', { action: 'segmentsCsv' }, STAFF)).data.csv as string;
    expect(csv).toContain('女装:');
    expect(csv).toContain('茶叶:');
  });

  it('我的 names every top category, however many products the biggest one has', async () => {
    const me = await call('privacy', { action: 'me' }, 'u1');
    expect(me.error).toBeUndefined();
    const names = me.data.topCategories.map((c: { name: string }) => c.name);
    // cgone: no product carries it any more — 已下架类目, as staff's portraits say, never the raw id
    expect(names).toEqual(['女装', '茶叶', '已下架类目']);
    expect(me.data.lines.join('')).not.toContain('cgone');
  });

  it('the campaign and rule editors offer every category of a catalog larger than their product page', async () => {
    // 150 + 60 dresses, the tea, then shoes: 212 products, the shoes beyond any 200 of them.
    const more = Array.from({ length: 60 }, (_, i) => ({ _id: `dress${150 + i}`, name: `连衣裙${150 + i}`, priceFen: 9900, categoryId: 'cwomen', categoryName: '女装' }));
    await fx.cloud.db.collection('products').insert([...more, { _id: 'shoe1', name: '跑鞋', priceFen: 39900, categoryId: 'cshoes', categoryName: '鞋' }]);
    const o = await call('admin', { action: 'editorOptions' }, STAFF);
    expect(o.error).toBeUndefined();
    expect(o.data.categories).toEqual(['cshoes', 'ctea', 'cwomen', LONG_TEA]);
    expect(o.data.products).toHaveLength(200);
  });

  it('ids too long for their stored key show by name in portraits, 我的 and the export', async () => {
    for (const id of [LONG_TEA, LONG_GONE, LONG_ITEM]) expect(categoryKey(id)).toMatch(/^qh_/);
    const s = await call('admin', { action: 'segments', refresh: true }, STAFF);
    const seg2 = s.data.segments.find((x: { id: string }) => x.id === '2');
    // The catalog names the first. The other two no product carries, so their ids cannot be found
    // from their keys: they count, together, as 已下架类目 (3 + 2 of 12), never as a hash.
    expect(seg2.topCategories).toEqual([
      { categoryId: LONG_TEA, categoryName: '龙井', weight: 0.5 },
      { categoryId: UNLISTED_CATEGORY, categoryName: '已下架类目', weight: 0.417 },
      { categoryId: 'ctea', categoryName: '茶叶', weight: 0.083 },
    ]);
    const csv = (await call('admin', { action: 'segmentsCsv' }, STAFF)).data.csv as string;
    expect(csv).toContain('龙井:0.5 已下架类目:0.417 茶叶:0.083');
    expect(csv).not.toMatch(/qh_/);

    const me = await call('privacy', { action: 'me' }, 'u3');
    expect(me.error).toBeUndefined();
    // The customer's own events name the ids the catalog no longer carries.
    // Those ids no product carries any more: 已下架类目, said once in the sentence (3 + 2 of 12).
    expect(me.data.topCategories.map((c: { name: string }) => c.name)).toEqual(['龙井', '已下架类目', '已下架类目']);
    expect(me.data.lines.join('')).toContain('你最近最关注的品类：龙井（50%）、已下架类目（42%）。');

    const x = await call('privacy', { action: 'exportMyData' }, 'u3');
    expect(x.error).toBeUndefined();
    const c = x.data.profile.d[dayKey(Date.now())].c;
    expect(c).toEqual({ [LONG_TEA]: 6, [LONG_GONE]: 3, [LONG_ITEM]: 2, ctea: 1 });
    expect(x.data.categoryNames).toEqual({ [LONG_TEA]: '龙井', [LONG_GONE]: '已下架类目', [LONG_ITEM]: '已下架类目', ctea: '茶叶' });
  });

  it("the rule editor offers categories by name, and a rule's members are told by category name", async () => {
    const o = await call('admin', { action: 'editorOptions' }, STAFF);
    expect(o.data.categoryNames).toMatchObject({ cwomen: '女装', ctea: '茶叶', [LONG_TEA]: '龙井' });
    const rule = { name: '茶客', include: { op: 'and', items: [{ kind: 'category', in: [LONG_TEA, 'ctea'] }] } };
    const saved = await call('admin', { action: 'ruleSegmentSave', rule }, STAFF);
    expect(saved.error).toBeUndefined();
    const m = await call('admin', { action: 'ruleSegmentMembers', id: saved.data._id, limit: 10 }, STAFF);
    // u1 (consented, tea) and u3 (consented, the long-id tea and tea); u2 never agreed.
    expect(m.data.members.map((x: { reasons: string[] }) => x.reasons).sort()).toEqual([['近90天关注过品类 茶叶'], ['近90天关注过品类 龙井、茶叶']]);
    const csv = (await call('admin', { action: 'ruleSegmentCsv', id: saved.data._id }, STAFF)).data.csv as string;
    expect(csv).toContain('近90天关注过品类 龙井、茶叶');
    // A category no product carries any more is told as the portraits tell it, not by a bare id.
    const gone = { name: '老客', include: { op: 'and', items: [{ kind: 'category', in: ['cgone'] }] } };
    const g = await call('admin', { action: 'ruleSegmentSave', rule: gone }, STAFF);
    expect(g.error).toBeUndefined();
    const gm = await call('admin', { action: 'ruleSegmentMembers', id: g.data._id, limit: 10 }, STAFF);
    expect(gm.data.members.map((x: { reasons: string[] }) => x.reasons)).toEqual([['近90天关注过品类 已下架类目（cgone）']]);
  });
});

