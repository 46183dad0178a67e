/**
 * The tracker: consent gate → persist-first queue → batches → transport, with a pure
 * retry-or-drop decision per response and jittered exponential backoff. Platform-free: every
 * effect goes through a port. Never throws into the host app: public methods catch and log.
 */
import { TRACK_LIMITS, type ClientEventName, type EventProps, type TrackedEvent } from '../../../cloudfunctions/common/contracts/events';
import { ConsentGate, type LocalConsent } from './consent-gate';
import type { EventValidator } from './contract-validator';
import { loadDeviceId, randomId, SeqAllocator } from './ids';
import type { ClockPort, LoggerPort, StoragePort, TransportPort } from './ports';
import { silentLogger } from './ports';
import { PersistentQueue, type QueueLimits } from './queue';
import { decideRetry, type BackoffOptions } from './retry-policy';
import { SendPacing } from './send-pacing';
import { emptyStats, type TrackerStats } from './stats';

/** Options of {@link Tracker}; everything but the ports has a default. */
export interface TrackerOptions {
  storage: StoragePort;
  transport: TransportPort;
  clock: ClockPort;
  validate: EventValidator;
  logger?: LoggerPort;
  /** Log every decision (queue, drop, send, retry) through `logger.debug`. */
  debug?: boolean;
  random?: () => number;
  limits?: Partial<QueueLimits>;
  /** Flush as soon as this many events wait. */
  flushAt?: number;
  /** Otherwise flush this long after the first waiting event (default 10 s). */
  flushIntervalMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Per-request caps (kept under the track function's limits, with room for the envelope). */
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  /** A new session starts when the app comes back after this long in the background. */
  sessionTimeoutMs?: number;
}

export const DEFAULT_LIMITS: QueueLimits = { maxCount: 1000, maxBytes: 512 * 1024, maxAgeMs: 7 * 24 * 3600 * 1000 };

/** The tracker the app holds: every public method catches and logs, so it never throws into the host. */
export class Tracker {
  readonly stats: TrackerStats = emptyStats();
  private readonly log: LoggerPort;
  private readonly random: () => number;
  private readonly consent: ConsentGate;
  private readonly queue: PersistentQueue;
  private readonly seq: SeqAllocator;
  private readonly pacing: SendPacing;
  private readonly flushAt: number;
  private readonly flushIntervalMs: number;
  private readonly maxBatchBytes: number;
  private deviceId = '';
  private sessionId = '';
  private hiddenAt: number | null = null;
  private page: string | undefined;
  private started = false;
  private timer: unknown = null;
  private timerAt = 0;
  private inFlight: Promise<void> | null = null;
  /** Bumped on purge: replies to requests sent before it are ignored. */
  private epoch = 0;
  /** While paused, events are queued but not sent (consent being checked with the server). */
  private paused = false;

  constructor(private readonly opts: TrackerOptions) {
    const debugLog = opts.logger ?? silentLogger;
    this.log = opts.debug ? debugLog : { debug: () => undefined, error: debugLog.error };
    this.random = opts.random ?? Math.random;
    this.consent = new ConsentGate(opts.storage);
    this.queue = new PersistentQueue(opts.storage, { ...DEFAULT_LIMITS, ...opts.limits }, this.stats, this.log);
    this.seq = new SeqAllocator(opts.storage);
    this.flushAt = opts.flushAt ?? 20;
    // 10 s, not 5: a browsing customer's requests carry 6.1 events instead of 3.4 (fewer, fuller
    // requests; every request costs the shop database operations). A kill loses nothing either
    // way — the queue is persisted before track() returns — but a crash leaves 2.8 instead of 1.3
    // events waiting for the next launch (`npm run bench -- tracker`, scripts/bench/_tracker-batches.ts).
    // The app flushes on hide and before showing the customer their own profile.
    this.flushIntervalMs = opts.flushIntervalMs ?? 10_000;
    this.pacing = new SendPacing({
      backoff: { baseMs: 1000, maxMs: 60_000, ...opts.backoff },
      fullBatch: Math.min(opts.maxBatchEvents ?? TRACK_LIMITS.maxEvents, TRACK_LIMITS.maxEvents),
      clock: opts.clock,
      random: this.random,
      log: this.log,
    });
    // 1 KB of headroom under the function's 64 KB for `{"events":[…]}` and transport framing.
    this.maxBatchBytes = Math.min(opts.maxBatchBytes ?? TRACK_LIMITS.maxBytes - 1024, TRACK_LIMITS.maxBytes - 1024);
  }

  /** Loads persisted state and sends what a previous run left behind. Idempotent. */
  start(): void {
    if (this.started) return;
    this.guard('start', () => {
      const now = this.opts.clock.now();
      this.deviceId = loadDeviceId(this.opts.storage, now, this.random);
      this.sessionId = 's' + randomId(now, this.random, 8);
      this.queue.load(now);
      this.started = true;
      if (!this.consent.granted && this.queue.size) this.stats.dropped.purged += this.queue.clear();
      this.schedule();
    });
  }

  /**
   * Records one event (typed by the contract; server facts such as `purchase` are not client
   * events). Returns whether it was queued. Never throws.
   */
  track<N extends ClientEventName>(name: N, props: EventProps<N>): boolean {
    return this.guard('track', () => this.enqueue(name, props), false);
  }

  /** Like {@link track} for names known only at run time (auto-capture, bridges). */
  trackUnchecked(name: string, props: unknown): boolean {
    return this.guard('track', () => this.enqueue(name, props), false);
  }

  /** The page later events are attributed to. */
  setPage(path: string | undefined): void {
    this.page = path ? path.slice(0, 256) : undefined;
  }

  /** The consent the device remembers (null: never asked). */
  get consentState(): LocalConsent | null {
    return this.consent.current;
  }

  /** Records the customer's 同意 (after the server stored it, `serverMark` = its grant time) and starts sending. */
  grantConsent(version: string, serverMark?: string): void {
    this.guard('grantConsent', () => {
      this.consent.set(true, version, this.opts.clock.now(), serverMark);
      this.paused = false;
      this.log.debug('consent: granted', version);
      this.schedule();
    });
  }

  /** Records a refusal (拒绝): nothing is captured. */
  denyConsent(version: string): void {
    this.guard('denyConsent', () => {
      this.consent.set(false, version, this.opts.clock.now());
      this.purgeQueue();
    });
  }

  /**
   * The server no longer holds a current consent for this customer (withdrawn on another device,
   * a newer consent text, or — in h5 — another signed-in customer on this browser): stop, empty
   * the queue, and forget the local decision so the customer is asked again.
   */
  forgetConsent(): void {
    this.guard('forgetConsent', () => {
      this.consent.clear();
      this.purgeQueue();
      this.paused = false;
    });
  }

  /**
   * Withdraws consent: stops capture, empties the queue (memory and storage) at once, then asks
   * the server to delete what it holds. Resolves with how many queued events were purged.
   */
  async withdrawConsent(deleteOnServer: () => Promise<unknown>): Promise<number> {
    let purged = 0;
    this.guard('withdrawConsent', () => {
      this.consent.set(false, this.consent.current?.version ?? '', this.opts.clock.now());
      purged = this.purgeQueue();
    });
    await deleteOnServer();
    return purged;
  }

  /**
   * 删除我的数据 (consent kept): events captured before the request must not reach the server
   * after its erasure — they would bring back data from before the deletion. A batch in flight
   * lands first (the erasure then takes it); what still waits on the device is dropped.
   */
  async deleteData(deleteOnServer: () => Promise<unknown>): Promise<number> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    const purged = this.purgeQueue();
    await deleteOnServer();
    return purged;
  }

  /**
   * Holds sending (events are still queued) until {@link resume}: used at launch while the
   * device's consent is checked against the server, so nothing leaves under a stale decision.
   */
  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  /** Number of events waiting. */
  get queueSize(): number {
    return this.queue.size;
  }

  /** Queued events, oldest first (debug, tests). */
  pending(): TrackedEvent[] {
    return this.queue.peekAll();
  }

  /** Called when the app goes to the background: one best-effort flush that may outlive the page. */
  appHidden(): void {
    this.hiddenAt = this.opts.clock.now();
    void this.flush({ keepalive: true, ignoreBackoff: true });
  }

  /** Called when the app comes back: a new session after a long absence. */
  appShown(): void {
    const now = this.opts.clock.now();
    const timeout = this.opts.sessionTimeoutMs ?? 30 * 60 * 1000;
    if (this.hiddenAt !== null && now - this.hiddenAt > timeout) this.sessionId = 's' + randomId(now, this.random, 8);
    this.hiddenAt = null;
    this.schedule();
  }

  /**
   * Sends queued events, batch after batch, until the queue is empty or an attempt fails.
   * Only one request is in flight at a time; concurrent calls share it.
   */
  flush(opts: { keepalive?: boolean; ignoreBackoff?: boolean } = {}): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.started || !this.consent.granted || this.paused || this.queue.size === 0) return Promise.resolve();
    const now = this.opts.clock.now();
    if (this.pacing.waiting(now, opts.ignoreBackoff ?? false)) return Promise.resolve();
    this.clearTimer();
    const run = this.drain(opts.keepalive ?? false)
      .catch((err) => this.log.error('tracker: flush failed', err))
      .finally(() => {
        this.inFlight = null;
        this.schedule();
      });
    this.inFlight = run;
    return run;
  }

  /** Stops timers (tests, hot reload). Queued events stay persisted. */
  dispose(): void {
    this.clearTimer();
    this.started = false;
  }

  private enqueue(name: string, props: unknown): boolean {
    this.stats.tracked++;
    if (!this.started) this.start();
    if (!this.consent.granted) {
      this.stats.dropped.noConsent++;
      this.log.debug('drop: no consent', name);
      return false;
    }
    const v = this.opts.validate(name, props);
    if (!v.ok) {
      this.stats.dropped.invalid++;
      this.log.error(`tracker: not sent, ${v.error}`, props);
      return false;
    }
    const now = this.opts.clock.now();
    const seq = this.seq.take();
    const event = {
      // time + per-device seq make it unique on this device; the random tail across devices.
      eventId: `${randomId(now, this.random, 10)}-${seq.toString(36)}`,
      name,
      seq,
      deviceId: this.deviceId,
      sessionId: this.sessionId,
      clientTs: now,
      ...(this.page ? { page: this.page } : {}),
      props: v.props,
    } as TrackedEvent;
    this.queue.push(event);
    this.log.debug('queued', { name, seq: event.seq, size: this.queue.size });
    if (this.queue.size >= this.flushAt) void this.flush();
    else this.schedule();
    return true;
  }

  private async drain(keepalive: boolean): Promise<void> {
    const epoch = this.epoch;
    for (;;) {
      this.queue.expire(this.opts.clock.now());
      const batch = this.queue.head(this.pacing.limit, this.maxBatchBytes).map((q) => q.event);
      if (batch.length === 0) return;
      this.stats.requests++;
      this.log.debug('send', { events: batch.length, attempt: this.pacing.attempts });
      let outcome;
      try {
        outcome = await this.opts.transport.send(batch, { keepalive });
      } catch (err) {
        outcome = { kind: 'network' as const, message: String((err as Error)?.message ?? err) };
      }
      if (epoch !== this.epoch) return; // consent withdrawn meanwhile: those events are gone
      const d = decideRetry(batch.map((e) => e.eventId), outcome);
      this.log.debug('decision', { reason: d.reason, done: d.done.length, drop: d.drop.length, retry: d.retry.length });
      this.queue.remove([...d.done, ...d.drop.map((x) => x.eventId)]);
      this.countResults(outcome, d.drop.length);
      if (d.drop.length) this.log.error('tracker: server rejected events', d.drop);
      if (d.shrink) {
        this.pacing.shrink(batch.length);
        continue;
      }
      if (d.holdUntil !== undefined) {
        this.stats.retries += d.retry.length;
        this.pacing.hold(d.holdUntil);
        return;
      }
      if (d.backoff) {
        this.stats.retries += d.retry.length;
        this.pacing.backOff();
        return;
      }
      this.pacing.succeeded();
      if (d.retry.length) this.stats.retries += d.retry.length;
      if (d.retry.length === batch.length) return; // no progress: let the timer try again
    }
  }

  private countResults(outcome: Awaited<ReturnType<TransportPort['send']>>, dropped: number): void {
    this.stats.rejected += dropped;
    if (outcome.kind === 'reply' && outcome.reply.ok) {
      for (const r of outcome.reply.data?.results ?? []) {
        if (r.status === 'accepted') this.stats.accepted++;
        else if (r.status === 'duplicate') this.stats.duplicate++;
      }
    }
  }

  private purgeQueue(): number {
    this.epoch++;
    this.clearTimer();
    this.pacing.reset();
    const n = this.queue.clear();
    this.stats.dropped.purged += n;
    this.log.debug('consent: queue purged', n);
    return n;
  }

  /** Arms one timer: at the end of the backoff if backing off, else after the flush interval. */
  private schedule(): void {
    if (!this.started || !this.consent.granted || this.paused || this.queue.size === 0 || this.inFlight) return;
    const now = this.opts.clock.now();
    const at = this.pacing.nextFlushAt(now, this.flushIntervalMs);
    if (this.timer !== null && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(0, at - now));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private guard<T>(what: string, fn: () => T, fallback?: T): T {
    try {
      return fn();
    } catch (err) {
      this.log.error(`tracker: ${what} failed`, err);
      return fallback as T;
    }
  }
}
