/**
 * Sorting with MongoDB's cross-type order, fast: mingo's sort costs ~2 s for 100k documents, this
 * one ~50 ms (decorate once, native compare) and far less for `limit`ed pages (bounded insertion).
 * Order of types: null/missing < numbers < strings < objects < arrays < booleans < Dates < RegExps;
 * an array sorts by its smallest element ascending and its largest descending, as in MongoDB.
 */
import type { Doc } from './ejson';
import { valuesAtPath } from './indexes';
import type { TieKey } from '../../../cloudfunctions/common/db/result-order';

/** A sort spec: field → 1 (asc) | -1 (desc), in priority order. */
export type SortSpec = Record<string, 1 | -1>;

function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  switch (typeof v) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 6;
    case 'object':
      // `instanceof` suffices: every value reaches the engine copied into its realm (clone.ts realmClone).
      if (v instanceof Date) return 7;
      if (v instanceof RegExp) return 8;
      return Array.isArray(v) ? 5 : 4;
    default:
      return 9;
  }
}

/** Total order of two stored values (MongoDB-like). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 3:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 6:
      return Number(a) - Number(b);
    case 7:
      return (a as Date).getTime() - (b as Date).getTime();
    case 4: {
      const ka = Object.keys(a as Doc);
      const kb = Object.keys(b as Doc);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const c = compareValues((a as Doc)[ka[i]], (b as Doc)[kb[i]]) || (ka[i] < kb[i] ? -1 : ka[i] > kb[i] ? 1 : 0);
        if (c) return c;
      }
      return ka.length - kb.length;
    }
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

/** The value a document sorts by on `path` for direction `dir` (arrays: min asc / max desc). */
function sortKey(doc: Doc, path: string[], dir: 1 | -1): unknown {
  let v: unknown = doc;
  for (let i = 0; i < path.length && v !== undefined; i++) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      v = Array.isArray(v) ? null : undefined;
      break;
    }
    v = (v as Doc)[path[i]];
  }
  if (v !== null && !Array.isArray(v)) return v; // the common case: a scalar on a plain path
  const vals = valuesAtPath(doc, path);
  if (vals.length === 1) return vals[0];
  if (vals.length === 0) return undefined; // empty array sorts like missing, close enough
  let best = vals[0];
  for (let i = 1; i < vals.length; i++) if (compareValues(vals[i], best) * dir < 0) best = vals[i];
  return best;
}

interface Keyed {
  doc: Doc;
  i: number;
  /** Tie key: the query's random draw (see result-order.ts), or the input index when natural. */
  t: number;
  /** Per sort field: type rank and a cheaply comparable value (Dates/booleans as numbers). */
  r: number[];
  v: unknown[];
}

function decorate(doc: Doc, i: number, fields: ReadonlyArray<{ path: string[]; dir: 1 | -1 }>, tie: TieKey): Keyed {
  const r: number[] = new Array(fields.length);
  const v: unknown[] = new Array(fields.length);
  for (let j = 0; j < fields.length; j++) {
    const k = sortKey(doc, fields[j].path, fields[j].dir);
    const rank = typeRank(k);
    r[j] = rank;
    v[j] = rank === 7 ? (k as Date).getTime() : rank === 6 ? Number(k) : k;
  }
  return { doc, i, t: tie ? tie() : i, r, v };
}

/**
 * `docs` ordered by `spec`, then `skip`/`limit` applied. Equal keys (all documents when `spec` is
 * empty) are ordered by `tie`'s draws, or keep input (natural) order when `tie` is null. Only the
 * first `skip + limit` are kept while scanning when that is small.
 */
export function sortPage(docs: Doc[], spec: SortSpec, skip: number, limit: number, tie: TieKey = null): Doc[] {
  const fields = Object.entries(spec).map(([f, d]) => ({ path: f.split('.'), dir: d === -1 ? -1 : 1 }) as const);
  const n = fields.length;
  const cmp = (x: Keyed, y: Keyed): number => {
    for (let j = 0; j < n; j++) {
      let c = x.r[j] - y.r[j];
      if (c === 0) {
        const a = x.v[j];
        const b = y.v[j];
        const rank = x.r[j];
        if (rank === 2 || rank === 6 || rank === 7) c = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
        else if (rank === 3) c = a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
        else if (rank !== 1) c = compareValues(a, b);
      }
      if (c) return c * fields[j].dir;
    }
    return x.t - y.t || x.i - y.i;
  };
  const k = Math.min(skip + limit, docs.length);
  let ordered: Keyed[];
  if (k < docs.length / 4 && k <= 5000) {
    ordered = [];
    for (let i = 0; i < docs.length; i++) {
      const e = decorate(docs[i], i, fields, tie);
      if (ordered.length === k && cmp(e, ordered[k - 1]) >= 0) continue;
      let lo = 0;
      let hi = ordered.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(ordered[mid], e) <= 0) lo = mid + 1;
        else hi = mid;
      }
      ordered.splice(lo, 0, e);
      if (ordered.length > k) ordered.pop();
    }
  } else ordered = docs.map((d, i) => decorate(d, i, fields, tie)).sort(cmp);
  return ordered.slice(skip, k).map((e) => e.doc);
}
