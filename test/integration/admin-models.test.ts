/**
 * The admin function's 模型 actions against the local cloud (real SDK in the function and here):
 * `models` lists what serves per model with its evaluation and versions, `modelRollback` moves the
 * pointer back (staff only), `modelRefit` opens a refit run and has it worked on at once.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import {
  createModelStore,
  SHIPPED,
  wxModelStorePorts,
  type ModelStore,
} from '../../cloudfunctions/common/model-store';
import { loadSdk } from '../helpers/local-cloud';
import { startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

let fx: Fixture;
let store: ModelStore;
import type { Reply } from '../helpers/reply';
const admin = (event: unknown, openid = STAFF) =>
  fx.cloud.invokeFunction('admin', event, { openid, source: 'wx_client' }) as Promise<Reply>;

beforeAll(async () => {
  fx = await startFixtureCloud();
  await fx.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  Object.assign(process.env, fx.cloud.sdkEnv());
  store = createModelStore(wxModelStorePorts(new Db(loadSdk('local').database()), loadSdk('local')));
});
afterAll(() => fx?.close());

/**
 * The tests share one shop, so each that publishes versions does so under a model name of its own
 * (the 模型 card lists every model with a pointer, known or not, through the same code): the card
 * of the shipped sentiment model stays without versions whatever ran before.
 */
async function promote(model: string, candidate: number, incumbent: number): Promise<string> {
  const c = await store.publishCandidate({
    model,
    files: {
      'model.onnx': Buffer.from('graph'),
      'meta.json': Buffer.from(
        JSON.stringify({ name: model, version: 'x', trainedAt: '2026-12-01T00:00:00Z' }),
      ),
    },
    dataWindow: { from: '2026-06-01', to: '2026-11-30', n: 1200 },
  });
  await store.guard({
    model,
    version: c.version,
    evaluation: { metric: 'accuracy', candidate, incumbent, heldOut: 240, incumbentVersion: c.parent },
    rule: { higherIsBetter: true },
  });
  return c.version;
}

it('lists the shipped models when the shop has no version', async () => {
  const r = await admin({ action: 'models' });
  expect(r.ok).toBe(true);
  const sentiment = r.data.find((m: { model: string }) => m.model === 'sentiment');
  expect(sentiment).toMatchObject({
    label: '评价情感',
    serving: { version: SHIPPED, source: 'shipped' },
    versions: [],
    rollbackTargets: [],
    lastRefit: null,
  });
});

it('shows the serving shop version with its evaluation, and rolls back for staff only', async () => {
  const model = 'sentiment-serving';
  const a = await promote(model, 0.9, 0.86);
  const b = await promote(model, 0.93, 0.9);
  const r = await admin({ action: 'models' });
  const s = r.data.find((m: { model: string }) => m.model === model);
  expect(s.serving).toMatchObject({
    version: b,
    source: 'shop',
    trainedAt: '2026-12-01T00:00:00Z',
    dataWindow: { n: 1200 },
    evaluation: { candidate: 0.93, incumbent: 0.9, heldOut: 240, passed: true },
  });
  expect(s.lastGood).toBe(a);
  expect(s.rollbackTargets).toEqual([a, SHIPPED]);

  expect(
    (await admin({ action: 'modelRollback', model, to: a }, 'customer_1')).error?.code,
  ).toBe('FORBIDDEN');
  const rb = await admin({ action: 'modelRollback', model, to: a, note: '误判增多' });
  expect(rb).toMatchObject({ ok: true, data: { serving: a } });
  const after = (await admin({ action: 'models' })).data.find(
    (m: { model: string }) => m.model === model,
  );
  expect(after.serving.version).toBe(a);
  expect(after.lastChange).toMatchObject({ kind: 'rollback', by: `staff:${STAFF}`, note: '误判增多' });
  const again = await admin({ action: 'modelRollback', model, to: a });
  expect(again.error?.code).toBe('CONFLICT');
  expect(again.error?.message).toMatch(/[\u4e00-\u9fff]/);
});

it('a refit request is worked on at once and shows as the last refit', async () => {
  // The value function works on the run in the same request; a shop without buyers ends it at once.
  const first = await admin({ action: 'modelRefit', model: 'value' });
  expect(first.data).toMatchObject({ created: true, tick: { runId: first.data.runId, status: 'succeeded' } });
  const v = (await admin({ action: 'models' })).data.find((m: { model: string }) => m.model === 'value');
  expect(v.lastRefit).toMatchObject({
    runId: first.data.runId,
    status: 'succeeded',
    requestedBy: `staff:${STAFF}`,
    result: { outcome: 'too_few_buyers', summary: expect.stringMatching(/^买家只有 0 位/) },
  });
  // Finished, so the next request opens a new run.
  const second = await admin({ action: 'modelRefit', model: 'value' });
  expect(second.data.created).toBe(true);
  expect(second.data.runId).not.toBe(first.data.runId);
  expect((await admin({ action: 'modelRefit', model: 'nope' })).error?.code).toBe('INVALID_INPUT');
  expect((await admin({ action: 'modelRefit', model: 'value', budgetMs: 60_000 })).error?.code).toBe(
    'INVALID_INPUT',
  );
});

it('a publish that died long ago is a stalled upload, one in flight is not (on the server clock)', async () => {
  // Publishes that die after writing their version (the upload fails): one two hours ago, one now.
  const ports = wxModelStorePorts(new Db(loadSdk('local').database()), loadSdk('local'));
  const dying = (ago: number) =>
    createModelStore({
      ...ports,
      files: { ...ports.files, upload: () => Promise.reject(new Error('upload died')) },
      now: () => new Date(Date.now() - ago),
    }).publishCandidate({
      model: 'segmentation',
      files: { 'model.onnx': Buffer.from('graph'), 'meta.json': Buffer.from('{}') },
      dataWindow: { from: '2026-06-01', to: '2026-11-30', n: 10 },
    });
  await expect(dying(2 * 3_600_000)).rejects.toThrow('upload died');
  await expect(dying(0)).rejects.toThrow('upload died');
  const m = (await admin({ action: 'models' })).data.find((x: { model: string }) => x.model === 'segmentation');
  const uploads = m.versions.filter((v: { status: string }) => v.status === 'uploading');
  expect(uploads).toHaveLength(2);
  const byAge = [...uploads].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  expect(byAge.map((v: { stalledUpload: boolean }) => v.stalledUpload)).toEqual([true, false]);
});

it('lists the newest 10 versions and says when older ones exist (it stopped at 10, silently)', async () => {
  const model = 'sentiment-listing';
  const card = async () => (await admin({ action: 'models' })).data.find((m: { model: string }) => m.model === model);
  expect(await card()).toBeUndefined();
  for (let i = 0; i < 10; i++) await promote(model, 0.94 + i / 1000, 0.93);
  expect(await card()).toMatchObject({ olderVersions: false, versions: expect.any(Array) });
  expect((await card()).versions).toHaveLength(10);
  const newest = await promote(model, 0.99, 0.98);
  const s = await card();
  expect(s.versions).toHaveLength(10);
  expect(s.versions[0].version).toBe(newest);
  expect(s.olderVersions).toBe(true);
});
