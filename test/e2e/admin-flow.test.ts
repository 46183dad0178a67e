/**
 * The merchant's journey in real Chromium on the h5 build, against the full local cloud:
 * a customer is refused (无权限) → staff sign in at /dev/login → segments with charts (and the
 * customer map) drawn on canvas → create a campaign (a field-rule violation is shown, then fixed) → dispatch → the
 * outbox shows the sends (and WeChat's side received them) → a recipient opens the notice (page
 * path with the campaign id → push_open) and buys → results count the open and the conversion.
 * On 模型, staff ask for a refit of 评价情感 and see the shop's version serving with both figures.
 */
import type { Page } from 'playwright-core';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { buyerProfile } from '../helpers/profiles';
import { syntheticShop } from '../helpers/synthetic-shop';
import {
  agreeToConsent,
  describeInChromium,
  launchBrowser,
  seedProducts,
  settle,
  signIn,
  startE2e,
  tap,
  waitDrained,
  type E2e,
} from './helpers';

const STAFF = 'staff_demo';
const TPL = 'tpl_price_drop';
const CUSTOMERS = Array.from({ length: 14 }, (_, i) => ({
  openid: `cust_e2e_${String(i).padStart(2, '0')}`,
  segment: 1 + (i % 3),
}));
const NAMES: Record<number, string> = { 1: '沉睡/流失风险', 2: '活跃买家·近期高消费', 3: '新客' };

async function seed(cloud: FullCloud): Promise<void> {
  await seedProducts(cloud);
  const db = cloud.db;
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  const now = Date.now();
  await db.collection('profiles').insert(
    CUSTOMERS.map((c, i) => ({
      _id: c.openid,
      openid: c.openid,
      rev: 1,
      d: { d20261120: { e: 3, pv: 2, c: { ctea: 2 + i, ccoffee: i % 4 } } },
      segment: c.segment,
      segmentName: NAMES[c.segment],
      segmentedAt: now,
      features: {
        recency_days: 10 * c.segment,
        frequency_90d: 4 - c.segment,
        monetary_90d: 300 / c.segment,
        sessions_30d: 2 + (i % 5),
        product_views_30d: 3 + i,
        cart_conversion_90d: 0.3,
        sentiment_mean: (i % 10) / 10 + 0.05,
        days_since_active: c.segment * 3,
      },
    })),
  );
  await db.collection('consents').insert(
    CUSTOMERS.map((c) => ({
      _id: c.openid,
      version: 1,
      granted: true,
      grantedAt: now,
      personalization: true,
    })),
  );
  await db.collection('segment_runs').insert(
    [3, 2, 1].map((k, j) => ({
      _id: `run${j}`,
      finishedAt: now - k * 86400_000,
      modelVersion: 'seg-test',
      distribution: { 1: 5 + j, 2: 5 - j, 3: 4 },
      psi: j === 2 ? 0.12 : 0.01,
    })),
  );
  await grantOnce(
    cloud,
    CUSTOMERS.map((c) => c.openid),
  );
}

/** Each customer accepts one one-time notice of TPL (as the subscribe dialog would record it). */
async function grantOnce(cloud: FullCloud, openids: string[]): Promise<void> {
  for (const openid of openids) {
    // WeChat registers the one-time grant and pushes the popup event: wxpush feeds our ledger.
    await cloud.subscribe.registerGrants(openid, { [TPL]: 'accept' });
  }
}

/** True once the visible chart labelled `label` has drawn pixels on its canvas (polls up to 15 s). */
async function canvasInked(page: Page, label: string): Promise<boolean> {
  const inked = (l: string) => {
    const host = [...document.querySelectorAll(`[aria-label="${l}"]`)].find(
      (e) => (e as HTMLElement).offsetParent !== null,
    );
    const c = host?.querySelector('canvas') as HTMLCanvasElement | null;
    if (!c || !c.width) return false;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n > 200;
  };
  return page
    .waitForFunction(inked, label, { timeout: 15_000, polling: 250 })
    .then(() => true)
    .catch(() => false);
}

const visible = (page: Page, sel: string) => page.locator(`${sel} >> visible=true`).first();

describeInChromium('admin: staff journey (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: null, seed, viewport: { width: 420, height: 900 } });
  }, 300_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a customer, then runs a campaign end to end', async () => {
    const { page, cloud } = e2e;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    // A customer opening the admin pages sees 无权限.
    await signIn(page.context(), cloud, CUSTOMERS[0].openid);
    await e2e.open('/admin/overview/index');
    await visible(page, '.admin-denied-title').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.admin-denied-title').textContent()).toBe('无权限');
    await e2e.screenshot('admin-00-denied');
    // …and 我的 offers a customer no 商家后台 entry (admin whoami answers FORBIDDEN).
    const whoami = page.waitForResponse((r) => r.url().includes('/gateway/functions/admin'), {
      timeout: 30_000,
    });
    await e2e.open('/pages/me/index');
    await visible(page, '#consent-status').waitFor({ timeout: 30_000 });
    expect(
      ((await (await whoami).json()) as { result: { error?: { code: string } } }).result.error?.code,
    ).toBe('FORBIDDEN');
    await settle(page, 300);
    expect(await page.locator('#to-admin >> visible=true').count()).toBe(0);

    // Staff sign in through the dev sign-in page.
    await page.context().clearCookies();
    await page.goto(`${cloud.url}/dev/login`);
    await page.fill('input[name=openid][type=text]', STAFF);
    await Promise.all([
      page.waitForNavigation(),
      page.click('form:has(input[type=text]) button[type=submit]'),
    ]);
    // Staff reach the admin pages from 我的 → 商家后台.
    await e2e.open('/pages/me/index');
    await visible(page, '#consent-status').waitFor({ timeout: 30_000 });
    if (await page.locator('#consent-sheet >> visible=true').count()) await agreeToConsent(page);
    await visible(page, '#to-admin').waitFor({ timeout: 30_000 });
    expect(await visible(page, '#to-admin').textContent()).toContain('商家后台');
    await tap(page, '#to-admin');
    await visible(page, '.admin-overview').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.admin-overview').textContent()).toContain('分群分布有一定变化');
    await e2e.screenshot('admin-01-overview');

    // Segments: sizes and trend charts drawn on canvas, portraits with explanations.
    await e2e.open('/admin/segments/index');
    await visible(page, '[aria-label="分群规模"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (err) => {
        await e2e.screenshot('admin-debug-segments');
        throw err;
      });
    await page.waitForFunction(() => document.querySelectorAll('.admin-portrait').length >= 3);
    await settle(page, 500);
    expect(await canvasInked(page, '分群规模')).toBe(true);
    expect(await canvasInked(page, '分群占比趋势')).toBe(true);
    expect(await canvasInked(page, `${NAMES[1]} 特征画像`)).toBe(true);
    await e2e.screenshot('admin-02-segments');
    // The customer map: anonymous sampled points coloured by segment, with the segments' names.
    expect(await canvasInked(page, '客户分布图')).toBe(true);
    const map = visible(page, '.qx-segment-map');
    expect(await map.textContent()).toContain(`匿名抽样 ${CUSTOMERS.length} / ${CUSTOMERS.length} 人`);
    expect(await map.textContent()).toContain(`${NAMES[1]}（`);
    await map.scrollIntoViewIfNeeded();
    await e2e.screenshot('admin-02b-segment-map');

    // Create a campaign: first with a value that breaks WeChat's thing rule (> 20 chars).
    await e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-name input').fill('绿茶降价提醒');
    await tap(page, '.qx-seg-1');
    await tap(page, '.qx-seg-2');
    await tap(page, '.qx-prod-tea_green');
    await visible(page, '.qx-f-amount3 input').fill('¥72.00');
    await visible(page, '.qx-f-thing4 input').fill('您关注的有机高山绿茶已经降价啦快来看看吧真的很划算');
    await tap(page, '.qx-quiet-off');
    await tap(page, '.qx-save');
    await visible(page, '.qx-field-data-thing4 .admin-problem').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-field-data-thing4 .admin-problem').textContent()).toContain('20 个以内');
    expect(cloud.db.collection('campaigns').count()).toBe(0);
    await e2e.screenshot('admin-03-editor-validation');
    await visible(page, '.qx-f-thing4 input').fill('您关注的商品已降价');
    await tap(page, '.qx-save-send');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    const [campaign] = cloud.db.collection('campaigns').find({});
    expect(campaign).toMatchObject({ name: '绿茶降价提醒', status: 'done', segments: [1, 2] });
    const cid = String(campaign._id);

    // The outbox page shows the sends; WeChat's side received exactly those.
    const sent = cloud.db.collection('outbox').find({ campaignId: cid, status: 'sent' }, { limit: 100 });
    const eligible = CUSTOMERS.filter((c) => c.segment !== 3).length;
    expect(sent.length + cloud.db.collection('outbox').count({ campaignId: cid, status: 'holdout' })).toBe(
      eligible,
    );
    const wx = cloud.subscribe.outbox({ limit: 100 }).filter((e) => e.errcode === 0);
    expect(wx.map((e) => e.touser).sort()).toEqual(sent.map((s) => s.openid).sort());
    expect(wx[0].page).toBe(`pages/product/index?id=tea_green&campaignId=${cid}`);
    await e2e.open(`/admin/outbox/index?campaignId=${cid}`);
    await visible(page, '.qx-outbox-sent')
      .waitFor({ timeout: 30_000 })
      .catch(async (err) => {
        await e2e.screenshot('admin-debug-outbox');
        throw err;
      });
    expect(await page.locator('.qx-outbox-sent >> visible=true').count()).toBe(sent.length);
    await e2e.screenshot('admin-04-outbox');

    // A recipient taps the notice: the app opens the page path carrying the campaign id, then buys.
    const recipient = String(sent[0].openid);
    const customer = await launchBrowser({ viewport: { width: 420, height: 900 } });
    try {
      await signIn(customer.context, cloud, recipient);
      const cpage = customer.context.pages()[0] ?? (await customer.context.newPage());
      // On their phone the recipient agreed long ago (they were only targeted with consent).
      await cpage.goto(`${cloud.url}/#/pages/index/index`);
      await visible(cpage, '#consent-sheet').waitFor({ timeout: 30_000 });
      await agreeToConsent(cpage);
      await cpage.goto(`${cloud.url}/#/${wx[0].page}`);
      await visible(cpage, '#add-to-cart').waitFor({ timeout: 30_000 });
      await settle(cpage, 300);
      await tap(cpage, '#add-to-cart');
      await tap(cpage, '#to-cart');
      await visible(cpage, '#submit-order').waitFor();
      await tap(cpage, '#submit-order');
      await visible(cpage, '#order-done').waitFor({ timeout: 30_000 });
      await waitDrained(cpage);
    } finally {
      await customer.close();
    }
    const events = cloud.db.collection('events').find({ openid: recipient }, { limit: 500 });
    expect(events.find((e) => e.name === 'push_open')?.props).toMatchObject({ campaignId: cid });
    expect(events.some((e) => e.name === 'purchase')).toBe(true);

    // Results: deliveries (WeChat's sent events), the open and the conversion are counted, with
    // uplift against the holdout.
    await cloud.push.drain();
    await e2e.open('/admin/campaigns/index');
    await tap(page, `.admin-campaign-${cid} .qx-results`);
    await visible(page, '.qx-uplift').waitFor({ timeout: 30_000 });
    const text = await visible(page, `.admin-campaign-${cid}`).textContent();
    expect(text).toMatch(new RegExp(`${sent.length}\\s*已送达`));
    expect(text).toMatch(/1\s*打开/);
    expect(text).toMatch(/1\s*发送组转化/);
    await e2e.screenshot('admin-05-results');
    expect(errors).toEqual([]);
  }, 300_000);

  it('uses the width of a desk (>= 1024 px): cards in columns, charts that grow', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      // Two cards side by side: same top, different left; charts wider than any phone.
      const columns = () =>
        page.evaluate(() => {
          const cards = [...document.querySelectorAll('.admin-card')].filter(
            (e) => (e as HTMLElement).offsetParent !== null,
          );
          const boxes = cards.map((c) => c.getBoundingClientRect());
          const rows = new Map<number, number>();
          for (const b of boxes) rows.set(Math.round(b.top), (rows.get(Math.round(b.top)) ?? 0) + 1);
          const charts = [...document.querySelectorAll('.qx-chart canvas')].map(
            (c) => c.getBoundingClientRect().width,
          );
          return { maxPerRow: Math.max(0, ...rows.values()), widest: Math.max(0, ...charts) };
        });
      await e2e.open('/admin/segments/index');
      await visible(page, '[aria-label="分群规模"]').waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => document.querySelectorAll('.admin-portrait').length >= 3);
      await settle(page, 800);
      const seg = await columns();
      expect(seg.maxPerRow).toBeGreaterThanOrEqual(2);
      expect(seg.widest).toBeGreaterThan(420);
      expect(await canvasInked(page, '分群规模')).toBe(true);
      await e2e.screenshot('admin-desk-segments');
      expect(await canvasInked(page, '客户分布图')).toBe(true);
      await visible(page, '.qx-segment-map').scrollIntoViewIfNeeded();
      await e2e.screenshot('admin-desk-segment-map');
      await e2e.open('/admin/overview/index');
      await visible(page, '.admin-overview').waitFor({ timeout: 30_000 });
      await settle(page, 500);
      await e2e.screenshot('admin-desk-overview');
      await e2e.open('/admin/campaigns/index');
      await visible(page, '.qx-campaign-timing').waitFor({ timeout: 30_000 });
      await settle(page, 500);
      expect(await visible(page, '.qx-campaign-timing').textContent()).toMatch(/已完成|发送/);
      await e2e.screenshot('admin-desk-campaigns');
    } finally {
      await page.setViewportSize({ width: 420, height: 900 });
    }
  }, 120_000);

  it('staff define, preview, save and target a rule segment; an opted-out customer is never sent to', async () => {
    const { page, cloud } = e2e;
    // monetary_90d is 300 / segment: "spent ≥ 120 yuan" = segments 1 and 2. One of them turned
    // personalised pushes off; everyone gets a fresh one-time grant for this campaign.
    const members = CUSTOMERS.filter((c) => c.segment !== 3);
    const optedOut = members[0].openid;
    // As the privacy function writes it (with updatedAt, which the admin's cached audience rows watch).
    await cloud.db.collection('consents').update({ _id: optedOut }, { $set: { personalization: false, updatedAt: Date.now() } });
    await grantOnce(
      cloud,
      CUSTOMERS.map((c) => c.openid),
    );
    await e2e.open('/admin/rules/index');
    await visible(page, '.qx-rule-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-rule-name input').fill('高消费客户');
    await tap(page, '.qx-add-inc-monetary_90d');
    await visible(page, '.qx-rule-row-range-monetary_90d .qx-rule-min input').fill('120');
    await page.waitForFunction(
      () => /预计 \d+ 人/.test(document.querySelector('.qx-rule-preview')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const preview = await visible(page, '.qx-rule-preview').textContent();
    expect(preview).toContain(`预计 ${members.length - 1} 人`);
    expect(preview).toContain('因关闭个性化推送排除 1 人');
    await e2e.screenshot('admin-06-rule-editor');
    await tap(page, '.qx-rule-save');
    await page.waitForFunction(
      () => (document.querySelector('.qx-rule-msg')?.textContent ?? '').includes('已保存'),
      undefined,
      { timeout: 30_000 },
    );
    const [rule] = cloud.db.collection('rule_segments').find({});
    expect(rule).toMatchObject({ name: '高消费客户', version: 1 });

    await e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-name input').fill('高消费客户到货提醒');
    await tap(page, `.qx-rseg-${String(rule._id)}`);
    await tap(page, '.qx-prod-tea_green');
    await visible(page, '.qx-f-amount3 input').fill('¥72.00');
    await visible(page, '.qx-f-thing4 input').fill('您关注的商品已降价');
    // the first journey's campaign reached them today: allow a second notice within the cap window
    await visible(page, '.qx-f-capmax input').fill('2');
    await tap(page, '.qx-quiet-off');
    await tap(page, '.qx-save-send');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    const campaign = cloud.db.collection('campaigns').find({ name: '高消费客户到货提醒' })[0];
    expect(campaign.segments).toEqual([`rule:${String(rule._id)}`]);
    const reached = cloud.db
      .collection('outbox')
      .find({ campaignId: campaign._id }, { limit: 100 })
      .map((r) => String(r.openid))
      .sort();
    expect(reached).toEqual(
      members
        .filter((c) => c.openid !== optedOut)
        .map((c) => c.openid)
        .sort(),
    );
    expect(reached).not.toContain(optedOut);
  }, 180_000);

  it('staff refit 评价情感 on 模型 and see the new version with both figures', async () => {
    const { page, cloud } = e2e;
    // 600 rated reviews whose house words ("甲甲"/"乙乙") only the shop's own version can read.
    const now = Date.now();
    await cloud.db.collection('events').insert(
      syntheticShop(600, 7).map((r, i) => ({
        _id: `${CUSTOMERS[i % CUSTOMERS.length].openid}:${r.key}`,
        openid: CUSTOMERS[i % CUSTOMERS.length].openid,
        name: 'review_submit',
        ts: now - 60_000 - i * 1000,
        props: { productId: 'tea_green', text: r.text, rating: r.label ? 5 : 1 },
      })),
    );
    await e2e.open('/admin/models/index');
    const card = visible(page, '.qx-model-sentiment');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('随函数发布的默认模型');
    await tap(page, '.qx-model-sentiment .qx-model-refit-btn');
    await visible(page, '.qx-model-sentiment .qx-model-refit-figures').waitFor({ timeout: 90_000 });
    const pointer = cloud.db.collection('model_pointers').get('sentiment') as { serving: string };
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`本店数据训练 · ${pointer.serving}`);
    expect(text).toContain('训练结果：本店版评估通过，已上线');
    expect(text).toMatch(
      /已评分评价 600 条，留出 \d+ 条评估（平衡准确率）：本店版 \d+\.\d%，原版本 \d+\.\d%/,
    );
    expect(text).toContain('上次重新训练：已完成');
    await e2e.screenshot('admin-07-model-refit');
  }, 180_000);

  it('客户价值: the value model scores real histories; distribution, revenue by segment and the at-risk trend are drawn', async () => {
    const { page, cloud } = e2e;
    // Buyers with real purchase histories (no consent: no campaign reaches them): regular and
    // still buying, regular but gone quiet (big and small spenders), and one-off buyers.
    const now = Date.now();
    const buyers = [
      ...Array.from({ length: 15 }, (_, i) => ({
        ...buyerProfile(
          `vloyal${i}`,
          now,
          Array.from({ length: 18 }, (_, k) => 1 + i + 15 * k),
          { fen: 20000 + 1000 * i },
        ),
        segment: 2,
        segmentName: NAMES[2],
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        ...buyerProfile(`vquiet${i}`, now, [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], {
          fen: i < 8 ? 150000 : 3000,
        }),
        segment: 1,
        segmentName: NAMES[1],
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        ...buyerProfile(`vonce${i}`, now, [20 + 25 * i], { fen: 9900 }),
        segment: 3,
        segmentName: NAMES[3],
      })),
    ];
    await cloud.db.collection('profiles').insert(buyers);
    const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
    let done = false;
    for (let i = 0; i < 20 && !done; i++) {
      const r = (await cloud.invokeFunction('value', timer, { source: 'wx_trigger' })) as {
        data?: { score?: { status: string } };
      };
      done = r.data?.score?.status === 'succeeded';
    }
    expect(done).toBe(true);
    const version = String(
      (cloud.db.collection('model_pointers').get('value') as { serving: string }).serving,
    );
    // Earlier days' snapshots, as the timer would have left them, so the trend has a history.
    const today = cloud.db.collection('value_snapshots').find({})[0] as {
      _id: string;
      atRiskHighValue: number;
      highValue: { count: number };
    };
    await cloud.db.collection('value_snapshots').insert(
      [6, 5, 4, 3, 2, 1].map((k) => {
        const day = new Date(Date.parse(`${today._id}T00:00:00Z`) - k * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return { ...today, _id: day, day, atRiskHighValue: Math.max(0, today.atRiskHighValue - k + (k % 2)) };
      }),
    );

    await signIn(page.context(), cloud, STAFF);
    await e2e.open('/admin/value/index');
    await visible(page, '.qx-value-serving').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-value-serving').textContent()).toContain(version);
    const summary = await visible(page, '.qx-value-summary').textContent();
    expect(summary).toContain('预测 90 天总消费');
    // The buyers above, plus the recipient who bought in the first journey.
    const scored = cloud.db.collection('profiles').count({ 'value.version': version });
    expect(scored).toBeGreaterThanOrEqual(42);
    expect(summary).toMatch(new RegExp(`${scored}\\s*有预测的买家`));
    // The quiet big spenders are the high-value customers slipping away.
    expect(summary).toMatch(/8\s*高价值且流失风险高/);
    await settle(page, 500);
    expect(await canvasInked(page, '预测 90 天消费分布')).toBe(true);
    expect(await canvasInked(page, '各分群预测 90 天消费')).toBe(true);
    expect(await canvasInked(page, '高价值客户流失趋势')).toBe(true);
    await e2e.screenshot('admin-08-value');
    // The 模型 card lists 客户价值 with its version, data window and back-test.
    await e2e.open('/admin/models/index');
    await visible(page, '.qx-model-value').waitFor({ timeout: 30_000 });
    const card = await visible(page, '.qx-model-value').textContent();
    expect(card).toContain(`本店数据训练 · ${version}`);
    expect(card).toContain(`共 ${scored} 条`);
    expect(card).toMatch(/留出数据评估（39 条，RMSE，越低越好）/);
    expect(card).toContain('训练结果：回测胜过不预测，已上线');
    await e2e.screenshot('admin-09-models-value');
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await e2e.open('/admin/value/index');
      await visible(page, '[aria-label="预测 90 天消费分布"]').waitFor({ timeout: 30_000 });
      await settle(page, 800);
      expect(await canvasInked(page, '高价值客户流失趋势')).toBe(true);
      await e2e.screenshot('admin-desk-value');
    } finally {
      await page.setViewportSize({ width: 420, height: 900 });
    }
  }, 240_000);
});
