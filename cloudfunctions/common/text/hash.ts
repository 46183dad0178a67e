/**
 * Feature hashing: FNV-1a over UTF-16 code units, seeded per feature namespace, finished with
 * murmur3's fmix32 so the low bits (used as the bucket id) are well mixed. 32-bit, no allocation.
 */

/** Namespace seeds: the same string hashes differently as a char n-gram, a word, a negated unit. */
export const NS = {
  char: 0x811c9dc5,
  word: 0x1b873593,
  neg: 0x27d4eb2f,
  final: 0x165667b1,
  contrast: 0x9e3779b9,
} as const;

/** fmix32 from MurmurHash3: avalanche the FNV state. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of `s.slice(start, end)` in namespace `seed` (no substring is created). */
export function hashRange(s: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Hash of a whole string in namespace `seed`. */
export function hashString(s: string, seed: number): number {
  return hashRange(s, 0, s.length, seed);
}
