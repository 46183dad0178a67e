/**
 * Field names the product stores from names it does not choose: a job run's artifacts are keyed
 * by file names (`histories-0.json.gz`), a model version's `meta` copies its meta.json (the shipped
 * sentiment meta keys its training files by name: `data.files['waimai_10k.csv']`). MongoDB before
 * 5.0 refuses a stored field name that contains `.` or starts with `$` ("The dotted field … is not
 * valid for storage"), and which version serves a CloudBase environment is not documented. So
 * such keys are stored escaped (`~` + two hex digits for `~`, `.` and `$`) and read back unescaped.
 * A key without those characters is stored as it is, and a document written before the escape
 * (plain dotted names, on a server that took them) reads back unchanged: no key the product
 * stores contains `~`.
 */

const ESCAPED = /[~.$]/g;
const ESCAPE = /~([0-9a-f]{2})/g;

/** The stored field name of `name`: no `.`, no `$`, reversible by {@link nameOfKey}. */
export const storedKey = (name: string): string => name.replace(ESCAPED, (c) => `~${c.charCodeAt(0).toString(16)}`);

/** The name of stored field name `key` (a plain pre-escape name is returned as it is). */
export const nameOfKey = (key: string): string =>
  key.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const mapKeys = <V>(m: Record<string, V>, f: (k: string) => string): Record<string, V> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [f(k), v]));

/** A name-keyed map as stored (escaped keys; one level). */
export const storedKeys = <V>(m: Record<string, V>) => mapKeys(m, storedKey);

/** A name-keyed map as read from a stored document (escaped or old plain keys; one level). */
export const readKeys = <V>(m: Record<string, V> | undefined) => mapKeys(m ?? {}, nameOfKey);

// Plain objects of any realm (a document from the SDK or a test's memory database), not Dates/Buffers.
const isPlain = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]';

function deep(v: unknown, f: (k: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => deep(x, f));
  if (!isPlain(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [f(k), deep(x, f)]));
}

/** A JSON-like value with every plain object's keys escaped, at any depth (e.g. a meta.json). */
export const storedKeysDeep = <T>(v: T): T => deep(v, storedKey) as T;

/** The inverse of {@link storedKeysDeep} (old plain keys read as they are). */
export const readKeysDeep = <T>(v: T): T => deep(v, nameOfKey) as T;
