/**
 * How the local cloud picks one of its readings where WeChat cloud's behaviour is undocumented
 * (sort on a missing field, field names, batch inserts, the chained OPENID, the CDN): the option a
 * caller passes, else the environment variable, else the default (the stricter reading). A value
 * outside the readings is refused, never guessed.
 */

/** `opt`, else `process.env[variable]`, else `fallback`; throws naming the allowed values otherwise. */
export function envChoice<T extends string>(variable: string, allowed: readonly T[], opt: T | undefined, fallback: T): T {
  const m = opt ?? (process.env[variable] || fallback);
  if (!allowed.includes(m as T)) throw new Error(`${variable} must be ${allowed.join(' or ')}, not ${JSON.stringify(m)}`);
  return m as T;
}
