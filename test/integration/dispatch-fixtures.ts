/**
 * Fixtures shared by the dispatch/admin integration, fault and bench suites: a full local cloud
 * (real functions, real wx-server-sdk, WeChat-side subscribe service) seeded with a small shop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud, type FullCloudOptions } from '../../scripts/local-cloud/cloud';
import { WX_OUTBOX } from '../../scripts/local-cloud/openapi/wx-state';
import { priceDropCampaign } from '../../cloudfunctions/common/campaign/testing/price-drop-campaign';

/** Staff identity seeded in `admins`. */
export const STAFF = 'staff_demo';
/** The template campaigns use in fixtures. */
export const TPL = 'tpl_price_drop';

/** A started cloud plus its temp dir. */
export interface Fixture {
  cloud: FullCloud;
  close(): Promise<void>;
}

/**
 * Starts a full local cloud on a free port with a fresh data dir (timers off unless asked).
 * Function output is dropped unless `QX_TEST_FN_LOG=1` (then it goes to stderr).
 */
export async function startFixtureCloud(
  opts: { timers?: boolean; maxInstances?: number } & Pick<FullCloudOptions, 'chainOpenid'> = {},
): Promise<Fixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-dispatch-'));
  const cloud = await startFullCloud({
    dataDir,
    timers: opts.timers ?? false,
    maxInstances: opts.maxInstances ?? 4,
    chainOpenid: opts.chainOpenid,
    log: process.env.QX_TEST_FN_LOG ? (fn, l) => process.stderr.write(`[fn:${fn}] ${l}\n`) : () => undefined,
  });
  return {
    cloud,
    async close() {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      // The runtime bundles functions per data dir under .qx/functions-tmp: remove ours too.
      fs.rmSync(path.resolve(__dirname, '../../.qx/functions-tmp', path.basename(dataDir)), {
        recursive: true,
        force: true,
      });
    },
  };
}

/** One seeded customer. */
export interface SeedCustomer {
  openid: string;
  segment: number;
  consent: 'granted' | 'withdrawn' | 'none';
  personalization: boolean;
  /** One-time grants accepted for {@link TPL} (recorded at WeChat AND, by its push, in our ledger). */
  grants: number;
}

/** Segment names the seeded profiles carry (index = segment id 1..3; they need not exist in the shipped model). */
export const SEED_SEGMENT_NAMES = ['', '沉睡/流失风险', '活跃买家·近期高消费', '新客'];

/** The features {@link seedShop} gives every member of segment `segment` (tests derive expected stats from them). */
export const seededFeatures = (segment: number) => ({
  sentiment_mean: 0.1 + segment * 0.2,
  recency_days: segment * 30,
  frequency_90d: 4 - segment,
  monetary_90d: 400 - segment * 100,
});

/** `n` customers with a deterministic mix of segments, consents and grants. */
export function makeCustomers(n: number, prefix = 'cust'): SeedCustomer[] {
  return Array.from({ length: n }, (_, i) => ({
    openid: `${prefix}${String(i).padStart(6, '0')}`,
    segment: 1 + (i % 3),
    consent: i % 17 === 5 ? 'withdrawn' : i % 23 === 7 ? 'none' : 'granted',
    personalization: i % 11 !== 3,
    grants: i % 7 === 2 ? 0 : 1 + (i % 2),
  }));
}

/** Seeds staff, a product, customers' profiles/consents, and their grants on both sides. */
export async function seedShop(
  cloud: FullCloud,
  customers: SeedCustomer[],
  /** `recordViaFunction`: grants reach the ledger through WeChat's popup push (the wxpush function). */
  opts: { recordViaFunction?: boolean } = {},
): Promise<void> {
  const db = cloud.db;
  await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  await db
    .collection('products')
    .insert({ _id: 'p1', name: '有机高山绿茶', priceFen: 5800, categoryId: 'tea' })
    .catch(() => undefined);
  const now = Date.now();
  const profiles = customers.map((c) => ({
    _id: c.openid,
    openid: c.openid,
    rev: 1,
    d: {},
    segment: c.segment,
    segmentName: SEED_SEGMENT_NAMES[c.segment],
    segmentedAt: now,
    features: seededFeatures(c.segment),
  }));
  const consents = customers
    .filter((c) => c.consent !== 'none')
    .map((c) => ({
      _id: c.openid,
      version: 1,
      granted: c.consent === 'granted',
      grantedAt: now - 86400_000,
      ...(c.consent === 'withdrawn' ? { withdrawnAt: now - 3600_000 } : {}),
      personalization: c.personalization,
    }));
  for (let i = 0; i < profiles.length; i += 500)
    await db.collection('profiles').insert(profiles.slice(i, i + 500));
  for (let i = 0; i < consents.length; i += 500)
    await db.collection('consents').insert(consents.slice(i, i + 500));
  for (const c of customers) {
    for (let g = 0; g < c.grants; g++) {
      // WeChat registers the grant; with `recordViaFunction` its popup push feeds our ledger
      // through the wxpush function, otherwise the ledger is seeded directly below (fast).
      await cloud.subscribe.registerGrants(c.openid, { [TPL]: 'accept' }, { push: !!opts.recordViaFunction });
    }
    if (!opts.recordViaFunction && c.grants > 0) {
      await db
        .collection('grants')
        .insert({
          _id: `${c.openid}:${TPL}`,
          openid: c.openid,
          templateId: TPL,
          available: c.grants,
          accepted: c.grants,
          rejected: 0,
          consumed: 0,
          lastResultAt: now,
        });
    }
  }
}

/** A campaign document ready for the dispatcher (as the admin function saves it). */
export function campaignDoc(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return priceDropCampaign({
    _id: id,
    name: `测试活动 ${id}`,
    holdoutPct: 10,
    status: 'scheduled',
    createdBy: STAFF,
    createdAt: now,
    updatedAt: now,
    nextRunAt: now,
    ...over,
  });
}

/**
 * `count` saved rule segments newer than one saved at `after` (ms), matching no one
 * (`monetary_90d` ≥ 10,000 yuan), `rule_n00000`… Pairs share an `updatedAt`, so a page order must
 * break ties by `_id`, neither repeating nor skipping a rule.
 */
export function newerRules(count: number, after: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `rule_n${String(i).padStart(5, '0')}`,
    name: `新规则${i}`,
    version: 1,
    include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 1_000_000 }] },
    createdBy: STAFF,
    createdAt: after + 1 + i,
    updatedAt: after + 1 + Math.floor(i / 2),
    updatedBy: STAFF,
  }));
}

/** WeChat-side outbox entries (what WeChat actually received). */
export function wxOutbox(
  cloud: FullCloud,
): Array<{ touser: string | null; page: string | null; errcode: number }> {
  return cloud.db.collection(WX_OUTBOX).find({}, { limit: 1_000_000 }) as never;
}

/**
 * The two invariants, counted on WeChat's side: duplicates = deliveries beyond the first per
 * (campaign, customer); sent_without_grant = attempts WeChat refused for lack of a grant (43101)
 * plus deliveries our ledger never consumed a grant for.
 */
export function invariants(cloud: FullCloud): {
  delivered: number;
  duplicates: number;
  sent_without_grant: number;
} {
  const seen = new Map<string, number>();
  let delivered = 0;
  let noGrant = 0;
  for (const e of wxOutbox(cloud)) {
    if (e.errcode === 43101) noGrant++;
    if (e.errcode !== 0) continue;
    delivered++;
    const campaign = /campaignId=([^&]+)/.exec(e.page ?? '')?.[1] ?? '?';
    const k = `${campaign}:${e.touser}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const consumed = cloud.db
    .collection('grants')
    .find({}, { limit: 1_000_000 })
    .reduce((s, g) => s + Number(g.consumed ?? 0), 0);
  const duplicates = [...seen.values()].reduce((s, n) => s + n - 1, 0);
  return { delivered, duplicates, sent_without_grant: noGrant + Math.max(0, delivered - consumed) };
}
