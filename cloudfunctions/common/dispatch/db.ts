/**
 * The slice of wx-server-sdk's database the dispatcher and admin use, plus two helpers the SDK
 * lacks: batched lookup by ids and "insert unless the _id exists" (the claim primitive).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A query on a collection (the promise-returning subset of wx-server-sdk's API). */
export interface Query {
  where(q: Record<string, unknown>): Query;
  orderBy(field: string, dir: 'asc' | 'desc'): Query;
  limit(n: number): Query;
  skip(n: number): Query;
  field(f: Record<string, boolean>): Query;
  get(): Promise<{ data: any[] }>;
  count(): Promise<{ total: number }>;
  update(o: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

/** A document reference. */
export interface DocRef {
  get(): Promise<{ data: any }>;
  update(o: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  set(o: { data: Record<string, unknown> }): Promise<unknown>;
  remove(): Promise<unknown>;
}

/** An aggregation pipeline under construction. */
export interface Aggregate {
  [stage: string]: any;
  end(): Promise<{ list: any[] }>;
}

/** A collection. */
export interface Collection extends Query {
  doc(id: string): DocRef;
  add(o: { data: Record<string, unknown> | Record<string, unknown>[] }): Promise<unknown>;
  aggregate(): Aggregate;
}

/**
 * The slice of wx-server-sdk's database handle we use. The SDK's own typings overload every call
 * with callback forms (`Promise | void`), so entry points cast `cloud.database()` to this once.
 */
export interface Db {
  collection(name: string): Collection;
  command: any;
  serverDate(opts?: { offset?: number }): unknown;
}

/** A document as read back (fields unknown until checked). */
export type Doc = Record<string, unknown> & { _id: string };

/** WeChat caps one `in` query page at 1000 documents; stay well under for packet size. */
const ID_BATCH = 100;

/** Every document of `collection` whose `_id` is in `ids`, keyed by `_id`. */
export async function fetchByIds(db: Db, collection: string, ids: string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  const _ = db.command;
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const part = ids.slice(i, i + ID_BATCH);
    const res = await db
      .collection(collection)
      .where({ _id: _.in(part) })
      .limit(part.length)
      .get();
    for (const d of res.data as Doc[]) out.set(d._id, d);
  }
  return out;
}

/**
 * Inserts `doc` (which carries its own `_id`) and answers true, or answers false when a document
 * with that `_id` already exists — whoever inserted first owns it. Any other failure is thrown.
 */
export async function insertUnique(db: Db, collection: string, doc: Doc): Promise<boolean> {
  try {
    await db.collection(collection).add({ data: doc });
    return true;
  } catch (err) {
    // The duplicate-key refusal's wording differs between services; check the fact instead.
    const existing = await db
      .collection(collection)
      .where({ _id: doc._id })
      .limit(1)
      .get()
      .catch(() => ({ data: [] as unknown[] }));
    if (existing.data.length > 0) return false;
    throw err;
  }
}

/** Number of documents a `where(...).update(...)` changed (the SDK's `stats.updated`). */
export const updatedCount = (res: unknown): number =>
  Number((res as { stats?: { updated?: number } })?.stats?.updated ?? 0);
