/**
 * A read-only stand-in for the SDK database, for benches that need 100,000 documents behind a
 * {@link Db}: collections are arrays sorted by `_id`, and the only queries are the three the
 * audience projection makes — pages by `_id > x` in `_id` order, `_id in [...]`, and the consent
 * patch's `_.or([{ f: _.gt(x) }, …])`, answered from a per-field sorted index as the indexed
 * collection in the cloud answers it (a scan would bill every preview for 100k documents). (The
 * mingo-backed memorySdk evaluates every document per query: building a projection of 100k
 * profiles through it takes minutes.) Documents are handed out as stored, not copied.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';

class Op {
  constructor(
    readonly op: 'gt' | 'in' | 'or',
    readonly arg: any,
  ) {}
}

/** First index whose `_id` is greater than `id` (`docs` sorted by `_id`). */
export function after(docs: Doc[], id: string): number {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid]._id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The page of up to `limit` documents after `_id` `id` (`docs` sorted by `_id`). */
export const pageAfter = <T extends Doc>(docs: T[], id: string, limit: number): T[] => {
  const from = after(docs, id);
  return docs.slice(from, from + limit);
};

type Collection = { docs: Doc[]; byId: Map<string, Doc>; indexes: Map<string, Doc[]> };

/** Documents whose numeric `field` is greater than `x`, through an index built on first use. */
function greaterThan(c: Collection, field: string, x: number): Doc[] {
  let index = c.indexes.get(field);
  if (!index) {
    index = c.docs.filter((d) => typeof d[field] === 'number').sort((a, b) => (a[field] as number) - (b[field] as number));
    c.indexes.set(field, index);
  }
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((index[mid][field] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return index.slice(lo);
}

/** `_.or` of single-field `_.gt` conditions: the union, once per document, in `_id` order. */
function anyGreater(c: Collection, branches: Array<Record<string, any>>, limit: number): Doc[] {
  const hits = new Map<string, Doc>();
  for (const b of branches) {
    const [field, cond] = Object.entries(b)[0] ?? [];
    if (Object.keys(b).length !== 1 || !(cond instanceof Op) || cond.op !== 'gt')
      throw new Error('idPagedDb: only _.or of { field: _.gt(x) } is offered');
    for (const d of greaterThan(c, field, cond.arg as number)) hits.set(d._id as string, d);
  }
  return [...hits.values()].sort((a, b) => (a._id < b._id ? -1 : 1)).slice(0, limit);
}

/** A {@link Db} answering `_id` pages, `_id in` lookups and `_.or` of `_.gt`s over `collections`. */
export function idPagedDb(collections: Record<string, Doc[]>): Db {
  const sorted = new Map<string, Collection>();
  for (const [name, docs] of Object.entries(collections)) {
    const s = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    sorted.set(name, { docs: s, byId: new Map(s.map((d) => [d._id as string, d])), indexes: new Map() });
  }
  const query = (name: string, where: Record<string, any> | Op, limit = 100) => ({
    orderBy: (f: string, dir: string) => {
      if (f !== '_id' || dir !== 'asc') throw new Error(`idPagedDb: orderBy ${f} ${dir} is not offered`);
      return query(name, where, limit);
    },
    limit: (n: number) => query(name, where, n),
    async get() {
      const c = sorted.get(name) ?? { docs: [], byId: new Map(), indexes: new Map() };
      if (where instanceof Op && where.op === 'or') return { data: anyGreater(c, where.arg, limit) };
      const { _id: id, ...rest } = where as Record<string, any>;
      const fields = Object.entries(rest);
      const idOk = id === undefined || (id instanceof Op && (id.op === 'gt' || fields.length === 0));
      if (!idOk || fields.length > 1 || fields.some(([, v]) => !(v instanceof Op) || v.op !== 'gt'))
        throw new Error(`idPagedDb: only _id > x, _id in [...] and one field > x are offered (${name})`);
      if (id?.op === 'in') return { data: (id.arg as string[]).flatMap((k) => c.byId.get(k) ?? []).slice(0, limit) };
      // Db.pages / keysetPage: the first page has no _id condition, later ones _id > the last one's;
      // the consent patch pages one indexed field > x the same way.
      if (!fields.length) return { data: id ? pageAfter(c.docs, id.arg, limit) : c.docs.slice(0, limit) };
      const [field, cond] = fields[0];
      const hits = greaterThan(c, field, cond.arg as number).filter((d) => !id || (d._id as string) > id.arg);
      return { data: hits.sort((a, b) => (a._id < b._id ? -1 : 1)).slice(0, limit) };
    },
  });
  return new Db({
    command: {
      gt: (v: string | number) => new Op('gt', v),
      in: (v: string[]) => new Op('in', v),
      or: (branches: Array<Record<string, any>>) => new Op('or', branches),
    },
    serverDate: () => new Date(),
    collection: (name: string) => ({ where: (w: Record<string, any> | Op) => query(name, w) }),
  });
}
