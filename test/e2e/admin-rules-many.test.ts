/**
 * A shop with more saved rule segments than the newest 200 and more campaigns than the list held,
 * in real Chromium on the h5 build against the full local cloud: the 自定义分群 page shows 50 at a
 * time with 加载更多 down to the oldest, and its name search finds the oldest; a campaign aimed at
 * the oldest rule is named on its card (no 已不存在 warning) and its editor shows that rule chosen
 * (it read 已失效 past the newest 200); a new campaign can target it through the editor's search;
 * the 活动 list shows 50 at a time with 加载更多 down to the oldest of 231 (it stopped at 200); the
 * editor's product search links a product past the 12 it lists, and a campaign's product past the
 * 200 it loads is named (it read 「商品 <id>」), or said to be gone.
 */
import type { Page } from 'playwright-core';
import { priceDropCampaign } from '../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import { adminSuite, STAFF, visible } from './admin-fixtures';
import { describeInChromium, tap } from './helpers';

const OLD = 'rule_old0001';
const NEWER = 210;
/** Campaigns older than cmp_oldrule: 231 in all. */
const OLDER_CAMPAIGNS = 230;
const include = (min: number) => ({ op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min }] });
/** Products with _ids before {@link LATE}'s (with the seeded ones, more than the editor's 200). */
const LOADED = 200;
const LATE = 'zzz_late';
const GONE = 'zzz_gone';
const cards = (page: Page) => page.locator('.admin-rule >> visible=true').count();

describeInChromium('admin: more than 200 rule segments (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true });

  beforeAll(async () => {
    const db = suite.e2e.cloud.db;
    const t = Date.now() - 3_600_000;
    const rule = (_id: string, name: string, at: number, min: number) => ({
      _id, name, version: 1, include: include(min), createdBy: STAFF, createdAt: at, updatedAt: at, updatedBy: STAFF,
    });
    await db.collection('rule_segments').insert([
      rule(OLD, 'Summer老规则', t, 100),
      ...Array.from({ length: NEWER }, (_, i) => rule(`rule_n${String(i).padStart(5, '0')}`, `新规则${i}`, t + 1 + i, 1_000_000)),
    ]);
    await db.collection('campaigns').insert(
      priceDropCampaign({
        _id: 'cmp_oldrule',
        name: '老规则召回',
        segments: [`rule:${OLD}`],
        holdoutPct: 10,
        status: 'draft',
        createdBy: STAFF,
        createdAt: t,
        updatedAt: t,
        revision: 0,
        nextRunAt: null,
      }),
    );
    // More products than the editor lists (12) and loads (200): the last by _id found only by its
    // name, and a campaign's product past the 200 named by a fetch by id.
    await db.collection('products').insert([
      ...Array.from({ length: LOADED }, (_, i) => ({ _id: `zz_p${String(i).padStart(3, '0')}`, name: `加购商品${i}`, categoryId: 'tea', categoryName: '茶叶', priceFen: 1000 + i, stock: 5 })),
      { _id: 'zz_zebra', name: 'Zebra花茶礼盒', categoryId: 'tea', categoryName: '茶叶', priceFen: 9900, stock: 5 },
      { _id: LATE, name: '晚到的白茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 2990, stock: 5 },
    ]);
    // Linked to a product past the 200 the editor loads, and to one the shop has since removed.
    const linked = (_id: string, productId: string) =>
      priceDropCampaign({ _id, name: `关联${productId}`, productId, page: `pages/product/index?id=${productId}`, holdoutPct: 10, status: 'draft', createdBy: STAFF, createdAt: t, updatedAt: t, revision: 0, nextRunAt: null });
    await db.collection('campaigns').insert([linked('cmp_lateprod', LATE), linked('cmp_goneprod', GONE)]);
    await db.collection('campaigns').insert(
      Array.from({ length: OLDER_CAMPAIGNS }, (_, i) =>
        priceDropCampaign({
          _id: `cmp_many${String(i).padStart(4, '0')}`,
          name: `旧活动${i}`,
          holdoutPct: 10,
          status: 'draft',
          createdBy: STAFF,
          createdAt: t - 1_000 + i,
          updatedAt: t - 1_000 + Math.floor(i / 2),
          revision: 0,
          nextRunAt: null,
        }),
      ),
    );
  }, 60_000);

  it('the rule list pages down to the oldest rule with 加载更多', async () => {
    const { page } = suite.e2e;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await suite.e2e.open('/admin/rules/index');
    await visible(page, '.qx-rule-count').filter({ hasText: `共 ${NEWER + 1} 个分群，已显示最近保存的 50 个` }).waitFor({ timeout: 30_000 });
    expect(await cards(page)).toBe(50);
    for (const n of [100, 150, 200]) {
      await tap(page, '.qx-rule-more');
      await visible(page, '.qx-rule-count').filter({ hasText: `已显示最近保存的 ${n} 个` }).waitFor({ timeout: 30_000 });
    }
    await tap(page, '.qx-rule-more');
    await visible(page, '.qx-rule-count').filter({ hasText: new RegExp(`^共 ${NEWER + 1} 个分群$`) }).waitFor({ timeout: 30_000 });
    expect(await cards(page)).toBe(NEWER + 1);
    expect(await page.locator('.qx-rule-more >> visible=true').count()).toBe(0);
    await visible(page, `.qx-rule-${OLD}`).filter({ hasText: 'Summer老规则（第 1 版）' }).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  }, 180_000);

  it('a campaign aimed at the oldest rule is named on its card and chosen in its editor', async () => {
    const { page } = suite.e2e;
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, '.admin-campaign-cmp_oldrule').filter({ hasText: '目标 自定义：Summer老规则' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.admin-campaign-cmp_oldrule .qx-campaign-stale >> visible=true').count()).toBe(0);
    await suite.e2e.open('/admin/campaign-edit/index?id=cmp_oldrule');
    await visible(page, `.qx-rseg-${OLD}.admin-chip-on`).filter({ hasText: '自定义：Summer老规则' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.qx-seg-gone >> visible=true').count()).toBe(0);
  }, 180_000);

  it('a campaign linked to a product past the 200 loaded shows its name, and a removed one says so', async () => {
    const { page } = suite.e2e;
    await suite.e2e.open('/admin/campaign-edit/index?id=cmp_lateprod');
    await visible(page, `.qx-prod-${LATE}.admin-chip-on`).filter({ hasText: '晚到的白茶' }).waitFor({ timeout: 30_000 });
    await suite.e2e.open('/admin/campaign-edit/index?id=cmp_goneprod');
    await visible(page, `.qx-prod-${GONE}.admin-chip-on`).filter({ hasText: '商品已下架或删除' }).waitFor({ timeout: 30_000 });
    expect(await page.locator(`text=商品 ${GONE} >> visible=true`).count()).toBe(0);
  }, 180_000);

  it('the name search finds the oldest rule, on the list and in a new campaign that then targets it (and a product past the 12 listed)', async () => {
    const { page, cloud } = suite.e2e;
    await suite.e2e.open('/admin/rules/index');
    await visible(page, '.qx-rule-count').filter({ hasText: '已显示最近保存的 50 个' }).waitFor({ timeout: 30_000 });
    await visible(page, '.qx-rule-search-input input').fill('summer');
    await tap(page, '.qx-rule-search-go');
    await visible(page, '.qx-rule-count').filter({ hasText: '名称含「summer」的分群共 1 个' }).waitFor({ timeout: 30_000 });
    expect(await cards(page)).toBe(1);
    await visible(page, `.qx-rule-${OLD}`).waitFor({ timeout: 30_000 });
    await tap(page, '.qx-rule-search-clear');
    await visible(page, '.qx-rule-count').filter({ hasText: '已显示最近保存的 50 个' }).waitFor({ timeout: 30_000 });

    await suite.e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    // Not among the options (the newest 200) until searched for.
    expect(await page.locator(`.qx-rseg-${OLD} >> visible=true`).count()).toBe(0);
    await visible(page, '.qx-f-name input').fill('老规则夏季召回');
    await visible(page, '.qx-rseg-search-input input').fill('SUMMER老');
    await tap(page, '.qx-rseg-search-go');
    await visible(page, '.qx-rseg-found-count').filter({ hasText: '名称含「SUMMER老」的分群共 1 个' }).waitFor({ timeout: 30_000 });
    await tap(page, `.qx-rseg-hit-${OLD}`);
    await visible(page, `.qx-rseg-${OLD}.admin-chip-on`).filter({ hasText: '自定义：Summer老规则' }).waitFor({ timeout: 30_000 });
    // The product too: past the 12 listed, found by name.
    await visible(page, '.qx-prod-note').waitFor({ timeout: 30_000 });
    expect(await page.locator('.qx-prod-zz_zebra >> visible=true').count()).toBe(0);
    await visible(page, '.qx-prod-search-input input').fill('zebra');
    await tap(page, '.qx-prod-search-go');
    await visible(page, '.qx-prod-hits-line').filter({ hasText: '名称含「zebra」的商品共 1 个' }).waitFor({ timeout: 30_000 });
    await tap(page, '.qx-prod-hit-zz_zebra');
    await visible(page, '.qx-prod-zz_zebra.admin-chip-on').filter({ hasText: 'Zebra花茶礼盒' }).waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-amount3 input').fill('¥72.00');
    await visible(page, '.qx-f-thing4 input').fill('您关注的商品已降价');
    await tap(page, '.qx-quiet-off');
    await tap(page, '.qx-save');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    const [stored] = cloud.db.collection('campaigns').find({ name: '老规则夏季召回' });
    expect(stored.segments).toEqual([`rule:${OLD}`]);
    expect(stored.productId).toBe('zz_zebra');
    await visible(page, `.admin-campaign-${String(stored._id)}`).filter({ hasText: '目标 自定义：Summer老规则' }).waitFor({ timeout: 30_000 });
  }, 180_000);

  it('the campaign list pages down to the oldest campaign with 加载更多', async () => {
    const { page, cloud } = suite.e2e;
    const total = cloud.db.collection('campaigns').count();
    expect(total).toBeGreaterThan(OLDER_CAMPAIGNS);
    const campaignCards = () => page.locator('.admin-campaign >> visible=true').count();
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, '.qx-campaign-count').filter({ hasText: `共 ${total} 个活动，已显示最近更新的 50 个` }).waitFor({ timeout: 30_000 });
    expect(await campaignCards()).toBe(50);
    for (let n = 100; n < total; n += 50) {
      await tap(page, '.qx-campaign-more');
      await visible(page, '.qx-campaign-count').filter({ hasText: `已显示最近更新的 ${n} 个` }).waitFor({ timeout: 30_000 });
    }
    await tap(page, '.qx-campaign-more');
    await visible(page, '.qx-campaign-count').filter({ hasText: new RegExp(`^共 ${total} 个活动$`) }).waitFor({ timeout: 30_000 });
    expect(await campaignCards()).toBe(total);
    expect(await page.locator('.qx-campaign-more >> visible=true').count()).toBe(0);
    await visible(page, '.admin-campaign-cmp_many0000').filter({ hasText: '旧活动0' }).waitFor({ timeout: 30_000 });
  }, 180_000);
});
