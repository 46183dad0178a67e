/**
 * Whether `neq` / `nin` (`$ne` / `$nin`) match a document that lacks the field. MongoDB's do
 * ("documents that do not contain the field"); CloudBase's reference does not say, and a backend
 * or translation layer that reads `a ≠ x` as "a holds a value other than x" (SQL-like) does not.
 * Product code must hold under both, so the stand-ins of the cloud's database take the stricter
 * reading by default: a negation matches only a document that HAS the field ('nomatch'); code
 * that needs "other than x, or missing" says so (`_.or([{f: _.neq(x)}, {f: _.exists(false)}])`)
 * or always writes the field. `QX_NEQ_MISSING=match` (or the option) restores MongoDB's reading.
 *
 * One piece of code for both stand-ins: the local cloud's wire actions (scripts/local-cloud/db)
 * and the unit tests' memory SDK (testing/memory-sdk.ts). The local cloud's in-process handle
 * keeps MongoDB's reading: it serves the emulator's own services and tests, not product code.
 */

/** 'nomatch' (default, strict) or 'match' (MongoDB's reading). */
export type NeqMissingMode = 'match' | 'nomatch';

/** Options that choose the reading (engine options extend this). */
export interface NeqMissingOptions {
  /** Default: `QX_NEQ_MISSING`, else {@link DEFAULT_NEQ_MISSING}. */
  neqMissing?: NeqMissingMode;
}

/** The reading when neither the option nor `QX_NEQ_MISSING` names one. */
export const DEFAULT_NEQ_MISSING: NeqMissingMode = 'nomatch';

/** The mode `opts` asks for, else `QX_NEQ_MISSING`, else the default; anything else is refused. */
export function neqMissingMode(opts: NeqMissingOptions = {}): NeqMissingMode {
  const m = opts.neqMissing ?? (process.env.QX_NEQ_MISSING || DEFAULT_NEQ_MISSING);
  if (m !== 'match' && m !== 'nomatch') throw new Error(`QX_NEQ_MISSING must be match or nomatch, not ${JSON.stringify(m)}`);
  return m;
}

type Filter = Record<string, unknown>;

const plain = (v: unknown): v is Filter =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `{ $ne: …, $gt: … }` — a field's operator object (every key an operator). */
const operators = (v: unknown): v is Filter => plain(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

const NEGATIONS = ['$ne', '$nin'];

/**
 * `filter` (a MongoDB query) as the mode reads it: in 'nomatch', every field condition holding
 * `$ne` or `$nin` also requires the field to exist, at any depth of `$and` / `$or`. Left as
 * MongoDB reads them: `$nor`, `$not`, `$elemMatch` and expressions (product code uses none of
 * them with a negation). The input is not mutated.
 */
export function applyNeqMissing<T>(filter: T, mode: NeqMissingMode): T {
  if (mode === 'match' || !plain(filter)) return filter;
  const out: Filter = {};
  const extra: Filter[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or') && Array.isArray(v)) out[k] = v.map((c) => applyNeqMissing(c, mode));
    else if (!k.startsWith('$') && operators(v) && NEGATIONS.some((op) => op in v)) {
      // `$exists` already there (true: nothing to add; false: now unsatisfiable, as it should be).
      if ('$exists' in v) {
        out[k] = v;
        extra.push({ [k]: { $exists: true } });
      } else out[k] = { ...v, $exists: true };
    } else out[k] = v;
  }
  if (extra.length) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...extra];
  return out as T;
}
