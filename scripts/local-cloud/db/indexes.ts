/**
 * Hash indexes over the in-memory mirror: field value → ids. They only NARROW the candidates for
 * equality / `$in` conditions; mingo still tests every candidate, so an index can never change a
 * result, only its cost. Array values are indexed per element (multikey, like MongoDB); a missing
 * field is indexed as null (MongoDB's `{f: null}` matches missing fields).
 */
import type { DocId } from '../store/lmdb-store';
import type { Doc } from './ejson';

/** The hash key of a scalar, or null when the value cannot be indexed (objects, regexps). */
export function indexKey(v: unknown): string | null {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + v;
    case 'boolean':
      return v ? 'bt' : 'bf';
    default:
      return v instanceof Date ? 'd' + v.getTime() : null;
  }
}

/** All values at a dotted `path`, flattening arrays on the way and at the end (multikey). */
export function valuesAtPath(doc: unknown, path: string[]): unknown[] {
  let cur: unknown[] = [doc];
  for (const part of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (Array.isArray(c)) {
        for (const e of c) if (e && typeof e === 'object') next.push((e as Doc)[part]);
      } else if (c && typeof c === 'object') next.push((c as Doc)[part]);
      else next.push(undefined);
    }
    cur = next;
  }
  const out: unknown[] = [];
  for (const v of cur) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

/** A hash index on one (possibly dotted) field. */
export class HashIndex {
  private readonly map = new Map<string, Set<DocId>>();
  private readonly path: string[];
  constructor(readonly field: string) {
    this.path = field.split('.');
  }

  private keys(doc: Doc): Set<string> {
    const ks = new Set<string>();
    for (const v of valuesAtPath(doc, this.path)) {
      const k = indexKey(v);
      if (k !== null) ks.add(k);
    }
    return ks;
  }

  add(id: DocId, doc: Doc): void {
    for (const k of this.keys(doc)) {
      let s = this.map.get(k);
      if (!s) this.map.set(k, (s = new Set()));
      s.add(id);
    }
  }

  delete(id: DocId, doc: Doc): void {
    for (const k of this.keys(doc)) {
      const s = this.map.get(k);
      if (!s) continue;
      s.delete(id);
      if (s.size === 0) this.map.delete(k);
    }
  }

  /** Ids whose field may equal one of `values`, or null when some value is not indexable. */
  lookup(values: unknown[]): Set<DocId> | null {
    const out = new Set<DocId>();
    for (const v of values) {
      const k = indexKey(v);
      if (k === null) return null;
      const s = this.map.get(k);
      if (s) for (const id of s) out.add(id);
    }
    return out;
  }
}
