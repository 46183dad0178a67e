import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { folderBytes, zipBytes } from './zip-size';

describe('zipBytes', () => {
  it('equals the size of a real zip of the same files (fflate, level 9)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-zip-'));
    const files: Record<string, Uint8Array> = {
      'index.js': strToU8('exports.main = async () => 1;\n'.repeat(200)),
      'models/m/meta.json': strToU8(JSON.stringify({ a: 1, b: [1, 2, 3] })),
      'bin/random.bin': new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24),
    };
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    const real = zipSync(files, { level: 9, mtime: new Date('2020-01-01') }).length;
    // fflate and zlib may differ by a few bytes per entry in deflate output; headers are identical.
    expect(Math.abs(zipBytes(dir) - real)).toBeLessThan(64);
    expect(folderBytes(dir)).toBe(Object.values(files).reduce((a, f) => a + f.length, 0));
  });
});
