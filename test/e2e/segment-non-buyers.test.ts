/**
 * Customers without an order, in real Chromium on the h5 build: a visitor who only browsed and a
 * customer whose order the `shop` function recorded go through the real segment pass. 我的 tells
 * the visitor her group as it is (尚未下单, no 「也常下单」), and 分群 shows staff a 未下单访客
 * card beside the model's segments. Before, she sat in a buyer segment and read 常客.
 */
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { canvasInked, visible } from './admin-fixtures';
import { agreeToConsent, describeInChromium, seedProducts, signIn, startE2e, type E2e } from './helpers';

const STAFF = 'staff_demo';
let seq = 0;
const view = (productId: string, categoryId: string) => ({
  eventId: `nb${++seq}x${Math.random().toString(36).slice(2, 8)}`,
  name: 'product_view',
  seq,
  deviceId: 'dev1',
  sessionId: 'smiu2k1x0-sess0001',
  clientTs: Date.now(),
  props: { productId, categoryId },
});

async function seed(cloud: FullCloud): Promise<void> {
  await seedProducts(cloud);
  await cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  const as = (openid: string, source: 'wx_client' = 'wx_client') => ({ openid, source });
  for (const openid of ['nb_visitor', 'nb_buyer']) {
    await cloud.invokeFunction('privacy', { action: 'setConsent', version: 1 }, as(openid));
    await cloud.invokeFunction('track', { events: [view('tea_green', 'tea'), view('cof_bean', 'coffee')] }, as(openid));
  }
  const order = (await cloud.invokeFunction('shop', { action: 'createOrder', items: [{ productId: 'tea_green', quantity: 1 }] }, as('nb_buyer'))) as { data?: { facts?: string } };
  expect(order.data?.facts).toBe('recorded');
  const pass = (await cloud.invokeFunction('segment', { action: 'run' }, as(STAFF))) as { data?: { status?: string } };
  expect(pass.data?.status).toBe('completed');
}

describeInChromium('customers without an order: their own group on 我的 and 分群 (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: null, seed, viewport: { width: 420, height: 900 } });
  }, 300_000);
  afterAll(async () => e2e?.close());

  it('我的 words the visitor\'s group honestly', async () => {
    const { page, cloud } = e2e;
    await signIn(page.context(), cloud, 'nb_visitor');
    await e2e.open('/pages/me/index');
    await visible(page, '#consent-status').waitFor({ timeout: 30_000 });
    if (await page.locator('#consent-sheet >> visible=true').count()) await agreeToConsent(page);
    await page.locator('#segment-name >> visible=true').filter({ hasText: '尚未下单' }).waitFor({ timeout: 30_000 });
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('这一组顾客都还没有在本店下过单');
    expect(text).toContain('还没有在本店下过单');
    expect(text).not.toContain('常下单');
    expect(text).not.toContain('常客');
    await e2e.screenshot('segment-non-buyer-me');
  }, 120_000);

  it('分群 shows staff a 未下单访客 card and bar beside the buyer\'s segment', async () => {
    const { page, cloud } = e2e;
    await page.context().clearCookies();
    await signIn(page.context(), cloud, STAFF);
    await e2e.open('/admin/segments/index');
    await page.locator('.admin-portrait >> visible=true').filter({ hasText: '未下单访客 · 1 人' }).first().waitFor({ timeout: 30_000 });
    const card = page.locator('.admin-portrait >> visible=true').filter({ hasText: '未下单访客 · 1 人' }).first();
    expect(await card.locator('.qx-segment-explain').textContent()).toContain('还没有在本店下过单');
    expect(await page.locator('.admin-portrait >> visible=true').count()).toBe(2);
    expect(await canvasInked(page, '分群规模')).toBe(true);
    await e2e.screenshot('segment-non-buyer-admin');
  }, 120_000);
});
