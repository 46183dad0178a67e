/**
 * A read-only stand-in for the SDK database, for benches that need 100,000 documents behind a
 * {@link Db}: collections are arrays sorted by `_id`, and the only queries are the two the
 * audience projection makes — pages by `_id > x` in `_id` order, and `_id in [...]`. (The
 * mingo-backed memorySdk evaluates every document per query: building a projection of 100k
 * profiles through it takes minutes.) Documents are handed out as stored, not copied.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';

class Op {
  constructor(
    readonly op: 'gt' | 'in',
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

/** A {@link Db} answering `_id` pages and `_id in` lookups over `collections` (sorted here). */
export function idPagedDb(collections: Record<string, Doc[]>): Db {
  const sorted = new Map<string, { docs: Doc[]; byId: Map<string, Doc> }>();
  for (const [name, docs] of Object.entries(collections)) {
    const s = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    sorted.set(name, { docs: s, byId: new Map(s.map((d) => [d._id as string, d])) });
  }
  const query = (name: string, where: Record<string, any>, limit = 100) => ({
    orderBy: (f: string, dir: string) => {
      if (f !== '_id' || dir !== 'asc') throw new Error(`idPagedDb: orderBy ${f} ${dir} is not offered`);
      return query(name, where, limit);
    },
    limit: (n: number) => query(name, where, n),
    async get() {
      const c = sorted.get(name) ?? { docs: [], byId: new Map() };
      const id = where._id;
      if (!(id instanceof Op) || Object.keys(where).length !== 1)
        throw new Error(`idPagedDb: only _id > x and _id in [...] are offered (${name})`);
      if (id.op === 'gt') return { data: pageAfter(c.docs, id.arg, limit) };
      return { data: (id.arg as string[]).flatMap((k) => c.byId.get(k) ?? []).slice(0, limit) };
    },
  });
  return new Db({
    command: { gt: (v: string) => new Op('gt', v), in: (v: string[]) => new Op('in', v) },
    serverDate: () => new Date(),
    collection: (name: string) => ({ where: (w: Record<string, any>) => query(name, w) }),
  });
}
