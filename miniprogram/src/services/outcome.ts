/**
 * What the app says when a call's answer never came. A read can simply be asked again (请求超时);
 * a write may have been done already — the function may still be running, or have finished after
 * the app stopped waiting or the connection dropped, or have stopped at its own limit midway — so
 * it is 结果未知, never 失败: the page refreshes or says where to look, and a retry is safe only
 * where the action is keyed (createOrder's checkout key) or idempotent.
 */
import type { CallOutcome } from '../platform/call-function';

/** A read whose answer did not come in time. */
export const TIMEOUT_TEXT = '请求超时，请稍后重试';

/** A write whose answer did not come: it may have taken effect. */
export const OUTCOME_UNKNOWN_TEXT = '结果未知：请求已发出但未收到答复，可能已经生效，请刷新后查看';

/**
 * The code and words of a call that ran out of time: TIMEOUT for a read, OUTCOME_UNKNOWN for a
 * write (in `unknownText` where the caller knows what a retry does).
 */
export function timedOut(write: boolean, unknownText = OUTCOME_UNKNOWN_TEXT): { code: 'TIMEOUT' | 'OUTCOME_UNKNOWN'; message: string } {
  return write ? { code: 'OUTCOME_UNKNOWN', message: unknownText } : { code: 'TIMEOUT', message: TIMEOUT_TEXT };
}

/** `prefix：message` for a failure; an outcome that is not known is not called a failure. */
export function failureText(prefix: string, err: unknown): string {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === 'OUTCOME_UNKNOWN' ? String(e.message) : `${prefix}：${e?.message ?? String(err)}`;
}

/** A read whose connection failed. */
export const NETWORK_TEXT = '网络不可用，请检查网络后重试';

/** An outcome of a call that is not the function's reply (platform/call-function.ts). */
export type NoReply = Exclude<CallOutcome<unknown>, { kind: 'reply' }>;

/**
 * The code and words of a call that brought no reply, one reading for the app's `call()` and the
 * admin page's `admin()`:
 * - not signed in (401): UNAUTHENTICATED;
 * - the wait ran out, or the function ran past its own limit (504): {@link timedOut};
 * - the request may have reached the function (the connection dropped, the function or the
 *   gateway failed: 5xx): a write is OUTCOME_UNKNOWN, as for a timeout; a read is NETWORK or
 *   服务暂时不可用;
 * - refused before the function ran (another 4xx: no such function, a body too large): not
 *   unknown even for a write.
 * Never the transport's own words past 401: the local cloud's gateway writes them in English.
 */
export function noReplyText(out: NoReply, write: boolean, unknownText?: string): { code: string; message: string } {
  if (out.kind === 'timeout' || (out.kind === 'http' && out.status === 504)) return timedOut(write, unknownText);
  // The gateway's 401 words are Chinese and say where to sign in (h5); weapp never answers 401.
  if (out.kind === 'http' && out.status === 401) return { code: 'UNAUTHENTICATED', message: out.message ?? '请先登录' };
  if (write && (out.kind === 'network' || out.status >= 500)) return timedOut(true, unknownText);
  if (out.kind === 'network') return { code: 'NETWORK', message: NETWORK_TEXT };
  return { code: out.code ?? `HTTP_${out.status}`, message: out.status >= 500 ? `服务暂时不可用（${out.status}）` : `请求未被受理（${out.status}）` };
}
