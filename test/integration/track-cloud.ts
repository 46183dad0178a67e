/**
 * The full local cloud with the REAL cloud functions of this repo (track, privacy, rebuild, …),
 * on a free port with a temp data dir and the schema's indexes, for the ingest suites.
 * Also small helpers to call functions as a given customer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyLocalIndexes } from '../../scripts/db/init';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';

/** A full cloud for one ingest test file. */
export interface IngestCloud {
  cloud: FullCloud;
  /** The cloud's data dir (database and stored files). */
  dataDir: string;
  logs: string[];
  /**
   * Send `events` for `openid` as a trusted history import (`track` with `importFor`, SOURCE
   * wx_devtools): purchases and old times are accepted, as an operator's tool may load them.
   */
  importAs<T = unknown>(openid: string, events: unknown[]): Promise<T>;
  /** Call `name` as customer `openid` (identity like a mini-program client). */
  call<T = unknown>(
    name: string,
    event: unknown,
    openid?: string,
    source?: 'wx_client' | 'wx_trigger' | 'wx_devtools',
  ): Promise<T>;
  close(): Promise<void>;
}

/**
 * The catalog of the ingest suites (track rejects behaviour events on products it lacks):
 * p, p1..p9 in category c/c1, q1..q9 in c2 — the ids {@link ev} and the suites use — and r1 in
 * `cat-01`, an id the id rule allows but no CloudBase field name may be (profiles key interests by it).
 */
export const TEST_CATALOG = [
  { _id: 'p', categoryId: 'c' },
  ...Array.from({ length: 9 }, (_, i) => ({ _id: `p${i + 1}`, categoryId: 'c1' })),
  ...Array.from({ length: 9 }, (_, i) => ({ _id: `q${i + 1}`, categoryId: 'c2' })),
  { _id: 'r1', categoryId: 'cat-01' },
].map((p) => ({ ...p, name: `商品${p._id}`, categoryName: `类目${p.categoryId}`, priceFen: 1000, stock: 100 }));

/** Starts the cloud with the repo's functions and {@link TEST_CATALOG} (unless `catalog: false`); timers off. */
export async function startIngestCloud(
  maxInstances = 4,
  o: { catalog?: boolean; maxAnswerBytes?: number } = {},
): Promise<IngestCloud> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-ingest-'));
  const logs: string[] = [];
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    timers: false,
    maxInstances,
    log: (fn, line) => logs.push(`[${fn}] ${line}`),
    maxAnswerBytes: o.maxAnswerBytes,
  });
  await applyLocalIndexes(cloud.db);
  await cloud.db.ensureIndex('profiles', 'pendingCount');
  if (o.catalog !== false) await cloud.db.collection('products').insert(TEST_CATALOG);
  return {
    cloud,
    dataDir: path.join(root, 'data'),
    logs,
    importAs: (openid, events) =>
      cloud.invokeFunction('track', { events, importFor: openid }, { source: 'wx_devtools' }) as Promise<never>,
    call: (name, event, openid, source = 'wx_client') =>
      cloud.invokeFunction(name, event, { openid, source }) as Promise<never>,
    async close() {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/**
 * An ingest cloud with one staff member, and this process's real SDK pointed at it (signing with
 * the run's credentials) — the setup of the refit suites, which act as timer, staff and tools.
 */
export async function startStaffCloud(staff: string, maxInstances = 3): Promise<IngestCloud> {
  const c = await startIngestCloud(maxInstances);
  await c.cloud.db.collection('admins').insert({ _id: staff, role: 'staff' });
  Object.assign(process.env, c.cloud.sdkEnv());
  return c;
}

/**
 * A valid tracked event (defaults: a product view now, in a session id shaped like the tracker's:
 * `s` + base36 time + `-` + 8 chars, so every ingest suite stores a key that needs the encoding).
 */
export function ev(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    eventId: `e${seq}x${Math.random().toString(36).slice(2, 8)}`,
    name: 'product_view',
    seq,
    deviceId: 'dev1',
    sessionId: 'smiu2k1x0-sess0001',
    clientTs: Date.now(),
    props: { productId: 'p1', categoryId: 'c1' },
    ...over,
  };
}
