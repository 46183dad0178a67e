/**
 * Sizes of a built mini program's packages: the main package is every file outside the
 * subpackage roots declared in `app.json`; WeChat limits each package to 2 MB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { folderBytes } from './zip-size';

/** Bytes per package of a weapp build. */
export interface WeappSizes {
  main: number;
  subpackages: Record<string, number>;
}

/** Raised when the weapp build output is missing or has no app.json. */
export class WeappBuildMissingError extends Error {
  override name = 'WeappBuildMissingError';
}

/** Package sizes of the weapp build in `dir` (default miniprogram/dist/weapp). */
export function weappSizes(dir: string): WeappSizes {
  const appJson = path.join(dir, 'app.json');
  if (!fs.existsSync(appJson)) throw new WeappBuildMissingError(`no ${appJson}: run \`npm run build:weapp\` first`);
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8')) as {
    subPackages?: Array<{ root: string }>;
    subpackages?: Array<{ root: string }>;
  };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = {};
  for (const r of roots) subpackages[r] = fs.existsSync(path.join(dir, r)) ? folderBytes(path.join(dir, r)) : 0;
  const total = folderBytes(dir);
  return { main: total - Object.values(subpackages).reduce((a, b) => a + b, 0), subpackages };
}
