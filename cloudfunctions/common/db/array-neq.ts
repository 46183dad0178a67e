/**
 * How `neq` / `nin` / `in` (`$ne` / `$nin` / `$in`) with scalar operands read an ARRAY field.
 * MongoDB reads them by element: `{arr: {$ne: v}}` is "no element equals v", `$in` "some element
 * is in the list". CloudBase documents the element reading for equality, comparisons, `all`,
 * `elemMatch` and `size` on arrays (the guide "查询数组和对象" / Querying Arrays and Objects, the
 * `Command.all`/`elemMatch` references) but says nothing for `neq`, `nin` and `in`, and a backend
 * or translation layer that compares the array as ONE value reads them otherwise: an array never
 * equals a scalar, so `neq`/`nin` always match it and `in` never does. Product code must hold
 * under both, so the stand-ins of the cloud's database take that reading by default ('whole': it
 * is the one that broke the grants ledger's "this push key was not applied yet" when the keys were
 * an array); code that needs "not among the stored keys" keeps the keys as fields of a map and asks
 * `_.exists(false)` (common/dispatch/grants-ledger.ts). `QX_ARRAY_NEQ=element` (or the option)
 * restores MongoDB's reading.
 *
 * Used where neq-missing.ts is (the local cloud's wire actions, the unit tests' memory SDK); the
 * in-process handle keeps MongoDB's reading. Left as MongoDB reads them: operands that are arrays
 * or objects (whole-value comparisons in both readings), `$nor`, `$not`, `$elemMatch`.
 */
import { operators, plain, readingMode, rewriteFields, type Filter } from './query-walk';

/** 'whole' (default, strict: the array compared as one value) or 'element' (MongoDB's reading). */
export type ArrayNeqMode = 'element' | 'whole';

/** Options that choose the reading (engine options extend this). */
export interface ArrayNeqOptions {
  /** Default: `QX_ARRAY_NEQ`, else {@link DEFAULT_ARRAY_NEQ}. */
  arrayNeq?: ArrayNeqMode;
}

/** The reading when neither the option nor `QX_ARRAY_NEQ` names one. */
export const DEFAULT_ARRAY_NEQ: ArrayNeqMode = 'whole';

/** The mode `opts` asks for, else `QX_ARRAY_NEQ`, else the default; anything else is refused. */
export const arrayNeqMode = (opts: ArrayNeqOptions = {}): ArrayNeqMode =>
  readingMode(opts.arrayNeq, 'QX_ARRAY_NEQ', DEFAULT_ARRAY_NEQ, ['element', 'whole']);

const scalar = (v: unknown): boolean => !Array.isArray(v) && !plain(v);
const scalars = (v: unknown): boolean => Array.isArray(v) && v.every(scalar);
const IS_ARRAY = { $type: 'array' };

/**
 * `filter` (a MongoDB query) as the mode reads it: in 'whole', a field condition's `$ne` (scalar)
 * or `$nin` (all scalars) also matches a document whose field is an array, and its `$in` (all
 * scalars) never does, at any depth of `$and` / `$or`. The input is not mutated.
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
    const inList = '$in' in rest && scalars(rest.$in);
    if (!Object.keys(neg).length && !inList) return undefined;
    const and: Filter[] = [];
    if (Object.keys(neg).length) and.push({ $or: [{ [k]: neg }, { [k]: IS_ARRAY }] });
    if (inList) and.push({ [k]: { $not: IS_ARRAY } });
    const extra = and.length === 1 ? and[0] : { $and: and };
    return Object.keys(rest).length ? { cond: rest, and: extra } : { and: extra };
  });
}
