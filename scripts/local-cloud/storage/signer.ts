/**
 * Signatures of the storage's two HTTP doors, as COS has them: an upload needs the authorization
 * and token `storage.getUploadMetadata` issued for that exact path (expiring), a download needs a
 * temp URL's `sign` for that exact path and expiry `t`. HMAC-SHA256 with a per-data-dir key, so a
 * URL handed out before a restart still works after it (until it expires) and nobody can forge one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Signs and checks upload grants and download URLs. */
export class StorageSigner {
  constructor(private readonly key: Buffer) {}

  /** Load the key from `<dataDir>/storage.key`, creating it (mode 600) on first use. */
  static forDataDir(dataDir: string): StorageSigner {
    const file = path.join(dataDir, 'storage.key');
    try {
      return new StorageSigner(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
    } catch {
      const key = crypto.randomBytes(32);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, key.toString('hex'), { mode: 0o600 });
      fs.renameSync(tmp, file);
      return new StorageSigner(key);
    }
  }

  private mac(parts: string[]): string {
    return crypto.createHmac('sha256', this.key).update(parts.join('\n')).digest('hex');
  }

  /** A grant to PUT `cloudPath` in `env` until `expiresAt` (unix seconds): token + authorization. */
  uploadGrant(env: string, cloudPath: string, expiresAt: number): { token: string; authorization: string } {
    const token = `${expiresAt}.${crypto.randomBytes(8).toString('hex')}`;
    return { token, authorization: `QX-HMAC-SHA256 ${this.mac(['PUT', env, cloudPath, token])}` };
  }

  /** Whether `authorization`/`token` grant a PUT of `cloudPath` in `env` at `nowSec`. */
  checkUpload(
    env: string,
    cloudPath: string,
    token: string,
    authorization: string,
    nowSec: number,
  ): 'ok' | 'expired' | 'bad' {
    const expected = `QX-HMAC-SHA256 ${this.mac(['PUT', env, cloudPath, token])}`;
    if (!safeEqual(expected, authorization)) return 'bad';
    return Number(token.split('.')[0]) >= nowSec ? 'ok' : 'expired';
  }

  /** `sign` of a download URL of `cloudPath` in `env` valid until `t` (unix seconds). */
  downloadSign(env: string, cloudPath: string, t: number): string {
    return this.mac(['GET', env, cloudPath, String(t)]);
  }

  /** Whether a download URL's `sign`/`t` are valid at `nowSec`. */
  checkDownload(
    env: string,
    cloudPath: string,
    sign: string,
    t: string,
    nowSec: number,
  ): 'ok' | 'expired' | 'bad' {
    if (!/^\d{1,12}$/.test(t) || !safeEqual(this.downloadSign(env, cloudPath, Number(t)), sign)) return 'bad';
    return Number(t) >= nowSec ? 'ok' : 'expired';
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
