/**
 * Calls a cloud function and unwraps our reply envelope: resolves with `data`, or throws an
 * {@link ApiError} whose `message` is ready to show to the customer.
 */
import type { FunctionName } from '../../../cloudfunctions/common/contracts/function-limits';
import { isWriteAction } from '../../../cloudfunctions/common/contracts/retry-safe';
import { callFunction } from '../platform';
import { noReplyText } from './outcome';

/**
 * A failed call: `code` is the function's stable code, or NETWORK / TIMEOUT / OUTCOME_UNKNOWN (a
 * write that ran out of time: services/outcome.ts) / UNAUTHENTICATED / HTTP_<status>.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How a call is read when its answer does not come (the wait ran out, the function's own limit, the
 * connection dropped): a write (an action contracts/retry-safe.ts names not retry-safe) makes that
 * OUTCOME_UNKNOWN, in `unknownText` where the caller knows what a retry does, since the request may
 * have arrived and taken effect; a read is TIMEOUT or NETWORK (services/outcome.ts noReplyText).
 */
export interface CallKind {
  unknownText?: string;
}

/** Calls `fn` and unwraps its envelope (see {@link CallKind} for a call whose answer does not come). */
export async function call<T>(fn: FunctionName, event: Record<string, unknown>, kind: CallKind = {}): Promise<T> {
  const out = await callFunction<T>(fn, event);
  if (out.kind === 'reply') {
    if (out.reply.ok) return out.reply.data;
    throw new ApiError(out.reply.error.code, out.reply.error.message);
  }
  const e = noReplyText(out, isWriteAction(fn, event.action), kind.unknownText);
  throw new ApiError(e.code, e.message);
}
