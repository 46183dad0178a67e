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
import { envChoice } from './env-choice';
import { operators, rewriteFields } from './query-walk';

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
export const neqMissingMode = (opts: NeqMissingOptions = {}): NeqMissingMode =>
  envChoice('QX_NEQ_MISSING', ['match', 'nomatch'], opts.neqMissing, DEFAULT_NEQ_MISSING);

const NEGATIONS = ['$ne', '$nin'];

/**
 * `filter` (a MongoDB query) as the mode reads it: in 'nomatch', every field condition holding
 * `$ne` or `$nin` also requires the field to exist, at any depth of `$and` / `$or`. Left as
 * MongoDB reads them: `$nor`, `$not`, `$elemMatch` and expressions (product code uses none of
 * them with a negation). The input is not mutated.
 */
export function applyNeqMissing<T>(filter: T, mode: NeqMissingMode): T {
  if (mode === 'match') return filter;
  return rewriteFields(filter, (k, v) => {
    if (!operators(v) || !NEGATIONS.some((op) => op in v)) return undefined;
    // `$exists` already there (true: nothing to add; false: now unsatisfiable, as it should be).
    return '$exists' in v ? { cond: v, and: { [k]: { $exists: true } } } : { cond: { ...v, $exists: true } };
  });
}
