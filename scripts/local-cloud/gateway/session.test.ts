import crypto from 'node:crypto';
import { readCookie, SessionSigner } from './session';

describe('SessionSigner', () => {
  const signer = new SessionSigner(crypto.randomBytes(32));
  it('round-trips a signed session', () => {
    expect(signer.verify(signer.sign('o_alice'))).toMatchObject({ openid: 'o_alice' });
  });
  it('refuses tampered, foreign and malformed cookies', () => {
    const v = signer.sign('o_alice');
    const [payload, mac] = v.split('.');
    const forged = Buffer.from(JSON.stringify({ openid: 'staff_demo', iat: 1 })).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`)).toBeNull();
    expect(new SessionSigner(crypto.randomBytes(32)).verify(v)).toBeNull();
    expect(signer.verify(payload)).toBeNull();
    expect(signer.verify('')).toBeNull();
    expect(signer.verify('...')).toBeNull();
  });
  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; qx_session=abc.def; b=2', 'qx_session')).toBe('abc.def');
    expect(readCookie('a=%E0%A4%A', 'a')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});
