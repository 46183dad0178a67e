/**
 * mingo queries of the memory SDK, compiled once per filter. Building a mingo `Query` copies its
 * whole operator context (about 50 µs); an interleaving exploration (interleavings.ts) runs the
 * same few filters in every one of its thousands of schedules, each on a fresh memory database.
 * A compiled query holds nothing of the documents it tests, so one filter's can serve every
 * database. Filters that read the clock or run code (`$expr`, `$where`, `$function`) are compiled
 * every time.
 */
import { Query } from 'mingo';

/** Distinct filters kept; the cache is emptied when it fills (a test's filters are a few dozen). */
const MAX_ENTRIES = 2_000;

const cache = new Map<string, Query>();

const tag = (v: unknown): string => Object.prototype.toString.call(v);

/**
 * A key that tells apart what JSON would merge: Dates, RegExps, undefined and non-finite numbers
 * (JSON writes a Date as its ISO string, the same as that string; undefined not at all).
 */
function keyOf(filter: Record<string, unknown>): string {
  return JSON.stringify(filter, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    // Tagged under a NUL key, which no field name of a filter holds.
    if (raw === undefined) return { '\u0000u': 1 };
    if (typeof raw === 'number' && !Number.isFinite(raw)) return { '\u0000n': String(raw) };
    if (raw !== null && typeof raw === 'object') {
      const t = tag(raw);
      if (t === '[object Date]') return { '\u0000d': (raw as Date).getTime() };
      if (t === '[object RegExp]') return { '\u0000r': [(raw as RegExp).source, (raw as RegExp).flags] };
    }
    return v;
  });
}

const RUNS_CODE = /"\$(expr|where|function)"/;

/** The compiled mingo query of `filter` (the same object for the same filter, unless it runs code). */
export function compiledQuery(filter: Record<string, unknown>): Query {
  const key = keyOf(filter);
  let q = cache.get(key);
  if (q) return q;
  q = new Query(filter);
  if (RUNS_CODE.test(key)) return q;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, q);
  return q;
}
