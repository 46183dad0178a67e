/** Small helpers for the gateway and dev routes: JSON answers and bounded JSON bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../server/body';

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

/** Raised for a body that is not what the route accepts; `status` is the HTTP answer. */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Reads a JSON body (empty body → `{}`); throws BadRequestError on oversize or malformed JSON. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  let buf: Buffer;
  try {
    buf = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new BadRequestError(`request body exceeds ${limit} bytes`, 413);
    throw new BadRequestError(`cannot read request body: ${(err as Error).message}`);
  }
  if (buf.length === 0) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads an `application/x-www-form-urlencoded` body (the sign-in form). */
export async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  try {
    return new URLSearchParams((await readBody(req, limit)).toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`cannot read form: ${(err as Error).message}`, err instanceof BodyTooLargeError ? 413 : 400);
  }
}

/** HTML-escapes text for the dev pages. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
