/**
 * The one place Qunxiang decides "this insert hit an existing `_id`" — and "this insert may have
 * been stored although it failed".
 *
 * What the SDK gives (wx-server-sdk 4.0.2 over @cloudbase/node-sdk 3, read from their source): a
 * failed database request rejects with `{ errCode, errMsg }`, and the code does not say whether
 * the write was applied:
 * - -501001 (SYS_ERR): a service code the SDK's table lacks — CloudBase's DATABASE_DUPLICATE_WRITE
 *   and DATABASE_TIMEOUT among them — a transport error that has a code (ESOCKETTIMEDOUT when the
 *   answer did not come in time, ECONNRESET), and a JSON answer with an HTTP status other than 200;
 * - -501002 (SERVER_TIMEOUT, "service response timeout"): the service gave up waiting, maybe after
 *   the write;
 * - -1: an error without a code — an answer whose body is not JSON (the SDK parses every body
 *   first: a gateway's HTML error page, whatever its status, is a SyntaxError), a request aborted;
 * - -502001 (DATABASE_REQUEST_FAILED): the service's generic database failure.
 * (test/integration/db-lost-answer-codes.test.ts pins the first three through the real SDK.)
 * A duplicate and a lost answer share -501001, and only the server's free text (`errMsg`) says
 * more — the service's, not a contract, so we never parse it. And since no code promises "nothing
 * was applied", the code is not read at all: after ANY failed insert, one lookup of the batch's
 * `_id`s says which of them exist (nothing present: the failure is thrown as it came; the lookup
 * failing: its failure, or the caller's "unknown" — insertUnique's InsertOutcomeUnknownError).
 * "Nothing present" is final only when the failure is an answer from the service: -501002, -1 and
 * -501001 also mean "the answer did not come in time", and whether CloudBase may still commit
 * such a write after the read-back is not documented — so after those a caller that must know
 * (insertUnique) gets "unknown" for an absent document too ({@link answerMayBeLate}).
 * A multi-document insert may have stored a prefix before the refused document (MongoDB's ordered
 * insert), so for batches the present ids are reported, and the caller decides (e.g. by a marker
 * it wrote into its own documents) which of them it stored itself.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** wx-server-sdk's errCode for a refused database request (TCB DATABASE_REQUEST_FAILED). */
export const DB_REQUEST_FAILED = -502001;
/**
 * wx-server-sdk's errCode for a service code its table lacks (SYS_ERR) — CloudBase's
 * DATABASE_DUPLICATE_WRITE among them — and for a request whose answer never came.
 */
export const DB_SYS_ERR = -501001;
/** wx-server-sdk's errCode for CloudBase's SERVER_TIMEOUT (the service's answer timed out). */
export const DB_SERVER_TIMEOUT = -501002;
/** wx-server-sdk's errCode for a failure without a code of its own (an unreadable answer, an abort). */
export const SDK_GENERIC_ERR = -1;

/** Raised for any database failure other than a duplicate `_id`, with the SDK's message. */
export class DbError extends Error {
  override name = 'DbError';
  constructor(
    message: string,
    /** The SDK's errCode, when it gave one. */
    readonly errCode?: number,
  ) {
    super(message);
  }
}

/**
 * Raised when an insert failed and afterwards some of the batch's `_id`s exist. `present` holds
 * the stored documents of the batch's ids: those stored before (true duplicates), those this very
 * call stored before a refused one (when the cloud inserts in order up to the first error), and
 * those this very call stored when only its answer was lost — a marker in the documents (track's
 * batchId, insertUnique's write-id) tells which are the caller's own.
 */
export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
  constructor(
    message: string,
    /** `_id` → the stored document (as read after the refusal). */
    readonly present: ReadonlyMap<string | number, Record<string, any>> = new Map(),
  ) {
    super(message);
  }
}

/**
 * Whether a failed write with errCode `code` may still be applied after its failure arrived: the
 * timeout-class codes (-501002 SERVER_TIMEOUT, -1 a gateway's page or an abort, -501001 which
 * ESOCKETTIMEDOUT and DATABASE_TIMEOUT arrive with) and a failure without a code. Only a refusal
 * the service answered itself (-502001 and the other -502xxx) is taken as final.
 */
export function answerMayBeLate(code: number | undefined): boolean {
  return code === undefined || code === DB_SYS_ERR || code === DB_SERVER_TIMEOUT || code === SDK_GENERIC_ERR;
}

/** The SDK's errCode of `err`, if any. */
export function sdkErrCode(err: unknown): number | undefined {
  const c = (err as { errCode?: unknown } | null)?.errCode;
  return typeof c === 'number' ? c : undefined;
}

/** The SDK's message of `err`. */
export function sdkMessage(err: unknown): string {
  return String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? err);
}

/**
 * Classify a failed insert of `ids`, whatever its errCode: when some of `ids` exist afterwards,
 * {@link DuplicateKeyError} (a duplicate, or this very insert stored with its answer lost — the
 * caller tells which); when none does, {@link DbError} as it came — or, when the failure may
 * still commit later ({@link answerMayBeLate}) and the caller gave `stillInFlight`, what that
 * makes of it (insertUnique: "unknown"). `lookup` reads the stored documents among `ids`; its
 * failure is thrown (nothing is known then).
 */
export async function classifyInsertFailure(
  err: unknown,
  ids: Array<string | number | undefined>,
  lookup: (ids: Array<string | number>) => Promise<Array<Record<string, any>>>,
  stillInFlight?: (insertError: DbError) => Error,
): Promise<Error> {
  const code = sdkErrCode(err);
  const msg = sdkMessage(err);
  const known = ids.filter((id): id is string | number => id !== undefined);
  if (known.length === 0) return new DbError(msg, code);
  const found = await lookup(known);
  if (found.length === 0) return stillInFlight && answerMayBeLate(code) ? stillInFlight(new DbError(msg, code)) : new DbError(msg, code);
  return new DuplicateKeyError(msg, new Map(found.map((d) => [d._id as string | number, d])));
}
