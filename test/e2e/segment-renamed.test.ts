/**
 * A segment renamed while its history was being written (session 21: 高价值忠诚客户 →
 * 忠诚高消费客户), in real Chromium on the h5 build. Old stored data on purpose: passes before
 * the rename wrote the old name on profiles, in `segment_history` and in the meta of the shop's refit;
 * passes after it wrote the new one. Everywhere a person reads them — 分群's trend, cards and map,
 * the admin function's answers, the dev sign-in page, and a customer's 导出我的数据 — the segment
 * is ONE segment with today's name. The passes are written as documents of the shapes the
 * segment job writes (segment/store.ts); segment-run.test.ts runs the real pass over an old name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SegmentationMeta } from '../../cloudfunctions/common/segments/meta';
import { adminSuite, canvasInked, visible } from './admin-fixtures';
import { agreeToConsent, describeInChromium, signIn, tap } from './helpers';
import { REPO } from './helpers/h5-build';

const SHIPPED = JSON.parse(fs.readFileSync(path.join(REPO, 'models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;
const OLD = '高价值忠诚客户';
const NOW = '忠诚高消费客户';
/** The shop's own segmentation refit, fitted before the rename (it serves in this test). */
const BEFORE = 'seg-shop-before-rename';
const DAY = 86_400_000;
/** Six customers in the shipped model's segment 6: the first three last segmented before the rename. */
const MEMBERS = Array.from({ length: 6 }, (_, i) => `cust_loyal_${i}`);

describeInChromium('segment renamed: old stored names read as today\'s, one series (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true });

  it('分群, the admin answers, the sign-in page and a customer\'s export name segment 6 once, by today\'s name', async () => {
    const { page, cloud } = suite.e2e;
    const db = cloud.db;
    // The serving model is the shop's own refit, fitted before the rename: its meta says the old name.
    // (The shipped meta did too until train:segments --names-only rewrote it in session 23.)
    expect(SHIPPED.segments.find((s) => s.id === 6)?.name).toBe(NOW);
    const before = { ...SHIPPED, version: BEFORE, segments: SHIPPED.segments.map((s) => (s.id === 6 ? { ...s, name: OLD } : s)) };
    await db.collection('model_versions').insert({ _id: `segmentation@${BEFORE}`, model: 'segmentation', version: BEFORE, status: 'serving', createdAt: new Date(), files: [], meta: before, evaluation: null });
    await db.collection('model_pointers').insert({ _id: 'segmentation', serving: BEFORE, lastGood: null, rev: 1, changedAt: new Date(), change: { kind: 'guard', by: 'timer', from: 'shipped', to: BEFORE } });
    const now = Date.now();
    // Old-named members first: the database's $first of a segment's names meets the old one.
    await db.collection('profiles').insert(
      MEMBERS.map((openid, i) => ({
        _id: openid,
        openid,
        rev: 1,
        d: { d20261120: { e: 4, pv: 3, c: { ctea: 3 } } },
        segment: 6,
        segmentName: i < 3 ? OLD : NOW,
        segmentedAt: now - (i < 3 ? 3 : 0) * DAY,
        features: { recency_days: 3, frequency_90d: 6, monetary_90d: 900, sessions_30d: 8, product_views_30d: 12, cart_conversion_90d: 0.5, sentiment_mean: 0.85, days_since_active: 1 },
      })),
    );
    await db.collection('consents').insert(MEMBERS.map((openid) => ({ _id: openid, version: 1, granted: true, grantedAt: now - 30 * DAY, personalization: true })));
    // Five passes: two by the shop's refit before the rename, then the fixture's three; segment 6 in each.
    await db.collection('segment_runs').insert(
      [5, 4].map((k) => ({ _id: `old${k}`, finishedAt: now - k * DAY, modelVersion: BEFORE, distribution: { 1: 5, 2: 5, 3: 4, 6: 6 }, psi: 0.01 })),
    );
    for (const id of ['run0', 'run1', 'run2']) await db.collection('segment_runs').update({ _id: id }, { $set: { 'distribution.6': 6 } });
    // Each member's history. Before the rename: 活跃买家 first, then 6 under the old name. After it,
    // the new-named members moved 6 → 1 → 6, written under today's name.
    await db.collection('segment_history').insert(
      MEMBERS.flatMap((openid, i) => [
        { _id: `old5:${openid}`, openid, from: null, fromName: null, to: 2, toName: '活跃买家·近期高消费', at: now - 5 * DAY, modelVersion: BEFORE, passId: 'old5' },
        { _id: `old4:${openid}`, openid, from: 2, fromName: '活跃买家·近期高消费', to: 6, toName: OLD, at: now - 4 * DAY, modelVersion: BEFORE, passId: 'old4' },
        ...(i < 3
          ? []
          : [
              { _id: `run1:${openid}`, openid, from: 6, fromName: NOW, to: 1, toName: '沉睡/流失风险', at: now - 2 * DAY, modelVersion: 'seg-test', passId: 'run1' },
              { _id: `run2:${openid}`, openid, from: 1, fromName: '沉睡/流失风险', to: 6, toName: NOW, at: now - DAY, modelVersion: 'seg-test', passId: 'run2' },
            ]),
      ]),
    );

    // 分群: the trend has one series for segment 6, named today; no text on the page says the old name.
    const answer = page.waitForResponse((r) => r.url().includes('/gateway/functions/admin') && (r.request().postData() ?? '').includes('"segments"'), { timeout: 30_000 });
    await suite.e2e.open('/admin/segments/index');
    const reply = JSON.stringify(await (await answer).json());
    expect(reply).toContain(NOW);
    expect(reply).not.toContain(OLD); // the stats' stored name too, not only what the page shows
    expect(await canvasInked(page, '分群占比趋势')).toBe(true);
    const legend = await page.locator('[aria-label="分群占比趋势"] .qx-legend-item >> visible=true').allTextContents();
    expect(legend.filter((t) => t.includes(NOW))).toEqual([NOW]);
    expect(legend.join('|')).not.toContain(OLD);
    await page.waitForFunction(() => document.querySelectorAll('.admin-portrait').length >= 4);
    const titles = await page.locator('.admin-portrait >> visible=true').allTextContents();
    expect(titles.filter((t) => t.startsWith(`${NOW} · 6 人`))).toHaveLength(1);
    await visible(page, '.qx-segment-map').waitFor({ timeout: 30_000 });
    await page.locator('.qx-segment-map', { hasText: `${NOW}（6 人）` }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('body').textContent()).not.toContain(OLD);
    await suite.e2e.screenshot('segment-renamed-trend');

    // The dev sign-in page lists each member's segment by today's name.
    await page.goto(`${cloud.url}/dev/login`);
    const login = (await page.locator('body').textContent()) ?? '';
    expect(login).toContain(`分群：${NOW}`);
    expect(login).not.toContain(OLD);

    // A member last segmented before the rename exports her data: profile and history say today's name.
    await page.context().clearCookies();
    await signIn(page.context(), cloud, MEMBERS[0]);
    await suite.e2e.open('/pages/me/index');
    await visible(page, '#consent-status').waitFor({ timeout: 30_000 });
    if (await page.locator('#consent-sheet >> visible=true').count()) await agreeToConsent(page);
    await tap(page, '#export-btn');
    await page.locator('#me-message >> visible=true').filter({ hasText: '已导出' }).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '#export-download')]);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(file.profile.segmentName).toBe(NOW);
    const six = (file.segmentHistory as Array<Record<string, unknown>>).flatMap((h) => [[h.from, h.fromName], [h.to, h.toName]]).filter(([id]) => id === 6);
    expect(six).toEqual([[6, NOW]]);
    expect(JSON.stringify(file)).not.toContain(OLD);
    // The store keeps what each pass wrote; only what is read is worded today.
    expect(db.collection('segment_history').get(`old4:${MEMBERS[0]}`)?.toName).toBe(OLD);
    expect(db.collection('profiles').get(MEMBERS[0])?.segmentName).toBe(OLD);
  }, 180_000);
});
