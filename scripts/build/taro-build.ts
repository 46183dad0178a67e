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
  const cmd = buildShellCommand(index, TARO_SOURCES, `nice -n 10 npx taro build --type ${type}`, process.env.QX_E2E_REBUILD !== '1');
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

/**
 * The shell line that builds under the lock. With `skipIfFresh` it first re-checks freshness (a
 * parallel test file may have just built it). A finished build's marker gets the time the build
 * STARTED: a source saved during a 10-minute build is then newer than the marker, so the next
 * check rebuilds instead of serving output that lacks the change.
 */
export function buildShellCommand(marker: string, sources: string[], build: string, skipIfFresh: boolean): string {
  const q = (s: string) => JSON.stringify(s);
  const fresh = `test -f ${q(marker)} && test -z "$(find ${sources.map(q).join(' ')} -newer ${q(marker)} -print -quit 2>/dev/null)"`;
  const stamped = `{ S=$(mktemp) || exit 1; ${build}; rc=$?; if [ $rc -eq 0 ] && [ -f ${q(marker)} ]; then touch -r "$S" ${q(marker)}; fi; rm -f "$S"; exit $rc; }`;
  return `${skipIfFresh ? `${fresh} || ` : ''}${stamped}`;
}
