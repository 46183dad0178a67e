/**
 * Whether a document read back equals one we sent, ignoring key order: how an insert whose answer
 * was lost (wx-server-sdk's -501001, which a request timeout gives too) tells "stored by us" from
 * "stored by someone else". Dates compare by instant; anything the database computed
 * (`db.serverDate()` placeholders) makes the documents differ, so such an insert stays undecided.
 */
function canonical(v: unknown): string {
  if (v instanceof Date) return `{"$date":${v.getTime()}}`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const proto = Object.getPrototypeOf(v);
  // A class instance (a server-date placeholder, a command) is not plain data: never equal.
  if (proto !== Object.prototype && proto !== null) return `{"$instance":${Math.random()}}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

/** True when `stored` holds exactly the plain data of `sent`. */
export const sameDoc = (stored: unknown, sent: unknown): boolean => stored !== undefined && canonical(stored) === canonical(sent);
