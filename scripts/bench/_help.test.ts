import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchHelp, benchSummary } from './_help';

const dir = __dirname;
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.includes('.test.') && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
const tsx = path.join(dir, '../../node_modules/.bin/tsx');

describe('npm run bench -- --help', () => {
  it('every bench documents its usage and what it measures at the top of its file', () => {
    expect(benches.length).toBeGreaterThan(5);
    for (const b of benches) {
      const s = benchSummary(path.join(dir, `${b}.ts`));
      expect(s.usage).toMatch(new RegExp(`^npm run bench -- ${b}( |$)`));
      expect(s.about.length).toBeGreaterThan(8);
    }
    expect(benchHelp(dir, ['value'])).toContain('npm run bench -- value [--customers N]');
  });

  it('--help exits 0 with every bench; an unknown name says so and exits 2', () => {
    const help = execFileSync(tsx, [path.join(dir, 'main.ts'), '--help'], { encoding: 'utf8' });
    for (const b of benches) expect(help).toContain(`npm run bench -- ${b}`);
    const bad = spawnSync(tsx, [path.join(dir, 'main.ts'), 'nosuch'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^unknown bench "nosuch"\nusage: npm run bench -- <name>/);
  }, 60_000);
});
