/**
 * The persist-first event queue. Each event is written to storage under its own key before
 * `push` returns (one small write per event: no rewrite of the whole queue, and no key comes
 * near wx storage's 1 MB-per-key limit, so no chunking is needed). Bounded by count, bytes and
 * age: when a bound is exceeded the OLDEST events go first, and every drop is counted.
 */
import type { TrackedEvent } from '../../../cloudfunctions/common/contracts/events';
import { KEYS } from './ids';
import type { LoggerPort, StoragePort } from './ports';
import type { TrackerStats } from './stats';
import { utf8Length } from './utf8';

/** Bounds of the queue. */
export interface QueueLimits {
  maxCount: number;
  maxBytes: number;
  /** Events older than this (by client time) are dropped as stale. */
  maxAgeMs: number;
}

/** An event in the queue with its serialised size. */
export interface QueuedEvent {
  event: TrackedEvent;
  bytes: number;
}

/** Events persisted one key each before `push` returns, bounded by count, bytes and age (oldest dropped first). */
export class PersistentQueue {
  private items: QueuedEvent[] = [];
  private totalBytes = 0;

  constructor(
    private readonly storage: StoragePort,
    private readonly limits: QueueLimits,
    private readonly stats: TrackerStats,
    private readonly log: LoggerPort,
  ) {}

  get size(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Reloads what a previous run persisted (in sequence order), then applies the bounds. */
  load(now: number): void {
    const loaded: QueuedEvent[] = [];
    for (const key of this.storage.keys()) {
      if (!key.startsWith(KEYS.queuePrefix)) continue;
      const raw = this.storage.get(key);
      try {
        const event = JSON.parse(raw ?? '') as TrackedEvent;
        if (!event || typeof event.eventId !== 'string' || key !== KEYS.queuePrefix + event.eventId) throw new Error('bad entry');
        loaded.push({ event, bytes: utf8Length(raw as string) });
      } catch {
        this.storage.remove(key);
        this.log.debug('queue: dropped unreadable entry', key);
      }
    }
    loaded.sort((a, b) => a.event.seq - b.event.seq);
    this.items = loaded;
    this.totalBytes = loaded.reduce((s, q) => s + q.bytes, 0);
    this.log.debug('queue: loaded', { count: this.items.length, bytes: this.totalBytes });
    this.expire(now);
    this.enforceBounds();
  }

  /** Persists then appends one event; returns the ids dropped to stay within bounds. */
  push(event: TrackedEvent): string[] {
    const raw = JSON.stringify(event);
    try {
      this.storage.set(KEYS.queuePrefix + event.eventId, raw);
    } catch (err) {
      this.stats.persistFailed++;
      this.log.error('queue: could not persist event, keeping it in memory', err);
    }
    const bytes = utf8Length(raw);
    this.items.push({ event, bytes });
    this.totalBytes += bytes;
    this.stats.enqueued++;
    return this.enforceBounds();
  }

  /** The oldest events that fit in one request (at least one, even if alone it is too big). */
  head(maxEvents: number, maxBytes: number): QueuedEvent[] {
    const out: QueuedEvent[] = [];
    let bytes = 0;
    for (const q of this.items) {
      if (out.length >= maxEvents) break;
      if (out.length > 0 && bytes + q.bytes + 1 > maxBytes) break;
      out.push(q);
      bytes += q.bytes + 1;
    }
    return out;
  }

  /** Removes events by id (delivered or dropped) from memory and storage. */
  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    const keep: QueuedEvent[] = [];
    for (const q of this.items) {
      if (gone.has(q.event.eventId)) {
        this.storage.remove(KEYS.queuePrefix + q.event.eventId);
        this.totalBytes -= q.bytes;
      } else keep.push(q);
    }
    this.items = keep;
  }

  /** Drops events older than `maxAgeMs`; returns how many. */
  expire(now: number): number {
    const stale = this.items.filter((q) => now - q.event.clientTs > this.limits.maxAgeMs).map((q) => q.event.eventId);
    if (stale.length) {
      this.remove(stale);
      this.stats.dropped.expired += stale.length;
      this.log.debug('queue: expired', stale.length);
    }
    return stale.length;
  }

  /** Empties the queue and its storage (consent withdrawn). */
  clear(): number {
    const n = this.items.length;
    this.remove(this.items.map((q) => q.event.eventId));
    // Also remove keys a failed load might have left behind.
    for (const key of this.storage.keys()) if (key.startsWith(KEYS.queuePrefix)) this.storage.remove(key);
    return n;
  }

  /** Snapshot of queued events, oldest first (tests, debug). */
  peekAll(): TrackedEvent[] {
    return this.items.map((q) => q.event);
  }

  private enforceBounds(): string[] {
    const dropped: string[] = [];
    while (this.items.length > this.limits.maxCount || (this.items.length > 0 && this.totalBytes > this.limits.maxBytes)) {
      const oldest = this.items.shift() as QueuedEvent;
      this.storage.remove(KEYS.queuePrefix + oldest.event.eventId);
      this.totalBytes -= oldest.bytes;
      dropped.push(oldest.event.eventId);
    }
    if (dropped.length) {
      this.stats.dropped.overflow += dropped.length;
      this.log.debug('queue: over bounds, dropped oldest', dropped.length);
    }
    return dropped;
  }
}
