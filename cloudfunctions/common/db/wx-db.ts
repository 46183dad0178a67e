/**
 * A small typed facade over `wx-server-sdk`'s database (the SDK's typings return `Promise | void`
 * unions). Every Qunxiang function talks to the database through this, so errors are classified
 * in one place: a duplicate `_id` on insert becomes {@link DuplicateKeyError} (see
 * `duplicate-key.ts`), any other failure {@link DbError}.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { CollectionMissingError, DB_COLLECTION_NOT_EXIST } from './collection-missing';
import { classifyInsertFailure, DbError, DuplicateKeyError, sdkErrCode, sdkMessage } from './duplicate-key';
import { fillPage, isLastPage } from './fill-page';
import { AggregateCutError, AnswerTooLargeError, call, dbFailure, UnorderedSkipError } from './sdk-call';
import { InsertOutcomeUnknownError, newWriteId, PROBE_FIELD, ReservedFieldError, WRITE_ID_FIELD, withoutWriteId } from './write-id';

export { isLastPage };
export { AggregateCutError, AnswerTooLargeError, CollectionMissingError, DbError, DuplicateKeyError, InsertOutcomeUnknownError, ReservedFieldError, UnorderedSkipError };

/** A stored document. */
export type Doc = Record<string, any>;

/** The parts of the SDK database object we use. */
export interface SdkDatabase {
  collection(name: string): any;
  command: any;
  serverDate(): unknown;
}

/** The most documents one aggregation answers in WeChat cloud (with a final limit stage). */
export const AGGREGATE_MAX = 10_000;

/** Ids per `in` query: one answer of them fits the stricter page cap (100; fill-page.ts). */
const ID_BATCH = 100;

/** Options of {@link Db.find}. */
export interface FindOpts {
  /** The sort; `_id` in the same direction is always added after it (see {@link Db.find}). */
  orderBy?: [string, 'asc' | 'desc'];
  limit?: number;
  skip?: number;
  fields?: Record<string, boolean>;
}

/** Typed database access. */
export class Db {
  /** `db.command` (`_.inc`, `_.in`, …). */
  readonly _: any;
  constructor(readonly sdk: SdkDatabase) {
    this._ = sdk.command;
  }

  serverDate(): unknown {
    return this.sdk.serverDate();
  }

  /** `db.command.aggregate` (`$.sum`, `$.avg`, …) for {@link Db.aggregate} pipelines. */
  get $(): any {
    return this.sdk.command.aggregate;
  }

  /**
   * Every document an aggregation on `coll` answers: `build` adds the stages to the SDK's
   * pipeline, and this adds a final `limit(max)`. WeChat cloud answers a pipeline that does not
   * END in a limit stage with its first 20 documents (developers measured it; the reference is
   * silent), so a bare `.end()` would silently drop groups on a real shop; with a final limit it
   * answers up to 10,000. An answer of exactly `max` documents may have been cut: it throws
   * {@link AggregateCutError}, unless `cut: 'keep'` says the caller sorted so that the first `max`
   * are the ones it needs.
   */
  async aggregateAll(
    coll: string,
    build: (pipeline: any) => any,
    o: { max?: number; cut?: 'throw' | 'keep' } = {},
  ): Promise<Doc[]> {
    const max = Math.min(o.max ?? 1000, AGGREGATE_MAX);
    const pipeline = build(this.sdk.collection(coll).aggregate()).limit(max);
    const { list } = (await call(coll, () => pipeline.end())) as { list: Doc[] };
    if (list.length >= max && o.cut !== 'keep') throw new AggregateCutError(coll, max);
    return list.map(withoutWriteId);
  }

  /**
   * One page of the documents matching `where`. The cloud's database is MongoDB-like: without
   * `orderBy` the order is undefined, and ties of a non-unique sort come back in an order that can
   * differ between two queries. So an `orderBy` always gets `_id` (same direction) as a final
   * tie-breaker — the order is total and `skip` pages neither repeat nor miss a document — and
   * `skip` without `orderBy` is refused ({@link UnorderedSkipError}).
   */
  async find(coll: string, where: Doc, o: FindOpts = {}): Promise<Doc[]> {
    // The write-id is insertUnique's own (write-id.ts): no reader sees it.
    return (await this.findStored(coll, where, o)).map(withoutWriteId);
  }

  /** {@link Db.find} as stored, write-id included: for insertUnique's read-back only. */
  private async findStored(coll: string, where: Doc, o: FindOpts): Promise<Doc[]> {
    if (o.skip && !o.orderBy) throw new UnorderedSkipError(coll);
    let q = this.sdk.collection(coll).where(where);
    if (o.orderBy) {
      q = q.orderBy(o.orderBy[0], o.orderBy[1]);
      if (o.orderBy[0] !== '_id') q = q.orderBy('_id', o.orderBy[1]);
    }
    if (o.skip) q = q.skip(o.skip);
    q = q.limit(o.limit ?? 100);
    if (o.fields) q = q.field(o.fields);
    const res = await call(coll, () => q.get());
    return (res as { data: Doc[] }).data;
  }

  /**
   * Up to `limit` documents matching `where` (which must not constrain `_id`) with `_id > after`,
   * in `_id` order — what one unbounded answer would hold, whatever the cloud's caps. An answer is
   * at most 1 MB ({@link AnswerTooLargeError}) and may be capped below `limit` documents, so the
   * page is filled from as many answers as it takes: a refused answer is asked again at half the
   * size (only a single document over the limit fails), and a short answer ends the walk only when
   * it is surely the last ({@link isLastPage}). `last` says the walk has nothing after these.
   */
  async keysetPage(
    coll: string,
    where: Doc,
    o: { after?: unknown; limit: number; fields?: Record<string, boolean> },
  ): Promise<{ docs: Doc[]; last: boolean }> {
    if ('_id' in where) throw new DbError(`paging ${coll} by _id: where must not constrain _id`);
    const fields = o.fields ? { ...o.fields, _id: true } : undefined;
    return fillPage(o.limit, (want, end) => {
      const after = end ? end._id : o.after;
      return this.find(coll, after === undefined ? where : { ...where, _id: this._.gt(after) }, {
        orderBy: ['_id', 'asc'],
        limit: want,
        ...(fields ? { fields } : {}),
      });
    });
  }

  /**
   * The documents matching `where` (which must not constrain `_id`), page by page in `_id` order
   * ({@link Db.keysetPage}): correct whatever the cloud's default order, page cap or answer size,
   * and a caller with a deadline can stop between pages.
   */
  async *pages(coll: string, where: Doc, o: { pageSize?: number; fields?: Record<string, boolean> } = {}): AsyncGenerator<Doc[]> {
    const limit = o.pageSize ?? 1000;
    for (let after: unknown = undefined; ; ) {
      const { docs, last } = await this.keysetPage(coll, where, { after, limit, ...(o.fields ? { fields: o.fields } : {}) });
      if (docs.length) yield docs;
      if (last || docs.length === 0) return;
      after = docs[docs.length - 1]._id;
    }
  }

  /** Every document matching `where`, in `_id` order ({@link Db.pages} collected). */
  async findAll(coll: string, where: Doc, o: { pageSize?: number; fields?: Record<string, boolean> } = {}): Promise<Doc[]> {
    const out: Doc[] = [];
    for await (const page of this.pages(coll, where, o)) out.push(...page);
    return out;
  }

  async getById(coll: string, id: string): Promise<Doc | null> {
    const [doc] = await this.find(coll, { _id: id }, { limit: 1 });
    return doc ?? null;
  }

  /**
   * Every document of `coll` whose `_id` is in `ids`, keyed by `_id` (batched `in` queries of at
   * most 100 ids, so each answer fits the stricter page cap), with only `fields` when given.
   */
  async findByIds(coll: string, ids: readonly string[], fields?: Record<string, boolean>): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      const part = ids.slice(i, i + ID_BATCH);
      for (const d of await this.find(coll, { _id: this._.in(part) }, { limit: part.length, ...(fields ? { fields: { ...fields, _id: true } } : {}) }))
        out.set(d._id as string, d);
    }
    return out;
  }

  /**
   * Inserts `docs`. Throws {@link DuplicateKeyError} when the insert failed and some of their
   * `_id`s exist — a batch may then be partly stored (the cloud may insert in order up to the
   * first error): `err.present` says which ids are there. Otherwise: {@link DbError}.
   * The SDK reports CloudBase's duplicate code as -501001, which an answer that never came gives
   * too (and such an answer may come as -501002 or -1 as well: duplicate-key.ts), so the ids are
   * read back after any failure, and a document of this very call, stored with its answer lost,
   * is in `present` as well: a batch tells its own by a marker of its own (track's batchId). A
   * single document that must be told apart — a claim, a slot, a first version — goes through
   * {@link Db.insertUnique}, which does that itself.
   */
  async insert(coll: string, docs: Doc[]): Promise<void> {
    if (docs.some((d) => WRITE_ID_FIELD in d)) throw new ReservedFieldError(coll);
    await this.add(coll, docs, (d) => withoutWriteId(d));
  }

  /**
   * Inserts `docs`; after a possible duplicate, `present` holds the stored documents as `view` shows
   * them. `unknown`: what to throw when that read-back fails (default: its own failure), and when
   * it finds nothing after a failure that may still commit later (`readBackError` undefined;
   * without `unknown`, the failure as it came).
   */
  private async add(
    coll: string,
    docs: Doc[],
    view: (d: Doc) => Doc,
    unknown?: (insertError: DbError, readBackError?: unknown) => Error,
  ): Promise<void> {
    if (docs.length === 0) return;
    const c = this.sdk.collection(coll);
    try {
      await c.add({ data: docs.length === 1 ? docs[0] : docs });
    } catch (err) {
      if (sdkErrCode(err) === DB_COLLECTION_NOT_EXIST) throw dbFailure(coll, err);
      throw await classifyInsertFailure(err, docs.map((d) => d._id), async (ids) => {
        const found: Doc[] = [];
        try {
          for (let i = 0; i < ids.length; i += ID_BATCH) {
            const part = ids.slice(i, i + ID_BATCH);
            found.push(...(await this.findStored(coll, { _id: this._.in(part) }, { limit: part.length })));
          }
        } catch (readErr) {
          throw unknown ? unknown(new DbError(sdkMessage(err), sdkErrCode(err)), readErr) : readErr;
        }
        return found.map(view);
      }, unknown && ((insertError) => unknown(insertError)));
    }
  }

  /**
   * Inserts `doc` (which carries its own `_id`) and answers true when THIS call's document is the
   * one stored, false when another writer's document holds that `_id` — whoever inserted first
   * owns it (the claim primitive). Any other failure is thrown.
   *
   * A duplicate and a lost answer arrive with the same errCode (-501001), and a lost answer with
   * others too (-501002, -1: duplicate-key.ts), so the document is written with a fresh random
   * write-id (write-id.ts) and, after ANY failure, the stored document's write-id is compared with
   * this call's: equal → this insert was stored and only its answer was lost → true. A stored
   * document without it, or with another, is someone else's → false. Caveats, both the safe side: a document of ours that another writer
   * replaced (setById) or removed and re-created before the read-back answers false; one removed
   * and not re-created throws the original failure (or "unknown", below). When the read-back itself fails, or finds
   * nothing after a timeout-class failure (the write may still commit later: duplicate-key.ts
   * `answerMayBeLate`), nobody knows yet: {@link InsertOutcomeUnknownError}, carrying the write-id
   * for a later {@link Db.isOwnWrite}. `o.writeId`: a caller that records the write-id elsewhere first (a
   * stock hold's key) passes its own — fresh and random, as {@link newWriteId} draws them.
   */
  async insertUnique(coll: string, doc: Doc & { _id: string }, o: { writeId?: string } = {}): Promise<boolean> {
    if (WRITE_ID_FIELD in doc) throw new ReservedFieldError(coll);
    const writeId = o.writeId ?? newWriteId();
    try {
      await this.add(
        coll,
        [{ ...doc, [WRITE_ID_FIELD]: writeId }],
        (d) => d,
        (insertError, readBackError) => new InsertOutcomeUnknownError(coll, doc._id, writeId, insertError, readBackError),
      );
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return err.present.get(doc._id)?.[WRITE_ID_FIELD] === writeId;
      // The read-back found nothing, but a read may lag the writes (CloudBase does not promise
      // read-your-writes): ask the primary, whose answer is current, before "absent" stands.
      const staleMiss = err instanceof InsertOutcomeUnknownError ? err.readBackError === undefined : err instanceof DbError;
      if (!staleMiss) throw err;
      const own = await this.presentOnPrimary(coll, { _id: doc._id, [WRITE_ID_FIELD]: writeId }).catch(() => null);
      if (own) return true;
      if (own === false && (await this.presentOnPrimary(coll, { _id: doc._id }).catch(() => false))) return false;
      throw err;
    }
  }

  /**
   * Whether document `id` of `coll` is the one an {@link Db.insertUnique} with `writeId` stored:
   * false when it is absent or another writer's. What a caller asks after an
   * {@link InsertOutcomeUnknownError}, or later about a write-id it recorded elsewhere. "Absent"
   * comes from the primary ({@link Db.presentOnPrimary}): a read may lag a write just made.
   */
  async isOwnWrite(coll: string, id: string, writeId: string): Promise<boolean> {
    const [stored] = await this.findStored(coll, { _id: id }, { limit: 1 });
    if (stored) return stored[WRITE_ID_FIELD] === writeId;
    return this.presentOnPrimary(coll, { _id: id, [WRITE_ID_FIELD]: writeId });
  }

  /**
   * Whether a document matching `where` (which should pin `_id`) exists NOW. CloudBase does not
   * document read-your-writes: its database is MongoDB-backed with an unstated read preference, so
   * a query may come from a replica that lacks the last writes. Writes act on the primary, so this
   * asks with an update that always changes what it finds (a fresh {@link PROBE_FIELD}) and counts
   * it: under either reading of `stats.updated` (db/update-count.ts) a count of 0 means absent.
   * A document it finds gets the probe removed again by the next update, so the field is not left
   * for readers that do not go through `Db` (an export, the console, an instance of a release
   * that strips only the write-id). That update removes any probe of the document (a concurrent
   * asker's, or one a dead call left), and each asker removes after its own probe, so the last
   * probe is always removed. Callers ask after a read found nothing, so with a current read it
   * writes nothing. A failed removal is thrown: every caller reads a failure as "not known yet".
   */
  async presentOnPrimary(coll: string, where: Doc): Promise<boolean> {
    if ((await this.updateWhere(coll, where, { [PROBE_FIELD]: newWriteId() })) === 0) return false;
    await this.updateWhere(coll, where, { [PROBE_FIELD]: this._.remove() });
    return true;
  }

  /** Update one document by id; returns how many were updated (0 when it does not exist). */
  async updateById(coll: string, id: string, data: Doc): Promise<number> {
    return this.updateWhere(coll, { _id: id }, data);
  }

  /** Update every matching document; returns how many were updated. */
  async updateWhere(coll: string, where: Doc, data: Doc): Promise<number> {
    const res = await call(coll, () => this.sdk.collection(coll).where(where).update({ data }));
    return (res as { stats: { updated: number } }).stats.updated;
  }

  /** Create or replace one document. */
  async setById(coll: string, id: string, data: Doc): Promise<void> {
    await call(coll, () => this.sdk.collection(coll).doc(id).set({ data }));
  }

  /** Remove every matching document; returns how many. */
  async removeWhere(coll: string, where: Doc): Promise<number> {
    const res = await call(coll, () => this.sdk.collection(coll).where(where).remove());
    return (res as { stats: { removed: number } }).stats.removed;
  }

  async count(coll: string, where: Doc): Promise<number> {
    const res = await call(coll, () => this.sdk.collection(coll).where(where).count());
    return (res as { total: number }).total;
  }
}
