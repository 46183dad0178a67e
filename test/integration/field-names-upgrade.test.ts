/**
 * A shop upgraded in place keeps its data: documents stored before the legal-name encoding (under
 * MongoDB's looser rule, `QX_FIELD_NAMES=mongo`) — day buckets keyed by plain `s<id-with-dash>` and
 * `c<id-with-dash>`, a job run's artifacts with the old `~` escapes, a stock hold keyed `ab-cd` — are
 * read, updated and cleaned by the REAL functions and SDK once the same data dir serves under the
 * CloudBase FAQ rule. A session or category stored both ways counts once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settleStaleHolds } from '../../cloudfunctions/common/catalog/stock-holds';
import { nameOfKey } from '../../cloudfunctions/common/db/stored-keys';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import { dayKey } from '../../cloudfunctions/common/profile/day';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';
import type { FieldNameRule } from '../../scripts/local-cloud/db/field-names';
import { loadSdk } from '../helpers/local-cloud';
import type { Reply } from '../helpers/reply';
import { ev, TEST_CATALOG } from './track-cloud';

jest.setTimeout(180_000);
const U = 'u_upgraded';
const SESSION = 'smiu2k1x0-old00001';
let root: string;
let cloud: FullCloud | undefined;

const start = async (fieldNames: FieldNameRule) =>
  (cloud = await startFullCloud({ dataDir: path.join(root, 'data'), buildDir: path.join(root, 'functions'), timers: false, maxInstances: 2, fieldNames }));
const call = (name: string, event: unknown, openid?: string) => cloud!.invokeFunction(name, event, { openid, source: 'wx_client' }) as Promise<Reply>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-upgrade-'));
  await start('mongo');
  const db = cloud!.db;
  await db.collection('products').insert(TEST_CATALOG);
  expect((await call('privacy', { action: 'setConsent', version: 1 }, U)).ok).toBe(true);
  const r1 = { productId: 'r1', categoryId: 'cat-01' };
  expect((await call('track', { events: [ev({ sessionId: SESSION, props: r1 }), ev({ sessionId: SESSION, props: r1 })] }, U)).data.accepted).toBe(2);
  // Rewrite what the product stored into the shapes of before: plain names as keys.
  const day = dayKey(Date.now());
  const p = db.collection('profiles').get(U) as { d: Record<string, { s?: Record<string, number>; c?: Record<string, number> }> };
  const bucket = p.d[day];
  // Leaf by leaf, so that only the bucket keys change.
  const old = (set: 's' | 'c') => Object.entries(bucket[set] ?? {}).map(([k, v]) => [`d.${day}.${set}.${nameOfKey(k)}`, v]);
  const gone = (set: 's' | 'c') => Object.keys(bucket[set] ?? {}).map((k) => [`d.${day}.${set}.${k}`, '']);
  await db.collection('profiles').update({ _id: U }, { $set: Object.fromEntries([...old('s'), ...old('c')]), $unset: Object.fromEntries([...gone('s'), ...gone('c')]) });
  expect(db.collection('profiles').get(U)).toMatchObject({ d: { [day]: { s: { [`s${SESSION}`]: 1 }, c: { 'ccat-01': 2 } } } });
  await db.collection('job_runs').insert({ _id: 'refit:value@old', kind: 'refit:value', status: 'succeeded', createdAt: 1, artifacts: { 'histories-0~2ejson~2egz': 'cloud://h0' }, state: {} });
  await db.collection('products').update({ _id: 'r1' }, { $set: { 'holds.ab-cd.orderId': 'o_gone', 'holds.ab-cd.quantity': 2, 'holds.ab-cd.at': 1, held: 1, stock: 98 } });
  await cloud!.close();
  cloud = undefined;
  await start('faq');
  Object.assign(process.env, cloud!.sdkEnv());
});
afterAll(async () => {
  await cloud?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('tracks on into a profile stored with plain keys, and counts the session and category stored both ways once', async () => {
  const more = { productId: 'r1', categoryId: 'cat-01' };
  expect((await call('track', { events: [ev({ sessionId: SESSION, props: more })] }, U)).data.accepted).toBe(1);
  const bucket = (cloud!.db.collection('profiles').get(U) as { d: Record<string, { s: object; c: object }> }).d[dayKey(Date.now())];
  expect(bucket.s).toEqual({ [`s${SESSION}`]: 1, q_ssmiu2k1x0_2dold00001: 1 });
  expect(bucket.c).toEqual({ 'ccat-01': 2, q_ccat_2d01: 1 });
  const me = await call('privacy', { action: 'me' }, U);
  expect(me.ok).toBe(true);
  expect(me.data.lines.join('')).toContain('来访1次');
  expect(me.data.topCategories).toEqual([{ categoryId: 'cat-01', weight: 1, name: '类目cat-01' }]);
});

it('reads an old run’s ~-escaped artifact names and settles an old hold keyed with a dash', async () => {
  const db = new Db(loadSdk('local').database());
  expect((await wxJobDb(db).getRun('refit:value@old'))!.artifacts).toEqual({ 'histories-0.json.gz': 'cloud://h0' });
  expect(await settleStaleHolds(db, () => Date.now(), Date.now() + 60_000, 0)).toBe(1);
  expect(cloud!.db.collection('products').get('r1')).toMatchObject({ holds: {}, held: 0, stock: 100 });
});
