/**
 * How a stand-in of WeChat cloud — the local cloud, the unit tests' memory SDK — picks one of its
 * readings where the service's behaviour is undocumented (the query readings of a missing field or
 * an array, update counts, result order, sort on a missing field, field names, batch inserts, the
 * chained OPENID, the CDN): the option a caller passes, else the environment variable, else the
 * default (the stricter reading). A value outside the readings is refused, never guessed. Here, not
 * in scripts/local-cloud, because the readings in this folder (neq-missing.ts, …) are shared with
 * the memory SDK and the local cloud imports them from here.
 */

/** `opt`, else `process.env[variable]`, else `fallback`; throws naming the allowed values otherwise. */
export function envChoice<T extends string>(variable: string, allowed: readonly T[], opt: T | undefined, fallback: T): T {
  const m = opt ?? (process.env[variable] || fallback);
  if (!allowed.includes(m as T)) throw new Error(`${variable} must be ${allowed.join(' or ')}, not ${JSON.stringify(m)}`);
  return m as T;
}
