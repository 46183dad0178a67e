/**
 * The HTTP gateway the h5 build of the mini program uses instead of wx.cloud:
 * - `POST /gateway/functions/:name` — JSON body = the event; identity from the signed dev-session
 *   cookie only (a payload `openid` is just data); answers like `wx.cloud.callFunction`:
 *   `{result, requestID, errMsg: 'cloud.callFunction:ok'}`, or `{errCode, errMsg, error:{code,message}}`.
 * - `POST /gateway/subscribe` — the h5 stand-in for `wx.requestSubscribeMessage`:
 *   `{templateIds, results: {[id]: 'accept'|'reject'}}` → one-time grants for the signed-in user;
 *   answers like its success payload `{errMsg: 'requestSubscribeMessage:ok', [id]: 'accept'|…}`.
 * - `GET /gateway/session` — who the browser is signed in as (401 when nobody).
 *
 * Every POST must come from our own pages with a JSON body (see `server/request-guards.ts`), and
 * a body is bounded before it is read: the function's `maxEventBytes` (Content-Length checked
 * first, the stream cut off at the cap), a 10 s deadline, and a nesting depth of 32.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FunctionRuntimeError, FunctionNotFoundError, FunctionTimeoutError, ResponseTooLargeError } from '../functions/errors';
import type { FunctionRuntime } from '../functions/runtime';
import type { SubscribeService } from '../openapi/subscribe-service';
import { checkSameSite } from '../server/request-guards';
import { BadRequestError, readJson, sendJson } from './http-util';
import type { DevSession, SessionSigner } from './session';

/** Body limit of `/gateway/subscribe`: three template ids and their answers need a few hundred bytes. */
export const MAX_SUBSCRIBE_BYTES = 4 * 1024;

/** What the gateway needs. */
export interface GatewayDeps {
  runtime: FunctionRuntime;
  subscribe: SubscribeService;
  sessions: SessionSigner;
}

type Mount = (method: string, prefix: string, handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void) => void;

function callFail(res: ServerResponse, status: number, code: string, message: string, errCode = -1, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errCode, errMsg: `cloud.callFunction:fail ${message}`, error: { code, message } }, headers);
}

/** A connection whose body was not read to the end cannot carry another request. */
const closeIfUnread = (e: BadRequestError): Record<string, string> => (e.status === 413 || e.status === 408 ? { connection: 'close' } : {});

function requireSession(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, api: string): DevSession | null {
  const s = deps.sessions.fromRequest(req);
  if (s) return s;
  req.resume();
  sendJson(res, 401, {
    errCode: 401,
    errMsg: `${api}:fail not signed in; sign in at /dev/login`,
    error: { code: 'UNAUTHENTICATED', message: '未登录或登录已过期：请先在 /dev/login 选择身份' },
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
    if (!checkSameSite(req, res, 'json')) return;
    const session = requireSession(deps, req, res, 'cloud.callFunction');
    if (!session) return;
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice('/gateway/functions/'.length)).replace(/\/$/, '');
    } catch {
      name = url.pathname;
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      req.resume();
      return callFail(res, 400, 'BAD_REQUEST', `invalid function name "${name}"`, -501007);
    }
    // Unknown functions are answered before their body is read.
    const def = deps.runtime.functions().find((f) => f.name === name) ?? deps.runtime.refresh().find((f) => f.name === name);
    if (!def) {
      req.resume();
      const nf = new FunctionNotFoundError(name);
      return callFail(res, 404, 'FUNCTION_NOT_FOUND', nf.message, nf.errCode);
    }
    let event: unknown;
    try {
      event = await readJson(req, def.maxEventBytes);
    } catch (err) {
      const e = err as BadRequestError;
      return callFail(res, e.status ?? 400, e.code ?? 'BAD_REQUEST', e.message, -501007, closeIfUnread(e));
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
      if (err instanceof ResponseTooLargeError) return callFail(res, 502, err.code, err.message, err.errCode);
      if (err instanceof FunctionRuntimeError) return callFail(res, 502, 'FUNCTION_FAILED', err.message, err.errCode);
      return callFail(res, 500, 'INTERNAL', (err as Error).message);
    }
  });

  addRoute('POST', '/gateway/subscribe', async (req, res) => {
    if (!checkSameSite(req, res, 'json')) return;
    const session = requireSession(deps, req, res, 'requestSubscribeMessage');
    if (!session) return;
    const fail = (status: number, errCode: number, message: string, headers: Record<string, string> = {}) =>
      sendJson(res, status, { errCode, errMsg: `requestSubscribeMessage:fail ${message}` }, headers);
    let body: unknown;
    try {
      body = await readJson(req, MAX_SUBSCRIBE_BYTES);
    } catch (err) {
      const e = err as BadRequestError;
      return fail(e.status ?? 400, 10004, e.message, closeIfUnread(e));
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
    if (session) sendJson(res, 200, { openid: session.openid, since: new Date(session.iat).toISOString(), expires: new Date(session.exp).toISOString() });
  });
}
