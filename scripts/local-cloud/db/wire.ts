/** Decoding the fields of a `database.*` wire request (EJSON strings → values), with clear errors. */
import { TcbError } from '../server/envelope';
import type { DocId } from '../store/lmdb-store';
import { decode, decodeObject, type Doc } from './ejson';

/** The request body of a database action. */
export type WireBody = Record<string, unknown>;

/** `collectionName`, required. */
export function collectionName(body: WireBody): string {
  const name = body.collectionName;
  if (typeof name !== 'string' || !name) throw new TcbError('INVALID_PARAM', 'collectionName is required');
  return name;
}

/** The decoded `query` (undefined when absent/empty). */
export function query(body: WireBody, now: number): Doc | undefined {
  return decodeObject(body.query, 'query', now);
}

/** The `_id` of a DOC query. */
export function docId(q: Doc | undefined): DocId {
  const id = q?._id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new TcbError('INVALID_PARAM', 'doc operation needs an _id');
  return id;
}

/** The decoded `data` object of an update. */
export function updateData(body: WireBody, now: number): Doc {
  const d = decodeObject(body.data, 'data', now);
  if (!d) throw new TcbError('INVALID_PARAM', 'data is required');
  return d;
}

/** The decoded `data` documents of an insert (one EJSON string or an array of them). */
export function insertData(body: WireBody, now: number): Doc[] {
  const raw = Array.isArray(body.data) ? body.data : body.data === undefined ? [] : [body.data];
  if (raw.length === 0) throw new TcbError('INVALID_PARAM', 'data is required');
  return raw.map((r, i) => {
    const d = decodeObject(r, `data[${i}]`, now);
    if (!d) throw new TcbError('INVALID_PARAM', `data[${i}] is empty`);
    return d;
  });
}

/** Sort spec from `order`: an EJSON object `{field: 1|-1}` or a legacy `[{field, direction}]`. */
export function order(body: WireBody): Record<string, 1 | -1> | undefined {
  const o = decode(body.order, 'order');
  if (o === undefined || o === null) return undefined;
  const out: Record<string, 1 | -1> = {};
  if (Array.isArray(o)) {
    for (const e of o as Array<{ field?: unknown; direction?: unknown }>) {
      if (typeof e?.field !== 'string') throw new TcbError('INVALID_PARAM', 'invalid order');
      out[e.field] = e.direction === 'desc' || e.direction === -1 ? -1 : 1;
    }
    return out;
  }
  if (typeof o !== 'object') throw new TcbError('INVALID_PARAM', 'invalid order');
  for (const [k, v] of Object.entries(o as Doc)) out[k] = v === -1 || v === 'desc' ? -1 : 1;
  return out;
}

/** A non-negative integer field (`offset`, `limit`), or undefined. */
export function int(body: WireBody, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new TcbError('INVALID_PARAM', `${name} must be a non-negative integer`);
  return n;
}

/** The decoded `projection`. */
export function projection(body: WireBody): Record<string, unknown> | undefined {
  return decodeObject(body.projection, 'projection');
}

/** The aggregation pipeline from `stages: [{stageKey, stageValue}]`. */
export function pipeline(body: WireBody, now: number): Doc[] {
  const stages = body.stages;
  if (!Array.isArray(stages)) throw new TcbError('INVALID_PARAM', 'stages must be an array');
  return stages.map((s: { stageKey?: unknown; stageValue?: unknown }, i) => {
    if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$'))
      throw new TcbError('INVALID_PARAM', `stages[${i}].stageKey must be a $stage name`);
    return { [s.stageKey]: decode(s.stageValue, `stages[${i}].stageValue`, now) };
  });
}

/** A boolean flag (accepts booleans and "true"/"false"). */
export function flag(body: WireBody, name: string, dflt: boolean): boolean {
  const v = body[name];
  if (v === undefined || v === null) return dflt;
  return v === true || v === 'true';
}
