/**
 * A staff export link whose file a customer's erasure deleted (real Chromium, h5 build, real
 * functions through the local cloud): staff export a big rule segment (a file and its ten-minute
 * link), a member deletes their data, and storage no longer holds the file (a new link is refused).
 * The link handed out before may still serve the old file until it expires (CloudBase's CDN is not
 * documented to purge on delete; the local cloud's default serves it) or answer cloud storage's
 * English `NoSuchKey`, so the rules page says, in Chinese, that this file was voided by a customer's
 * deletion, not to use the old link, and to export again; a new export works and leaves the erased
 * customer out.
 */
import { maskOpenid } from '../../cloudfunctions/common/admin/outbox-list';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { describeInChromium, seedProducts, startE2e, tap, type E2e } from './helpers';
import { visible } from './admin-fixtures';
import { expectOldLinkWithinBound, isStored } from '../helpers/stored-file';

const STAFF = 'staff_export';
/** Enough members for a CSV over the inline limit (256 KB at ~110 bytes a row). */
const ERASED = 'cust_erase_me_xyz';
const KEPT = 'cust_keep_me_abc';
/** Masked ids keep 3 characters at each end: these two's are unique among the numbered ones. */
const CUSTOMERS = [ERASED, KEPT, ...Array.from({ length: 3200 }, (_, i) => `cust_exp_${String(i).padStart(5, '0')}`)];
// Every customer, with a reason per condition (as test/integration/export-size.test.ts).
const EVERYONE = {
  name: '全部消费者',
  include: {
    op: 'and',
    items: ['monetary_90d', 'recency_days', 'frequency_90d', 'sentiment_mean'].map((field) => ({ kind: 'range', field, min: 0 })),
  },
};

async function seed(cloud: FullCloud): Promise<void> {
  await seedProducts(cloud);
  await cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  const now = Date.now();
  const profiles = CUSTOMERS.map((openid, i) => ({
    _id: openid,
    openid,
    rev: 1,
    d: {},
    segment: 1 + (i % 3),
    segmentedAt: now,
    features: { sentiment_mean: 0.5, recency_days: 10 + (i % 50), frequency_90d: 1 + (i % 4), monetary_90d: 100 + (i % 300) },
  }));
  const consents = CUSTOMERS.map((openid) => ({ _id: openid, version: 1, granted: true, grantedAt: now - 86_400_000, personalization: true }));
  for (let i = 0; i < CUSTOMERS.length; i += 500) {
    await cloud.db.collection('profiles').insert(profiles.slice(i, i + 500));
    await cloud.db.collection('consents').insert(consents.slice(i, i + 500));
  }
}

type Reply = { ok: boolean; data: { _id: string } };
type ExportFile = { url: string; fileID: string; bytes: number };
/** The rules page's export: waits for the admin function's answer to 导出 CSV and returns its file. */
async function exportFromPage(e2e: E2e, card: string): Promise<ExportFile> {
  const answer = e2e.page.waitForResponse((r) => r.url().includes('/gateway/functions/admin') && (r.request().postData() ?? '').includes('ruleSegmentCsv'), { timeout: 180_000 });
  await tap(e2e.page, `${card} .qx-rule-csv`);
  const body = (await (await answer).json()) as { result?: { data?: { file?: ExportFile } } };
  const file = body.result?.data?.file;
  if (!file?.url) throw new Error(`the export was not answered as a file: ${JSON.stringify(body).slice(0, 300)}`);
  return file;
}

describeInChromium('admin: an export file a customer erasure deleted (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: STAFF, seed, viewport: { width: 420, height: 900 } });
  }, 300_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('the rules page says the file was voided because a customer deleted their data, not to use the old link, and to export again', async () => {
    const { page, cloud } = e2e;
    const saved = (await cloud.invokeFunction('admin', { action: 'ruleSegmentSave', rule: EVERYONE }, { openid: STAFF, source: 'wx_client' })) as Reply;
    expect(saved.ok).toBe(true);
    const card = `.qx-rule-${saved.data._id}`;
    await e2e.open('/admin/rules/index');
    await visible(page, `${card} .qx-rule-csv`).waitFor({ timeout: 60_000 });

    const file = await exportFromPage(e2e, card);
    await visible(page, card).filter({ hasText: '下载链接已复制到剪贴板' }).waitFor({ timeout: 60_000 });
    const first = await fetch(file.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(maskOpenid(ERASED));
    // The list shows the file with its link's time.
    await visible(page, `${card} .qx-rule-export-ready`).filter({ hasText: '可下载' }).waitFor({ timeout: 60_000 });

    // A member deletes their data (我的 → 删除我的数据 calls this): every staff export file goes.
    const erased = (await cloud.invokeFunction('privacy', { action: 'deleteMyData' }, { openid: ERASED, source: 'wx_client' })) as { ok: boolean };
    expect(erased.ok).toBe(true);
    // Storage no longer holds the file: a new link is refused. The held link may still serve the
    // old file until it expires (the CDN, the local cloud's default) or answer cloud storage's
    // English NoSuchKey: either way nothing about why, hence the page's line.
    expect(await isStored(cloud, file.fileID)).toBe(false);
    await expectOldLinkWithinBound(file.url, file.bytes);

    // Back on the rules page, the list says what happened and what to do, in Chinese.
    await page.reload();
    const voided = visible(page, `${card} .qx-rule-export-voided`);
    await voided.waitFor({ timeout: 60_000 });
    const line = (await voided.textContent()) ?? '';
    expect(line).toContain('已作废');
    expect(line).toContain('有客户依法删除了个人数据');
    expect(line).toContain('请勿再使用');
    expect(line).toContain('重新导出');
    // No English but the two names staff meet on screen (the button's CSV, the storage's answer).
    expect(line.replace(/NoSuchKey|CSV/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    await voided.scrollIntoViewIfNeeded();
    await e2e.screenshot('admin-export-voided');

    // Exporting again: a new file without the erased customer, listed above the voided one.
    const fresh = await exportFromPage(e2e, card);
    const text = await (await fetch(fresh.url)).text();
    expect(text).not.toContain(maskOpenid(ERASED));
    expect(text).toContain(maskOpenid(KEPT));
    await visible(page, `${card} .qx-rule-export-ready`).waitFor({ timeout: 60_000 });
    const lines = await page.locator(`${card} .qx-rule-export >> visible=true`).allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('可下载');
    expect(lines[1]).toContain('已作废');
  });
});
