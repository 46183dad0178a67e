/**
 * Test targets for suites that drive the REAL wx-server-sdk.
 *
 * - {@link startTestCloud}: a local cloud on a free port (listen on 0) with a fresh temp data dir.
 * - {@link sdkTarget}: the one place a contract suite's target is chosen. With `QX_CLOUD_ENV` and
 *   `TENCENTCLOUD_SECRETID/SECRETKEY` set it targets that real CloudBase env (TCB_CONTEXT_CNFG is
 *   NOT set); otherwise it starts a local cloud and points the SDK at it.
 *
 * How the SDK is pointed (checked with wx-server-sdk 4.0.2): @cloudbase/node-sdk reads
 * `TCB_CONTEXT_CNFG` and the secret keys from `process.env` on EVERY request, so running the SDK
 * inside the jest process works: set the env vars, then `require('wx-server-sdk')` and
 * `cloud.init({ env })`. Each jest test file runs in its own module registry and process env, so
 * two suites never share a cloud. Do not change these env vars while SDK calls are in flight.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyLocalIndexes } from '../../scripts/db/init';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../scripts/local-cloud';

/** A local cloud for one test file. */
export interface TestCloud {
  cloud: LocalCloud;
  dataDir: string;
  /** Env vars that point wx-server-sdk at this cloud. */
  env: Record<string, string>;
  /** Close the cloud and delete its data dir (unless `keepData`). */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Start a local cloud on a free port with a temp data dir. Its collections are strict, as in
 * CloudBase: `schema: true` creates the product's (what `npm run db:init` does), otherwise a test
 * creates what it uses. Sorts on a field some matched document lacks are refused (the local
 * cloud's default, scripts/local-cloud/db/sort-missing.ts) unless the test asks for MongoDB's order
 * (`sortMissing: 'mongo'`), so every suite checks that the product never asks where such a
 * document goes.
 */
export async function startTestCloud(opts: Partial<LocalCloudOptions> & { schema?: boolean } = {}): Promise<TestCloud> {
  const { schema, ...rest } = opts;
  const dataDir = rest.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'qx-cloud-'));
  const cloud = await startLocalCloud({ port: 0, ...rest, dataDir });
  if (schema) await applyLocalIndexes(cloud.db);
  return {
    cloud,
    dataDir,
    env: cloud.sdkEnv(),
    async close({ keepData = false } = {}) {
      await cloud.close();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The wx-server-sdk module type (loosely typed: its d.ts is incomplete for the database API). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WxSdk = any;

/** What a contract suite runs against. */
export interface SdkTarget {
  kind: 'local' | 'real';
  /** The initialised wx-server-sdk. */
  sdk: WxSdk;
  /** `sdk.database()`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: any;
  /** The local cloud (only for kind 'local'). */
  local?: TestCloud;
  /**
   * Create a collection unique to this run through the SDK (`db.createCollection`) and return its
   * name. Both targets are strict about collections (the real cloud refuses unknown ones).
   */
  collection(base: string): Promise<string>;
  close(): Promise<void>;
}

/** Whether a real CloudBase env is configured. */
export function realCloudConfigured(): boolean {
  return Boolean(process.env.QX_CLOUD_ENV && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY);
}

/** Require the real SDK and init it for `env` (env vars must already be set). */
export function loadSdk(env: string): WxSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env, throwOnNotFound: true });
  return sdk;
}

/** Start (or connect to) the suite's target and init the real SDK against it. */
export async function sdkTarget(): Promise<SdkTarget> {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  if (realCloudConfigured()) {
    delete process.env.TCB_CONTEXT_CNFG;
    const sdk = loadSdk(process.env.QX_CLOUD_ENV as string);
    const db = sdk.database();
    const created: string[] = [];
    return {
      kind: 'real',
      sdk,
      db,
      async collection(base) {
        const name = `qx_test_${base}_${run}`;
        await db.createCollection(name);
        created.push(name);
        return name;
      },
      async close() {
        // Real envs are shared: empty what this run created (the server SDK cannot drop collections).
        for (const name of created) await db.collection(name).where({ _id: db.command.exists(true) }).remove().catch(() => undefined);
      },
    };
  }
  const local = await startTestCloud();
  Object.assign(process.env, local.env);
  const sdk = loadSdk('local');
  const db = sdk.database();
  return {
    kind: 'local',
    sdk,
    db,
    local,
    async collection(base) {
      const name = `${base}_${run}`;
      await db.createCollection(name);
      return name;
    },
    close: () => local.close(),
  };
}

/** Print which target a suite runs against (and that the real-cloud run is skipped otherwise). */
export function announceTarget(suite: string): void {
  if (realCloudConfigured()) console.info(`[${suite}] target: real CloudBase env ${process.env.QX_CLOUD_ENV}`);
  else
    console.info(
      `[${suite}] target: local cloud (real CloudBase run skipped: set QX_CLOUD_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to run it there)`,
    );
}
