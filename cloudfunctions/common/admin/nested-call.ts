/**
 * The calls the admin function makes to other functions (`cloud.callFunction`) and how long it
 * waits for their answer. wx-server-sdk 4.0.2 sends every request — a function call too — with
 * @cloudbase/node-sdk's default timeout of 15 s of silence (`timeout || 15000` in its init), so a
 * callee that works longer is answered to the caller as `callFunction:fail request timeout`
 * (errCode -1) while it keeps running: "立即发送" of a big campaign (the dispatcher's default
 * budget is 45 s) or a staff refit tick (25 s) would fail on a big shop, the work done unseen.
 * wx-server-sdk forwards `timeout` from the call's options, so each call says how long it may take:
 * its budget, plus a step that may overrun it and a cold start — within admin's own 60 s.
 */

/** What @cloudbase/node-sdk waits when a call names no timeout. */
export const SDK_DEFAULT_TIMEOUT_MS = 15_000;
/** Beyond a callee's budget: the step that was running when the budget ran out, and a cold start. */
export const NESTED_CALL_MARGIN_MS = 15_000;
/** The dispatcher's budget when staff send now (the timer, every minute, continues the rest). */
export const DISPATCH_NOW_BUDGET_MS = 20_000;

/** A `cloud.callFunction` call with the time its caller waits for the answer. */
export interface NestedCall {
  name: string;
  data: Record<string, unknown>;
  /** ms; wx-server-sdk passes it to the request (absent: {@link SDK_DEFAULT_TIMEOUT_MS}). */
  timeout: number;
}

/** Waits for `call` as long as its `data.budgetMs` (or `budgetMs`) plus {@link NESTED_CALL_MARGIN_MS}. */
export function withWait(call: { name: string; data: Record<string, unknown> }, budgetMs = call.data.budgetMs): NestedCall {
  const budget = typeof budgetMs === 'number' && budgetMs > 0 ? budgetMs : SDK_DEFAULT_TIMEOUT_MS;
  return { ...call, timeout: budget + NESTED_CALL_MARGIN_MS };
}

/** Staff's "send now": one dispatcher pass for `campaignId` with a budget admin can wait for. */
export const dispatchNowCall = (campaignId: string): NestedCall =>
  withWait({ name: 'dispatch', data: { action: 'run', campaignId, budgetMs: DISPATCH_NOW_BUDGET_MS } });
