/**
 * The database engine: one implementation behind both entry points (the `/admin` wire actions
 * and the in-process `db` handle). Reads run on the in-memory mirror with mingo; writes are
 * computed and applied to the mirror synchronously (so concurrent requests serialize on the
 * event loop), then committed to LMDB in one transaction before the caller is answered.
 */
import { calculateObjectSize } from 'bson';
import { Aggregator } from 'mingo';
import { TcbError } from '../server/envelope';
import { LmdbStore, type DocId, type StoreOp } from '../store/lmdb-store';
import { Collection, exactIdQuery } from './collection';
import type { Doc } from './ejson';
import { checkStoredNames } from './field-names';
import { newDocId } from './ids';
import { duplicateKey } from './duplicate-write';
import { compile, project } from './query';
import { EngineReadings, type EngineOptions } from './readings';
import { sortPage, type SortSpec } from './sort';
import { checkSortFields, runCheckingSorts } from './sort-missing';
import { applyUpdate, clone, upsertBase } from './update';

export { batchInsertMode, type BatchInsertMode, type EngineOptions } from './readings';

/**
 * The engine's cap and default of `limit` (the current reference's 1000). Wire queries are capped
 * lower by the engine's `getCap` (get-cap.ts: 100 by default); this one binds the in-process handle.
 */
export const MAX_LIMIT = 1000;

/** Options of a find. */
export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  /** Capped at {@link MAX_LIMIT}; defaults to it. */
  limit?: number;
  projection?: Record<string, unknown>;
  /** Insertion order and stable ties whatever the mode (the in-process handle: emulator internals, tests). */
  natural?: boolean;
}

/** Options of an update. */
export interface UpdateOptions {
  multi?: boolean;
  upsert?: boolean;
  /** false = replace the matched document with `data` (`doc().set()`); default true (merge). */
  merge?: boolean;
}

/** Result of an update. */
export interface UpdateResult {
  matched: number;
  updated: number;
  upsertedId?: DocId;
}

/** The largest document MongoDB stores (BSON, 16 MB). */
export const MAX_DOC_BYTES = 16 * 1024 * 1024;

/** The database: collections mirrored in memory, persisted in LMDB. */
export class DbEngine extends EngineReadings {
  private readonly colls: Map<string, Collection>;

  constructor(
    readonly store: LmdbStore,
    opts: EngineOptions = {},
  ) {
    const colls = new Map<string, Collection>();
    super(opts, colls);
    this.colls = colls;
    for (const name of store.collections()) this.colls.set(name, new Collection(name));
    for (const [name, docs] of store.loadAll()) {
      const c = this.coll(name, true);
      for (const [id, doc] of docs) c.set(id, doc);
    }
    for (const [name, field] of store.indexes()) this.coll(name, true).ensureIndex(field);
  }

  /** Open the engine on `dataDir`. */
  static open(dataDir: string, opts: EngineOptions = {}): DbEngine {
    return new DbEngine(new LmdbStore(dataDir, opts), opts);
  }

  /** Names of the known collections. */
  collectionNames(): string[] {
    return [...this.colls.keys()];
  }

  /**
   * The mirror of `name`. Missing collection: created when `create`; otherwise strict mode throws
   * DATABASE_COLLECTION_NOT_EXIST and lenient mode answers with an empty, unregistered mirror.
   */
  coll(name: string, create = false): Collection {
    const c = this.colls.get(name);
    if (c) return c;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_\-.]{1,128}$/.test(name))
      throw new TcbError('INVALID_PARAM', `invalid collection name: ${JSON.stringify(name)}`);
    if (!create) {
      if (this.strict) throw new TcbError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist: ${name}`);
      return new Collection(name);
    }
    const created = new Collection(name);
    this.colls.set(name, created);
    // The declaration rides along with the first write's commit; a failure must not go unhandled.
    this.store.addCollection(name).catch((err) => console.error(`[local-cloud] could not persist collection ${name}:`, err));
    return created;
  }

  /** Create a collection (fails when it exists, like createCollection). */
  async addCollection(name: string): Promise<void> {
    if (this.colls.has(name)) throw new TcbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceExists] Table exist: ${name}`);
    this.coll(name, true);
    await this.store.addCollection(name);
  }

  /** Declare a hash index on `collection.field` (persisted; idempotent). */
  async ensureIndex(collection: string, field: string): Promise<void> {
    if (!field || field.split('.').some((p) => !p || /^\d+$/.test(p) || p.startsWith('$')))
      throw new TcbError('INVALID_PARAM', `cannot index field ${JSON.stringify(field)} (plain dotted paths only)`);
    const c = this.coll(collection, true);
    if (c.indexes.has(field) || field === '_id') return;
    c.ensureIndex(field);
    await this.store.addIndex(collection, field);
  }

  /** Matching documents (mirror objects: do not mutate), sorted/skipped/limited/projected. */
  find(collection: string, query?: Doc, opts: FindOptions = {}): Doc[] {
    const c = this.coll(collection);
    const ids = exactIdQuery(query);
    const q = ids ? null : compile(query);
    const source = ids ? c.byIds(ids) : c.candidates(query);
    const skip = Math.max(0, Math.floor(opts.skip ?? 0));
    const limit = opts.limit && opts.limit > 0 ? Math.min(Math.floor(opts.limit), MAX_LIMIT) : MAX_LIMIT;
    const sort = opts.sort && Object.keys(opts.sort).length ? opts.sort : undefined;
    const tie = opts.natural ? null : this.order.query();
    if (!sort && !tie) {
      const out: Doc[] = [];
      let skipped = 0;
      for (const d of source) {
        if (q && !q.test(d)) continue;
        if (skipped < skip) {
          skipped++;
          continue;
        }
        out.push(d);
        if (out.length >= limit) break;
      }
      return opts.projection && Object.keys(opts.projection).length ? project(out, opts.projection) : out;
    }
    const matched: Doc[] = [];
    for (const d of source) if (!q || q.test(d)) matched.push(d);
    const page = sortPage(checkSortFields(this.sortRule(opts.natural), collection, matched, sort), sort ?? {}, skip, limit, tie);
    return opts.projection && Object.keys(opts.projection).length ? project(page, opts.projection) : page;
  }

  /** The document with `_id` (mirror object), or undefined. */
  get(collection: string, id: DocId): Doc | undefined {
    return this.coll(collection).docs.get(id);
  }

  /** Number of matching documents (no limit applies). */
  count(collection: string, query?: Doc): number {
    const c = this.coll(collection);
    const ids = exactIdQuery(query);
    if (ids) return c.byIds(ids).length;
    const q = compile(query);
    if (!q) return c.docs.size;
    let n = 0;
    for (const d of c.candidates(query)) if (q.test(d)) n++;
    return n;
  }

  /**
   * Insert `docs` (one LMDB transaction) and return their `_id`s. On a duplicate `_id`: 'atomic'
   * stores none; 'ordered' stores the ones before it, then throws (see {@link batchInsertMode}).
   */
  async insert(collection: string, docs: Doc[], opts: { openid?: string } = {}): Promise<DocId[]> {
    const c = this.coll(collection);
    const seen = new Set<DocId>();
    const prepared: Doc[] = docs.map((d) => {
      if (!d || typeof d !== 'object' || Array.isArray(d)) throw new TcbError('INVALID_PARAM', 'each document must be an object');
      const id = d._id ?? newDocId();
      if (typeof id !== 'string' && typeof id !== 'number') throw new TcbError('INVALID_PARAM', '_id must be a string or a number');
      const doc: Doc = { _id: id, ...d };
      doc._id = id;
      checkStoredNames(doc, this.fieldNames);
      if (opts.openid) doc._openid = opts.openid;
      return doc;
    });
    let refused: TcbError | undefined;
    let stored = prepared;
    for (let i = 0; i < prepared.length; i++) {
      const id = prepared[i]._id as DocId;
      if (c.docs.has(id) || seen.has(id)) {
        stored = this.batchInsert === 'ordered' ? prepared.slice(0, i) : [];
        refused = duplicateKey(collection, id, docs.length > 1 ? { index: i, inserted: stored.length } : undefined);
        break;
      }
      seen.add(id);
    }
    // No size check: an inserted document came in one request, and requests are at most 16 MB.
    if (stored.length > 0) await this.apply(stored.map((doc) => ({ collection, id: doc._id as DocId, doc })), { sized: false });
    if (refused) throw refused;
    return prepared.map((d) => d._id as DocId);
  }

  /** Update matching documents (first only unless `multi`); upsert inserts when nothing matched. */
  async update(collection: string, query: Doc | undefined, data: Doc, opts: UpdateOptions = {}): Promise<UpdateResult> {
    const c = this.coll(collection);
    const replace = opts.merge === false;
    const matches = opts.multi ? this.findAll(c, query) : this.find(collection, query, { limit: 1 });
    const ops: StoreOp[] = [];
    for (const doc of matches) {
      const r = applyUpdate(doc, data, replace, this.fieldNames);
      if (r.modified) ops.push({ collection, id: doc._id as DocId, doc: r.doc });
    }
    if (matches.length === 0 && opts.upsert) {
      const base = upsertBase(query);
      checkStoredNames(base, this.fieldNames);
      const id = (base._id as DocId | undefined) ?? newDocId();
      if (c.docs.has(id)) throw duplicateKey(collection, id);
      const r = applyUpdate({ ...base, _id: id }, data, replace, this.fieldNames);
      await this.apply([{ collection, id, doc: r.doc }]);
      return { matched: 0, updated: 0, upsertedId: id };
    }
    await this.apply(ops);
    return { matched: matches.length, updated: ops.length };
  }

  /** Update the first match and return it as it is after the update (null when none matched). */
  async findOneAndUpdate(collection: string, query: Doc | undefined, data: Doc): Promise<{ updated: number; doc: Doc | null }> {
    const [doc] = this.find(collection, query, { limit: 1 });
    if (!doc) return { updated: 0, doc: null };
    const r = applyUpdate(doc, data, false, this.fieldNames);
    if (r.modified) await this.apply([{ collection, id: doc._id as DocId, doc: r.doc }]);
    return { updated: r.modified ? 1 : 0, doc: r.doc };
  }

  /** Remove matching documents (first only unless `multi`); returns how many. */
  async remove(collection: string, query: Doc | undefined, opts: { multi?: boolean } = {}): Promise<number> {
    const c = this.coll(collection);
    const matches = opts.multi ? this.findAll(c, query) : this.find(collection, query, { limit: 1 });
    await this.apply(matches.map((d) => ({ collection, id: d._id as DocId, doc: null })));
    return matches.length;
  }

  /**
   * Run an aggregation pipeline (mingo); `$lookup` resolves other collections. A leading
   * `$match` / `$sort` / `$skip` / `$limit` prefix runs on the engine (index + fast sort) first.
   */
  aggregate(collection: string, pipeline: Doc[], natural = false): Doc[] {
    const c = this.coll(collection);
    const single = (st: Doc | undefined, key: string) => (st && Object.keys(st).length === 1 && key in st ? st[key] : undefined);
    let i = 0;
    const match = single(pipeline[i], '$match') as Doc | undefined;
    if (match && typeof match === 'object') i++;
    const sort = single(pipeline[i], '$sort') as SortSpec | undefined;
    let source: Doc[];
    const tie = natural ? null : this.order.query();
    if (sort && typeof sort === 'object') {
      i++;
      let skip = 0;
      let limit = Number.MAX_SAFE_INTEGER;
      const sk = single(pipeline[i], '$skip');
      if (typeof sk === 'number' && sk >= 0) {
        skip = sk;
        i++;
      }
      const li = single(pipeline[i], '$limit');
      if (typeof li === 'number' && li > 0) {
        limit = li;
        i++;
      }
      const matched = this.findAll(c, match);
      source = sortPage(checkSortFields(this.sortRule(natural), collection, matched, sort), sort, skip, limit, tie);
    } else source = tie ? sortPage(this.findAll(c, match), {}, 0, Number.MAX_SAFE_INTEGER, tie) : this.findAll(c, match);
    const rest = pipeline.slice(i);
    if (rest.length === 0) return source;
    const collectionResolver = (name: string) => [...(this.colls.get(name)?.docs.values() ?? [])];
    const run = (stages: Doc[], docs: Doc[]) => new Aggregator(stages, { collectionResolver }).run(docs) as Doc[];
    try {
      return runCheckingSorts(this.sortRule(natural), collection, rest, source, run, i + 1);
    } catch (err) {
      if (err instanceof TcbError) throw err; // the sort-missing check's refusal, as it is
      throw new TcbError('DATABASE_REQUEST_FAILED', `aggregate failed: ${(err as Error).message}`);
    }
  }

  /**
   * Apply `ops` to the mirror now and commit them to LMDB in one transaction. If the commit fails,
   * the mirror is rolled back (where no later write replaced the document) and the error rethrown.
   */
  async apply(ops: StoreOp[], o: { sized?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return;
    // MongoDB stores no document over 16 MB, however it got there: an update that grows one past
    // it (a $push a day for years) is refused; the request limit alone would never notice.
    // (~10–40 µs per document written; inserts skip it, see insert.)
    if (o.sized !== false)
      for (const op of ops)
        if (op.doc && calculateObjectSize(op.doc) > MAX_DOC_BYTES)
          throw new TcbError('DATABASE_REQUEST_FAILED', `Resulting document ${op.collection}/${String(op.id)} is larger than ${MAX_DOC_BYTES} bytes (MongoDB's 16 MB document limit)`);
    const undo: Array<{ c: Collection; op: StoreOp; old: Doc | undefined }> = [];
    for (const op of ops) {
      const c = this.coll(op.collection, true);
      undo.push({ c, op, old: c.docs.get(op.id) });
      this.replica?.record(op.collection, op.id, c.docs.get(op.id));
      if (op.doc === null) c.delete(op.id);
      else c.set(op.id, op.doc);
    }
    try {
      await this.store.commit(ops);
    } catch (err) {
      for (const { c, op, old } of undo.reverse()) {
        const cur = c.docs.get(op.id);
        if (cur !== (op.doc ?? undefined)) continue; // a later write owns it now
        if (old) c.set(op.id, old);
        else c.delete(op.id);
      }
      throw err;
    }
  }

  /** Deep copy of a stored document for callers that may mutate it. */
  static copy(doc: Doc): Doc {
    return clone(doc);
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.store.close();
  }

  private findAll(c: Collection, query: Doc | undefined): Doc[] {
    const ids = exactIdQuery(query);
    if (ids) return c.byIds(ids);
    const q = compile(query);
    const out: Doc[] = [];
    for (const d of c.candidates(query)) if (!q || q.test(d)) out.push(d);
    return out;
  }
}
