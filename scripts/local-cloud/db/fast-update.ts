/**
 * The fast path of operator updates: `$inc/$min/$max/$set/$unset` on plain dotted paths through
 * plain objects — what profile and job updates send — applied copy-on-write along the touched paths
 * instead of deep-cloning the whole document and running mingo's updater (which rebuilds its
 * operator context on every call). Each operator reproduces mingo's own rule (the comments quote
 * it), so the result and the "modified" answer are the same. Anything else — arrays or positional
 * paths, object values of `$set`, `_id`, overlapping paths, non-numeric `$inc/$min/$max`, `null` on the way — returns null
 * and takes the general path.
 */
import type { Doc } from './ejson';

type Op = '$inc' | '$min' | '$max' | '$set' | '$unset';
const OPS = new Set<string>(['$inc', '$min', '$max', '$set', '$unset']);

interface Edit {
  op: Op;
  parts: string[];
  value: unknown;
}

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

function edits(modifier: Doc): Edit[] | null {
  const out: Edit[] = [];
  for (const op of Object.keys(modifier)) {
    const fields = modifier[op];
    if (!OPS.has(op) || !isPlain(fields)) return null;
    for (const path of Object.keys(fields)) {
      const parts = path.split('.');
      if (parts[0] === '_id' || parts.some((p) => !p || p.charCodeAt(0) === 36 /* $ */ || /^\d+$/.test(p))) return null;
      out.push({ op: op as Op, parts, value: fields[path] });
    }
  }
  // Overlapping paths (`a` and `a.b`, or the same path twice) are the general path's business.
  const paths = new Set<string>();
  for (const e of out) {
    const p = e.parts.join('.');
    if (paths.has(p)) return null;
    paths.add(p);
  }
  for (const e of out) for (let i = 1; i < e.parts.length; i++) if (paths.has(e.parts.slice(0, i).join('.'))) return null;
  return out;
}

/** Whether `e` can run here against `doc` (parents plain objects or missing; leaf types as mingo needs). */
function fits(doc: Doc, e: Edit): boolean {
  let node: unknown = doc;
  for (let i = 0; i < e.parts.length - 1 && node !== undefined; i++) {
    if (!isPlain(node)) return false;
    node = node[e.parts[i]];
  }
  if (node !== undefined && !isPlain(node)) return false;
  const cur = node === undefined ? undefined : (node as Doc)[e.parts[e.parts.length - 1]];
  if (e.op === '$inc') return typeof e.value === 'number' && (cur === undefined || typeof cur === 'number');
  if (e.op === '$min' || e.op === '$max') return isNum(e.value) && (cur === undefined || isNum(cur));
  // Object and array values: mingo compares and reports those its own way; leave them to it.
  if (e.op === '$set') return !(e.value && typeof e.value === 'object' && !(e.value instanceof Date));
  if (e.op === '$unset') return cur !== undefined || node === undefined || !Object.prototype.hasOwnProperty.call(node, e.parts[e.parts.length - 1]);
  return true;
}

/** mingo's isEqual, narrowed to what reaches `$set` here (scalars and Dates as the new value). */
function isEqual(cur: unknown, v: unknown): boolean {
  if (cur === v || Object.is(cur, v)) return true;
  return cur instanceof Date && v instanceof Date && +cur === +v;
}

/** mingo's "copy" clone mode of a `$set` value (scalars and Dates only reach here). */
function copyValue(v: unknown): unknown {
  return v instanceof Date ? new Date(v) : v;
}

/** Applies one edit to `root` (a fresh top-level copy); `own` holds the objects already copied. */
function applyEdit(root: Doc, e: Edit, own: Set<object>): boolean {
  let node = root;
  const last = e.parts.length - 1;
  for (let i = 0; i < last; i++) {
    const k = e.parts[i];
    let child = node[k] as Doc | undefined;
    if (child === undefined) {
      if (e.op === '$unset') return false; // mingo's $unset does not build the graph
      child = {};
    } else if (!own.has(child)) child = { ...child };
    own.add(child);
    node[k] = child;
    node = child;
  }
  const k = e.parts[last];
  const cur = node[k];
  switch (e.op) {
    case '$inc': {
      // mingo: o[k] ||= 0; o[k] += val; modified = o[k] !== previous
      const next = ((cur as number) || 0) + (e.value as number);
      node[k] = next;
      return next !== cur;
    }
    case '$min':
      // mingo: unchanged when o[k] !== undefined && compare(o[k], val) < 1
      if (cur !== undefined && (cur as number) <= (e.value as number)) return false;
      node[k] = e.value;
      return true;
    case '$max':
      // mingo: unchanged when o[k] !== undefined && compare(o[k], val) > -1
      if (cur !== undefined && (cur as number) >= (e.value as number)) return false;
      node[k] = e.value;
      return true;
    case '$set':
      // mingo: unchanged when isEqual(o[k], val); else o[k] = clone(val)
      if (isEqual(cur, e.value)) return false;
      node[k] = copyValue(e.value);
      return true;
    case '$unset':
      // mingo: unchanged unless has(o, k); delete o[k]
      if (!Object.prototype.hasOwnProperty.call(node, k)) return false;
      delete node[k];
      return true;
  }
}

/**
 * `modifier` applied to `doc` without touching it (untouched subtrees are shared with the new
 * document — the mirror never mutates documents in place), or null when the general path must run.
 */
export function fastUpdate(doc: Doc, modifier: Doc): { doc: Doc; modified: boolean } | null {
  const list = edits(modifier);
  if (!list || !isPlain(doc) || !list.every((e) => fits(doc, e))) return null;
  const next: Doc = { ...doc };
  const own = new Set<object>([next]);
  let modified = false;
  for (const e of list) if (applyEdit(next, e, own)) modified = true;
  return { doc: next, modified };
}
