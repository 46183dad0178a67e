/**
 * A customer who agreed on one device opens the app on a new one (real Chromium, h5 build; a
 * browser whose storage is cleared is a new device). Their account's consent is one fact: the
 * sheet says the account already agreed and asks about THIS device only. 本机不记录 neither erases
 * nor withdraws (that is 撤回同意 in 我的, which the sheet names) and nothing is captured here;
 * 本机也记录 follows the account's consent without granting it again.
 */
import { CONSENT_VERSION } from '../../cloudfunctions/common/contracts/consent';
import { cloudEvents, describeInChromium, openProduct, queuedIds, seedProducts, startE2e, tap, waitDrained, type E2e } from './helpers';

const OPENID = 'cust_two_devices';
/** When the account agreed (on the other device): 2026-12-01 10:00 Beijing time. */
const GRANTED_AT = Date.UTC(2026, 11, 1, 2);

describeInChromium('consent on a new device while the account already agreed (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({
      openid: OPENID,
      seed: async (c) => {
        await seedProducts(c);
        await c.db.collection('consents').insert([{ _id: OPENID, openid: OPENID, version: CONSENT_VERSION, granted: true, grantedAt: GRANTED_AT, personalization: true, updatedAt: GRANTED_AT }]);
        // What the other device captured earlier.
        await c.db.collection('events').insert([{ _id: `${OPENID}:e_earlier`, openid: OPENID, eventId: 'e_earlier', name: 'product_view', ts: GRANTED_AT + 60_000, props: { productId: 'tea_green', categoryId: 'tea' } }]);
      },
    });
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const consentDoc = () => e2e.cloud.db.collection('consents').get(OPENID) as Record<string, unknown> | null;

  it('says 我的 is still reading, not 「未同意数据收集」, while a new device waits for the account', async () => {
    // The walk of session 23: a seeded customer who agreed opened 我的 on a new browser and read
    // 「未同意数据收集：我们不记录你的行为」 for seconds, until the privacy function answered.
    const { page } = e2e;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const PRIVACY = '**/gateway/functions/privacy';
    await page.route(PRIVACY, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${e2e.cloud.url}/#/pages/me/index`);
    const status = page.locator('#consent-status >> visible=true');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toBe('正在读取你的同意状态…');
    expect(await page.locator('#segment-none >> visible=true').textContent()).toBe('加载中…');
    expect(await page.locator('#withdraw-btn >> visible=true').count()).toBe(0);
    expect(await page.locator('#reconsent-btn >> visible=true').count()).toBe(0);
    release();
    await status.filter({ hasText: '已同意数据收集（第 1 版，2026年12月1日）' }).waitFor({ timeout: 30_000 });
    await page.unroute(PRIVACY);
  }, 120_000);

  it('asks about this device only: 本机不记录 keeps the account and its data, 本机也记录 follows the account', async () => {
    const { page, cloud } = e2e;
    await e2e.open('/pages/index/index');
    const sheet = page.locator('#consent-sheet >> visible=true');
    await sheet.filter({ hasText: '你的账号已于 2026年12月1日 同意' }).waitFor({ timeout: 30_000 });
    const text = (await sheet.textContent()) ?? '';
    expect(text).toContain('只对这台设备生效');
    expect(text).toContain('撤回同意');
    expect(await page.locator('#consent-refuse >> visible=true').textContent()).toBe('本机不记录');
    expect(await page.locator('#consent-agree >> visible=true').textContent()).toBe('本机也记录');
    await e2e.screenshot('12-consent-new-device');

    // 本机不记录: nothing erased or withdrawn, and nothing captured on this device.
    await tap(page, '#consent-refuse');
    await sheet.waitFor({ state: 'detached', timeout: 30_000 });
    expect(consentDoc()).toMatchObject({ granted: true, grantedAt: GRANTED_AT });
    expect(consentDoc()).not.toHaveProperty('withdrawnAt');
    expect(consentDoc()).not.toHaveProperty('erasedAt');
    expect(cloudEvents(cloud, OPENID).map((e) => e.eventId)).toEqual(['e_earlier']);
    await openProduct(page, cloud.url, 'tea_green');
    await tap(page, '#add-to-cart');
    expect(await queuedIds(page)).toEqual([]); // track() persists before it returns: nothing was kept
    // 我的 says the account agreed and this device does not record.
    await e2e.open('/pages/me/index');
    await page.locator('#consent-status >> visible=true').filter({ hasText: '本机不记录' }).waitFor({ timeout: 30_000 });

    // Changing their mind there: 本机也记录 follows the account's consent (not granted again, so
    // the other device's record still matches), and capture starts.
    await tap(page, '#device-on-btn');
    await sheet.filter({ hasText: '你的账号已于' }).waitFor({ timeout: 30_000 });
    await tap(page, '#consent-agree');
    await sheet.waitFor({ state: 'detached', timeout: 30_000 });
    expect(consentDoc()).toMatchObject({ granted: true, grantedAt: GRANTED_AT });
    await openProduct(page, cloud.url, 'cof_pour');
    await waitDrained(page);
    expect(cloudEvents(cloud, OPENID).some((e) => e.name === 'product_view' && e.props.productId === 'cof_pour')).toBe(true);
  }, 180_000);
});
