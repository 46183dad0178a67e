/**
 * The customer journey in real Chromium on the h5 build, against the full local cloud:
 * consent → browse → search → favourite → subscribe → cart → buy → review → 我的.
 * Every event the tracker generated lands in `events` exactly once; nothing before 同意. The order
 * and the purchase are server facts: shop.createOrder writes them once (ids from the order id)
 * and the tracker sends none.
 */
import { agreeToConsent, cloudEvents, describeInChromium, openProduct, signIn, queuedIds, recordTrackRequests, seedProducts, startE2e, tap, trackerStats, waitDrained, type E2e } from './helpers';

const OPENID = 'cust_flow';

describeInChromium('capture: customer journey (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: OPENID, seed: (c) => seedProducts(c) });
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('captures nothing before consent, then every event of the journey exactly once', async () => {
    const { page, cloud } = e2e;
    const sent = recordTrackRequests(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // What a developer sees in the console on every page load: no failed request for the page's
    // own files (a favicon 404 was) and no deprecation warning (Chromium's meta-tag one was).
    // Function calls are left out (under load a call may fail and be retried, and say so), and so
    // are warnings whose appearance depends on timing.
    const consoleNoise: string[] = [];
    const ours = (url: string) => url.includes('/gateway/');
    page.on('console', (m) => {
      if (['warning', 'error'].includes(m.type()) && /deprecated/i.test(m.text())) consoleNoise.push(`${m.type()}: ${m.text()}`);
    });
    page.on('response', (r) => void (r.status() >= 400 && !ours(r.url()) && consoleNoise.push(`${r.status()} ${r.url()}`)));

    await e2e.open('/pages/index/index');
    await page.locator('#consent-sheet >> visible=true').waitFor();
    await page.locator('[data-product-id="tea_green"] >> visible=true').waitFor();
    await e2e.screenshot('01-consent-sheet');
    expect(await queuedIds(page)).toEqual([]);
    expect(sent.attempts).toBe(0);

    await agreeToConsent(page);
    expect(cloud.db.collection('consents').get(OPENID)).toMatchObject({ granted: true, version: 1 });
    await e2e.screenshot('02-home');

    // search
    await page.locator('#search-input input >> visible=true').fill('茶');
    await tap(page, '#search-btn');
    await page.locator('.result-hint >> visible=true').waitFor();
    await e2e.screenshot('03-search');

    // product: view, favourite, price-drop reminder (h5 stand-in dialog), add to cart
    await tap(page, '[data-product-id="tea_green"]');
    await page.locator('#add-to-cart >> visible=true').waitFor();
    await e2e.screenshot('04-product');
    await tap(page, '#fav-btn');
    await tap(page, '#remind-btn');
    await page.locator('#subscribe-dialog >> visible=true').waitFor();
    await e2e.screenshot('05-subscribe-dialog');
    await tap(page, '#subscribe-allow');
    await page.locator('#notice >> visible=true').waitFor();
    expect(cloud.db.collection('_wx_grants').get(`${OPENID}:tpl_price_drop`)).toMatchObject({ available: 1, accepted: 1 });
    // …and our ledger holds it because WeChat's popup push reached wxpush, not because the app said so.
    expect(cloud.db.collection('grants').get(`${OPENID}:tpl_price_drop`)).toMatchObject({ available: 1, accepted: 1 });
    await tap(page, '#add-to-cart');
    // a service notice tapped: the page opens with the campaign id dispatch appended
    await page.goto(`${cloud.url}/#/pages/product/index?id=cof_pour&campaignId=cmp_1`);
    await page.locator('#add-to-cart >> visible=true').waitFor();
    await tap(page, '#add-to-cart');

    // cart → order
    await tap(page, '#to-cart');
    await page.locator('#submit-order >> visible=true').waitFor();
    await tap(page, '.step-plus'); // 2 × tea_green
    expect(await page.locator('#cart-total >> visible=true').textContent()).toBe('¥245.00');
    await e2e.screenshot('06-cart');
    await tap(page, '#submit-order');
    await page.locator('#order-done >> visible=true').waitFor();
    await e2e.screenshot('07-order-done');
    const [order] = cloud.db.collection('orders').find({ openid: OPENID });
    expect(order).toMatchObject({ amountFen: 2 * 5800 + 12900 });

    // review
    await tap(page, '#go-review');
    await page.locator('.review >> visible=true').first().waitFor();
    const form = page.locator('.review[data-product-id="tea_green"] >> visible=true');
    await form.locator('[data-star="4"]').click();
    await form.locator('textarea').fill('茶香很浓，回甘明显，包装也很用心，会回购。');
    // The text box stays inside its grey field (it ran 20 px past it, under its own resize corner).
    const field = await form.locator('.review-text').boundingBox();
    const box = await form.locator('.review-text textarea').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(field!.y + field!.height + 0.5);
    await e2e.screenshot('08-review');
    await form.locator('.review-submit').click();
    await page.locator('#review-thanks >> visible=true').waitFor();

    // 我的
    await e2e.open('/pages/me/index');
    await page.locator('#consent-status >> visible=true').waitFor();
    await waitDrained(page);
    await e2e.open('/pages/me/index');
    await e2e.screenshot('09-me');

    await waitDrained(page);
    const stats = await trackerStats(page);
    const all = cloudEvents(cloud, OPENID);
    const stored = all.filter((s) => s.origin !== 'server');
    const generated = sent.unique();
    expect(stored.map((s) => s.eventId).sort()).toEqual([...generated].sort());
    expect(all.filter((s) => s.origin === 'server').map((s) => s.eventId).sort()).toEqual([`order_submit:${order._id}`, `purchase:${order._id}`]);
    expect(new Set(all.map((s) => s._id)).size).toBe(all.length);
    expect(new Set(stored.map((s) => s._id)).size).toBe(stored.length);
    expect(stats.accepted).toBe(generated.size);
    expect(stats.dropped.invalid).toBe(0);
    const names = new Set(all.map((s) => s.name));
    expect(stored.find((s) => s.name === 'push_open')?.props).toEqual({ campaignId: 'cmp_1' });
    for (const n of ['page_view', 'page_leave', 'search', 'product_view', 'favorite', 'subscribe_result', 'add_to_cart', 'order_submit', 'purchase', 'review_submit']) {
      expect(names).toContain(n);
    }
    expect(names.has('purchase') && !stored.some((s) => s.name === 'purchase' || s.name === 'order_submit')).toBe(true);
    const purchase = all.find((s) => s.name === 'purchase');
    expect(purchase?.props).toMatchObject({ orderId: order?._id, amountFen: 24500 });
    const day = Object.values(cloud.db.collection('profiles').get(OPENID)!.d as Record<string, { pu?: number; fen?: number }>);
    expect(day.reduce((s, b) => s + (b.fen ?? 0), 0)).toBe(24500);
    expect(day.reduce((s, b) => s + (b.pu ?? 0), 0)).toBe(1);
    expect(stored.find((s) => s.name === 'review_submit')?.props).toMatchObject({ productId: 'tea_green', rating: 4, orderId: order?._id });
    expect(stored.find((s) => s.name === 'subscribe_result')?.props).toEqual({ templateId: 'tpl_price_drop', result: 'accept' });
    expect(pageErrors).toEqual([]);
    expect(consoleNoise).toEqual([]);
  }, 180_000);

  it('another customer signing in on this browser is asked again (device consent follows the server)', async () => {
    const { page, cloud } = e2e;
    // The app open with cust_flow signed in and agreed, as the journey test leaves it: alone (it
    // reloaded a blank page), cust_flow opens the app and agrees here first.
    if (!(cloud.db.collection('consents').get(OPENID) as { granted?: boolean } | null)?.granted) {
      await e2e.open('/pages/index/index');
      await agreeToConsent(page);
    }
    await signIn(e2e.browser.context, cloud, 'cust_other');
    await page.reload();
    await page.locator('#consent-sheet >> visible=true').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => window.localStorage.getItem('qx.consent'))).toBeNull();
    expect(await queuedIds(page)).toEqual([]);
    expect(cloudEvents(cloud, 'cust_other')).toEqual([]);

    // cust_other agrees and browses while the channel is down; then cust_flow (who agreed on
    // their own, earlier) signs in on this browser: cust_other's waiting events are never sent
    // as cust_flow's, and cust_flow is asked on this device again.
    await agreeToConsent(page);
    await page.route('**/gateway/functions/track', (route) => route.abort('connectionrefused'));
    await openProduct(page, cloud.url, 'home_cup');
    await tap(page, '#fav-btn');
    const othersQueued = await queuedIds(page);
    expect(othersQueued.length).toBeGreaterThan(0);
    const flowBefore = cloudEvents(cloud, OPENID).length;
    await signIn(e2e.browser.context, cloud, OPENID);
    await page.unroute('**/gateway/functions/track');
    await page.reload();
    await page.locator('#consent-sheet >> visible=true').waitFor({ timeout: 30_000 });
    expect(await queuedIds(page)).toEqual([]);
    await page.waitForTimeout(6000);
    const flowAfter = cloudEvents(cloud, OPENID);
    expect(flowAfter.length).toBe(flowBefore);
    expect(flowAfter.some((s) => othersQueued.includes(s.eventId))).toBe(false);
  });
});
