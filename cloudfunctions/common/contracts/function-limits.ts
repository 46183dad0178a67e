/**
 * How long each cloud function may run (its config.json `timeout`, which WeChat enforces: past it
 * the call ends with -504003) and, from that, how long the app waits for one call. One table, read
 * by the app (platform/call-function.ts) and checked against every config.json
 * (function-limits.test.ts), so the two cannot drift apart.
 *
 * Why the app needs its own wait: wx.cloud.callFunction takes no timeout (its parameters are
 * name, data, config.env and `slow`; miniprogram-api-typings `ICloud.CallFunctionParam`), and no
 * WeChat page states how long its client waits. CloudBase's FAQ says only that "when a timeout
 * occurs, the client will directly disconnect and report an error" and that a function may be
 * given up to 60 s (https://docs.cloudbase.net/en/faq/functions); a developer measured a 60 s
 * function's caller giving up at about 51 s (ESOCKETTIMEDOUT, wx-server-sdk calling a function:
 * https://developers.weixin.qq.com/community/develop/doc/000e08770e84a0190a2bd142758400). So the
 * app must not give up before the function's own limit: it waits that limit plus the platform's
 * overhead (a cold start, the gateway, a mobile network), and then WeChat's own answer (the
 * result, or -504003 at the limit) normally arrives before the app's wait ends.
 */

/** Each function's own limit in seconds, as its config.json says (WeChat allows 1–60). */
export const FUNCTION_TIMEOUT_S = {
  shop: 10,
  wxpush: 10,
  privacy: 20,
  track: 20,
  admin: 60,
  value: 60,
  refit: 60,
  segment: 60,
  dispatch: 60,
  rebuild: 60,
  retention: 60,
} as const;

/** A cloud function of the product. */
export type FunctionName = keyof typeof FUNCTION_TIMEOUT_S;

/**
 * What the platform adds to a call beyond the function's own run: a cold start (1–3 s for a
 * Node function with our bundle), the gateway and the customer's network.
 */
export const PLATFORM_OVERHEAD_MS = 5_000;

/** How long the app waits for one call of `fn` before it stops waiting: its limit plus the overhead. */
export function clientWaitMs(fn: FunctionName): number {
  return FUNCTION_TIMEOUT_S[fn] * 1000 + PLATFORM_OVERHEAD_MS;
}
