/** Reading request bodies with a hard size cap, so a huge upload cannot exhaust memory. */
import type { IncomingMessage } from 'node:http';

/** The service's packet limit: 16 MB per request. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Raised when a body exceeds the cap; the rest of the upload is drained, not buffered. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body exceeds the ${Math.round(limit / 1024 / 1024)} MB packet limit`);
  }
}

/** Read the whole body of `req` (at most `limit` bytes). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume(); // drain without keeping it
      req.on('end', () => reject(new BodyTooLargeError(limit)));
      req.on('error', () => reject(new BodyTooLargeError(limit)));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (over ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks, size))));
    req.on('error', reject);
  });
}
