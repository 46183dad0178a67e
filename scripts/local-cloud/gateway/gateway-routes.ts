/**
 * The HTTP gateway the h5 build of the mini program uses instead of wx.cloud:
 * - `POST /gateway/functions/:name` — JSON body = the event; identity from the signed dev-session
 *   cookie only (a payload `openid` is just data); answers like `wx.cloud.callFunction`:
 *   `{result, requestID, errMsg: 'cloud.callFunction:ok'}`, or `{errCode, errMsg, error:{code,message}}`.
 * - `POST /gateway/subscribe` — the h5 stand-in for `wx.requestSubscribeMessage`:
 *   `{templateIds, results: {[id]: 'accept'|'reject'}}` → one-time grants for the signed-in user;
 *   answers like its success payload `{errMsg: 'requestSubscribeMessage:ok', [id]: 'accept'|…}`.
 * - `GET /gateway/session` — who the browser is signed in as (401 when nobody).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FunctionRuntimeError, FunctionNotFoundError, FunctionTimeoutError } from '../functions/errors';
import type { FunctionRuntime } from '../functions/runtime';
import type { SubscribeService } from '../openapi/subscribe-service';
import { BadRequestError, readJson, sendJson } from './http-util';
import type { DevSession, SessionSigner } from './session';

/** Event size the gateway accepts (the cloud's callFunction payload limit is a few MB). */
export const MAX_EVENT_BYTES = 5 * 1024 * 1024;

/** What the gateway needs. */
export interface GatewayDeps {
  runtime: FunctionRuntime;
  subscribe: SubscribeService;
  sessions: SessionSigner;
}

type Mount = (method: string, prefix: string, handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void) => void;

function callFail(res: ServerResponse, status: number, code: string, message: string, errCode = -1): void {
  sendJson(res, status, { errCode, errMsg: `cloud.callFunction:fail ${message}`, error: { code, message } });
}

function requireSession(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, api: string): DevSession | null {
  const s = deps.sessions.fromRequest(req);
  if (s) return s;
  sendJson(res, 401, {
    errCode: 401,
    errMsg: `${api}:fail not signed in; sign in at /dev/login`,
    error: { code: 'UNAUTHENTICATED', message: '未登录：请先在 /dev/login 选择身份' },
  });
  return null;
}

function clientIp(req: IncomingMessage): string | undefined {
  const ip = req.socket.remoteAddress;
  return ip?.replace(/^::ffff:/, '');
}

/** Mounts the gateway routes. */
export function mountGateway(addRoute: Mount, deps: GatewayDeps): void {
  addRoute('POST', '/gateway/functions/', async (req, res, url) => {
    const session = requireSession(deps, req, res, 'cloud.callFunction');
    if (!session) return;
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice('/gateway/functions/'.length)).replace(/\/$/, '');
    } catch {
      name = url.pathname;
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return callFail(res, 400, 'BAD_REQUEST', `invalid function name "${name}"`, -501007);
    let event: unknown;
    try {
      event = await readJson(req, MAX_EVENT_BYTES);
    } catch (err) {
      const e = err as BadRequestError;
      return callFail(res, e.status ?? 400, 'BAD_REQUEST', e.message, -501007);
    }
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      return callFail(res, 400, 'BAD_REQUEST', 'the body must be a JSON object (the function event)', -501007);
    }
    try {
      await deps.subscribe.rememberUser(session.openid, 'gateway');
      const out = await deps.runtime.invokeDetailed(name, event, {
        openid: session.openid,
        clientIp: clientIp(req),
        source: 'wx_client',
      });
      sendJson(res, 200, { result: out.result, requestID: out.requestId, errMsg: 'cloud.callFunction:ok' });
    } catch (err) {
      if (err instanceof FunctionNotFoundError) return callFail(res, 404, 'FUNCTION_NOT_FOUND', err.message, err.errCode);
      if (err instanceof FunctionTimeoutError) return callFail(res, 504, 'FUNCTION_TIMEOUT', err.message, err.errCode);
      if (err instanceof FunctionRuntimeError) return callFail(res, 502, 'FUNCTION_FAILED', err.message, err.errCode);
      return callFail(res, 500, 'INTERNAL', (err as Error).message);
    }
  });

  addRoute('POST', '/gateway/subscribe', async (req, res) => {
    const session = requireSession(deps, req, res, 'requestSubscribeMessage');
    if (!session) return;
    const fail = (status: number, errCode: number, message: string) =>
      sendJson(res, status, { errCode, errMsg: `requestSubscribeMessage:fail ${message}` });
    let body: unknown;
    try {
      body = await readJson(req, 64 * 1024);
    } catch (err) {
      return fail((err as BadRequestError).status ?? 400, 10004, (err as Error).message);
    }
    const { templateIds, results } = (body ?? {}) as { templateIds?: unknown; results?: unknown };
    if (!Array.isArray(templateIds) || templateIds.length === 0) return fail(400, 10001, 'templateIds is empty');
    if (!templateIds.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 128)) {
      return fail(400, 10004, 'templateIds must be non-empty strings');
    }
    const ids = [...new Set(templateIds as string[])];
    if (ids.length > 3) return fail(400, 20003, 'at most 3 templates per request');
    if (results !== undefined && (typeof results !== 'object' || results === null || Array.isArray(results))) {
      return fail(400, 10004, 'results must be an object of templateId → accept|reject');
    }
    const given = (results ?? {}) as Record<string, unknown>;
    for (const [id, r] of Object.entries(given)) {
      if (!ids.includes(id)) return fail(400, 10004, `results has ${id}, which is not in templateIds`);
      if (r !== 'accept' && r !== 'reject') return fail(400, 10004, `results.${id} must be accept or reject`);
    }
    if (ids.every((id) => !deps.subscribe.template(id))) return fail(400, 20001, 'no template of this app matches templateIds');
    // A template the user did not answer counts as rejected (the prompt was closed).
    const answers = Object.fromEntries(ids.map((id) => [id, given[id] === 'accept' ? 'accept' : 'reject'])) as Record<string, 'accept' | 'reject'>;
    const out = await deps.subscribe.registerGrants(session.openid, answers);
    sendJson(res, 200, { errMsg: 'requestSubscribeMessage:ok', ...out });
  });

  addRoute('GET', '/gateway/session', (req, res) => {
    const session = requireSession(deps, req, res, 'session');
    if (session) sendJson(res, 200, { openid: session.openid, since: new Date(session.iat).toISOString() });
  });
}
