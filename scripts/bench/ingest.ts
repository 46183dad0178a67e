/**
 * `npm run bench -- ingest [events=50000] [instances=2] [concurrency=8] [via=gateway|invoke]
 *  [--runs=3] [--customers=200] [--small-events=8000] [--flush-interval-ms=N]`
 *
 * End to end through the REAL track function of a full local cloud — over the h5 gateway with a dev
 * session per customer (like the h5 app; or in-process `invokeFunction`), where the function's
 * esbuild bundle runs in the instance pool and writes through the real wx-server-sdk. Two modes,
 * each run `--runs` times on one warm cloud with fresh customers, medians reported:
 *
 * - backlog: resampled Taobao events (seeded) in full batches (≤ 100 events) per customer — what a
 *   phone sends when it drains a queue after an outage;
 * - small batches (realistic): `--customers` customers at once, each sending batches whose sizes
 *   are drawn from the distribution the REAL tracker produces under its flush policy while someone
 *   browses (see _tracker-batches.ts; mean 6.1 with flush at 20 events / 10 s, 3.4 with the old
 *   5 s: `--flush-interval-ms=5000`), interleaved so the
 *   calls in flight belong to different customers.
 *
 * Per mode: events/s, batch p50/p99, database requests per event (counted where the local cloud
 * answers `/admin` database actions, per action), CPU ms per event in the track instances
 * (function + SDK + IPC, /proc) and in the cloud process (HTTP, gateway, database). Then a
 * baseline: the same pipeline in this process through the real SDK, sequential, with the time per
 * storage-port call (= per database request) — where a batch's time goes. Consents are set first,
 * in small-batch mode each customer's first batch (it writes the profile's consent mirror) is sent
 * untimed, and instances are warmed by untimed calls. The machine may be shared: the load average is printed
 * with every run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedCatalog } from '../../cloudfunctions/common/catalog/catalog-cache';
import { wxCatalog } from '../../cloudfunctions/common/catalog/wx-catalog';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { wxConsentStore, wxDeadLetterStore, wxEventStore, wxProfileStore } from '../../cloudfunctions/common/db/wx-ports';
import { handleTrack } from '../../cloudfunctions/track/pipeline';
import type { TrackPorts } from '../../cloudfunctions/track/context';
import { applyLocalIndexes } from '../db/init';
import { startFullCloud, type FullCloud } from '../local-cloud/cloud';
import { gatewayInvoker, inProcessInvoker, type Invoker } from '../replay/invoker';
import { mapTaobao } from '../replay/map-events';
import { resampleTaobao } from '../replay/resample';
import { grantConsents, quantile, toBatches } from '../replay/replay';
import { rng } from '../replay/rng';
import { readTaobao, type TaobaoRow } from '../replay/sources';
import { sdkDatabase } from '../seed/sdk-db';
import type { CloudCredentials } from '../local-cloud/auth/credentials';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { countDatabaseRequests, median, procCpuSeconds, sendBatches, type Batch, type DbCounter } from './_ingest-measure';
import { trackerBatchSizes } from './_tracker-batches';

const flagOf = (args: string[], name: string, dflt: number): number => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};

/** Small batches: `customers` customers, sizes drawn from `sizes`, interleaved across customers. */
function smallBatches(rows: readonly TaobaoRow[], n: number, customers: number, sizes: number[], seed: number, prefix: string): Batch[] {
  const rand = rng(seed);
  const per = new Map<string, unknown[]>();
  mapTaobao(resampleTaobao(rows, n, { seed, prefix }), [], { prefix }).forEach((e, i) => {
    const who = `${prefix}c${i % customers}`;
    if (!per.has(who)) per.set(who, []);
    // One browsing session per bench customer: its events come from many Taobao users' days, and a
    // customer with dozens of sessions a day is refused past the cap (track/steps/cap-sessions.ts).
    per.get(who)!.push({ ...e.event, sessionId: `s${who}` });
  });
  const queues = [...per].map(([openid, evs]) => {
    const out: Batch[] = [];
    for (let i = 0; i < evs.length; ) {
      const k = sizes[Math.floor(rand() * sizes.length)];
      out.push({ openid, events: evs.slice(i, i + k) });
      i += k;
    }
    return out;
  });
  const out: Batch[] = [];
  for (let round = 0; queues.some((q) => q.length > round); round++) for (const q of queues) if (q[round]) out.push(q[round]);
  return out;
}

/** One timed mode run: figures per event. */
async function measure(cloud: FullCloud, db: DbCounter, invoke: Invoker, all: Batch[], concurrency: number, warmCustomers: boolean) {
  await seedBenchCatalog(cloud, all);
  await grantConsents(new Set(all.map((b) => b.openid)), invoke, concurrency);
  // Small batches: each customer's first batch after consenting is sent untimed (it reads the
  // consent record and writes the profile's consent mirror — once per customer, see
  // track/steps/open-batch.ts); the timed run is the steady state of customers already using the app.
  const first = new Map<string, Batch>();
  if (warmCustomers) for (const b of all) if (!first.has(b.openid)) first.set(b.openid, b);
  const warm = new Set(first.values());
  await sendBatches([...warm], invoke, concurrency);
  const batches = all.filter((b) => !warm.has(b));
  const pids = () => cloud.runtime.instances('track').map((i) => i.pid);
  const fn0 = new Map(pids().map((p) => [p, procCpuSeconds(p)]));
  const cpu0 = process.cpuUsage();
  db.reset();
  const r = await sendBatches(batches, invoke, concurrency);
  const cpu = process.cpuUsage(cpu0);
  const fnCpuMs = pids().reduce<number>((s, p) => s + procCpuSeconds(p) - (fn0.get(p) ?? 0), 0) * 1000;
  const d = db.total();
  const ev = Math.max(1, r.events);
  return {
    eventsPerS: Math.round(r.events / (r.ms / 1000)),
    p50: r.p50,
    p99: r.p99,
    events: r.accepted,
    batches: r.batches,
    seconds: r.ms / 1000,
    failedCalls: r.failedCalls,
    dbPerEvent: d.requests / ev,
    dbPerBatch: d.requests / r.batches,
    dbMsPerBatch: d.ms / r.batches,
    dbByAction: db.byAction(),
    fnCpuMsPerEvent: fnCpuMs / ev,
    cloudCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / ev,
    cloudCpuPct: ((cpu.user + cpu.system) / 1000 / r.ms) * 100,
    meanBatch: r.events / r.batches,
    load: os.loadavg()[0],
  };
}
type Run = Awaited<ReturnType<typeof measure>>;

function print(label: string, r: Run): void {
  const per = Object.entries(r.dbByAction)
    .map(([a, s]) => `${a} ${(s.requests / r.batches).toFixed(2)}/batch ${(s.ms / Math.max(1, s.requests)).toFixed(2)} ms`)
    .join(', ');
  console.log(
    `${label}: ${r.eventsPerS} events/s (${r.events} events, ${r.batches} batches of ${r.meanBatch.toFixed(1)}), batch p50 ${r.p50} ms p99 ${r.p99} ms; ` +
      `db ${r.dbPerEvent.toFixed(2)} requests/event [${per}]; CPU/event: track instances ${r.fnCpuMsPerEvent.toFixed(2)} ms, cloud process ${r.cloudCpuMsPerEvent.toFixed(2)} ms; load ${r.load.toFixed(2)}`,
  );
}

const seeded = new Set<string>();
/**
 * The catalog the bench's customers browse: every product the batches name (track rejects
 * behaviour events on products outside the catalog; the check itself is measured — a warm
 * container's cache answers it without a request). Purchases in the sample stay client events
 * and are rejected as SERVER_FACT (shop.createOrder writes real ones).
 */
async function seedBenchCatalog(cloud: FullCloud, batches: Batch[]): Promise<void> {
  const docs: Array<Record<string, unknown>> = [];
  for (const b of batches)
    for (const e of b.events as Array<{ props?: { productId?: string; categoryId?: string } }>) {
      const p = e.props ?? {};
      if (!p.productId || !p.categoryId || seeded.has(p.productId)) continue;
      seeded.add(p.productId);
      docs.push({ _id: p.productId, categoryId: p.categoryId, name: p.productId, categoryName: p.categoryId, priceFen: 100, stock: 1 });
    }
  for (let i = 0; i < docs.length; i += 1000) await cloud.db.collection('products').insert(docs.slice(i, i + 1000));
}

/** Per storage-port call (= one database request) time of the pipeline run in this process. */
async function baseline(cloudUrl: string, credentials: CloudCredentials, batches: Batch[]) {
  const db = new Db(sdkDatabase(cloudUrl, credentials));
  const raw: TrackPorts = {
    events: wxEventStore(db),
    profiles: wxProfileStore(db),
    consents: wxConsentStore(db),
    deadLetters: wxDeadLetterStore(db),
    catalog: cachedCatalog(wxCatalog(db)),
  };
  const calls: Record<string, { n: number; ms: number }> = {};
  const ports = Object.fromEntries(
    Object.entries(raw).map(([store, impl]) => [
      store,
      Object.fromEntries(
        Object.entries(impl as Record<string, (...a: unknown[]) => Promise<unknown>>).map(([m, f]) => [
          m,
          async (...a: unknown[]) => {
            const t = performance.now();
            try {
              return await f(...a);
            } finally {
              const c = (calls[`${store}.${m}`] ??= { n: 0, ms: 0 });
              c.n++;
              c.ms += performance.now() - t;
            }
          },
        ]),
      ),
    ]),
  ) as unknown as TrackPorts;
  const lat: number[] = [];
  let k = 0;
  const t0 = performance.now();
  for (const b of batches) {
    const t = performance.now();
    await handleTrack({ events: b.events }, { openid: b.openid, trust: 'client', now: Date.now(), batchId: `bl${k++}`, ports, scorer: null, log: () => undefined, profile: 'none' });
    lat.push(performance.now() - t);
  }
  const s = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const n = batches.reduce((x, b) => x + b.events.length, 0);
  return { eventsPerS: Math.round(n / s), p50: quantile(lat, 0.5), calls, batches: batches.length };
}

export default {
  async run(args: string[]): Promise<Record<string, unknown>> {
    const pos = args.filter((a) => !a.startsWith('--'));
    const n = Number(pos[0] ?? 50_000);
    const instances = Number(pos[1] ?? 2);
    const concurrency = Number(pos[2] ?? 8);
    const via = pos[3] ?? 'gateway';
    const runs = flagOf(args, 'runs', 3);
    const customers = flagOf(args, 'customers', 200);
    const smallN = flagOf(args, 'small-events', 8_000);
    const dir = sharedDataDir();
    if (!dir) throw new Error('ingest bench needs ../shared/data (the Taobao sample to resample)');
    const rows = readTaobao(dir);
    const interval = flagOf(args, 'flush-interval-ms', 0);
    const dist = await trackerBatchSizes(interval ? { tracker: { flushIntervalMs: interval } } : {});
    console.log(`tracker batch sizes (real Tracker, browsing sessions): mean ${dist.mean.toFixed(2)} events/request, histogram ${JSON.stringify(dist.histogram)}`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-ingest-'));
    const cloud = await startFullCloud({ dataDir: path.join(root, 'data'), buildDir: path.join(root, 'fn'), timers: false, maxInstances: instances, log: () => undefined, prepare: true });
    try {
      await applyLocalIndexes(cloud.db);
      const invoke = via === 'invoke' ? inProcessInvoker(cloud) : gatewayInvoker(cloud.url);
      // Warm-up (not timed): rounds of `instances` concurrent calls start every instance and warm its code paths.
      const warm = toBatches(mapTaobao(resampleTaobao(rows, 5_000, { seed: 9, prefix: 'wu' }), [], { prefix: 'wu' })).slice(0, 4 * instances);
      await grantConsents(new Set(warm.map((b) => b.openid)), invoke, concurrency);
      await seedBenchCatalog(cloud, warm);
      const w0 = performance.now();
      for (let i = 0; i < warm.length; i += instances)
        await Promise.all(warm.slice(i, i + instances).map((b) => invoke('track', { events: b.events }, b.openid)));
      const warmupMs = performance.now() - w0;
      const db = countDatabaseRequests(cloud.registry);
      console.log(`warm-up (not timed): ${warm.length} track calls in ${Math.round(warmupMs)} ms; ${runs} runs per mode; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores (shared machine)`);
      const backlog: Run[] = [];
      const small: Run[] = [];
      for (let r = 0; r < runs; r++) {
        const bl = toBatches(mapTaobao(resampleTaobao(rows, n, { seed: 7 + r, prefix: `ig${r}` }), [], { prefix: `ig${r}` }));
        backlog.push(await measure(cloud, db, invoke, bl, concurrency, false));
        print(`run ${r + 1} backlog`, backlog[r]);
        small.push(await measure(cloud, db, invoke, smallBatches(rows, smallN, customers, dist.sizes, 70 + r, `sb${r}`), concurrency, true));
        print(`run ${r + 1} small batches`, small[r]);
      }
      const med = (xs: Run[], f: (r: Run) => number, digits = 2) => Number(median(xs.map(f)).toFixed(digits));
      const blBase = toBatches(mapTaobao(resampleTaobao(rows, 10_000, { seed: 8, prefix: 'bl' }), [], { prefix: 'bl' })).slice(0, 100);
      const sbBase = smallBatches(rows, 1_500, 100, dist.sizes, 80, 'bs');
      await grantConsents(new Set([...blBase, ...sbBase].map((b) => b.openid)), invoke, concurrency);
      await seedBenchCatalog(cloud, [...blBase, ...sbBase]);
      const bBl = await baseline(cloud.url, cloud.credentials, blBase);
      const bSb = await baseline(cloud.url, cloud.credentials, sbBase);
      for (const [label, b] of [['backlog', bBl], ['small batches', bSb]] as const)
        console.log(
          `baseline ${label} (pipeline in-process, real SDK, sequential): ${b.eventsPerS} events/s, p50 ${b.p50.toFixed(1)} ms/batch; per batch: ` +
            Object.entries(b.calls).map(([c, s]) => `${c} ${(s.n / b.batches).toFixed(2)}× ${(s.ms / s.n).toFixed(2)} ms`).join(', '),
        );
      return {
        via,
        runs,
        events: backlog[0].events,
        batches: backlog[0].batches,
        seconds: med(backlog, (r) => r.seconds),
        events_per_s: med(backlog, (r) => r.eventsPerS, 0),
        batch_p50_ms: med(backlog, (r) => r.p50, 1),
        batch_p99_ms: med(backlog, (r) => r.p99, 1),
        failed_calls: backlog.reduce((s, r) => s + r.failedCalls, 0),
        db_requests_per_batch: med(backlog, (r) => r.dbPerBatch),
        db_requests_per_event: med(backlog, (r) => r.dbPerEvent, 3),
        db_handler_ms_per_batch: med(backlog, (r) => r.dbMsPerBatch),
        cloud_process_cpu_pct: med(backlog, (r) => r.cloudCpuPct, 0),
        cpu_ms_per_batch_cloud: med(backlog, (r) => r.cloudCpuMsPerEvent * r.meanBatch, 1),
        cpu_ms_per_batch_instances: med(backlog, (r) => r.fnCpuMsPerEvent * r.meanBatch, 1),
        cpu_ms_per_event_function: med(backlog, (r) => r.fnCpuMsPerEvent, 3),
        baseline_inprocess_events_per_s: bBl.eventsPerS,
        baseline_inprocess_p50_ms: Number(bBl.p50.toFixed(1)),
        small_batch_customers: customers,
        small_batch_mean_events: Number(dist.mean.toFixed(2)),
        small_batch_events_per_s: med(small, (r) => r.eventsPerS, 0),
        small_batch_db_requests_per_event: med(small, (r) => r.dbPerEvent, 3),
        small_batch_p50_ms: med(small, (r) => r.p50, 1),
        small_batch_p99_ms: med(small, (r) => r.p99, 1),
        small_batch_cpu_ms_per_event: med(small, (r) => r.fnCpuMsPerEvent, 3),
        small_batch_cloud_cpu_ms_per_event: med(small, (r) => r.cloudCpuMsPerEvent, 3),
        small_batch_failed_calls: small.reduce((s, r) => s + r.failedCalls, 0),
        small_batch_baseline_inprocess_p50_ms: Number(bSb.p50.toFixed(1)),
        instances,
        concurrency,
        warmup_ms: Math.round(warmupMs),
        goal_events_per_s: 20_000,
        goal_small_batch_events_per_s: 2_000,
        goal_small_batch_db_requests_per_event: 0.5,
        goal_small_batch_p99_ms: 50,
        cores: os.cpus().length,
        load_avg_1m: Number(os.loadavg()[0].toFixed(2)),
        load_avg_1m_runs: [...backlog, ...small].map((r) => Number(r.load.toFixed(2))),
      };
    } finally {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
