/**
 * `npm run bench -- dispatch [customers=600] [profiles=100000]`
 * 1. Throughput: sends/s of the real dispatch function against the full local cloud, and the
 *    database requests it makes per send.
 * 2. Safety: a run with injected faults — WeChat "system busy" on 10% of sends, four concurrent
 *    dispatchers whose 1 s leases expire mid-page, and one instance SIGKILLed mid-page — then
 *    `duplicates` and `sent_without_grant` counted on WeChat's side (both must be 0).
 * 3. Admin segment-stats latency (the `segments` action, aggregate stages) over 100,000 profiles.
 */
import { encodeOpenApiResponse } from '../local-cloud/openapi/proto';
import { countDatabaseRequests } from './_ingest-measure';
import { campaignDoc, invariants, makeCustomers, seedShop, startFixtureCloud, STAFF, type Fixture } from '../../test/integration/dispatch-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function drain(fx: Fixture, event: Record<string, unknown>): Promise<number> {
  let invocations = 0;
  for (let i = 0; i < 200; i++) {
    invocations++;
    await fx.cloud.invokeFunction('dispatch', { action: 'run', ...event }, {}).catch(() => null);
    if (fx.cloud.db.collection('campaigns').get('c1')?.status === 'done') return invocations;
    await sleep(100);
  }
  throw new Error('campaign never finished');
}

async function throughput(n: number): Promise<Record<string, number>> {
  const fx = await startFixtureCloud({ maxInstances: 2 });
  try {
    await seedShop(fx.cloud, makeCustomers(n, 'b'));
    await fx.cloud.invokeFunction('dispatch', { action: 'warm-up' }, {});
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c1', { holdoutPct: 0, segments: [] , frequencyCap: { max: 10, windowHours: 24 } }));
    // Database requests the dispatch function makes (a count, unlike sends/s, load does not move it).
    const requests = countDatabaseRequests(fx.cloud.registry);
    const t0 = performance.now();
    const invocations = await drain(fx, { pageSize: 100, ratePerSec: 1000 });
    const s = (performance.now() - t0) / 1000;
    const inv = invariants(fx.cloud);
    const perSend = requests.total().requests / Math.max(1, inv.delivered);
    console.log(`throughput: ${inv.delivered} sends in ${s.toFixed(1)} s (${invocations} invocations), ${perSend.toFixed(2)} database requests a send`);
    return { sends: inv.delivered, seconds: Number(s.toFixed(2)), sends_per_s: Number((inv.delivered / s).toFixed(1)), db_requests_per_send: Number(perSend.toFixed(2)), duplicates: inv.duplicates, sent_without_grant: inv.sent_without_grant };
  } finally {
    await fx.close();
  }
}

async function faults(n: number): Promise<Record<string, number>> {
  const fx = await startFixtureCloud({ maxInstances: 4 });
  try {
    await seedShop(fx.cloud, makeCustomers(n, 'x'));
    await fx.cloud.db.collection('campaigns').insert(campaignDoc('c1', { holdoutPct: 10 }));
    const real = fx.cloud.registry.resolve('wx.openApi')!;
    let seed = 7;
    let injected = 0;
    fx.cloud.registry.register('wx.openApi', async (req) => {
      if (((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) < 0.1) {
        injected++;
        return { kind: 'binary', body: encodeOpenApiResponse({ errcode: -1, errmsg: 'system error' }), contentType: 'application/octet-stream' };
      }
      return real(req);
    });
    await fx.cloud.invokeFunction('dispatch', { action: 'warm-up' }, {});
    const ev = { action: 'run', pageSize: 60, ratePerSec: 20, leaseMs: 1000, baseDelayMs: 20 };
    const runs = [0, 1200, 2400, 3600].map((d) => sleep(d).then(() => fx.cloud.invokeFunction('dispatch', ev, {}).catch(() => null)));
    let killed = 0;
    await sleep(1800);
    const busy = fx.cloud.runtime.instances('dispatch').find((x) => x.state === 'busy' && x.pid);
    if (busy?.pid) {
      process.kill(busy.pid, 'SIGKILL');
      killed++;
    }
    await Promise.all(runs);
    await sleep(1100);
    await drain(fx, { pageSize: 60, leaseMs: 1000 });
    const inv = invariants(fx.cloud);
    const unknown = fx.cloud.db.collection('outbox').count({ status: 'unknown' });
    console.log(`faults: delivered=${inv.delivered} injected_busy=${injected} killed=${killed} unknown=${unknown} duplicates=${inv.duplicates} sent_without_grant=${inv.sent_without_grant}`);
    return { fault_run_delivered: inv.delivered, injected_transient: injected, killed_instances: killed, concurrent_dispatchers: 4, unknown_outcomes: unknown, duplicates: inv.duplicates, sent_without_grant: inv.sent_without_grant };
  } finally {
    await fx.close();
  }
}

async function segmentStats(n: number): Promise<Record<string, number>> {
  const fx = await startFixtureCloud({ maxInstances: 1 });
  try {
    const db = fx.cloud.db;
    await db.collection('admins').insert({ _id: STAFF, role: 'staff' });
    const t0 = performance.now();
    for (let i = 0; i < n; i += 2000) {
      const docs = [];
      for (let j = i; j < Math.min(n, i + 2000); j++) {
        docs.push({
          _id: `p${String(j).padStart(7, '0')}`, openid: `p${j}`, rev: 1, segment: 1 + (j % 8),
          d: { d20261120: { e: 2, c: { [`c${j % 13}`]: 1 + (j % 3) } }, d20261121: { e: 1, c: { [`c${j % 7}`]: 2 } } },
          features: { recency_days: j % 400, frequency_90d: j % 9, monetary_90d: (j % 50) * 10, sessions_30d: j % 12, product_views_30d: j % 40, cart_conversion_90d: (j % 10) / 10, sentiment_mean: (j % 100) / 100, days_since_active: j % 60 },
        });
      }
      await db.collection('profiles').insert(docs);
    }
    console.log(`seeded ${n} profiles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const call = async (refresh: boolean): Promise<number> => {
      const t = performance.now();
      const r = (await fx.cloud.invokeFunction('admin', { action: 'segments', refresh }, { openid: STAFF, source: 'wx_client' })) as { ok: boolean; data?: { population: { size: number }; cached: boolean } };
      if (!r.ok || r.data?.population.size !== n || r.data.cached === refresh) throw new Error(`segments failed: ${JSON.stringify(r).slice(0, 300)}`);
      return performance.now() - t;
    };
    await call(true); // warm the instance and the bundle
    const full: number[] = [];
    for (let k = 0; k < 3; k++) full.push(await call(true));
    const cached: number[] = [];
    for (let k = 0; k < 5; k++) cached.push(await call(false));
    console.log(`admin segments over ${n} profiles: recompute ${full.map((x) => x.toFixed(0)).join(', ')} ms; snapshot ${cached.map((x) => x.toFixed(0)).join(', ')} ms`);
    return { segment_stats_profiles: n, segment_stats_recompute_ms_median: Math.round(median(full)), segment_stats_cached_ms_median: Math.round(median(cached)) };
  } finally {
    await fx.close();
  }
}

export default {
  defaultRepeats: 3,
  async run(args: string[]): Promise<Record<string, unknown>> {
    const customers = Number(args[0] ?? 600);
    const profiles = Number(args[1] ?? 100_000);
    const t = await throughput(customers);
    const f = await faults(Math.round(customers / 2));
    const s = await segmentStats(profiles);
    return { ...t, ...f, duplicates: t.duplicates + f.duplicates, sent_without_grant: t.sent_without_grant + f.sent_without_grant, ...s };
  },
};
