/**
 * What staff read when the admin function refuses a save from a page of another release, in real
 * Chromium on the h5 build: 自定义分群's message line names the field as the page names it and
 * never a wire name. The page's request is changed on its way (page.route), as a page newer than
 * its functions (a field they do not know yet) or older (a condition field they no longer have)
 * would send it; nothing is saved.
 */
import { adminSuite, visible } from './admin-fixtures';
import { describeInChromium, tap } from './helpers';

const ADMIN = '**/gateway/functions/admin';

describeInChromium('admin: refusals in the page\'s words (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true });

  it('a rule segment refused for an unknown field or a retired condition field says so without wire names', async () => {
    const { page, cloud } = suite.e2e;
    /** Rewrites the next ruleSegmentSave's body with `change`. */
    const onSave = async (change: (body: string) => string) => {
      await page.unroute(ADMIN);
      await page.route(ADMIN, (route) => {
        const body = route.request().postData() ?? '';
        return route.continue(body.includes('"ruleSegmentSave"') ? { postData: change(body) } : undefined);
      });
    };
    const saveAndRead = async () => {
      await tap(page, '.qx-rule-save');
      await page.waitForFunction(() => (document.querySelector('.qx-rule-msg')?.textContent ?? '').startsWith('保存失败'), undefined, { timeout: 30_000 });
      return (await visible(page, '.qx-rule-msg').textContent()) ?? '';
    };

    const saved = cloud.db.collection('rule_segments').find({}).length;
    await suite.e2e.open('/admin/rules/index');
    await visible(page, '.qx-rule-name input').waitFor({ timeout: 30_000 });
    await visible(page, '.qx-rule-name input').fill('高消费客户');
    await tap(page, '.qx-add-inc-monetary_90d');
    await visible(page, '.qx-rule-row-range-monetary_90d .qx-rule-min input').fill('120');

    // A newer page sends a field these functions do not know yet: said, not named by its wire name.
    await onSave((body) => body.replace('"name":"高消费客户"', '"name":"高消费客户","ownerTeam":"north"'));
    const unknown = await saveAndRead();
    expect(unknown).toBe('保存失败：含有不认识的字段');

    // An older page offers a condition field the server no longer has: the row and the field named.
    await onSave((body) => body.replace('"field":"monetary_90d"', '"field":"segmentId"'));
    const retired = await saveAndRead();
    expect(retired).toBe('保存失败：「近90天消费」：条件字段取值不受支持');
    for (const text of [unknown, retired]) expect(text).not.toMatch(/[A-Za-z]/);
    await suite.e2e.screenshot('admin-rule-refusal-words');
    expect(cloud.db.collection('rule_segments').find({})).toHaveLength(saved);
    await page.unroute(ADMIN);
  }, 120_000);
});
