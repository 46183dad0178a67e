/**
 * The local WeChat cloud: an HTTP server speaking wx-server-sdk's `/admin` wire protocol, backed
 * by a durable LMDB database with an in-memory mirror. Other modules register their actions on
 * `registry` (functions, openapi) and mount HTTP routes with `addRoute` (gateway, dev pages, h5).
 *
 * Usage: `const cloud = await startLocalCloud({ dataDir }); process.env.TCB_CONTEXT_CNFG =
 * JSON.stringify({ URL: `${cloud.url}/admin` });` then the real SDK talks to it.
 */
import { registerDatabaseActions } from './db/database-actions';
import { DbEngine, type EngineOptions } from './db/engine';
import { createDbHandle, type DbHandle } from './db/handle';
import { TransactionManager } from './db/transactions';
import { ActionRegistry } from './server/actions';
import { createCloudHttpServer, type RouteHandler } from './server/http-server';
import { registerStorageActions } from './storage/storage-actions';
import { mountStorageRoutes } from './storage/storage-routes';
import { StorageService, type StorageOptions } from './storage/storage-service';
import { credentialsEnv, newCredentials, writeCredentials, type CloudCredentials } from './auth/credentials';

export type { DbHandle, CollectionHandle } from './db/handle';
export type { RouteHandler } from './server/http-server';
export { ActionRegistry } from './server/actions';
export type { AdminRequest, AdminResponse, ActionHandler } from './server/actions';
export { okEnvelope, errorEnvelope, TcbError, type TcbCode } from './server/envelope';
export { readBody, MAX_BODY_BYTES, BodyTooLargeError } from './server/body';
export type { FindOptions, UpdateOptions, UpdateResult } from './db/engine';
export type { Doc } from './db/ejson';
export type { DocId } from './store/lmdb-store';
export { DataDirLockedError } from './store/data-dir-lock';
export { injectLateCommits, TIMEOUT_ANSWERS, type LateCommits, type LateOutcome, type TimeoutAnswer } from './db/late-commit';
export { readCredentials, credentialsEnv, CREDENTIALS_FILE, CredentialsFileError, type CloudCredentials } from './auth/credentials';
export { adminFetch, devFetch, signAdminHeaders } from './auth/sign-request';

/** Options of {@link startLocalCloud}. */
export interface LocalCloudOptions extends EngineOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind; default 127.0.0.1. */
  host?: string;
  /** Where the LMDB environment lives (created if missing); `credentials.json` is written here. */
  dataDir: string;
  /** Cloud storage: size cap per file, clock (tests). Files live under `<dataDir>/storage/`. */
  storage?: StorageOptions;
  /** This run's API credentials (default: a fresh random pair). */
  credentials?: CloudCredentials;
  /** Extra options other modules read (e.g. functionsDir); ignored by the database. */
  [extra: string]: unknown;
}

/** A running local cloud. */
export interface LocalCloud {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the SDK endpoint is `${url}/admin`). */
  url: string;
  port: number;
  registry: ActionRegistry;
  db: DbHandle;
  /**
   * The lagging replica wire reads come from with `staleReadMs` > 0 (`db/stale-reads.ts`; null
   * otherwise): `catchUp()` makes every write so far visible to reads.
   */
  replica: { catchUp(): void; readonly lagMs: number } | null;
  /** Cloud storage (files, signer) behind `storage.*` actions and the `/storage/` routes. */
  storage: StorageService;
  /** This run's secretId/secretKey: `/admin` refuses requests not signed with them. */
  credentials: CloudCredentials;
  /** Path of `credentials.json` (mode 0600) in the data dir, for tools in other processes. */
  credentialsFile: string;
  /** Mount an HTTP route: `method` ('GET', 'POST', … or '*'), path prefix, handler owning the response. */
  addRoute(method: string, prefix: string, handler: RouteHandler): void;
  /**
   * Env vars that point the real wx-server-sdk at this cloud: TCB_CONTEXT_CNFG, this run's keys, and
   * TENCENTCLOUD=true — without it @cloudbase/node-sdk probes metadata.tencentyun.com before EVERY
   * request (30 ms timeout, never cached on failure): ~60 ms per call instead of ~1 ms.
   */
  sdkEnv(): Record<string, string>;
  /** Stop listening and close the store (waits for pending commits). */
  close(): Promise<void>;
}

/** Start the local cloud. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  if (!opts || typeof opts.dataDir !== 'string') throw new TypeError('startLocalCloud: dataDir is required');
  const engine = DbEngine.open(opts.dataDir, opts);
  const registry = new ActionRegistry();
  registerDatabaseActions(registry, engine, new TransactionManager(engine));
  const storage = new StorageService(opts.dataDir, { durability: opts.durability, ...opts.storage });
  registerStorageActions(registry, storage);
  const credentials = opts.credentials ?? newCredentials();
  let credentialsFile: string;
  try {
    credentialsFile = writeCredentials(opts.dataDir, credentials);
  } catch (err) {
    await engine.close();
    throw err;
  }
  const http = createCloudHttpServer(credentials, registry);
  mountStorageRoutes(http.addRoute, storage);
  const host = opts.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await http.listen(opts.port ?? 0, host);
  } catch (err) {
    await engine.close();
    throw err;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  storage.baseUrl = url;
  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    registry,
    credentials,
    credentialsFile,
    db: createDbHandle(engine),
    replica: engine.replica,
    storage,
    addRoute: http.addRoute,
    sdkEnv: () => ({
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
      ...credentialsEnv(credentials),
      TENCENTCLOUD: 'true',
    }),
    close() {
      closed ??= http.close().then(() => engine.close());
      return closed;
    },
  };
}
