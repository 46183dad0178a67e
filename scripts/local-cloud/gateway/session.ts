/**
 * The dev session: which user the h5 build acts as. A cookie `qx_session` holding
 * `base64url(JSON {openid, iat, exp, sid}) + "." + HMAC-SHA256`, signed with a per-installation
 * secret, so the identity cannot be forged from the browser or taken from a request payload.
 *
 * Sessions expire: a fixed lifetime from sign-in (default 12 h, not sliding — a dev sign-in lasts
 * a working day and signing in again is one click), checked on the server from the signed `exp`,
 * not from the cookie's Max-Age. Logout revokes the session server-side: its `sid` is recorded
 * (in memory and in `_dev_revoked_sessions`, so it survives a restart) until it would have
 * expired anyway, so a copied cookie stops working. Cookies are HttpOnly and SameSite=Strict.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';

/** Cookie name of the dev session. */
export const SESSION_COOKIE = 'qx_session';

/** Default session lifetime: 12 hours from sign-in. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

/** Collection where revoked session ids are kept until they expire. */
export const REVOKED_SESSIONS = '_dev_revoked_sessions';

/** A signed-in identity. */
export interface DevSession {
  openid: string;
  /** Issued at (epoch ms). */
  iat: number;
  /** Expires at (epoch ms). */
  exp: number;
  /** Session id (what logout revokes). */
  sid: string;
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

/** Where revocations are persisted (the local cloud's in-process collection handle). */
export interface RevocationStore {
  load(): Array<{ sid: string; exp: number }>;
  save(sid: string, exp: number): Promise<void>;
}

/** Options of {@link SessionSigner}. */
export interface SessionOptions {
  /** Lifetime of a session (default {@link SESSION_TTL_MS}). */
  ttlMs?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Persistence of logouts (default: memory only). */
  revocations?: RevocationStore;
}

/** Signs, verifies and revokes session cookies. */
export class SessionSigner {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly secret: Buffer,
    private readonly opts: SessionOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? SESSION_TTL_MS;
    this.now = opts.now ?? Date.now;
    const t = this.now();
    for (const r of opts.revocations?.load() ?? []) if (r.exp > t) this.revoked.set(r.sid, r.exp);
  }

  private mac(payload: string): string {
    return crypto.createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  /** The cookie value of a new session for `openid`. */
  sign(openid: string): string {
    const iat = this.now();
    const s: DevSession = { openid, iat, exp: iat + this.ttlMs, sid: crypto.randomBytes(16).toString('base64url') };
    const payload = Buffer.from(JSON.stringify(s)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The session in a cookie value, or null when absent, malformed, not ours, expired or logged out. */
  verify(value: string | undefined): DevSession | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const want = Buffer.from(this.mac(payload));
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
    let s: Partial<DevSession>;
    try {
      s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<DevSession>;
    } catch {
      return null;
    }
    if (typeof s.openid !== 'string' || !OPENID_PATTERN.test(s.openid)) return null;
    // Cookies from before sessions expired (no exp/sid) are not honoured.
    if (typeof s.exp !== 'number' || typeof s.iat !== 'number' || typeof s.sid !== 'string') return null;
    if (s.exp <= this.now() || this.revoked.has(s.sid)) return null;
    return s as DevSession;
  }

  /** The session of a request (from its Cookie header). */
  fromRequest(req: IncomingMessage): DevSession | null {
    return this.verify(readCookie(req.headers.cookie, SESSION_COOKIE));
  }

  /** Revokes the request's session (logout): its cookie, wherever copied, no longer signs in. */
  async revoke(req: IncomingMessage): Promise<DevSession | null> {
    const s = this.fromRequest(req);
    if (!s) return null;
    this.revoked.set(s.sid, s.exp);
    await this.opts.revocations?.save(s.sid, s.exp);
    const t = this.now();
    for (const [sid, exp] of this.revoked) if (exp <= t) this.revoked.delete(sid); // expired anyway
    return s;
  }

  /** Set-Cookie value for a new session of `openid` (HttpOnly: page scripts never see it). */
  cookieFor(openid: string): string {
    return `${SESSION_COOKIE}=${this.sign(openid)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(this.ttlMs / 1000)}`;
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

/** Set-Cookie value that removes the session cookie from the browser. */
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
