/**
 * The order of what a query leaves unordered. CloudBase's database is MongoDB-like: a query
 * without `orderBy` has no defined order, and a sort on a non-unique key returns its ties in an
 * order that can differ between two queries (MongoDB: "sorting on fields that contain duplicate
 * values may return an inconsistent sort order … over multiple executions"; the fix it documents
 * is `_id` in the sort). So `skip`/`limit` paging over such an order can answer a document twice
 * and another never. The local cloud takes the strict reading by default: every query draws a
 * seed, and ties (with no sort: the whole result) come back permuted by it, so code that relies on
 * insertion order or stable ties fails here rather than only in production.
 *
 * `QX_RESULT_ORDER=natural` (or the engine option) restores insertion order and stable ties for
 * debugging; `QX_RESULT_ORDER_SEED=<n>` replays the same sequence of per-query seeds.
 *
 * One piece of code for both stand-ins of the cloud's database: the local cloud's engine
 * (scripts/local-cloud/db) and the unit tests' memory SDK (testing/memory-sdk.ts).
 */
import { mulberry32 } from '../random';
import { envChoice } from './env-choice';

/** 'shuffled' (default, strict) or 'natural' (insertion order, stable ties: debugging only). */
export type ResultOrderMode = 'shuffled' | 'natural';

/** Options that choose the order (engine options extend this). */
export interface ResultOrderOptions {
  /** Default: `QX_RESULT_ORDER`, else 'shuffled'. */
  resultOrder?: ResultOrderMode;
  /** Seed of the per-query seeds (default: `QX_RESULT_ORDER_SEED`, else random). */
  resultOrderSeed?: number;
}

/** A tie key per document of one query (smaller first), or null for natural order. */
export type TieKey = (() => number) | null;

/** The mode `opts` asks for, else `QX_RESULT_ORDER`, else 'shuffled'; anything else is refused. */
export function resultOrderMode(opts: ResultOrderOptions = {}): ResultOrderMode {
  return envChoice('QX_RESULT_ORDER', ['shuffled', 'natural'], opts.resultOrder, 'shuffled');
}

/** Draws each query's tie keys. */
export class ResultOrder {
  readonly mode: ResultOrderMode;
  /** The seed of the sequence (print it to replay a failure with `QX_RESULT_ORDER_SEED`). */
  readonly seed: number;
  private readonly seeds: () => number;

  constructor(opts: ResultOrderOptions = {}) {
    this.mode = resultOrderMode(opts);
    const env = process.env.QX_RESULT_ORDER_SEED;
    this.seed = opts.resultOrderSeed ?? (env ? Number(env) >>> 0 : Math.floor(Math.random() * 2 ** 32));
    this.seeds = mulberry32(this.seed);
  }

  /** Tie keys for one query: a fresh random stream in 'shuffled' mode, null in 'natural'. */
  query(): TieKey {
    if (this.mode === 'natural') return null;
    return mulberry32(Math.floor(this.seeds() * 2 ** 32));
  }
}
