/**
 * The dev session: which user the h5 build acts as. A cookie `qx_session` holding
 * `base64url(JSON {openid, iat}) + "." + HMAC-SHA256`, signed with a per-installation secret, so
 * the identity cannot be forged from the browser or taken from a request payload.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';

/** Cookie name of the dev session. */
export const SESSION_COOKIE = 'qx_session';

/** A signed-in identity. */
export interface DevSession {
  openid: string;
  /** Issued at (epoch ms). */
  iat: number;
}

/** Openids the sign-in page accepts: what WeChat openids look like, plus readable demo ids. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads (or creates) the secret stored at `file` — sessions survive restarts. */
export function loadOrCreateSecret(file: string): Buffer {
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  } catch {
    // first start: create below
  }
  const secret = crypto.randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, secret.toString('hex'), { mode: 0o600 });
  return secret;
}

/** Signs and verifies session cookies with one secret. */
export class SessionSigner {
  constructor(private readonly secret: Buffer) {}

  private mac(payload: string): string {
    return crypto.createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  /** The cookie value for `openid`. */
  sign(openid: string): string {
    const payload = Buffer.from(JSON.stringify({ openid, iat: Date.now() })).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The session in a cookie value, or null when absent, malformed or not signed by us. */
  verify(value: string | undefined): DevSession | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const want = Buffer.from(this.mac(payload));
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
    try {
      const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DevSession;
      return typeof s.openid === 'string' && OPENID_PATTERN.test(s.openid) ? s : null;
    } catch {
      return null;
    }
  }

  /** The session of a request (from its Cookie header). */
  fromRequest(req: IncomingMessage): DevSession | null {
    return this.verify(readCookie(req.headers.cookie, SESSION_COOKIE));
  }
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Set-Cookie value for a session (HttpOnly: page scripts never see it). */
export function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 24 * 3600}`;
}

/** Set-Cookie value that removes the session. */
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
