/**
 * Makes sure the h5 build of the mini program exists before a browser test: builds it once
 * (under a file lock, so parallel test files do not build twice) when `miniprogram/dist/h5` is
 * missing, or always when `QX_E2E_REBUILD=1`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const H5_DIR = path.join(REPO, 'miniprogram', 'dist', 'h5');

/** Raised when the Taro h5 build fails (its output is in the message). */
export class H5BuildError extends Error {
  override name = 'H5BuildError';
}

export function ensureH5Build(): string {
  const index = path.join(H5_DIR, 'index.html');
  const force = process.env.QX_E2E_REBUILD === '1';
  if (!force && fs.existsSync(index)) return H5_DIR;
  const cmd = `${force ? '' : `test -f ${JSON.stringify(index)} || `}nice -n 10 npx taro build --type h5`;
  try {
    execFileSync('flock', ['/tmp/qx-h5-build.lock', 'sh', '-c', cmd], { cwd: path.join(REPO, 'miniprogram'), stdio: 'pipe', timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new H5BuildError(`taro build --type h5 failed: ${e.message}\n${e.stderr?.toString().slice(-4000) ?? ''}`);
  }
  if (!fs.existsSync(index)) throw new H5BuildError(`no ${index} after the build`);
  return H5_DIR;
}
