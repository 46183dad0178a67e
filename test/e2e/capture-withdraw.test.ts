/**
 * Withdrawing consent in 我的 (real Chromium, h5 build): the device queue is emptied at once, the
 * server revokes consent and deletes the customer's events and profile, and nothing is captured
 * or sent afterwards — even events that were waiting when the channel was down; 我的 then
 * promises no segment and shows personalised pushes off.
 */
import fs from 'node:fs';
import { ERASURE_SLACK_MS } from '../../cloudfunctions/common/consent/erasures';
import { agreeToConsent, cloudEvents, describeInChromium, openProduct, queuedIds, recordTrackRequests, seedProducts, startE2e, tap, trackerStats, waitDrained, type E2e } from './helpers';
import { waitUntil } from '../helpers/wait-until';

const OPENID = 'cust_withdraw';
const TRACK = '**/gateway/functions/track';

describeInChromium('capture: consent withdrawal (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: OPENID, seed: (c) => seedProducts(c) });
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('purges the queue, deletes server data, and stops capture', async () => {
    const { page, cloud } = e2e;
    await e2e.open('/pages/index/index');
    await agreeToConsent(page);
    await openProduct(page, cloud.url, 'tea_green');
    await tap(page, '#add-to-cart');
    await waitDrained(page);
    expect(cloudEvents(cloud, OPENID).length).toBeGreaterThan(0);
    await waitUntil(() => cloud.db.collection('profiles').get(OPENID), { what: "the customer's profile" });

    // 我的: opt out of personalised pushes, export, delete (consent kept), then capture goes on.
    await e2e.open('/pages/me/index');
    await page.locator('#personalization >> visible=true').waitFor();
    await page.waitForFunction(() => !document.querySelector('#personalization')?.hasAttribute('disabled') || document.querySelector('#personalization')?.getAttribute('disabled') === 'false');
    await tap(page, '#personalization');
    await page.locator('#me-message >> visible=true').filter({ hasText: '已关闭个性化推送' }).waitFor();
    expect(cloud.db.collection('consents').get(OPENID)).toMatchObject({ granted: true, personalization: false });
    await tap(page, '#export-btn');
    await page.locator('#me-message >> visible=true').filter({ hasText: '已导出' }).waitFor();
    // The page flushes its queue before exporting (events captured on 我的 reach the server
    // first), so the export must hold exactly what the server stores once it answered.
    const storedAtExport = cloudEvents(cloud, OPENID).length;
    expect(storedAtExport).toBeGreaterThan(0);
    expect(await page.locator('#me-message >> visible=true').textContent()).toContain(`${storedAtExport} 条行为记录`);
    // The copy downloads as a file (h5), and the page says where else the data lives and what a
    // deletion keeps, in Chinese (PIPL art. 15/47).
    const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '#export-download')]);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(file.events).toHaveLength(storedAtExport);
    expect(file.notices.map((n: { store: string }) => n.store)).toContain('orders');
    expect(file.readme).toContain('不是同一时刻的快照'); // the file says it is read in pages, not one snapshot
    const notices = await page.locator('#store-notices >> visible=true').textContent();
    expect(notices).toContain('依法保留');
    expect(notices).toContain('训练文件立即删除（正在进行的训练随之从头重来）');
    expect(notices).toContain('导出的文件：本导出分页读取');
    // 我的 speaks to the customer as 你 throughout (these notices said 您 among 你).
    expect(notices).toContain('你的订单');
    expect(notices).not.toContain('您');
    await e2e.screenshot('10-me-export');
    await tap(page, '#delete-btn');
    await page.getByText('确定', { exact: true }).locator('visible=true').first().click();
    await page.locator('#me-message >> visible=true').filter({ hasText: '已删除你的数据' }).waitFor();
    expect(cloudEvents(cloud, OPENID)).toEqual([]);
    const marked = cloud.db.collection('consents').get(OPENID) as { granted: boolean; erasedAt: number; erasureDoneAt: number };
    expect(marked).toMatchObject({ granted: true, erasureDoneAt: expect.any(Number) });
    // track drops batches that may have overlapped the deletion — within ERASURE_SLACK_MS of its
    // mark, for clock skew between instances (confirm-consent) — so capture goes on for what the
    // customer does after that: the deletion is moved back past the slack instead of waiting it out.
    const back = ERASURE_SLACK_MS + 1000;
    await cloud.db.collection('consents').update({ _id: OPENID }, { $set: { erasedAt: marked.erasedAt - back, erasureDoneAt: marked.erasureDoneAt - back } });
    await openProduct(page, cloud.url, 'tea_oolong');
    await waitDrained(page);
    expect(cloudEvents(cloud, OPENID).some((s) => s.name === 'product_view')).toBe(true);

    // Events waiting on the device when the customer withdraws must never reach the server.
    await page.route(TRACK, (route) => route.abort('connectionrefused'));
    await openProduct(page, cloud.url, 'cof_pour');
    await tap(page, '#fav-btn');
    await e2e.open('/pages/me/index');
    expect((await queuedIds(page)).length).toBeGreaterThan(0);

    await tap(page, '#withdraw-btn');
    await page.getByText('确定', { exact: true }).locator('visible=true').first().click();
    await page.locator('#me-message >> visible=true').waitFor();
    expect(await page.locator('#me-message >> visible=true').textContent()).toContain('已撤回同意');
    // Without consent 我的 promises no segment and shows personalised pushes off (the switch kept
    // showing the stored 'on' and "we will classify you in minutes").
    await page.locator('#segment-none >> visible=true').filter({ hasText: '未同意数据收集：我们不记录你的行为，也不会给你分群。' }).waitFor();
    await page.waitForFunction(() => {
      const sw = [...document.querySelectorAll('#personalization')].find((e) => (e as HTMLElement).offsetParent !== null);
      return (sw as unknown as { checked?: boolean } | undefined)?.checked === false;
    });
    expect(await page.locator('#personalization-desc >> visible=true').textContent()).toBe('未同意数据收集：没有画像，不会据此推送');
    await e2e.screenshot('11-me-withdrawn');

    expect(await queuedIds(page)).toEqual([]);
    expect((await trackerStats(page)).dropped.purged).toBeGreaterThan(0);
    expect(cloudEvents(cloud, OPENID)).toEqual([]);
    expect(cloud.db.collection('profiles').get(OPENID)).toBeNull();
    const consent = cloud.db.collection('consents').get(OPENID);
    expect(consent === null || consent.granted !== true).toBe(true);

    // Channel back: nothing is sent, and browsing captures nothing.
    await page.unroute(TRACK);
    const sent = recordTrackRequests(page);
    await openProduct(page, cloud.url, 'snk_nuts');
    await tap(page, '#add-to-cart');
    await page.waitForTimeout(6000);
    expect(sent.attempts).toBe(0);
    expect(await queuedIds(page)).toEqual([]);
    expect(cloudEvents(cloud, OPENID)).toEqual([]);
    await e2e.open('/pages/me/index');
    await page.locator('#reconsent-btn >> visible=true').waitFor();
  }, 150_000);
});
