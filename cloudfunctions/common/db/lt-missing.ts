/**
 * Whether `lt` / `lte` (`$lt` / `$lte`) match a document whose field is missing or null.
 * MongoDB's query operators do not: a comparison matches only values of its operand's type ("type
 * bracketing"). CloudBase's reference does not say, and a backend or translation layer that
 * compares in BSON's cross-type order — as MongoDB's own aggregation expressions (`$expr`) do, where
 * missing and null sort below every number and date — does match them. Product code must hold
 * under both: a query such as "erased before the cut" (`erasedAt < cut`) would otherwise also
 * select every record that was never erased. So the stand-ins of the cloud's database take the
 * stricter reading by default ('match': a field condition made only of `$lt`/`$lte` also matches
 * missing and null); code that means "a timestamp before t" bounds it below
 * (`_.gt(0).and(_.lt(t))`), which reads the same under both. `QX_LT_MISSING=nomatch` (or the
 * option) restores MongoDB's reading.
 *
 * Not modelled: cross-type comparisons between values that are present (a number against a date or
 * string); product code compares each field with operands of the type it always writes.
 * Used where neq-missing.ts is: the local cloud's wire actions and the unit tests' memory SDK.
 */
import { envChoice } from './env-choice';
import { plain, rewriteFields, type Filter } from './query-walk';

/** 'match' (default, strict: missing and null sort lowest) or 'nomatch' (MongoDB's type bracketing). */
export type LtMissingMode = 'match' | 'nomatch';

/** Options that choose the reading (engine options extend this). */
export interface LtMissingOptions {
  /** Default: `QX_LT_MISSING`, else {@link DEFAULT_LT_MISSING}. */
  ltMissing?: LtMissingMode;
}

/** The reading when neither the option nor `QX_LT_MISSING` names one. */
export const DEFAULT_LT_MISSING: LtMissingMode = 'match';

/** The mode `opts` asks for, else `QX_LT_MISSING`, else the default; anything else is refused. */
export const ltMissingMode = (opts: LtMissingOptions = {}): LtMissingMode =>
  envChoice('QX_LT_MISSING', ['match', 'nomatch'], opts.ltMissing, DEFAULT_LT_MISSING);

/** Only upper bounds: what missing/null (the lowest values) satisfies when nothing bounds it below. */
const upperBoundsOnly = (v: unknown): v is Filter => {
  if (!plain(v)) return false;
  const ops = Object.keys(v);
  return ops.length > 0 && ops.every((k) => k === '$lt' || k === '$lte');
};

/**
 * `filter` (a MongoDB query) as the mode reads it: in 'match', a field condition made only of
 * `$lt`/`$lte` also matches the field missing or null, at any depth of `$and` / `$or`. A condition
 * with a lower bound, `$exists`, `$ne`, … is left alone (missing fails it in both readings, or it
 * is product code's own choice). The input is not mutated.
 */
export function applyLtMissing<T>(filter: T, mode: LtMissingMode): T {
  if (mode === 'nomatch') return filter;
  return rewriteFields(filter, (k, v) => (upperBoundsOnly(v) ? { and: { $or: [{ [k]: v }, { [k]: null }] } } : undefined));
}
