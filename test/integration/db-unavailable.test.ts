/**
 * A slow or unavailable database, through the REAL functions and the REAL wx-server-sdk: the local
 * cloud's slow-reads fault (scripts/local-cloud/db/slow-reads.ts) answers a chosen collection's
 * reads with each timeout the SDK can report (the service's SERVER_TIMEOUT and DATABASE_TIMEOUT, a
 * gateway's 504 page) or holds them past the SDK's own 15 s timeout. Calls that only read answer
 * the stable UNAVAILABLE 「系统繁忙，请稍后重试」 (retryable), and the same call succeeds once the
 * fault clears; a call that writes keeps INTERNAL. Before, every one of them answered INTERNAL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';
import { TIMEOUT_ANSWERS, type TimeoutAnswer } from '../../scripts/local-cloud/db/late-commit';
import { injectSlowReads, type SlowReads } from '../../scripts/local-cloud/db/slow-reads';
import { retryWhileUnavailable } from '../helpers/retry-unavailable';

const STAFF = 'staff_slow';
const CUSTOMER = 'cust_slow';
const UNAVAILABLE = { ok: false, error: { code: 'UNAVAILABLE', message: '系统繁忙，请稍后重试', details: { retryable: true } } };
let root: string;
let cloud: FullCloud;
let slow: SlowReads;
let logs: string[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-slow-'));
  logs = [];
  cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    timers: false,
    maxInstances: 1,
    log: (fn, line) => logs.push(`[${fn}] ${line}`),
  });
  slow = injectSlowReads(cloud.registry);
  await cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  await cloud.db.collection('products').insert({ _id: 'p1', name: '绿茶', categoryId: 'tea', priceFen: 100, stock: 5 });
}, 120_000);
afterEach(() => slow.clear());
afterAll(async () => {
  await cloud?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (name: string, event: unknown, openid: string) => cloud.invokeFunction(name, event, { openid, source: 'wx_client' }) as Promise<Record<string, any>>;

describe.each(Object.keys(TIMEOUT_ANSWERS) as TimeoutAnswer[])('reads answered %s', (answer) => {
  it('admin 概览 (its profiles read times out): UNAVAILABLE, then loads once the fault clears', async () => {
    slow.arm('profiles', { answer });
    const before = slow.hits;
    expect(await call('admin', { action: 'overview' }, STAFF)).toEqual(UNAVAILABLE);
    expect(slow.hits).toBeGreaterThan(before);
    slow.clear();
    expect(await call('admin', { action: 'overview' }, STAFF)).toMatchObject({ ok: true });
  }, 60_000);

  it('shop 商品列表 and privacy 同意状态: UNAVAILABLE, then answered', async () => {
    slow.arm('products', { answer });
    slow.arm('consents', { answer });
    expect(await call('shop', { action: 'listProducts' }, CUSTOMER)).toEqual(UNAVAILABLE);
    expect(await call('privacy', { action: 'getConsent' }, CUSTOMER)).toEqual(UNAVAILABLE);
    slow.clear();
    expect(await call('shop', { action: 'listProducts' }, CUSTOMER)).toMatchObject({ ok: true });
    expect(await call('privacy', { action: 'getConsent' }, CUSTOMER)).toMatchObject({ ok: true });
  }, 60_000);
});

it('a call that writes keeps INTERNAL: 同意 whose consent read times out', async () => {
  slow.arm('consents', { answer: 'serverTimeout' });
  const before = slow.hits;
  expect(await call('privacy', { action: 'setConsent', version: 1 }, CUSTOMER)).toEqual({
    ok: false,
    error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' },
  });
  expect(slow.hits).toBeGreaterThan(before);
}, 60_000);

it('the tests’ retry (helpers/retry-unavailable.ts): one timed-out read, asked again as 重试 would, then the page', async () => {
  slow.arm('profiles', { answer: 'databaseTimeout' }, 1);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    expect(await retryWhileUnavailable('admin segments', () => call('admin', { action: 'segments', refresh: true }, STAFF))).toMatchObject({ ok: true });
    expect(warn).toHaveBeenCalledTimes(1);
  } finally {
    warn.mockRestore();
  }
}, 60_000);

it('a read held past the SDK’s own 15 s timeout (ESOCKETTIMEDOUT): UNAVAILABLE too', async () => {
  slow.arm('profiles', { delayMs: 17_000 });
  const t0 = Date.now();
  expect(await call('admin', { action: 'overview' }, STAFF)).toEqual(UNAVAILABLE);
  // The SDK gave up (15 s), not the function (its limit is 60 s).
  expect(Date.now() - t0).toBeGreaterThanOrEqual(14_000);
  // What the SDK reports (logged, not echoed): -501001 "… request timeout".
  expect(logs.join('\n')).toMatch(/\[admin\] database unavailable .*-501001 .*request timeout/);
}, 90_000);
