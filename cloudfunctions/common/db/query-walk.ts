/**
 * What the query readings CloudBase leaves undocumented share (neq-missing.ts, lt-missing.ts,
 * null-eq.ts, array-neq.ts; each picks its reading with env-choice.ts): one walk that rewrites each
 * field condition of a MongoDB query at any depth of `$and` / `$or`.
 */

/** A MongoDB query object. */
export type Filter = Record<string, unknown>;

/** A plain object literal (not an array, Date, RegExp or class instance). */
export const plain = (v: unknown): v is Filter =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `{ $ne: …, $gt: … }` — a field's operator object (every key an operator). */
export const operators = (v: unknown): v is Filter =>
  plain(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/**
 * How one field's condition is read: `undefined` keeps it; otherwise `cond` replaces it (absent:
 * the field's condition is dropped) and `and` is a condition added beside the whole level.
 */
export type FieldRewrite = (key: string, cond: unknown) => { cond?: unknown; and?: Filter } | undefined;

/** `filter` with every field condition passed through `rewrite`, at any depth of `$and` / `$or`; not mutated. */
export function rewriteFields<T>(filter: T, rewrite: FieldRewrite): T {
  if (!plain(filter)) return filter;
  const out: Filter = {};
  const extra: Filter[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or') && Array.isArray(v)) out[k] = v.map((c) => rewriteFields(c, rewrite));
    else if (k.startsWith('$')) out[k] = v;
    else {
      const r = rewrite(k, v);
      if (!r) out[k] = v;
      else {
        if ('cond' in r) out[k] = r.cond;
        if (r.and) extra.push(r.and);
      }
    }
  }
  if (extra.length) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...extra];
  return out as T;
}
