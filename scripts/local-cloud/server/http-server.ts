/**
 * The local cloud's HTTP server: `POST /admin` (the wx-server-sdk wire endpoint) parsed into an
 * AdminRequest and routed through the ActionRegistry, plus routes other modules mount with
 * `addRoute` (gateway, dev pages, static files). Nothing a client sends can crash it: every
 * failure becomes an error envelope (admin) or a 4xx/5xx answer (other routes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionRegistry, type AdminRequest, type AdminResponse } from './actions';
import { BodyTooLargeError, readBody } from './body';
import type { CloudCredentials } from '../auth/credentials';
import { checkAuthorizationHeaders, verifySignature, type AuthFailure } from '../auth/tc3-verify';
import { envelopeForError, errorEnvelope } from './envelope';
import { multipartBoundary, MultipartError, parseMultipart } from './multipart';
import { allowedHosts, hostAllowed } from './request-guards';

/** A client gets this long to send its request headers (slowloris), then 408 and the socket closes. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** …and this long for the whole request, body included (a 16 MB /admin upload over loopback takes well under a second). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** How long close waits for handlers still running before it gives up on them. */
export const CLOSE_GRACE_MS = 15_000;

/** A handler for a mounted route; it owns the response. */
export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

/** A mounted route: method (`*` for any) and path prefix. */
interface Route {
  method: string;
  prefix: string;
  handler: RouteHandler;
}

/** The HTTP side of the local cloud. */
export interface CloudHttpServer {
  server: http.Server;
  registry: ActionRegistry;
  /** Mount `handler` for requests whose path starts with `prefix` (longest prefix wins). */
  addRoute(method: string, prefix: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<number>;
  /** Stops listening, drops the connections, then waits for the handlers still running (they write the data dir). */
  close(): Promise<void>;
}

/** Send an AdminResponse. */
export function sendAdminResponse(res: http.ServerResponse, out: AdminResponse): void {
  if (res.headersSent) return;
  if (out.kind === 'binary') {
    res.writeHead(out.status ?? 200, { 'content-type': out.contentType, 'content-length': out.body.length });
    res.end(out.body);
    return;
  }
  const text = JSON.stringify(out.body);
  res.writeHead(out.status ?? 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Parse an admin body (JSON or multipart) into fields. Throws a message-carrying Error on bad input. */
function parseAdminBody(buf: Buffer, contentType: string | undefined): Record<string, unknown> {
  const boundary = multipartBoundary(contentType);
  if (boundary) return parseMultipart(buf, boundary);
  if (buf.length === 0) throw new SyntaxError('empty request body');
  const parsed: unknown = JSON.parse(buf.toString('utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * The refusal of an unsigned, wrongly signed or stale request: the cloud's error envelope with
 * HTTP 200 like every other /admin error, because @cloudbase/node-sdk turns any other status into
 * a bare "401 Unauthorized" and the developer would never see why.
 */
function authRefusal(f: AuthFailure): AdminResponse {
  return errorEnvelope('SIGN_PARAM_INVALID', `${f.reason}: ${f.message}`);
}

async function handleAdmin(registry: ActionRegistry, creds: CloudCredentials, req: http.IncomingMessage, url: URL): Promise<AdminResponse> {
  // Who is asking is settled before the body is read: no Authorization, a foreign secretId or a
  // stale timestamp is refused at once (the upload is discarded, never buffered).
  const early = checkAuthorizationHeaders(req.headers, creds);
  if (early) {
    req.resume();
    return authRefusal(early);
  }
  let body: Record<string, unknown>;
  try {
    body = parseAdminBody(await readBody(req), req.headers['content-type']);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return errorEnvelope('INVALID_PARAM', err.message);
    if (err instanceof SyntaxError || err instanceof MultipartError)
      return errorEnvelope('INVALID_PARAM', `malformed request body: ${err.message}`);
    throw err;
  }
  const forged = verifySignature({ method: req.method ?? 'POST', path: req.url ?? '/admin', headers: req.headers, params: body }, creds);
  if (forged) return authRefusal(forged);
  const action = body.action;
  if (typeof action !== 'string' || !action) return errorEnvelope('INVALID_PARAM', 'missing action');
  const handler = registry.resolve(action);
  if (!handler) return errorEnvelope('INVALID_ACTION', `unknown action: ${action}`);
  const request: AdminRequest = { action, body, query: url.searchParams, headers: req.headers };
  try {
    return await handler(request);
  } catch (err) {
    return envelopeForError(err);
  }
}

/** Create the server (not yet listening); `/admin` accepts only requests signed with `credentials`. */
export function createCloudHttpServer(credentials: CloudCredentials, registry = new ActionRegistry()): CloudHttpServer {
  const routes: Route[] = [];
  // Set once listening: the Host values that name this server.
  let hosts = new Set<string>();
  let listenPort = 0;
  let wildcard = false;
  // Node checks these deadlines every `connectionsCheckingInterval` (default 30 s: too coarse).
  // Handlers still running: a request whose client is gone may still be writing (a storage file
  // renamed into place, a database write), and the data dir must be quiet once close resolves.
  const running = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
  };
  const options = { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 };
  const server = http.createServer(options, (req, res) => {
    if (!hostAllowed(req.headers.host, hosts, listenPort, wildcard)) {
      // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own name.
      req.resume();
      const message = `Host "${req.headers.host ?? ''}" is not this server (${[...hosts].join(', ')}): refused`;
      sendAdminResponse(res, { kind: 'json', status: 421, body: { code: 'HOST_NOT_ALLOWED', message, error: { code: 'HOST_NOT_ALLOWED', message } } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fail = (err: unknown) => {
      console.error('[local-cloud] handler error', err);
      if (!res.headersSent) sendAdminResponse(res, { ...envelopeForError(err), status: 500 });
      else res.destroy();
    };
    try {
      if (url.pathname === '/admin' || url.pathname === '/admin/') {
        if (req.method !== 'POST') {
          sendAdminResponse(res, { ...errorEnvelope('INVALID_PARAM', 'use POST /admin'), status: 405 });
          return;
        }
        track(handleAdmin(registry, credentials, req, url).then((out) => sendAdminResponse(res, out), fail));
        return;
      }
      const route = routes.find(
        (r) => (r.method === '*' || r.method === req.method) && url.pathname.startsWith(r.prefix),
      );
      if (!route) {
        sendAdminResponse(res, { kind: 'json', status: 404, body: { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` } });
        return;
      }
      track(Promise.resolve(route.handler(req, res, url)).catch(fail));
    } catch (err) {
      fail(err);
    }
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return {
    server,
    registry,
    addRoute(method, prefix, handler) {
      routes.push({ method: method.toUpperCase(), prefix, handler });
      routes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          listenPort = (server.address() as AddressInfo).port;
          hosts = allowedHosts(host, listenPort);
          wildcard = host === '0.0.0.0' || host === '::';
          resolve(listenPort);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
    },
  };
}
