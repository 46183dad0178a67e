/** Small helpers for the gateway and dev routes: JSON answers and bounded JSON bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTimeoutError, BodyTooLargeError, readBody } from '../server/body';
import { jsonDepth } from '../server/json-depth';

/** Writes a JSON answer (no-op if headers were already sent). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Writes an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}

/** Raised for a body that is not what the route accepts; `status` is the HTTP answer, `code` a stable name. */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(
    message: string,
    readonly status = 400,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

/** How long a browser route waits for a whole body (a 64 KB event batch needs milliseconds). */
export const BODY_DEADLINE_MS = 10_000;
/** Deepest JSON nesting a browser route accepts (events and admin payloads nest 3–5 levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads a JSON body (empty body → `{}`), bounded: refused from Content-Length before reading, cut
 * off when the stream passes `limit` (413 PAYLOAD_TOO_LARGE), a deadline (408 BODY_TIMEOUT), and a
 * nesting depth measured before parsing (400 JSON_TOO_DEEP); malformed JSON → 400 BAD_REQUEST.
 */
export async function readJson(req: IncomingMessage, limit: number, opts: { deadlineMs?: number; maxDepth?: number } = {}): Promise<unknown> {
  let buf: Buffer;
  try {
    buf = await readBody(req, limit, { refuseEarly: true, deadlineMs: opts.deadlineMs ?? BODY_DEADLINE_MS });
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new BadRequestError(`request body exceeds ${limit} bytes`, 413, 'PAYLOAD_TOO_LARGE');
    if (err instanceof BodyTimeoutError) throw new BadRequestError(err.message, 408, 'BODY_TIMEOUT');
    throw new BadRequestError(`cannot read request body: ${(err as Error).message}`);
  }
  if (buf.length === 0) return {};
  const text = buf.toString('utf8');
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  if (jsonDepth(text) > maxDepth) throw new BadRequestError(`JSON nested deeper than ${maxDepth} levels`, 400, 'JSON_TOO_DEEP');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads an `application/x-www-form-urlencoded` body (the sign-in form), bounded like {@link readJson}. */
export async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  try {
    return new URLSearchParams((await readBody(req, limit, { refuseEarly: true, deadlineMs: BODY_DEADLINE_MS })).toString('utf8'));
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new BadRequestError(`form exceeds ${limit} bytes`, 413, 'PAYLOAD_TOO_LARGE');
    if (err instanceof BodyTimeoutError) throw new BadRequestError(err.message, 408, 'BODY_TIMEOUT');
    throw new BadRequestError(`cannot read form: ${(err as Error).message}`);
  }
}

/** HTML-escapes text for the dev pages. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
