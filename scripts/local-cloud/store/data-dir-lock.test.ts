import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qx-lock-'));

/** A separate process that takes the lock of `dir`, says HELD and keeps it until killed. */
function holder(dir: string): Promise<ChildProcess> {
  const script = `const { lockDataDir } = require(${JSON.stringify(require.resolve('./data-dir-lock'))});
lockDataDir(process.argv[1]); process.stdout.write('HELD'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
  });
}

it('refuses a second holder in the same process until the first releases it', () => {
  const dir = tmp();
  const release = lockDataDir(dir);
  expect(() => lockDataDir(dir)).toThrow(new DataDirLockedError(dir, process.pid));
  release();
  lockDataDir(dir)();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses while another live process holds the dir, naming its pid', async () => {
  const dir = tmp();
  const child = await holder(dir);
  try {
    let caught: unknown;
    try {
      lockDataDir(dir)();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DataDirLockedError);
    expect((caught as DataDirLockedError).pid).toBe(child.pid);
    expect((caught as Error).message).toContain(`is in use by process ${child.pid}`);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('is free the moment its holder is killed with SIGKILL, even before the zombie is reaped', async () => {
  const dir = tmp();
  const child = await holder(dir);
  const pid = child.pid!;
  // Do not wait for 'exit' (that would reap it): lock as soon as the signal is delivered and the
  // kernel has closed its descriptors. The pid stays taken (a zombie) until Node reaps it.
  child.kill('SIGKILL');
  let release: (() => void) | null = null;
  const t0 = Date.now();
  while (!release) {
    try {
      release = lockDataDir(dir);
    } catch (err) {
      if (!(err instanceof DataDirLockedError) || Date.now() - t0 > 2000) throw err;
    }
  }
  expect(Date.now() - t0).toBeLessThan(2000);
  expect(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
  release();
  expect(pid).toBeGreaterThan(0);
  fs.rmSync(dir, { recursive: true, force: true });
});
