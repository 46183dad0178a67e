/**
 * How a replay calls a cloud function as a given customer. Identity is never in the payload, so
 * the replay acts like the mini program does: through the local cloud's h5 gateway with a dev
 * session per customer (over HTTP, any process), or in-process through the runtime (tests, benches
 * that start the cloud themselves). Both run the REAL function bundle with the real SDK.
 */
import type { CloudCredentials } from '../local-cloud/auth/credentials';
import { sdkCloud } from '../seed/sdk-db';

/** Calls function `name` with `event` as customer `openid`; resolves to the function's reply. */
export type Invoker = (name: string, event: unknown, openid: string) => Promise<unknown>;

/** Raised when the gateway itself refuses a call (not a function-level error reply). */
export class GatewayError extends Error {
  override name = 'GatewayError';
}

/** Calls through `POST {cloudUrl}/gateway/functions/:name`, signing in once per customer at /dev/login. */
export function gatewayInvoker(cloudUrl: string): Invoker {
  const base = cloudUrl.replace(/\/$/, '');
  const cookies = new Map<string, Promise<string>>();
  const signIn = async (openid: string): Promise<string> => {
    const res = await fetch(`${base}/dev/login`, {
      method: 'POST',
      // The gateway and sign-in only serve requests from the cloud's own origin (see request-guards).
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ openid, next: '/' }).toString(),
      redirect: 'manual',
    });
    const set = res.headers.get('set-cookie');
    if (!set) throw new GatewayError(`dev sign-in as ${openid} failed: HTTP ${res.status}`);
    return set.split(';')[0];
  };
  return async (name, event, openid) => {
    let c = cookies.get(openid);
    if (!c) cookies.set(openid, (c = signIn(openid)));
    const res = await fetch(`${base}/gateway/functions/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie: await c },
      body: JSON.stringify(event),
    });
    const body = (await res.json()) as { result?: unknown; errMsg?: string };
    if (!res.ok || !('result' in body))
      throw new GatewayError(`gateway ${name}: HTTP ${res.status} ${body.errMsg ?? ''}`);
    return body.result;
  };
}

/** Something with the full cloud's in-process `invokeFunction`. */
export interface InProcessCloud {
  invokeFunction(
    name: string,
    event?: unknown,
    who?: { openid?: string; source?: 'wx_client' | 'wx_devtools' },
  ): Promise<unknown>;
}

/** Calls through the runtime in this process, with the identity a mini-program client would have. */
export function inProcessInvoker(cloud: InProcessCloud): Invoker {
  return (name, event, openid) => cloud.invokeFunction(name, event, { openid, source: 'wx_client' });
}

/**
 * An operator's channel in this process (SOURCE `wx_devtools`, no customer identity): for trusted
 * history imports (`track` with `importFor`).
 */
export function inProcessImporter(cloud: InProcessCloud): Invoker {
  return (name, event) => cloud.invokeFunction(name, event, { source: 'wx_devtools' });
}

/**
 * An operator's channel over the wire: `cloud.callFunction` of the real wx-server-sdk pointed at
 * the local cloud's `/admin` (SOURCE `wx_devtools`), for trusted history imports from tools.
 */
export function sdkImporter(cloudUrl: string, credentials: CloudCredentials): Invoker {
  const sdk = sdkCloud(cloudUrl, credentials) as { callFunction(o: unknown): Promise<{ result: unknown }> };
  // 60 s, not the SDK's 15 s: an import batch runs the whole track pipeline (sentiment included)
  // on a possibly busy box, and the function's own limit is 60 s.
  return async (name, event) => (await sdk.callFunction({ name, data: event, timeout: 60_000 })).result;
}
