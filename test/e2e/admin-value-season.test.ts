/**
 * 客户价值 in real Chromium on the h5 build, against the full local cloud, for a seasonal shop
 * with more than two years of history: the value timer refits it with last season's trees
 * (common/value/season-fit.ts) and the page's 预测方式 line says so, after the blend it names.
 */
import { seasonalBuyerProfiles } from '../helpers/profiles';
import { STAFF, valueTimerUntilScored, visible, adminSuite } from './admin-fixtures';
import { describeInChromium, signIn } from './helpers';

describeInChromium('admin: customer value with last season’s trees (Chromium, h5 build)', () => {
  const suite = adminSuite();

  it('客户价值 says the version also predicts with last season’s trees', async () => {
    const e2e = suite.e2e;
    const { page, cloud } = e2e;
    await cloud.db.collection('profiles').insert(seasonalBuyerProfiles(Date.now()));
    expect(await valueTimerUntilScored(cloud, 60)).toBe(true);
    await signIn(page.context(), cloud, STAFF);
    await e2e.open('/admin/value/index');
    await visible(page, '.qx-value-blend').waitFor({ timeout: 30_000 });
    const line = (await visible(page, '.qx-value-blend').textContent()) ?? '';
    expect(line).toMatch(/^预测方式：/);
    expect(line).toMatch(/；另用去年同季数据训练的第二个学习模型，与上面的预测按 ½ 的权重综合（总量与上面一致）$/);
    await e2e.screenshot('admin-value-season');
  }, 600_000);
});
