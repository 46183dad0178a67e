/**
 * check:deploy's runtime check catches code that uses an API the deployed Node lacks — proven
 * against the real Node 16.13 binary (the oldest runtime WeChat offers), where the repo's own
 * profile compaction (`structuredClone`, Node ≥ 17) would break every rebuild with a horizon.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOUD_NODE_VERSION } from './cloud-runtime';
import { runtimeProblems } from './runtime-api';
import { runtimeNode } from './runtime-node';

jest.setTimeout(300_000); // first run fetches the binaries into the cache

const COMPACT = path.resolve(__dirname, '../../cloudfunctions/common/profile/compact.ts');

describe('runtime API check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-runtime-api-'));
  const write = (name: string, code: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, code);
    return f;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('flags a planted structuredClone, fetch and Array#findLast under Node 16.13', () => {
    const planted = write(
      'planted.ts',
      'export const copy = <T>(v: T): T => structuredClone(v);\n' +
        'export const last = (xs: number[]) => xs.findLast((x) => x > 0);\n' +
        'export const get = (u: string) => fetch(u);\n',
    );
    const problems = runtimeProblems({ name: 'planted', sources: [planted] }, runtimeNode('16.13.0'));
    expect(problems.join('\n')).toMatch(/uses structuredClone, which Node v16\.13\.0/);
    expect(problems.join('\n')).toMatch(/uses Array\.prototype\.findLast/);
    expect(problems.join('\n')).toMatch(/uses fetch/);
  });

  it('would have caught compact.ts under Node 16.13, and passes it under the declared runtime', () => {
    expect(runtimeProblems({ name: 'rebuild', sources: [COMPACT] }, runtimeNode('16.13.0'))).toEqual([
      expect.stringMatching(/compact\.ts uses structuredClone/),
    ]);
    expect(runtimeProblems({ name: 'rebuild', sources: [COMPACT] }, runtimeNode(CLOUD_NODE_VERSION))).toEqual(
      [],
    );
  });

  it('ignores names in comments, member names and type positions', () => {
    const clean = write(
      'clean.ts',
      '// structuredClone would be nice here\n/* fetch */\n' +
        'type Fetch = typeof fetch;\nexport const o = { structuredClone: 1 };\nexport const v = o.structuredClone;\n',
    );
    expect(runtimeProblems({ name: 'clean', sources: [clean] }, runtimeNode('16.13.0'))).toEqual([]);
  });

  it('reports a bundle that does not load under the runtime', () => {
    const pkg = fs.mkdtempSync(path.join(dir, 'pkg-'));
    fs.writeFileSync(path.join(pkg, 'index.js'), 'const x = [1, 2].toSorted();\n');
    expect(runtimeProblems({ name: 'pkg', dir: pkg, sources: [] }, runtimeNode('16.13.0'))).toEqual([
      expect.stringMatching(/index\.js does not load under Node v16\.13\.0: .*toSorted is not a function/),
    ]);
  });
});
