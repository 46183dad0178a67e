/**
 * Retention's housekeeping through the REAL `retention` function, the real SDK and the local
 * cloud's durable storage: old derived history goes, finished runs lose their checkpoints and
 * then their documents, model versions nothing can serve lose their files, order fences a week old
 * go — and everything a screen, a running job, a rollback or a late write still needs stays. A
 * second pass finds nothing to do.
 */
import { loadSdk, type WxSdk } from '../helpers/local-cloud';
import { waitUntil } from '../helpers/wait-until';
import { startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
let sdk: WxSdk;
const ids = new Map<string, string>();
const DAY = 86_400_000;

jest.setTimeout(120_000);

beforeAll(async () => {
  c = await startIngestCloud(1, { catalog: false });
  Object.assign(process.env, c.cloud.sdkEnv());
  sdk = loadSdk('local');
});
afterAll(async () => c?.close());

async function file(path: string): Promise<string> {
  const { fileID } = await sdk.uploadFile({ cloudPath: path, fileContent: Buffer.from(path) });
  ids.set(path, fileID);
  return fileID;
}
const exists = (path: string) =>
  sdk.downloadFile({ fileID: ids.get(path)! }).then(
    () => true,
    () => false,
  );

it('deletes what nothing needs, keeps what screens, jobs and rollbacks need', async () => {
  const now = Date.now();
  const db = c.cloud.db;
  // derived history: one too old, one recent, per collection
  await db.collection('segment_runs').insert([
    { _id: 'old', finishedAt: now - 401 * DAY },
    { _id: 'new', finishedAt: now - DAY },
  ]);
  await db.collection('segment_history').insert([
    { _id: 'old', openid: 'a', at: now - 500 * DAY },
    { _id: 'new', openid: 'a', at: now - 399 * DAY },
  ]);
  await db.collection('value_snapshots').insert([
    { _id: '2025-01-01', at: now - 402 * DAY },
    { _id: '2026-01-01', at: now - 30 * DAY },
  ]);
  // job runs: finished 10 days ago (checkpoints go), 1 day ago (stay), running (stay),
  // half a year ago (document goes) unless the kind's slot still points at it
  const run = (id: string, status: string, finishedDaysAgo: number | null, artifacts: Record<string, string>, extra = {}) => ({
    _id: id,
    kind: 'refit:value',
    status,
    artifacts,
    createdAt: now - 300 * DAY,
    ...(finishedDaysAgo === null ? {} : { finishedAt: now - finishedDaysAgo * DAY }),
    ...extra,
  });
  await db.collection('job_runs').insert([
    run('r-10d', 'succeeded', 10, { rows: await file('jobs/r-10d/rows'), fit: await file('jobs/r-10d/fit') }),
    run('r-1d', 'failed', 1, { rows: await file('jobs/r-1d/rows') }),
    run('r-running', 'running', null, { rows: await file('jobs/r-running/rows') }),
    run('r-200d', 'succeeded', 200, {}, { artifactsPurgedAt: now - 190 * DAY }),
    run('r-200d-last', 'succeeded', 201, {}, { artifactsPurgedAt: now - 190 * DAY }),
  ]);
  await db.collection('jobs').insert([{ _id: 'runner:refit:other', active: null, lastRun: 'r-200d-last' }]);
  // model versions: a rejected candidate 20 days old (files go), one 2 days old (stay), five
  // retired (the newest three and the fallback stay), the serving one
  const version = async (v: string, status: string, createdDaysAgo: number, retiredDaysAgo?: number, extra = {}) => ({
    _id: `value@${v}`,
    model: 'value',
    version: v,
    status,
    createdAt: new Date(now - createdDaysAgo * DAY),
    files: [{ name: 'model.json', fileID: await file(`models/value/${v}/model.json`), bytes: 10, sha256: 'x' }],
    ...(retiredDaysAgo !== undefined ? { retiredAt: new Date(now - retiredDaysAgo * DAY) } : {}),
    ...extra,
  });
  await db.collection('model_versions').insert([
    await version('rej-20d', 'rejected', 20),
    await version('rej-2d', 'rejected', 2),
    await version('ret-a', 'retired', 300, 200),
    await version('ret-b', 'retired', 250, 150),
    await version('ret-c', 'retired', 200, 100),
    await version('ret-d', 'retired', 150, 60),
    await version('ret-e', 'retired', 100, 40),
    await version('ret-f', 'retired', 90, 35),
    await version('srv', 'serving', 50),
    // candidates never judged, 20 days old: one whose refit ended (files go, marked abandoned),
    // one whose run still runs (it may still judge it)
    await version('cand-20d', 'candidate', 20, undefined, { producedBy: 'r-1d' }),
    await version('cand-live', 'candidate', 20, undefined, { producedBy: 'r-running' }),
  ]);
  await db.collection('model_pointers').insert([{ _id: 'value', serving: 'srv', lastGood: 'ret-a', rev: 9 }]);

  const r = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(r.ok).toBe(true);
  expect(r.data.housekeeping).toMatchObject({
    removed: { segment_runs: 1, segment_history: 1, value_snapshots: 1 },
    jobRuns: { artifactsDeleted: 2, runsDeleted: 1, done: true },
    modelFiles: { versionsPurged: 3, filesDeleted: 4, candidatesAbandoned: 1, done: true },
    done: true,
  });
  for (const coll of ['segment_runs', 'segment_history'])
    expect(db.collection(coll).find({}).map((d) => d._id)).toEqual(['new']);
  expect(db.collection('value_snapshots').find({}).map((d) => d._id)).toEqual(['2026-01-01']);

  expect(await exists('jobs/r-10d/rows')).toBe(false);
  expect(await exists('jobs/r-10d/fit')).toBe(false);
  expect(db.collection('job_runs').get('r-10d')).toMatchObject({ artifacts: {}, status: 'succeeded' });
  expect(await exists('jobs/r-1d/rows')).toBe(true);
  expect(await exists('jobs/r-running/rows')).toBe(true);
  expect(db.collection('job_runs').get('r-200d')).toBeNull();
  expect(db.collection('job_runs').get('r-200d-last')).not.toBeNull();

  const purged = ['rej-20d', 'ret-b', 'ret-c'];
  for (const v of ['rej-20d', 'rej-2d', 'ret-a', 'ret-b', 'ret-c', 'ret-d', 'ret-e', 'ret-f', 'srv']) {
    expect([v, await exists(`models/value/${v}/model.json`)]).toEqual([v, !purged.includes(v)]);
    const doc = db.collection('model_versions').get(`value@${v}`)!;
    expect(doc).not.toBeNull(); // the audit trail stays
    expect([v, (doc.files as unknown[]).length, !!doc.filesPurgedAt]).toEqual([v, purged.includes(v) ? 0 : 1, purged.includes(v)]);
  }
  expect(await exists('models/value/cand-20d/model.json')).toBe(false);
  expect(db.collection('model_versions').get('value@cand-20d')).toMatchObject({ status: 'abandoned', files: [] });
  expect(await exists('models/value/cand-live/model.json')).toBe(true);
  expect(db.collection('model_versions').get('value@cand-live')).toMatchObject({ status: 'candidate' });
  expect(db.collection('jobs').get('event-retention')).toMatchObject({ housekeeping: { done: true } });

  const again = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(again.data.housekeeping).toMatchObject({
    removed: { segment_runs: 0, segment_history: 0, value_snapshots: 0 },
    jobRuns: { artifactsDeleted: 0, runsDeleted: 0 },
    modelFiles: { versionsPurged: 0, filesDeleted: 0, candidatesAbandoned: 0 },
  });
});

it('purges an old version of a model with more than 1,000 versions (not only the newest 1,000)', async () => {
  const now = Date.now();
  const db = c.cloud.db;
  // Three years of daily refits whose files are long gone, then one version that served for years
  // and was retired two months ago: the fourth newest retired, so its files may go.
  await db.collection('model_versions').insert(
    Array.from({ length: 1005 }, (_, i) => ({
      _id: `seg@old-${i}`,
      model: 'seg',
      version: `old-${i}`,
      status: 'rejected',
      createdAt: new Date(now - (i + 1) * DAY),
      files: [],
      filesPurgedAt: new Date(now - i * DAY),
    })),
  );
  const retired = async (v: string, createdDaysAgo: number, retiredDaysAgo: number) => ({
    _id: `seg@${v}`,
    model: 'seg',
    version: v,
    status: 'retired',
    createdAt: new Date(now - createdDaysAgo * DAY),
    retiredAt: new Date(now - retiredDaysAgo * DAY),
    files: [{ name: 'model.json', fileID: await file(`models/seg/${v}/model.json`), bytes: 10, sha256: 'x' }],
  });
  await db.collection('model_versions').insert([
    await retired('long-served', 1200, 60),
    await retired('r1', 100, 50),
    await retired('r2', 90, 45),
    await retired('r3', 80, 40),
  ]);
  const r = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(r.data.housekeeping.modelFiles).toMatchObject({ versionsPurged: 1, filesDeleted: 1, done: true });
  expect(await exists('models/seg/long-served/model.json')).toBe(false);
  for (const v of ['r1', 'r2', 'r3']) expect(await exists(`models/seg/${v}/model.json`)).toBe(true);
});

it('removes order fences a week old, page by page, and keeps younger fences and every order', async () => {
  const now = Date.now();
  const db = c.cloud.db;
  const order = (id: string, createdAt: number) => ({ _id: id, openid: 'u1', items: [{ productId: 'p1', name: '有机绿茶', priceFen: 5800, quantity: 1 }], amountFen: 5800, status: 'paid', createdAt, facts: 'done' });
  // 250 old fences: more than two of the pass's pages.
  await db.collection('orders').insert(Array.from({ length: 250 }, (_, i) => ({ _id: `fence-old-${i}`, fencedAt: now - 30 * DAY - i })));
  await db.collection('orders').insert([
    { _id: 'fence-7d-1min', fencedAt: now - 7 * DAY - 60_000 },
    { _id: 'fence-7d+1h', fencedAt: now - 7 * DAY + 3_600_000 },
    { _id: 'fence-1h', fencedAt: now - 3_600_000 },
    // Orders have no fencedAt: a bare `lt` may select them where missing sorts lowest (the local default).
    order('order-old', now - 400 * DAY),
    order('order-new', now - DAY),
  ]);
  // One call does it on an idle machine; under load a pass may stop at its deadline and the next goes on.
  let removed = 0;
  await waitUntil(
    async () => {
      const r = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
      expect(r.ok).toBe(true);
      removed += r.data.housekeeping.orderFences.removed;
      return r.data.housekeeping.orderFences.done;
    },
    { what: 'a retention pass that finished the fences', timeoutMs: 100_000 },
  );
  expect(removed).toBe(251);
  expect(db.collection('orders').find({}).map((d) => d._id).sort()).toEqual(['fence-1h', 'fence-7d+1h', 'order-new', 'order-old']);
  const again = await c.call<Reply>('retention', {}, undefined, 'wx_trigger');
  expect(again.data.housekeeping.orderFences).toEqual({ removed: 0, done: true });
});

it('a customer cannot run retention', async () => {
  const r = await c.call<Reply>('retention', {}, 'someone', 'wx_client');
  expect(r.error?.code).toBe('FORBIDDEN');
});
