/**
 * The mini program builds a browser or simulator test needs, made fresh on demand (once per
 * checkout, under a lock: scripts/build/taro-build.ts). `npm test` builds both before jest starts.
 */
import path from 'node:path';
import { ensureTaroBuild } from '../../../scripts/build/taro-build';

export { H5BuildError } from '../../../scripts/build/taro-build';

export const REPO = path.resolve(__dirname, '../../..');
export const H5_DIR = path.join(REPO, 'miniprogram', 'dist', 'h5');
export const WEAPP_DIR = path.join(REPO, 'miniprogram', 'dist', 'weapp');

/** A first build inside a suite's hook gets 5 minutes. */
const IN_SUITE_BUILD_MS = 300_000;

export function ensureH5Build(): string {
  return ensureTaroBuild('h5', { timeoutMs: IN_SUITE_BUILD_MS });
}

/** Same for the weapp build (`miniprogram/dist/weapp`). */
export function ensureWeappBuild(): string {
  return ensureTaroBuild('weapp', { timeoutMs: IN_SUITE_BUILD_MS });
}
