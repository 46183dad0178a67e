/**
 * Response envelopes shaped like the real CloudBase service: success bodies carry a `requestId`,
 * failures carry `{ code, message, requestId }` where `code` is one of the TCB code names that
 * wx-server-sdk maps to its numeric errCode (e.g. DATABASE_REQUEST_FAILED → -502001).
 */
import crypto from 'node:crypto';
import type { AdminResponse } from './actions';

/** TCB error code names the SDK knows (see wx-server-sdk TCB_ERR_CODE). */
export type TcbCode =
  | 'SYS_ERR'
  | 'INVALID_PARAM'
  | 'INVALID_ACTION'
  | 'EXCEED_REQUEST_LIMIT'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_PERMISSION_DENIED'
  | 'DATABASE_COLLECTION_EXCEED_LIMIT'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  // A duplicate _id (CloudBase's documented code; wx-server-sdk 4.0.2 lacks it and reports -501001).
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'FUNCTIONS_REQUEST_FAIL'
  | 'FUNCTIONS_EXECUTE_FAIL'
  | 'STORAGE_REQUEST_FAIL'
  | 'STORAGE_EXCEED_AUTHORITY'
  | 'STORAGE_FILE_NONEXIST'
  // One answer over the documented 1 MB response limit (db/answer-bytes.ts); the SDK reports -501001.
  | 'EXCEED_MAX_RESPONSE_SIZE'
  // A request over its size limit (functions, db/write-bytes.ts); the SDK reports -501001.
  | 'EXCEED_MAX_PAYLOAD_SIZE'
  // An unsigned, wrongly signed or stale /admin request (the SDK reports it as errCode -501001).
  | 'SIGN_PARAM_INVALID';

/** An error a handler throws to answer with a specific TCB code instead of SYS_ERR. */
export class TcbError extends Error {
  override name = 'TcbError';
  constructor(
    readonly code: TcbCode,
    message: string,
  ) {
    super(message);
  }
}

/** Random per process, so ids stay unique across restarts of the local cloud. */
const ID_PREFIX = crypto.randomBytes(8).toString('hex');
let idSeq = 0;

/**
 * A request id like the service's (24 hex digits, unique per request): a random per-process
 * prefix and a counter — a synchronous randomBytes call per response cost ~25 µs.
 */
export function newRequestId(): string {
  idSeq = (idSeq + 1) % 0x100000000;
  return ID_PREFIX + idSeq.toString(16).padStart(8, '0');
}

/** A JSON success envelope: `body` plus a fresh requestId. */
export function okEnvelope(body: Record<string, unknown>): AdminResponse {
  return { kind: 'json', body: { ...body, requestId: newRequestId() } };
}

/** A JSON failure envelope with HTTP 200, as the service answers (the SDK reads `code`). */
export function errorEnvelope(code: TcbCode, message: string): AdminResponse {
  return { kind: 'json', body: { code, message, requestId: newRequestId() } };
}

/** Turn anything thrown by a handler into a failure envelope (never leaks a stack to the client). */
export function envelopeForError(err: unknown): AdminResponse {
  if (err instanceof TcbError) return errorEnvelope(err.code, err.message);
  const message = err instanceof Error ? err.message : String(err);
  return errorEnvelope('SYS_ERR', `internal error: ${message}`);
}
