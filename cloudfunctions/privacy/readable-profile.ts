/**
 * The profile as the export hands it over (PIPL art. 45: a copy the customer can read). Stored, a
 * day bucket's sets are keyed by legal field names (db/stored-keys.ts): `q_ccat_2d01` for category
 * `cat-01`, `qh_<hash>_…` for an id too long for a key. The copy keys them by what they stand for —
 * category ids (`c`) and session ids (`s`) — and names every category it lists.
 */
import type { Doc } from '../common/db/wx-db';
import { canonicalKey, categoryOfKey, type HashedCategoryIds } from '../common/profile/bucket-keys';
import { storedSegmentWording } from '../common/segments/customer-wording';
import { namesInTodaysWords } from '../common/segments/display-name';
import { storedReasons } from '../common/segments/reasons';
import { storedChurn } from '../common/value/churn';

type Bucket = Record<string, unknown> & { c?: Record<string, number>; s?: Record<string, number> };

/**
 * A map keyed by ids without a prototype: category ids are merchant-chosen (`[A-Za-z0-9_-]+`), so
 * `constructor` or `__proto__` are valid ones, and a plain `{}` would read the first as inherited
 * and swallow the second.
 */
const idMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** A bucket's `c` map by category id (a key stored two ways counts once, summed); unresolved keys stay as stored. */
function byCategory(c: Record<string, number>, hashed: HashedCategoryIds): Record<string, number> {
  const out = idMap<number>();
  for (const [k, w] of Object.entries(c)) {
    const id = categoryOfKey(k, hashed) ?? k;
    out[id] = (out[id] ?? 0) + w;
  }
  return out;
}

/** A bucket's `s` set by session id. */
function bySession(s: Record<string, number>): Record<string, number> {
  const out = idMap<number>();
  for (const [k, v] of Object.entries(s)) {
    const name = canonicalKey(k);
    out[name.startsWith('s') ? name.slice(1) : name] = v;
  }
  return out;
}

/**
 * The sentences a profile stores with their figures (the segment's reasons, the churn reason), and
 * its segment's name, in today's words: the copy gives the sentences the readme describes, not the
 * figures' storage (`segmentReasonFacts`, `value.churnFacts`, whose every figure the sentence
 * states), and the name the product uses now (segments/display-name.ts). Beside staff's name
 * (`segmentName`, what the shop holds and targets by), `segmentNameShown`: the name 我的 gives the
 * same group (segments/customer-wording.ts), so the copy does not read as a fourth group.
 */
function sentencesInTodaysWords(profile: Doc): Doc {
  const { segmentReasonFacts, ...kept } = profile;
  const out = namesInTodaysWords(kept, ['segmentName']);
  const shown = storedSegmentWording(profile);
  if (shown) out.segmentNameShown = shown.name;
  if (segmentReasonFacts !== undefined) out.segmentReasons = storedReasons(segmentReasonFacts, profile.segmentReasons);
  const value = profile.value as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && 'churnFacts' in value) {
    const { churnFacts: _facts, ...rest } = value;
    const churn = storedChurn(value);
    out.value = churn ? { ...rest, churnReason: churn.reason } : rest;
  }
  return out;
}

/** `profile` with its day buckets' keys read back (`hashed`: catalog/category-keys.ts) and its sentences in today's words. */
export function readableProfile(stored: Doc | null, hashed: HashedCategoryIds): Doc | null {
  if (!stored) return stored;
  const profile = sentencesInTodaysWords(stored);
  if (!profile.d || typeof profile.d !== 'object') return profile;
  const d: Record<string, Bucket> = {};
  for (const [day, b] of Object.entries(profile.d as Record<string, Bucket>)) {
    if (!b || typeof b !== 'object') {
      d[day] = b;
      continue;
    }
    d[day] = {
      ...b,
      ...(b.c ? { c: byCategory(b.c, hashed) } : {}),
      ...(b.s ? { s: bySession(b.s) } : {}),
    };
  }
  return { ...profile, d };
}

/** Every category id the readable profile's buckets list (for their names). */
export function profileCategoryIds(profile: Doc | null): string[] {
  const ids = new Set<string>();
  for (const b of Object.values((profile?.d ?? {}) as Record<string, Bucket | null>))
    if (b?.c && typeof b.c === 'object') for (const id of Object.keys(b.c)) ids.add(id);
  return [...ids].sort();
}
