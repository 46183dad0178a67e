/**
 * The push keys a grants document remembers, so a push WeChat retries is applied once. They are
 * fields of the map `pushed` (stored name of the key → when it was applied, ms), not elements of
 * an array: "not applied yet" is then `pushed.<key>` not existing, which reads the same on every
 * backend, where `pushKeys ≠ key` against an array does not (CloudBase documents no reading of
 * `neq` on an array; one that compares the whole array applies every retry again —
 * common/db/array-neq.ts). Documents written before keep their `pushKeys` array; it is no longer
 * written, so reading it back is enough to keep deduplicating a retry of one of its keys.
 */
import { readEntry, storedEntry, storedKey } from '../db/stored-keys';

/** Push keys remembered per grant document: WeChat's retries come within seconds, not hundreds. */
export const KEYS_KEPT = 64;

/** The map's field. */
export const PUSHED = 'pushed';

/** The dotted path of `key`'s entry in the map (a legal stored name, common/db/stored-keys.ts). */
export const pushedPath = (key: string): string => `${PUSHED}.${storedKey(key)}`;

/** The stored value of `key` applied at `at` (ms): the time, with the key beside it when its name is hashed. */
export const pushedValue = (key: string, at: number): unknown => storedEntry(key, at)[1];

/** What a grants document holds of its remembered keys (either form, either age). */
export interface PushKeysDoc {
  pushed?: Record<string, unknown>;
  /** The array of documents written before the map (read only). */
  pushKeys?: unknown;
}

/** Whether `doc` remembers `key` as applied: in the map, or in the array of an older document. */
export function remembers(doc: PushKeysDoc | null | undefined, key: string): boolean {
  if (!doc) return false;
  if (doc.pushed && Object.prototype.hasOwnProperty.call(doc.pushed, storedKey(key))) return true;
  return Array.isArray(doc.pushKeys) && doc.pushKeys.includes(key);
}

const appliedAt = (k: string, v: unknown): number => {
  const e = readEntry(k, v);
  return e && typeof e[1] === 'number' ? e[1] : 0;
};

/**
 * The map's entries to drop so that, with one more added, at most `kept` remain: the oldest
 * (ties: by name, so every caller picks the same). Read from a snapshot, so racing writers may
 * each keep one extra until the next push trims it.
 */
export function evictions(doc: PushKeysDoc | null | undefined, kept = KEYS_KEPT): string[] {
  const entries = Object.entries(doc?.pushed ?? {}).map(([k, v]) => [k, appliedAt(k, v)] as const);
  if (entries.length < kept) return [];
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.slice(kept - 1).map(([k]) => `${PUSHED}.${k}`);
}
