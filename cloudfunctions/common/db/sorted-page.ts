/**
 * A page of documents in the order of one field, filled however the cloud caps its answers — the
 * (field, `_id`) sibling of {@link Db.keysetPage}, which walks by `_id` alone. WeChat's documents
 * disagree on how many documents one `get()` answers in a cloud function (1000, or 100 as the older
 * guide and developers' measurements say), so one `find` with a limit above 100 may silently answer
 * fewer. The page is filled from as many answers as it takes, each after the last document of the
 * one before (a keyset: a document written meanwhile shifts nothing), and ends early only on a
 * surely last answer ({@link isLastPage}).
 */
import { fillPage } from './fill-page';
import type { Db, Doc } from './wx-db';

/** Where a sorted walk goes on from: the last document's sort value and `_id`. */
export interface SortCursor {
  value: unknown;
  _id: unknown;
}

/** Options of {@link sortedPage}. */
export interface SortedPageOpts {
  /** The sort; `_id` in the same direction breaks ties (Db.find). Every matched document must have the field. */
  orderBy: [string, 'asc' | 'desc'];
  /** Only documents after this one in that order. */
  after?: SortCursor;
  limit: number;
  /** A projection; the sort field and `_id` are always read. */
  fields?: Record<string, boolean>;
}

/**
 * Up to `limit` documents matching `where`, in `orderBy` then `_id` order, after `o.after` when
 * given; `last` says nothing follows them. The page is filled as keysetPage's is (fill-page.ts).
 * A document without a value on the sort field ends the walk: the product writes every field it
 * sorts by on every document (sort-missing, local cloud README), and where the real cloud would
 * sort one without it is not documented.
 */
export async function sortedPage(db: Db, coll: string, where: Doc, o: SortedPageOpts): Promise<{ docs: Doc[]; last: boolean }> {
  const _ = db._;
  const [field, dir] = o.orderBy;
  const beyond = (v: unknown): unknown => (dir === 'desc' ? _.lt(v) : _.gt(v));
  const fields = o.fields ? { ...o.fields, [field]: true, _id: true } : undefined;
  const missing = (end: Doc) => end[field] === undefined || end[field] === null;
  return fillPage(
    o.limit,
    (want, end) => {
      const after = end ? { value: end[field], _id: end._id } : o.after;
      const cursor = after && _.or([{ [field]: beyond(after.value) }, { [field]: after.value, _id: beyond(after._id) }]);
      const q = !cursor ? where : Object.keys(where).length ? _.and([where, cursor]) : cursor;
      return db.find(coll, q, { orderBy: o.orderBy, limit: want, ...(fields ? { fields } : {}) });
    },
    missing,
  );
}
