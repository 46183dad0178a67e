/**
 * A fresh environment (no `npm run db:init` yet): every function the timer or an operator calls
 * answers the declared DB_NOT_INITIALIZED naming the fix, never INTERNAL with a raw database
 * message — rebuild and retention used to flatten every error into INTERNAL + err.message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';
import { expectDeclaredAnswer, isRefusal } from '../helpers/boundary-fuzz';

let cloud: FullCloud;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fresh-'));
beforeAll(async () => {
  cloud = await startFullCloud({ dataDir: path.join(root, 'data'), buildDir: path.join(root, 'functions'), timers: false, maxInstances: 1, dbInit: false, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await cloud?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it.each(['rebuild', 'retention', 'segment', 'value', 'refit'])('%s answers DB_NOT_INITIALIZED before db:init', async (fn) => {
  const reply = await cloud.invokeFunction(fn, { Type: 'Timer', TriggerName: 'qx', Time: '2026-12-05T00:00:00Z' }, { source: 'wx_trigger' });
  expectDeclaredAnswer(reply, ['DB_NOT_INITIALIZED']);
  expect(isRefusal(reply) && reply.error.message).toContain('db:init');
}, 60_000);
