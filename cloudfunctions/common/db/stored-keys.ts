/**
 * Field names the product stores from names it does not choose (file names, meta.json keys, dates,
 * ids with `-`). The CloudBase database FAQ ("数据库文档 field 格式有何限制") allows a field name of
 * letters, digits, `_` and `.`, at most 32 characters, not starting with `_`, `/` or `.`; MongoDB
 * before 5.0 refuses a `.` anywhere. Whether CloudBase applies that rule to nested keys is not
 * documented, so every key the product stores, at any depth, is a {@link isStoredName legal name}:
 *
 * - a name that already is one (and does not start with `q_`/`qh_`) is stored as it is;
 * - any other name is stored as `q_` + the name with `_` as the escape character: letters and
 *   digits stay, every other UTF-16 unit becomes `_` + two hex digits (`-` → `_2d`) or `_u` + four
 *   (`群` → `_u7fa4`) — reversible by {@link nameOfKey};
 * - when that would pass 32 characters, `qh_` + the name's 64-bit FNV-1a hash (16 hex) + `_` + the
 *   start of the escaped form: legal and distinct, but not reversible on its own, so a map stored
 *   whole ({@link storedKeys}) keeps the name in the value (`{n: name, v: value}`), and a reader
 *   of a per-key map that needs names resolves them from where the names come from.
 *
 * Documents written before (plain keys, and the old `~` + two hex digits escapes of `~`, `.`, `$`)
 * read back unchanged: an old key never starts with `q_`/`qh_`, and a key with `~` is an old one
 * (`~` is not a legal name character, so no new key has it).
 */
const LEGAL = /^[A-Za-z0-9][A-Za-z0-9_]{0,31}$/;
const OURS = /^qh?_/;
const MAX = 32;

/** Whether `name` may be stored as a field name under the CloudBase FAQ rule (and MongoDB's). */
export const isStoredName = (name: string): boolean => LEGAL.test(name);

const escapeUnit = (c: string): string => {
  const u = c.charCodeAt(0);
  return u < 0x100 ? `_${u.toString(16).padStart(2, '0')}` : `_u${u.toString(16).padStart(4, '0')}`;
};
const escaped = (name: string): string => name.replace(/[^A-Za-z0-9]/g, escapeUnit);
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;
/**
 * FNV-1a, 64 bits, over the UTF-16 units: no Node `crypto`, because the mini program's type check
 * reaches this module through shared types. Not collision-resistant against someone who wants a
 * collision, but only names within one map can meet, and each map holds one customer's or one
 * run's names (a forged collision touches only the forger's own profile).
 */
function fnv64(name: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) h = ((h ^ BigInt(name.charCodeAt(i))) * FNV_PRIME) & MASK64;
  return h.toString(16).padStart(16, '0');
}
const hashed = (name: string, body: string): string => `qh_${fnv64(name)}_${body}`.slice(0, MAX);

/** The stored field name of `name`: always {@link isStoredName legal}; see the module comment. */
export function storedKey(name: string): string {
  if (isStoredName(name) && !OURS.test(name)) return name;
  const body = escaped(name);
  return body.length + 2 <= MAX ? `q_${body}` : hashed(name, body);
}

/** Whether `key` is a hashed key, whose name is not in the key itself. */
export const isHashedKey = (key: string): boolean => key.startsWith('qh_');

const BODY = /^(?:[A-Za-z0-9]|_[0-9a-f]{2}|_u[0-9a-f]{4})*$/;
const OLD_ESCAPE = /~([0-9a-f]{2})/g;

/**
 * The name of stored field name `key`: decoded when it is a `q_` key, unescaped when it is an old
 * `~` key, as it is otherwise (old plain keys). A hashed key's name is not in the key: undefined.
 */
export function nameOfKey(key: string): string | undefined {
  if (isHashedKey(key)) return undefined;
  if (key.startsWith('q_') && BODY.test(key.slice(2)))
    return key.slice(2).replace(/_u([0-9a-f]{4})|_([0-9a-f]{2})/g, (_, u?: string, b?: string) => String.fromCharCode(parseInt(u ?? b!, 16)));
  return key.includes('~') ? key.replace(OLD_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : key;
}

/** A hashed key's value as stored: the name rides along. */
interface Named {
  n: string;
  v: unknown;
}

// Plain objects of any realm (a document from the SDK or a test's memory database), not Dates/Buffers.
const isPlain = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]';
const isNamed = (v: unknown): v is Named => isPlain(v) && typeof v.n === 'string' && 'v' in v;

/** One entry of a map stored whole: `[key, value]`, the value wrapped as `{n, v}` when the key is hashed. */
export function storedEntry<V>(name: string, value: V): [string, V | Named] {
  const key = storedKey(name);
  return isHashedKey(key) ? [key, { n: name, v: value }] : [key, value];
}

/** One stored entry read back: `[name, value]`, or undefined for a hashed key without its name. */
export function readEntry<V>(key: string, value: V | Named): [string, V] | undefined {
  if (!isHashedKey(key)) return [nameOfKey(key)!, value as V];
  return isNamed(value) ? [value.n, value.v as V] : undefined;
}

function entries(m: Record<string, unknown>, f: (k: string, v: unknown) => [string, unknown] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    const e = f(k, v);
    if (e) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A name-keyed map as stored whole (legal keys; one level). */
export const storedKeys = <V>(m: Record<string, V>): Record<string, V> => entries(m, storedEntry) as Record<string, V>;

/** A name-keyed map as read from a stored document (new, old `~` or old plain keys; one level). */
export const readKeys = <V>(m: Record<string, V> | undefined): Record<string, V> => entries(m ?? {}, readEntry) as Record<string, V>;

function deep(v: unknown, store: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => deep(x, store));
  if (!isPlain(v)) return v;
  return entries(v, store ? (k, x) => storedEntry(k, deep(x, true)) : (k, x) => {
    const e = readEntry(k, x);
    return e && [e[0], deep(e[1], false)];
  });
}

/** A JSON-like value with every plain object's keys stored legally, at any depth (e.g. a meta.json). */
export const storedKeysDeep = <T>(v: T): T => deep(v, true) as T;

/** The inverse of {@link storedKeysDeep} (old plain and `~` keys read as they are). */
export const readKeysDeep = <T>(v: T): T => deep(v, false) as T;
