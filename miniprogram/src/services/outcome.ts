/**
 * What the app says when a call's answer never came. A read can simply be asked again (请求超时);
 * a write may have been done already — the function may still be running, or have finished after
 * the app stopped waiting or the connection dropped, or have stopped at its own limit midway — so
 * it is 结果未知, never 失败: the page refreshes or says where to look, and a retry is safe only
 * where the action is keyed (createOrder's checkout key) or idempotent.
 */

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
