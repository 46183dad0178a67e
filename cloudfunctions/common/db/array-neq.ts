/**
 * How `neq` / `nin` / `in` (`$ne` / `$nin` / `$in`) with scalar operands read an ARRAY field.
 * MongoDB reads them by element: `{arr: {$ne: v}}` is "no element equals v", `$in` "some element
 * is in the list". CloudBase documents the element reading for equality, comparisons, `all`,
 * `elemMatch` and `size` on arrays (the guide "查询数组和对象" / Querying Arrays and Objects, the
 * `Command.all`/`elemMatch` references) but says nothing for `neq`, `nin` and `in`, and a backend
 * or translation layer that compares the array as ONE value reads them otherwise: an array never
 * equals a scalar, so `neq`/`nin` always match it and `in` never does; one that applies every
 * operator to the elements the way the documented comparisons are ("some element > 20") reads
 * `neq` as "some element differs" ('some': an empty array never matches). Product code must hold
 * under all three, so the stand-ins of the cloud's database take 'whole' by default (the reading
 * that broke the grants ledger's "this push key was not applied yet" when the keys were an array:
 * every retry applied again); 'some' is there to run suites under too. Code that needs "not among
 * the stored keys" keeps the keys as fields of a map and asks `_.exists(false)`
 * (common/dispatch/push-keys.ts). `QX_ARRAY_NEQ=element` (or the option) restores MongoDB's.
 *
 * Used where neq-missing.ts is (the local cloud's wire actions, the unit tests' memory SDK); the
 * in-process handle keeps MongoDB's reading. Left as MongoDB reads them: operands that are arrays
 * or objects (whole-value comparisons in every reading), `$nor`, `$not`, `$elemMatch`.
 */
import { envChoice } from './env-choice';
import { operators, plain, rewriteFields, type Filter } from './query-walk';

/**
 * 'whole' (default, strict: the array compared as one value), 'some' (`neq`/`nin` hold for some
 * element) or 'element' (MongoDB's reading: for no element).
 */
export type ArrayNeqMode = 'element' | 'whole' | 'some';

/** Options that choose the reading (engine options extend this). */
export interface ArrayNeqOptions {
  /** Default: `QX_ARRAY_NEQ`, else {@link DEFAULT_ARRAY_NEQ}. */
  arrayNeq?: ArrayNeqMode;
}

/** The reading when neither the option nor `QX_ARRAY_NEQ` names one. */
export const DEFAULT_ARRAY_NEQ: ArrayNeqMode = 'whole';

/** The mode `opts` asks for, else `QX_ARRAY_NEQ`, else the default; anything else is refused. */
export const arrayNeqMode = (opts: ArrayNeqOptions = {}): ArrayNeqMode =>
  envChoice('QX_ARRAY_NEQ', ['element', 'whole', 'some'], opts.arrayNeq, DEFAULT_ARRAY_NEQ);

const scalar = (v: unknown): boolean => !Array.isArray(v) && !plain(v);
const scalars = (v: unknown): boolean => Array.isArray(v) && v.every(scalar);
const IS_ARRAY = { $type: 'array' };
const NOT_ARRAY = { $not: IS_ARRAY };

/** The condition that stands for field `k`'s negations `neg` (`$ne`/`$nin`) in `mode`. */
const negation = (k: string, neg: Filter, mode: 'whole' | 'some'): Filter =>
  mode === 'whole'
    ? { $or: [{ [k]: neg }, { [k]: IS_ARRAY }] }
    : { $or: [{ [k]: { $elemMatch: neg } }, { $and: [{ [k]: neg }, { [k]: NOT_ARRAY }] }] };

/**
 * `filter` (a MongoDB query) as the mode reads it, at any depth of `$and` / `$or`, for a field
 * condition's `$ne` (scalar) and `$nin` (all scalars): in 'whole' they also match a document whose
 * field is an array, and `$in` (all scalars) never does; in 'some' they match an array when some
 * element satisfies them (`$in` stays MongoDB's, which already reads it so). The input is not
 * mutated.
 */
export function applyArrayNeq<T>(filter: T, mode: ArrayNeqMode): T {
  if (mode === 'element') return filter;
  return rewriteFields(filter, (k, v) => {
    if (!operators(v)) return undefined;
    const neg: Filter = {};
    const rest: Filter = {};
    for (const [op, arg] of Object.entries(v)) {
      if ((op === '$ne' && scalar(arg)) || (op === '$nin' && scalars(arg))) neg[op] = arg;
      else rest[op] = arg;
    }
    const inList = mode === 'whole' && '$in' in rest && scalars(rest.$in);
    if (!Object.keys(neg).length && !inList) return undefined;
    const and: Filter[] = [];
    if (Object.keys(neg).length) and.push(negation(k, neg, mode));
    if (inList) and.push({ [k]: NOT_ARRAY });
    const extra = and.length === 1 ? and[0] : { $and: and };
    return Object.keys(rest).length ? { cond: rest, and: extra } : { and: extra };
  });
}
