/** Messages between the runtime (parent) and a function instance (child process). */

/** Parent → child: run `main(event, context)` once with these per-invocation variables. */
export interface InvokeMessage {
  type: 'invoke';
  id: string;
  event: unknown;
  /** Per-invocation environment (WX_OPENID, WX_APPID, TCB_SOURCE, …); unset ones are removed. */
  env: Record<string, string | undefined>;
  context: Record<string, unknown>;
}

/** A function error as it crosses the process boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

/** Child → parent. */
export type InstanceMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-error'; error: WireError }
  | { type: 'result'; id: string; ok: true; json: string | undefined }
  | { type: 'result'; id: string; ok: false; error: WireError; fatal?: boolean };
