import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFunctionDef } from './function-config';
import { instanceExecArgv } from './instance';
import { DEFAULT_MEMORY_MB, heapLimitArgs } from './memory-limit';

it('drops inherited TypeScript loader flags but keeps the other node flags', () => {
  expect(
    instanceExecArgv([
      '--max-old-space-size=512',
      '--require',
      '/repo/node_modules/tsx/dist/preflight.cjs',
      '--import=file:///repo/node_modules/tsx/dist/loader.mjs',
      '--require',
      './other.js',
      '--cpu-prof',
    ]),
  ).toEqual(['--max-old-space-size=512', '--require', './other.js', '--cpu-prof']);
  expect(instanceExecArgv(['--import', 'tsx', '--cpu-prof'])).toEqual(['--cpu-prof']);
  expect(instanceExecArgv([])).toEqual([]);
});

it('reads memorySize from config.json: CloudBase options only, default 256 MB', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fn-mem-'));
  try {
    const def = (config: unknown) => {
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
      return readFunctionDef(dir);
    };
    expect(def({}).memoryMb).toBe(DEFAULT_MEMORY_MB);
    expect(def({ memorySize: 1024 }).memoryMb).toBe(1024);
    expect(def({ memorySize: 64 }).memoryMb).toBe(64);
    for (const bad of [100, 192.5, 4096, 0]) expect(() => def({ memorySize: bad })).toThrow(/memorySize/);
    expect(heapLimitArgs(256)).toEqual(['--max-old-space-size=128']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
