/**
 * Things staff and customers read that did not agree with themselves (session 23's stops),
 * in real Chromium on the h5 build:
 * - one segment had three names: 常客 on the customer's 我的, 活跃买家·近期高消费 in her export with
 *   nothing tying the two, and staff's; her export now gives 我的's name beside staff's.
 */
import fs from 'node:fs';
import { adminSuite, CUSTOMERS, NAMES, visible } from './admin-fixtures';
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
});
