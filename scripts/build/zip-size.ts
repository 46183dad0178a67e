/**
 * Zipped size of a folder, as WeChat DevTools would upload it. Computed, not written: each file
 * is deflated with Node's native zlib (level 9; stored when deflate does not help) and the zip
 * format's fixed per-entry overhead is added — the exact size of a standard zip of those entries,
 * ~10× faster than building the archive in JS.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

function walk(dir: string, prefix: string, visit: (name: string, file: string) => void): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const key = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) walk(p, key, visit);
    else if (e.isFile()) visit(key, p);
  }
}

// Function packages carry identical copies of wx-server-sdk's files: deflate each content once.
const packedByContent = new Map<string, number>();

function packedSize(data: Buffer): number {
  const key = crypto.createHash('sha1').update(data).digest('hex');
  let n = packedByContent.get(key);
  if (n === undefined) {
    n = Math.min(data.length, zlib.deflateRawSync(data, { level: 9 }).length);
    packedByContent.set(key, n);
  }
  return n;
}

/** Bytes of `dir` as a zip archive (deflate level 9). */
export function zipBytes(dir: string): number {
  let total = END_RECORD;
  walk(dir, '', (name, file) => {
    const data = fs.readFileSync(file);
    const packed = packedSize(data);
    const nameBytes = Buffer.byteLength(name);
    total += LOCAL_HEADER + nameBytes + packed + CENTRAL_HEADER + nameBytes;
  });
  return total;
}

/** Total bytes of all files under `dir`. */
export function folderBytes(dir: string): number {
  let n = 0;
  walk(dir, '', (_name, file) => (n += fs.statSync(file).size));
  return n;
}
