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
