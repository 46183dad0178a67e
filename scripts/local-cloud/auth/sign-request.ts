/**
 * Signing `/admin` requests outside wx-server-sdk (local tools and tests that post raw bodies),
 * with the same library call the SDK makes: @cloudbase/signature-nodejs `sign()` over the body
 * fields the server will parse, `withSignedParams: true`, method `post`, a timestamp one second
 * back. Anything that can use the SDK should: it signs by itself from TENCENTCLOUD_SECRETID/KEY.
 */
import { sign } from '@cloudbase/signature-nodejs';
import { multipartBoundary, parseMultipart } from '../server/multipart';
import type { CloudCredentials } from './credentials';

/** The fields the server will read from `body` (JSON object or multipart), or the raw text when it cannot parse it. */
function bodyParams(body: Buffer, contentType: string): Record<string, unknown> | string {
  try {
    const boundary = multipartBoundary(contentType);
    if (boundary) return parseMultipart(body, boundary);
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // a deliberately malformed body (tests): sign its text; the server answers "malformed" anyway
  }
  return body.toString('utf8');
}

/** Headers (content-type, host, authorization, x-timestamp, …) that sign a `method` request of `body` to `url`. */
export function signAdminHeaders(creds: CloudCredentials, url: string, body: Buffer, contentType = 'application/json', method = 'post'): Record<string, string> {
  const host = new URL(url).host;
  const headers: Record<string, string> = { 'content-type': contentType, host, 'user-agent': 'qx-local-tool' };
  const { authorization, timestamp } = sign({
    secretId: creds.secretId,
    secretKey: creds.secretKey,
    method,
    url,
    params: method.toLowerCase() === 'get' ? '' : bodyParams(body, contentType),
    headers,
    withSignedParams: true,
    timestamp: Math.floor(Date.now() / 1000) - 1,
  });
  return { ...headers, authorization, 'x-timestamp': String(timestamp), 'x-signature-expires': '600' };
}

/**
 * POSTs a signed request to `<cloudUrl>/admin`: `body` is an object (sent as JSON), a string or
 * Buffer (sent as is with `contentType`), or a FormData (sent as multipart).
 */
export async function adminFetch(
  cloudUrl: string,
  creds: CloudCredentials,
  body: Record<string, unknown> | string | Buffer | FormData,
  opts: { contentType?: string; query?: string } = {},
): Promise<Response> {
  const url = `${cloudUrl.replace(/\/$/, '').replace(/\/admin$/, '')}/admin${opts.query ? `?${opts.query}` : ''}`;
  let bytes: Buffer;
  let contentType = opts.contentType ?? 'application/json';
  if (body instanceof FormData) {
    const encoded = new Response(body);
    contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
    bytes = Buffer.from(await encoded.arrayBuffer());
  } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
    bytes = Buffer.from(body);
  } else {
    bytes = Buffer.from(JSON.stringify(body));
  }
  const headers = signAdminHeaders(creds, url, bytes, contentType);
  delete headers.host; // fetch sets it from the URL (the same value)
  return fetch(url, { method: 'POST', headers, body: new Uint8Array(bytes) });
}

/**
 * A signed request to an operator route of the local cloud (`/dev/outbox.json`, `POST
 * /dev/trigger/:fn`): the same signature as `/admin`, so tools need no browser session.
 */
export function devFetch(
  cloudUrl: string,
  creds: CloudCredentials,
  pathAndQuery: string,
  method: 'GET' | 'POST' = 'GET',
  json: Record<string, unknown> = {},
): Promise<Response> {
  const url = `${cloudUrl.replace(/\/$/, '')}${pathAndQuery}`;
  const body = method === 'POST' ? Buffer.from(JSON.stringify(json)) : Buffer.alloc(0);
  const headers = signAdminHeaders(creds, url, body, 'application/json', method.toLowerCase());
  delete headers.host;
  return fetch(url, { method, headers, body: method === 'POST' ? new Uint8Array(body) : undefined });
}
