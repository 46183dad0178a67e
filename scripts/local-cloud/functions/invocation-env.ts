/**
 * The environment a function instance runs with: fixed per instance (where the cloud is, the
 * cloud's per-run API keys the SDK signs every request with) and per invocation (who is calling, from where).
 * `cloud.getWXContext()` reads the variables listed in `WX_CONTEXT_KEYS` (`WX_OPENID` → `OPENID`),
 * `ENV` from `TCB_ENV`, `SOURCE` from `TCB_SOURCE`; `WX_API_TOKEN` travels with every call the
 * SDK makes back into the cloud (`wxCloudApiToken`), which is how the local cloud knows which
 * invocation (function, user) a nested `callFunction` or `openapi` call belongs to.
 */
import { credentialsEnv, type CloudCredentials } from '../auth/credentials';

/**
 * Where a call comes from (getWXContext().SOURCE). A function called by a function gets the
 * caller's SOURCE with `,scf` appended, as WeChat documents ("wx_client,scf": a mini program
 * called A, A called B); `wx_function` is kept for tests that name a bare function caller.
 */
export type InvokeSource = 'wx_client' | 'wx_devtools' | 'wx_function' | 'wx_trigger' | 'wx_http' | 'wx_msgpush' | `${string},scf`;

/** The caller of an invocation. */
export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  /** Default `wx_devtools` (a direct in-process call), `wx_client` from the gateway. */
  source?: InvokeSource;
}

/** What the cloud remembers about a running invocation, looked up by its API token. */
export interface InvocationToken extends CallerIdentity {
  fn: string;
  requestId: string;
}

/** Variables every instance of every function gets. */
export function instanceBaseEnv(o: { cloudUrl: string; credentials: CloudCredentials; envId: string; nodePath: string }): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  // Keep the basics of the parent environment, nothing identity-related.
  for (const k of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  // Function settings (the cloud console's environment variables) pass through: QX_MODELS_DIR, …
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('QX_') && k !== 'QX_FUNCTION_BUNDLE') env[k] = v;
  return {
    ...env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    NODE_PATH: o.nodePath,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${o.cloudUrl.replace(/\/$/, '')}/admin` }),
    ...credentialsEnv(o.credentials),
    // Without it @cloudbase/node-sdk probes metadata.tencentyun.com before EVERY call (~60 ms each).
    TENCENTCLOUD: 'true',
    TCB_ENV: o.envId,
    // The message-push receiver's strict mode: only this platform SOURCE is a push (wxpush).
    QX_WXPUSH_SOURCES: process.env.QX_WXPUSH_SOURCES ?? 'wx_msgpush',
    SCF_NAMESPACE: o.envId,
    // As in the real runtime, the API tokens are listed too; getWXContext() blacklists them.
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN,WX_TRIGGER_API_TOKEN_V0',
    TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SOURCE,TRIGGER_SRC',
    SILENCE: 'true',
  };
}

/** Per-invocation variables; `undefined` removes a variable left by a previous call. */
export function invocationEnv(who: CallerIdentity, token: string): Record<string, string | undefined> {
  const source = who.source ?? 'wx_devtools';
  return {
    WX_OPENID: who.openid,
    WX_APPID: who.appid,
    WX_UNIONID: who.unionid,
    WX_CLIENTIP: who.clientIp,
    TCB_SOURCE: source,
    TRIGGER_SRC: source === 'wx_trigger' ? 'timer' : undefined,
    WX_API_TOKEN: token,
    WX_TRIGGER_API_TOKEN_V0: source === 'wx_trigger' ? token : undefined,
  };
}

/**
 * The event a function receives. A mini-program call (`wx_client`) carries the `userInfo:
 * {appId, openId}` WeChat injects (documented for `wx.cloud.callFunction`), replacing any
 * `userInfo` the client wrote; a function whose strict schema forgets it fails here as it would in
 * production. Other sources get the event as sent.
 */
export function eventAsDelivered(event: unknown, who: CallerIdentity): unknown {
  if (who.source !== 'wx_client' || !event || typeof event !== 'object' || Array.isArray(event)) return event;
  return { ...(event as Record<string, unknown>), userInfo: { appId: who.appid, openId: who.openid } };
}
