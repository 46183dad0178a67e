/**
 * Minimal multipart/form-data parser for the bodies `wx-server-sdk` sends (`wx.openApi` with a
 * protobuf `requestData` file part). Text parts become strings, parts with a filename or a
 * non-text content type become Buffers. Whole body is already in memory (bounded by the server).
 */

/** Raised when a multipart body cannot be parsed. */
export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** The boundary from a `multipart/form-data; boundary=…` content type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]).trim() : null;
}

/** Parse `body` into fields: strings for text parts, Buffers for file/binary parts. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  if (pos < 0) throw new MultipartError('multipart body has no boundary line');
  for (;;) {
    pos += delim.length;
    if (body.slice(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.slice(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new MultipartError('multipart part without header terminator');
    const headers = body.slice(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headerEnd + 4);
    if (next < 0) throw new MultipartError('multipart part without closing boundary');
    const content = body.slice(headerEnd + 4, next);
    const disp = /content-disposition:[^\r\n]*?\bname="([^"]*)"/i.exec(headers);
    if (!disp) throw new MultipartError('multipart part without a name');
    const isFile = /filename="/i.test(headers);
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase();
    const binary = isFile || (type !== undefined && !type.startsWith('text/') && type !== 'application/json');
    out[disp[1]] = binary ? Buffer.from(content) : content.toString('utf8');
    pos = next + 2;
  }
  return out;
}
