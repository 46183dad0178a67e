/**
 * EJSON in and out of the wire. The SDK sends canonical EJSON strings (`{"$numberInt":"1"}`,
 * `{"$date":…}`, `{"$regularExpression":…}`, and the TCB-specific `{"$tcb_server_date":{offset}}`);
 * we decode them into plain JS values that mingo understands (numbers, Date, RegExp) and answer
 * with relaxed EJSON, which the SDK decodes with `EJSON.parse` into the same values.
 */
import { BSONRegExp, EJSON, ObjectId } from 'bson';
import { TcbError } from '../server/envelope';

/** A stored document. */
export type Doc = Record<string, unknown>;

/** Convert BSON wrapper types and TCB placeholders into plain JS values, in place where possible. */
export function normalize(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalize(value[i], now);
    return value;
  }
  if (value instanceof BSONRegExp) return toRegExp(value.pattern, value.options);
  if (value instanceof RegExp) return value;
  if (value instanceof ObjectId) return value.toHexString();
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype) {
    // Long/Int32/Double/Decimal128 that relaxed parsing kept: use their numeric value.
    const n = Number((value as { toString(): string }).toString());
    return Number.isFinite(n) ? n : value;
  }
  const obj = value as Record<string, unknown>;
  const sd = obj.$tcb_server_date as { offset?: unknown } | undefined;
  if (sd !== undefined && Object.keys(obj).length === 1) {
    const offset = typeof sd === 'object' && sd && typeof sd.offset === 'number' ? sd.offset : 0;
    return new Date(now + offset);
  }
  for (const k of Object.keys(obj)) obj[k] = normalize(obj[k], now);
  return obj;
}

/** A JS RegExp from a BSON pattern/options pair (flags JS lacks, like `x`, are dropped). */
export function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(pattern, flags);
}

/** Parse one EJSON string from the wire into plain values. `what` names the field for errors. */
export function decode(text: unknown, what: string, now = Date.now()): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') {
    // Some callers (raw HTTP, in-process) send objects instead of strings: accept them as EJSON values.
    return normalize(EJSON.deserialize(text as Doc, { relaxed: true }), now);
  }
  try {
    return normalize(EJSON.parse(text, { relaxed: true }), now);
  } catch (err) {
    throw new TcbError('INVALID_PARAM', `invalid ${what}: ${(err as Error).message}`);
  }
}

/** Parse an EJSON string that must be an object. */
export function decodeObject(text: unknown, what: string, now = Date.now()): Doc | undefined {
  const v = decode(text, what, now);
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TcbError('INVALID_PARAM', `${what} must be an object`);
  return v as Doc;
}

/** Relaxed EJSON string of a document, as the SDK expects inside `data.list`. */
export function encode(doc: unknown): string {
  return EJSON.stringify(doc as Doc, { relaxed: true });
}
