/**
 * 提交订单 whose answer is lost, then the app is killed (real Chromium, h5 build: a reload is a cold
 * start). The order went through on the server; the customer, told 订单提交结果暂未确认 (not 下单失败:
 * the answer was lost, so the app cannot know, services/outcome.ts), taps again after the
 * restart. That retry must get the placed order back, not place (and charge) a second one; and once
 * an order's answer has arrived, the same cart bought again is a new order.
 */
import type { Page, Route } from 'playwright-core';
import { shortOrderNo } from '../../miniprogram/src/services/order-no';
import { waitUntil } from '../helpers/wait-until';
import { agreeToConsent, describeInChromium, openProduct, seedProducts, startE2e, tap, type E2e } from './helpers';

const OPENID = 'cust_checkout';
const SHOP = '**/gateway/functions/shop';

/** The customer's stored orders, oldest first. */
function orders(e2e: E2e): { _id: string }[] {
  return (e2e.cloud.db.collection('orders').find({ openid: OPENID }, { limit: 100 }) as { _id: string; createdAt: number }[]).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Taps 提交订单 while the network loses the answer: the order reaches the shop and is placed, the
 * app says its outcome is not known. Returns how many orders went out that way.
 */
async function submitAnswerLost(page: Page): Promise<number> {
  let lost = 0;
  await page.route(SHOP, async (route: Route) => {
    if ((route.request().postDataJSON() as { action?: string } | null)?.action !== 'createOrder') return route.continue();
    await route.fetch({ timeout: 120_000 });
    lost++;
    // The app may have given up first (its wait for shop, 15 s, on a loaded machine): lost either way.
    await route.abort('connectionreset').catch(() => undefined);
  });
  await tap(page, '#submit-order');
  const said = page.locator('.toast-line >> visible=true').filter({ hasText: '订单提交结果暂未确认，请稍后重试（重试不会重复下单）' });
  await said.waitFor({ timeout: 60_000 });
  expect(await said.textContent()).not.toContain('下单失败');
  // The shop has answered (the order is stored) once the stand-in network has dropped its answer.
  await waitUntil(() => lost > 0, { what: "the shop's answer to the checkout", timeoutMs: 120_000 });
  await page.unroute(SHOP);
  return lost;
}

/** Leaves 下单成功 for the (now empty) cart: the tab page keeps its state across routes. */
async function backToCart(page: Page): Promise<void> {
  await page.getByText('返回购物车', { exact: true }).locator('visible=true').first().click();
  await page.locator('#order-done >> visible=true').waitFor({ state: 'detached', timeout: 30_000 });
}

/** The order number 下单成功 shows (its short form: shortOrderNo). */
async function shownOrderId(page: Page): Promise<string> {
  const done = page.locator('#order-done >> visible=true');
  await done.waitFor({ timeout: 60_000 });
  const text = (await done.textContent()) ?? '';
  return /订单号\s*(.+?)¥/.exec(text)?.[1] ?? text;
}

describeInChromium('checkout: a retry after a lost answer and a cold restart (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: OPENID, seed: (c) => seedProducts(c) });
    await e2e.open('/pages/index/index');
    await agreeToConsent(e2e.page);
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('returns the placed order instead of placing a second one; a changed cart is a new order', async () => {
    const { page, cloud } = e2e;
    await openProduct(page, cloud.url, 'tea_green');
    await tap(page, '#add-to-cart');
    await e2e.open('/pages/cart/index');
    await page.locator('#submit-order >> visible=true').waitFor();

    // The order reaches the shop and is placed; its answer never reaches the app.
    expect(await submitAnswerLost(page)).toBe(1);
    const placed = orders(e2e);
    expect(placed).toHaveLength(1);

    // The app is killed and opened again; the cart still holds the line, and the customer retries.
    await page.reload();
    await page.locator('#submit-order >> visible=true').waitFor({ timeout: 30_000 });
    await tap(page, '#submit-order');
    expect(await shownOrderId(page)).toBe(shortOrderNo(placed[0]._id));
    expect(orders(e2e)).toHaveLength(1);
    await backToCart(page);

    // The answer arrived: buying the same cart again is a new checkout, so a new order.
    await openProduct(page, cloud.url, 'tea_green');
    await tap(page, '#add-to-cart');
    await e2e.open('/pages/cart/index');
    await tap(page, '#submit-order');
    const second = await shownOrderId(page);
    expect(second).not.toBe(shortOrderNo(placed[0]._id));
    expect(orders(e2e).map((o) => shortOrderNo(o._id))).toEqual([shortOrderNo(placed[0]._id), second]);
    await backToCart(page);

    // A cart changed after a lost answer is a new checkout.
    const before = orders(e2e).length;
    await openProduct(page, cloud.url, 'cof_bean');
    await tap(page, '#add-to-cart');
    await e2e.open('/pages/cart/index');
    await page.locator('#submit-order >> visible=true').waitFor();
    expect(await submitAnswerLost(page)).toBe(1);
    await page.reload();
    await page.locator('.step-plus >> visible=true').waitFor({ timeout: 30_000 });
    await tap(page, '.step-plus');
    await tap(page, '#submit-order');
    const changed = await shownOrderId(page);
    const all = orders(e2e);
    expect(all).toHaveLength(before + 2);
    expect(shortOrderNo(all[all.length - 1]._id)).toBe(changed);
    expect(shortOrderNo(all[all.length - 2]._id)).not.toBe(changed);
  }, 240_000);
});
