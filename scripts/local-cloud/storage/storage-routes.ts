/**
 * The storage's HTTP doors, authenticated the way COS does: a PUT must carry the authorization and
 * `x-cos-security-token` that `storage.getUploadMetadata` issued for that exact path and not yet
 * expired; a GET/HEAD must carry a temp URL's valid `sign` and unexpired `t`. Failures answer with
 * COS's XML error body (the SDK parses it: SignatureDoesNotMatch → SYS_ERR, others →
 * STORAGE_REQUEST_FAIL).
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { RouteHandler } from '../server/http-server';
import { InvalidCloudPathError } from './cloud-path';
import { FileTooLargeError } from './file-store';
import { FILE_PREFIX, UPLOAD_PREFIX, type StorageService } from './storage-service';

function cosError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  resource: string,
): void {
  if (res.headersSent) return void res.destroy();
  const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${esc(message)}</Message>` +
    `<Resource>${esc(resource)}</Resource><RequestId>local</RequestId><TraceId>local</TraceId></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-cos-request-id': 'local',
  });
  res.end(body);
}

/** Size of a cached file; null once the sweep took it. */
async function fileSize(file: string): Promise<number | null> {
  return fs.promises.stat(file).then(
    (st) => st.size,
    () => null,
  );
}

/** `<env>/<path>` after `prefix`, decoded; null when malformed. */
function target(url: URL, prefix: string): { env: string; path: string } | null {
  const rest = url.pathname.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  try {
    const env = decodeURIComponent(rest.slice(0, slash));
    const path = rest
      .slice(slash + 1)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    return { env, path };
  } catch {
    return null;
  }
}

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function uploadRoute(svc: StorageService): RouteHandler {
  return async (req, res, url) => {
    const t = target(url, UPLOAD_PREFIX);
    // The unread body is drained (not buffered) so the client sees the answer, not a reset.
    const refuse = (status: number, code: string, message: string) => {
      req.resume();
      cosError(res, status, code, message, t?.path ?? url.pathname);
    };
    if (!t) return refuse(400, 'InvalidURI', 'malformed upload URL');
    const verdict = svc.signer.checkUpload(
      t.env,
      t.path,
      header(req, 'x-cos-security-token'),
      header(req, 'authorization'),
      svc.nowSec(),
    );
    if (verdict === 'bad')
      return refuse(403, 'SignatureDoesNotMatch', 'the upload signature does not match this path');
    if (verdict === 'expired') return refuse(403, 'AccessDenied', 'the upload grant has expired');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > svc.files.maxFileBytes)
      return refuse(400, 'EntityTooLarge', new FileTooLargeError(svc.files.maxFileBytes).message);
    try {
      await svc.write(t.env, t.path, req);
    } catch (err) {
      if (err instanceof FileTooLargeError) return refuse(400, 'EntityTooLarge', err.message);
      if (err instanceof InvalidCloudPathError) return refuse(400, 'InvalidURI', err.message);
      throw err;
    }
    res.writeHead(200, { 'content-length': 0, 'x-cos-request-id': 'local' });
    res.end();
  };
}

function fileRoute(svc: StorageService): RouteHandler {
  return async (req, res, url) => {
    const t = target(url, FILE_PREFIX);
    if (!t) return cosError(res, 400, 'InvalidURI', 'malformed file URL', url.pathname);
    const verdict = svc.signer.checkDownload(
      t.env,
      t.path,
      url.searchParams.get('sign') ?? '',
      url.searchParams.get('t') ?? '',
      svc.nowSec(),
    );
    if (verdict === 'bad') return cosError(res, 403, 'AccessDenied', 'the URL signature is invalid', t.path);
    if (verdict === 'expired') return cosError(res, 403, 'AccessDenied', 'the temp URL has expired', t.path);
    // A link issued before a delete or an overwrite may still serve the old bytes (cdn-cache.ts).
    const cached = svc.cdn.lookup(url.searchParams.get('sign') ?? '', Number(url.searchParams.get('t')));
    const size = await (cached ? fileSize(cached) : svc.files.stat(t.env, t.path)).catch((err) => {
      if (err instanceof InvalidCloudPathError) return null;
      throw err;
    });
    if (size === null) return cosError(res, 404, 'NoSuchKey', 'the specified key does not exist', t.path);
    const type = t.path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'x-cos-request-id': 'local' });
    if (req.method === 'HEAD') return void res.end();
    const stream = cached ? fs.createReadStream(cached) : svc.files.open(t.env, t.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

/** Mount the storage routes. */
export function mountStorageRoutes(
  addRoute: (m: string, p: string, h: RouteHandler) => void,
  svc: StorageService,
): void {
  addRoute('PUT', UPLOAD_PREFIX, uploadRoute(svc));
  addRoute('GET', FILE_PREFIX, fileRoute(svc));
  addRoute('HEAD', FILE_PREFIX, fileRoute(svc));
}
