/**
 * Stable error codes shared by every cloud function and its callers. A caller branches on `code`;
 * `message` is for people and may change.
 */
import './zod-zh';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONSENT_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UNKNOWN_ACTION',
  'MODEL_UNAVAILABLE',
  'DB_NOT_INITIALIZED',
  // A write whose outcome cannot be told yet (its answer timed out): the same request again is safe.
  'OUTCOME_UNKNOWN',
  // The database did not answer in time (or could not be reached) during a call that reads only or
  // is idempotent: nothing is lost, and the same request again is safe (reply-of-error.ts).
  'UNAVAILABLE',
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal with a stable code; thrown inside handlers, turned into a {@link FnFailure} at the edge. */
export class QxError extends Error {
  override name = 'QxError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Successful reply of any Qunxiang cloud function. */
export interface FnSuccess<T> {
  ok: true;
  data: T;
}

/** Failed reply of any Qunxiang cloud function. */
export interface FnFailure {
  ok: false;
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Reply envelope of every Qunxiang cloud function. */
export type FnReply<T> = FnSuccess<T> | FnFailure;

export const ok = <T>(data: T): FnSuccess<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: unknown): FnFailure => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
