/**
 * EJSON in and out of the wire. The SDK sends canonical EJSON strings (`{"$numberInt":"1"}`,
 * `{"$date":…}`, `{"$regularExpression":…}`, and the TCB-specific `{"$tcb_server_date":{offset}}`);
 * we decode them into plain JS values that mingo understands (numbers, Date, RegExp) and answer
 * with relaxed EJSON, which the SDK decodes with `EJSON.parse` into the same values.
 */
import { BSONRegExp, EJSON, ObjectId } from 'bson';
import { TcbError } from '../server/envelope';
import { realmClone } from './clone';

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

/** EJSON type wrappers the fast path leaves to bson (rare on our wire). */
const BSON_WRAPPERS = new Set(['$oid', '$symbol', '$numberDecimal', '$binary', '$code', '$timestamp', '$minKey', '$maxKey', '$dbPointer', '$uuid', '$undefined', '$ref']);

/**
 * JSON.parse + one walk that unwraps the wrappers the SDK sends ($numberInt/Double/Long, $date,
 * $regularExpression, $tcb_server_date) — ~4x faster than bson's EJSON.parse on event batches.
 * Query operators (`$gt`, `$inc`, …) are ordinary keys and are walked like any field.
 */
function unwrap(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unwrap(v[i], now);
    return v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0].charCodeAt(0) === 36 /* $ */) {
    const k = keys[0];
    const x = o[k];
    switch (k) {
      case '$numberInt':
      case '$numberDouble':
      case '$numberLong':
        return Number(x);
      case '$date': {
        const t = typeof x === 'string' ? Date.parse(x) : typeof x === 'number' ? x : Number((x as { $numberLong?: string })?.$numberLong);
        return new Date(t);
      }
      case '$regularExpression': {
        const r = x as { pattern?: unknown; options?: unknown };
        return toRegExp(String(r?.pattern ?? ''), String(r?.options ?? ''));
      }
      case '$tcb_server_date': {
        const off = unwrap((x as { offset?: unknown })?.offset, now);
        return new Date(now + (typeof off === 'number' ? off : 0));
      }
      default:
        if (BSON_WRAPPERS.has(k)) return normalize(EJSON.deserialize(o, { relaxed: true }), now);
    }
  } else if (keys.some((k) => BSON_WRAPPERS.has(k))) return normalize(EJSON.deserialize(o, { relaxed: true }), now);
  for (const k of keys) o[k] = unwrap(o[k], now);
  return o;
}

/** Parse one EJSON string from the wire into plain values. `what` names the field for errors. */
export function decode(text: unknown, what: string, now = Date.now()): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  try {
    // Some callers (raw HTTP, in-process) send objects instead of strings: accept them as EJSON values.
    return unwrap(typeof text === 'string' ? JSON.parse(text) : realmClone(text), now);
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
