/**
 * The in-process database handle other local-cloud modules use (openapi, gateway, seed, tests):
 * the same engine as the wire actions, without HTTP. Values are plain JS (Date, RegExp);
 * results are deep copies, so callers may mutate them freely. Unlike the wire (the product's
 * SDK), it answers in natural order with stable ties: it serves the emulator's own services and
 * tests' assertions, not product code (see result-order.ts). For the same reason it never
 * answers DATABASE_COLLECTION_NOT_EXIST: a read of a collection nobody created is empty, a write
 * creates it (the emulator's own stores, test seeds) — the wire is strict (engine.ts).
 */
import type { DocId } from '../store/lmdb-store';
import { realmClone } from './clone';
import { normalize, type Doc } from './ejson';
import { DbEngine, type FindOptions, type UpdateOptions, type UpdateResult } from './engine';

/** One collection of the in-process handle. */
export interface CollectionHandle {
  /** Matching documents; `limit` defaults to and is capped at 1000 like the service. */
  find(query?: Doc, opts?: FindOptions): Doc[];
  /** The document with this `_id`, or null. */
  get(id: DocId): Doc | null;
  /** Number of matching documents. */
  count(query?: Doc): number;
  /** Insert one or many documents all-or-nothing; `_id` generated when absent. Returns the ids. */
  insert(docs: Doc | Doc[], opts?: { openid?: string }): Promise<DocId[]>;
  /** MongoDB-style update (`{$inc:…}` or plain fields = `$set`; `merge:false` replaces). */
  update(query: Doc, update: Doc, opts?: UpdateOptions): Promise<UpdateResult>;
  /** Remove matching documents (all of them unless `multi === false`). */
  remove(query: Doc, opts?: { multi?: boolean }): Promise<number>;
  /** Run an aggregation pipeline. */
  aggregate(pipeline: Doc[]): Doc[];
  /** Declare a hash index on `field` (persisted). */
  ensureIndex(field: string): Promise<void>;
}

/** The in-process database handle. */
export interface DbHandle {
  collection(name: string): CollectionHandle;
  /** Declare a hash index on `collection.field` (persisted; idempotent). */
  ensureIndex(collection: string, field: string): Promise<void>;
  /** Create a collection (fails if it exists, like the service). */
  createCollection(name: string): Promise<void>;
  /** Names of the known collections. */
  collections(): string[];
  /** The engine itself (for benches and tests). */
  engine: DbEngine;
}

// realmClone, not structuredClone: the engine must get (and callers may compare) values of the
// engine's realm, which under jest is not the host's (clone.ts).
const copy = (d: Doc): Doc => realmClone(d);
// `$tcb_server_date` placeholders are resolved like on the wire; callers' objects are not mutated.
const prep = <T>(v: T): T => normalize(realmClone(v), Date.now()) as T;

/** Build the handle over `engine`. */
export function createDbHandle(engine: DbEngine): DbHandle {
  const known = (name: string) => engine.collectionNames().includes(name);
  const writable = (name: string) => {
    engine.coll(name, true);
    return name;
  };
  const collection = (name: string): CollectionHandle => ({
    find: (query, opts) => (known(name) ? engine.find(name, query && prep(query), { natural: true, ...opts }).map(copy) : []),
    get: (id) => {
      const d = known(name) ? engine.get(name, id) : undefined;
      return d ? copy(d) : null;
    },
    count: (query) => (known(name) ? engine.count(name, query && prep(query)) : 0),
    insert: (docs, opts) => engine.insert(writable(name), prep(Array.isArray(docs) ? docs : [docs]), opts),
    update: (query, update, opts = {}) => engine.update(writable(name), prep(query), prep(update), opts),
    remove: async (query, opts) => (known(name) ? engine.remove(name, prep(query), { multi: opts?.multi ?? true }) : 0),
    aggregate: (pipeline) => (known(name) ? engine.aggregate(name, prep(pipeline), true).map(copy) : []),
    ensureIndex: (field) => engine.ensureIndex(name, field),
  });
  return {
    collection,
    ensureIndex: (c, f) => engine.ensureIndex(c, f),
    createCollection: (n) => engine.addCollection(n),
    collections: () => engine.collectionNames(),
    engine,
  };
}
