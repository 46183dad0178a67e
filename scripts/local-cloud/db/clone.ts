/**
 * A deep copy of stored values made in the realm this module runs in. The host's
 * `structuredClone` builds its copies in the host realm, and under jest (a vm context) that is not
 * the engine's: mingo then sees `{}`s whose constructor is not its `Object` and compares them by
 * `toString()` — every two objects "equal", so `$set` of a different object was a silent no-op —
 * and `instanceof Date/RegExp` fails. Copying with literals here keeps the engine realm-independent
 * for what documents hold (plain objects, arrays, Dates, RegExps, scalars) wherever the input came from.
 */

const tag = (v: object): string => Object.prototype.toString.call(v);

/**
 * Deep copy of `v`: plain objects (own enumerable string keys) and arrays are rebuilt, Dates and
 * RegExps recognised by tag (so another realm's count) and remade here, Buffers and typed arrays
 * copied. Like `structuredClone` it refuses functions and cycles (a TypeError); unlike it, a Map or
 * Set would come out as `{}` — documents never hold those (they come from EJSON).
 */
export function realmClone<T>(v: T): T {
  return copy(v, new Set()) as T;
}

function copy(v: unknown, seen: Set<object>): unknown {
  if (typeof v === 'function') throw new TypeError('realmClone: a function cannot be cloned');
  if (v === null || typeof v !== 'object') return v;
  const t = tag(v);
  if (t === '[object Date]') return new Date((v as Date).getTime());
  if (t === '[object RegExp]') return new RegExp((v as RegExp).source, (v as RegExp).flags);
  // Buffer#slice shares memory (a view); Buffer.from and TypedArray#slice copy.
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (seen.has(v)) throw new TypeError('realmClone: a cyclic value cannot be cloned');
  seen.add(v);
  let out: unknown;
  if (Array.isArray(v)) out = v.map((x) => copy(x, seen));
  else {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = copy((v as Record<string, unknown>)[k], seen);
    out = o;
  }
  seen.delete(v);
  return out;
}
