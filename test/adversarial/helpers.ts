/**
 * Shared helpers of the adversarial suite (`npm run test:adversarial`): requests an attacker can
 * make — raw HTTP with any Host, Origin or content type, partial bodies, forged signatures — against
 * a local cloud started on a free port with a temp data dir.
 */
import http from 'node:http';
import net from 'node:net';

/** A raw HTTP answer. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** `text` parsed as JSON, or null. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Sends one request with exactly the headers given (fetch cannot set `Host`, and browsers' rules on
 * Origin do not bind an attacker's own client). `body` is sent as is.
 */
export function rawRequest(
  baseUrl: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: Number(u.port), method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: !opts.headers?.host && !opts.headers?.Host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON (a page or a plain refusal)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/**
 * Opens a socket, sends `head` (request line + headers, without the final blank line when
 * `completeHeaders` is false) and optionally part of a body, then waits; resolves with what the
 * server did and when (ms after sending): answered (first bytes) or closed the connection.
 */
export function slowRequest(baseUrl: string, head: string, opts: { waitMs: number }): Promise<{ ms: number; answer: string; closed: boolean }> {
  const u = new URL(baseUrl);
  return new Promise((resolve) => {
    const t0 = Date.now();
    let answer = '';
    let settled = false;
    const sock = net.connect(Number(u.port), u.hostname, () => sock.write(head));
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ ms: Date.now() - t0, answer, closed });
    };
    sock.on('data', (b: Buffer) => {
      answer += b.toString('utf8');
    });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
    const timer = setTimeout(() => finish(false), opts.waitMs);
  });
}

/** Temporarily replaces env vars while `fn` runs (the SDK reads its keys from process.env per request). */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
