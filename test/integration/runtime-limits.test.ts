/**
 * Pool limits and lifecycle: a bounded number of instances (extra calls wait their turn), idle
 * instances reaped, and a function whose sources change is re-bundled and served cold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from '../helpers/wait-until';
import { FIXTURE_FUNCTIONS, startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let fc: FixtureCloud | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fc?.close();
  fc = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

type Echo = { pid: number; event: Record<string, unknown> };

it('never runs more instances than maxInstances; extra calls wait', async () => {
  fc = await startFixtureCloud({ maxInstances: 2 });
  const rt = fc.cloud.runtime;
  const outs = (await Promise.all([1, 2, 3, 4, 5].map((n) => rt.invokeFunction('echo', { n, delayMs: 200 })))) as Echo[];
  expect(outs.map((o) => o.event.n)).toEqual([1, 2, 3, 4, 5]);
  expect(new Set(outs.map((o) => o.pid)).size).toBe(2);
  expect(rt.stats().echo).toMatchObject({ instances: 2, coldStarts: 2, warmStarts: 3, queued: 0 });
});

it('reaps idle instances', async () => {
  fc = await startFixtureCloud({ idleMs: 150 });
  const rt = fc.cloud.runtime;
  await rt.invokeFunction('echo', {});
  expect(rt.instances('echo')).toHaveLength(1);
  // The reaper looks every idleMs; a loaded machine runs it late, so wait for it (deadline 60 s).
  await waitUntil(() => rt.instances('echo').length === 0, { what: 'the idle instance reaped' });
  const again = await rt.invokeDetailed('echo', {});
  expect(again.cold).toBe(true);
});

it('re-bundles a function whose source changed and retires the old instances', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fn-src-'));
  fs.cpSync(path.join(FIXTURE_FUNCTIONS, 'echo'), path.join(dir, 'echo'), { recursive: true });
  fc = await startFixtureCloud({ functionsDir: dir });
  const rt = fc.cloud.runtime;
  const before = (await rt.invokeFunction('echo', { v: 1 })) as Echo & { version?: number };
  expect(before.version).toBeUndefined();
  const src = path.join(dir, 'echo', 'index.ts');
  fs.writeFileSync(src, fs.readFileSync(src, 'utf8').replace('return { event,', 'return { version: 2, event,'));
  const later = new Date(Date.now() + 2000);
  fs.utimesSync(src, later, later);
  await new Promise((r) => setTimeout(r, 1100)); // change checks run at most once a second
  const after = await rt.invokeDetailed('echo', { v: 2 });
  expect(after.result).toMatchObject({ version: 2 });
  expect(after.cold).toBe(true);
  expect((after.result as Echo).pid).not.toBe(before.pid);
});
