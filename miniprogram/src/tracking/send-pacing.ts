/**
 * When the tracker may send and how much at once: exponential backoff after failures, the hold a
 * RATE_LIMITED answer asks for, and the batch size that halves on "too large" and grows back on
 * success. Separate from the tracker so the pacing state lives in one place with its rules; the
 * decisions themselves stay pure in retry-policy.ts.
 */
import type { ClockPort, LoggerPort } from './ports';
import { backoffDelay, type BackoffOptions } from './retry-policy';

/** A RATE_LIMITED hold: spread by at most a minute, never longer than a day. */
const HOLD_JITTER_MS = 60_000;
const MAX_HOLD_MS = 24 * 3_600_000;

/** The tracker's send pacing (one per tracker). */
export class SendPacing {
  /** Failed sends in a row (the backoff exponent). */
  private attempt = 0;
  private backoffUntil = 0;
  /** RATE_LIMITED: nothing is sent before this, not even on hide (see {@link hold}). */
  private holdUntil = 0;
  private batchLimit: number;

  constructor(
    private readonly o: {
      backoff: BackoffOptions;
      /** The largest batch (events). */
      fullBatch: number;
      clock: ClockPort;
      random: () => number;
      log: LoggerPort;
    },
  ) {
    this.batchLimit = o.fullBatch;
  }

  /** Failed sends in a row so far. */
  get attempts(): number {
    return this.attempt;
  }

  /** Events the next batch may carry. */
  get limit(): number {
    return this.batchLimit;
  }

  /** Whether a send must wait now: always during a hold; during a backoff unless told to ignore it (a hide). */
  waiting(now: number, ignoreBackoff: boolean): boolean {
    return now < this.holdUntil || (!ignoreBackoff && now < this.backoffUntil);
  }

  /** When the timer should flush next: the end of the backoff if backing off, else after `intervalMs`. */
  nextFlushAt(now: number, intervalMs: number): number {
    return Math.max(this.backoffUntil, this.backoffUntil > now ? 0 : now + intervalMs);
  }

  /** The server found the batch too large: half of `sent` next time. */
  shrink(sent: number): void {
    this.batchLimit = Math.max(1, Math.floor(sent / 2));
  }

  /** A failure worth retrying later: back off (jittered, exponential). */
  backOff(): void {
    const delay = backoffDelay(this.attempt++, this.o.backoff, this.o.random);
    this.backoffUntil = this.o.clock.now() + delay;
    this.o.log.debug('backoff', { delayMs: delay, attempt: this.attempt });
  }

  /**
   * The server's rate limit said when sending can succeed: keep every queued event (an honest
   * customer who met the limit loses nothing; the queue's count, size and age bounds cap what
   * waits) and send nothing until then, a hide included. Spread by a tenth of the wait, at most a
   * minute, so devices held until the same midnight do not arrive at once; never longer than a day (a wrong clock or
   * answer cannot silence the tracker for good), never sooner than the usual backoff.
   */
  hold(retryAt: number): void {
    const now = this.o.clock.now();
    const floor = now + backoffDelay(this.attempt++, this.o.backoff, this.o.random);
    const spread = Math.min(HOLD_JITTER_MS, Math.max(0, retryAt - now) / 10);
    const until = Math.min(Math.max(retryAt + Math.round(this.o.random() * spread), floor), now + MAX_HOLD_MS);
    this.holdUntil = until;
    this.backoffUntil = until;
    this.o.log.debug('rate limited: hold', { untilMs: until - now });
  }

  /** A batch went through: no backoff, and the batch size grows back towards the full one. */
  succeeded(): void {
    this.attempt = 0;
    this.backoffUntil = 0;
    this.batchLimit = Math.min(this.o.fullBatch, this.batchLimit * 2);
  }

  /** The queue was purged: nothing to wait for any more. */
  reset(): void {
    this.attempt = 0;
    this.backoffUntil = 0;
    this.holdUntil = 0;
  }
}
