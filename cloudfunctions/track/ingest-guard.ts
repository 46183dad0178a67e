/**
 * What one container remembers to refuse a flood without asking the database (limit-ingest):
 * a token bucket of batches per customer (the burst guard) and the room it last saw left in a
 * customer's day (the quota). Module-level in the function (index.ts), so it lives as long as the
 * container; per container, so approximate — N warm containers let a flooder through N times.
 */

/** The burst guard's bucket: `capacity` batches, refilled one per `refillMs`. */
export const BURST = { capacity: 300, refillMs: 100 } as const;

/** Entries kept per map before it is cleared (a container's memory stays bounded). */
const MAX_ENTRIES = 20_000;

/** A container's ingest guard. */
export class IngestGuard {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly room = new Map<string, number>();

  constructor(private readonly burst: { capacity: number; refillMs: number } = BURST) {}

  /** Batches a customer may send back to back. */
  get capacity(): number {
    return this.burst.capacity;
  }

  /** Takes one token of `openid`'s bucket at `now`: 0, or the ms until a token is free (none taken). */
  takeToken(openid: string, now: number): number {
    let b = this.buckets.get(openid);
    if (!b) {
      if (this.buckets.size >= MAX_ENTRIES) this.buckets.clear();
      this.buckets.set(openid, (b = { tokens: this.burst.capacity, at: now }));
    }
    const refilled = Math.floor(Math.max(0, now - b.at) / this.burst.refillMs);
    if (refilled > 0) {
      b.tokens = Math.min(this.burst.capacity, b.tokens + refilled);
      b.at = b.tokens === this.burst.capacity ? now : b.at + refilled * this.burst.refillMs;
    }
    if (b.tokens === 0) return b.at + this.burst.refillMs - now;
    b.tokens--;
    return 0;
  }

  /** Remembers that `openid` had at most `left` events of room on `day` (the day's count only grows). */
  rememberRoom(openid: string, day: string, left: number): void {
    const key = `${openid}|${day}`;
    if (this.room.size >= MAX_ENTRIES) this.room.clear();
    this.room.set(key, Math.min(left, this.room.get(key) ?? left));
  }

  /** The room `openid` was last seen with on `day` (an upper bound), or undefined. */
  roomLeft(openid: string, day: string): number | undefined {
    return this.room.get(`${openid}|${day}`);
  }
}
