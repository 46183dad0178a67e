/**
 * `npm run bench -- localcloud [--docs N] [--queries N] [--sync]`: local cloud database figures through the
 * REAL wx-server-sdk — inserts/s single and batched (100/batch), indexed query p50/p99 over a
 * large collection, $inc updates/s, and the server-side cost of a 100-doc insert.
 *
 * Each figure is its own exported `measure*` function taking an {@link BenchCloud}, so other
 * figures (e.g. function cold/warm invocation latency) can be added to `run` the same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../local-cloud';
import { decode } from '../local-cloud/db/ejson';
import type { Bench } from './main';
import { measureFunctionLatency } from './_function-latency';

/** A local cloud plus the real SDK pointed at it. */
export interface BenchCloud {
  cloud: LocalCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sdk: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: any;
  close(): Promise<void>;
}

/** Start a local cloud on a free port with a temp data dir and init wx-server-sdk against it. */
export async function openBenchCloud(extra: Record<string, unknown> = {}): Promise<BenchCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-'));
  const cloud = await startLocalCloud({ dataDir, ...extra });
  Object.assign(process.env, cloud.sdkEnv(), { SILENCE: 'true' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: 'local' });
  return {
    cloud,
    sdk,
    db: sdk.database(),
    async close() {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The q-quantile (0..1) of `xs` in ms, rounded to µs. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 1000) / 1000;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

const event = (i: number) => ({
  openid: `o${i % 5000}`,
  eventId: `e${i}`,
  type: i % 3 ? 'view' : 'add_to_cart',
  ts: new Date(1_700_000_000_000 + i * 1000),
  props: { sku: `sku${i % 800}`, price: 1990, page: 'pages/product/index' },
});

/** Sequential single-document `add()` calls. */
export async function measureSingleInserts(b: BenchCloud, n = 2000): Promise<Record<string, number>> {
  const c = b.db.collection('bench_single');
  const lat: number[] = [];
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const t = now();
    await c.add({ data: event(i) });
    lat.push(now() - t);
  }
  const secs = (now() - t0) / 1000;
  return { singleInsertsPerSec: Math.round(n / secs), singleInsertP50Ms: quantile(lat, 0.5), singleInsertP99Ms: quantile(lat, 0.99) };
}

/** `add({data: [100 docs]})` calls, sequential and with 4 concurrent writers. */
export async function measureBatchInserts(b: BenchCloud, batches = 200, size = 100): Promise<Record<string, number>> {
  const c = b.db.collection('bench_batch');
  const lat: number[] = [];
  let k = 0;
  const t0 = now();
  for (let j = 0; j < batches; j++) {
    const docs = Array.from({ length: size }, () => event(k++));
    const t = now();
    await c.add({ data: docs });
    lat.push(now() - t);
  }
  const seqSecs = (now() - t0) / 1000;
  const t1 = now();
  const per = Math.ceil(batches / 4);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let j = 0; j < per; j++) await c.add({ data: Array.from({ length: size }, () => event(k++)) });
    }),
  );
  const concSecs = (now() - t1) / 1000;
  return {
    batchSize: size,
    batchedInsertsPerSec: Math.round((batches * size) / seqSecs),
    batchP50Ms: quantile(lat, 0.5),
    batchP99Ms: quantile(lat, 0.99),
    batchedInsertsPerSec4Writers: Math.round((per * 4 * size) / concSecs),
  };
}

/** Server-side cost of one 100-doc insert: EJSON decode + engine insert + LMDB commit (no HTTP, no SDK). */
export async function measureServerInsertCost(b: BenchCloud, batches = 200, size = 100): Promise<Record<string, number>> {
  const { EJSON } = await import('bson');
  const engine = b.cloud.db.engine;
  const lat: number[] = [];
  let k = 10_000_000;
  for (let j = 0; j < batches; j++) {
    const wire = Array.from({ length: size }, () => EJSON.stringify(event(k++), { relaxed: false }));
    const t = now();
    const docs = wire.map((s) => decode(s, 'data') as Record<string, unknown>);
    await engine.insert('bench_server', docs);
    lat.push(now() - t);
  }
  return { server100DocInsertP50Ms: quantile(lat, 0.5), server100DocInsertP99Ms: quantile(lat, 0.99) };
}

/** `where({openid})` on an indexed field of a large collection, through the SDK. */
export async function measureIndexedQuery(b: BenchCloud, docs = 100_000, queries = 1000): Promise<Record<string, number>> {
  const c = b.cloud.db.collection('bench_query');
  for (let i = 0; i < docs; i += 5000) await c.insert(Array.from({ length: Math.min(5000, docs - i) }, (_x, j) => event(i + j)));
  await c.ensureIndex('openid');
  const sdkColl = b.db.collection('bench_query');
  const lat: number[] = [];
  const countLat: number[] = [];
  for (let q = 0; q < queries; q++) {
    const openid = `o${(q * 7919) % 5000}`;
    let t = now();
    const r = await sdkColl.where({ openid }).orderBy('ts', 'desc').limit(20).get();
    lat.push(now() - t);
    if (r.data.length !== docs / 5000) throw new Error(`unexpected result size ${r.data.length}`);
    t = now();
    await sdkColl.where({ openid, type: 'view' }).count();
    countLat.push(now() - t);
  }
  const scanLat: number[] = [];
  for (let q = 0; q < 20; q++) {
    const t = now();
    await sdkColl.where({ 'props.sku': `sku${q}` }).limit(20).get(); // not indexed: full scan
    scanLat.push(now() - t);
  }
  const sortLat: number[] = [];
  for (let q = 0; q < 10; q++) {
    const t = now();
    await sdkColl.orderBy('ts', 'desc').skip(q * 20).limit(20).get(); // whole collection sorted, one page
    sortLat.push(now() - t);
  }
  const groupLat: number[] = [];
  for (let q = 0; q < 5; q++) {
    const t = now();
    await sdkColl.aggregate().group({ _id: '$type', n: b.db.command.aggregate.sum(1) }).limit(1000).end();
    groupLat.push(now() - t);
  }
  return {
    queryDocs: docs,
    sortedPageOfAllP50Ms: quantile(sortLat, 0.5),
    groupAllP50Ms: quantile(groupLat, 0.5),
    indexedQueryP50Ms: quantile(lat, 0.5),
    indexedQueryP99Ms: quantile(lat, 0.99),
    indexedCountP50Ms: quantile(countLat, 0.5),
    indexedCountP99Ms: quantile(countLat, 0.99),
    unindexedScanP50Ms: quantile(scanLat, 0.5),
  };
}

/** Sequential `doc().update({$inc})` calls on one document. */
export async function measureIncUpdates(b: BenchCloud, n = 1000): Promise<Record<string, number>> {
  const c = b.db.collection('bench_inc');
  await c.add({ data: { _id: 'ctr', n: 0 } });
  const _ = b.db.command;
  const lat: number[] = [];
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const t = now();
    await c.doc('ctr').update({ data: { n: _.inc(1) } });
    lat.push(now() - t);
  }
  return { incUpdatesPerSec: Math.round(n / ((now() - t0) / 1000)), incP50Ms: quantile(lat, 0.5), incP99Ms: quantile(lat, 0.99) };
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const durability = args.includes('--sync') ? 'sync' : undefined;
    const b = await openBenchCloud(durability ? { durability } : {});
    try {
      // Wall-clock figures: on a shared 2-core machine they move with the load, so record it.
      const figures: Record<string, unknown> = { durability: durability ?? 'process', loadAvg1mAtStart: Number(os.loadavg()[0].toFixed(2)) };
      const steps: Array<[string, () => Promise<Record<string, unknown>>]> = [
        ['single inserts', () => measureSingleInserts(b, arg(args, 'singles', 2000))],
        ['batched inserts', () => measureBatchInserts(b, arg(args, 'batches', 200))],
        ['server insert cost', () => measureServerInsertCost(b)],
        ['$inc updates', () => measureIncUpdates(b, arg(args, 'incs', 1000))],
        ['indexed query', () => measureIndexedQuery(b, arg(args, 'docs', 100_000), arg(args, 'queries', 1000))],
        ['function cold/warm', () => measureFunctionLatency(arg(args, 'colds', 20), arg(args, 'warms', 500))],
      ];
      for (const [name, step] of steps) {
        const r = await step();
        console.log(`${name}: ${JSON.stringify(r)}`);
        Object.assign(figures, r);
      }
      figures.loadAvg1mAtEnd = Number(os.loadavg()[0].toFixed(2));
      return figures;
    } finally {
      await b.close();
    }
  },
};
export default bench;
