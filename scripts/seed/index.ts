/**
 * `seedDemoShop`: fills a fresh local cloud with a demo shop — catalog (`products`), the merchant
 * staff account `staff_demo` (`admins`), customers who consented (privacy.setConsent, through the
 * real function, over the h5 gateway), their events replayed through the REAL track function as
 * a trusted history import over the SDK (so profiles, review sentiment and everything downstream
 * are computed by production code),
 * and a few customers who opted out of personalised pushes. Real data from `sharedDataDir` when
 * given; a generated shop otherwise (customers.ts, generated.ts). About a minute on a busy 2-core
 * machine: 72 s for the 1,250 customers of the real-data shop, 37 s for the generated one (load ~9).
 */
import { unitPriceDistribution } from '../replay/prices';
import { gatewayInvoker, sdkImporter, type Invoker } from '../replay/invoker';
import { grantConsents, replay } from '../replay/replay';
import { readCdnow, readTaobao } from '../replay/sources';
import { DEMO_STAFF, DEMO_STAFF_NAME } from './first-refit';
import { buildCatalog } from './catalog';
import { demoConsentTimes, withDemoOpenids } from './demo-identities';
import { planDemoEvents } from './customers';
import { loadReviews } from './reviews';
import { sdkDatabase } from './sdk-db';
import type { CloudCredentials } from '../local-cloud/auth/credentials';

/** Options of {@link seedDemoShop}. */
export interface SeedOptions {
  /** Base URL of the running local cloud, e.g. http://127.0.0.1:8600 */
  cloudUrl: string;
  /** The cloud's API credentials (`cloud.credentials`, or `readCredentials(dataDir)`). */
  credentials: CloudCredentials;
  /** `../shared/data`, or null for the generated shop. */
  sharedDataDir: string | null;
  onProgress?: (info: { stage: string; done: number; total: number }) => void;
  /** Override how functions are called as a customer (default: the h5 gateway of `cloudUrl`). */
  invoker?: Invoker;
  /** Override the operator channel of the history import (default: the SDK against `cloudUrl`). */
  importer?: Invoker;
  /** Scale knobs (defaults: 250 Taobao customers × ≤ 40 events, 1,000 CDNOW customers). */
  taobaoCustomers?: number;
  perCustomer?: number;
  cdnowCustomers?: number;
}

/** What was seeded. */
export interface SeedSummary {
  source: 'shared-data' | 'generated';
  products: number;
  categories: number;
  customers: number;
  events: number;
  accepted: number;
  reviews: number;
  personalizationOff: number;
  admins: string[];
  ms: number;
}

/** Seeds the demo shop; idempotent for products/admins (overwrites), events dedupe by id. */
export async function seedDemoShop(o: SeedOptions): Promise<SeedSummary> {
  const t0 = Date.now();
  const progress = (stage: string, done: number, total: number) => o.onProgress?.({ stage, done, total });
  const taobao = o.sharedDataDir ? readTaobao(o.sharedDataDir) : null;
  const cdnow = o.sharedDataDir ? readCdnow(o.sharedDataDir) : null;
  const prices = cdnow ? unitPriceDistribution(cdnow) : [];
  const catalog = buildCatalog(taobao, prices);
  const db = sdkDatabase(o.cloudUrl, o.credentials);
  for (let i = 0; i < catalog.length; i += 100) {
    const part = catalog.slice(i, i + 100);
    await Promise.all(
      part.map(({ _id, sourceCategory: _s, ...doc }) =>
        db.collection('products').doc(_id).set({ data: doc }),
      ),
    );
    progress('products', Math.min(i + 100, catalog.length), catalog.length);
  }
  await db
    .collection('admins')
    .doc(DEMO_STAFF)
    .set({ data: { role: 'staff', name: DEMO_STAFF_NAME, createdAt: Date.now() } });
  // A shop's customers have openids, and agreed when they first opened the app (demo-identities.ts).
  const planned = planDemoEvents({
    taobao,
    cdnow,
    catalog,
    prices,
    now: Date.now(),
    reviews: loadReviews(o.sharedDataDir, 400),
    taobaoCustomers: o.taobaoCustomers,
    perCustomer: o.perCustomer,
    cdnowCustomers: o.cdnowCustomers,
  });
  const events = withDemoOpenids(planned);
  const invoke = o.invoker ?? gatewayInvoker(o.cloudUrl);
  const customers = [...new Set(events.map((e) => e.openid))];
  await grantConsents(customers, invoke, 8);
  // Agreed through the real function (now), then dated as the customer agreed: just before their
  // first event, which the history import dates up to years back.
  const agreed = [...demoConsentTimes(events)];
  for (let i = 0; i < agreed.length; i += 8)
    await Promise.all(agreed.slice(i, i + 8).map(([openid, grantedAt]) => db.collection('consents').doc(openid).update({ data: { grantedAt } })));
  progress('consents', customers.length, customers.length);
  const optOut = customers.filter((_, i) => i % 10 === 3);
  for (const openid of optOut)
    await invoke('privacy', { action: 'setPersonalization', enabled: false }, openid);
  // The demo history (purchases included, up to months back) is a trusted import: on the client
  // path purchases are server facts and old event times are floored.
  const r = await replay(events, invoke, {
    importer: o.importer ?? sdkImporter(o.cloudUrl, o.credentials),
    consent: false,
    concurrency: 8,
    onProgress: (d, t) => progress('events', d, t),
  });
  if (r.failedCalls > 0)
    throw new Error(`seeding: ${r.failedCalls} track calls failed: ${JSON.stringify(r.errors)}`);
  return {
    source: taobao ? 'shared-data' : 'generated',
    products: catalog.length,
    categories: new Set(catalog.map((p) => p.categoryId)).size,
    customers: customers.length,
    events: events.length,
    accepted: r.accepted,
    reviews: events.filter((e) => e.event.name === 'review_submit').length,
    personalizationOff: optOut.length,
    admins: ['staff_demo'],
    ms: Date.now() - t0,
  };
}
