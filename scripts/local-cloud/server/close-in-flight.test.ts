/**
 * Closing the local cloud waits for the requests it is still handling. A client that gives up
 * (a function instance killed at shutdown) leaves its handler running, and that handler may still
 * write into the data dir — a storage file renamed into place, a database write — which a test
 * cloud removes right after close (ENOTEMPTY) and which must not land in a closed store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminFetch, okEnvelope, startLocalCloud, type LocalCloud } from '../index';

let dir: string;
let cloud: LocalCloud;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-close-'));
  cloud = await startLocalCloud({ dataDir: dir });
});
afterEach(async () => {
  await cloud.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('resolves close only after a handler still running has written its file', async () => {
  const late = path.join(dir, 'late-write.bin');
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  cloud.registry.register('test.slowWrite', async () => {
    started();
    await new Promise((r) => setTimeout(r, 1_000));
    fs.writeFileSync(late, 'x');
    return okEnvelope({});
  });
  const call = adminFetch(cloud.url, cloud.credentials, { action: 'test.slowWrite' }).catch((err: Error) => err);
  await running;
  await cloud.close();
  expect(fs.existsSync(late)).toBe(true);
  expect(((await call) as Error).message).toBe('fetch failed'); // its connection was dropped
});
