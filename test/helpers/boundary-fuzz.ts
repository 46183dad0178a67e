/**
 * Shared pieces of the boundary suites (`test/boundary/*.test.ts`): hostile JSON arbitraries,
 * the shape every answer must have (success, or a declared code with a message — never a stack,
 * never INTERNAL for bad input), and a fingerprint of the whole database to show that a refused
 * call wrote nothing. Each suite runs one local cloud with the repo's REAL functions and invokes
 * them the way WeChat does (identity only in the invocation context, never in the event).
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { ERROR_CODES, type ErrorCode } from '../../cloudfunctions/common/contracts/errors';
import type { FullCloud } from '../../scripts/local-cloud/cloud';

/** Values a hostile or broken client sends where a field is expected. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x1f', '', ' ', '\u0000', '__proto__', 'constructor', 'null', 'true'),
  fc.constantFrom('9999-99-99', '+275760-09-13T00:00:00.001Z', '1969-12-31T23:59:59Z', '2038-01-19T03:14:08Z'),
  // Negative, fractional, past-safe-integer and out-of-Date-range numbers (money, counts, times).
  fc.constantFrom(-1, -0.5, 0.01, 1.5, -100, 1e21, -1e21, 2 ** 53 + 2, 8.64e15 + 1, -8.64e15 - 1, 2 ** 31, 0),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** `depth` nested objects (or arrays): parsers that recurse must not blow the stack. */
export function nested(depth: number, asArray = false): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Objects whose own keys try prototype pollution once they are merged or assigned. */
export const pollution: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"a":{"__proto__":{"isStaff":true,"role":"staff"}}}'),
);

/** Any value, weighted towards the hostile ones; sizes stay inside a function's event limit. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileScalar, weight: 5 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(hostileScalar, { maxLength: 6 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 4 }), weight: 1 },
  { arbitrary: pollution, weight: 1 },
  { arbitrary: fc.constantFrom(20_000, 200_000).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.constantFrom(2_000, 20_000).map((n) => Array.from({ length: n }, (_, i) => i)), weight: 1 },
  { arbitrary: fc.constantFrom(60, 600, 3_000).chain((d) => fc.boolean().map((a) => nested(d, a))), weight: 1 },
);

/** Keys a client adds to claim someone else's identity or a role. */
export const CLAIM_KEYS = ['openid', '_openid', 'OPENID', 'openId', 'appid', 'unionid', 'userInfo', 'role', 'staff', 'isStaff', 'importFor', '__proto__', 'constructor'];

/** How a function is called in a suite. */
export interface FuzzTarget {
  /** Action values the function declares (empty: it has no `action` field). */
  actions: string[];
  /** Well-formed requests, mutated one key at a time. */
  valid: Array<Record<string, unknown>>;
}

/** Set `key` of a copy of `o` to `v` as an OWN property (`__proto__` included, as JSON.parse does). */
function withKey(o: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
  Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every path to a value inside `v` (object keys and array indexes), the root excluded. */
function pathsOf(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (!v || typeof v !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...at, k], ...pathsOf(x, [...at, k])]);
}

/** A copy of `v` with the value at `path` replaced by `x` (own property, `__proto__` included). */
function setPath(v: Record<string, unknown>, path: Array<string | number>, x: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  Object.defineProperty(o, path[path.length - 1], { value: x, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Events for a function: whole hostile values, actions with hostile fields, valid requests with
 * one key changed or added, and valid requests with one value deep inside changed (so the
 * validators behind the top-level schema are reached too).
 */
export function hostileEvent(t: FuzzTarget): fc.Arbitrary<unknown> {
  const deep = t.valid.flatMap((v) => pathsOf(v).map((p) => [v, p] as const));
  const keys = [...new Set([...t.valid.flatMap((v) => Object.keys(v)), ...CLAIM_KEYS])];
  const key = fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 }));
  const actionLike = t.actions.length ? fc.oneof(fc.constantFrom(...t.actions), hostileScalar) : hostileScalar;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...t.valid), weight: 1 },
    { arbitrary: hostileValue, weight: 1 },
    {
      arbitrary: fc
        .tuple(actionLike, fc.array(fc.tuple(key, hostileValue), { maxLength: 3 }))
        .map(([action, kv]) => kv.reduce((o, [k, v]) => withKey(o, k, v), t.actions.length ? { action } : {})),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(fc.constantFrom(...t.valid), key, hostileValue).map(([v, k, x]) => withKey(v, k, x)),
      weight: 3,
    },
    {
      arbitrary: fc.tuple(fc.constantFrom(...deep), hostileValue).map(([[v, p], x]) => setPath(v, p, x)),
      weight: deep.length ? 4 : 0,
    },
  );
}

/** A refusal as every function answers it. */
export interface Refusal {
  ok: false;
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Whether `reply` is a refusal envelope. */
export function isRefusal(reply: unknown): reply is Refusal {
  return !!reply && typeof reply === 'object' && (reply as { ok?: unknown }).ok === false;
}

/**
 * Throws unless `reply` is a success envelope or a refusal with one of `codes` and a message,
 * with no stack trace, file path or internal error anywhere in it.
 */
export function expectDeclaredAnswer(reply: unknown, codes: readonly ErrorCode[], extraOk: unknown[] = []): void {
  const text = JSON.stringify(reply) ?? '';
  if (/\bat .+:\d+:\d+|node_modules|\/work\/|Error: |TypeError|RangeError|SyntaxError/.test(text))
    throw new Error(`the answer leaks internals: ${text.slice(0, 400)}`);
  if (extraOk.some((x) => JSON.stringify(x) === text)) return;
  const r = reply as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r?.ok === true && 'data' in r) return;
  if (r?.ok !== false || !r.error) throw new Error(`not a reply envelope: ${text.slice(0, 400)}`);
  const { code, message } = r.error;
  if (!(ERROR_CODES as readonly unknown[]).includes(code) || !codes.includes(code as ErrorCode))
    throw new Error(`undeclared code ${String(code)}: ${text.slice(0, 400)}`);
  if (typeof message !== 'string' || !message.trim()) throw new Error(`refusal without a message: ${text.slice(0, 400)}`);
}

/**
 * A digest of every document of every product collection (the test database is small). The
 * emulator's own platform state (`_wx_*`: users WeChat knows, its grants and outbox) is not the
 * product's and is left out.
 */
export function dbFingerprint(cloud: FullCloud): string {
  const h = crypto.createHash('sha256');
  for (const name of cloud.db.collections().filter((n) => !n.startsWith('_wx_')).sort()) {
    const c = cloud.db.collection(name);
    const n = c.count();
    h.update(`${name}:${n}:`);
    for (let skip = 0; skip < n; skip += 1000) h.update(JSON.stringify(c.find({}, { skip, limit: 1000 })));
  }
  return h.digest('hex');
}

/** Counts answers by outcome (`ok` or the refusal code), so a suite can show it explored both. */
export class Tally {
  readonly counts: Record<string, number> = {};
  /** Counts `reply` and returns it. */
  add<T>(reply: T): T {
    const k = isRefusal(reply) ? reply.error.code : 'ok';
    this.counts[k] = (this.counts[k] ?? 0) + 1;
    return reply;
  }
  /** `ok 12, INVALID_INPUT 40, …` */
  toString(): string {
    return Object.entries(this.counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  }
}

/** Runs per property: bounded so a suite stays well under a minute at load ~5 (QX_FUZZ_RUNS overrides). */
export function fuzzRuns(dflt: number): number {
  const n = Number(process.env.QX_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : dflt;
}

/** Shows what an input was when a property fails (fast-check prints it; huge values are cut). */
export function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s;
}
