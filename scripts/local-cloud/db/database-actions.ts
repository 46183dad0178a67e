/**
 * The `database.*` actions of `POST /admin`, answering with the envelopes the real service uses
 * (shapes read from @cloudbase/database, which decodes them): queries `{data:{list,offset,limit}}`
 * with each document a relaxed-EJSON string, counts `{data:{total}}`, inserts
 * `{data:{insertedIds}}`, updates `{data:{updated, upsert_id?}}`, removes `{data:{deleted}}`.
 * A missing document on `doc().get()` is an empty list: the SDK turns that into
 * "document.get:fail document with _id … does not exist". Queries, counts and aggregations outside
 * a transaction read the lagging replica when the stale-read fault is on (stale-reads.ts).
 */
import type { ActionRegistry, AdminRequest, AdminResponse } from '../server/actions';
import { okEnvelope, TcbError } from '../server/envelope';
import { applyReadings } from '../../../cloudfunctions/common/db/query-readings';
import { updatedCount } from '../../../cloudfunctions/common/db/update-count';
import { aggregateAnswerSize } from './aggregate-answer';
import { checkAnswerBytes } from './answer-bytes';
import { encode, type Doc } from './ejson';
import { checkStoredNames } from './field-names';
import { duplicateKey } from './duplicate-write';
import type { DbEngine } from './engine';
import { answeredLimit } from './get-cap';
import { newDocId } from './ids';
import type { TransactionManager } from './transactions';
import { applyUpdate } from './update';
import { checkWriteBytes } from './write-bytes';
import * as w from './wire';

type Handler = (body: w.WireBody, now: number) => Promise<AdminResponse> | AdminResponse;

/** Register every database action on `registry`. */
export function registerDatabaseActions(registry: ActionRegistry, db: DbEngine, txm: TransactionManager): void {
  const isDoc = (b: w.WireBody) => b.queryType === 'DOC';
  const txOf = (b: w.WireBody) => (typeof b.transactionId === 'string' && b.transactionId ? b.transactionId : undefined);
  const docOnly = (b: w.WireBody) => {
    if (!isDoc(b)) throw new TcbError('INVALID_PARAM', 'transactions support single-document (doc) operations only');
  };

  // Product code's queries, read as the configured backend would (query-readings.ts); the
  // in-process handle calls the engine directly and keeps MongoDB's reading.
  const read = <T>(filter: T): T => applyReadings(filter, db.readings);
  // Reads outside a transaction come from the lagging replica when the fault is on (stale-reads.ts).
  const fromReplica = <T>(r: () => T): T => (db.replica ? db.replica.read(r) : r());
  const query = (b: w.WireBody, now: number) => read(w.query(b, now));
  const pipeline = (b: w.WireBody, now: number) => w.pipeline(b, now).map((st) => ('$match' in st ? { ...st, $match: read(st.$match) } : st));

  const handlers: Record<string, Handler> = {
    getDocument(b, now) {
      const coll = w.collectionName(b);
      const q = query(b, now);
      const offset = w.int(b, 'offset') ?? 0;
      // The stricter reading of the cap by default: 100 whatever is asked (get-cap.ts).
      const limit = answeredLimit(w.int(b, 'limit'), db.getCap);
      const tx = txOf(b);
      let list: Doc[];
      if (tx) {
        docOnly(b);
        const d = txm.read(tx, coll, w.docId(q));
        list = d ? [d] : [];
      } else list = fromReplica(() => db.find(coll, q, { sort: w.order(b), skip: offset, limit, projection: w.projection(b) }));
      const encoded = list.map(encode);
      checkAnswerBytes(encoded, db.maxAnswerBytes);
      return okEnvelope({ data: { list: encoded, offset, limit } });
    },
    calculateDocument(b, now) {
      const q = query(b, now);
      return okEnvelope({ data: { total: fromReplica(() => db.count(w.collectionName(b), q)) } });
    },
    async insertDocument(b, now) {
      checkWriteBytes(b, db.writeLimit);
      const coll = w.collectionName(b);
      const docs = w.insertData(b, now);
      const tx = txOf(b);
      if (tx) {
        const ids = docs.map((d) => {
          const id = (d._id as string | number | undefined) ?? newDocId();
          checkStoredNames(d, db.fieldNames);
          if (txm.read(tx, coll, id)) throw duplicateKey(coll, id);
          txm.write(tx, coll, id, { ...d, _id: id });
          return id;
        });
        return okEnvelope({ data: { insertedIds: ids } });
      }
      return okEnvelope({ data: { insertedIds: await db.insert(coll, docs) } });
    },
    async modifyDocument(b, now) {
      checkWriteBytes(b, db.writeLimit);
      const coll = w.collectionName(b);
      const q = query(b, now);
      const data = w.updateData(b, now);
      const merge = w.flag(b, 'merge', true);
      const upsert = w.flag(b, 'upsert', false);
      const tx = txOf(b);
      if (tx) {
        docOnly(b);
        const id = w.docId(q);
        const cur = txm.read(tx, coll, id);
        if (!cur) {
          if (!upsert) return okEnvelope({ data: { updated: 0 } });
          txm.write(tx, coll, id, applyUpdate({ _id: id }, data, !merge, db.fieldNames).doc);
          return okEnvelope({ data: { updated: 0, upsert_id: id } });
        }
        const r = applyUpdate(cur, data, !merge, db.fieldNames);
        if (r.modified) txm.write(tx, coll, id, r.doc);
        return okEnvelope({ data: { updated: updatedCount(db.updateCount, 1, r.modified ? 1 : 0) } });
      }
      const multi = isDoc(b) ? false : w.flag(b, 'multi', false);
      const r = await db.update(coll, q, data, { multi, upsert, merge });
      const out: Record<string, unknown> = { updated: updatedCount(db.updateCount, r.matched, r.updated), matched: r.matched };
      if (r.upsertedId !== undefined) out.upsert_id = r.upsertedId;
      return okEnvelope({ data: out });
    },
    async modifyAndReturnDoc(b, now) {
      checkWriteBytes(b, db.writeLimit);
      const coll = w.collectionName(b);
      if (txOf(b)) throw new TcbError('INVALID_PARAM', 'updateAndReturn is not supported inside a transaction');
      const r = await db.findOneAndUpdate(coll, query(b, now), w.updateData(b, now));
      return okEnvelope({ data: { updated: updatedCount(db.updateCount, r.doc ? 1 : 0, r.updated), doc: r.doc ? encode(r.doc) : null } });
    },
    async removeDocument(b, now) {
      const coll = w.collectionName(b);
      const q = query(b, now);
      const tx = txOf(b);
      if (tx) {
        docOnly(b);
        const id = w.docId(q);
        const exists = txm.read(tx, coll, id) !== undefined;
        if (exists) txm.write(tx, coll, id, null);
        return okEnvelope({ data: { deleted: exists ? 1 : 0 } });
      }
      const multi = isDoc(b) ? false : w.flag(b, 'multi', false);
      return okEnvelope({ data: { deleted: await db.remove(coll, q, { multi }) } });
    },
    aggregateDocuments(b, now) {
      const stages = pipeline(b, now);
      const list = fromReplica(() => db.aggregate(w.collectionName(b), stages)).slice(0, aggregateAnswerSize(stages));
      const encoded = list.map(encode);
      checkAnswerBytes(encoded, db.maxAnswerBytes);
      return okEnvelope({ data: { list: encoded } });
    },
    async addCollection(b) {
      await db.addCollection(w.collectionName(b));
      return okEnvelope({});
    },
    startTransaction() {
      return okEnvelope({ transactionId: txm.start() });
    },
    async commitTransaction(b) {
      await txm.commit(b.transactionId);
      return okEnvelope({});
    },
    abortTransaction(b) {
      txm.abort(b.transactionId);
      return okEnvelope({});
    },
    // Legacy transaction API (@cloudbase/database transaction.js): `_id` + EJSON `data`, answers as EJSON strings.
    getInTransaction(b) {
      const d = txm.read(b.transactionId, w.collectionName(b), w.docId(b as Doc));
      return okEnvelope({ data: encode(d ?? null) });
    },
    updateDocInTransaction(b, now) {
      const coll = w.collectionName(b);
      const id = w.docId(b as Doc);
      const data = w.updateData(b, now);
      const cur = txm.read(b.transactionId, coll, id);
      if (!cur) {
        if (!w.flag(b, 'upsert', false)) return okEnvelope({ updated: '0', upserted: null });
        txm.write(b.transactionId, coll, id, applyUpdate({ _id: id }, data, true, db.fieldNames).doc);
        return okEnvelope({ updated: '0', upserted: JSON.stringify([{ _id: id }]) });
      }
      const r = applyUpdate(cur, data, w.flag(b, 'upsert', false), db.fieldNames); // legacy set() sends upsert:true = replace
      if (r.modified) txm.write(b.transactionId, coll, id, r.doc);
      return okEnvelope({ updated: r.modified ? '1' : '0', upserted: null });
    },
    deleteDocInTransaction(b) {
      const coll = w.collectionName(b);
      const id = w.docId(b as Doc);
      const exists = txm.read(b.transactionId, coll, id) !== undefined;
      if (exists) txm.write(b.transactionId, coll, id, null);
      return okEnvelope({ deleted: exists ? '1' : '0' });
    },
  };

  for (const [name, h] of Object.entries(handlers)) {
    registry.register(`database.${name}`, async (req: AdminRequest) => h(req.body, Date.now()));
  }
}
