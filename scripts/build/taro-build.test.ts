import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildShellCommand } from './taro-build';
import { newestMtime } from './taro-freshness';

/** A scratch app: one source file and where its build's marker goes. */
function scratch(): { dir: string; src: string; marker: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-taro-build-'));
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'app.tsx'), 'v1');
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(src, 'app.tsx'), old, old);
  return { dir, src, marker: path.join(dir, 'dist', 'index.html') };
}

const run = (cmd: string) => execFileSync('sh', ['-c', cmd], { stdio: 'pipe' });
const stale = (s: { src: string; marker: string }) => newestMtime([s.src]) > fs.statSync(s.marker).mtimeMs;

describe('the locked Taro build command', () => {
  it('a source saved while the build runs leaves the build stale, so the next check rebuilds', () => {
    const s = scratch();
    // the "build": a developer saves a source half-way, then the build writes its output
    const build = `sleep 0.3; echo v2 > ${JSON.stringify(path.join(s.src, 'app.tsx'))}; sleep 0.3; mkdir -p ${JSON.stringify(path.dirname(s.marker))}; echo built > ${JSON.stringify(s.marker)}`;
    run(buildShellCommand(s.marker, [s.src], build, true));
    expect(fs.readFileSync(s.marker, 'utf8')).toBe('built\n');
    expect(stale(s)).toBe(true);
    // and the freshness re-check inside the command agrees: it builds again
    run(buildShellCommand(s.marker, [s.src], `echo again > ${JSON.stringify(s.marker)}`, true));
    expect(fs.readFileSync(s.marker, 'utf8')).toBe('again\n');
    expect(stale(s)).toBe(false);
  });

  it('skips a fresh build, and answers a failed build with its exit code without stamping', () => {
    const s = scratch();
    run(buildShellCommand(s.marker, [s.src], `mkdir -p ${JSON.stringify(path.dirname(s.marker))}; echo one > ${JSON.stringify(s.marker)}`, true));
    run(buildShellCommand(s.marker, [s.src], `echo two > ${JSON.stringify(s.marker)}`, true));
    expect(fs.readFileSync(s.marker, 'utf8')).toBe('one\n');
    const before = fs.statSync(s.marker).mtimeMs;
    expect(() => run(buildShellCommand(s.marker, [s.src], 'exit 3', false))).toThrow(/status 3|code 3|exit/i);
    expect(fs.statSync(s.marker).mtimeMs).toBe(before);
  });
});
