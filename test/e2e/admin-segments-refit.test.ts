/**
 * The minutes between a segmentation refit going live and the segment job's next pass (every 10
 * minutes), in real Chromium on the h5 build: profiles and the latest run still carry the previous
 * version's ids, which the new version does not know. 分群 names them by the version that made the
 * run (not 「分群 1」 and 「该分群暂无说明」), and 概览 says the new version takes over at the next pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SegmentationMeta } from '../../cloudfunctions/common/segments/meta';
import { storedExplanation } from '../../cloudfunctions/common/segments/stored-explanation';
import { adminSuite, visible } from './admin-fixtures';
import { describeInChromium } from './helpers';
import { REPO } from './helpers/h5-build';

const SHIPPED = JSON.parse(fs.readFileSync(path.join(REPO, 'models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;
const NEW = '20261205-220008-e2e1';

describeInChromium('admin: segments right after a refit went live (Chromium, h5 build)', () => {
  const suite = adminSuite({ staff: true });

  it('names the latest pass by the version that made it and says when the new one takes over', async () => {
    const { page, cloud } = suite.e2e;
    const db = cloud.db;
    // The latest pass ran the shipped model (ids 1 and 2 are its 沉睡/流失风险 and 活跃买家·近期高消费)…
    const runs = db.collection('segment_runs').find({}) as { _id: string; finishedAt: number }[];
    const latest = runs.sort((a, b) => b.finishedAt - a.finishedAt)[0];
    await db.collection('segment_runs').update({ _id: latest._id }, { $set: { modelVersion: SHIPPED.version } });
    // …then the shop's own version went live, with ids of its own.
    const meta = {
      ...SHIPPED,
      version: NEW,
      segments: [
        { ...SHIPPED.segments[0], id: 9, name: '高频浏览', explanation: '经常来看商品，但购买不多。' },
        { ...SHIPPED.segments[1], id: 10, name: '差评风险', explanation: '写过评价且评价偏负面。' },
      ],
    };
    await db.collection('model_versions').insert({ _id: `segmentation@${NEW}`, model: 'segmentation', version: NEW, status: 'serving', createdAt: new Date(), files: [], meta, evaluation: null });
    await db.collection('model_pointers').insert({ _id: 'segmentation', serving: NEW, lastGood: null, rev: 1, changedAt: new Date(), change: { kind: 'guard', by: 'timer', from: 'shipped', to: NEW } });
    const shippedName = (id: number) => SHIPPED.segments.find((s) => s.id === id)!;

    await suite.e2e.open('/admin/segments/index');
    await visible(page, '.admin-portrait').waitFor({ timeout: 30_000 });
    const titles = await page.locator('.admin-portrait >> visible=true').allTextContents();
    for (const id of [1, 2]) {
      const card = titles.find((t) => t.startsWith(`${shippedName(id).name} · `));
      expect(card).toBeDefined();
      // in today's words (segments/stored-explanation.ts)
      expect(card).toContain(storedExplanation(SHIPPED, shippedName(id)));
    }
    expect(titles.join('\n')).not.toMatch(/^分群 [12] · /m);
    await suite.e2e.screenshot('admin-11-segments-after-refit');

    await suite.e2e.open('/admin/overview/index');
    await visible(page, '.qx-overview-reassign').waitFor({ timeout: 30_000 });
    expect(await visible(page, '.qx-overview-reassign').textContent()).toBe(
      `最近一次分群仍用 ${SHIPPED.version}；新分群模型 ${NEW} 已上线，下次定时分群（每 10 分钟）会用它重新归类全部客户`,
    );
    expect(await visible(page, '.qx-overview-model-segmentation').textContent()).toMatch(new RegExp(`^客户分群本店数据训练 · ${NEW}，`));
  }, 120_000);
});
