/**
 * Whether an equality with null (`{f: null}`, `_.eq(null)`, `null` inside `_.in`) matches a stored
 * null or a missing field. MongoDB's does (both); CloudBase's reference does not say, and a backend
 * or translation layer that reads it as SQL's `f = NULL` (three-valued: never true) matches
 * nothing — `f <> NULL` and `f NOT IN (…, NULL)` neither. Product code must hold under both, so the
 * stand-ins of the cloud's database take the stricter reading by default ('nomatch'); code that
 * means "no value" stores a sentinel (`''`) and asks for it, adding `_.exists(false)` for legacy
 * documents. `QX_NULL_EQ=match` (or the option) restores MongoDB's reading.
 *
 * Used where neq-missing.ts is (the local cloud's wire actions, the memory SDK), applied first:
 * lt-missing.ts adds a `{f: null}` of its own that stands for MongoDB's null-or-missing.
 */
import { envChoice } from './env-choice';
import { operators, rewriteFields, type Filter } from './query-walk';

/** 'nomatch' (strict, SQL-like) or 'match' (MongoDB's reading). */
export type NullEqMode = 'match' | 'nomatch';

/** Options that choose the reading (engine options extend this). */
export interface NullEqOptions {
  /** Default: `QX_NULL_EQ`, else {@link DEFAULT_NULL_EQ}. */
  nullEq?: NullEqMode;
}

/** The reading when neither the option nor `QX_NULL_EQ` names one. */
export const DEFAULT_NULL_EQ: NullEqMode = 'nomatch';

/** The mode `opts` asks for, else `QX_NULL_EQ`, else the default; anything else is refused. */
export const nullEqMode = (opts: NullEqOptions = {}): NullEqMode => envChoice('QX_NULL_EQ', ['match', 'nomatch'], opts.nullEq, DEFAULT_NULL_EQ);

/** A condition no document satisfies. */
const NOTHING = { $in: [] as unknown[] };

/** One field's condition as SQL reads null in it. */
function fieldCondition(v: unknown): unknown {
  if (v === null) return NOTHING;
  if (!operators(v)) return v;
  const out: Filter = {};
  for (const [op, arg] of Object.entries(v)) {
    if ((op === '$eq' || op === '$ne') && arg === null) return NOTHING;
    if (op === '$nin' && Array.isArray(arg) && arg.includes(null)) return NOTHING;
    out[op] = op === '$in' && Array.isArray(arg) ? arg.filter((x) => x !== null) : arg;
  }
  return out;
}

/**
 * `filter` (a MongoDB query) as the mode reads it: in 'nomatch', a field condition that is null,
 * `$eq: null`, `$ne: null` or a `$nin` holding null matches no document, and `$in` drops its nulls,
 * at any depth of `$and` / `$or`. `$exists` is left as MongoDB reads it (a stored null exists).
 * The input is not mutated.
 */
export function applyNullEq<T>(filter: T, mode: NullEqMode): T {
  if (mode === 'match') return filter;
  return rewriteFields(filter, (_k, v) => ({ cond: fieldCondition(v) }));
}
