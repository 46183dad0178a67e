/**
 * The one place Qunxiang decides "the database did not answer in time, or could not be reached"
 * (the function boundaries' UNAVAILABLE: contracts/reply-of-error.ts).
 *
 * What the SDK gives (duplicate-key.ts has the whole table): its own 15 s `request timeout`
 * (ESOCKETTIMEDOUT), CloudBase's DATABASE_TIMEOUT and transport failures (ECONNRESET,
 * ECONNREFUSED) arrive as -501001, the service's SERVER_TIMEOUT as -501002, a gateway's 504 page
 * or an aborted request as -1. The code alone is read, never the service's free text. -501001 also
 * carries service codes the SDK's table lacks (a duplicate `_id` among them, which the insert paths
 * turn into DuplicateKeyError before anything reaches a boundary), so a failure taken here may be
 * one that asking again does not cure: that costs a futile retry, never a lost or doubled write,
 * because the boundary answers UNAVAILABLE only for calls that read only or are idempotent.
 * Whether a WRITE that failed so was applied is not known (answerMayBeLate): this says nothing
 * about that, and callers that must know (insertUnique) keep their own "unknown".
 */
import { answerMayBeLate, DbError, sdkErrCode } from './duplicate-key';
import { AggregateCutError, AnswerTooLargeError, UnorderedSkipError } from './sdk-call';
import { ReservedFieldError } from './write-id';

/** The facade's own refusals: a code may ride along, but asking again gives the same answer. */
const NOT_A_TIMEOUT = [AggregateCutError, AnswerTooLargeError, UnorderedSkipError, ReservedFieldError];

/** An SDK failure as wx-server-sdk rejects it (CloudSDKError: `errCode` and `errMsg`), unwrapped. */
const sdkFailure = (err: unknown): boolean =>
  typeof (err as { errCode?: unknown } | null)?.errCode === 'number' && typeof (err as { errMsg?: unknown }).errMsg === 'string';

/**
 * Whether `err` is a database call that timed out or could not reach the service: a {@link DbError}
 * (or a raw SDK failure) with a timeout-class code (-501001, -501002, -1). Not a size or cut
 * refusal, not a failure without a code, not a duplicate.
 */
export function dbTimedOut(err: unknown): boolean {
  if (NOT_A_TIMEOUT.some((c) => err instanceof c)) return false;
  if (!(err instanceof DbError) && !sdkFailure(err)) return false;
  const code = sdkErrCode(err);
  return code !== undefined && answerMayBeLate(code);
}
