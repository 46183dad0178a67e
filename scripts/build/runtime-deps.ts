/**
 * Runtime dependencies of deployed functions: whatever of these a bundle still `require`s
 * (today only `onnxruntime-node`, native code; the SDK is inlined by bundle-function). Versions
 * come from the root package.json, so deploys match what the tests ran.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './list-functions';

/** The pinned versions of the packages a function may need at run time. */
export function runtimeVersions(root = REPO_ROOT): Record<'wx-server-sdk' | 'onnxruntime-node', string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return {
    'wx-server-sdk': pkg.dependencies['wx-server-sdk'],
    // 1.16.3 is the last onnxruntime-node whose native library needs only glibc ≤ 2.17 (the
    // cloud runtime is CentOS 7); 1.17+ needs 2.27/2.28. check:deploy verifies the shipped files.
    'onnxruntime-node': pkg.dependencies['onnxruntime-node'],
  };
}

/**
 * Installs `deps` (production only, no scripts) into a cache folder keyed by their names and
 * versions, once, and returns its node_modules path.
 */
export function installedDeps(deps: Record<string, string>, cacheRoot: string): string {
  const key = Object.entries(deps).map(([n, v]) => `${n.replace('/', '+')}@${v}`).sort().join('_');
  const dir = path.join(cacheRoot, key);
  const done = path.join(dir, '.installed');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'deps', private: true, dependencies: deps }));
    execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
    });
    fs.writeFileSync(done, new Date().toISOString());
  }
  return path.join(dir, 'node_modules');
}

/** Removes every onnxruntime-node native build but linux-x64 (the cloud runtime's platform). */
export function pruneToLinuxX64(nodeModules: string): void {
  const bin = path.join(nodeModules, 'onnxruntime-node', 'bin', 'napi-v3');
  if (!fs.existsSync(bin)) return;
  for (const os of fs.readdirSync(bin)) {
    const osDir = path.join(bin, os);
    if (os !== 'linux') {
      fs.rmSync(osDir, { recursive: true, force: true });
      continue;
    }
    for (const arch of fs.readdirSync(osDir)) if (arch !== 'x64') fs.rmSync(path.join(osDir, arch), { recursive: true, force: true });
  }
}
