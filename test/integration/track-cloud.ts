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
  logs: string[];
  /** Call `name` as customer `openid` (identity like a mini-program client). */
  call<T = unknown>(
    name: string,
    event: unknown,
    openid?: string,
    source?: 'wx_client' | 'wx_trigger' | 'wx_devtools',
  ): Promise<T>;
  close(): Promise<void>;
}

/** Starts the cloud with the repo's functions; timers off. */
export async function startIngestCloud(maxInstances = 4): Promise<IngestCloud> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-ingest-'));
  const logs: string[] = [];
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    timers: false,
    maxInstances,
    log: (fn, line) => logs.push(`[${fn}] ${line}`),
  });
  await applyLocalIndexes(cloud.db);
  await cloud.db.ensureIndex('profiles', 'pendingCount');
  return {
    cloud,
    logs,
    call: (name, event, openid, source = 'wx_client') =>
      cloud.invokeFunction(name, event, { openid, source }) as Promise<never>,
    async close() {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A valid tracked event (defaults: a product view now). */
export function ev(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    eventId: `e${seq}x${Math.random().toString(36).slice(2, 8)}`,
    name: 'product_view',
    seq,
    deviceId: 'dev1',
    sessionId: 'sess1',
    clientTs: Date.now(),
    props: { productId: 'p1', categoryId: 'c1' },
    ...over,
  };
}
