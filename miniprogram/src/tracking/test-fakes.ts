/**
 * In-memory port implementations for tests and the bench (not imported by the app).
 * They behave like the real ones where it matters: storage holds strings, the clock's timers
 * fire only when time is advanced, the transport answers like the `track` function.
 */
import type { TrackedEvent } from '../../../cloudfunctions/common/contracts/events';
import type { ClockPort, SendOutcome, StoragePort, TransportPort } from './ports';

/** Storage as a Map of strings. */
export class MemoryStorage implements StoragePort {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.has(key) ? (this.map.get(key) as string) : null;
  }
  set(key: string, value: string): void {
    this.map.set(key, String(value));
  }
  remove(key: string): void {
    this.map.delete(key);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

/** A clock whose timers fire only when a test advances it. */
export class FakeClock implements ClockPort {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
  /** Moves time forward, firing due timers in order, letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** Lets queued promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A server stand-in keyed like the events collection (`eventId` stored once). */
export class FakeTrackServer implements TransportPort {
  readonly stored = new Map<string, TrackedEvent>();
  readonly requests: TrackedEvent[][] = [];
  /** When set, the next sends fail this way instead of reaching the "server". */
  failWith: SendOutcome | null = null;
  /** Events whose name is here are rejected as poison. */
  rejectNames = new Set<string>();
  async send(events: TrackedEvent[]): Promise<SendOutcome> {
    this.requests.push(events);
    if (this.failWith) return this.failWith;
    const results = events.map((e) => {
      if (this.rejectNames.has(e.name)) return { eventId: e.eventId, status: 'rejected' as const, code: 'INVALID_INPUT' };
      if (this.stored.has(e.eventId)) return { eventId: e.eventId, status: 'duplicate' as const };
      this.stored.set(e.eventId, e);
      return { eventId: e.eventId, status: 'accepted' as const };
    });
    return { kind: 'reply', reply: { ok: true, data: { results } } };
  }
}
