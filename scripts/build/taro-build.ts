/**
 * Makes sure a Taro build of the mini program (`miniprogram/dist/h5` or `dist/weapp`) exists and
 * is fresh (the rule `npm start` uses, taro-freshness.ts): builds it when missing or older than
 * its sources, or always when `QX_E2E_REBUILD=1`. The build runs under a file lock, one per
 * checkout, so parallel test files of one repo build once and other checkouts never wait on it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './list-functions';
import { TARO_SOURCES, taroDir, taroMarker, taroStaleness, type TaroTarget } from './taro-freshness';

/** Raised when the Taro build fails (its output is in the message). */
export class H5BuildError extends Error {
  override name = 'H5BuildError';
}

/** Builds `type` if needed and returns its folder; `timeoutMs` caps the build (default none). */
export function ensureTaroBuild(type: TaroTarget, o: { timeoutMs?: number; stdio?: 'pipe' | 'inherit' } = {}): string {
  const dir = taroDir(type);
  const index = taroMarker(type);
  const force = process.env.QX_E2E_REBUILD === '1' || taroStaleness(type) === 'stale';
  if (!force && fs.existsSync(index)) return dir;
  // Re-checked under the lock: a parallel test file may have just built it.
  const q = (s: string) => JSON.stringify(s);
  const fresh = `test -f ${q(index)} && test -z "$(find ${TARO_SOURCES.map(q).join(' ')} -newer ${q(index)} -print -quit 2>/dev/null)"`;
  const cmd = `${process.env.QX_E2E_REBUILD === '1' ? '' : `${fresh} || `}nice -n 10 npx taro build --type ${type}`;
  const repoKey = createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12);
  const lock = path.join(os.tmpdir(), `qx-${type}-build-${repoKey}.lock`);
  try {
    // jest sets NODE_ENV=test, which makes Taro build a dev bundle with React Refresh hooks that
    // crash outside its dev server ($RefreshReg$ is not defined): build what users get.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    execFileSync('flock', [lock, 'sh', '-c', cmd], {
      cwd: path.join(REPO_ROOT, 'miniprogram'),
      stdio: o.stdio ?? 'pipe',
      env,
      ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}),
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new H5BuildError(`taro build --type ${type} failed: ${e.message}\n${e.stderr?.toString().slice(-4000) ?? ''}`);
  }
  if (!fs.existsSync(index)) throw new H5BuildError(`no ${index} after the build`);
  return dir;
}
