/**
 * The whole local cloud in one call: database server (startLocalCloud) + function runtime +
 * `functions.invokeFunction` + `wx.openApi` (subscribe messages) + timers + the h5 gateway, dev
 * pages and the static h5 app. Used by `npm start`, `npm run local-cloud`, tests and benches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyLocalIndexes } from '../db/init';
import { startLocalCloud, type LocalCloud } from './index';
import { createFunctionRuntime, type FunctionRuntime } from './functions/runtime';
import { chainOpenidMode, registerInvokeAction, type ChainOpenid } from './functions/invoke-action';
import type { CallerIdentity } from './functions/invocation-env';
import { registerOpenApiAction } from './openapi/openapi-action';
import { SubscribeService } from './openapi/subscribe-service';
import { MessagePush } from './openapi/message-push';
import { DEFAULT_TEMPLATES_FILE, loadTemplates } from './openapi/templates';
import type { WriteLimit } from './db/write-bytes';
import { loadAppPages, subscribePageRule, type SubscribePageRule } from './openapi/app-pages';
import { WX_GRANTS, WX_OUTBOX } from './openapi/wx-state';
import { startTimers, type TimerOptions, type TimerScheduler } from './timers/scheduler';
import { mountGateway } from './gateway/gateway-routes';
import { loadOrCreateSecret, REVOKED_SESSIONS, SessionSigner, type RevocationStore } from './gateway/session';
import { sendJson } from './gateway/http-util';
import { favicon, FAVICON_PATHS } from './gateway/favicon';
import { staticH5 } from './gateway/static-h5';
import { mountDevRoutes } from './dev/dev-routes';
import type { FieldNameRule } from './db/field-names';
import type { SortMissingRule } from './db/sort-missing';
import type { GetCap } from './db/get-cap';
import type { CdnOnDelete, CdnOnOverwrite } from './storage/cdn-cache';
import type { RolloutRouting } from './functions/rollout';

const REPO = path.resolve(__dirname, '../..');

/** Options of {@link startFullCloud}. */
export interface FullCloudOptions {
  /** Where the database lives (LMDB; created if missing). */
  dataDir: string;
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Function folders (default `cloudfunctions/`). */
  functionsDir?: string;
  /** Bundles (default `.qx/functions` for a data dir in the repo, else `<dataDir>/functions-build`). */
  buildDir?: string;
  /** Templates file (default `scripts/local-cloud/templates.json`). */
  templatesFile?: string;
  /** The mini program's config whose pages a subscribe message may open (default `miniprogram/src/app.config.ts`; openapi/app-pages.ts). */
  appConfigFile?: string;
  /** Whether a send's `page` must be a page of that config, else 41030 (default `QX_SUBSCRIBE_PAGE`, else 'app'; 'any' = unchecked). */
  subscribePage?: SubscribePageRule;
  /** Run timer triggers (default true; tests usually turn them off). */
  timers?: boolean | TimerOptions;
  /** The h5 build served at `/` (default `miniprogram/dist/h5`). */
  h5Dir?: string;
  /** Instances per function (default 4) and idle reaping (default 5 min). */
  maxInstances?: number;
  idleMs?: number;
  /** Function output (default: stderr with a `[fn:name]` prefix). */
  log?: (fn: string, line: string) => void;
  /** Function the message push routes subscribe-message events to (default `wxpush`; null = none). */
  messagePush?: string | null;
  /** Lifetime of a dev sign-in (default 12 h; tests shorten it). */
  sessionTtlMs?: number;
  /** Bundle every function before answering (default false: bundles on first call). */
  prepare?: boolean;
  /** Progress of that bundling (implies `prepare`). */
  onPrepare?: (done: number, total: number, name: string) => void;
  /**
   * Create the schema's collections and indexes at start (default true: the cloud comes up as
   * after `npm run db:init`, which `npm start` and every test expect). false = a fresh CloudBase
   * env: the database is strict, so functions answer DB_NOT_INITIALIZED until
   * `npm run db:init -- --local URL` creates the collections.
   */
  dbInit?: boolean;
  /** Bytes one database answer may carry (default 1 MB, db/answer-bytes.ts; tests scale it down). */
  maxAnswerBytes?: number;
  /** Which field names the database stores (default `QX_FIELD_NAMES`, else the FAQ rule; db/field-names.ts). */
  fieldNames?: FieldNameRule;
  /** Whether a function called by a function sees its caller's OPENID (default `QX_CHAIN_OPENID`, else 'pass'; functions/invoke-action.ts). */
  chainOpenid?: ChainOpenid;
  /** Whether a sort meeting a document without the sort field is refused (default `QX_SORT_MISSING`, else 'refuse'; 'mongo' = MongoDB's order; db/sort-missing.ts). */
  sortMissing?: SortMissingRule;
  /** The most documents one query `get()` answers (default `QX_GET_CAP`, else 100; 1000 = the current reference; db/get-cap.ts). */
  getCap?: GetCap;
  /** Bytes one database write request may carry (default `QX_DB_WRITE_LIMIT`, else '5mb'; db/write-bytes.ts). */
  writeLimit?: WriteLimit;
  /** Age of the snapshot wire reads are answered from (default `QX_STALE_READ_MS`, else 0; db/stale-reads.ts). */
  staleReadMs?: number;
  /** Whether temp URLs issued before a delete serve the old bytes until they expire (default `QX_CDN_ON_DELETE`, else 'serve'; storage/cdn-cache.ts). */
  cdnOnDelete?: CdnOnDelete;
  /** Whether temp URLs issued before an overwrite serve the old bytes until they expire (default `QX_CDN_ON_OVERWRITE`, else 'serve'; storage/cdn-cache.ts). */
  cdnOnOverwrite?: CdnOnOverwrite;
  /**
   * Functions being updated from start (functions/rollout.ts): each served by its current bundle and
   * by the release snapshot `release` (test/fixtures/releases/<release>), calls split by `routing`.
   * At run time: `runtime.startRollout` / `endRollout`, or `POST /dev/rollout/<fn>` (signed).
   */
  rollouts?: Record<string, { release: string; routing: RolloutRouting }>;
}

/** A running full local cloud. */
export interface FullCloud extends Pick<LocalCloud, 'url' | 'port' | 'registry' | 'db' | 'replica' | 'addRoute' | 'sdkEnv' | 'credentials' | 'credentialsFile'> {
  runtime: FunctionRuntime;
  subscribe: SubscribeService;
  /** WeChat's message push to the receiver function (`drain()` waits for background pushes). */
  push: MessagePush;
  timers: TimerScheduler | null;
  /** Functions that failed to bundle at start (only with `prepare`/`onPrepare`); retried on call. */
  bundleFailures: Array<{ name: string; error: string }>;
  /** In-process invocation (tests): identity like a client call, source `wx_devtools` unless given. */
  invokeFunction(name: string, event?: unknown, who?: CallerIdentity): Promise<unknown>;
  /** Cookie header value signed for `openid` (tests call the gateway as that user). */
  sessionCookieFor(openid: string): string;
  /**
   * Headers of a same-origin browser call to the gateway: `Origin` (state-changing routes refuse
   * other origins), JSON content type, and the session cookie of `openid` when given.
   */
  browserHeaders(openid?: string): Record<string, string>;
  close(): Promise<void>;
}

function defaultBuildDir(dataDir: string): string {
  const inRepo = path.resolve(dataDir).startsWith(REPO + path.sep);
  // Outside the repo (temp dirs of tests), bundles live with the data so parallel clouds never
  // share a folder and cleanup removes them; instances resolve wx-server-sdk through NODE_PATH.
  return inRepo ? path.join(REPO, '.qx', 'functions') : path.join(dataDir, 'functions-build');
}

/** Logouts kept in the database until the session would have expired (survive a restart). */
function revocationStore(db: LocalCloud['db']): RevocationStore {
  const coll = db.collection(REVOKED_SESSIONS);
  return {
    load: () => coll.find({}, { limit: 100_000 }).map((d) => ({ sid: String(d._id), exp: Number(d.exp) })),
    save: async (sid, exp) => {
      await coll.update({ _id: sid }, { $set: { exp } }, { upsert: true });
      await coll.remove({ exp: { $lte: Date.now() } });
    },
  };
}

/** Starts the full local cloud. */
export async function startFullCloud(opts: FullCloudOptions): Promise<FullCloud> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const base = await startLocalCloud({ dataDir: opts.dataDir, port: opts.port ?? 0, host: opts.host, maxAnswerBytes: opts.maxAnswerBytes, fieldNames: opts.fieldNames, staleReadMs: opts.staleReadMs, sortMissing: opts.sortMissing, getCap: opts.getCap, writeLimit: opts.writeLimit, storage: { cdnOnDelete: opts.cdnOnDelete, cdnOnOverwrite: opts.cdnOnOverwrite } });
  try {
    const templates = loadTemplates(opts.templatesFile ?? DEFAULT_TEMPLATES_FILE);
    const pages = subscribePageRule(opts.subscribePage) === 'app' ? new Set(loadAppPages(opts.appConfigFile)) : null;
    const subscribe = new SubscribeService(base.db, templates, pages);
    await base.db.ensureIndex(WX_GRANTS, 'openid');
    await base.db.ensureIndex(WX_OUTBOX, 'touser');
    // The product's own collections and indexes, from the same versioned file db:init applies.
    if (opts.dbInit !== false) await applyLocalIndexes(base.db);
    const runtime = createFunctionRuntime({
      cloudUrl: base.url,
      credentials: base.credentials,
      functionsDir: opts.functionsDir,
      buildDir: opts.buildDir ?? defaultBuildDir(opts.dataDir),
      maxInstances: opts.maxInstances,
      idleMs: opts.idleMs,
      log: opts.log,
      onInvoke: (_fn, who) => {
        if (who.openid) void subscribe.rememberUser(who.openid, 'function-call').catch(() => undefined);
      },
    });
    try {
      for (const [fn, ro] of Object.entries(opts.rollouts ?? {})) await runtime.startRollout(fn, ro);
    } catch (err) {
      await runtime.close();
      throw err;
    }
    const bundleFailures = opts.prepare || opts.onPrepare ? await runtime.prepare(opts.onPrepare) : [];
    for (const f of bundleFailures) process.stderr.write(`[functions] ${f.name} failed to bundle: ${f.error}\n`);
    const push = new MessagePush({
      runtime,
      receiver: opts.messagePush,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    subscribe.attachPush(push);
    registerInvokeAction(base.registry, runtime, chainOpenidMode(opts.chainOpenid));
    registerOpenApiAction(base.registry, subscribe, runtime);
    const timerOpts = opts.timers === false ? null : typeof opts.timers === 'object' ? opts.timers : {};
    const timers = timerOpts
      ? startTimers(runtime, {
          onInvalid: (fn, t, msg) => process.stderr.write(`[timers] refused trigger ${fn}/${t}: ${msg}\n`),
          ...timerOpts,
        })
      : null;
    const secretFile = path.join(opts.dataDir, 'dev-session.key');
    const sessions = new SessionSigner(loadOrCreateSecret(secretFile), { ttlMs: opts.sessionTtlMs, revocations: revocationStore(base.db) });
    mountGateway(base.addRoute, { runtime, subscribe, sessions });
    mountDevRoutes(base.addRoute, { db: base.db, sessions, subscribe, runtime, timers: () => timers, credentials: base.credentials });
    base.addRoute('*', '/gateway/', (req, res, url) =>
      sendJson(res, 404, { errCode: 404, errMsg: `no gateway route for ${req.method} ${url.pathname}`, error: { code: 'NOT_FOUND', message: `no gateway route for ${req.method} ${url.pathname}` } }),
    );
    for (const p of FAVICON_PATHS) base.addRoute('*', p, favicon());
    base.addRoute('*', '/', staticH5(opts.h5Dir ?? path.join(REPO, 'miniprogram', 'dist', 'h5')));
    let closing: Promise<void> | null = null;
    return {
      url: base.url,
      port: base.port,
      registry: base.registry,
      db: base.db,
      replica: base.replica,
      addRoute: base.addRoute,
      sdkEnv: base.sdkEnv,
      credentials: base.credentials,
      credentialsFile: base.credentialsFile,
      runtime,
      subscribe,
      push,
      timers,
      bundleFailures,
      invokeFunction: (name, event, who) => runtime.invokeFunction(name, event, who),
      sessionCookieFor: (openid) => `qx_session=${sessions.sign(openid)}`,
      browserHeaders: (openid) => ({
        origin: base.url,
        'content-type': 'application/json',
        ...(openid ? { cookie: `qx_session=${sessions.sign(openid)}` } : {}),
      }),
      close() {
        closing ??= (async () => {
          timers?.stop();
          await push.drain();
          await runtime.close();
          // Timer runs in flight end now that instances are gone; none may outlive the cloud.
          await timers?.settled();
          await base.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await base.close();
    throw err;
  }
}
