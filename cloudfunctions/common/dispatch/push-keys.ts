/**
 * The push keys a grants document remembers, so a push WeChat retries is applied once. They are
 * fields of the map `pushed` (stored name of the key → when it was applied, ms), not elements of
 * an array: "not applied yet" is then `pushed.<key>` not existing, which reads the same on every
 * backend, where `pushKeys ≠ key` against an array does not (CloudBase documents no reading of
 * `neq` on an array; one that compares the whole array applies every retry again —
 * common/db/array-neq.ts).
 *
 * Rolling deploy: while CloudBase updates `wxpush` it keeps old instances serving for a time it
 * does not document, so the release before the map (which asks `pushKeys: _.neq(key)` of the
 * `pushKeys` array and pushes the key there) may get a retry of a push this release applied, or
 * apply one between this release's read and its update. So every key is still pushed onto that
 * array too (kept to the newest KEYS_KEPT, as the old release does), and the update's condition
 * asks both forms: the map's field does not exist AND the array does not hold the key, the latter
 * as CloudBase's `nor` reference spells "tags 数组不包含 miniprogram" — `_.nor([{tags: 'miniprogram'}])`,
 * the negation of the documented element match, true of a missing field — never `neq`. Whatever
 * the old instance did, this release's update sees it. The other way round the old release's own
 * `neq` decides: it holds (no second apply) where `neq` on an array reads by element as MongoDB
 * does; where it compares the whole array, an old instance applies every retry it gets, of a key
 * applied by either release, exactly as it did on its own (README, Deploy, "Updating wxpush").
 */
import { readEntry, storedEntry, storedKey } from '../db/stored-keys';

/** Push keys remembered per grant document: WeChat's retries come within seconds, not hundreds. */
export const KEYS_KEPT = 64;

/** The map's field. */
export const PUSHED = 'pushed';

/** The array the release before the map reads and writes; still written for a rolling deploy. */
export const LEGACY_KEYS = 'pushKeys';

/**
 * "The array `pushKeys` does not hold `key`" (and is true when the field is absent), as CloudBase
 * documents it (Command.nor, example 2): the negation of the element match, not `neq`.
 */
export const notInLegacyArray = (_: { nor: (q: unknown[]) => unknown }, key: string): unknown =>
  _.nor([{ [LEGACY_KEYS]: key }]);

/** The dotted path of `key`'s entry in the map (a legal stored name, common/db/stored-keys.ts). */
export const pushedPath = (key: string): string => `${PUSHED}.${storedKey(key)}`;

/** The stored value of `key` applied at `at` (ms): the time, with the key beside it when its name is hashed. */
export const pushedValue = (key: string, at: number): unknown => storedEntry(key, at)[1];

/** What a grants document holds of its remembered keys (either form, either age). */
export interface PushKeysDoc {
  pushed?: Record<string, unknown>;
  /** The array the release before the map wrote (still written: rolling deploys). */
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
