/**
 * `functions.invokeFunction` on the `/admin` wire: what `cloud.callFunction({name, data})` sends
 * from inside a function (`{function_name, request_data: JSON text, wxCloudApiToken}`) and what
 * @cloudbase/node-sdk expects back: `{data: {response_data: JSON text}, requestId}`, or
 * `{code, message, requestId}` on failure (the SDK maps `code` to errCode).
 * The callee runs with the caller's SOURCE plus `,scf` (WeChat's documented call chain: a mini
 * program calls A, A calls B, B sees `wx_client,scf`) and the caller's user identity (looked up by
 * the caller's API token), so a chain of calls stays on behalf of the same user. Whether WeChat
 * passes the OPENID down is not documented; product code must hold either way (admin/guard.ts):
 * {@link ChainOpenid} 'drop' (`QX_CHAIN_OPENID=drop`) gives the callee no user identity at all
 * (OPENID, APPID, UNIONID), only the SOURCE chain.
 */
import crypto from 'node:crypto';
import type { ActionRegistry, AdminResponse } from '../server/actions';
import { FunctionRuntimeError } from './errors';
import { MAX_CLIENT_RESPONSE_BYTES, MAX_EVENT_BYTES } from './function-config';
import type { FunctionRuntime } from './runtime';
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';

/**
 * Whether a function called by a function sees its caller's user identity: 'pass' (default, what
 * the local cloud always did) or 'drop' (undocumented either way; test/integration/chain-openid.test.ts
 * runs the product's chains under both).
 */
export type ChainOpenid = 'pass' | 'drop';

/** The reading `opt` asks for, else `QX_CHAIN_OPENID`, else 'pass'; anything else is refused. */
export function chainOpenidMode(opt?: ChainOpenid): ChainOpenid {
  return envChoice('QX_CHAIN_OPENID', ['pass', 'drop'], opt, 'pass');
}

function fail(code: string, message: string, requestId = crypto.randomUUID()): AdminResponse {
  return { kind: 'json', body: { code, message, requestId } };
}

/** Registers `functions.invokeFunction` on `registry`. */
export function registerInvokeAction(registry: ActionRegistry, runtime: FunctionRuntime, chain: ChainOpenid = chainOpenidMode()): void {
  registry.register('functions.invokeFunction', async (req) => {
    const name = req.body.function_name;
    if (typeof name !== 'string' || !name) return fail('INVALID_PARAM', 'function_name is required');
    let event: unknown = {};
    const raw = req.body.request_data;
    // CloudBase's limits of a function call, whoever calls (function-config.ts): SCF's quota table
    // allows 6 MB each way, CloudBase's error pages 100 KB of text in and 1 MB out - the stricter.
    const tooBig = (what: string, bytes: number, max: number, code: string) =>
      fail(code, `${what} of ${name} is ${bytes} bytes, over the ${max / 1024} KB a function call may carry`);
    if (typeof raw === 'string' && Buffer.byteLength(raw) > MAX_EVENT_BYTES)
      return tooBig('the event', Buffer.byteLength(raw), MAX_EVENT_BYTES, 'EXCEED_MAX_PAYLOAD_SIZE');
    if (typeof raw === 'string' && raw !== '') {
      try {
        event = JSON.parse(raw);
      } catch {
        return fail('INVALID_PARAM', 'request_data is not valid JSON');
      }
    }
    const caller = runtime.resolveToken(typeof req.body.wxCloudApiToken === 'string' ? req.body.wxCloudApiToken : undefined);
    const user = caller && chain === 'pass' ? caller : undefined;
    try {
      const out = await runtime.invokeDetailed(name, event, {
        openid: user?.openid,
        appid: user?.appid,
        unionid: user?.unionid,
        source: caller ? `${caller.source ?? 'wx_devtools'},scf` : 'wx_devtools',
      });
      const response = JSON.stringify(out.result);
      if (Buffer.byteLength(response) > MAX_CLIENT_RESPONSE_BYTES)
        return tooBig('the response', Buffer.byteLength(response), MAX_CLIENT_RESPONSE_BYTES, 'EXCEED_MAX_RESPONSE_SIZE');
      return { kind: 'json', body: { data: { response_data: response }, requestId: out.requestId } };
    } catch (err) {
      if (err instanceof FunctionRuntimeError) return fail(err.code, err.message);
      return fail('SYS_ERR', `internal error: ${(err as Error).message}`);
    }
  });
}
