import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkWeapp, type WeappCheckDeps } from './weapp-check';

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qx-weapp-')), 'weapp');
});
afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

/** A weapp build with a main package and an admin subpackage. */
function writeBuild(): void {
  fs.mkdirSync(path.join(dir, 'admin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ subPackages: [{ root: 'admin/' }] }));
  fs.writeFileSync(path.join(dir, 'app.js'), 'x'.repeat(1000));
  fs.writeFileSync(path.join(dir, 'admin', 'page.js'), 'y'.repeat(500));
}

const deps = (over: Partial<WeappCheckDeps>): WeappCheckDeps & { lines: string[]; builds: number } => {
  const d = {
    lines: [] as string[],
    builds: 0,
    dir,
    staleness: () => (fs.existsSync(path.join(dir, 'app.js')) ? null : ('missing' as const)),
    build() {
      d.builds++;
      writeBuild();
    },
    log: (line: string) => void d.lines.push(line),
    cloudEnv: undefined as string | undefined,
    ...over,
  };
  return d;
};

it('builds a missing weapp (a fresh clone) and checks it, saying which env it compiles in', () => {
  const d = deps({});
  const r = checkWeapp(d);
  expect(d.builds).toBe(1);
  expect(r).toMatchObject({ built: true, problems: [], weapp: { subpackages: { admin: 500 } } });
  expect(r.weapp!.main).toBeGreaterThanOrEqual(1000);
  expect(d.lines.join('\n')).toMatch(/building it now \(npm run build:weapp, QX_CLOUD_ENV not set/);
  const withEnv = deps({ cloudEnv: 'qx-prod-1a2b3c', staleness: () => 'missing' });
  checkWeapp(withEnv);
  expect(withEnv.lines.join('\n')).toContain('QX_CLOUD_ENV=qx-prod-1a2b3c');
});

it('does not rebuild a stale build (it may carry an env id) and names the exact command', () => {
  writeBuild();
  const d = deps({ staleness: () => 'stale', cloudEnv: 'qx-prod-1a2b3c' });
  const r = checkWeapp(d);
  expect(d.builds).toBe(0);
  expect(r.weapp).not.toBeNull();
  expect(r.problems).toEqual([expect.stringContaining('rebuild it with `QX_CLOUD_ENV=qx-prod-1a2b3c npm run build:weapp`, then run `npm run check:deploy` again')]);
  expect(checkWeapp(deps({ staleness: () => 'stale' })).problems[0]).toContain('`QX_CLOUD_ENV=<your env id> npm run build:weapp`');
});

it('reports a failed build as a problem with the command that shows why', () => {
  const d = deps({
    build() {
      throw new Error('taro build --type weapp failed: boom\nmore');
    },
  });
  expect(checkWeapp(d)).toEqual({
    weapp: null,
    built: false,
    problems: ['weapp build failed (run `npm run build:weapp` to see why): taro build --type weapp failed: boom'],
  });
});

it('refuses a weapp over 2 MB', () => {
  writeBuild();
  fs.writeFileSync(path.join(dir, 'big.js'), Buffer.alloc(2 * 1048576 + 1));
  expect(checkWeapp(deps({})).problems).toEqual([expect.stringMatching(/^weapp main package is 2\.00 MB, over 2 MB$/)]);
});
