/**
 * The deployable cloud functions: every folder under `cloudfunctions/` with an entry point and a
 * `config.json`, except `common/` (shared code bundled into each function).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Repo root, resolved from this file. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Names of the cloud functions under `root/cloudfunctions`. */
export function listFunctions(root = REPO_ROOT): string[] {
  const dir = path.join(root, 'cloudfunctions');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'common')
    .filter((d) => ['index.ts', 'index.js'].some((f) => fs.existsSync(path.join(dir, d.name, f))))
    .map((d) => d.name)
    .sort();
}
