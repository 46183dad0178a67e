/**
 * The campaign editor's one notice choice and its schedule picker, in real Chromium on the h5
 * build against the full local cloud: staff pick the notice type once (the template; the stored
 * kind follows it), schedule 每周一、三 09:30 with chips and a time, and read it back in words on
 * the campaign list; a stored cron the picker cannot show opens in 高级, untouched, and is saved as
 * it was.
 */
import type { Page } from 'playwright-core';
import { priceDropCampaign } from '../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import { adminSuite, CUSTOMERS, grantOnce, saveDraftCampaign, STAFF, visible } from './admin-fixtures';
import { describeInChromium, tap } from './helpers';

describeInChromium('admin: campaign notice type and schedule (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true });
  const words = (page: Page, text: string) =>
    visible(page, '.qx-schedule-words').filter({ hasText: text }).waitFor({ timeout: 30_000 });

  it('staff pick the notice type once and a weekly time in Chinese; the list says it in words', async () => {
    const { page, cloud } = suite.e2e;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await suite.e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    // One choice of notice type: each type is offered once (it was offered by two pickers).
    for (const t of ['降价提醒', '到货提醒', '服务提醒']) expect(await page.locator('.admin-chip >> visible=true', { hasText: t }).count()).toBe(1);
    await visible(page, '.qx-f-name input').fill('每周服务提醒');
    await tap(page, '.qx-tpl-tpl_service_reminder');
    await visible(page, '.qx-tpl-fields').filter({ hasText: '通知内容：服务内容、截止日期、联系人、联系电话、温馨提示' }).waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-thing1 input').fill('会员积分即将到期');
    await visible(page, '.qx-f-name3 input').fill('王店长');
    await visible(page, '.qx-f-phone_number4 input').fill('02161234567');
    await visible(page, '.qx-f-thing5 input').fill('请及时使用积分');

    // The frequency cap and the quiet hours read as the sentences they are, boxes filled in (the
    // defaults): under 「每 N 小时最多 M 条」 the boxes stood M first, reading 「1 | 24」, and the quiet
    // hours were two bare times.
    const rowLine = (box: string) =>
      visible(page, box)
        .locator('xpath=..')
        .evaluate((row) => {
          const out: string[] = [];
          const walk = (n: Node): void => {
            if (n instanceof HTMLInputElement) out.push(`[${n.value}]`);
            else if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
            else n.childNodes.forEach(walk);
          };
          walk(row);
          return out.join('').replace(/\s+/g, '');
        });
    expect(await rowLine('.qx-f-capmax')).toBe('每[24]小时最多[1]条');
    expect(await rowLine('.qx-f-qstart')).toBe('从[22:00]至[08:00]不发送');
    // What leaving 目标分群 empty does, said under it (the label read 「不选 = 全部已同意客户，且不属于
    // 个性化推送」), and the sentiment filter named as the rule editor names it, with its scale.
    expect(await visible(page, '.qx-target-note').textContent()).toBe(
      '不选分群、也不设评价正面度：发给全部已同意数据收集的客户，关闭了个性化推送的客户也会收到（不按画像挑人）。按分群或评价挑人时，只发给开着个性化推送的客户。',
    );
    expect(await visible(page, '.qx-field-filters .admin-label').textContent()).toBe('评价正面度（0–1，1 = 全是好评；可留空）');

    // 每周: 周一 is chosen first; add 周三 and set the time.
    await tap(page, '.qx-when-week');
    await tap(page, '.qx-weekday-3');
    await visible(page, '.qx-f-time input').fill('09:30');
    await words(page, '每周一、三 09:30 发送（北京时间）');
    await visible(page, '.qx-field-schedule').scrollIntoViewIfNeeded();
    await suite.e2e.screenshot('admin-08-campaign-schedule');
    // A time staff mistype is refused in the editor, in words, before anything is saved.
    await visible(page, '.qx-f-time input').fill('9点半');
    await tap(page, '.qx-save');
    await visible(page, '.qx-field-schedule .admin-problem').filter({ hasText: '时间格式应为 HH:mm' }).waitFor({ timeout: 30_000 });
    expect(cloud.db.collection('campaigns').count()).toBe(0);
    await visible(page, '.qx-f-time input').fill('09:30');
    await words(page, '每周一、三 09:30');
    await tap(page, '.qx-save');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    const [c] = cloud.db.collection('campaigns').find({ name: '每周服务提醒' });
    // The backend's 7-field cron, and the kind of the template staff picked.
    expect(c).toMatchObject({ kind: 'reminder', templateId: 'tpl_service_reminder', schedule: { kind: 'cron', cron: '0 30 9 * * 1,3 *' } });
    const row = visible(page, `.admin-campaign-${String(c._id)}`);
    await row.filter({ hasText: '定时：每周一、三 09:30' }).waitFor({ timeout: 30_000 });
    expect(await row.textContent()).not.toContain('0 30 9');

    // Reopened, the picker shows it again.
    await suite.e2e.open(`/admin/campaign-edit/index?id=${String(c._id)}`);
    await words(page, '每周一、三 09:30 发送（北京时间）');
    expect(await page.locator('.qx-weekday-1.admin-chip-on >> visible=true').count()).toBe(1);
    expect(await page.locator('.qx-weekday-3.admin-chip-on >> visible=true').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);

  it('a stored cron the picker cannot show opens in 高级, unchanged, and is saved as it was', async () => {
    const { page, cloud } = suite.e2e;
    // A campaign of its own, saved as the editor saves one (it edited the first test's).
    await saveDraftCampaign(cloud, '工作日定时提醒');
    const [c] = cloud.db.collection('campaigns').find({ name: '工作日定时提醒' });
    const raw = '0 */15 9-18 * * 1-5 *';
    await cloud.db.collection('campaigns').update({ _id: c._id }, { $set: { schedule: { kind: 'cron', cron: raw }, revision: Number(c.revision ?? 0) + 1 } });
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, `.admin-campaign-${String(c._id)}`).filter({ hasText: `定时：自定义 cron「${raw}」` }).waitFor({ timeout: 30_000 });
    await suite.e2e.open(`/admin/campaign-edit/index?id=${String(c._id)}`);
    await visible(page, '.qx-f-cron input').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-f-cron input').inputValue()).toBe(raw);
    expect(await page.locator('.qx-when-advanced.admin-chip-on >> visible=true').count()).toBe(1);
    await tap(page, '.qx-save');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    expect(cloud.db.collection('campaigns').get(String(c._id))).toMatchObject({ schedule: { kind: 'cron', cron: raw } });
  }, 180_000);

  it('a campaign WeChat refused for its page (41030) is paused, and its card says what to do', async () => {
    const { page, cloud } = suite.e2e;
    // Stored as a release before page checks saved it: dispatch meets 41030 and pauses it.
    const now = Date.now();
    await cloud.db.collection('campaigns').insert(
      priceDropCampaign({ _id: 'cmp_badpage', name: '旧页面活动', holdoutPct: 0, status: 'scheduled', productId: 'tea_green', page: 'pages/flash-sale/index', createdBy: STAFF, createdAt: now, updatedAt: now, nextRunAt: now }) as never,
    );
    await cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'cmp_badpage', concurrency: 1 }, {});
    expect(cloud.db.collection('campaigns').get('cmp_badpage')).toMatchObject({ status: 'paused', pausedReason: 'page_invalid' });
    await suite.e2e.open('/admin/campaigns/index');
    const row = visible(page, '.admin-campaign-cmp_badpage');
    await row.filter({ hasText: '已暂停：通知跳转页面无效，请修改活动后再发送' }).waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('已暂停');
  }, 180_000);

  it('while WeChat answers 43107 the banner says only what the sends show and when the next try is; staff retry, and pause a waiting campaign that then sends nothing after the lift', async () => {
    const { page, cloud } = suite.e2e;
    const now = Date.now();
    const doc = (over: Record<string, unknown>) =>
      priceDropCampaign({ holdoutPct: 0, status: 'scheduled', productId: 'tea_green', page: 'pages/product/index?id=tea_green', createdBy: STAFF, createdAt: now, updatedAt: now, nextRunAt: now, quietHours: null, ...over }) as never;
    await cloud.db.collection('campaigns').insert(doc({ _id: 'cmp_banned', name: '封禁期间的活动' }));
    await cloud.subscribe.banSubscribe();
    await cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'cmp_banned', concurrency: 1 }, {});
    expect(cloud.db.collection('campaigns').get('cmp_banned')).toMatchObject({ status: 'running', deferredReason: 'subscribe_banned' });
    // Another running campaign on the refused template, inside its quiet hours (an hour ago to two
    // hours on, Beijing time): what holds it is the quiet hours, not the ban.
    const hm = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);
    const quietEnd = hm(now + 2 * 3600_000);
    await cloud.db.collection('campaigns').insert(doc({ _id: 'cmp_quiet', name: '免打扰中的活动', status: 'running', deferredReason: 'subscribe_banned', quietHours: { start: hm(now - 3600_000), end: quietEnd } }));
    // Staff as the admin page names them: the name on their admins record.
    await cloud.db.collection('admins').update({ _id: STAFF }, { $set: { name: '王店长' } });
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, '.qx-ban-line-0').filter({ hasText: '「降价提醒」' }).waitFor({ timeout: 30_000 });
    // Every template tried was refused: the app's messages are refused, and no more is claimed.
    expect(await visible(page, '.qx-ban-title').textContent()).toBe('订阅消息发送已暂停：微信拒绝了本小程序的订阅消息');
    expect(await visible(page, '.qx-ban-line-0').textContent()).toMatch(
      /^已试发的通知模板「降价提醒」都被微信拒绝（错误码 43107 订阅消息封禁）。该错误码表示整个小程序或单个模板被封禁，目前无法区分是哪一种。首次发现 \d\d-\d\d \d\d:\d\d，最近一次 \d\d-\d\d \d\d:\d\d（北京时间）。$/,
    );
    expect(await visible(page, '.qx-ban-line-1').textContent()).toContain('请登录微信公众平台（mp.weixin.qq.com）');
    // When the next try is, in Beijing time (a minute after the refusal: the back-off's first step).
    const tried = cloud.db.collection('jobs').get('subscribe-template-faults') as { banned: Array<{ nextTryAt: number }> };
    const bj = new Date(tried.banned[0].nextTryAt + 8 * 3600_000);
    const hhmm = `${String(bj.getUTCHours()).padStart(2, '0')}:${String(bj.getUTCMinutes()).padStart(2, '0')}`;
    expect(await visible(page, '.qx-ban-line-2').textContent()).toMatch(new RegExp(`^下次自动试发：(\\d\\d-\\d\\d ${hhmm}（北京时间）|1 分钟内)；仍被拒绝时，间隔逐次加长（最长 1 小时）。`));
    // The card says why nothing goes out, without claiming the app is banned.
    const row = visible(page, '.admin-campaign-cmp_banned');
    await row.filter({ hasText: '微信拒绝发送本活动的通知（错误码 43107' }).waitFor({ timeout: 30_000 });
    const quiet = visible(page, '.admin-campaign-cmp_quiet .qx-campaign-timing');
    expect(await quiet.textContent()).toMatch(new RegExp(`^将于 \\d\\d-\\d\\d ${quietEnd} 继续发送：免打扰时段 .*（北京时间）不发送服务通知；本活动的通知模板目前被微信拒绝（错误码 43107）`));
    expect(await quiet.textContent()).not.toContain('等待解封');
    await cloud.db.collection('campaigns').update({ _id: 'cmp_quiet' }, { $set: { status: 'done' } });
    // No staff action yet: no 操作记录, no 立即重试记录.
    expect(await page.locator('.qx-campaign-log >> visible=true').count()).toBe(0);
    expect(await page.locator('.qx-ban-retries >> visible=true').count()).toBe(0);

    // 立即重试: the next tick tries, whatever the step; the request is kept with who asked.
    await tap(page, '.qx-ban-retry');
    await visible(page, '.qx-ban-msg').filter({ hasText: '已安排：下一分钟自动试发' }).waitFor({ timeout: 30_000 });
    expect((cloud.db.collection('jobs').get('subscribe-template-faults') as { retries: unknown[] }).retries).toEqual([{ by: STAFF, at: expect.any(Number) }]);
    expect(await visible(page, '.qx-ban-line-2').textContent()).toMatch(/^下次自动试发：1 分钟内；/);
    // The banner lists it: when (Beijing time) and who, by name.
    const retried = visible(page, '.qx-ban-retries');
    await retried.waitFor({ timeout: 30_000 });
    expect(await retried.textContent()).toMatch(/^立即重试记录\d\d-\d\d \d\d:\d\d（北京时间） 王店长 点了「立即重试」$/);

    // 暂停发送 while it waits: the card says so and offers 继续发送; the banner promises no try.
    await tap(page, '.admin-campaign-cmp_banned .qx-pause');
    await row.filter({ hasText: '已由员工暂停：不会发送；点「继续发送」后，只发给还没收到的客户，每人一次' }).waitFor({ timeout: 30_000 });
    expect(cloud.db.collection('campaigns').get('cmp_banned')).toMatchObject({ status: 'paused', pausedBy: STAFF, pausedFrom: 'running' });
    // Said once: the message under the timing line adds only what that line does not say (the
    // card read 「…点「继续发送」后…」 twice, one line under the other).
    await visible(page, '.admin-campaign-cmp_banned .qx-campaign-msg').filter({ hasText: '当前一批最多' }).waitFor({ timeout: 30_000 });
    expect(((await visible(page, '.admin-campaign-cmp_banned').textContent()) ?? '').split('点「继续发送」后').length - 1).toBe(1);
    expect(await visible(page, '.admin-campaign-cmp_banned .qx-dispatch').textContent()).toBe('继续发送');
    expect(await page.locator('.admin-campaign-cmp_banned .qx-pause >> visible=true').count()).toBe(0);
    // The card's 操作记录 says who paused it and when.
    const log = visible(page, '.admin-campaign-cmp_banned .qx-campaign-log');
    await log.filter({ hasText: '王店长 暂停发送' }).waitFor({ timeout: 30_000 });
    expect(await log.locator('.qx-staff-log-line').allTextContents()).toEqual([expect.stringMatching(/^\d\d-\d\d \d\d:\d\d（北京时间） 王店长 暂停发送$/)]);
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, '.qx-ban-line-2').filter({ hasText: '目前没有等待发送的活动使用被拒绝的模板，系统不会再试发' }).waitFor({ timeout: 30_000 });

    // Only that template is refused and another one sends: the banner names the refused one only.
    await cloud.subscribe.liftBan();
    await cloud.subscribe.banSubscribe({ templates: ['tpl_price_drop'] });
    for (const c of CUSTOMERS) await cloud.subscribe.registerGrants(c.openid, { tpl_back_in_stock: 'accept' });
    await cloud.db.collection('campaigns').insert(
      doc({
        _id: 'cmp_stock',
        name: '到货提醒活动',
        kind: 'back_in_stock',
        templateId: 'tpl_back_in_stock',
        data: { thing1: { from: 'product', field: 'name' }, phrase2: { from: 'text', value: '已到货' }, number3: { from: 'text', value: '20' }, time4: { from: 'sendTime', format: 'time' }, thing5: { from: 'text', value: '欢迎选购' } },
      }),
    );
    await cloud.invokeFunction('dispatch', { action: 'run', concurrency: 1 }, {});
    expect(cloud.db.collection('campaigns').get('cmp_stock')).toMatchObject({ status: 'done' });
    await suite.e2e.open('/admin/campaigns/index');
    await visible(page, '.qx-ban-title').filter({ hasText: '订阅消息部分暂停：微信拒绝发送「降价提醒」' }).waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-ban-line-0').textContent()).toMatch(/「到货提醒」在 \d\d-\d\d \d\d:\d\d 仍发送成功，所以被拒绝的是这些模板，其他模板的活动照常发送。/);

    // Lifted: the paused campaign sends nothing at the next ticks.
    await cloud.subscribe.liftBan();
    await cloud.invokeFunction('dispatch', { action: 'run', concurrency: 1 }, {});
    expect(cloud.db.collection('outbox').count({ campaignId: 'cmp_banned' })).toBe(0);
    expect(cloud.db.collection('campaigns').get('cmp_banned')).toMatchObject({ status: 'paused' });

    // 继续发送: the 操作记录 lists it above the pause, newest first.
    await suite.e2e.open('/admin/campaigns/index');
    await tap(page, '.admin-campaign-cmp_banned .qx-dispatch');
    await log.filter({ hasText: '王店长 继续发送' }).waitFor({ timeout: 60_000 });
    expect(await log.locator('.qx-staff-log-line').allTextContents()).toEqual([
      expect.stringMatching(/^\d\d-\d\d \d\d:\d\d（北京时间） 王店长 继续发送$/),
      expect.stringMatching(/^\d\d-\d\d \d\d:\d\d（北京时间） 王店长 暂停发送$/),
    ]);
  }, 300_000);

  it('a template WeChat said is gone (40037) is no longer offered, a campaign that uses it says why and counts no one, until staff say it is back', async () => {
    const { page, cloud } = suite.e2e;
    const now = Date.now();
    // Customers accepted the notice again (the ban test used their grants); then the merchant
    // deleted the template on the 公众平台, so the next send of a campaign with it meets 40037.
    await grantOnce(cloud, CUSTOMERS.map((c) => c.openid));
    expect(cloud.subscribe.removeTemplate('tpl_price_drop')).toBe(true);
    await cloud.db.collection('campaigns').insert(
      priceDropCampaign({ _id: 'cmp_gone', name: '模板已删的活动', holdoutPct: 0, status: 'scheduled', productId: 'tea_green', page: 'pages/product/index?id=tea_green', createdBy: STAFF, createdAt: now, updatedAt: now, nextRunAt: now }) as never,
    );
    await cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'cmp_gone', concurrency: 1 }, {});
    expect(cloud.db.collection('campaigns').get('cmp_gone')).toMatchObject({ status: 'paused', pausedReason: 'template_invalid' });
    // A new campaign is not offered it.
    await suite.e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-tpl-tpl_back_in_stock').waitFor({ timeout: 30_000 });
    expect(await page.locator('.qx-tpl-tpl_price_drop >> visible=true').count()).toBe(0);
    // The campaign that uses it says so, and its estimate counts no one.
    await suite.e2e.open('/admin/campaign-edit/index?id=cmp_gone');
    await visible(page, '.qx-tpl-tpl_price_drop').filter({ hasText: '降价提醒（已失效）' }).waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-tpl-removed-text').textContent()).toMatch(/^「降价提醒」已失效：\d\d-\d\d \d\d:\d\d 发送时微信答复模板不存在（可能已在微信公众平台删除）。/);
    await visible(page, '.qx-audience-removed').filter({ hasText: '现在发送不会有人收到：「降价提醒」已失效' }).waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-audience-count').textContent()).toBe('预计可发送：0 人');
    // Staff added it back on the 公众平台 and say so: the warning leaves and its grants count again.
    await tap(page, '.qx-tpl-restore');
    await page.locator('.qx-tpl-removed').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.qx-audience-removed').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await visible(page, '.qx-tpl-tpl_price_drop').textContent()).toBe('降价提醒');
  }, 180_000);
});
