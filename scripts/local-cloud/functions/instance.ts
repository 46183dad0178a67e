/**
 * One function instance: a child process that loaded the function's bundle and serves one
 * invocation at a time. A timeout or a crash kills it; the pool replaces it on the next call.
 */
import { ChildProcess, fork } from 'node:child_process';
import { FunctionExecutionError, FunctionMemoryError, FunctionTimeoutError } from './errors';
import type { InstanceMessage, InvokeMessage } from './ipc';
import { heapLimitArgs, peakRssMb } from './memory-limit';

/** How often a busy instance's peak memory is looked at, ms (the peak itself misses nothing). */
const MEMORY_POLL_MS = 100;

/** How an instance is started. */
export interface InstanceSpec {
  fn: string;
  workerFile: string;
  bundleFile: string;
  env: Record<string, string | undefined>;
  /** Receives each line the function prints (stdout and stderr). */
  log: (fn: string, line: string) => void;
  /** Memory of the instance, MB (memory-limit.ts); absent = not limited. */
  memoryMb?: number;
}

/** What one invocation produced. */
export interface InvocationResult {
  /** JSON text of the return value (undefined when `main` returned nothing). */
  json: string | undefined;
}

type State = 'starting' | 'idle' | 'busy' | 'dead';

let seq = 0;

const LOADER_FLAGS = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader']);

/**
 * The parent's node flags minus TypeScript loaders (tsx's `--require`/`--import` hooks): the worker
 * and the bundles are plain JS, and an inherited loader costs every instance an extra hooks thread
 * and ~0.2 s of its cold start. Other flags (memory limits, `--cpu-prof`, …) still pass through.
 */
export function instanceExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i];
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (LOADER_FLAGS.has(flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : parent[i + 1] ?? '';
      if (eq < 0) i++;
      if (/(^|[\\/])tsx([\\/]|$)|ts-node|esbuild-register/.test(value)) continue;
      out.push(a);
      if (eq < 0 && i < parent.length) out.push(parent[i]);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** A forked instance of one function. */
export class FunctionInstance {
  readonly id = `${process.pid}-${++seq}`;
  state: State = 'starting';
  lastUsed = Date.now();
  invocations = 0;
  /** The bundle version (mtime) it loaded, so stale instances can be retired after a rebuild. */
  readonly version: number;
  private child: ChildProcess;
  private ready: Promise<void>;
  private pending: { id: string; resolve: (r: InvocationResult) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly spec: InstanceSpec,
    version: number,
  ) {
    this.version = version;
    this.child = fork(spec.workerFile, [], {
      env: { ...spec.env, QX_FUNCTION_BUNDLE: spec.bundleFile } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      execArgv: [...instanceExecArgv(), ...(spec.memoryMb ? heapLimitArgs(spec.memoryMb) : [])],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let buf = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          spec.log(spec.fn, buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    this.ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: InstanceMessage) => {
        if (m.type === 'ready') {
          this.child.off('message', onMsg);
          resolve();
        } else if (m.type === 'load-error') {
          this.child.off('message', onMsg);
          reject(new FunctionExecutionError(spec.fn, `failed to load: ${m.error.message}`, m.error.stack));
        }
      };
      this.child.on('message', onMsg);
      this.child.once('exit', (code, signal) =>
        reject(new FunctionExecutionError(spec.fn, `instance exited while loading (code ${code}, signal ${signal})`)),
      );
    });
    this.ready.catch(() => this.kill());
    this.child.on('message', (m: InstanceMessage) => this.onMessage(m));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', () => undefined);
  }

  /** OS process id (fault tests kill it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one invocation; the instance must be idle or starting. Kills the instance on timeout. */
  async invoke(msg: InvokeMessage, timeoutMs: number): Promise<InvocationResult> {
    this.state = 'busy';
    this.invocations++;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new FunctionTimeoutError(this.spec.fn, timeoutMs));
        this.kill();
      }, timeoutMs);
      // Over its memory the cloud kills the container mid-call; so does this, at the next look.
      const limit = this.spec.memoryMb;
      if (limit)
        poll = setInterval(() => {
          const over = this.overMemory();
          if (over === null) return;
          reject(new FunctionMemoryError(this.spec.fn, over, limit));
          this.kill();
        }, MEMORY_POLL_MS);
    });
    try {
      const run = (async () => {
        await this.ready;
        return new Promise<InvocationResult>((resolve, reject) => {
          this.pending = { id: msg.id, resolve, reject };
          this.child.send(msg, (err) => {
            if (err) reject(new FunctionExecutionError(this.spec.fn, `cannot reach instance: ${err.message}`));
          });
        });
      })();
      const result = await Promise.race([run, timeout]);
      // A peak between the last look and the answer fails the call too (the container would have died).
      const over = this.overMemory();
      if (over !== null && this.spec.memoryMb) {
        this.kill();
        throw new FunctionMemoryError(this.spec.fn, over, this.spec.memoryMb);
      }
      return result;
    } finally {
      clearTimeout(timer);
      clearInterval(poll);
      this.pending = null;
      this.lastUsed = Date.now();
      if (this.state === 'busy') this.state = 'idle';
    }
  }

  /** The peak RSS (MB) when it is over the instance's memory, else null. */
  private overMemory(): number | null {
    const peak = this.spec.memoryMb ? peakRssMb(this.child.pid) : null;
    return peak !== null && peak > (this.spec.memoryMb as number) ? peak : null;
  }

  private onMessage(m: InstanceMessage): void {
    if (m.type !== 'result' || !this.pending || m.id !== this.pending.id) return;
    const p = this.pending;
    this.pending = null;
    if (m.ok) p.resolve({ json: m.json });
    else {
      if (m.fatal) this.state = 'dead';
      p.reject(new FunctionExecutionError(this.spec.fn, `${m.error.name}: ${m.error.message}`, m.error.stack));
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.state = 'dead';
    const p = this.pending;
    this.pending = null;
    p?.reject(new FunctionExecutionError(this.spec.fn, `instance process exited during the invocation (code ${code}, signal ${signal})`));
  }

  /** Kills the process (SIGKILL: a function stuck in a loop must not outlive its timeout). */
  kill(): void {
    this.state = 'dead';
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  exited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}
