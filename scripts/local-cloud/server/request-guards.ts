/**
 * What the local cloud checks before any route runs, so that a web page the developer visits
 * cannot use it:
 * - `Host` must name the address the server listens on (`127.0.0.1:PORT`, `localhost:PORT`, …).
 *   A DNS-rebinding page reaches 127.0.0.1 under its own name (`Host: evil.example:PORT`), so a
 *   foreign Host is refused on every route, /admin included.
 * - State-changing browser routes (`/gateway/*`, `/dev/*` POSTs) must come from our own pages:
 *   `Origin` (or, when a client sends none, `Referer`) equal to `http://<Host>`, and the content
 *   type the route reads (JSON, or the sign-in page's form) — a cross-site `text/plain` "simple"
 *   POST, which needs no CORS preflight, is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';

/** Host header values that name this server listening on `host:port`. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (h: string) => names.add(`${h.includes(':') ? `[${h}]` : h}:${port}`.toLowerCase());
  add(host);
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const wildcard = host === '0.0.0.0' || host === '::';
  if (loopback || wildcard) ['127.0.0.1', 'localhost', '::1'].forEach(add);
  return names;
}

/**
 * Whether `value` (a Host header) is this server: one of `allowed`, or — when the server listens on
 * every interface — any IP literal with our port (an IP literal cannot be rebound; a name can).
 */
export function hostAllowed(value: string | undefined, allowed: Set<string>, port: number, wildcard = false): boolean {
  if (!value) return false;
  const v = value.trim().toLowerCase();
  if (allowed.has(v)) return true;
  if (!wildcard) return false;
  const m = /^(?:\[([0-9a-f:.]+)\]|([0-9.]+)):(\d+)$/.exec(v);
  return !!m && Number(m[3]) === port && net.isIP(m[1] ?? m[2]) !== 0;
}

/** The media type of a request (lower case, without parameters). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Whether a request comes from a page of this server: `Origin` equals `http://<Host>`; a client
 * that sends no Origin must send a `Referer` under that origin. Neither → refused (a request that
 * does not say where it comes from is not from our pages; tools send `Origin: <cloud url>`).
 */
export function fromOwnOrigin(req: IncomingMessage): boolean {
  const own = `http://${(req.headers.host ?? '').toLowerCase()}`;
  const origin = req.headers.origin;
  if (origin !== undefined) return origin.toLowerCase() === own;
  const referer = req.headers.referer;
  if (!referer) return false;
  try {
    return new URL(referer).origin.toLowerCase() === own;
  } catch {
    return false;
  }
}

/** A refusal in the gateway's answer shape `{errCode, errMsg, error: {code, message}}`. */
export function refuse(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify({ errCode: status, errMsg: `fail ${message}`, error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...extra });
  res.end(text);
}

/** Content types a state-changing route accepts. */
export type AcceptedBody = 'json' | 'form';

const ACCEPTED: Record<AcceptedBody, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

/**
 * Checks a state-changing browser request: own origin and the route's content type. Answers the
 * refusal (403 CROSS_SITE_REQUEST / 415 UNSUPPORTED_MEDIA_TYPE) and returns false when it fails.
 */
export function checkSameSite(req: IncomingMessage, res: ServerResponse, accept: AcceptedBody): boolean {
  if (!fromOwnOrigin(req)) {
    req.resume();
    refuse(res, 403, 'CROSS_SITE_REQUEST', `cross-site request refused: Origin/Referer must be http://${req.headers.host ?? ''}`, { connection: 'close' });
    return false;
  }
  if (mediaType(req) !== ACCEPTED[accept]) {
    req.resume();
    refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', `content-type must be ${ACCEPTED[accept]}`, { connection: 'close' });
    return false;
  }
  return true;
}
