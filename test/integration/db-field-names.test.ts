/**
 * Stored field names through the REAL wx-server-sdk against the local cloud, by default under the
 * CloudBase FAQ rule (letters, digits, `_`, at most 32 characters, not starting with `_`) at every
 * depth and in update paths: a name with `.`, a leading `$`, a `-`, a `~` or 33 characters is
 * refused, and the product's Db surfaces it as a DbError instead of storing half a batch silently.
 * The product's own name-keyed maps (a job run's artifacts, a model version's meta) are stored with
 * legal keys (db/stored-keys.ts) and read back as they were.
 */
import { Db, DbError } from '../../cloudfunctions/common/db/wx-db';
import { newJobRun } from '../../cloudfunctions/common/jobs/runner';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import { createModelStore, wxModelStorePorts } from '../../cloudfunctions/common/model-store';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

let local: TestCloud;
let db: Db;
beforeAll(async () => {
  local = await startTestCloud({ schema: true });
  Object.assign(process.env, local.env);
  db = new Db(loadSdk('local').database());
});
afterAll(() => local?.close());

it('refuses dotted and $-prefixed field names, keeps plain ones and update paths', async () => {
  await expect(db.insert('events', [{ _id: 'e1', props: { 'price.fen': 1 } }])).rejects.toBeInstanceOf(DbError);
  await expect(db.insert('events', [{ _id: 'e2', props: { $where: 'x' } }])).rejects.toThrow(/not valid for storage/);
  await db.insert('events', [{ _id: 'e3', props: { priceFen: 1 } }]);
  await expect(db.updateById('events', 'e3', { props: db._.set({ 'a.b': 1 }) })).rejects.toBeInstanceOf(DbError);
  expect(await db.updateById('events', 'e3', { 'props.qty': 2 })).toBe(1);
  expect(await db.getById('events', 'e3')).toEqual({ _id: 'e3', props: { priceFen: 1, qty: 2 } });
  expect(await db.count('events', {})).toBe(1);
});

it('refuses by default a nested "-" key, a 33-character key and a "~" key, in documents and update paths', async () => {
  await expect(db.insert('events', [{ _id: 'f1', holds: { 'ab-cd': 1 } }])).rejects.toThrow(/"ab-cd" at 'holds' is not valid for storage/);
  await expect(db.insert('events', [{ _id: 'f2', props: { ['k'.repeat(33)]: 1 } }])).rejects.toBeInstanceOf(DbError);
  await expect(db.insert('events', [{ _id: 'f3', artifacts: { 'h-0~2ejson': 'x' } }])).rejects.toThrow(/"h-0~2ejson"/);
  await db.insert('events', [{ _id: 'f4', holds: {}, ['k'.repeat(32)]: 1 }]);
  await expect(db.updateById('events', 'f4', { 'holds.ab-cd': 1 })).rejects.toThrow(/"ab-cd" at 'holds'/);
  await expect(db.updateById('events', 'f4', { holds: db._.set({ 'x~7e': 1 }) })).rejects.toBeInstanceOf(DbError);
  expect(await db.updateById('events', 'f4', { 'holds.q_ab_2dcd': 1 })).toBe(1);
  expect(await db.getById('events', 'f4')).toEqual({ _id: 'f4', holds: { q_ab_2dcd: 1 }, ['k'.repeat(32)]: 1 });
});

it('stores a job run keyed by file names and a model meta keyed by file names, and reads both back', async () => {
  const jobs = wxJobDb(db);
  await jobs.insertRun(newJobRun('refit:value@9', 'refit:value', 'timer', {}, 1));
  expect(await jobs.acquireLease('refit:value@9', 10, 60_010, 'L')).toBe(true);
  const artifacts = { 'histories-0.json.gz': 'cloud://h0', 'fit-model.json.gz': 'cloud://m' };
  expect(await jobs.saveRun('refit:value@9', 'L', { artifacts })).toBe(true);
  expect((await jobs.getRun('refit:value@9'))!.artifacts).toEqual(artifacts);
  expect((await db.getById('job_runs', 'refit:value@9'))!.artifacts).toEqual({
    q_histories_2d0_2ejson_2egz: 'cloud://h0',
    q_fit_2dmodel_2ejson_2egz: 'cloud://m',
  });

  const sdk = loadSdk('local');
  const store = createModelStore(wxModelStorePorts(db, sdk));
  const meta = { name: 'sentiment', data: { files: { 'waimai_10k.csv': 'b8b5' } } };
  const v = await store.publishCandidate({
    model: 'sentiment',
    files: { 'model.onnx': Buffer.from('graph'), 'meta.json': Buffer.from(JSON.stringify(meta)) },
    dataWindow: { from: '2026-01-01', to: '2026-06-30', n: 10 },
  });
  expect((await store.version('sentiment', v.version))!.meta).toEqual(meta);
});
