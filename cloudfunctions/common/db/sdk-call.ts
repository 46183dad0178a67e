/**
 * One call of wx-server-sdk's database, and the error its failure becomes (wx-db.ts wraps every
 * call in {@link call}): a missing collection is named with its fix, an answer over the size limit
 * is {@link AnswerTooLargeError} (which a pager halves on), anything else a {@link DbError} with
 * the SDK's code and message. Also the other named refusals of the facade.
 */
import { CollectionMissingError, DB_COLLECTION_NOT_EXIST } from './collection-missing';
import { DbError, sdkErrCode, sdkMessage } from './duplicate-key';

/** An aggregation answered as many documents as it was allowed: some may be missing. */
export class AggregateCutError extends DbError {
  override name = 'AggregateCutError';
  constructor(coll: string, max: number) {
    super(`aggregation on ${coll} reached its limit of ${max} documents; the answer may be incomplete`);
  }
}

/**
 * One answer was refused for its size: CloudBase documents a 1 MB response limit
 * (EXCEED_MAX_RESPONSE_SIZE, "响应大小超过最大响应 1MB 限制") and developers report the refusal as
 * "data exceed max size". The SDK keeps only the server's message (an unknown code becomes -1 or
 * -501001), though its own table has -602001, "database query result size exceed limit (1MB)".
 * Which of these a given environment sends is not documented, so every one of them counts.
 */
export class AnswerTooLargeError extends DbError {
  override name = 'AnswerTooLargeError';
}

/** wx-server-sdk's WX_DATABASE_QUERY_SIZE_EXCEED_LIMIT. */
const DB_QUERY_SIZE_EXCEED_LIMIT = -602001;
const TOO_LARGE_TEXT = /EXCEED_MAX_RESPONSE_SIZE|exceed(s|ed)? max(imum)? (response )?size|size exceeds? (the )?limit|响应大小超过/i;

const answerTooLarge = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === 'EXCEED_MAX_RESPONSE_SIZE' ||
  sdkErrCode(err) === DB_QUERY_SIZE_EXCEED_LIMIT ||
  TOO_LARGE_TEXT.test(sdkMessage(err));

/** The error a failed SDK call on `coll` becomes: a missing collection is named, with its fix. */
export function dbFailure(coll: string, err: unknown): Error {
  if (sdkErrCode(err) === DB_COLLECTION_NOT_EXIST) return new CollectionMissingError(coll, sdkMessage(err));
  if (answerTooLarge(err)) return new AnswerTooLargeError(`${coll}: ${sdkMessage(err)}`, sdkErrCode(err));
  return new DbError(sdkMessage(err), sdkErrCode(err));
}

/** Runs `p`, one SDK call on `coll`; its failure is thrown as {@link dbFailure} makes it. */
export async function call<T>(coll: string, p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (err) {
    throw dbFailure(coll, err);
  }
}

/** A query without `orderBy` but with `skip`: its pages have no defined order, so they may overlap. */
export class UnorderedSkipError extends DbError {
  override name = 'UnorderedSkipError';
  constructor(coll: string) {
    super(`skip on ${coll} without orderBy: pages of an unordered query may repeat and miss documents`);
  }
}
