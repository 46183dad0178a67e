/**
 * A fresh environment (no `npm run db:init` yet): every function answers the declared
 * DB_NOT_INITIALIZED naming the fix, never INTERNAL with a raw database
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
});
afterAll(async () => {
  await cloud?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it.each(['rebuild', 'retention', 'segment', 'value', 'refit'])('%s answers DB_NOT_INITIALIZED before db:init', async (fn) => {
  const reply = await cloud.invokeFunction(fn, { Type: 'Timer', TriggerName: 'qx', Time: '2026-12-05T00:00:00Z' }, { source: 'wx_trigger' });
  expectDeclaredAnswer(reply, ['DB_NOT_INITIALIZED']);
  expect(isRefusal(reply) && reply.error.message).toContain('db:init');
});

const push = { ToUserName: 'gh_x', FromUserName: 'o_user', CreateTime: 1_700_000_000, MsgType: 'event', Event: 'subscribe_msg_popup_event', List: { TemplateId: 'tpl_price_drop', SubscribeStatusString: 'accept' } };
it.each([
  ['shop', { action: 'listProducts' }, 'o_user', 'wx_client'],
  ['privacy', { action: 'getConsent' }, 'o_user', 'wx_client'],
  ['track', { events: [] }, 'o_user', 'wx_client'],
  ['admin', { action: 'whoami' }, 'o_user', 'wx_client'],
  ['dispatch', { action: 'run' }, undefined, 'wx_trigger'],
  ['wxpush', push, 'o_user', 'wx_msgpush'],
] as const)('%s answers DB_NOT_INITIALIZED before db:init, too', async (fn, event, openid, source) => {
  const reply = await cloud.invokeFunction(fn, event, { openid, source });
  expectDeclaredAnswer(reply, ['DB_NOT_INITIALIZED']);
});
