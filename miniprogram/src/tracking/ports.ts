/**
 * The tracker's ports: the only ways the platform-free core reaches the outside world.
 * Adapters live in `miniprogram/src/platform/` (weapp: wx storage + Taro.cloud.callFunction;
 * h5: localStorage + fetch to the local cloud's gateway). Tests pass in-memory fakes.
 */
import type { TrackedEvent } from '../../../cloudfunctions/common/contracts/events';

/** Synchronous key-value storage (wx.*StorageSync, localStorage). Values are strings. */
export interface StoragePort {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** Every key currently stored (used once at start to reload the persisted queue). */
  keys(): string[];
}

/** Per-event outcome the `track` function reports inside `data` of the reply envelope. */
export interface TrackResult {
  eventId: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  code?: string;
}

/**
 * What one send attempt came back with. The transport never throws: every failure is one of
 * these shapes, so the retry-or-drop decision can be a pure function of it.
 */
export type SendOutcome =
  | { kind: 'reply'; reply: { ok: true; data: { results: TrackResult[] } } | { ok: false; error: { code: string; message: string; details?: unknown } } }
  | { kind: 'http'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' };

/** Sends one batch to the `track` function. */
export interface TransportPort {
  send(events: TrackedEvent[], opts: { keepalive: boolean }): Promise<SendOutcome>;
}

/** Time and timers (injected so tests and property tests control them). */
export interface ClockPort {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Signals from the host app the auto-capture listens to. Each `on*` returns an unsubscribe. */
export interface LifecyclePort {
  onAppShow(cb: (info: { scene?: number }) => void): () => void;
  onAppHide(cb: () => void): () => void;
  onPageShow(cb: (path: string) => void): () => void;
  onPageHide(cb: (path: string) => void): () => void;
  /** A share the user made; the adapter must not alter the share's path or title. */
  onShare(cb: (info: { path: string; channel: 'friend' | 'timeline' }) => void): () => void;
}

/** Where debug decisions and development errors go. */
export interface LoggerPort {
  debug(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

/** A logger that says nothing (production default for `debug`). */
export const silentLogger: LoggerPort = { debug: () => undefined, error: () => undefined };
