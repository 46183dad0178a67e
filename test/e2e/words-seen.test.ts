/**
 * Three things staff and customers read that did not agree with themselves (session 23's stops),
 * in real Chromium on the h5 build:
 * - one segment had three names: 常客 on the customer's 我的, 活跃买家·近期高消费 in her export with
 *   nothing tying the two, and staff's; her export now gives 我的's name beside staff's;
 * - the campaign editor labelled template fields 「温馨提示（thing4）」 and its refusals said
 *   thing4: staff read WeChat's keyword names;
 * - after a send to a target with a rule segment, 「关闭了个性化推送跳过 N 人」 counted the whole
 *   shop's opted-out customers while the editor counted the target's; both count the target's.
 */
import fs from 'node:fs';
import { adminSuite, CUSTOMERS, NAMES, STAFF, visible } from './admin-fixtures';
import { agreeToConsent, describeInChromium, signIn, tap } from './helpers';

describeInChromium('words staff and customers read (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true, each: true });

  it('a customer reads her segment by one name on 我的 and in her export, staff\'s name beside it there', async () => {
    const { page, cloud } = suite.e2e;
    const me = CUSTOMERS.find((c) => c.segment === 2)!.openid;
    expect(NAMES[2]).toBe('活跃买家·近期高消费');
    const now = Date.now();
    // 我的 describes a profile that says when its records began (the seed's profiles do not).
    await cloud.db.collection('profiles').update({ _id: me }, { $set: { firstSeenAt: now - 20 * 86_400_000, lastActiveAt: now - 86_400_000 } });
    await cloud.db.collection('segment_history').insert([
      { _id: `p1:${me}`, openid: me, from: null, fromName: null, to: 1, toName: NAMES[1], at: now - 2 * 86_400_000, modelVersion: 'seg-test', passId: 'p1' },
      { _id: `p2:${me}`, openid: me, from: 1, fromName: NAMES[1], to: 2, toName: NAMES[2], at: now - 86_400_000, modelVersion: 'seg-test', passId: 'p2' },
    ]);
    await page.context().clearCookies();
    await signIn(page.context(), cloud, me);
    await suite.e2e.open('/pages/me/index');
    await visible(page, '#consent-status').waitFor({ timeout: 30_000 });
    if (await page.locator('#consent-sheet >> visible=true').count()) await agreeToConsent(page);
    await visible(page, '#segment-name').waitFor({ timeout: 30_000 });
    const shown = ((await visible(page, '#segment-name').textContent()) ?? '').trim();
    expect(shown).toBe('常客');
    // The page's note on the export file says which name is which.
    expect(await visible(page, '#export-reading-note').textContent()).toContain('segmentNameShown 是「我的」页上你所在分群的名称');
    await tap(page, '#export-btn');
    await page.locator('#me-message >> visible=true').filter({ hasText: '已导出' }).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '#export-download')]);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    // What the shop holds (staff's name, which staff target by) and the name 我的 gives the same group.
    expect(file.profile).toMatchObject({ segment: 2, segmentName: NAMES[2], segmentNameShown: shown });
    const history = (file.segmentHistory as Array<Record<string, unknown>>).map((h) => [h.toName, h.toNameShown]);
    expect(history).toEqual([[NAMES[1], '好久不见'], [NAMES[2], shown]]);
    await suite.e2e.screenshot('words-me-segment');
  }, 180_000);

  it('the campaign editor labels template fields, and says what is wrong with one, by WeChat\'s keyword names', async () => {
    const { page } = suite.e2e;
    await suite.e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-name input').fill('绿茶降价提醒');
    await tap(page, '.qx-tpl-tpl_price_drop');
    await visible(page, '.qx-field-data-thing4').waitFor({ timeout: 30_000 });
    const labels = await page.locator('[class*="qx-field-data-"] > .admin-label >> visible=true').allTextContents();
    expect(labels).toEqual(['商品名称', '当前价格', '原价', '温馨提示']);
    await tap(page, '.qx-prod-tea_green');
    await visible(page, '.qx-f-amount3 input').fill('¥72.00');
    await visible(page, '.qx-f-thing4 input').fill('您关注的有机高山绿茶已经降价啦快来看看吧真的很划算');
    await tap(page, '.qx-save');
    await visible(page, '.qx-field-data-thing4 .admin-problem').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-field-data-thing4 .admin-problem').textContent()).toMatch(/^「温馨提示」的值“[^”]+”不符合规则：20 个以内/);
    // No key or WeChat type name anywhere staff read on the page (the values staff typed aside).
    const text = ((await page.locator('.admin-field >> visible=true').allTextContents()).join('\n')).replace(/“[^”]*”/g, '');
    expect(text).not.toMatch(/\b(thing|amount|phrase|character_string|number|time|date)\d*\b/);
    await suite.e2e.screenshot('words-editor-fields');
  }, 180_000);

  it('the editor\'s estimate and the send count the opted-out of the target, not of the shop', async () => {
    const { page, cloud } = suite.e2e;
    // Two of segment 1 and one of segment 3 turned personalised pushes off.
    const off = [CUSTOMERS[0], CUSTOMERS[3], CUSTOMERS[2]];
    expect(off.map((c) => c.segment)).toEqual([1, 1, 3]);
    for (const c of off) await cloud.db.collection('consents').update({ _id: c.openid }, { $set: { personalization: false } });
    // A rule segment of segment 2's members: with it among the targets, the send pages the whole shop.
    const saved = (await cloud.invokeFunction('admin', { action: 'ruleSegmentSave', rule: { name: '第二群', include: { op: 'and', items: [{ kind: 'segment', in: ['2'] }] } } }, { openid: STAFF, source: 'wx_client' })) as { data: { _id: string } };
    const rule = saved.data._id;
    await suite.e2e.open('/admin/campaign-edit/index');
    await visible(page, '.qx-f-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-name input').fill('降价提醒两群');
    // No target but a 评价正面度: the campaign is personalised, and the estimate now leaves the 3
    // opted-out out as the send does (it was not told of the filter and said 14 → 14).
    await visible(page, '.qx-f-smin input').fill('0');
    await visible(page, '.qx-audience-funnel').filter({ hasText: '全部客户 14 人 → 已同意数据收集且未关闭个性化推送 11 人' }).waitFor({ timeout: 30_000 });
    await visible(page, '.qx-f-smin input').fill('');
    await visible(page, '.qx-audience-funnel').filter({ hasText: '全部客户 14 人 → 已同意数据收集 14 人' }).waitFor({ timeout: 30_000 });
    await tap(page, '.qx-seg-1');
    await tap(page, `.qx-rseg-${rule}`);
    // Segment 1: 5 members, 2 opted out; the rule: segment 2's 5. Segment 3's opted-out customer is not in the target.
    await visible(page, '.qx-audience-count').filter({ hasText: '预计可发送：8 人' }).waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-audience-funnel').textContent()).toMatch(/^所选分群 10 人 → 已同意数据收集且未关闭个性化推送 8 人 →/);
    await tap(page, '.qx-prod-tea_green');
    await visible(page, '.qx-f-amount3 input').fill('¥72.00');
    await visible(page, '.qx-f-thing4 input').fill('您关注的商品已降价');
    await tap(page, '.qx-quiet-off');
    await tap(page, '.qx-save-send');
    await visible(page, '.admin-campaigns').waitFor({ timeout: 60_000 });
    const [campaign] = cloud.db.collection('campaigns').find({ name: '降价提醒两群' });
    const said = visible(page, `.admin-campaign-${String(campaign._id)} .qx-campaign-msg`);
    await said.waitFor({ timeout: 30_000 });
    const text = (await said.textContent()) ?? '';
    // 10 − 8: the editor's drop is what the send skipped for the opt-out (it said 3 before: the shop's).
    expect(text).toContain('关闭了个性化推送跳过 2 人');
    expect(cloud.db.collection('outbox').find({ campaignId: campaign._id }, { limit: 100 }).map((r) => String(r.openid))).not.toEqual(expect.arrayContaining([off[2].openid]));
    await suite.e2e.screenshot('words-send-opted-out');
  }, 180_000);
});
