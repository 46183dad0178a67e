/**
 * Telling WeChat's message push apart from everyone else who can invoke the receiver.
 *
 * Only the platform sets `SOURCE` (`cloud.getWXContext().SOURCE`, from the runtime's
 * `TCB_SOURCE`); nothing in the event can change it. A customer's `wx.cloud.callFunction` arrives
 * as `wx_client`, the IDE as `wx_devtools`/`wx_localdebug`, the HTTP API as `wx_http`, a timer as
 * `wx_trigger`, a function calling a function as a chain ending in `scf` (`wx_client,scf`; the
 * local cloud says the same). WeChat's documentation lists no value for message push, so:
 *
 * - **Strict (the local cloud's default):** `QX_WXPUSH_SOURCES` (comma-separated) is set, and
 *   SOURCE must be exactly one of those values. The local cloud sets it to `wx_msgpush`, the
 *   SOURCE its message push uses.
 * - **Production default (variable unset):** every documented caller source above is refused,
 *   alone or anywhere in a call chain; what remains is the platform's own push. The receiver
 *   logs the SOURCE of every push it accepts, so a deployer can pin it (set the variable in the
 *   function's 环境变量) once seen.
 *
 * In both modes a context OPENID, when present, must equal the push's `FromUserName` (the
 * platform sets OPENID to the pushing user).
 */

/** Caller facts from `cloud.getWXContext()`. */
export interface PushContext {
  OPENID?: string;
  SOURCE?: string;
}

/** Sources that are never a message push (documented getWXContext().SOURCE values). */
export const CALLER_SOURCES = [
  'wx_client',
  'wx_devtools',
  'wx_localdebug',
  'wx_http',
  'wx_trigger',
  'wx_crawler',
  'wx_paycallback',
  'scf',
  'wx_function',
] as const;

/** The SOURCE the local cloud's message push carries. */
export const LOCAL_PUSH_SOURCE = 'wx_msgpush';

/** Why a call is not WeChat's push, or null when it is. */
export function refusePushCaller(ctx: PushContext, fromUser: string | undefined, pinned: string | undefined): string | null {
  const source = (ctx.SOURCE ?? '').trim();
  if (!source) return 'no SOURCE';
  const allowed = (pinned ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (allowed.length > 0) {
    if (!allowed.includes(source)) return `SOURCE ${source} is not one of QX_WXPUSH_SOURCES`;
  } else {
    const chain = source.split(',').map((s) => s.trim());
    const bad = chain.find((s) => (CALLER_SOURCES as readonly string[]).includes(s));
    if (bad) return `SOURCE ${source} is a caller, not the platform's push`;
  }
  if (ctx.OPENID && fromUser && ctx.OPENID !== fromUser) return 'OPENID differs from FromUserName';
  return null;
}
