/**
 * Identifiers the tracker mints: event ids, device and session ids, and the per-device sequence.
 * Ids match the contract's `id` rule (letters, digits, `_`, `-`; ≤ 64 chars).
 */
import type { StoragePort } from './ports';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random id of `len` base-36 characters, prefixed with the time so ids sort roughly by creation. */
export function randomId(now: number, random: () => number, len = 12): string {
  let s = now.toString(36) + '-';
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(random() * 36) % 36];
  return s;
}

/** Storage keys of the tracker's own state. */
export const KEYS = {
  device: 'qx.device',
  seqBlock: 'qx.seq',
  consent: 'qx.consent',
  queuePrefix: 'qx.q.',
} as const;

/** The device id, created once and kept in storage. */
export function loadDeviceId(storage: StoragePort, now: number, random: () => number): string {
  const existing = storage.get(KEYS.device);
  if (existing && /^[A-Za-z0-9_-]{1,64}$/.test(existing)) return existing;
  const id = 'd' + randomId(now, random, 10);
  storage.set(KEYS.device, id);
  return id;
}

/**
 * Per-device monotonically increasing sequence numbers. Reserves numbers in blocks (hi/lo) so a
 * `track()` call writes storage only once per block, and a restart never reuses a number: it
 * starts after the last reserved block (gaps are allowed, repeats are not).
 */
export class SeqAllocator {
  private next: number;
  private limit: number;

  constructor(
    private readonly storage: StoragePort,
    private readonly blockSize = 256,
  ) {
    const saved = Number(storage.get(KEYS.seqBlock) ?? '0');
    this.next = Number.isSafeInteger(saved) && saved > 0 ? saved : 0;
    this.limit = this.next;
  }

  /** The next sequence number. */
  take(): number {
    if (this.next >= this.limit) {
      this.limit = this.next + this.blockSize;
      try {
        this.storage.set(KEYS.seqBlock, String(this.limit));
      } catch {
        // Storage full: keep counting in memory; the queue's own write reports the failure.
      }
    }
    return this.next++;
  }
}
