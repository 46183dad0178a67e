import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qx-lock-'));

it('refuses a second holder of the same data dir until the first releases it', () => {
  const dir = tmp();
  const release = lockDataDir(dir);
  expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  release();
  const again = lockDataDir(dir);
  again();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('takes over a lock left by a process that no longer exists (kill -9)', () => {
  const dir = tmp();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  fs.writeFileSync(path.join(dir, 'LOCK.pid'), dead);
  const release = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, 'LOCK.pid'), 'utf8')).toBe(String(process.pid));
  release();
  expect(fs.existsSync(path.join(dir, 'LOCK.pid'))).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});
