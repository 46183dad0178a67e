/**
 * What the admin e2e suites share: the shop they seed (products, one staff member, 14 consenting
 * customers in three segments, each with one grant of TPL, three segment runs) and page helpers.
 */
import type { Page } from 'playwright-core';
import { priceDropCampaign } from '../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { seedProducts, signIn, startE2e, type E2e } from './helpers';

export const STAFF = 'staff_demo';
export const TPL = 'tpl_price_drop';
export const CUSTOMERS = Array.from({ length: 14 }, (_, i) => ({
  openid: `cust_e2e_${String(i).padStart(2, '0')}`,
  segment: 1 + (i % 3),
}));
export const NAMES: Record<number, string> = { 1: '沉睡/流失风险', 2: '活跃买家·近期高消费', 3: '新客' };

/** Products, staff, 14 consenting customers in 3 segments with one grant each, and 3 segment runs. */
export async function seed(cloud: FullCloud): Promise<void> {
  await seedProducts(cloud);
  const db = cloud.db;
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  const now = Date.now();
  await db.collection('profiles').insert(
    CUSTOMERS.map((c, i) => ({
      _id: c.openid,
      openid: c.openid,
      rev: 1,
      d: { d20261120: { e: 3, pv: 2, c: { ctea: 2 + i, ccoffee: i % 4 } } },
      segment: c.segment,
      segmentName: NAMES[c.segment],
      segmentedAt: now,
      features: {
        recency_days: 10 * c.segment,
        frequency_90d: 4 - c.segment,
        monetary_90d: 300 / c.segment,
        sessions_30d: 2 + (i % 5),
        product_views_30d: 3 + i,
        cart_conversion_90d: 0.3,
        sentiment_mean: (i % 10) / 10 + 0.05,
        days_since_active: c.segment * 3,
      },
    })),
  );
  await db.collection('consents').insert(
    CUSTOMERS.map((c) => ({
      _id: c.openid,
      version: 1,
      granted: true,
      grantedAt: now,
      personalization: true,
    })),
  );
  await db.collection('segment_runs').insert(
    [3, 2, 1].map((k, j) => ({
      _id: `run${j}`,
      finishedAt: now - k * 86400_000,
      modelVersion: 'seg-test',
      distribution: { 1: 5 + j, 2: 5 - j, 3: 4 },
      psi: j === 2 ? 0.12 : 0.01,
    })),
  );
  await grantOnce(
    cloud,
    CUSTOMERS.map((c) => c.openid),
  );
}

/**
 * Starts each test on the shop as {@link seed} leaves it, in the suite's running cloud and browser:
 * every collection emptied (WeChat's own records too), the functions' warm instances stopped (their
 * caches, e.g. the campaign editor's audience, would outlive the data), the browser's cookies and
 * storage cleared (the app's consent and tracker queue live there), then seeded again. Much cheaper
 * than a new cloud and browser per test.
 */
export async function freshShop(e2e: E2e): Promise<void> {
  await e2e.cloud.push.drain();
  for (const name of e2e.cloud.db.collections()) await e2e.cloud.db.collection(name).remove({});
  await e2e.cloud.runtime.recycle();
  const context = e2e.page.context();
  await context.clearCookies();
  await e2e.page.goto(`${e2e.cloud.url}/dev/login`);
  await e2e.page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await seed(e2e.cloud);
}

/**
 * The admin suites' shop in a fresh local cloud and browser for the whole `describe` (started in
 * beforeAll, closed in afterAll); `staff` also signs the browser in as staff first. `each`: every
 * test starts on a freshly seeded shop ({@link freshShop}), so none depends on what another did
 * or on their order.
 */
export function adminSuite(opts: { staff?: boolean; each?: boolean } = {}): { readonly e2e: E2e } {
  let started: E2e | undefined;
  beforeAll(async () => {
    started = await startE2e({ openid: null, seed: opts.each ? undefined : seed, viewport: { width: 420, height: 900 } });
    if (opts.staff && !opts.each) await signIn(started.page.context(), started.cloud, STAFF);
  }, 300_000);
  if (opts.each)
    beforeEach(async () => {
      await freshShop(started!);
      if (opts.staff) await signIn(started!.page.context(), started!.cloud, STAFF);
    }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  return {
    get e2e() {
      if (!started) throw new Error('adminSuite: used outside a test');
      return started;
    },
  };
}

/** Each customer accepts one one-time notice of TPL (as the subscribe dialog would record it). */
export async function grantOnce(cloud: FullCloud, openids: string[]): Promise<void> {
  for (const openid of openids) {
    // WeChat registers the one-time grant and pushes the popup event: wxpush feeds our ledger.
    await cloud.subscribe.registerGrants(openid, { [TPL]: 'accept' });
  }
}

/** True once the visible chart labelled `label` has drawn pixels on its canvas (polls up to 60 s). */
export async function canvasInked(page: Page, label: string): Promise<boolean> {
  const inked = (l: string) => {
    const host = [...document.querySelectorAll(`[aria-label="${l}"]`)].find(
      (e) => (e as HTMLElement).offsetParent !== null,
    );
    const c = host?.querySelector('canvas') as HTMLCanvasElement | null;
    if (!c || !c.width) return false;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n > 200;
  };
  return page
    .waitForFunction(inked, label, { timeout: 60_000, polling: 250 })
    .then(() => true)
    .catch(() => false);
}

/** Value timer ticks until a scoring pass has finished (the day's refit, then its pass); false after `limit`. */
export async function valueTimerUntilScored(cloud: FullCloud, limit: number): Promise<boolean> {
  const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
  for (let i = 0; i < limit; i++) {
    const r = (await cloud.invokeFunction('value', timer, { source: 'wx_trigger' })) as {
      data?: { score?: { status: string } };
    };
    if (r.data?.score?.status === 'succeeded') return true;
  }
  return false;
}

/** The first visible element matching `sel`. */
export const visible = (page: Page, sel: string) => page.locator(`${sel} >> visible=true`).first();

/** Saves a price-drop campaign for tea_green named `name`, as staff's editor saves a draft (through the admin function). */
export async function saveDraftCampaign(cloud: FullCloud, name: string): Promise<void> {
  const campaign = priceDropCampaign({ name, productId: 'tea_green', page: 'pages/product/index?id=tea_green' });
  const saved = (await cloud.invokeFunction('admin', { action: 'campaignSave', campaign }, { openid: STAFF, source: 'wx_client' })) as { error?: unknown };
  if (saved.error) throw new Error(`campaignSave refused ${name}: ${JSON.stringify(saved.error)}`);
}
