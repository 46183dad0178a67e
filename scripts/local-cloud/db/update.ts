/**
 * Applying a wire `data` to a document with MongoDB update semantics (mingo's updater): operator
 * updates (`$set/$inc/$push/…`) merge; an operator-free `data` replaces the document when
 * `merge === false` (`doc().set()`), or is `$set` field by field when `merge === true`.
 */
import { update as mingoUpdate } from 'mingo';
import { TcbError } from '../server/envelope';
import { realmClone } from './clone';
import type { Doc } from './ejson';
import { fastUpdate } from './fast-update';
import { checkStoredNames, checkUpdateNames, type FieldNameRule } from './field-names';

/** Whether `data` is an operator update (`{$inc: …}`) rather than plain fields. */
export function isOperatorUpdate(data: Doc): boolean {
  const keys = Object.keys(data);
  const ops = keys.filter((k) => k.startsWith('$')).length;
  if (ops > 0 && ops !== keys.length) throw new TcbError('DATABASE_REQUEST_FAILED', 'update operator complicit: cannot mix operators and plain fields');
  return ops > 0;
}

/** The result of applying an update to one document. */
export interface Applied {
  doc: Doc;
  modified: boolean;
}

/** Deep copy that keeps Dates/RegExps, made in the engine's realm (clone.ts: mingo needs that). */
export function clone<T>(v: T): T {
  return realmClone(v);
}

/**
 * Apply `data` to `doc` (never mutates `doc`). `replace` is the `merge === false` case; `names`:
 * which field names the update may store (field-names.ts).
 */
export function applyUpdate(doc: Doc, data: Doc, replace: boolean, names: FieldNameRule): Applied {
  if (replace) {
    if (isOperatorUpdate(data)) throw new TcbError('DATABASE_REQUEST_FAILED', 'replacement document must not contain update operators');
    if ('_id' in data && data._id !== doc._id) throw new TcbError('DATABASE_REQUEST_FAILED', 'cannot change the value of _id');
    checkStoredNames(data, names);
    const next = { ...clone(data), _id: doc._id } as Doc;
    if ('_openid' in doc && !('_openid' in next)) next._openid = doc._openid;
    return { doc: next, modified: !sameDoc(doc, next) };
  }
  const modifier = isOperatorUpdate(data) ? tcbArrayModifiers(data) : { $set: data };
  checkUpdateNames(modifier, names);
  checkPaths(doc, modifier);
  const fast = fastUpdate(doc, modifier);
  if (fast) return fast;
  const next = clone(doc);
  let changed: string[];
  try {
    changed = mingoUpdate(next, modifier as never);
  } catch (err) {
    throw new TcbError('DATABASE_REQUEST_FAILED', `invalid update: ${(err as Error).message}`);
  }
  if (changed.some((p) => p === '_id' || p.startsWith('_id.')) || next._id !== doc._id)
    throw new TcbError('DATABASE_REQUEST_FAILED', 'cannot change the value of _id');
  return { doc: next, modified: changed.length > 0 };
}

const isPlainObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

/** Operators that create what their path names (MongoDB refuses them through null too). */
const CREATING = new Set(['$set', '$inc', '$mul', '$min', '$max', '$push', '$addToSet']);

/**
 * MongoDB refuses (and so does the cloud) what mingo would silently skip or do: `$inc`/`$mul` on
 * a non-numeric value, null included ("Use of the $inc operator on a field with a null value will
 * generate an error", MongoDB's $inc reference; mingo skips it, counting nothing), any operator
 * whose path runs through a scalar, and a creating one through null ("cannot create field 'q' in
 * element {p: null}"; mingo makes `p` an object). Skipping them would hide lost updates, and
 * creating them would pass a write the service fails, so they fail the whole request like the
 * real service.
 */
export function checkPaths(doc: Doc, modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, value] of Object.entries(fields)) {
      const parts = path.split('.');
      let cur: unknown = doc;
      for (let i = 0; i < parts.length - 1 && cur !== undefined; i++) {
        const next: unknown = Array.isArray(cur) && /^\d+$/.test(parts[i]) ? cur[Number(parts[i])] : isPlainObject(cur) ? cur[parts[i]] : undefined;
        if (next !== undefined && (next === null ? CREATING.has(op) : typeof next !== 'object'))
          throw new TcbError('DATABASE_REQUEST_FAILED', `invalid update: cannot create field '${parts[i + 1]}' in element {${parts[i]}: ${JSON.stringify(next)}}`);
        cur = next;
      }
      if ((op === '$inc' || op === '$mul') && cur !== undefined && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
        const leaf = (cur as Doc)[parts[parts.length - 1]];
        if (leaf !== undefined && typeof leaf !== 'number')
          throw new TcbError('DATABASE_REQUEST_FAILED', `invalid update: cannot apply ${op} to a value of non-numeric type (field '${path}')`);
        if (typeof value !== 'number') throw new TcbError('DATABASE_REQUEST_FAILED', `invalid update: ${op} of '${path}' needs a number`);
      }
    }
  }
}

/**
 * WeChat documents `_.addToSet({ each: [...] })` (and `_.push({ each, position, sort, slice })`);
 * the SDK sends those keys without `$`, the service reads them as MongoDB's `$each`/… modifiers.
 */
function tcbArrayModifiers(data: Doc): Doc {
  const out: Doc = { ...data };
  for (const op of ['$addToSet', '$push'] as const) {
    const fields = data[op];
    if (!fields || typeof fields !== 'object') continue;
    const fixed: Doc = {};
    for (const [k, v] of Object.entries(fields as Doc)) {
      const keys = v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.keys(v) : [];
      const isMod = keys.length > 0 && Array.isArray((v as Doc).each) && keys.every((x) => ['each', 'position', 'sort', 'slice'].includes(x));
      fixed[k] = isMod ? Object.fromEntries(keys.map((x) => [`$${x}`, (v as Doc)[x]])) : v;
    }
    out[op] = fixed;
  }
  return out;
}

/** The fields an upsert starts from: top-level equality conditions of the query (as MongoDB does). */
export function upsertBase(query: Doc | undefined): Doc {
  const base: Doc = {};
  if (!query) return base;
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('$') || k.includes('.')) continue;
    if (v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      const eq = (v as Doc).$eq;
      if (eq !== undefined) base[k] = eq;
      continue;
    }
    if (!(v instanceof RegExp)) base[k] = v;
  }
  return base;
}

function sameDoc(a: Doc, b: Doc): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => deepEqual(a[k], b[k]));
}

/** Structural equality for stored values (plain objects, arrays, Dates, RegExps, scalars). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => deepEqual((a as Doc)[k], (b as Doc)[k]));
}
