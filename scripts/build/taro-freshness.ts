/**
 * Whether a Taro build (`miniprogram/dist/<type>`) is missing or older than what it is built from.
 * One rule for `npm start` and the browser tests, so neither runs a stale app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './list-functions';

/** The Taro build targets. */
export type TaroTarget = 'h5' | 'weapp';

/** Output folder of a target. */
export const taroDir = (type: TaroTarget): string => path.join(REPO_ROOT, 'miniprogram', 'dist', type);

/** The file whose presence marks a finished build of `type`. */
export const taroMarker = (type: TaroTarget): string => path.join(taroDir(type), type === 'h5' ? 'index.html' : 'app.js');

/** What a build reads: the app, its Taro config, and the event contract it compiles in. */
export const TARO_SOURCES = [
  'miniprogram/src',
  'miniprogram/config',
  'miniprogram/babel.config.js',
  'miniprogram/types',
  'cloudfunctions/common/contracts',
  // compiled in with the contracts (config/index.ts compile.include): schedule-pick.ts imports it
  'cloudfunctions/common/beijing-time.ts',
  // compiled in too: the admin pages name segments with the admin function's rule
  'cloudfunctions/common/segments/display-name.ts',
].map((p) => path.join(REPO_ROOT, p));

/** Newest modification time (ms) of the files under `paths` (build output and node_modules skipped). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (!['node_modules', 'dist', '.swc'].includes(e)) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

/** Why `type` must be (re)built — 'missing' or 'stale' — or null when it is up to date. */
export function taroStaleness(type: TaroTarget): 'missing' | 'stale' | null {
  const marker = taroMarker(type);
  if (!fs.existsSync(marker)) return 'missing';
  return newestMtime(TARO_SOURCES) > fs.statSync(marker).mtimeMs ? 'stale' : null;
}

/**
 * Gives a finished build's marker the time the build started, so that a source saved while it
 * ran counts as newer than the build (the build's own end time would hide the change).
 */
export function stampBuildStart(type: TaroTarget, startedAtMs: number): void {
  const t = new Date(startedAtMs);
  fs.utimesSync(taroMarker(type), t, t);
}
