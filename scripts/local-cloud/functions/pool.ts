/**
 * The instance pool of one function: one invocation per instance at a time (like the cloud);
 * a call takes an idle instance (warm) or forks a new one (cold) up to `maxInstances`, otherwise
 * waits in line; idle instances are reaped after `idleMs`; dead ones are dropped.
 */
import { FunctionUnavailableError } from './errors';
import { FunctionInstance, type InstanceSpec } from './instance';

/** Pool limits. */
export interface PoolOptions {
  maxInstances: number;
  idleMs: number;
}

/** Counters of one pool. */
export interface PoolStats {
  instances: number;
  busy: number;
  coldStarts: number;
  warmStarts: number;
  queued: number;
}

/** An instance handed to one caller, with whether it was freshly started. */
export interface Lease {
  instance: FunctionInstance;
  cold: boolean;
  release(): void;
}

/** The instances of one function and the callers waiting for one (see the file header). */
export class FunctionPool {
  private readonly instances: FunctionInstance[] = [];
  private readonly waiters: Array<(lease: Lease | Error) => void> = [];
  private coldStarts = 0;
  private warmStarts = 0;
  private closed = false;

  constructor(
    private readonly spec: () => InstanceSpec & { version: number },
    private readonly opts: PoolOptions,
  ) {}

  /** Takes an idle instance or starts one; waits when the pool is full. */
  acquire(): Promise<Lease> {
    if (this.closed) return Promise.reject(new FunctionUnavailableError('function runtime is closed'));
    this.prune();
    const { version } = this.spec();
    // Instances of an older bundle are retired rather than reused.
    for (const inst of this.instances) if (inst.state === 'idle' && inst.version !== version) inst.kill();
    this.prune();
    const idle = this.instances
      .filter((i) => i.state === 'idle')
      .sort((a, b) => b.lastUsed - a.lastUsed)[0];
    if (idle) {
      idle.state = 'busy';
      this.warmStarts++;
      return Promise.resolve(this.lease(idle, false));
    }
    if (this.instances.length < this.opts.maxInstances) return Promise.resolve(this.startNew());
    return new Promise((resolve, reject) => {
      this.waiters.push((l) => (l instanceof Error ? reject(l) : resolve(l)));
    });
  }

  private startNew(): Lease {
    const { version, ...spec } = this.spec();
    const inst = new FunctionInstance(spec, version);
    inst.state = 'busy';
    this.instances.push(inst);
    this.coldStarts++;
    void inst.exited().then(() => {
      this.prune();
      this.drain();
    });
    return this.lease(inst, true);
  }

  private lease(instance: FunctionInstance, cold: boolean): Lease {
    let released = false;
    return {
      instance,
      cold,
      release: () => {
        if (released) return;
        released = true;
        if (instance.state !== 'dead') instance.state = 'idle';
        this.prune();
        this.drain();
      },
    };
  }

  /** Hands freed capacity to the next waiter. */
  private drain(): void {
    while (this.waiters.length > 0 && !this.closed) {
      const idle = this.instances.find((i) => i.state === 'idle');
      if (idle) {
        idle.state = 'busy';
        this.warmStarts++;
        this.waiters.shift()!(this.lease(idle, false));
      } else if (this.instances.length < this.opts.maxInstances) {
        this.waiters.shift()!(this.startNew());
      } else return;
    }
  }

  private prune(): void {
    for (let i = this.instances.length - 1; i >= 0; i--) {
      if (this.instances[i].state === 'dead') this.instances.splice(i, 1);
    }
  }

  /** Kills instances idle for longer than `idleMs`. */
  reap(now = Date.now()): number {
    let n = 0;
    for (const inst of this.instances) {
      if (inst.state === 'idle' && now - inst.lastUsed > this.opts.idleMs) {
        inst.kill();
        n++;
      }
    }
    this.prune();
    return n;
  }

  /** Kills every idle instance and waits for them to exit. */
  async recycleIdle(): Promise<void> {
    const idle = this.instances.filter((i) => i.state === 'idle');
    idle.forEach((i) => i.kill());
    await Promise.all(idle.map((i) => i.exited()));
    this.prune();
  }

  /** Live instances (tests and the fault suite look at pids). */
  list(): FunctionInstance[] {
    this.prune();
    return [...this.instances];
  }

  stats(): PoolStats {
    this.prune();
    return {
      instances: this.instances.length,
      busy: this.instances.filter((i) => i.state === 'busy').length,
      coldStarts: this.coldStarts,
      warmStarts: this.warmStarts,
      queued: this.waiters.length,
    };
  }

  /** Resolves once no instance is busy and nobody waits (a rollout's previous release drains before it closes). */
  async drained(pollMs = 20): Promise<void> {
    while (!this.closed && (this.stats().busy > 0 || this.waiters.length > 0)) await new Promise((r) => setTimeout(r, pollMs));
  }

  /** Kills every instance and fails waiting callers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(new FunctionUnavailableError('function runtime is closed'));
    const all = [...this.instances];
    all.forEach((i) => i.kill());
    await Promise.all(all.map((i) => i.exited()));
    this.instances.length = 0;
  }
}
