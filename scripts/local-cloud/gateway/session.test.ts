import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie, SessionSigner } from './session';

const reqWith = (value: string) => ({ headers: { cookie: `qx_session=${value}` } }) as unknown as IncomingMessage;

describe('SessionSigner', () => {
  const signer = new SessionSigner(crypto.randomBytes(32));
  it('round-trips a signed session', () => {
    expect(signer.verify(signer.sign('o_alice'))).toMatchObject({ openid: 'o_alice' });
  });
  it('refuses tampered, foreign and malformed cookies, and old cookies without an expiry', () => {
    const v = signer.sign('o_alice');
    const [payload, mac] = v.split('.');
    const forged = Buffer.from(JSON.stringify({ openid: 'staff_demo', iat: 1 })).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`)).toBeNull();
    expect(new SessionSigner(crypto.randomBytes(32)).verify(v)).toBeNull();
    expect(signer.verify(payload)).toBeNull();
    expect(signer.verify('')).toBeNull();
    expect(signer.verify('...')).toBeNull();
  });
  it('expires a session after its lifetime (fixed from sign-in, not sliding)', () => {
    let now = 1_000_000;
    const s = new SessionSigner(crypto.randomBytes(32), { ttlMs: 60_000, now: () => now });
    const v = s.sign('o_bob');
    now += 59_999;
    expect(s.verify(v)).toMatchObject({ openid: 'o_bob' });
    now += 1;
    expect(s.verify(v)).toBeNull();
  });
  it('revokes on logout, persisted so a restart keeps it revoked', async () => {
    const saved: Array<{ sid: string; exp: number }> = [];
    const secret = crypto.randomBytes(32);
    const revocations = { load: () => saved, save: async (sid: string, exp: number) => void saved.push({ sid, exp }) };
    const s = new SessionSigner(secret, { revocations });
    const v = s.sign('o_carol');
    const other = s.sign('o_carol');
    expect(await s.revoke(reqWith(v))).toMatchObject({ openid: 'o_carol' });
    expect(s.verify(v)).toBeNull();
    expect(s.verify(other)).toMatchObject({ openid: 'o_carol' }); // only that session
    expect(new SessionSigner(secret, { revocations }).verify(v)).toBeNull();
  });
  it('sets HttpOnly, SameSite=Strict cookies whose Max-Age is the lifetime', () => {
    expect(new SessionSigner(crypto.randomBytes(32), { ttlMs: 3_600_000 }).cookieFor('o_x')).toMatch(/^qx_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
  });
  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; qx_session=abc.def; b=2', 'qx_session')).toBe('abc.def');
    expect(readCookie('a=%E0%A4%A', 'a')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});
