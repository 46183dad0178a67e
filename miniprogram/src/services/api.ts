/**
 * Calls a cloud function and unwraps our reply envelope: resolves with `data`, or throws an
 * {@link ApiError} whose `message` is ready to show to the customer.
 */
import { callFunction } from '../platform';

/** A failed call: `code` is the function's stable code, or NETWORK / TIMEOUT / UNAUTHENTICATED / HTTP_<status>. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(fn: string, event: Record<string, unknown>): Promise<T> {
  const out = await callFunction<T>(fn, event);
  switch (out.kind) {
    case 'reply':
      if (out.reply.ok) return out.reply.data;
      throw new ApiError(out.reply.error.code, out.reply.error.message);
    case 'timeout':
      throw new ApiError('TIMEOUT', '请求超时，请稍后重试');
    case 'network':
      throw new ApiError('NETWORK', '网络不可用，请检查网络后重试');
    case 'http':
      if (out.status === 401) throw new ApiError('UNAUTHENTICATED', out.message ?? '请先登录');
      // The function ran past its own limit (a slow database can take a shop call past its 10 s).
      if (out.status === 504) throw new ApiError('TIMEOUT', '请求超时，请稍后重试');
      throw new ApiError(out.code ?? `HTTP_${out.status}`, out.message ?? `服务暂时不可用（${out.status}）`);
  }
}
