/**
 * Calling a cloud function. weapp: `Taro.cloud.callFunction` (identity added by WeChat).
 * h5: `POST /gateway/functions/<name>` on the local cloud (identity from the dev-session cookie).
 * Never throws: failures come back as a {@link CallOutcome} the caller decides on. The app waits
 * for each function as long as its own limit allows plus the platform's overhead
 * (contracts/function-limits.ts), never a fixed 15 s that gave up on a 60 s function still running.
 */
import Taro from '@tarojs/taro';
import { clientWaitMs, type FunctionName } from '../../../cloudfunctions/common/contracts/function-limits';
import { IS_H5 } from './env';

/** A function's reply envelope (see cloudfunctions/common/contracts/errors.ts). */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Every way a call can end. */
export type CallOutcome<T> =
  | { kind: 'reply'; reply: Envelope<T> }
  | { kind: 'http'; status: number; code?: string; message?: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' };

let cloudReady = false;
/** wx.cloud.callFunction's errCode for a function that ran past its timeout. */
const FUNCTION_TIMED_OUT = -504003;

/** Initialises `wx.cloud` once (weapp). The env comes from the build (`QX_CLOUD_ENV`), else the current one. */
export function initCloud(): void {
  if (IS_H5 || cloudReady) return;
  const env = typeof QX_CLOUD_ENV === 'string' && QX_CLOUD_ENV ? QX_CLOUD_ENV : undefined;
  // Without an env id, wx.cloud uses the environment selected in WeChat DevTools.
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

function isEnvelope(x: unknown): x is Envelope<unknown> {
  return !!x && typeof x === 'object' && typeof (x as { ok?: unknown }).ok === 'boolean';
}

async function viaGateway<T>(name: FunctionName, data: unknown, keepalive: boolean): Promise<CallOutcome<T>> {
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = setTimeout(() => ctrl?.abort(), clientWaitMs(name));
  try {
    const res = await fetch(`/gateway/functions/${encodeURIComponent(name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data ?? {}),
      keepalive,
      signal: ctrl?.signal,
    });
    // The gateway answers like wx.cloud.callFunction: `{result, requestID, errMsg}` on success,
    // `{errCode, errMsg, error: {code, message}}` with an HTTP status otherwise (401: no session).
    const body = (await res.json().catch(() => null)) as { result?: unknown; error?: { code?: string; message?: string } } | null;
    if (res.ok && isEnvelope(body?.result)) return { kind: 'reply', reply: body.result as Envelope<T> };
    return { kind: 'http', status: res.ok ? 502 : res.status, code: body?.error?.code, message: body?.error?.message };
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'network', message: String((err as Error)?.message ?? err) };
  } finally {
    clearTimeout(timer);
  }
}

async function viaWxCloud<T>(name: FunctionName, data: unknown): Promise<CallOutcome<T>> {
  initCloud();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CallOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), clientWaitMs(name));
  });
  const call = Taro.cloud
    .callFunction({ name, data: (data ?? {}) as Record<string, unknown> })
    .then((res): CallOutcome<T> => (isEnvelope(res.result) ? { kind: 'reply', reply: res.result as Envelope<T> } : { kind: 'http', status: 502 }))
    // -504003: the function ran past its own limit (WeChat's code), a timeout rather than the network.
    .catch((err: { errCode?: number; errMsg?: string }): CallOutcome<T> =>
      err?.errCode === FUNCTION_TIMED_OUT ? { kind: 'timeout' } : { kind: 'network', message: `${err?.errCode ?? ''} ${err?.errMsg ?? String(err)}` },
    );
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls cloud function `name` with `data` as its event. */
export function callFunction<T>(name: FunctionName, data?: unknown, opts: { keepalive?: boolean } = {}): Promise<CallOutcome<T>> {
  return IS_H5 ? viaGateway<T>(name, data, opts.keepalive ?? false) : viaWxCloud<T>(name, data);
}
