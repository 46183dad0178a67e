/**
 * Reading request bodies with a hard size cap and an optional deadline, so neither a huge upload
 * nor a trickle can hold memory or a connection.
 */
import type { IncomingMessage } from 'node:http';

/** The service's packet limit: 16 MB per request. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Raised when a body exceeds the cap. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(limit >= 1024 * 1024 ? `request body exceeds the ${Math.round(limit / 1024 / 1024)} MB packet limit` : `request body exceeds ${limit} bytes`);
  }
}

/** Raised when a body has not fully arrived within the route's deadline. */
export class BodyTimeoutError extends Error {
  override name = 'BodyTimeoutError';
  constructor(readonly ms: number) {
    super(`request body not received within ${ms} ms`);
  }
}

/** Options of {@link readBody}. */
export interface ReadBodyOptions {
  /**
   * Refuse as soon as the body is known to be too large — from Content-Length before reading a
   * byte, or the moment the stream passes the cap — and stop reading (the caller answers with
   * `Connection: close`). Default false: read the rest to the end without keeping it, so the
   * answer reaches a client still uploading (the `/admin` wire: signed callers only).
   */
  refuseEarly?: boolean;
  /** Reject with {@link BodyTimeoutError} when the body is not complete within this many ms. */
  deadlineMs?: number;
}

/** Read the whole body of `req` (at most `limit` bytes). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES, opts: ReadBodyOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null, value?: Buffer) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        chunks.length = 0;
        if (opts.refuseEarly) req.pause();
        else req.resume(); // drain without keeping it
        reject(err);
      } else resolve(value as Buffer);
    };
    const onData = (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        if (opts.refuseEarly) finish(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => (over ? finish(new BodyTooLargeError(limit)) : finish(null, Buffer.concat(chunks, size)));
    const onError = (err: Error) => finish(over ? new BodyTooLargeError(limit) : err);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      over = true;
      if (opts.refuseEarly) {
        // Refused before reading a byte: nothing of the upload is buffered.
        reject(new BodyTooLargeError(limit));
        req.pause();
        return;
      }
    }
    if (opts.deadlineMs !== undefined) timer = setTimeout(() => finish(new BodyTimeoutError(opts.deadlineMs as number)), opts.deadlineMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
