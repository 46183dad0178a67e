import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import * as esbuild from 'esbuild';
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

  it('counts every file outside miniprogram/ the app imports at run time (a change to one rebuilds the app)', async () => {
    // Why: a hand-kept list goes stale when the app starts importing another shared file; the
    // bundler's own import graph says which files end up in the app (type-only imports excluded,
    // as Babel's TypeScript transform drops them too).
    const root = path.join(__dirname, '../..');
    const entries: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) entries.push(p);
      }
    };
    walk(path.join(root, 'miniprogram', 'src'));
    const empty = Object.fromEntries(['.scss', '.css', '.png', '.svg', '.jpg'].map((x) => [x, 'empty' as const]));
    const built = await esbuild.build({
      absWorkingDir: root,
      entryPoints: entries,
      bundle: true,
      write: false,
      metafile: true,
      outdir: path.join(os.tmpdir(), 'qx-taro-closure'),
      packages: 'external',
      loader: empty,
      alias: { '@': path.join(root, 'miniprogram', 'src') },
      logLevel: 'silent',
    });
    const shared = Object.keys(built.metafile.inputs)
      .filter((f) => f.startsWith('cloudfunctions/'))
      .map((f) => path.join(root, f));
    expect(shared.length).toBeGreaterThanOrEqual(3);
    const uncovered = shared.filter((file) => !TARO_SOURCES.some((p) => file === p || file.startsWith(p + path.sep)));
    expect(uncovered).toEqual([]);
  });
});
