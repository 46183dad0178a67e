/**
 * Keys of a day bucket's sets: `s` + session id (the tracker's ids hold `-`: `s` + base36 time +
 * `-` + 8 chars) and `c` + category id (the shop's ids: letters, digits, `_`, `-`, up to 64). Both
 * are stored as legal field names (db/stored-keys.ts), so `d.<day>.s.<key>` and `d.<day>.c.<key>`
 * never create a name CloudBase may refuse. A reader compares or shows {@link canonicalKey}s: the
 * same for a key stored before (plain `ss1a2b-x9`) and after (`q_ss1a2b_2dx9`), so a profile
 * upgraded in place counts one session or category once, not twice.
 */
import { isHashedKey, nameOfKey, storedKey } from '../db/stored-keys';

/**
 * Memoised: the full rebuild folds every event of the shop through the reducer, and a session's
 * or category's key repeats across its events (measured: ~1-3 µs a call unmemoised, load ~13).
 */
function memo(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let k = cache.get(s);
    if (k === undefined) {
      k = f(s);
      if (cache.size > 50_000) cache.clear();
      cache.set(s, k);
    }
    return k;
  };
}

/**
 * The session id of the events the server writes itself (an order's facts, facts/order-facts.ts).
 * It is not a visit of its own: the customer placed the order in an app session of that day.
 */
export const SERVER_SESSION_ID = 'server';

/** The stored key of session `sessionId` in a day bucket's `s` set. */
export const sessionKey = memo((sessionId) => storedKey('s' + sessionId));

/** The stored key of category `categoryId` in a day bucket's `c` map. */
export const categoryKey = memo((categoryId) => storedKey('c' + categoryId));

/**
 * The name behind a stored set key (`s…`/`c…`), whichever way it was stored; a hashed key (a name
 * too long to keep in the key) stands for itself.
 */
export const canonicalKey = memo((key) => nameOfKey(key) ?? key);

/**
 * Category ids of hashed `c` keys (stored key → id), resolved by whoever reads them from where the
 * ids come from (catalog/category-keys.ts): the key alone cannot say.
 */
export type HashedCategoryIds = Readonly<Record<string, string>>;

/**
 * The category id of a `c` key; for a hashed key (its id is not in the key) the id `hashed`
 * resolved for it, else undefined.
 */
export function categoryOfKey(key: string, hashed: HashedCategoryIds = {}): string | undefined {
  if (isHashedKey(key)) return Object.prototype.hasOwnProperty.call(hashed, key) ? hashed[key] : undefined;
  const name = canonicalKey(key);
  return name.startsWith('c') ? name.slice(1) : undefined;
}

/** The hashed keys among the `c` keys of every day bucket of `d` (a profile's `d`). */
export function hashedCategoryKeysOf(d: unknown): string[] {
  const out = new Set<string>();
  if (d && typeof d === 'object')
    for (const day of Object.values(d as Record<string, { c?: Record<string, unknown> } | null>))
      if (day?.c && typeof day.c === 'object') for (const k of Object.keys(day.c)) if (isHashedKey(k)) out.add(k);
  return [...out];
}
