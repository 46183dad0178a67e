import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { newestMtime, TARO_SOURCES } from './taro-freshness';

describe('taro freshness', () => {
  it('finds the newest file under folders, skipping build output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fresh-'));
    fs.mkdirSync(path.join(dir, 'a', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'x.ts'), '1');
    fs.writeFileSync(path.join(dir, 'a', 'dist', 'y.js'), '2');
    const old = new Date('2020-01-01');
    fs.utimesSync(path.join(dir, 'a', 'x.ts'), old, old);
    expect(newestMtime([path.join(dir, 'a')])).toBe(old.getTime());
    expect(newestMtime([path.join(dir, 'missing')])).toBe(0);
  });

  it('counts the shared event contract as a source of the app', () => {
    expect(TARO_SOURCES.some((p) => p.endsWith(path.join('cloudfunctions', 'common', 'contracts')))).toBe(true);
  });

  it('counts every file outside miniprogram/ the Taro config compiles in (a change to one rebuilds the app)', () => {
    const config = fs.readFileSync(path.join(__dirname, '../../miniprogram/config/index.ts'), 'utf8');
    const compiled = [...config.matchAll(/path\.resolve\(__dirname, '(\.\.\/\.\.\/cloudfunctions\/[^']+)'\)/g)].map((m) =>
      path.resolve(__dirname, '../../miniprogram/config', m[1]),
    );
    expect(compiled.length).toBeGreaterThanOrEqual(2);
    for (const file of compiled) expect(TARO_SOURCES.some((p) => file === p || file.startsWith(p + path.sep))).toBe(true);
  });
});
