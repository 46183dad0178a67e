/**
 * Calls a cloud function and unwraps our reply envelope: resolves with `data`, or throws an
 * {@link ApiError} whose `message` is ready to show to the customer.
 */
import type { FunctionName } from '../../../cloudfunctions/common/contracts/function-limits';
import { isWriteAction } from '../../../cloudfunctions/common/contracts/retry-safe';
import { callFunction } from '../platform';
import { timedOut } from './outcome';

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
 * have arrived and taken effect; a read is TIMEOUT or NETWORK.
 */
export interface CallKind {
  unknownText?: string;
}

/** Calls `fn` and unwraps its envelope (see {@link CallKind} for a call whose answer does not come). */
export async function call<T>(fn: FunctionName, event: Record<string, unknown>, kind: CallKind = {}): Promise<T> {
  const out = await callFunction<T>(fn, event);
  const write = isWriteAction(fn, event.action);
  const late = timedOut(write, kind.unknownText);
  switch (out.kind) {
    case 'reply':
      if (out.reply.ok) return out.reply.data;
      throw new ApiError(out.reply.error.code, out.reply.error.message);
    case 'timeout':
      throw new ApiError(late.code, late.message);
    case 'network':
      if (write) throw new ApiError(late.code, late.message);
      throw new ApiError('NETWORK', '网络不可用，请检查网络后重试');
    case 'http':
      if (out.status === 401) throw new ApiError('UNAUTHENTICATED', out.message ?? '请先登录');
      // The function ran past its own limit (a slow database can take a shop call past its 10 s).
      if (out.status === 504) throw new ApiError(late.code, late.message);
      throw new ApiError(out.code ?? `HTTP_${out.status}`, out.message ?? `服务暂时不可用（${out.status}）`);
  }
}
