/**
 * mingo queries and projections as the engine runs them: a malformed query or projection, or one
 * that throws while it evaluates, is a database error (DATABASE_REQUEST_FAILED) as on CloudBase,
 * never an exception out of the emulator.
 */
import { find as mingoFind, Query } from 'mingo';
import { TcbError } from '../server/envelope';
import type { Doc } from './ejson';

/** A compiled query's test, or null for "everything"; evaluation errors become database errors. */
export function compile(query: Doc | undefined): { test(d: Doc): boolean } | null {
  if (!query || Object.keys(query).length === 0) return null;
  let q: Query;
  try {
    q = new Query(query);
  } catch (err) {
    throw new TcbError('DATABASE_REQUEST_FAILED', `invalid query: ${(err as Error).message}`);
  }
  return {
    test(d) {
      try {
        return q.test(d);
      } catch (err) {
        throw new TcbError('DATABASE_REQUEST_FAILED', `query failed: ${(err as Error).message}`);
      }
    },
  };
}

/** `docs` projected by `projection` (mingo semantics). */
export function project(docs: Doc[], projection: Record<string, unknown>): Doc[] {
  try {
    return mingoFind(docs, {}, projection).all() as Doc[];
  } catch (err) {
    throw new TcbError('DATABASE_REQUEST_FAILED', `invalid projection: ${(err as Error).message}`);
  }
}
