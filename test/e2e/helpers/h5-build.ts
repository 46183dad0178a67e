/**
 * Makes sure the h5 (or weapp) build of the mini program exists before a browser test: builds it once
 * (under a file lock, so parallel test files do not build twice) when `miniprogram/dist/h5` is
 * missing or older than its sources (the rule `npm start` uses), or always when `QX_E2E_REBUILD=1`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TARO_SOURCES, taroStaleness } from '../../../scripts/build/taro-freshness';

export const REPO = path.resolve(__dirname, '../../..');
export const H5_DIR = path.join(REPO, 'miniprogram', 'dist', 'h5');
export const WEAPP_DIR = path.join(REPO, 'miniprogram', 'dist', 'weapp');

/** Raised when the Taro h5 build fails (its output is in the message). */
export class H5BuildError extends Error {
  override name = 'H5BuildError';
}

export function ensureH5Build(): string {
  return ensureTaroBuild('h5');
}

/** Same for the weapp build (`miniprogram/dist/weapp`). */
export function ensureWeappBuild(): string {
  return ensureTaroBuild('weapp');
}

function ensureTaroBuild(type: 'h5' | 'weapp'): string {
  const dir = type === 'h5' ? H5_DIR : WEAPP_DIR;
  const index = path.join(dir, type === 'h5' ? 'index.html' : 'app.js');
  const force = process.env.QX_E2E_REBUILD === '1' || taroStaleness(type) === 'stale';
  if (!force && fs.existsSync(index)) return dir;
  // Re-checked under the lock: a parallel test file may have just built it.
  const q = (s: string) => JSON.stringify(s);
  const fresh = `test -f ${q(index)} && test -z "$(find ${TARO_SOURCES.map(q).join(' ')} -newer ${q(index)} -print -quit 2>/dev/null)"`;
  const cmd = `${process.env.QX_E2E_REBUILD === '1' ? '' : `${fresh} || `}nice -n 10 npx taro build --type ${type}`;
  try {
    // jest sets NODE_ENV=test, which makes Taro build a dev bundle with React Refresh hooks that
    // crash outside its dev server ($RefreshReg$ is not defined): build what users get.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    // One lock per checkout: test files of this repo build once; another checkout on the same
    // machine (a second clone, a worktree) builds its own sources without waiting for ours.
    const repoKey = createHash('sha1').update(REPO).digest('hex').slice(0, 12);
    const lock = path.join(os.tmpdir(), `qx-${type}-build-${repoKey}.lock`);
    execFileSync('flock', [lock, 'sh', '-c', cmd], { cwd: path.join(REPO, 'miniprogram'), stdio: 'pipe', timeout: 300_000, env });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new H5BuildError(`taro build --type ${type} failed: ${e.message}\n${e.stderr?.toString().slice(-4000) ?? ''}`);
  }
  if (!fs.existsSync(index)) throw new H5BuildError(`no ${index} after the build`);
  return dir;
}
