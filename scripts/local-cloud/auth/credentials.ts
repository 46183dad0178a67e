/**
 * The local cloud's API credentials: a secretId/secretKey pair made fresh for every run. The cloud
 * hands it to its function instances (`TENCENTCLOUD_SECRETID/SECRETKEY`, as the real runtime does)
 * and writes it to `<dataDir>/credentials.json` (mode 0600) for local tools; `/admin` refuses any
 * request not signed with it (see `tc3-verify.ts`).
 *
 * Why per run and not kept in the data dir: nothing has to hold a key across a restart (functions
 * get it from the cloud, tools read the file when they start), so a key that leaks into a shell
 * history, a log or a copied `.env` stops working when that run ends.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A secretId/secretKey pair, the shape `credentials.json` holds. */
export interface CloudCredentials {
  secretId: string;
  secretKey: string;
}

/** File name of the credentials in the data dir. */
export const CREDENTIALS_FILE = 'credentials.json';

/** Raised when `credentials.json` is missing or not a credentials object. */
export class CredentialsFileError extends Error {
  override name = 'CredentialsFileError';
}

/** A fresh pair: `AKID` + 32 hex like Tencent Cloud secret ids, 32 random bytes of key. */
export function newCredentials(): CloudCredentials {
  return {
    secretId: `AKIDqxlocal${crypto.randomBytes(16).toString('hex')}`,
    secretKey: crypto.randomBytes(32).toString('base64url'),
  };
}

/** Writes `credentials.json` into `dataDir`, readable by the owner only (atomic replace). */
export function writeCredentials(dataDir: string, creds: CloudCredentials): string {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.rmSync(tmp, { force: true });
  // `mode` applies only on creation, hence the fresh temp file; chmod covers a umask that widened nothing.
  fs.writeFileSync(tmp, `${JSON.stringify({ secretId: creds.secretId, secretKey: creds.secretKey })}\n`, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return file;
}

/** Reads `credentials.json` from `dataDir` (what local tools call to sign like a function). */
export function readCredentials(dataDir: string): CloudCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CredentialsFileError(`cannot read ${file} (is the local cloud running on this data dir?): ${(err as Error).message}`);
  }
  const c = parsed as Partial<CloudCredentials> | null;
  if (!c || typeof c.secretId !== 'string' || typeof c.secretKey !== 'string' || !c.secretId || !c.secretKey) {
    throw new CredentialsFileError(`${file} is not {"secretId": …, "secretKey": …}`);
  }
  return { secretId: c.secretId, secretKey: c.secretKey };
}

/** The env vars that make wx-server-sdk sign with `creds`. */
export function credentialsEnv(creds: CloudCredentials): Record<string, string> {
  return { TENCENTCLOUD_SECRETID: creds.secretId, TENCENTCLOUD_SECRETKEY: creds.secretKey };
}

/** The data dir `npm start` uses: `QX_DATA_DIR`, else `.qx/data` of the repo. */
export function defaultDataDir(): string {
  return process.env.QX_DATA_DIR ? path.resolve(process.env.QX_DATA_DIR) : path.resolve(__dirname, '../../..', '.qx', 'data');
}

/** Credentials for a local tool: `credentials.json` of `dataDir` (default {@link defaultDataDir}). */
export function toolCredentials(dataDir = defaultDataDir()): CloudCredentials {
  return readCredentials(dataDir);
}
