/**
 * An in-memory stand-in for the slice of wx-server-sdk's database that {@link Db} drives, for unit
 * tests of code written against `Db` (dispatch, admin; integration tests use the real SDK and the
 * local cloud). Queries and updates are evaluated by mingo with MongoDB semantics (each filter
 * compiled once, compiled-query.ts; scalar updates on plain paths through the local cloud's
 * fast path, fast-update.ts, which follows mingo's rules: mingo rebuilds its operator context on
 * every query and update, the bulk of an interleaving exploration's time); an insert whose
 * `_id` exists fails like the SDK does with CloudBase's DATABASE_DUPLICATE_WRITE (errCode -501001,
 * E11000 text) after storing the documents before
 * it (MongoDB's ordered insert, the local cloud's default). Aggregation is not
 * offered: code that aggregates is tested against the local cloud. What a query leaves unordered
 * (no `orderBy`: the whole answer; ties of a non-unique sort) comes back in a per-query random
 * order, as from the local cloud (the same `ResultOrder`; `QX_RESULT_ORDER=natural` to debug), so a
 * unit test cannot pass on insertion order the real cloud does not promise. An update answers how
 * many documents it MODIFIED (CloudBase's `stats.updated`, the local cloud's too), not how many
 * matched: code that reads 0 as "no such document" fails here as it would there — unless
 * `QX_UPDATE_COUNT=matched` (update-count.ts), the other reading, as in the local cloud. `neq`/`nin` do not
 * match a document lacking the field unless `QX_NEQ_MISSING=match` (neq-missing.ts), and `lt`/`lte`
 * alone match it (and null) unless `QX_LT_MISSING=nomatch` (lt-missing.ts), equality with null
 * matches nothing unless `QX_NULL_EQ=match` (null-eq.ts), and `neq`/`nin` match an array field
 * (`in` never does) unless `QX_ARRAY_NEQ=element` (array-neq.ts), as in the local cloud.
 * What an insert, set or update stores must have field names the local cloud's rule allows (its own
 * check, scripts/local-cloud/db/field-names.ts: by default CloudBase's FAQ rule, `isStoredName`, at
 * every depth; `fieldNames`/`QX_FIELD_NAMES=mongo` for MongoDB's); a refusal stores nothing and
 * arrives as the SDK surfaces the local cloud's (errCode -502001, DATABASE_REQUEST_FAILED).
 * A query sorted on a field some matched document lacks (or holds null) is refused the same way,
 * by the local cloud's own check (scripts/local-cloud/db/sort-missing.ts): on by default, as in
 * every local cloud (`sortMissing: 'mongo'` or `QX_SORT_MISSING=mongo` for MongoDB's order).
 * A query answers at most 100 documents whatever its limit, as the local cloud's wire does by
 * default (scripts/local-cloud/db/get-cap.ts; `getCap: 1000` or `QX_GET_CAP=1000` for the
 * reference's cap), so a unit test meets a read that needs more than one answer as the cloud would.
 * With `staleReadMs: N` (`QX_STALE_READ_MS`; default 0) queries and counts read the tables as they
 * were N ms ago while writes act on the current ones, with the local cloud's replica
 * (scripts/local-cloud/db/stale-reads.ts, `MAP_TABLES`): a removed document a lagging read still
 * sees stands where it stood in natural order, as there; `replica.catchUp()` makes every write so
 * far visible.
 * A write whose request would pass the local cloud's write limit (scripts/local-cloud/db/write-bytes.ts:
 * 5 MB by default, `writeLimit`/`QX_DB_WRITE_LIMIT=16mb` for the quota page's packet) is refused by
 * that same check, measured on the body the SDK would send (write-request.ts), and stores nothing;
 * it arrives as the SDK surfaces the local cloud's refusal (errCode -501001, the check's message).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { update as mingoUpdate } from 'mingo';
import { DB_SYS_ERR } from '../duplicate-key';
import { applyReadings, queryReadings, type QueryReadingOptions, type QueryReadings } from '../query-readings';
import { ResultOrder, type ResultOrderOptions } from '../result-order';
import { updateCountMode, updatedCount, type UpdateCountOptions } from '../update-count';
import { Db, type Doc, type SdkDatabase } from '../wx-db';
import { checkStoredNames, checkUpdateNames, fieldNameRule, type FieldNameRule } from '../../../../scripts/local-cloud/db/field-names';
import { checkSortFields, sortMissingRule, type SortMissingOptions } from '../../../../scripts/local-cloud/db/sort-missing';
import { sortPage, type SortSpec } from '../../../../scripts/local-cloud/db/sort';
import { MAP_TABLES, replicaOf, type StaleReadOptions, type StaleReads } from '../../../../scripts/local-cloud/db/stale-reads';
import { TcbError } from '../../../../scripts/local-cloud/server/envelope';
import { checkPaths } from '../../../../scripts/local-cloud/db/update';
import { getCapOf, type GetCapOptions } from '../../../../scripts/local-cloud/db/get-cap';
import { fastUpdate } from '../../../../scripts/local-cloud/db/fast-update';
import { realmClone } from '../../../../scripts/local-cloud/db/clone';
import { checkWriteBytes, writeLimitOf, type WriteLimit, type WriteLimitOptions } from '../../../../scripts/local-cloud/db/write-bytes';
import { compiledQuery } from './compiled-query';
import { insertRequest, setRequest, updateRequest } from './write-request';

/**
 * The server's cap on a query's `limit` (the current reference: 1000; the local cloud's MAX_LIMIT,
 * db/engine.ts); below it, the get cap (`getCap`/`QX_GET_CAP`, default 100 as the local cloud's wire:
 * scripts/local-cloud/db/get-cap.ts).
 */
const MAX_LIMIT = 1000;

/** wx-server-sdk's errCode of the local cloud's DATABASE_REQUEST_FAILED. */
const DATABASE_REQUEST_FAILED = -502001;

/** Runs `check` (the local cloud's field-name check); its refusal becomes what the SDK throws for the server's. */
function checked(call: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (!(e instanceof TcbError)) throw e;
    throw { errCode: DATABASE_REQUEST_FAILED, errMsg: `${call}:fail ${DATABASE_REQUEST_FAILED} ${e.code}. ${e.message}` };
  }
}

/**
 * Runs the local cloud's write-size check on `body` (the request the SDK would send); its refusal
 * becomes what the SDK throws for the server's (wx-server-sdk does not know EXCEED_MAX_PAYLOAD_SIZE).
 */
function sized(call: string, body: unknown, limit: WriteLimit): void {
  try {
    checkWriteBytes(body, limit);
  } catch (e) {
    if (!(e instanceof TcbError)) throw e;
    throw { errCode: DB_SYS_ERR, errMsg: `${call}:fail ${DB_SYS_ERR} resource system error. ${e.message}` };
  }
}

/** Options of a memory database: result order, readings of a missing field, the field-name rule, the sort check, read lag, the write limit. */
export type MemoryOptions = ResultOrderOptions & QueryReadingOptions & UpdateCountOptions & SortMissingOptions & StaleReadOptions & GetCapOptions & WriteLimitOptions & { fieldNames?: FieldNameRule };

/** A `db.command` operator as the code under test builds it. */
class Cmd {
  constructor(
    readonly op: string,
    readonly arg?: unknown,
  ) {}

  /** A field's `_.neq(x).or(_.exists(false))`: the SDK sends `$or: [{f: …}, {f: …}]`. */
  or(other: Cmd): Cmd {
    return new Cmd('fieldOr', [this, other]);
  }

  /** A field's `_.gt(0).and(_.lt(t))`: the SDK sends `$and: [{f: …}, {f: …}]`. */
  and(other: Cmd): Cmd {
    return new Cmd('fieldAnd', [this, other]);
  }
}

const plain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !(v instanceof Cmd) && !Array.isArray(v) && !(v instanceof Date);

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }` (the SDK's reading of nested objects in where/update). */
function flatten(
  o: Record<string, unknown>,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (plain(v) && Object.keys(v).length) flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

function toFilter(where: Record<string, unknown>): Record<string, unknown> {
  // A top-level `_.or([...])` / `_.and([...])` / `_.nor([...])`, as `collection.where(_.or(...))` sends it.
  if ((where as unknown) instanceof Cmd) {
    const c = where as unknown as Cmd;
    return { [`$${c.op}`]: (c.arg as Array<Record<string, unknown>>).map(toFilter) };
  }
  const out: Record<string, unknown> = {};
  const one = (v: Cmd) => ({ [`$${v.op}`]: v.arg });
  for (const [k, v] of Object.entries(flatten(where))) {
    if (v instanceof Cmd && v.op === 'fieldOr') {
      if (out.$or) throw new Error('memorySdk: one field-level or per query');
      out.$or = (v.arg as Cmd[]).map((c) => ({ [k]: one(c) }));
    } else if (v instanceof Cmd && v.op === 'fieldAnd') {
      out.$and = [...((out.$and as unknown[]) ?? []), ...(v.arg as Cmd[]).map((c) => ({ [k]: one(c) }))];
    } else out[k] = v instanceof Cmd ? one(v) : v;
  }
  return out;
}

/** The mingo filter of `where` as a backend with these readings of a missing field reads it. */
const filterOf = (where: Record<string, unknown>, m: QueryReadings): Record<string, unknown> => applyReadings(toFilter(where), m);

function toModifier(data: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const m: Record<string, Record<string, unknown>> = {};
  const put = (op: string, k: string, v: unknown): void => void ((m[op] ??= {})[k] = v);
  for (const [k, v] of Object.entries(flatten(data))) {
    if (!(v instanceof Cmd)) put('$set', k, v);
    else if (v.op === 'remove') put('$unset', k, '');
    else if (v.op === 'push' && plain(v.arg) && 'each' in v.arg)
      put('$push', k, Object.fromEntries(Object.entries(v.arg).map(([mk, mv]) => [`$${mk}`, mv])));
    else put(`$${v.op}`, k, v.arg);
  }
  return m;
}

/**
 * Copies made in this module's realm, as the local cloud makes them (clone.ts): under jest the
 * host's `structuredClone` builds host-realm objects, which the fast update path does not take.
 */
const clone = <T>(v: T): T => realmClone(v);

/** The backing store of a memory database: collection → `_id` → document. */
export type MemoryTables = Map<string, Map<string, Doc>>;

/** An in-memory SDK database; `tables` is exposed for assertions and fixtures. */
export function memorySdk(
  tables: MemoryTables = new Map(),
  order: MemoryOptions = {},
): SdkDatabase & { tables: MemoryTables; replica: StaleReads<Map<string, Doc>> | null } {
  const names = fieldNameRule(order);
  const unordered = new ResultOrder(order);
  const missing = queryReadings(order);
  const counting = updateCountMode(order);
  const sorting = sortMissingRule(order);
  const getCap = getCapOf(order);
  const writeLimit = writeLimitOf(order);
  const replica = replicaOf(order, tables, MAP_TABLES);
  // Reads come from the lagging replica when the fault is on; writes record what they replace.
  const fromReplica = <T>(read: () => T): T => (replica ? replica.read(read) : read());
  const wrote = (name: string, id: string, before: Doc | undefined): void => replica?.record(name, id, before);
  const table = (name: string): Map<string, Doc> => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = new Map()));
    return t;
  };
  const command = {
    gt: (v: unknown) => new Cmd('gt', v),
    gte: (v: unknown) => new Cmd('gte', v),
    lt: (v: unknown) => new Cmd('lt', v),
    lte: (v: unknown) => new Cmd('lte', v),
    eq: (v: unknown) => new Cmd('eq', v),
    neq: (v: unknown) => new Cmd('ne', v),
    in: (v: unknown[]) => new Cmd('in', v),
    nin: (v: unknown[]) => new Cmd('nin', v),
    exists: (v: boolean) => new Cmd('exists', v),
    or: (v: unknown[]) => new Cmd('or', v),
    and: (v: unknown[]) => new Cmd('and', v),
    nor: (v: unknown[]) => new Cmd('nor', v),
    inc: (v: number) => new Cmd('inc', v),
    min: (v: unknown) => new Cmd('min', v),
    max: (v: unknown) => new Cmd('max', v),
    set: (v: unknown) => new Cmd('set', v),
    remove: () => new Cmd('remove'),
    // `_.push(x)` or `_.push({each, slice, position, sort})`, as the SDK sends them.
    push: (v: unknown) => new Cmd('push', v),
    // `_.pull(x)`: removes every element equal to x (or matching a condition).
    pull: (v: unknown) => new Cmd('pull', v),
  };
  // A where naming one `_id` (a string: plain equality) can only match that document: no scan.
  const candidates = (name: string, where: Record<string, unknown>): Doc[] => {
    if (typeof where._id !== 'string') return [...table(name).values()];
    const d = table(name).get(where._id);
    return d ? [d] : [];
  };
  const query = (name: string, where: Record<string, unknown> = {}, o: any = {}): any => {
    // `count()` ignores skip/limit, as the SDK's does.
    const matching = (paged = true): Doc[] => {
      const q = compiledQuery(filterOf(where, missing));
      const docs = candidates(name, where).filter((d) => q.test(d));
      if (!paged) return docs;
      // Several orderBy calls sort by each in turn, like the SDK's; what they leave tied comes in
      // this query's random order (or insertion order when natural): the local cloud's own sort,
      // with its check of a sort field some matched document lacks.
      const orders = (o.orderBy ?? []) as Array<[string, 'asc' | 'desc']>;
      const spec: SortSpec = Object.fromEntries(orders.map(([f, dir]) => [f, dir === 'desc' ? -1 : 1]));
      checked('collection.get', () => checkSortFields(sorting, name, docs, spec));
      // The SDK sends 100 when no limit is set; the server answers at most MAX_LIMIT whatever is asked.
      return sortPage(docs, spec, o.skip ?? 0, Math.min(o.limit ?? 100, MAX_LIMIT, getCap), unordered.query());
    };
    const next = (more: any): any => query(name, where, { ...o, ...more });
    return {
      where: (w: Record<string, unknown>) => query(name, w, o),
      orderBy: (f: string, dir: string) => next({ orderBy: [...(o.orderBy ?? []), [f, dir]] }),
      skip: (n: number) => next({ skip: n }),
      limit: (n: number) => next({ limit: n }),
      field: (f: Record<string, boolean>) => next({ fields: f }),
      async get() {
        const fields = o.fields as Record<string, boolean> | undefined;
        return {
          // Copies, as an answer off the wire is: a caller changing one never changes the tables.
          data: fromReplica(() => matching()).map((d) =>
            clone(fields ? Object.fromEntries(Object.entries(d).filter(([k]) => k === '_id' || fields[k])) : d),
          ),
        };
      },
      async count() {
        return { total: fromReplica(() => matching(false)).length };
      },
      async update({ data }: { data: Record<string, unknown> }) {
        const modifier = toModifier(data);
        sized('collection.update', updateRequest(name, toFilter(where), modifier), writeLimit);
        checked('collection.update', () => checkUpdateNames(modifier, names));
        const q = compiledQuery(filterOf(where, missing));
        const hits = candidates(name, where).filter((d) => q.test(d));
        // What the service refuses and mingo would skip or do (an inc of a string or null, a path
        // through a scalar or null) fails the call, as on the wire (local cloud db/update.ts).
        checked('collection.update', () => hits.forEach((d) => checkPaths(d, modifier)));
        let modified = 0;
        for (const d of hits) {
          const before = replica ? clone(d) : undefined;
          // The local cloud's fast path where it applies (mingo's own rules, copy-on-write): mingo's
          // updater rebuilds its operator context on every call, the bulk of an interleaving test's time.
          const fast = fastUpdate(d, modifier);
          if (fast) {
            if (!fast.modified) continue;
            table(name).set(String(d._id), fast.doc);
          } else if (!(mingoUpdate(d, modifier as never) as unknown[]).length) continue;
          modified++;
          wrote(name, String(d._id), before);
        }
        return { stats: { updated: updatedCount(counting, hits.length, modified) } };
      },
      async remove() {
        const q = compiledQuery(filterOf(where, missing));
        const hits = candidates(name, where).filter((d) => q.test(d));
        for (const d of hits) {
          // Recorded first: the replica notes where the document stood in natural order.
          wrote(name, String(d._id), d);
          table(name).delete(String(d._id));
        }
        return { stats: { removed: hits.length } };
      },
    };
  };
  return {
    tables,
    replica,
    command,
    serverDate: () => new Date(),
    collection: (name: string) => ({
      ...query(name),
      async add({ data }: { data: Doc | Doc[] }) {
        const docs = (Array.isArray(data) ? data : [data]).map((d) => ({
          ...clone(d),
          _id: String(d._id ?? Math.random().toString(36).slice(2)),
        }));
        // The request's size, then every document, before any is stored, as the local cloud does.
        sized('collection.add', insertRequest(name, Array.isArray(data) ? data : [data]), writeLimit);
        checked('collection.add', () => docs.forEach((d) => checkStoredNames(d, names)));
        const t = table(name);
        for (const d of docs) {
          if (t.has(d._id))
            throw {
              errCode: DB_SYS_ERR,
              errMsg: `collection.add:fail -501001 resource system error. [DuplicateWrite] E11000 duplicate key error collection: ${name} dup key: { _id: "${d._id}" }`,
            };
          t.set(d._id, d);
          wrote(name, d._id, undefined);
        }
        return Array.isArray(data) ? { ids: docs.map((d) => d._id) } : { _id: docs[0]._id };
      },
      doc: (id: string) => ({
        async set({ data }: { data: Doc }) {
          sized('document.set', setRequest(name, id, data), writeLimit);
          const doc = { ...clone(data), _id: id };
          checked('document.set', () => checkStoredNames(doc, names));
          wrote(name, id, table(name).get(id));
          table(name).set(id, doc);
        },
      }),
      aggregate() {
        throw new Error(
          'memorySdk: aggregation is not offered; test aggregating code against the local cloud',
        );
      },
    }),
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A query (or collection) of the SDK that answers at most `cap` documents, whatever `limit` asks. */
function capped(q: any, cap: number): any {
  return new Proxy(q, {
    get(t, k) {
      const v = t[k];
      if (typeof v !== 'function') return v;
      return (...args: any[]) => {
        if (k === 'limit') args[0] = Math.min(args[0], cap);
        const r = v.apply(t, args);
        return r && typeof r === 'object' && typeof r.get === 'function' ? capped(r, cap) : r;
      };
    },
  });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * A {@link Db} over a fresh in-memory database, plus its tables. `pageCap`: the database answers at
 * most that many documents a query, below the get cap (`getCap`, default 100: {@link memorySdk}).
 */
export function memoryDb(o: { pageCap?: number } & MemoryOptions = {}): { db: Db; tables: MemoryTables; replica: StaleReads<Map<string, Doc>> | null } {
  const sdk = memorySdk(new Map(), o);
  const cap = o.pageCap;
  const db = cap ? new Db({ ...sdk, collection: (name: string) => capped(sdk.collection(name), cap) }) : new Db(sdk);
  return { db, tables: sdk.tables, replica: sdk.replica };
}
