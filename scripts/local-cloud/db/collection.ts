/**
 * One collection's in-memory mirror: documents by `_id` (insertion order = natural order) plus
 * hash indexes. Documents in the mirror are never mutated in place: a write replaces the object,
 * so a pending LMDB commit, a reader and a transaction snapshot can all hold the old one safely.
 */
import type { DocId } from '../store/lmdb-store';
import type { Doc } from './ejson';
import { HashIndex } from './indexes';

/** Mirror + indexes + per-document versions (for transaction conflict checks). */
export class Collection {
  readonly docs = new Map<DocId, Doc>();
  readonly indexes = new Map<string, HashIndex>();
  private readonly versions = new Map<DocId, number>();
  /** First-insert sequence per id: sorting index candidates by it keeps natural order. */
  private readonly seq = new Map<DocId, number>();
  private clock = 0;

  constructor(readonly name: string) {}

  /** Version of a document id: bumps on every write (0 for never written since start). */
  version(id: DocId): number {
    return this.versions.get(id) ?? 0;
  }

  /** Put (or replace) a document in the mirror. */
  set(id: DocId, doc: Doc): void {
    const old = this.docs.get(id);
    if (old) for (const ix of this.indexes.values()) ix.delete(id, old);
    else this.seq.set(id, ++this.clock);
    this.docs.set(id, doc);
    for (const ix of this.indexes.values()) ix.add(id, doc);
    this.versions.set(id, ++this.clock);
  }

  /** Remove a document from the mirror. */
  delete(id: DocId): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const ix of this.indexes.values()) ix.delete(id, old);
    this.docs.delete(id);
    this.seq.delete(id);
    this.versions.set(id, ++this.clock);
  }

  /** Where `id` stands in natural order (its first-insert sequence); undefined when absent. */
  seqOf(id: DocId): number | undefined {
    return this.seq.get(id);
  }

  /**
   * A copy of the documents, their natural order and the indexes, for a lagging replica's view
   * (stale-reads.ts), which then undoes the writes it has not applied with {@link restore}.
   */
  copy(): Collection {
    const view = new Collection(this.name);
    for (const [id, doc] of this.docs) view.set(id, doc);
    for (const [id, n] of this.seq) view.seq.set(id, n);
    view.clock = this.clock;
    for (const field of this.indexes.keys()) view.ensureIndex(field);
    return view;
  }

  /**
   * Puts back a document a later write removed, at its old place in natural order (`seq`), as a
   * secondary that has not applied the removal still has it; without `seq`, at the end.
   */
  restore(id: DocId, doc: Doc, seq: number | undefined): void {
    const present = this.docs.has(id);
    this.set(id, doc);
    if (present || seq === undefined) return;
    this.seq.set(id, seq);
    // Map order is what a scan walks: rebuild it in sequence order.
    const entries = [...this.docs].sort(([a], [b]) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0));
    this.docs.clear();
    for (const [k, d] of entries) this.docs.set(k, d);
  }

  /** Declare a hash index on `field` (idempotent); builds it from the current documents. */
  ensureIndex(field: string): void {
    if (field === '_id' || this.indexes.has(field)) return;
    const ix = new HashIndex(field);
    for (const [id, doc] of this.docs) ix.add(id, doc);
    this.indexes.set(field, ix);
  }

  /** The documents with these ids, in natural order (missing ids are skipped, repeats counted once). */
  byIds(ids: readonly DocId[]): Doc[] {
    const out: Doc[] = [];
    const seen = ids.length > 1 ? new Set<DocId>() : null;
    for (const id of ids) {
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const d = this.docs.get(id);
      if (d) out.push(d);
    }
    if (out.length > 1) out.sort((a, b) => (this.seq.get(a._id as DocId) ?? 0) - (this.seq.get(b._id as DocId) ?? 0));
    return out;
  }

  /**
   * The documents a query can match, narrowed by `_id` or an index when the query has a top-level
   * equality/`$in` on such a field (also inside a top-level `$and`); all documents otherwise.
   */
  candidates(query: Doc | undefined): Iterable<Doc> {
    if (!query) return this.docs.values();
    let best: Set<DocId> | null = null;
    const consider = (q: Doc) => {
      for (const [field, cond] of Object.entries(q)) {
        if (field === '$and' && Array.isArray(cond)) {
          for (const sub of cond) if (sub && typeof sub === 'object') consider(sub as Doc);
          continue;
        }
        const values = equalityValues(cond);
        if (!values) continue;
        let ids: Set<DocId> | null = null;
        if (field === '_id') ids = new Set(values.filter((v): v is DocId => typeof v === 'string' || typeof v === 'number'));
        else ids = this.indexes.get(field)?.lookup(values) ?? null;
        if (ids && (!best || ids.size < best.size)) best = ids;
      }
    };
    consider(query);
    // An unselective index costs more (natural-order sort of its hits) than a plain scan.
    if (!best || (best as Set<DocId>).size * 4 > this.docs.size) return this.docs.values();
    const out: Doc[] = [];
    for (const id of best as Set<DocId>) {
      const d = this.docs.get(id);
      if (d) out.push(d);
    }
    if (out.length > 1) out.sort((a, b) => (this.seq.get(a._id as DocId) ?? 0) - (this.seq.get(b._id as DocId) ?? 0));
    return out;
  }
}

/** The values an equality / `$eq` / `$in` condition accepts, or null when it is not one. */
function equalityValues(cond: unknown): unknown[] | null {
  if (cond === null || typeof cond !== 'object' || cond instanceof Date) return [cond];
  if (cond instanceof RegExp || Array.isArray(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length !== 1) return null;
  const c = cond as Doc;
  if ('$eq' in c) return equalityValues(c.$eq);
  if ('$in' in c && Array.isArray(c.$in)) {
    return c.$in.some((v) => v instanceof RegExp || (v && typeof v === 'object' && !(v instanceof Date))) ? null : c.$in;
  }
  return null;
}

/**
 * The ids when `query` is exactly `{_id: v}`, `{_id: {$eq: v}}` or `{_id: {$in: [v, …]}}` with
 * string/number values: then the `_id` map alone answers it (same documents as the query engine
 * would match — strict equality on the map key), without compiling a query per request.
 */
export function exactIdQuery(query: Doc | undefined): DocId[] | null {
  if (!query) return null;
  let only: string | undefined;
  for (const k in query) {
    if (only !== undefined || !Object.prototype.hasOwnProperty.call(query, k)) return null;
    only = k;
  }
  if (only !== '_id') return null;
  const cond = query._id;
  const prim = (v: unknown): v is DocId => typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v));
  if (prim(cond)) return [cond];
  if (!cond || typeof cond !== 'object' || Object.getPrototypeOf(cond) !== Object.prototype) return null;
  const keys = Object.keys(cond);
  if (keys.length !== 1) return null;
  const c = cond as Doc;
  if (keys[0] === '$eq') return prim(c.$eq) ? [c.$eq] : null;
  if (keys[0] === '$in' && Array.isArray(c.$in) && c.$in.every(prim)) return c.$in as DocId[];
  return null;
}
