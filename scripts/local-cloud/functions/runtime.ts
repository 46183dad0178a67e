/**
 * The local function runtime: discovers functions under `functionsDir`, bundles them, and runs
 * each invocation in an instance pool of child processes with the REAL wx-server-sdk pointed at
 * the local cloud (`TCB_CONTEXT_CNFG`). Identity is per invocation (`WX_OPENID`, `WX_APPID`,
 * `TCB_SOURCE`), never taken from the event.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { BundleStore } from './bundles';
import { FunctionNotFoundError, FunctionUnavailableError, FunctionExecutionError, ResponseTooLargeError } from './errors';
import { discoverFunctions, MAX_CLIENT_RESPONSE_BYTES, type FunctionDef } from './function-config';
import { FunctionPool, type PoolStats } from './pool';
import type { CloudCredentials } from '../auth/credentials';
import { eventAsDelivered, invocationEnv, type CallerIdentity, type InvocationToken, instanceBaseEnv } from './invocation-env';
import { bundleRelease, releaseDir } from './release-bundle';
import { RolloutRouter, rolloutRoutingSchema, type Release, type RolloutRouting } from './rollout';

/** Options of {@link createFunctionRuntime}. */
export interface FunctionRuntimeOptions {
  /** Root of the function folders (default `cloudfunctions/` of the repo). */
  functionsDir?: string;
  /** Where bundles go (default `.qx/functions` of the repo). */
  buildDir?: string;
  /** The local cloud's base URL, e.g. `http://127.0.0.1:8600` (the SDK posts to `<url>/admin`). */
  cloudUrl: string;
  /** The cloud's API credentials, given to every instance as TENCENTCLOUD_SECRETID/SECRETKEY. */
  credentials: CloudCredentials;
  /** Environment id functions see as `ENV` (default `qx-local`). */
  envId?: string;
  /** AppID used when a caller gives none (default `wxqx0000000000local`). */
  appid?: string;
  /** Instances per function (default 4). */
  maxInstances?: number;
  /** Idle instances are killed after this long (default 5 min). */
  idleMs?: number;
  /** Where function output goes (default: stderr, prefixed with the function name). */
  log?: (fn: string, line: string) => void;
  /** Called with each invocation's identity (the cloud records known users). */
  onInvoke?: (fn: string, who: CallerIdentity) => void;
}

/** Details of one finished invocation. */
export interface InvokeOutcome {
  result: unknown;
  requestId: string;
  cold: boolean;
  ms: number;
  /** Which release served it ('current' unless a rollout of the function is in progress). */
  release: Release;
}

/** A function update in progress (FunctionRuntime.startRollout). */
export interface RolloutStatus {
  /** The snapshot serving as the previous release (a name under test/fixtures/releases, or a path). */
  release: string;
  commit: string;
  /** The previous release's bundle is not the one its snapshot recorded (release-bundle.ts). */
  drifted: boolean;
  /** When drifted: inputs of its bundle taken from today's tree that changed since its snapshot. */
  drift: string[];
  routing: RolloutRouting;
  served: Record<Release, number>;
}

/** The runtime's public surface. */
export interface FunctionRuntime {
  /** Functions found at start (or after {@link FunctionRuntime.refresh}). */
  functions(): FunctionDef[];
  /** Re-scans `functionsDir` (new folders become callable). */
  refresh(): FunctionDef[];
  /** Invokes `name` and returns its result; throws a FunctionRuntimeError on failure. */
  invokeFunction(name: string, event?: unknown, who?: CallerIdentity): Promise<unknown>;
  /** Like invokeFunction, with request id, cold/warm and duration. */
  invokeDetailed(name: string, event?: unknown, who?: CallerIdentity): Promise<InvokeOutcome>;
  /** The invocation a `wxCloudApiToken` belongs to (calls a function makes back into the cloud). */
  resolveToken(token: string | undefined): InvocationToken | undefined;
  /** Pool counters per function. */
  stats(): Record<string, PoolStats>;
  /** Live instances of one function (pid, state) — fault tests kill them. */
  instances(name: string): Array<{ pid: number | undefined; state: string; invocations: number }>;
  /** Kills the idle instances of `name` (or of every function): the next call starts cold. */
  recycle(name?: string): Promise<void>;
  /**
   * Bundles every function now (start-up), instead of on first call. A function that fails to
   * bundle is reported, not fatal: the others still run, and it is retried on its next call.
   */
  prepare(onProgress?: (done: number, total: number, name: string) => void): Promise<Array<{ name: string; error: string }>>;
  /**
   * Serves `name` from two releases at once until {@link FunctionRuntime.endRollout}: the current
   * bundle and the release snapshot `release` (scripts/build/release-overlay.ts), each call routed
   * by `routing` (rollout.ts). Starting again with the same release only replaces the routing.
   */
  startRollout(name: string, opts: { release: string; routing: RolloutRouting }): Promise<RolloutStatus>;
  /** Ends the rollout of `name`: new calls go to the current release; the previous one's calls in flight finish. */
  endRollout(name: string): Promise<void>;
  /** Rollouts in progress, by function. */
  rollouts(): Record<string, RolloutStatus>;
  close(): Promise<void>;
}

const REPO = path.resolve(__dirname, '../../..');

export function createFunctionRuntime(opts: FunctionRuntimeOptions): FunctionRuntime {
  const functionsDir = path.resolve(opts.functionsDir ?? path.join(REPO, 'cloudfunctions'));
  const buildDir = path.resolve(opts.buildDir ?? path.join(REPO, '.qx', 'functions'));
  const envId = opts.envId ?? 'qx-local';
  const appid = opts.appid ?? 'wxqx0000000000local';
  const log = opts.log ?? ((fn, line) => process.stderr.write(`[fn:${fn}] ${line}\n`));
  const bundles = new BundleStore(buildDir);
  const worker = bundles.buildWorker();
  const pools = new Map<string, FunctionPool>();
  const current = new Map<string, { file: string; version: number }>();
  const tokens = new Map<string, InvocationToken>();
  const previous = new Map<string, { pool: FunctionPool; router: RolloutRouter; release: string; commit: string; drifted: boolean; drift: string[] }>();
  let defs = new Map<string, FunctionDef>();
  let closed = false;
  const baseEnv = instanceBaseEnv({ cloudUrl: opts.cloudUrl, credentials: opts.credentials, envId, nodePath: path.join(REPO, 'node_modules') });

  const refresh = (): FunctionDef[] => {
    defs = new Map(discoverFunctions(functionsDir).map((d) => [d.name, d]));
    return [...defs.values()];
  };
  refresh();

  const reaper = setInterval(() => pools.forEach((p) => p.reap()), Math.min(opts.idleMs ?? 300_000, 30_000));
  reaper.unref();

  const poolOptions = () => ({ maxInstances: opts.maxInstances ?? 4, idleMs: opts.idleMs ?? 300_000 });

  async function startRollout(name: string, ro: { release: string; routing: RolloutRouting }): Promise<RolloutStatus> {
    const def = defs.get(name) ?? refresh().find((d) => d.name === name);
    if (!def) throw new FunctionNotFoundError(name);
    const routing = rolloutRoutingSchema.parse(ro.routing);
    const running = previous.get(name);
    if (running && running.release === ro.release) running.router = new RolloutRouter(routing);
    else {
      if (running) await endRollout(name);
      const [workerFile, built] = await Promise.all([worker, bundleRelease(name, def.srcDir, releaseDir(ro.release), path.join(buildDir, '_releases', path.basename(releaseDir(ro.release)), name, 'index.js'))]);
      const pool = new FunctionPool(
        () => ({ fn: name, workerFile, bundleFile: built.file, env: { ...baseEnv, SCF_FUNCTIONNAME: name }, log, memoryMb: def.memoryMb, version: 0 }),
        poolOptions(),
      );
      previous.set(name, { pool, router: new RolloutRouter(routing), release: ro.release, commit: built.commit, drifted: built.drifted, drift: built.drift });
    }
    return rolloutStatus(name)!;
  }

  function rolloutStatus(name: string): RolloutStatus | undefined {
    const p = previous.get(name);
    return p && { release: p.release, commit: p.commit, drifted: p.drifted, drift: p.drift, routing: p.router.routing, served: { ...p.router.served } };
  }

  async function endRollout(name: string): Promise<void> {
    const p = previous.get(name);
    if (!p) return;
    previous.delete(name);
    // Like the cloud, the old release's calls in flight are served to the end before its instances go.
    await p.pool.drained();
    await p.pool.close();
  }

  async function poolFor(def: FunctionDef): Promise<FunctionPool> {
    const [workerFile, bundle] = await Promise.all([worker, bundles.ensure(def)]);
    current.set(def.name, bundle);
    let pool = pools.get(def.name);
    if (!pool) {
      pool = new FunctionPool(
        () => {
          const b = current.get(def.name)!;
          return { fn: def.name, workerFile, bundleFile: b.file, env: { ...baseEnv, SCF_FUNCTIONNAME: def.name }, log, memoryMb: def.memoryMb, version: b.version };
        },
        poolOptions(),
      );
      pools.set(def.name, pool);
    }
    return pool;
  }

  async function invokeDetailed(name: string, event: unknown = {}, who: CallerIdentity = {}): Promise<InvokeOutcome> {
    if (closed) throw new FunctionUnavailableError('function runtime is closed');
    const def = defs.get(name) ?? refresh().find((d) => d.name === name);
    if (!def) throw new FunctionNotFoundError(name);
    const t0 = performance.now();
    let pool: FunctionPool;
    try {
      pool = await poolFor(def);
    } catch (err) {
      throw new FunctionExecutionError(name, (err as Error).message);
    }
    // Closed while it bundled (a timer run in flight at shutdown): start no instance after close.
    if (closed) throw new FunctionUnavailableError('function runtime is closed');
    const requestId = crypto.randomUUID();
    const token = crypto.randomBytes(16).toString('hex');
    const identity: CallerIdentity = { appid, ...who };
    tokens.set(token, { fn: name, requestId, ...identity });
    opts.onInvoke?.(name, identity);
    const rollout = previous.get(name);
    const release: Release = rollout ? rollout.router.next() : 'current';
    const lease = await (release === 'previous' ? rollout!.pool : pool).acquire();
    try {
      const { json } = await lease.instance.invoke(
        {
          type: 'invoke',
          id: requestId,
          event: eventAsDelivered(event ?? {}, identity),
          env: invocationEnv(identity, token),
          context: {
            request_id: requestId,
            function_name: name,
            function_version: '$LATEST',
            namespace: envId,
            memory_limit_in_mb: def.memoryMb,
            time_limit_in_ms: def.timeoutMs,
            callbackWaitsForEmptyEventLoop: false,
          },
        },
        def.timeoutMs,
      );
      // A mini program's call gets at most 1 MB back (function-config.ts MAX_CLIENT_RESPONSE_BYTES).
      const bytes = json === undefined ? 0 : Buffer.byteLength(json);
      if (identity.source === 'wx_client' && bytes > MAX_CLIENT_RESPONSE_BYTES) throw new ResponseTooLargeError(name, bytes, MAX_CLIENT_RESPONSE_BYTES);
      return { result: json === undefined ? null : JSON.parse(json), requestId, cold: lease.cold, ms: performance.now() - t0, release };
    } finally {
      lease.release();
      tokens.delete(token);
    }
  }

  return {
    functions: () => [...defs.values()],
    refresh,
    invokeDetailed,
    invokeFunction: async (name, event, who) => (await invokeDetailed(name, event, who)).result,
    resolveToken: (token) => (token ? tokens.get(token) : undefined),
    stats: () => Object.fromEntries([...pools].map(([n, p]) => [n, p.stats()])),
    instances: (name) =>
      (pools.get(name)?.list() ?? []).map((i) => ({ pid: i.pid, state: i.state, invocations: i.invocations })),
    async recycle(name) {
      const targets = name ? [pools.get(name)].filter((p): p is FunctionPool => !!p) : [...pools.values()];
      await Promise.all(targets.map((p) => p.recycleIdle()));
    },
    async prepare(onProgress) {
      const all = [...defs.values()];
      await worker;
      let done = 0;
      const failures: Array<{ name: string; error: string }> = [];
      for (const def of all) {
        try {
          current.set(def.name, await bundles.ensure(def));
        } catch (err) {
          failures.push({ name: def.name, error: (err as Error).message });
        }
        onProgress?.(++done, all.length, def.name);
      }
      return failures;
    },
    startRollout,
    endRollout,
    rollouts: () => Object.fromEntries([...previous.keys()].map((n) => [n, rolloutStatus(n)!])),
    async close() {
      closed = true;
      clearInterval(reaper);
      await Promise.all([...pools.values(), ...[...previous.values()].map((p) => p.pool)].map((p) => p.close()));
      // The worker is compiled from the moment the runtime is created, and a call in flight may be
      // bundling its function: both write into buildDir, so close returns only once they have.
      await Promise.allSettled([worker, bundles.settled()]);
    },
  };
}
