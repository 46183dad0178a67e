/**
 * The tracker against a failing channel, in real Chromium on the h5 build:
 * - the gateway is unreachable for a while, then answers 503, then comes back → every event is
 *   delivered, none stored twice (backoff, retries, per-event idempotency);
 * - the page is reloaded while the queue is full and the channel down → nothing is lost.
 */
import { agreeToConsent, cloudEvents, describeInChromium, openProduct, queuedIds, recordTrackRequests, seedProducts, startE2e, tap, trackerStats, waitDrained, type E2e } from './helpers';

const OPENID = 'cust_resilient';
const TRACK = '**/gateway/functions/track';

describeInChromium('capture: delivery through outages (Chromium, h5 build)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ openid: OPENID, seed: (c) => seedProducts(c) });
    await e2e.open('/pages/index/index');
    await agreeToConsent(e2e.page);
    await waitDrained(e2e.page);
  }, 240_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('gateway down, then failing, then back: all delivered, none duplicated', async () => {
    const { page, cloud } = e2e;
    const sent = recordTrackRequests(page);
    let refused = 0;
    await page.route(TRACK, (route) => {
      refused++;
      return route.abort('connectionrefused');
    });
    for (const id of ['tea_green', 'cof_pour', 'snk_nuts', 'home_cup']) {
      await openProduct(page, cloud.url, id);
      await tap(page, '#add-to-cart');
    }
    // An interval flush (every 10 s) plus at least one backoff retry while down.
    for (let waited = 0; refused < 2 && waited < 30_000; waited += 250) await page.waitForTimeout(250);
    expect(refused).toBeGreaterThanOrEqual(2);
    expect((await queuedIds(page)).length).toBeGreaterThanOrEqual(8);
    await page.unroute(TRACK);
    let unavailable = 0;
    await page.route(TRACK, (route) => {
      unavailable++;
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ errCode: 503, errMsg: 'cloud.callFunction:fail', error: { code: 'INTERNAL', message: 'unavailable' } }) });
    });
    await page.waitForTimeout(4000);
    await page.unroute(TRACK);

    await waitDrained(page, 90_000);
    const stats = await trackerStats(page);
    const stored = cloudEvents(cloud, OPENID).filter((s) => sent.unique().has(s.eventId));
    expect(stored.map((s) => s.eventId).sort()).toEqual([...sent.unique()].sort());
    expect(new Set(stored.map((s) => s._id)).size).toBe(stored.length);
    expect(sent.ids.length).toBeGreaterThan(sent.unique().size); // the same events were retried…
    expect(stats.duplicate + stats.accepted).toBeGreaterThanOrEqual(sent.unique().size); // …yet stored once
    expect(stats.retries).toBeGreaterThan(0);
    expect(stored.filter((s) => s.name === 'add_to_cart')).toHaveLength(4);
    console.log(`outage: ${refused} refused + ${unavailable} × 503, ${sent.attempts} requests for ${sent.unique().size} events`);
  }, 150_000);

  it('reload with a full queue while the channel is down: nothing is lost', async () => {
    const { page, cloud } = e2e;
    await page.route(TRACK, (route) => route.abort('connectionrefused'));
    for (const id of ['tea_oolong', 'cof_bean', 'home_tray', 'tea_green', 'snk_nuts']) {
      await openProduct(page, cloud.url, id);
      await tap(page, '#fav-btn');
    }
    const before = await queuedIds(page);
    expect(before.length).toBeGreaterThanOrEqual(10);
    await page.reload();
    await page.locator('#add-to-cart >> visible=true').waitFor();
    const after = await queuedIds(page);
    for (const id of before) expect(after).toContain(id); // persisted before track() returned
    await page.unroute(TRACK);
    await waitDrained(page, 90_000);
    const stored = new Set(cloudEvents(cloud, OPENID).map((s) => s.eventId));
    for (const id of before) expect(stored.has(id)).toBe(true);
    expect((await trackerStats(page)).dropped).toMatchObject({ overflow: 0, expired: 0 });
  }, 150_000);
});
