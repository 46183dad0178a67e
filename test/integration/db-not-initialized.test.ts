/**
 * A fresh environment where nobody ran `npm run db:init`: the local cloud is strict about
 * collections (like CloudBase's DATABASE_COLLECTION_NOT_EXIST), the REAL functions answer the
 * stable code DB_NOT_INITIALIZED naming the fix and store nothing, and after the user's own
 * command (`npm run db:init -- --local URL --data DIR`, run as a child process) they work.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';
import { SCHEMA } from '../../scripts/db/schema';

const REPO = path.resolve(__dirname, '../..');
let root: string;
let cloud: FullCloud;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-noinit-'));
  cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    timers: false,
    maxInstances: 1,
    dbInit: false,
    log: () => undefined,
  });
}, 120_000);
afterAll(async () => {
  await cloud.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const call = (name: string, event: unknown) => cloud.invokeFunction(name, event, { openid: 'u1', source: 'wx_client' }) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

it('answers DB_NOT_INITIALIZED naming npm run db:init, stores nothing, and works after db:init', async () => {
  const consent = await call('privacy', { action: 'setConsent', version: 1 });
  expect(consent).toMatchObject({ ok: false, error: { code: 'DB_NOT_INITIALIZED', details: { collection: 'consents' } } });
  expect(consent.error.message).toContain('npm run db:init');
  const exported = await call('privacy', { action: 'exportMyData' });
  expect(exported).toMatchObject({ ok: false, error: { code: 'DB_NOT_INITIALIZED' } });
  expect(cloud.db.collections().filter((c) => SCHEMA.collections.some((s) => s.name === c))).toEqual([]);

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(REPO, 'scripts', 'db', 'init.ts'), '--local', cloud.url, '--data', path.join(root, 'data')],
    { cwd: REPO, timeout: 60_000 },
  );
  for (const c of SCHEMA.collections) expect(stdout).toMatch(new RegExp(`^${c.name}\\s+created$`, 'm'));

  expect(await call('privacy', { action: 'setConsent', version: 1 })).toMatchObject({ ok: true });
  expect(await call('privacy', { action: 'exportMyData' })).toMatchObject({ ok: true });
}, 180_000);
