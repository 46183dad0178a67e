/**
 * Zipped size of a folder, as WeChat DevTools would upload it (deflate level 9 via fflate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

function collect(dir: string, into: Zippable, prefix = ''): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const key = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) collect(p, into, key);
    else if (e.isFile()) into[key] = fs.readFileSync(p);
  }
}

/** Bytes of `dir` zipped (all files, deflate level 9). */
export function zipBytes(dir: string): number {
  const files: Zippable = {};
  collect(dir, files);
  return zipSync(files, { level: 9 }).length;
}

/** Total bytes of all files under `dir`. */
export function folderBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return n;
}
